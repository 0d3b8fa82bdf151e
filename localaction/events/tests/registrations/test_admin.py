"""The administration (the secretariat's: localaction/admin.py) reads the
registrations and changes none of them (the site's steps do); its lists are
scoped like the pages, to the events the person organises."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from localaction.events import registrations as services
from localaction.events.models import Event, Registration
from localaction.events.tests.registrations.conftest import TODAY, build_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_events(cast, built):
    mine = services.register(
        event=built.event, person=cast.editor, category=built.press,
        country=built.germany, today=TODAY,
    )  # fmt: skip
    other = build_event(cast, slug="africa-forum")
    Event.objects.filter(pk=other.event.pk).update(organiser=cast.africa_office)
    theirs = services.register(
        event=other.event, person=cast.outsider, category=other.press,
        country=built.germany, today=TODAY,
    )  # fmt: skip
    return mine, theirs


def test_the_secretariat_reads_every_registration_and_changes_none(client_as, two_events):
    mine, theirs = two_events
    client = client_as("secretariat")
    changelist = client.get(reverse("admin:events_registration_changelist"))
    assert set(changelist.context["cl"].result_list) == {mine, theirs}
    delete = client.post(
        reverse("admin:events_registration_delete", args=[mine.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert Registration.objects.count() == 2


@pytest.mark.parametrize("who", ["staff", "other_staff", "editor"])
def test_nobody_else_enters_the_administration(client_as, two_events, who):
    response = client_as(who).get(reverse("admin:events_registration_changelist"))
    assert response.status_code == 302


def test_the_lists_are_scoped_to_the_events_organised(cast, two_events):
    mine, theirs = two_events
    model_admin = admin.site._registry[Registration]
    for who, expected in (("staff", [mine]), ("other_staff", [theirs]), ("editor", [])):
        request = RequestFactory().get("/")
        request.user = getattr(cast, who)
        assert list(model_admin.get_queryset(request)) == expected
        assert model_admin.has_view_permission(request, theirs) == (who == "other_staff")
