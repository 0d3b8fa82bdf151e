"""API tokens: a script exchanges a username and password for its token once,
then sends `Authorization: Token <key>` with every request."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        read_only=True, help_text=_("Send it as `Authorization: Token <token>`.")
    )


class ObtainToken(ObtainAuthToken):
    @extend_schema(
        operation_id="auth_token_create",
        summary="Obtain the API token for a username and password",
        tags=["auth"],
        request=AuthTokenSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(description="The username or password is wrong."),
        },
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


urlpatterns = [
    path("auth/token/", ObtainToken.as_view(), name="api-token"),
]
