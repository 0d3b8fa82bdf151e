"""The consultancy API, under the pages' rules (consultancy/permissions.py):
the catalogue for everyone; the consultants' network (with day rates) for
office staff and the secretariat; engagements as each person sees them — in
full for the office running them (fee and rates), for the team (time) and the
client (deliverables, invoice, feedback), as a summary (client, service,
status, period) for staff of other offices; recording time and giving
feedback through the same services as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from localaction.api import Pagination, RefuseNulParameters
from localaction.consultancy import permissions, services
from localaction.consultancy.models import (
    Consultant,
    Deliverable,
    Engagement,
    Service,
    StatusChange,
    TeamMember,
    TimeEntry,
)
from localaction.finance.serializers import MoneyField


def _refusal(error: DjangoValidationError) -> APIValidationError:
    return APIValidationError(serializers.as_serializer_error(error))


class ConsultancyServiceSerializer(serializers.ModelSerializer):
    price = MoneyField(read_only=True, allow_null=True)
    offices = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    campaigns = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Service
        fields = [
            "id", "slug", "name", "summary", "description", "instruments", "campaigns",
            "offices", "price", "price_basis", "price_note",
        ]  # fmt: skip


class ServiceViewSet(viewsets.ReadOnlyModelViewSet):
    """The catalogue: the services offered, with their indicative prices."""

    serializer_class = ConsultancyServiceSerializer
    queryset = Service.objects.active().prefetch_related("offices", "campaigns").order_by("name")
    lookup_field = "slug"
    permission_classes = [AllowAny]
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination


class ConsultancyConsultantSerializer(serializers.ModelSerializer):
    day_rate = MoneyField(read_only=True)
    office = serializers.SlugRelatedField(slug_field="code", read_only=True)
    services = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    regions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Consultant
        fields = [
            "id", "kind", "name", "organisation", "email", "office", "services", "instruments",
            "languages", "regions", "day_rate", "days_per_month",
        ]  # fmt: skip


class ConsultantViewSet(viewsets.ReadOnlyModelViewSet):
    """The consultants' network (day rates are confidential): office staff and the secretariat."""

    lookup_value_regex = "[0-9]+"  # an id: anything else is no address

    serializer_class = ConsultancyConsultantSerializer
    queryset = Consultant.objects.active()  # its model, for the schema; get_queryset decides
    permission_classes = [IsAuthenticated]
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination

    def get_queryset(self):
        if not permissions.sees_network(self.request.user):
            raise PermissionDenied
        return (
            Consultant.objects.active()
            .select_related("office")
            .prefetch_related("services", "regions")
            .order_by("name", "pk")
        )


class ConsultancySummarySerializer(serializers.ModelSerializer):
    """What staff of any office see: client, service, status, period."""

    client = serializers.CharField(read_only=True)
    service = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    office = serializers.SlugRelatedField(slug_field="code", read_only=True)
    detail = serializers.SerializerMethodField(help_text="“summary” or “full”.")

    class Meta:
        model = Engagement
        fields = [
            "id", "title", "client", "service", "office", "status", "starts_on", "ends_on",
            "detail",
        ]  # fmt: skip

    def get_detail(self, engagement) -> str:
        return "summary"


class ConsultancyDeliverableSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deliverable
        fields = ["id", "title", "due_on", "delivered_on"]


class ConsultancyStepSerializer(serializers.ModelSerializer):
    by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = StatusChange
        fields = ["status", "on", "by", "note"]


class ConsultancyTeamSerializer(serializers.ModelSerializer):
    consultant = serializers.CharField(source="consultant.name", read_only=True)

    class Meta:
        model = TeamMember
        fields = ["consultant", "planned_days"]


class ConsultancyTeamWithRatesSerializer(ConsultancyTeamSerializer):
    day_rate = MoneyField(read_only=True)

    class Meta(ConsultancyTeamSerializer.Meta):
        fields = [*ConsultancyTeamSerializer.Meta.fields, "day_rate"]


class ConsultancyTimeEntrySerializer(serializers.ModelSerializer):
    consultant = serializers.PrimaryKeyRelatedField(queryset=Consultant.objects.all())

    class Meta:
        model = TimeEntry
        fields = ["id", "consultant", "date", "days", "note"]


class ConsultancyFeeSerializer(serializers.Serializer):
    basis = serializers.CharField()
    currency = serializers.CharField()
    total = serializers.DecimalField(max_digits=16, decimal_places=2)


class ConsultancyFeedbackSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ConsultancyEngagementSerializer(ConsultancySummarySerializer):
    """An engagement as its office, team or client sees it; the parts a person
    may not see are left out (null)."""

    deliverables = ConsultancyDeliverableSerializer(many=True, read_only=True)
    steps = ConsultancyStepSerializer(many=True, read_only=True)
    team = serializers.SerializerMethodField()
    time_entries = serializers.SerializerMethodField()
    proposed_fee = serializers.SerializerMethodField()
    fee = serializers.SerializerMethodField()
    invoice = serializers.SerializerMethodField()
    feedback = serializers.SerializerMethodField()

    class Meta(ConsultancySummarySerializer.Meta):
        fields = [
            *ConsultancySummarySerializer.Meta.fields, "request", "scope", "fee_basis", "currency",
            "deliverables", "steps", "team", "time_entries", "proposed_fee", "fee", "invoice",
            "feedback",
        ]  # fmt: skip

    def _sight(self, engagement) -> permissions.Sight:
        return permissions.sight_of(self.context["request"].user, engagement)

    def get_detail(self, engagement) -> str:
        return "full"

    @extend_schema_field(ConsultancyTeamWithRatesSerializer(many=True, allow_null=True))
    def get_team(self, engagement):
        sight = self._sight(engagement)
        if not sight.time:
            return None
        serializer = (
            ConsultancyTeamWithRatesSerializer if sight.money else ConsultancyTeamSerializer
        )
        return serializer(engagement.team.select_related("consultant"), many=True).data

    @extend_schema_field(ConsultancyTimeEntrySerializer(many=True, allow_null=True))
    def get_time_entries(self, engagement):
        if not self._sight(engagement).time:
            return None
        return ConsultancyTimeEntrySerializer(engagement.time_entries.all(), many=True).data

    def _fee(self, fee):
        return None if fee is None else ConsultancyFeeSerializer(fee).data

    @extend_schema_field(ConsultancyFeeSerializer(allow_null=True))
    def get_proposed_fee(self, engagement):
        return self._fee(engagement.proposed_fee()) if self._sight(engagement).money else None

    @extend_schema_field(ConsultancyFeeSerializer(allow_null=True))
    def get_fee(self, engagement):
        return self._fee(engagement.fee()) if self._sight(engagement).money else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_invoice(self, engagement):
        if not (self._sight(engagement).invoice and engagement.invoice_id):
            return None
        return engagement.invoice.number

    @extend_schema_field(ConsultancyFeedbackSerializer(allow_null=True))
    def get_feedback(self, engagement):
        given = getattr(engagement, "feedback", None)
        if given is None or not self._sight(engagement).feedback:
            return None
        return {"rating": given.rating, "comment": given.comment}


class EngagementViewSet(viewsets.ReadOnlyModelViewSet):
    """Engagements as the person sees them: `detail` says whether in full or as a summary."""

    lookup_value_regex = "[0-9]+"  # an id: anything else is no address

    permission_classes = [IsAuthenticated]
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination

    def get_queryset(self):
        return (
            permissions.visible_engagements(self.request.user)
            .select_related("service", "office", "local_government", "invoice")
            .order_by("-created_at", "-pk")
        )

    @extend_schema(responses=ConsultancyEngagementSerializer)
    def retrieve(self, request, *args, **kwargs):
        engagement = self.get_object()
        return Response(self._serialized(engagement))

    @extend_schema(responses=ConsultancyEngagementSerializer(many=True))
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([self._serialized(e) for e in page])

    def _serialized(self, engagement):
        full = permissions.sight_of(self.request.user, engagement).full
        serializer = ConsultancyEngagementSerializer if full else ConsultancySummarySerializer
        return serializer(engagement, context={"request": self.request}).data

    @extend_schema(
        request=ConsultancyTimeEntrySerializer,
        responses={
            201: ConsultancyTimeEntrySerializer,
            400: OpenApiResponse(description="Refused, with why"),
        },
    )
    @action(detail=True, methods=["post"], url_path="time")
    def record_time(self, request, pk=None):
        """Record a day's time of a consultant on the team (the office running it,
        or the consultant themself)."""
        engagement = self.get_object()
        sight = permissions.sight_of(request.user, engagement)
        serializer = ConsultancyTimeEntrySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consultant = serializer.validated_data["consultant"]
        if not (sight.runs or (sight.team and consultant.user_id == request.user.pk)):
            raise PermissionDenied
        try:
            entry = services.time_record(
                engagement=engagement,
                consultant=consultant,
                date=serializer.validated_data["date"],
                days=serializer.validated_data["days"],
                note=serializer.validated_data.get("note", ""),
                by=request.user,
            )
        except DjangoValidationError as error:
            raise _refusal(error) from None
        return Response(ConsultancyTimeEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ConsultancyFeedbackSerializer,
        responses={
            201: ConsultancyFeedbackSerializer,
            400: OpenApiResponse(description="Refused, with why"),
        },
    )
    @action(detail=True, methods=["post"])
    def feedback(self, request, pk=None):
        """The client's rating (1–5) and comment, once delivered."""
        engagement = self.get_object()
        if not permissions.sight_of(request.user, engagement).client:
            raise PermissionDenied
        serializer = ConsultancyFeedbackSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            given = services.feedback_give(
                engagement=engagement, by=request.user, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise _refusal(error) from None
        return Response(
            {"rating": given.rating, "comment": given.comment}, status=status.HTTP_201_CREATED
        )

    def get_object(self):
        engagement = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if engagement is None:
            raise NotFound
        return engagement


router = SimpleRouter()
router.register("consultancy/services", ServiceViewSet, basename="consultancy-service")
router.register("consultancy/consultants", ConsultantViewSet, basename="consultancy-consultant")
router.register("consultancy/engagements", EngagementViewSet, basename="consultancy-engagement")

urlpatterns = router.urls
