"""The API fails closed: the default permission serves no one, and every
endpoint states whom it serves, so a new view cannot open by forgetting to."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from localaction.api import DenyAll


def _api_views(patterns=None, prefix: str = ""):
    """(route, view class) for every URL under /api/."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _api_views(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and route.lstrip("^").startswith("api/"):
            yield route, getattr(pattern.callback, "cls", None)


API_VIEWS = sorted(set(_api_views()), key=lambda item: item[0])


def _declares_permissions(view: type[APIView]) -> bool:
    owner = next(cls for cls in view.__mro__ if "permission_classes" in vars(cls))
    return owner is not APIView


def test_the_default_permission_serves_no_one():
    assert api_settings.DEFAULT_PERMISSION_CLASSES == [DenyAll]  # noqa: SIM300


def test_a_view_that_states_no_permission_answers_no_one(cast):
    class Undeclared(APIView):
        def get(self, request):
            return Response({"secret": 42})

    request = RequestFactory().get("/api/undeclared/")
    request.user = cast.secretariat
    request._dont_enforce_csrf_checks = True

    assert Undeclared.as_view()(request).status_code == 403


def test_the_api_has_many_endpoints_to_check():
    assert len(API_VIEWS) > 40


@pytest.mark.parametrize(("route", "view"), API_VIEWS, ids=[route for route, _ in API_VIEWS])
def test_every_api_view_states_whom_it_serves(route, view):
    assert view is not None and issubclass(view, APIView), f"{route} is not a DRF view"
    assert _declares_permissions(view), f"{route}: {view.__name__} states no permission_classes"
    assert DenyAll not in view.permission_classes
