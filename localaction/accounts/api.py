"""API tokens: a script exchanges a username and password for a token once,
then sends `Authorization: Token <key>` with every request until it expires."""

from django.contrib.auth import authenticate
from django.urls import include, path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from localaction.accounts import notifications
from localaction.accounts.models import Notification, NotificationPreference
from localaction.accounts.tokens import TooManyTokens, token_create


class TokenScheme(OpenApiAuthenticationExtension):
    """Knox tokens, described as the schema always described API tokens
    (`tokenAuth`, `Authorization: Token <key>`)."""

    target_class = "knox.auth.TokenAuthentication"
    name = "tokenAuth"
    priority = 1  # before drf-spectacular's own description of knox

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix="Token"
        )


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        read_only=True,
        help_text=_(
            "Send it as `Authorization: Token <token>`. It is shown this once: "
            "only a digest of it is kept."
        ),
    )
    expiry = serializers.DateTimeField(read_only=True, help_text=_("When it stops working."))


class ObtainToken(APIView):
    """A new API token for a username and password (each call makes another)."""

    # The credentials are in the body; a script has no session and no CSRF cookie.
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle, ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        operation_id="auth_token_create",
        summary="Obtain a new API token for a username and password",
        tags=["auth"],
        request=CredentialsSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(description="The username or password is wrong."),
            403: OpenApiResponse(description="The person holds as many tokens as one may."),
            429: OpenApiResponse(
                description="Too many attempts: wrong passwords for this username from this "
                "address (locked for the cool-off), or too many requests."
            ),
        },
        auth=[],
    )
    def post(self, request):
        credentials = CredentialsSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        # Through authenticate() with the request, so that django-axes counts the
        # failures and refuses a locked-out username and address.
        user = authenticate(request=request, **credentials.validated_data)
        if getattr(request, "axes_locked_out", False):
            return Response(
                {"detail": gettext("Too many wrong passwords: try again later.")},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None:
            raise serializers.ValidationError(
                {"non_field_errors": [gettext("Unable to log in with provided credentials.")]}
            )
        try:
            instance, key = token_create(user=user)
        except TooManyTokens as error:
            return Response({"detail": str(error)}, status=status.HTTP_403_FORBIDDEN)
        return Response(TokenSerializer({"token": key, "expiry": instance.expiry}).data)


class NotificationSerializer(serializers.ModelSerializer):
    subject = serializers.SerializerMethodField(
        help_text=_("What happened, in the language of the request.")
    )

    class Meta:
        model = Notification
        fields = ["id", "kind", "subject", "params", "url", "created_at", "read_at"]

    def get_subject(self, notification) -> str:
        return notifications.subject_of(notification)


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """My notifications, newest first (nobody sees another's)."""

    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema: no one signed in
            return Notification.objects.none()
        return Notification.objects.filter(recipient=self.request.user)

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark one of my notifications read."""
        notification = self.get_object()
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        return Response(self.get_serializer(notification).data)


class PreferenceSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=_("A kind of notification."))
    delivery = serializers.ChoiceField(choices=NotificationPreference.Delivery.choices)

    def validate_kind(self, value: str) -> str:
        if value not in notifications.KINDS:
            raise serializers.ValidationError(
                gettext("'%(kind)s' is not a kind of notification; the kinds are: %(kinds)s.")
                % {"kind": value, "kinds": ", ".join(notifications.KINDS)}
            )
        return value


class NotificationPreferences(APIView):
    """How I hear of each kind of notification: at once, daily or never."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: PreferenceSerializer(many=True)})
    def get(self, request):
        return Response(
            [
                {"kind": kind, "delivery": delivery}
                for kind, delivery in notifications.deliveries(request.user).items()
            ]
        )

    @extend_schema(
        request=PreferenceSerializer,
        responses={
            200: PreferenceSerializer,
            400: OpenApiResponse(description="An unknown kind or delivery."),
        },
    )
    def put(self, request):
        chosen = PreferenceSerializer(data=request.data)
        chosen.is_valid(raise_exception=True)
        notifications.set_delivery(request.user, **chosen.validated_data)
        return Response(chosen.data)


router = SimpleRouter()
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    path("auth/token/", ObtainToken.as_view(), name="api-token"),
    path(
        "notifications/preferences/",
        NotificationPreferences.as_view(),
        name="api-notification-preferences",
    ),
    path("", include(router.urls)),
]
