"""City-to-city exchange's API, under the pages' rules (exchange/permissions.py):
needs and offers (anyone reads those of published members; whoever acts for a
member publishes and edits its own), each listing's suggested matches with
their reasons, and exchanges (proposed, accepted, moved on) through the same
services as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from localaction.api import Pagination, RefuseNulParameters
from localaction.exchange import permissions, services
from localaction.exchange.models import Exchange, Listing, Participant
from localaction.network.models import LocalGovernment


class ReadOrSignedIn(BasePermission):
    """Anyone reads; publishing and proposing need a signed-in person (and the
    services check for whom they act)."""

    anonymous_methods = SAFE_METHODS

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or request.user.is_authenticated


def _refusal(error: DjangoValidationError) -> APIValidationError:
    return APIValidationError(serializers.as_serializer_error(error))


class ListingSerializer(serializers.ModelSerializer):
    member = serializers.SlugRelatedField(slug_field="code", queryset=LocalGovernment.objects.all())
    themes = serializers.ListField(child=serializers.CharField(max_length=40), max_length=10)
    languages = serializers.ListField(
        child=serializers.CharField(max_length=3), max_length=10, required=False
    )

    class Meta:
        model = Listing
        fields = ["id", "member", "kind", "title", "description", "themes", "languages",
                  "contact_name", "contact_email", "is_open", "published_on"]  # fmt: skip
        read_only_fields = ["published_on"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            data.pop("contact_email")  # the contact's address is for signed-in people
        return data


class SuggestionSerializer(serializers.Serializer):
    listing = ListingSerializer()
    points = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())


_FILTERS = [
    OpenApiParameter("kind", OpenApiTypes.STR, enum=["need", "offer"]),
    OpenApiParameter("theme", OpenApiTypes.STR, description="A campaign code or instrument key."),
    OpenApiParameter("region", OpenApiTypes.STR, description="A region's code."),
    OpenApiParameter("language", OpenApiTypes.STR, description="An ISO 639 code."),
    OpenApiParameter("closed", OpenApiTypes.BOOL, description="Closed ones too."),
]


@extend_schema_view(list=extend_schema(parameters=_FILTERS))
class ListingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Needs and offers: open ones of published members (closed ones with
    `closed=true`), filtered by kind, theme, region and language; a member's
    editors and the offices covering it publish and edit its own. …/suggestions/
    lists the matching listings with their points and reasons."""

    lookup_value_regex = "[0-9]+"  # an id: anything else is no address

    serializer_class = ListingSerializer
    permission_classes = [ReadOrSignedIn]
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        listings = permissions.listings_visible_to(self.request.user).select_related(
            "member", "member__country"
        )
        if self.action != "list":
            return listings.order_by("pk")
        params = self.request.query_params
        if params.get("closed") not in ("true", "1"):
            listings = listings.open()
        if kind := params.get("kind"):
            listings = listings.filter(kind=kind)
        if region := params.get("region"):
            listings = listings.filter(member__country__region__code=region)
        listings = listings.order_by("-published_on", "-pk")
        theme, language = params.get("theme"), params.get("language")
        if theme or language:
            # JSON lists: filtered in Python, the same on every database.
            keep = [
                pk
                for pk, themes, languages in listings.values_list("pk", "themes", "languages")
                if (not theme or theme in themes)
                and (not language or language.lower() in languages)
            ]
            listings = listings.filter(pk__in=keep)
        return listings

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        member = data.pop("member")
        try:
            serializer.instance = services.listing_publish(
                member=member, by=self.request.user, **data
            )
        except DjangoValidationError as error:
            raise _refusal(error) from None
        except DjangoPermissionDenied:
            raise PermissionDenied("You do not act for this member.") from None

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "member" in data and data.pop("member") != serializer.instance.member:
            raise APIValidationError({"member": ["A listing stays with its member."]})
        try:
            services.listing_update(serializer.instance, by=self.request.user, **data)
        except DjangoValidationError as error:
            raise _refusal(error) from None
        except DjangoPermissionDenied:
            raise PermissionDenied("You do not act for this member.") from None

    @extend_schema(responses={200: SuggestionSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def suggestions(self, request, pk=None):
        listing = self.get_object()
        found = services.suggestions_for(listing) if listing.is_open else []
        return Response(
            SuggestionSerializer(
                [{"listing": s.listing, "points": s.points, "reasons": s.reasons} for s in found],
                many=True,
                context={"request": request},
            ).data
        )


class ParticipantSerializer(serializers.ModelSerializer):
    member = serializers.SlugRelatedField(slug_field="code", queryset=LocalGovernment.objects.all())
    role = serializers.ChoiceField(choices=Participant.Role.choices)
    accepted_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Participant
        fields = ["member", "role", "accepted_at"]


class ExchangeSerializer(serializers.ModelSerializer):
    participants = ParticipantSerializer(many=True)
    proposer = serializers.SlugRelatedField(
        slug_field="code",
        queryset=LocalGovernment.objects.all(),
        write_only=True,
        help_text="The member proposing, one of the participants.",
    )
    need = serializers.PrimaryKeyRelatedField(
        queryset=Listing.objects.filter(kind="need"), required=False, allow_null=True
    )
    offer = serializers.PrimaryKeyRelatedField(
        queryset=Listing.objects.filter(kind="offer"), required=False, allow_null=True
    )
    activities = serializers.SerializerMethodField()
    follow_ups = serializers.SerializerMethodField()

    class Meta:
        model = Exchange
        fields = ["id", "kind", "title", "description", "starts_on", "ends_on", "status",
                  "need", "offer", "proposer", "participants", "outcomes", "activities",
                  "follow_ups"]  # fmt: skip
        read_only_fields = ["status", "outcomes"]

    def get_activities(self, exchange) -> list[dict]:
        return [{"on": a.on, "what": a.what} for a in exchange.activities.all()]

    def get_follow_ups(self, exchange) -> list[dict]:
        return [
            {"what": f.what, "due_on": f.due_on, "done_on": f.done_on}
            for f in exchange.follow_ups.all()
        ]


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Exchange.Status.choices)


class ExchangeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Exchanges: public once agreed (between published members); proposed and
    cancelled ones for the people of their members and the offices covering
    them. POST proposes one (400 for a member with itself, an end before the
    start…); …/accept/ accepts it for the members the person edits; …/status/
    moves it on."""

    lookup_value_regex = "[0-9]+"  # an id: anything else is no address

    serializer_class = ExchangeSerializer
    permission_classes = [ReadOrSignedIn]
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination

    def get_queryset(self):
        return (
            permissions.exchanges_visible_to(self.request.user)
            .prefetch_related("participants__member", "activities", "follow_ups")
            .order_by("-starts_on", "-pk")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        participants = [(p["member"], p["role"]) for p in data.pop("participants")]
        try:
            serializer.instance = services.exchange_propose(
                by=self.request.user, participants=participants, **data
            )
        except DjangoValidationError as error:
            raise _refusal(error) from None
        except DjangoPermissionDenied:
            raise PermissionDenied("You do not act for the proposing member.") from None

    @extend_schema(
        request=None,
        responses={
            200: ExchangeSerializer,
            400: OpenApiResponse(description="Not a proposed exchange."),
            403: OpenApiResponse(description="Not an editor of a member still to accept."),
        },
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        exchange = self.get_object()
        try:
            exchange = services.exchange_accept(exchange, by=request.user)
        except DjangoValidationError as error:
            raise _refusal(error) from None
        except DjangoPermissionDenied:
            raise PermissionDenied("You edit no member of this exchange still to accept.") from None
        return Response(ExchangeSerializer(exchange, context={"request": request}).data)

    @extend_schema(
        request=StatusSerializer,
        responses={
            200: ExchangeSerializer,
            400: OpenApiResponse(description="A step the exchange cannot take."),
            403: OpenApiResponse(description="Not acting for one of its members."),
        },
    )
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        exchange = self.get_object()
        data = StatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            exchange = services.exchange_set_status(
                exchange, by=request.user, status=data.validated_data["status"]
            )
        except DjangoValidationError as error:
            raise _refusal(error) from None
        except DjangoPermissionDenied:
            raise PermissionDenied("You do not act for a member of this exchange.") from None
        return Response(ExchangeSerializer(exchange, context={"request": request}).data)


router = SimpleRouter()
router.register("exchange/listings", ListingViewSet, basename="exchange-listing")
router.register("exchange/exchanges", ExchangeViewSet, basename="exchange-exchange")

urlpatterns = router.urls
