"""The local agendas' API, under the same permissions as the pages
(agendas/permissions.py): published agendas of published members for everyone,
every agenda of a member for its insiders; stakeholders' contacts only for
insiders, never in a public answer; writes by the member's editors and the
offices covering it, through the same services. Documents are uploaded on the
pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from localaction.api import Pagination, RefuseNulParameters, refuse_nul_parameters
from localaction.campaigns.models import Action, Campaign, Target
from localaction.core.quantities import DESCRIPTION_LENGTH, YEAR
from localaction.network.api import VisibleLocalGovernmentField
from localaction.sustainability.agendas import network, permissions, services
from localaction.sustainability.agendas.models import (
    METHODOLOGY,
    AgendaStakeholder,
    LocalAgenda,
)


class AgendaPermission(BasePermission):
    """Anyone reads what they may see; writes need a signed-in person, and the
    view asks whether that person edits the member."""

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or request.user.is_authenticated


def _refused(error: DjangoValidationError) -> APIValidationError:
    return APIValidationError(serializers.as_serializer_error(error))


def _write(call, **kwargs):
    try:
        return call(**kwargs)
    except DjangoValidationError as error:
        raise _refused(error) from None


class StakeholderSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=AgendaStakeholder.Kind.choices)
    role = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    contact = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="Private: only in answers to the member's insiders.",
    )


class AgendaMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    held_on = serializers.DateField()
    participants = serializers.IntegerField(min_value=0)
    subject = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class PrioritySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    position = serializers.IntegerField(min_value=1, required=False)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(
        max_length=DESCRIPTION_LENGTH, required=False, allow_blank=True, default=""
    )
    raised_by = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, help_text="Stakeholder ids."
    )


class MonitoringSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    indicators = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, help_text="Target ids."
    )
    findings = serializers.CharField(max_length=DESCRIPTION_LENGTH)
    is_evaluation = serializers.BooleanField(required=False, default=False)
    reported_on = serializers.DateField(required=False, allow_null=True, default=None)


class LocalAgendaSerializer(serializers.ModelSerializer):
    local_government = VisibleLocalGovernmentField()
    campaign = serializers.SlugRelatedField(
        slug_field="code", queryset=Campaign.objects.filter(methodology__code=METHODOLOGY)
    )
    targets = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Target.objects.all(), required=False
    )
    actions = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Action.objects.all(), required=False
    )
    stakeholders = serializers.SerializerMethodField()
    meetings = AgendaMeetingSerializer(many=True, read_only=True)
    priorities = serializers.SerializerMethodField()
    monitoring_reports = serializers.SerializerMethodField()

    class Meta:
        model = LocalAgenda
        fields = [
            "id",
            "local_government",
            "campaign",
            "title",
            "started_on",
            "status",
            "is_published",
            "baseline_on",
            "baseline_summary",
            "vision",
            "vision_adopted_on",
            "council_on",
            "council_reference",
            "targets",
            "actions",
            "stakeholders",
            "meetings",
            "priorities",
            "monitoring_reports",
        ]

    def _private(self, agenda: LocalAgenda) -> bool:
        return permissions.can_see_private(self.context["request"].user, agenda.local_government)

    def get_stakeholders(self, agenda: LocalAgenda) -> list[dict]:
        private = self._private(agenda)
        return [
            {
                "id": s.pk,
                "name": s.name,
                "kind": s.kind,
                "role": s.role,
                **({"contact": s.contact} if private else {}),
            }
            for s in agenda.stakeholders.all()
        ]

    def get_priorities(self, agenda: LocalAgenda) -> list[dict]:
        return [
            {
                "id": p.pk,
                "position": p.position,
                "title": p.title,
                "description": p.description,
                "raised_by": [s.pk for s in p.raised_by.all()],
            }
            for p in agenda.priorities.all()
        ]

    def get_monitoring_reports(self, agenda: LocalAgenda) -> list[dict]:
        return [
            {
                "id": r.pk,
                "period_start": r.period_start,
                "period_end": r.period_end,
                "indicators": [t.pk for t in r.indicators.all()],
                "findings": r.findings,
                "is_evaluation": r.is_evaluation,
                "reported_on": r.reported_on,
            }
            for r in agenda.monitoring_reports.all()
        ]

    def to_representation(self, agenda):
        data = super().to_representation(agenda)
        if not self._private(agenda):
            # Visitors see the targets and actions the member published.
            data["targets"] = [t.pk for t in agenda.targets.all() if t.is_published]
            data["actions"] = [a.pk for a in agenda.actions.all() if a.is_published]
        return data


class AgendaViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Local agendas: `?local_government=CODE`, `?campaign=CODE`. POST starts an
    agenda (the member's editors); PATCH changes its parts, targets and actions;
    POST to `stakeholders/`, `meetings/`, `priorities/`, `monitoring/` adds one."""

    serializer_class = LocalAgendaSerializer
    permission_classes = [AgendaPermission]
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        agendas = (
            permissions.agendas_visible_to(self.request.user)
            .select_related("local_government", "campaign")
            .prefetch_related(
                "targets",
                "actions",
                "stakeholders",
                "meetings",
                "priorities__raised_by",
                "monitoring_reports__indicators",
            )
        )
        for parameter in ("local_government", "campaign"):
            code = self.request.query_params.get(parameter)
            if code:
                agendas = agendas.filter(**{f"{parameter}__code": code})
        return agendas.order_by("local_government__code", "campaign__code")

    def _editable(self, agenda_or_member):
        member = getattr(agenda_or_member, "local_government", agenda_or_member)
        if not permissions.can_edit_agendas(self.request.user, member):
            raise PermissionDenied(
                "Only the member's editors and the offices covering it write this."
            )
        return agenda_or_member

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        local_government = self._editable(data.pop("local_government"))
        targets, actions = data.pop("targets", None), data.pop("actions", None)
        unknown = set(data) - {"campaign", "title", "started_on", "status", "is_published"}
        if unknown:
            raise APIValidationError(
                {field: ["Set this once the agenda is started (PATCH)."] for field in unknown}
            )
        if targets or actions:
            raise APIValidationError({"targets": ["Link targets and actions with a PATCH."]})
        serializer.instance = _write(
            services.agenda_create, local_government=local_government, **data
        )

    def perform_update(self, serializer) -> None:
        agenda = self._editable(serializer.instance)
        data = dict(serializer.validated_data)
        for fixed in ("local_government", "campaign"):
            value = data.pop(fixed, None)
            if value is not None and value != getattr(agenda, fixed):
                raise APIValidationError({fixed: ["An agenda keeps its member and campaign."]})
        targets, actions = data.pop("targets", None), data.pop("actions", None)
        try:
            with transaction.atomic():
                services.agenda_update(agenda=agenda, **data)
                if targets is not None:
                    services.agenda_set_targets(agenda=agenda, targets=targets)
                if actions is not None:
                    services.agenda_set_actions(agenda=agenda, actions=actions)
        except DjangoValidationError as error:
            raise _refused(error) from None

    def _add(self, request, serializer_class, write):
        agenda = self._editable(self.get_object())
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = _write(write, agenda=agenda, data=dict(serializer.validated_data))
        return Response({**serializer.validated_data, "id": record.pk}, status=201)

    @extend_schema(request=StakeholderSerializer, responses={201: StakeholderSerializer})
    @action(detail=True, methods=["post"])
    def stakeholders(self, request, pk=None):
        """Add a stakeholder to the forum (or update the one of the same name)."""
        return self._add(request, StakeholderSerializer, _stakeholder_add)

    @extend_schema(request=AgendaMeetingSerializer, responses={201: AgendaMeetingSerializer})
    @action(detail=True, methods=["post"])
    def meetings(self, request, pk=None):
        """Record a meeting of the forum."""
        return self._add(
            request,
            AgendaMeetingSerializer,
            lambda agenda, data: services.meeting_add(agenda=agenda, **data),
        )

    @extend_schema(request=PrioritySerializer, responses={201: PrioritySerializer})
    @action(detail=True, methods=["post"])
    def priorities(self, request, pk=None):
        """Add a priority issue (last, or at `position`)."""
        return self._add(request, PrioritySerializer, _priority_add)

    @extend_schema(request=MonitoringSerializer, responses={201: MonitoringSerializer})
    @action(detail=True, methods=["post"])
    def monitoring(self, request, pk=None):
        """Add a monitoring or evaluation report."""
        return self._add(request, MonitoringSerializer, _monitoring_add)


def _stakeholder_add(*, agenda: LocalAgenda, data: dict):
    same = agenda.stakeholders.filter(name__iexact=data["name"].strip()).first()
    return services.stakeholder_save(agenda=agenda, stakeholder=same, **data)


def _priority_add(*, agenda: LocalAgenda, data: dict):
    ids = data.pop("raised_by")
    found = list(AgendaStakeholder.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise DjangoValidationError({"raised_by": "Not a stakeholder: an id is unknown."})
    return services.priority_add(agenda=agenda, raised_by=found, **data)


def _monitoring_add(*, agenda: LocalAgenda, data: dict):
    ids = data.pop("indicators")
    found = list(Target.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise DjangoValidationError({"indicators": "Not a target: an id is unknown."})
    return services.monitoring_add(agenda=agenda, indicators=found, **data)


class _CampaignFiguresSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    agendas = serializers.IntegerField()
    reached = serializers.ListField(child=serializers.IntegerField())


class _RegionFiguresSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    agendas = serializers.IntegerField()
    members = serializers.IntegerField()
    council = serializers.IntegerField()


class NetworkAgendasSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    agendas = serializers.IntegerField()
    members = serializers.IntegerField()
    milestones = serializers.ListField(child=serializers.CharField())
    campaigns = _CampaignFiguresSerializer(many=True)
    regions = _RegionFiguresSerializer(many=True)


class NetworkView(APIView):
    """The network's local agendas of a year (`?year=`, by default this year):
    published agendas of published members, by campaign and region, and the
    members reaching each milestone."""

    permission_classes: list = []

    @extend_schema(responses=NetworkAgendasSerializer)
    def get(self, request):
        refuse_nul_parameters(request)
        text = request.query_params.get("year")
        if text in (None, ""):
            year = timezone.localdate().year
        elif text.isdigit() and YEAR.accepts(int(text)):
            year = int(text)
        else:
            raise APIValidationError({"year": ["A year from 1900 to 2100."]})
        return Response(NetworkAgendasSerializer(network.network_agendas(year)).data)


router = SimpleRouter()
router.register("agendas", AgendaViewSet, basename="agenda")

urlpatterns = [
    path("agendas/network/", NetworkView.as_view(), name="agendas-network"),
    *router.urls,
]
