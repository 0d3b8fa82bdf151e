"""The campaigns' REST API: methodologies and their milestones, campaigns,
participation and milestone records, targets with their figures, forecasts,
local action plans and actions.

Who may do what is decided by `localaction.campaigns.permissions` alone; the
permission classes below only ask it. As in the register's API, every queryset
starts from what the person may see, so a record they may not know about is a
404, a visible one they may not change is a 403, and anonymous visitors are
asked to sign in (401). Serializers run the model's own `full_clean()`, so the
API refuses what the pages refuse, with the same message under the same field.

Milestone records are saved through `services.milestone_record` only: it
decides who may verify. Target figures and forecasts are computed from the
inventories the reader may count (`permissions.inventories_for_figures`), so
the public's figures rest on published inventories alone.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse as url_of
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings

from localaction.api import RefuseNulParameters
from localaction.campaigns import services
from localaction.campaigns.models import (
    Action,
    ActionPlan,
    Campaign,
    Forecast,
    Methodology,
    Milestone,
    MilestoneProgress,
    Participation,
    Target,
)
from localaction.campaigns.permissions import (
    action_plans_visible_to,
    actions_visible_to,
    can_add_campaign,
    can_edit_campaign,
    can_edit_commitments,
    can_edit_methodologies,
    can_edit_participation,
    can_join_campaign,
    can_view_commitment,
    can_view_evidence,
    can_view_forecast,
    inventories_for_figures,
    participations_visible_to,
    targets_visible_to,
)
from localaction.core import forecast as bau
from localaction.core.gwp import GWP_SETS, TITLES
from localaction.core.targets import Progress
from localaction.inventories.models import Inventory
from localaction.inventories.permissions import can_view_inventory, inventories_visible_to
from localaction.network.api import (
    LOCAL_GOVERNMENT_CODE,
    ModelCleanSerializer,
    VisibleLocalGovernmentField,
    named_in_body,
)
from localaction.network.filters import IntegerFilter, visible_local_governments
from localaction.network.models import Office, Region
from localaction.network.permissions import (
    local_governments_editable_by,
    local_governments_visible_to,
)
from localaction.openapi import Router
from localaction.validators import NumberField


def _creates_for_named_local_government(request, allowed) -> bool:
    """Whether a create naming `local_government` in its body may go ahead."""
    visible = local_governments_visible_to(request.user)
    local_government = named_in_body(request, "local_government", visible)
    if local_government is None:
        # Nothing (visible) named: those who may act for some local government
        # get to hear what is wrong with the request.
        return local_governments_editable_by(request.user).exists()
    return allowed(request.user, local_government)


def _refused(error: DjangoValidationError) -> serializers.ValidationError:
    """A model's or service's refusal as a 400, each reason under its field."""
    detail = serializers.as_serializer_error(error)
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return serializers.ValidationError(detail)


# Permissions: each one asks localaction.campaigns.permissions.


class MethodologyPermission(BasePermission):
    """Everyone reads methodologies; only the secretariat defines them."""

    # Anyone reads (what they may see); writes ask who it is.
    anonymous_methods = SAFE_METHODS

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or can_edit_methodologies(request.user)


class CampaignPermission(BasePermission):
    # Anyone reads (what they may see); writes ask who it is.
    anonymous_methods = SAFE_METHODS

    def has_permission(self, request, view) -> bool:
        if view.action == "create":
            return can_add_campaign(request.user)
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in SAFE_METHODS or can_edit_campaign(request.user, obj)


class ParticipationPermission(BasePermission):
    # Anyone reads (what they may see); writes ask who it is.
    anonymous_methods = SAFE_METHODS

    def has_permission(self, request, view) -> bool:
        if view.action == "create":
            return _creates_for_named_local_government(request, can_join_campaign)
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        # Seen wherever its local government is: the queryset says so.
        return request.method in SAFE_METHODS or can_edit_participation(request.user, obj)


class MilestoneRecordPermission(BasePermission):
    """A participant's milestones are read with it; its editors and covering
    offices record them (verifying is the services' check)."""

    # Anyone reads (what they may see); writes ask who it is.
    anonymous_methods = SAFE_METHODS

    def has_permission(self, request, view) -> bool:
        participation = view.participation  # a 404 when the person may not see it
        return request.method in SAFE_METHODS or can_edit_participation(request.user, participation)


class CommitmentPermission(BasePermission):
    """Targets, action plans and actions: seen as permissions.can_view_commitment
    says, changed by the local government's editors and covering offices."""

    # Anyone reads (what they may see); writes ask who it is.
    anonymous_methods = SAFE_METHODS

    def has_permission(self, request, view) -> bool:
        if view.action == "create":
            return _creates_for_named_local_government(request, can_edit_commitments)
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return can_view_commitment(request.user, obj)
        return can_edit_commitments(request.user, obj.local_government)


class ForecastPermission(BasePermission):
    """Seen by insiders (the view answers 404 to everyone else); changed by editors
    and covering offices."""

    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in SAFE_METHODS or can_edit_commitments(
            request.user, obj.local_government
        )


# Filters


def _member_filter():
    return filters.ModelChoiceFilter(
        field_name="local_government",
        queryset=visible_local_governments,
        to_field_name="code",
        label=_("Member (local government code)"),
    )


def _campaign_filter():
    return filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(), to_field_name="code", label=_("Campaign (code)")
    )


class ParticipationFilter(filters.FilterSet):
    campaign = _campaign_filter()
    member = _member_filter()
    active = filters.BooleanFilter(
        field_name="withdrawn_on", lookup_expr="isnull", label=_("Still taking part")
    )

    class Meta:
        model = Participation
        fields = ["campaign", "member", "active"]


class TargetFilter(filters.FilterSet):
    member = _member_filter()
    campaign = _campaign_filter()
    type = filters.ChoiceFilter(choices=Target.Type.choices, label=_("Type"))

    class Meta:
        model = Target
        fields = ["member", "campaign", "type"]


class ActionPlanFilter(filters.FilterSet):
    member = _member_filter()
    campaign = _campaign_filter()

    class Meta:
        model = ActionPlan
        fields = ["member", "campaign"]


class ActionFilter(filters.FilterSet):
    member = _member_filter()
    campaign = _campaign_filter()
    plan = IntegerFilter(field_name="plan_id", label=_("Action plan (id)"))
    status = filters.ChoiceFilter(choices=Action.Status.choices, label=_("Status"))
    kind = filters.ChoiceFilter(choices=Action.Kind.choices, label=_("Kind"))

    class Meta:
        model = Action
        fields = ["member", "campaign", "plan", "status", "kind"]


# Serializers: methodologies and campaigns


def _stable_code(serializer, value: str) -> str:
    # Pages, files and the API find these records by code.
    if serializer.instance is not None and value != serializer.instance.code:
        raise serializers.ValidationError(
            gettext("The code is a stable identifier and cannot be changed.")
        )
    return value


class MilestoneSerializer(serializers.ModelSerializer):
    """One step of a methodology, and the data that recognise it, if any."""

    class Meta:
        model = Milestone
        fields = ["number", "name", "requires", "evidence", "recognised_from"]
        extra_kwargs = {"number": {"min_value": 1}}


class MethodologySerializer(ModelCleanSerializer):
    """An ordered set of milestones that campaigns run."""

    url = serializers.HyperlinkedIdentityField(view_name="methodology-detail", lookup_field="code")
    milestones = MilestoneSerializer(
        many=True,
        required=False,
        help_text=_(
            "The milestones in order. When given, they replace the list: a milestone "
            "is matched by its number, and one missing is removed unless participants "
            "have recorded progress on it."
        ),
    )

    class Meta:
        model = Methodology
        fields = ["code", "url", "name", "description", "milestones"]

    def validate_code(self, value: str) -> str:
        return _stable_code(self, value)

    def validate_milestones(self, value: list[dict]) -> list[dict]:
        numbers = [item["number"] for item in value]
        twice = sorted({number for number in numbers if numbers.count(number) > 1})
        if twice:
            raise serializers.ValidationError(
                gettext("Each milestone has its own number; given twice: %(numbers)s.")
                % {"numbers": ", ".join(map(str, twice))}
            )
        if self.instance is not None:
            kept = set(numbers)
            recorded = sorted(
                MilestoneProgress.objects.filter(milestone__methodology=self.instance)
                .exclude(milestone__number__in=kept)
                .values_list("milestone__number", flat=True)
                .distinct()
            )
            if recorded:
                raise serializers.ValidationError(
                    gettext(
                        "Participants have recorded progress on milestones %(numbers)s; "
                        "they cannot be removed."
                    )
                    % {"numbers": ", ".join(map(str, recorded))}
                )
        return value

    def validate(self, attrs):
        # The milestones are checked above and written after the methodology.
        milestones = attrs.pop("milestones", None)
        attrs = super().validate(attrs)
        if milestones is not None:
            attrs["milestones"] = milestones
        return attrs

    @transaction.atomic
    def create(self, validated_data):
        milestones = validated_data.pop("milestones", [])
        methodology = super().create(validated_data)
        _replace_milestones(methodology, milestones)
        return methodology

    @transaction.atomic
    def update(self, instance, validated_data):
        milestones = validated_data.pop("milestones", None)
        methodology = super().update(instance, validated_data)
        if milestones is not None:
            _replace_milestones(methodology, milestones)
        return methodology


def _replace_milestones(methodology: Methodology, items: list[dict]) -> None:
    """Make the methodology's milestones the given ones, matched by number, so
    that progress recorded on a kept milestone stays with it."""
    existing = {milestone.number: milestone for milestone in methodology.milestones.all()}
    given = {item["number"] for item in items}
    methodology.milestones.exclude(number__in=given).delete()
    for item in items:
        milestone = existing.get(item["number"]) or Milestone(methodology=methodology)
        for name, value in item.items():
            setattr(milestone, name, value)
        milestone.save()
    # Answer with the milestones as stored.
    if hasattr(methodology, "_prefetched_objects_cache"):
        methodology._prefetched_objects_cache.pop("milestones", None)


class CampaignSerializer(ModelCleanSerializer):
    """A methodology run in given regions (all, when none are named), coordinated
    by an office."""

    url = serializers.HyperlinkedIdentityField(view_name="campaign-detail", lookup_field="code")
    methodology = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Methodology.objects.all(),
        help_text=_("Code of the methodology the campaign runs."),
    )
    regions = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.all(),
        many=True,
        required=False,
        help_text=_("Codes of the regions where the campaign runs; none for worldwide."),
    )
    office = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Office.objects.all(),
        help_text=_(
            "Code of the coordinating office; only the secretariat hands a campaign to another."
        ),
    )
    participant_count = serializers.IntegerField(
        read_only=True, help_text=_("Local governments taking part now (not withdrawn).")
    )

    class Meta:
        model = Campaign
        fields = [
            "code",
            "url",
            "name",
            "methodology",
            "aims",
            "regions",
            "office",
            "started_on",
            "ended_on",
            "website",
            "participant_count",
        ]

    def validate_code(self, value: str) -> str:
        return _stable_code(self, value)


# Serializers: participation and milestones


class EvidenceSerializer(serializers.Serializer):
    """An object on the platform that proves a milestone."""

    object = serializers.ChoiceField(
        choices=[
            ("inventory", _("Inventory")),
            ("target", _("Target")),
            ("action_plan", _("Action plan")),
        ]
    )
    id = serializers.IntegerField()
    url = serializers.URLField(help_text=_("The object in this API."))


_EVIDENCE = (
    (Inventory, "inventory", "inventory-detail", can_view_inventory),
    (Target, "target", "target-detail", can_view_commitment),
    (ActionPlan, "action_plan", "action-plan-detail", can_view_commitment),
)


def _evidence(evidence, request) -> dict | None:
    """A reference to the proving object, for those who may see it."""
    for model, name, view_name, may_view in _EVIDENCE:
        if isinstance(evidence, model) and may_view(request.user, evidence):
            return {
                "object": name,
                "id": evidence.pk,
                "url": reverse(view_name, args=[evidence.pk], request=request),
            }
    return None


class MilestoneStateSerializer(serializers.Serializer):
    """Where a participant stands on one milestone: what people recorded, raised to
    `achieved` when the data prove it (`recognised`). Files, notes and the
    verifier's name are shown to the local government's people and its offices."""

    url = serializers.URLField(read_only=True)
    number = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    recognised_from = serializers.CharField(
        read_only=True,
        help_text=_("The rule of data that recognises the milestone; empty: by hand."),
    )
    status = serializers.ChoiceField(choices=MilestoneProgress.Status.choices, read_only=True)
    recognised = serializers.BooleanField(
        read_only=True, help_text=_("Achieved because the data prove it, not by a record.")
    )
    started_on = serializers.DateField(read_only=True, allow_null=True)
    achieved_on = serializers.DateField(read_only=True, allow_null=True)
    verified_on = serializers.DateField(read_only=True, allow_null=True)
    verified_by = serializers.CharField(
        read_only=True, allow_null=True, help_text=_("Username of the office user who verified.")
    )
    evidence = EvidenceSerializer(
        read_only=True,
        allow_null=True,
        help_text=_("The recorded or proving inventory, target or action plan, when visible."),
    )
    evidence_url = serializers.URLField(
        read_only=True,
        allow_null=True,
        help_text=_("Where the evidence is published; null if nowhere."),
    )
    evidence_file = serializers.URLField(
        read_only=True, allow_null=True, help_text=_("Where to download the evidence file.")
    )
    note = serializers.CharField(read_only=True, allow_null=True)

    def to_representation(self, state: services.MilestoneState):
        request = self.context["request"]
        participation = self.context["participation"]
        record = state.recorded
        insider = can_view_evidence(request.user, participation)
        number = state.milestone.number
        evidence_file = None
        if insider and record is not None and record.evidence_file:
            evidence_file = request.build_absolute_uri(
                url_of(
                    "campaigns:evidence",
                    args=[participation.campaign.code, participation.local_government.code, number],
                )
            )
        return {
            "url": reverse(
                "participation-milestone-detail",
                kwargs={"participation_id": participation.pk, "number": number},
                request=request,
            ),
            "number": number,
            "name": state.milestone.name,
            "recognised_from": state.milestone.recognised_from,
            "status": state.status,
            "recognised": state.recognised,
            "started_on": _date(record and record.started_on),
            "achieved_on": _date(record and record.achieved_on),
            "verified_on": _date(record and record.verified_on),
            "verified_by": record.verified_by.username
            if insider and record is not None and record.verified_by_id
            else None,
            "evidence": _evidence(state.evidence, request),
            "evidence_url": (record and record.evidence_url) or None,
            "evidence_file": evidence_file,
            "note": (record.note if record else "") if insider else None,
        }


def _date(value) -> str | None:
    return value.isoformat() if value else None


@extend_schema_field(OpenApiTypes.INT)
class _VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """An object named by id among those the person may see."""

    def __init__(self, visible_to, **kwargs):
        self.visible_to = visible_to
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.visible_to(self.context["request"].user)


class MilestoneRecordSerializer(serializers.Serializer):
    """What a person records on a milestone. Only staff of an office covering the
    participant set `verified`, or change a verified record; verifying stamps
    them and the date. Send as JSON, or multipart with an `evidence_file`."""

    status = serializers.ChoiceField(choices=MilestoneProgress.Status.choices, required=False)
    started_on = serializers.DateField(allow_null=True, required=False)
    achieved_on = serializers.DateField(allow_null=True, required=False)
    evidence_file = serializers.FileField(
        allow_null=True,
        required=False,
        help_text=_("PDF, office document or scan, up to 10 MB; null removes it."),
    )
    evidence_url = serializers.URLField(allow_blank=True, required=False)
    inventory = _VisibleRelatedField(
        inventories_visible_to,
        allow_null=True,
        required=False,
        help_text=_("Id of the participant's inventory that proves the milestone."),
    )
    target = _VisibleRelatedField(
        targets_visible_to,
        allow_null=True,
        required=False,
        help_text=_("Id of the participant's target."),
    )
    action_plan = _VisibleRelatedField(
        action_plans_visible_to,
        allow_null=True,
        required=False,
        help_text=_("Id of the participant's action plan."),
    )
    note = serializers.CharField(allow_blank=True, required=False)


class ParticipationListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        participations = list(data.all() if hasattr(data, "all") else data)
        # Every participant's milestones in a few queries, not a few each.
        self.context["milestone_states"] = services.milestone_states(participations)
        return super().to_representation(participations)


class ParticipationSerializer(ModelCleanSerializer):
    """A local government taking part in a campaign, from the date of its council's
    resolution, with where it stands on each milestone."""

    url = serializers.HyperlinkedIdentityField(view_name="participation-detail")
    campaign = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Campaign.objects.all(),
        help_text=_("Code of the campaign; it cannot change later."),
    )
    local_government = VisibleLocalGovernmentField(
        help_text=_("Code of the local government joining; it cannot change later.")
    )
    resolution = serializers.FileField(
        required=False,
        help_text=_(
            "The council resolution (multipart upload). Read: where to download it, "
            "for the local government's people and its offices."
        ),
    )
    is_active = serializers.BooleanField(read_only=True)
    milestones = MilestoneStateSerializer(many=True, read_only=True)

    class Meta:
        model = Participation
        list_serializer_class = ParticipationListSerializer
        fields = [
            "id",
            "url",
            "campaign",
            "local_government",
            "joined_on",
            "resolution",
            "resolution_url",
            "withdrawn_on",
            "is_active",
            "milestones",
        ]
        read_only_fields = ["withdrawn_on"]
        # full_clean() checks one participation per campaign, with its own message.
        validators = []

    def validate_campaign(self, value):
        if self.instance is not None and value != self.instance.campaign:
            raise serializers.ValidationError(
                gettext("A participation stays with its campaign; join the other one.")
            )
        return value

    def validate_local_government(self, value):
        if self.instance is not None and value != self.instance.local_government:
            raise serializers.ValidationError(
                gettext("A participation stays with its local government.")
            )
        return value

    def to_representation(self, participation):
        request = self.context["request"]
        states = self.context.get("milestone_states")
        if states is None or participation.pk not in states:
            states = services.milestone_states([participation])
        data = {
            "id": participation.pk,
            "url": reverse("participation-detail", args=[participation.pk], request=request),
            "campaign": participation.campaign.code,
            "local_government": participation.local_government.code,
            "joined_on": _date(participation.joined_on),
            "resolution": None,
            "resolution_url": participation.resolution_url,
            "withdrawn_on": _date(participation.withdrawn_on),
            "is_active": participation.is_active,
        }
        if participation.resolution and can_view_evidence(request.user, participation):
            data["resolution"] = request.build_absolute_uri(
                url_of(
                    "campaigns:resolution",
                    args=[participation.campaign.code, participation.local_government.code],
                )
            )
        child = MilestoneStateSerializer(context={**self.context, "participation": participation})
        data["milestones"] = [child.to_representation(s) for s in states[participation.pk]]
        return data


class WithdrawSerializer(serializers.Serializer):
    withdrawn_on = serializers.DateField(
        required=False, help_text=_("The date of withdrawal; today when not given.")
    )


# Serializers: targets, forecasts, action plans and actions


class _CommitmentSerializer(ModelCleanSerializer):
    local_government = VisibleLocalGovernmentField(
        help_text=_("Code of the local government; it cannot change later.")
    )
    campaign = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Campaign.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("Code of the campaign it is set for; null for none in particular."),
    )

    def validate_local_government(self, value):
        if self.instance is not None and value != self.instance.local_government:
            raise serializers.ValidationError(
                gettext("It stays with its local government; add one there instead.")
            )
        return value


class TargetProgressSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    tco2e = serializers.FloatField()
    status = serializers.ChoiceField(choices=[progress.value for progress in Progress])


class TargetFiguresSerializer(serializers.Serializer):
    """A GHG target in tonnes CO2e, from the inventories the reader may count: all
    beyond draft for the local government's people and offices, the published
    ones for everyone else."""

    base_tco2e = serializers.FloatField(
        allow_null=True, help_text=_("t CO2e in the base year, within the target's coverage.")
    )
    target_tco2e = serializers.FloatField(
        allow_null=True, help_text=_("t CO2e allowed in the target year.")
    )
    bau_tco2e = serializers.FloatField(
        allow_null=True,
        help_text=_("t CO2e in the target year without new action (the forecast)."),
    )
    committed_reduction_tco2e = serializers.FloatField(
        allow_null=True, help_text=_("BAU minus the target, t CO2e.")
    )
    bau_below_target = serializers.BooleanField()
    progress = TargetProgressSerializer(
        allow_null=True, help_text=_("The latest inventory after the base year against the path.")
    )
    problem = serializers.CharField(
        allow_null=True, help_text=_("Why a figure is missing, if one is.")
    )


FIGURES = list(TargetFiguresSerializer().fields)


class TargetSerializer(_CommitmentSerializer):
    """A GHG target of a Mitigation Goal Standard type (base year, fixed level,
    intensity, baseline scenario) or an indicator target, with its figures."""

    url = serializers.HyperlinkedIdentityField(view_name="target-detail")
    sectors = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text=_("GPC sectors covered (I, II, …); none for all."),
    )
    gases = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text=_("Kyoto gases covered (CO2, CH4, …); none for all."),
    )
    gwp_set = serializers.ChoiceField(
        choices=[(name, TITLES[name]) for name in GWP_SETS],
        required=False,
        help_text=_("The GWP set the target's figures are computed with."),
    )
    figures = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = [
            "id",
            "url",
            "local_government",
            "campaign",
            "title",
            "description",
            "type",
            "base_year",
            "target_year",
            "reduction_percent",
            "level_tco2e",
            "coverage",
            "sectors",
            "gases",
            "gwp_set",
            "intensity_per",
            "activity_unit",
            "base_activity",
            "target_activity",
            "indicator",
            "indicator_unit",
            "base_value",
            "target_value",
            "is_conditional",
            "adopted_on",
            "is_published",
            "created_at",
            "updated_at",
            "figures",
        ]

    @extend_schema_field(TargetFiguresSerializer(allow_null=True))
    def get_figures(self, target: Target) -> dict | None:
        """Null for indicator targets."""
        if not target.is_ghg:
            return None
        user = self.context["request"].user
        inventories = inventories_for_figures(user, target.local_government)
        summary = services.target_summary(services.target_figures(target, inventories))
        return {name: summary[name] for name in FIGURES}


class ForecastPointSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    tco2e = serializers.FloatField()


class ForecastSerializer(ModelCleanSerializer):
    """How a local government expects its emissions to grow without new action,
    and the resulting series from its latest inventory to 2050."""

    member = serializers.SlugRelatedField(
        source="local_government", slug_field="code", read_only=True
    )
    sector_growth_percent = serializers.DictField(
        child=NumberField(),
        required=False,
        help_text=_('Percent a year by GPC sector, e.g. {"II": 1.5}; others grow at the default.'),
    )
    growth_percent = serializers.FloatField(
        read_only=True,
        help_text=_("The default rate in use: the one given, or the population growth, or 0."),
    )
    base_year = serializers.SerializerMethodField()
    series = serializers.SerializerMethodField()

    class Meta:
        model = Forecast
        fields = [
            "member",
            "default_growth_percent",
            "sector_growth_percent",
            "growth_percent",
            "note",
            "base_year",
            "series",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]

    def _forecast(self, forecast: Forecast) -> bau.Forecast | None:
        if not hasattr(self, "_computed"):
            local_government = forecast.local_government
            user = self.context["request"].user
            self._computed = services.latest_forecast(
                local_government, inventories_for_figures(user, local_government)
            )
        return self._computed

    @extend_schema_field(OpenApiTypes.INT)
    def get_base_year(self, forecast: Forecast) -> int | None:
        """The year of the latest inventory the forecast grows from; null without one."""
        computed = self._forecast(forecast)
        return computed.base_year if computed else None

    @extend_schema_field(ForecastPointSerializer(many=True))
    def get_series(self, forecast: Forecast) -> list[dict]:
        """t CO2e each year from the base year to 2050 (empty without an inventory)."""
        computed = self._forecast(forecast)
        if computed is None:
            return []
        return [{"year": year, "tco2e": tonnes} for year, tonnes in computed.series_t()]


class ActionPlanSerializer(_CommitmentSerializer):
    """A local action plan: the actions a council adopted together."""

    url = serializers.HyperlinkedIdentityField(view_name="action-plan-detail")
    link = serializers.URLField(
        source="url",
        max_length=200,
        required=False,
        allow_blank=True,
        help_text=_("Where the plan is published."),
    )
    document = serializers.FileField(
        required=False,
        help_text=_("The plan as adopted (multipart upload). Read: where to download it."),
    )

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "url",
            "local_government",
            "campaign",
            "title",
            "description",
            "adopted_on",
            "document",
            "link",
            "is_published",
            "created_at",
            "updated_at",
        ]

    def to_representation(self, plan):
        data = super().to_representation(plan)
        data["document"] = (
            self.context["request"].build_absolute_uri(
                url_of("campaigns:action-plan-document", args=[plan.local_government.code, plan.pk])
            )
            if plan.document
            else None
        )
        return data


class ActionSerializer(_CommitmentSerializer):
    """A policy or measure with its estimated annual impact."""

    url = serializers.HyperlinkedIdentityField(view_name="action-detail")
    plan = _VisibleRelatedField(
        action_plans_visible_to,
        allow_null=True,
        required=False,
        help_text=_("Id of the local government's action plan that holds it."),
    )
    target = _VisibleRelatedField(
        targets_visible_to,
        allow_null=True,
        required=False,
        help_text=_("Id of the local government's target it works towards."),
    )
    co_benefits = serializers.ListField(
        child=serializers.ChoiceField(choices=Action.CoBenefit.choices), required=False
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "url",
            "local_government",
            "plan",
            "campaign",
            "target",
            "title",
            "description",
            "kind",
            "sector",
            "status",
            "starts_on",
            "ends_on",
            "cost",
            "currency",
            "funding_source",
            "impact_tco2e",
            "impact_amount",
            "impact_unit",
            "co_benefits",
            "is_published",
            "created_at",
            "updated_at",
        ]


# Views: methodologies and campaigns


class MethodologyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Methodologies and their milestones: everyone reads them; the secretariat
    defines them."""

    queryset = Methodology.objects.prefetch_related("milestones")
    serializer_class = MethodologySerializer
    permission_classes = [MethodologyPermission]
    lookup_field = "code"
    filter_backends = []


class CampaignViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Campaigns: everyone reads them; the secretariat starts them; the secretariat
    and the staff of the coordinating office keep them."""

    serializer_class = CampaignSerializer
    permission_classes = [CampaignPermission]
    lookup_field = "code"
    filter_backends = []

    def get_queryset(self):
        return (
            Campaign.objects.select_related("methodology", "office")
            .prefetch_related("regions")
            .annotate(
                participant_count=Count(
                    "participations", filter=Q(participations__withdrawn_on__isnull=True)
                )
            )
        )

    def perform_create(self, serializer) -> None:
        self._save_and_reload(serializer)

    def perform_update(self, serializer) -> None:
        office = serializer.validated_data.get("office", serializer.instance.office)
        # Handing a campaign to another office is starting it there.
        if office != serializer.instance.office and not can_add_campaign(self.request.user):
            raise PermissionDenied
        self._save_and_reload(serializer)

    def _save_and_reload(self, serializer) -> None:
        instance = serializer.save()
        serializer.instance = self.get_queryset().get(pk=instance.pk)


# Views: participation and milestones


@extend_schema_view(
    withdraw=extend_schema(
        summary="Withdraw from the campaign",
        description="For the local government's editors and covering offices.",
        request=WithdrawSerializer,
        responses={
            200: ParticipationSerializer,
            400: OpenApiResponse(description="Withdrawn already, or before joining."),
            403: OpenApiResponse(description="Not this person's to withdraw."),
        },
    )
)
class ParticipationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Participation in campaigns, seen wherever the local government is, with each
    milestone's state. Creating one joins a campaign (the local government's
    editors and covering offices); an update corrects the resolution's date,
    file or link; `withdraw` ends it."""

    serializer_class = ParticipationSerializer
    permission_classes = [ParticipationPermission]
    filter_backends = [RefuseNulParameters, filters.DjangoFilterBackend]
    filterset_class = ParticipationFilter

    def get_queryset(self):
        return participations_visible_to(self.request.user).select_related(
            "campaign__methodology", "local_government__country__region"
        )

    def perform_create(self, serializer) -> None:
        if not can_join_campaign(self.request.user, serializer.validated_data["local_government"]):
            raise PermissionDenied
        serializer.save()

    @action(detail=True, methods=["post"], serializer_class=WithdrawSerializer)
    def withdraw(self, request, pk=None):
        participation = self.get_object()
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        if not participation.is_active:
            raise serializers.ValidationError(
                {"withdrawn_on": gettext("The participant withdrew already.")}
            )
        participation.withdrawn_on = given.validated_data.get("withdrawn_on", timezone.localdate())
        try:
            participation.full_clean()
        except DjangoValidationError as error:
            raise _refused(error) from error
        participation.save()
        return Response(
            ParticipationSerializer(participation, context=self.get_serializer_context()).data
        )


PARTICIPATION_ID = OpenApiParameter(
    "participation_id", int, OpenApiParameter.PATH, description="The participation's id."
)
MILESTONE_NUMBER = OpenApiParameter(
    "number", int, OpenApiParameter.PATH, description="The milestone's number in its methodology."
)


@extend_schema_view(
    list=extend_schema(parameters=[PARTICIPATION_ID]),
    retrieve=extend_schema(parameters=[PARTICIPATION_ID, MILESTONE_NUMBER]),
    partial_update=extend_schema(
        summary="Record progress on a milestone",
        description="Saved through the services: only staff of an office covering the "
        "participant verify a milestone or change a verified record (a 400 under `status` "
        "for anyone else); verifying stamps the verifier and the date.",
        parameters=[PARTICIPATION_ID, MILESTONE_NUMBER],
        request={
            "application/json": MilestoneRecordSerializer,
            "multipart/form-data": MilestoneRecordSerializer,
        },
        responses={
            200: MilestoneStateSerializer,
            400: OpenApiResponse(description="Refused, with the reason under its field."),
            403: OpenApiResponse(description="Not this person's to record."),
        },
    ),
)
class ParticipationMilestoneViewSet(viewsets.GenericViewSet):
    """A participant's milestones: read with the participation; recorded by the
    local government's editors and covering offices, verified by the offices."""

    serializer_class = MilestoneStateSerializer
    permission_classes = [MilestoneRecordPermission]
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"
    filter_backends = []
    pagination_class = None

    @property
    def participation(self) -> Participation:
        if not hasattr(self, "_participation"):
            self._participation = get_object_or_404(
                participations_visible_to(self.request.user).select_related(
                    "campaign__methodology", "local_government__country"
                ),
                pk=self.kwargs["participation_id"],
            )
        return self._participation

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Milestone.objects.none()
        return self.participation.campaign.methodology.milestones.all()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "participation": self.participation}

    def _states(self) -> list[services.MilestoneState]:
        participation = self.participation
        return services.milestone_states([participation])[participation.pk]

    def _state(self, number: int) -> services.MilestoneState:
        for state in self._states():
            if state.milestone.number == number:
                return state
        raise Http404

    def list(self, request, participation_id=None):
        return Response(self.get_serializer(self._states(), many=True).data)

    def retrieve(self, request, participation_id=None, number=None):
        return Response(self.get_serializer(self._state(int(number))).data)

    def partial_update(self, request, participation_id=None, number=None):
        participation = self.participation
        milestone = get_object_or_404(self.get_queryset(), number=int(number))
        given = MilestoneRecordSerializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        given.is_valid(raise_exception=True)
        record = MilestoneProgress.objects.filter(
            participation=participation, milestone=milestone
        ).first() or MilestoneProgress(
            participation=participation,
            milestone=milestone,
            local_government_id=participation.local_government_id,
        )
        for name, value in given.validated_data.items():
            setattr(record, name, "" if name == "evidence_file" and value is None else value)
        try:
            services.milestone_record(record=record, user=request.user)
        except DjangoValidationError as error:
            raise _refused(error) from error
        return Response(self.get_serializer(self._state(milestone.number)).data)


# Views: targets, forecasts, action plans and actions


class _CommitmentViewSet(viewsets.ModelViewSet):
    permission_classes = [CommitmentPermission]
    filter_backends = [RefuseNulParameters, filters.DjangoFilterBackend]

    def perform_create(self, serializer) -> None:
        local_government = serializer.validated_data["local_government"]
        if not can_edit_commitments(self.request.user, local_government):
            raise PermissionDenied
        serializer.save()


class TargetViewSet(_CommitmentViewSet):
    """Targets: the published ones of published local governments for everyone;
    all of them for the local government's people, its offices and the
    secretariat. Editors and covering offices change them. Each GHG target
    comes with its figures, computed from the inventories the reader may count."""

    serializer_class = TargetSerializer
    filterset_class = TargetFilter

    def get_queryset(self):
        return targets_visible_to(self.request.user).select_related(
            "local_government__country", "campaign"
        )


class ActionPlanViewSet(_CommitmentViewSet):
    """Local action plans, seen and changed as targets are."""

    serializer_class = ActionPlanSerializer
    filterset_class = ActionPlanFilter

    def get_queryset(self):
        return action_plans_visible_to(self.request.user).select_related(
            "local_government__country", "campaign"
        )


class ActionViewSet(_CommitmentViewSet):
    """Actions, seen and changed as targets are."""

    serializer_class = ActionSerializer
    filterset_class = ActionFilter

    def get_queryset(self):
        return actions_visible_to(self.request.user).select_related(
            "local_government__country", "campaign"
        )


MEMBER_CODE = OpenApiParameter(
    "code", str, OpenApiParameter.PATH, description="The local government's code."
)


@extend_schema_view(
    retrieve=extend_schema(parameters=[MEMBER_CODE]),
    update=extend_schema(parameters=[MEMBER_CODE]),
    partial_update=extend_schema(parameters=[MEMBER_CODE]),
)
class ForecastViewSet(viewsets.GenericViewSet):
    """A local government's forecast: for its people, its offices and the
    secretariat (a 404 for everyone else, who see the BAU figures of published
    targets only). Editors and covering offices change the growth rates. A local
    government without a forecast of its own reads the defaults."""

    serializer_class = ForecastSerializer
    permission_classes = [ForecastPermission]
    lookup_field = "code"
    lookup_value_regex = LOCAL_GOVERNMENT_CODE
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        return local_governments_visible_to(self.request.user).select_related("country")

    def get_object(self) -> Forecast:
        local_government = get_object_or_404(self.get_queryset(), code=self.kwargs["code"])
        if not can_view_forecast(self.request.user, local_government):
            raise Http404
        try:
            forecast = local_government.forecast
        except Forecast.DoesNotExist:
            forecast = Forecast(local_government=local_government)
        self.check_object_permissions(self.request, forecast)
        return forecast

    def retrieve(self, request, code=None):
        return Response(self.get_serializer(self.get_object()).data)

    def update(self, request, code=None, partial=False):
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)

    def partial_update(self, request, code=None):
        return self.update(request, code, partial=True)


router = Router()
router.register("methodologies", MethodologyViewSet, basename="methodology")
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("participations", ParticipationViewSet, basename="participation")
router.register(
    r"participations/(?P<participation_id>[0-9]+)/milestones",
    ParticipationMilestoneViewSet,
    basename="participation-milestone",
)
router.register("targets", TargetViewSet, basename="target")
router.register("forecasts", ForecastViewSet, basename="forecast")
router.register("action-plans", ActionPlanViewSet, basename="action-plan")
router.register("actions", ActionViewSet, basename="action")
