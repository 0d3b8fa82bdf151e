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


class Schema(AutoSchema):
    """drf-spectacular's schema, told which operations anyone may call and how
    a wrong parameter or body is refused."""

    def get_auth(self):
        auths = super().get_auth()
        public = any(
            self.method in getattr(permission, "anonymous_methods", ())
            for permission in self.view.get_permissions()
        )
        if public and {} not in auths:
            auths.append({})
        return auths

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if "400" in responses or direction != "response":
            return responses
        refusal = None
        if self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None:
            refusal = OpenApiResponse(
                FIELD_ERRORS,
                description='The body is refused: {"<field>": ["<what is wrong>"]}.',
            )
        elif self.method == "GET" and self._is_list_view() and self._get_filter_parameters():
            refusal = OpenApiResponse(
                PARAMETER_ERRORS,
                description='A filter is refused: {"<parameter>": ["<what is wrong>"]}.',
            )
        if refusal is not None:
            responses["400"] = self._get_response_for_code(refusal, "400", direction=direction)
        return responses
