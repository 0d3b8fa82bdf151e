"""The water accounts' API, under the pages' permissions (permissions.py):

- `/api/water/inventories/`: the water inventories the reader may see
  (everyone: verified inventories of published members; insiders: all of
  their members'), filtered by `?member=CODE` and `?year=YEAR`. Editors of a
  member (and its offices) start one by POST, with its lines and quality
  figures; `PUT …/{id}/lines/` replaces a draft's lines (all or none, each
  problem named by its position and field); `POST …/{id}/submit/`,
  `…/verify/` (the covering office) and `…/reopen/` move it on or back.
- `/api/water/benefits/`: the quantified benefits of the actions the reader
  may see; POST records (or replaces) an action's.
- `/api/water/quality-indicators/`: the water-quality vocabulary with the WHO
  guideline values, public.
- `/api/water/network/{year}/`: the network's water figures of a year, public.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.settings import api_settings

from localaction.api import PublicRead, RefuseNulParameters, refuse_nul_parameters
from localaction.campaigns.models import Action
from localaction.campaigns.permissions import actions_visible_to
from localaction.core import water as method
from localaction.core.quantities import YEAR
from localaction.network.models import LocalGovernment
from localaction.network.permissions import local_governments_visible_to
from localaction.sustainability.water import network, permissions, services
from localaction.sustainability.water.models import WaterBenefit, WaterInventory
from localaction.validators import NumberField


def _refused(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's refusal as a 400, each reason under its field."""
    detail = serializers.as_serializer_error(error)
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return serializers.ValidationError(detail)


def _run(call, **kwargs):
    try:
        return call(**kwargs)
    except DjangoValidationError as error:
        raise _refused(error) from error
    except DjangoPermissionDenied as error:
        raise PermissionDenied from error


class WritePermission(BasePermission):
    # Anyone reads (what they may see); writes ask who it is, in the view.
    anonymous_methods = SAFE_METHODS

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or request.user.is_authenticated


# Inventories


class LineSerializer(serializers.Serializer):
    sector = serializers.ChoiceField(choices=method.SECTORS)
    source = serializers.ChoiceField(choices=method.SOURCES)
    amount = NumberField()
    unit = serializers.CharField(max_length=30, default="m3")
    note = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    m3 = serializers.FloatField(read_only=True)


class QualitySerializer(serializers.Serializer):
    indicator = serializers.ChoiceField(choices=list(method.quality_indicators()))
    value = NumberField()
    samples = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    note = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)


class BalanceSerializer(serializers.Serializer):
    """The IWA water balance, m³ (null where not given)."""

    system_input = serializers.FloatField(source="system_input_m3", allow_null=True)
    billed = serializers.FloatField(source="billed_m3", allow_null=True)
    unbilled = serializers.FloatField(source="unbilled_m3", allow_null=True)
    apparent_losses = serializers.FloatField(source="apparent_losses_m3", allow_null=True)


class WaterInventorySerializer(serializers.ModelSerializer):
    member = serializers.CharField(source="local_government.code", read_only=True)
    consumption_m3 = serializers.FloatField(source="total_m3", read_only=True)
    litres_per_person_day = serializers.FloatField(read_only=True, allow_null=True)
    by_sector = serializers.SerializerMethodField()
    by_source = serializers.SerializerMethodField()
    balance = serializers.SerializerMethodField()
    non_revenue_percent = serializers.SerializerMethodField()
    lines = LineSerializer(many=True, read_only=True)
    quality = QualitySerializer(many=True, read_only=True)

    class Meta:
        model = WaterInventory
        fields = [
            "id",
            "member",
            "year",
            "status",
            "population_served",
            "consumption_m3",
            "litres_per_person_day",
            "by_sector",
            "by_source",
            "balance",
            "non_revenue_percent",
            "lines",
            "quality",
            "source",
            "note",
            "submitted_at",
            "verified_at",
        ]
        read_only_fields = fields

    def get_by_sector(self, inventory) -> dict[str, float]:
        return dict(inventory.totals().by_sector)

    def get_by_source(self, inventory) -> dict[str, float]:
        return dict(inventory.totals().by_source)

    def get_balance(self, inventory) -> dict:
        return BalanceSerializer(inventory).data

    def get_non_revenue_percent(self, inventory) -> float | None:
        balance = inventory.balance()
        return balance.non_revenue_percent if balance else None


class InventoryCreateSerializer(serializers.Serializer):
    """A new draft inventory: volumes of the balance in `losses_unit`, lines in their own units."""

    member = serializers.SlugRelatedField(slug_field="code", queryset=LocalGovernment.objects.all())
    year = serializers.IntegerField(min_value=1900, max_value=2100)
    population_served = serializers.IntegerField(min_value=1)
    losses_unit = serializers.CharField(max_length=30, default="m3")
    system_input = NumberField(required=False, allow_null=True, default=None)
    billed = NumberField(required=False, allow_null=True, default=None)
    unbilled = NumberField(required=False, allow_null=True, default=None)
    apparent_losses = NumberField(required=False, allow_null=True, default=None)
    source = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    lines = LineSerializer(many=True, required=False, default=list)
    quality = QualitySerializer(many=True, required=False, default=list)

    def validate_member(self, value):
        if (
            not local_governments_visible_to(self.context["request"].user)
            .filter(pk=value.pk)
            .exists()
        ):
            raise serializers.ValidationError(f'Object with code="{value.code}" does not exist.')
        return value


def _lines(data) -> list[services.LineData]:
    return [
        services.LineData(one["sector"], one["source"], one["amount"], one["unit"], one["note"])
        for one in data
    ]


def _replace_lines(inventory, lines, user):
    try:
        return services.water_inventory_replace_lines(inventory=inventory, lines=lines, user=user)
    except services.LinesInvalid as invalid:
        detail: dict[str, list] = {"lines": [{} for _line in lines]}
        for position, field, message in invalid.errors:
            detail["lines"][position].setdefault(field, []).append(message)
        raise serializers.ValidationError(detail) from invalid


class WaterInventoryViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Water inventories the reader may see, latest first; `?member=CODE`, `?year=YEAR`."""

    permission_classes = [WritePermission]
    filter_backends = [RefuseNulParameters]

    def get_serializer_class(self):
        return InventoryCreateSerializer if self.action == "create" else WaterInventorySerializer

    def get_queryset(self):
        inventories = (
            permissions.inventories_visible_to(self.request.user)
            .select_related("local_government")
            .prefetch_related("lines", "quality")
        )
        member = self.request.query_params.get("member")
        if member:
            inventories = inventories.filter(local_government__code=member)
        year = self.request.query_params.get("year")
        if year:
            if not year.isdigit() or len(year) != 4:
                raise serializers.ValidationError({"year": "A year, e.g. 2024."})
            inventories = inventories.filter(year=int(year))
        return inventories.order_by("-year", "local_government__code", "pk")

    def create(self, request, *args, **kwargs):
        refuse_nul_parameters(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not permissions.can_keep_inventories(request.user, data["member"]):
            raise PermissionDenied
        with transaction.atomic():
            inventory = _run(
                services.water_inventory_create,
                local_government=data["member"],
                year=data["year"],
                population_served=data["population_served"],
                losses=services.Losses(
                    data["system_input"],
                    data["billed"],
                    data["unbilled"],
                    data["apparent_losses"],
                    data["losses_unit"],
                ),
                source=data["source"],
                note=data["note"],
                user=request.user,
            )
            if data["lines"]:
                _replace_lines(inventory, _lines(data["lines"]), request.user)
            for one in data["quality"]:
                _run(services.water_quality_save, inventory=inventory, user=request.user, **one)
        return Response(WaterInventorySerializer(inventory).data, status=201)

    @action(detail=True, methods=["put"], serializer_class=LineSerializer)
    def lines(self, request, pk=None):
        """Replace a draft's consumption lines (a list), all or none."""
        inventory = self.get_object()
        serializer = LineSerializer(data=request.data, many=True)
        serializer.is_valid(raise_exception=True)
        try:
            _replace_lines(inventory, _lines(serializer.validated_data), request.user)
        except DjangoValidationError as error:
            raise _refused(error) from error
        except DjangoPermissionDenied as error:
            raise PermissionDenied from error
        inventory.refresh_from_db()
        return Response(WaterInventorySerializer(inventory).data)

    def _step(self, call):
        inventory = _run(call, inventory=self.get_object(), user=self.request.user)
        return Response(WaterInventorySerializer(inventory).data)

    @action(detail=True, methods=["post"], serializer_class=serializers.Serializer)
    def submit(self, request, pk=None):
        """The member submits its draft for verification."""
        return self._step(services.water_inventory_submit)

    @action(detail=True, methods=["post"], serializer_class=serializers.Serializer)
    def verify(self, request, pk=None):
        """The covering office (or the secretariat) verifies a submitted inventory."""
        return self._step(services.water_inventory_verify)

    @action(detail=True, methods=["post"], serializer_class=serializers.Serializer)
    def reopen(self, request, pk=None):
        """Back to draft: a submitted one by its editors or office, a verified one by its office."""
        return self._step(services.water_inventory_reopen)


# Benefits


class WaterBenefitSerializer(serializers.ModelSerializer):
    member = serializers.CharField(source="local_government.code", read_only=True)
    action_title = serializers.CharField(source="action.title", read_only=True)
    action_status = serializers.CharField(source="action.status", read_only=True)

    class Meta:
        model = WaterBenefit
        fields = [
            "id",
            "member",
            "action",
            "action_title",
            "action_status",
            "amount",
            "unit",
            "m3_saved",
            "energy_intensity",
            "energy_intensity_source",
            "kwh_saved",
            "factor_year",
            "grid_factor",
            "grid_factor_name",
            "grid_factor_source",
            "kg_co2e_avoided",
            "quality_benefit",
        ]
        read_only_fields = fields


class BenefitSaveSerializer(serializers.Serializer):
    """An action's benefits: water saved a year in `unit`; the energy intensity
    (kWh / m³) with its source, or none for the default (EPRI 2002)."""

    action = serializers.PrimaryKeyRelatedField(queryset=Action.objects.all())
    amount = NumberField()
    unit = serializers.CharField(max_length=30, default="m3")
    energy_intensity = NumberField(required=False, allow_null=True, default=None)
    energy_intensity_source = serializers.CharField(
        max_length=400, required=False, default="", allow_blank=True
    )
    year = serializers.IntegerField(
        min_value=1900, max_value=2100, required=False, allow_null=True, default=None
    )
    quality_benefit = serializers.CharField(
        max_length=300, required=False, default="", allow_blank=True
    )

    def validate_action(self, value):
        if not actions_visible_to(self.context["request"].user).filter(pk=value.pk).exists():
            raise serializers.ValidationError(f'Invalid pk "{value.pk}" - object does not exist.')
        return value


class WaterBenefitViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Quantified benefits of the actions the reader may see; `?member=CODE`."""

    permission_classes = [WritePermission]
    filter_backends = [RefuseNulParameters]

    def get_serializer_class(self):
        return BenefitSaveSerializer if self.action == "create" else WaterBenefitSerializer

    def get_queryset(self):
        benefits = permissions.benefits_visible_to(self.request.user).select_related(
            "local_government", "action"
        )
        member = self.request.query_params.get("member")
        if member:
            benefits = benefits.filter(local_government__code=member)
        return benefits.order_by("local_government__code", "action_id")

    def create(self, request, *args, **kwargs):
        refuse_nul_parameters(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        benefit = _run(services.water_benefit_save, user=request.user, **serializer.validated_data)
        return Response(WaterBenefitSerializer(benefit).data, status=201)


# Public reference and the network


class QualityIndicatorSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    guideline = serializers.FloatField(allow_null=True)
    limit = serializers.CharField()
    source = serializers.CharField()


class QualityIndicatorViewSet(viewsets.GenericViewSet):
    """The water-quality indicators with the WHO guideline values and their source."""

    permission_classes = [PublicRead]
    serializer_class = QualityIndicatorSerializer
    filter_backends = [RefuseNulParameters]
    pagination_class = None

    def get_queryset(self):
        return WaterInventory.objects.none()

    def list(self, request):
        refuse_nul_parameters(request)
        return Response(self.get_serializer(method.quality_indicators().values(), many=True).data)


class NetworkWaterSerializer(serializers.Serializer):
    """The network's water figures of a year (m³ a year, kWh, t CO2e)."""

    year = serializers.IntegerField()
    members = serializers.SerializerMethodField()
    total_m3 = serializers.FloatField()
    by_sector = serializers.DictField(child=serializers.FloatField())
    population_served = serializers.IntegerField()
    litres_per_person_day = serializers.FloatField(allow_null=True)
    non_revenue_percent = serializers.FloatField(allow_null=True)
    left_out = serializers.IntegerField()
    actions = serializers.IntegerField()
    m3_saved = serializers.FloatField()
    kwh_saved = serializers.FloatField()
    t_co2e_avoided = serializers.FloatField()

    def get_members(self, figures) -> list[str]:
        return [one.code for one in figures.members]


@extend_schema_serializer(many=False)
class WaterYearsSerializer(serializers.Serializer):
    """The years with a verified water inventory, newest first (one object, not a list)."""

    years = serializers.ListField(child=serializers.IntegerField())


class NetworkWaterViewSet(viewsets.GenericViewSet):
    """The network's water figures of a year: members counted (their latest
    verified inventory of the year and the three before, the outer one of a
    member and one it contains), consumption, litres per person and day,
    non-revenue water, and the savings of actions under way."""

    permission_classes = [PublicRead]
    serializer_class = NetworkWaterSerializer
    filter_backends = [RefuseNulParameters]
    pagination_class = None
    lookup_field = "year"
    lookup_value_regex = r"\d{4}"

    def get_queryset(self):
        return WaterInventory.objects.none()

    @extend_schema(responses=WaterYearsSerializer)
    def list(self, request):
        """The years with a verified water inventory, newest first."""
        refuse_nul_parameters(request)
        return Response({"years": network.report_years()})

    def retrieve(self, request, year=None):
        refuse_nul_parameters(request)
        if not YEAR.minimum <= int(year) <= YEAR.maximum:
            raise NotFound("No such year.")
        return Response(self.get_serializer(network.network_water(int(year))).data)


router = SimpleRouter()
router.register("water/inventories", WaterInventoryViewSet, basename="water-inventory")
router.register("water/benefits", WaterBenefitViewSet, basename="water-benefit")
router.register(
    "water/quality-indicators", QualityIndicatorViewSet, basename="water-quality-indicator"
)
router.register("water/network", NetworkWaterViewSet, basename="water-network")

urlpatterns = [*router.urls]
