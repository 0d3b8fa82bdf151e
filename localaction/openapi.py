"""The API's schema and router: which operations anyone may call, and how a
wrong parameter or body is refused, as the OpenAPI schema tells it.

Apart from `localaction.api` because settings name that module's classes,
which DRF imports while its views load; these need the views loaded.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import routers

from localaction.api import PublicRead


class APIRootView(routers.APIRootView):
    # The list of endpoints is public, like the schema.
    permission_classes = [PublicRead]


class Router(routers.DefaultRouter):
    """DRF's router with a public root view."""

    APIRootView = APIRootView


# The schema

# DRF's shape of a refusal: each problem under the field or parameter at fault
# ("non_field_errors" for the request as a whole); nested fields nest it.
FIELD_ERRORS = {
    "type": "object",
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {}},
            {"type": "object", "additionalProperties": {}},
            {"type": "string"},
        ]
    },
}
PARAMETER_ERRORS = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


# DRF's shape of every other refusal.
DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}}


class Schema(AutoSchema):
    """drf-spectacular's schema, told which operations anyone may call and how
    a request is refused: a wrong parameter or body (400), no one signed in
    (401) or not this person's to do (403) where the operation needs a
    person, an unknown or unseen record (404) where the path names one, and a
    record others still refer to (409) where a view says deleting can meet one
    (`conflicts_on_delete`)."""

    def _is_public(self) -> bool:
        return any(
            self.method in getattr(permission, "anonymous_methods", ())
            for permission in self.view.get_permissions()
        )

    def get_auth(self):
        auths = super().get_auth()
        if self._is_public() and {} not in auths:
            auths.append({})
        return auths

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        refusals = {}
        if self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None:
            refusals["400"] = OpenApiResponse(
                FIELD_ERRORS,
                description='The body is refused: {"<field>": ["<what is wrong>"]}.',
            )
        elif self.method == "GET" and self._is_list_view() and self._get_filter_parameters():
            refusals["400"] = OpenApiResponse(
                PARAMETER_ERRORS,
                description='A filter is refused: {"<parameter>": ["<what is wrong>"]}.',
            )
        if not self._is_public() and "auth" not in self.path:
            refusals["401"] = OpenApiResponse(DETAIL, description="No one is signed in.")
            refusals["403"] = OpenApiResponse(DETAIL, description="Not this person's to do.")
        if "{" in self.path:
            refusals["404"] = OpenApiResponse(
                DETAIL, description="No such record, or not one this person may see."
            )
        if self.method == "DELETE" and getattr(self.view, "conflicts_on_delete", False):
            refusals["409"] = OpenApiResponse(
                DETAIL, description="Other records still refer to this one."
            )
        for code, refusal in refusals.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(refusal, code, direction=direction)
        return responses


def platform_api_only(endpoints):
    """drf-spectacular's preprocessing hook: the schema documents the platform's
    API under /api/, not the private endpoints of Wagtail's back office."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
