"""The inventories' REST API: GHG inventories, their lines and results, and the
emission-factor library.

Who may do what is decided by `localaction.inventories.permissions` alone (and,
for local governments, `localaction.network.permissions`); the permission
classes below only ask it. As in the register's API, every queryset starts
from what the person may see, so an inventory or factor they may not know
about is a 404, a visible one they may not change is a 403, and anonymous
visitors are asked to sign in (401).

Only a draft inventory changes. Its metadata, its lines, recalculation and
deletion are refused with 403 once it is submitted, whoever asks, because the
permissions module lets nobody edit it; the message says why. Lines are
written through the services only, so the API checks and calculates them as
the editor and the file import do: a line that cannot be calculated is a 400
with the reason under the field at fault.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings

from localaction.api import RefuseNulParameters
from localaction.core.gpc import SECTORS
from localaction.core.gwp import GWP_SETS, TITLES, GWPError, gas
from localaction.core.quantities import COMMENT_LENGTH
from localaction.core.units import UnitError, parse_unit
from localaction.inventories.models import (
    DataQuality,
    EmissionFactor,
    Inventory,
    InventoryLine,
)
from localaction.inventories.permissions import (
    can_create_inventory,
    can_delete_inventory,
    can_edit_factor,
    can_edit_inventory,
    can_move_inventory,
    can_view_inventory,
    factors_visible_to,
    inventories_visible_to,
)
from localaction.inventories.services import (
    TRANSITIONS,
    LineData,
    LinesInvalid,
    build_lines,
    inventory_add_line,
    inventory_correct,
    inventory_delete,
    inventory_delete_line,
    inventory_move,
    inventory_recalculate,
    inventory_results,
    inventory_summarise,
    line_error_column,
    results_summary,
)
from localaction.network.api import (
    ModelCleanSerializer,
    VisibleLocalGovernmentField,
    named_in_body,
)
from localaction.network.filters import (
    CountryCodeFilter,
    IntegerFilter,
    visible_local_governments,
)
from localaction.network.models import Country
from localaction.network.permissions import (
    can_edit_local_government,
    local_governments_editable_by,
    local_governments_visible_to,
)
from localaction.openapi import Router
from localaction.validators import NumberField

STEPS = tuple(TRANSITIONS)
FACTOR_LEVELS = [
    ("default", _("Default (IPCC)")),
    ("country", _("Country")),
    ("local_government", _("Local government")),
]
# Factor codes such as "ipcc2006:stationary:residential:natural_gas" hold colons and dots.
FACTOR_CODE = r"[^/]+"


def _names_something(request, field: str) -> bool:
    return hasattr(request.data, "get") and request.data.get(field) not in (None, "")


def _explain(permission: BasePermission, user, inventory: Inventory, allowed: bool) -> bool:
    """`allowed`; when refused to someone who could edit the draft, saying why."""
    if (
        not allowed
        and not inventory.is_draft
        and can_edit_local_government(user, inventory.local_government)
    ):
        permission.message = gettext(
            "Only a draft inventory can be changed; this one is %(status)s."
        ) % {"status": inventory.get_status_display().lower()}
    return allowed


# Permissions: each one asks localaction.inventories.permissions.


class InventoryPermission(BasePermission):
    # Anyone reads (what they may see); writes ask who it is.
    anonymous_methods = SAFE_METHODS

    def has_permission(self, request, view) -> bool:
        if view.action == "create":
            visible = local_governments_visible_to(request.user)
            local_government = named_in_body(request, "local_government", visible)
            if local_government is None:
                # Nothing (visible) named: those who may keep some local
                # government's inventories get to hear what is wrong.
                return local_governments_editable_by(request.user).exists()
            return can_create_inventory(request.user, local_government)
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        user = request.user
        if request.method in SAFE_METHODS:
            return can_view_inventory(user, obj)
        if view.action == "correct":
            return can_move_inventory(user, obj, "correct")
        if view.action == "move":
            step = request.data.get("step") if hasattr(request.data, "get") else None
            if step in STEPS:
                return can_move_inventory(user, obj, step)
            # An unknown step is explained to those who may take some step.
            return any(can_move_inventory(user, obj, known) for known in STEPS)
        if view.action == "destroy":
            return _explain(self, user, obj, can_delete_inventory(user, obj))
        return _explain(self, user, obj, can_edit_inventory(user, obj))


class InventoryLinePermission(BasePermission):
    """Lines are read with their inventory and written while it is a draft."""

    # Anyone reads (what they may see); writes ask who it is.
    anonymous_methods = SAFE_METHODS

    def has_permission(self, request, view) -> bool:
        inventory = view.inventory  # a 404 when the person may not see it
        if request.method in SAFE_METHODS:
            return True
        return _explain(self, request.user, inventory, can_edit_inventory(request.user, inventory))


class EmissionFactorPermission(BasePermission):
    # Anyone reads (what they may see); writes ask who it is.
    anonymous_methods = SAFE_METHODS

    def has_permission(self, request, view) -> bool:
        if view.action != "create":
            return True
        user = request.user
        country = named_in_body(request, "country", Country.objects.all())
        local_government = named_in_body(
            request, "local_government", local_governments_visible_to(user)
        )
        unknown = (country is None and _names_something(request, "country")) or (
            local_government is None and _names_something(request, "local_government")
        )
        if unknown:
            # Those who may add a factor somewhere hear what is wrong.
            return local_governments_editable_by(user).exists() or can_edit_factor(
                user, country=None, local_government=None
            )
        return can_edit_factor(user, country=country, local_government=local_government)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return can_edit_factor(
            request.user, country=obj.country, local_government=obj.local_government
        )


# Filters


class InventoryFilter(django_filters.FilterSet):
    local_government = django_filters.ModelChoiceFilter(
        queryset=visible_local_governments,
        to_field_name="code",
        widget=forms.TextInput,
        label=_("Local government (code)"),
    )
    year = IntegerFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(choices=Inventory.Status.choices, label=_("Status"))

    class Meta:
        model = Inventory
        fields = ["local_government", "year", "status"]


class EmissionFactorFilter(django_filters.FilterSet):
    activity = django_filters.CharFilter(
        label=_("Activity"), help_text=_("e.g. natural_gas, electricity.")
    )
    category = django_filters.CharFilter(
        label=_("Category"), help_text=_("IPCC source category, e.g. residential.")
    )
    country = CountryCodeFilter(
        queryset=Country.objects.all(),
        to_field_name="code",
        label=_("Country"),
        help_text=_("ISO 3166-1 alpha-2 code, in either case: that country's own factors."),
    )
    local_government = django_filters.ModelChoiceFilter(
        queryset=visible_local_governments,
        to_field_name="code",
        widget=forms.TextInput,
        label=_("Local government (code)"),
        help_text=_("That local government's own factors."),
    )
    level = django_filters.ChoiceFilter(
        choices=FACTOR_LEVELS, method="filter_level", label=_("Level of the library")
    )

    class Meta:
        model = EmissionFactor
        fields = ["activity", "category", "country", "local_government", "level"]

    def filter_level(self, queryset, name, value):
        if value == "default":
            return queryset.defaults()
        if value == "country":
            return queryset.filter(country__isnull=False, local_government=None)
        return queryset.filter(local_government__isnull=False)


# Serializers: inventories


class InventorySerializer(ModelCleanSerializer):
    """A local government's community-scale GHG inventory for one year (GPC)."""

    url = serializers.HyperlinkedIdentityField(view_name="inventory-detail")
    local_government = VisibleLocalGovernmentField(
        help_text=_("Code of the local government; it cannot change later.")
    )
    gwp_set = serializers.ChoiceField(
        choices=[(name, TITLES[name]) for name in GWP_SETS],
        required=False,
        help_text=_("The GWP set the inventory reports in; results can use any other."),
    )
    submitted_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text=_(
            "Shown to those who may edit the local government, like the other stamps' people."
        ),
    )
    verified_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    published_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    supersedes = serializers.HyperlinkedRelatedField(
        view_name="inventory-detail",
        read_only=True,
        allow_null=True,
        help_text=_("The version this one corrects; null for a first version."),
    )
    superseded_by_version = serializers.SerializerMethodField(
        help_text=_("The version that corrects this one, once there is one.")
    )
    lines = serializers.HyperlinkedIdentityField(
        view_name="inventory-line-list", lookup_url_kwarg="inventory_id"
    )
    results = serializers.HyperlinkedIdentityField(view_name="inventory-results")

    class Meta:
        model = Inventory
        fields = [
            "id",
            "url",
            "local_government",
            "year",
            "period_start",
            "period_end",
            "boundary_note",
            "gwp_set",
            "status",
            "version",
            "supersedes",
            "superseded_by_version",
            "superseded_at",
            "submitted_at",
            "submitted_by",
            "verified_at",
            "verified_by",
            "published_at",
            "published_by",
            "created_at",
            "updated_at",
            "lines",
            "results",
        ]
        read_only_fields = [
            "status",
            "version",
            "superseded_at",
            "submitted_at",
            "verified_at",
            "published_at",
            "created_at",
            "updated_at",
        ]
        # full_clean() checks one inventory per year, with its own message.
        validators = []

    def validate_local_government(self, value):
        if self.instance is not None and value != self.instance.local_government:
            raise serializers.ValidationError(
                gettext("An inventory stays with its local government; start one for the other.")
            )
        return value

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_superseded_by_version(self, inventory) -> str | None:
        correction = getattr(inventory, "correction", None)
        if correction is None or not can_view_inventory(self.context["request"].user, correction):
            return None
        return reverse("inventory-detail", args=[correction.pk], request=self.context["request"])

    def to_representation(self, inventory):
        data = super().to_representation(inventory)
        if not can_edit_local_government(self.context["request"].user, inventory.local_government):
            for field in ("submitted_by", "verified_by", "published_by"):
                data[field] = None
        return data


class InventoryMoveSerializer(serializers.Serializer):
    """The step an inventory takes: draft → submitted → verified → published, or back to draft."""

    step = serializers.ChoiceField(
        choices=[
            ("submit", _("Submit a draft for verification")),
            ("return", _("Return a submitted inventory to draft")),
            ("verify", _("Verify a submitted inventory")),
            ("publish", _("Publish a verified inventory")),
        ]
    )


class RecalculatedSerializer(serializers.Serializer):
    changed_lines = serializers.IntegerField(
        help_text=_("How many lines' gas masses changed with the library's current values.")
    )


# Results under a GWP set: tonnes CO2e for the totals, kilograms for the masses.


def _float_fields(name: str, keys, help_text: str) -> type[serializers.Serializer]:
    """A serializer of one number per key: for keys such as "1" or "I", which
    cannot be attribute names."""
    fields = {key: serializers.FloatField(help_text=help_text % key) for key in keys}
    return type(name, (serializers.Serializer,), fields)


class GPCTotalsSerializer(serializers.Serializer):
    basic = serializers.FloatField(help_text=_("t CO2e in the GPC BASIC total."))
    basic_plus = serializers.FloatField(help_text=_("t CO2e in the GPC BASIC+ total."))
    territorial = serializers.FloatField(help_text=_("t CO2e in the territorial total (scope 1)."))
    all_lines = serializers.FloatField(
        help_text=_("t CO2e over every line: no GPC total, but what the breakdowns add up to.")
    )


ScopesSerializer = _float_fields("ScopeTotalsSerializer", ["1", "2", "3"], "t CO2e in scope %s.")
SectorsSerializer = _float_fields(
    "SectorTotalsSerializer", [sector.ref for sector in SECTORS], "t CO2e in GPC sector %s."
)


class CompletenessSerializer(serializers.Serializer):
    level = serializers.CharField(help_text=_("The GPC total checked: BASIC."))
    complete = serializers.BooleanField()
    missing = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Cells of the total with neither a value nor a notation key."),
    )


class ResultsSerializer(serializers.Serializer):
    """An inventory calculated from its stored gas masses under one GWP set."""

    gwp = serializers.ChoiceField(choices=GWP_SETS)
    gwp_title = serializers.CharField()
    method = serializers.CharField()
    totals_tco2e = GPCTotalsSerializer(help_text=_("The GPC totals, t CO2e."))
    by_scope_tco2e = ScopesSerializer(help_text=_("t CO2e by scope, over every line."))
    by_sector_tco2e = SectorsSerializer(help_text=_("t CO2e by sector, over every line."))
    gases_kg = serializers.DictField(
        child=serializers.FloatField(), help_text=_("kg of each gas, over every line.")
    )
    biogenic_co2_kg = serializers.FloatField(
        help_text=_("kg of biogenic CO2, reported beside the totals and never in them.")
    )
    completeness = CompletenessSerializer()


# Serializers: lines

# The fields a line is written with, as services.LineData names them, except
# that measured biogenic CO2 is `measured_biogenic_co2_kg` here: the line's
# `biogenic_co2_kg` is what it computes to.
LINE_INPUT = {
    "gpc_ref": "gpc_ref",
    "activity": "activity",
    "amount": "amount",
    "unit": "unit",
    "factor": "factor",
    "ef_kg": "ef_kg",
    "ef_unit": "ef_unit",
    "ncv": "ncv",
    "ncv_unit": "ncv_unit",
    "density": "density",
    "density_unit": "density_unit",
    "measured_kg": "measured_kg",
    "measured_biogenic_co2_kg": "biogenic_co2_kg",
    "notation_key": "notation_key",
    "explanation": "explanation",
    "data_quality": "data_quality",
    "source": "source",
    "comment": "comment",
}


class FactorSnapshotSerializer(serializers.Serializer):
    """The factor values a line was calculated with, kept when the library changes."""

    code = serializers.CharField(
        allow_null=True, help_text=_("The library factor's code; null for explicit factors.")
    )
    kg_per_unit = serializers.DictField(child=serializers.FloatField())
    unit = serializers.CharField(help_text=_("The unit of kg_per_unit's values, e.g. kg/TJ."))
    biogenic_co2_kg_per_unit = serializers.FloatField(allow_null=True)
    ncv = serializers.FloatField(allow_null=True)
    ncv_unit = serializers.CharField()
    density = serializers.FloatField(allow_null=True)
    density_unit = serializers.CharField()


class InventoryLineSerializer(serializers.Serializer):
    """One entry of an inventory in one GPC cell: an `amount` in `unit` with a
    library `factor` or explicit factors (`ef_kg` per `ef_unit`'s denominator),
    measured gas masses, or a notation key with its explanation."""

    id = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()
    position = serializers.IntegerField(read_only=True)
    gpc_ref = serializers.CharField(help_text=_("GPC reference number of the cell, e.g. I.1.1."))
    activity = serializers.CharField(max_length=300, allow_blank=True, default="")
    amount = NumberField(allow_null=True, default=None)
    unit = serializers.CharField(max_length=30, allow_blank=True, default="")
    factor = serializers.CharField(
        max_length=100,
        allow_blank=True,
        default="",
        help_text=_(
            "A library factor's code, or an activity (natural_gas, electricity) for the "
            "most specific factor: the local government's, the country's, the IPCC default."
        ),
    )
    ef_kg = serializers.DictField(
        child=NumberField(),
        default=dict,
        help_text=_('Explicit factors, kg of each gas per unit, e.g. {"CO2": 56100}.'),
    )
    ef_unit = serializers.CharField(
        max_length=30, allow_blank=True, default="", help_text=_("e.g. kg/TJ, kg/MWh.")
    )
    ncv = NumberField(
        allow_null=True,
        default=None,
        help_text=_("Net calorific value given on the line; null when the factor's applies."),
    )
    ncv_unit = serializers.CharField(max_length=30, allow_blank=True, default="")
    density = NumberField(allow_null=True, default=None)
    density_unit = serializers.CharField(max_length=30, allow_blank=True, default="")
    measured_kg = serializers.DictField(
        child=NumberField(), default=dict, help_text=_("Measured gas masses, kg.")
    )
    measured_biogenic_co2_kg = NumberField(allow_null=True, default=None)
    notation_key = serializers.CharField(
        max_length=2, allow_blank=True, default="", help_text=_("NO, IE, NE or C.")
    )
    explanation = serializers.CharField(max_length=COMMENT_LENGTH, allow_blank=True, default="")
    data_quality = serializers.ChoiceField(
        choices=DataQuality.choices, allow_blank=True, default=""
    )
    source = serializers.CharField(max_length=COMMENT_LENGTH, allow_blank=True, default="")
    comment = serializers.CharField(max_length=COMMENT_LENGTH, allow_blank=True, default="")
    gases_kg = serializers.DictField(
        child=serializers.FloatField(), read_only=True, help_text=_("The line's kg of each gas.")
    )
    biogenic_co2_kg = serializers.FloatField(read_only=True)
    factor_snapshot = FactorSnapshotSerializer(read_only=True, allow_null=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, line) -> str:
        return reverse(
            "inventory-line-detail",
            kwargs={"inventory_id": line.inventory_id, "pk": line.pk},
            request=self.context["request"],
        )

    def to_representation(self, line):
        return {
            "id": line.pk,
            "url": self.get_url(line),
            "position": line.position,
            **_as_written(line),
            "gases_kg": line.gases_kg,
            "biogenic_co2_kg": line.biogenic_co2_kg,
            "factor_snapshot": _snapshot(line),
        }

    def validate(self, attrs):
        # A PATCH changes the line as the API shows it.
        if self.partial and self.instance is not None:
            attrs = {**_as_written(self.instance), **attrs}
        return attrs


def _as_written(line: InventoryLine) -> dict:
    """The line as it was written: the input fields that build it again."""
    library = line.factor if line.factor_id else None
    activity = line.amount is not None
    measured = not activity and not line.notation_key

    def given(value, unit, library_value, library_unit):
        # What the library supplied was not given on the line.
        if not activity or (library and (value, unit) == (library_value, library_unit)):
            return None, ""
        return value, unit

    ncv, ncv_unit = given(
        line.ncv, line.ncv_unit, library and library.ncv, library and library.ncv_unit
    )
    density, density_unit = given(
        line.density,
        line.density_unit,
        library and library.density,
        library and library.density_unit,
    )
    explicit = activity and library is None
    return {
        "gpc_ref": line.gpc_ref,
        "activity": line.activity,
        "amount": line.amount,
        "unit": line.unit,
        "factor": library.code if library and activity else "",
        "ef_kg": line.factor_kg_per_unit if explicit else {},
        "ef_unit": line.factor_unit if explicit else "",
        "ncv": ncv,
        "ncv_unit": ncv_unit,
        "density": density,
        "density_unit": density_unit,
        "measured_kg": line.measured_kg,
        "measured_biogenic_co2_kg": line.biogenic_co2_kg
        if measured and (line.biogenic_co2_kg or not line.measured_kg)
        else None,
        "notation_key": line.notation_key,
        "explanation": line.explanation,
        "data_quality": line.data_quality,
        "source": line.source,
        "comment": line.comment,
    }


def _snapshot(line: InventoryLine) -> dict | None:
    if line.amount is None:
        return None
    return {
        "code": line.factor.code if line.factor_id else None,
        "kg_per_unit": line.factor_kg_per_unit,
        "unit": line.factor_unit,
        "biogenic_co2_kg_per_unit": line.factor_biogenic_co2_kg_per_unit,
        "ncv": line.ncv,
        "ncv_unit": line.ncv_unit,
        "density": line.density,
        "density_unit": line.density_unit,
    }


def _line_data(attrs: dict) -> LineData:
    return LineData(
        **{LINE_INPUT[name]: value for name, value in attrs.items() if name in LINE_INPUT}
    )


def _line_field(field: str, data: LineData) -> str:
    """The API field a ghg.LineError's `field` is about, for this line: the lines
    file's column (services.line_error_column), with the gases' columns as the
    API's dictionaries."""
    column = line_error_column(field, data)
    if column is None:
        return api_settings.NON_FIELD_ERRORS_KEY
    if column == "biogenic_co2_kg":
        return "measured_biogenic_co2_kg"
    if column.endswith("_kg"):
        return "measured_kg"
    if column.startswith("ef_") and column != "ef_unit":
        return "ef_kg"
    return column


def _refused(error: LinesInvalid, data: LineData) -> serializers.ValidationError:
    detail: dict[str, list[str]] = {}
    for line_error in error.errors:
        detail.setdefault(_line_field(line_error.field, data), []).append(line_error.reason)
    return serializers.ValidationError(detail)


@transaction.atomic
def _rebuild_line(*, line: InventoryLine, data: LineData) -> InventoryLine:
    # Checked and calculated as a new line would be, in the same place.
    (rebuilt,) = build_lines(line.inventory, [data])
    rebuilt.pk, rebuilt.position = line.pk, line.position
    rebuilt.save()
    inventory_summarise(inventory=line.inventory)
    return rebuilt


# Serializers: the emission-factor library


class EmissionFactorSerializer(ModelCleanSerializer):
    """Kilograms of each gas per unit of an activity, with its source, for the
    world (IPCC defaults), a country or one local government."""

    url = serializers.HyperlinkedIdentityField(
        view_name="emission-factor-detail", lookup_field="code"
    )
    kg_per_unit = serializers.DictField(
        child=NumberField(bound="EMISSION_FACTOR"),
        help_text=_('kg of each gas per unit, e.g. {"CO2": 56100, "CH4": 5, "N2O": 0.1}.'),
    )
    country = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Country.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("ISO 3166-1 code, for a country's factor (entered by its office)."),
    )
    local_government = VisibleLocalGovernmentField(
        allow_null=True,
        required=False,
        help_text=_("Code of the local government, for its own factor."),
    )
    level = serializers.ChoiceField(choices=FACTOR_LEVELS, read_only=True)

    class Meta:
        model = EmissionFactor
        fields = [
            "code",
            "url",
            "name",
            "activity",
            "category",
            "unit",
            "kg_per_unit",
            "biogenic_co2_kg_per_unit",
            "ncv",
            "ncv_unit",
            "density",
            "density_unit",
            "level",
            "country",
            "local_government",
            "valid_from",
            "valid_to",
            "source",
        ]

    def validate_code(self, value: str) -> str:
        # Lines and files name factors by code.
        if self.instance is not None and value != self.instance.code:
            raise serializers.ValidationError(
                gettext("The code is a stable identifier and cannot be changed.")
            )
        return value

    def validate_kg_per_unit(self, value: dict) -> dict:
        if not value:
            raise serializers.ValidationError(gettext("Give the factor of at least one gas."))
        factors: dict[str, float] = {}
        for name, kg in value.items():
            try:
                key = gas(name)
            except GWPError as error:
                raise serializers.ValidationError(str(error)) from None
            if key in factors:
                raise serializers.ValidationError(gettext("%(gas)s is given twice.") % {"gas": key})
            factors[key] = kg
        return factors

    def _unit(self, value: str) -> str:
        if value:
            try:
                parse_unit(value)
            except UnitError as error:
                raise serializers.ValidationError(str(error)) from None
        return value.strip()

    def validate_unit(self, value: str) -> str:
        return self._unit(value)

    def validate_ncv_unit(self, value: str) -> str:
        return self._unit(value)

    def validate_density_unit(self, value: str) -> str:
        return self._unit(value)

    def validate(self, attrs):
        def current(name):
            if name in attrs:
                return attrs[name]
            return getattr(self.instance, name) if self.instance else None

        if current("country") is not None and current("local_government") is not None:
            raise serializers.ValidationError(
                {
                    "local_government": gettext(
                        "A local government's own factor has no country of its own; "
                        "give a country or a local government, not both."
                    )
                }
            )
        for value, unit in (("ncv", "ncv_unit"), ("density", "density_unit")):
            if current(value) is not None and not current(unit):
                raise serializers.ValidationError(
                    {unit: gettext("Give the unit of the %(value)s.") % {"value": value}}
                )
        return super().validate(attrs)


# Views


@extend_schema_view(
    move=extend_schema(
        summary="Move an inventory to its next status",
        description="`submit` a draft (its editors or covering office), `return` a submitted "
        "inventory to draft, `verify` it, `publish` a verified one (the covering office or "
        "the secretariat). Each step but `return` stamps who and when.",
        request=InventoryMoveSerializer,
        responses={
            200: InventorySerializer,
            400: OpenApiResponse(description="The step does not apply to this status."),
            403: OpenApiResponse(description="Not for this person to take."),
        },
    ),
    correct=extend_schema(
        summary="Reopen a published inventory as a correction",
        description="A new draft version of the same year with a copy of the lines, which "
        "supersedes the published version once it is published itself; until then the "
        "published version counts. The covering office or the secretariat; one open "
        "correction a year.",
        request=None,
        responses={
            201: InventorySerializer,
            400: OpenApiResponse(
                description="Not published, or a correction of the year is already open."
            ),
            403: OpenApiResponse(description="Not for this person to take."),
        },
    ),
    recalculate=extend_schema(
        summary="Recalculate a draft with the library's current factors",
        request=None,
        responses={
            200: RecalculatedSerializer,
            403: OpenApiResponse(description="Not a draft, or not this person's to edit."),
        },
    ),
    results=extend_schema(
        summary="Results under a GWP set",
        description="Computed from the stored gas masses, which no GWP set changes.",
        parameters=[
            OpenApiParameter(
                "gwp",
                str,
                enum=list(GWP_SETS),
                description="The GWP set; the inventory's own by default.",
            )
        ],
        responses={
            200: ResultsSerializer,
            400: OpenApiResponse(description="Not a known GWP set (the answer names them)."),
        },
    ),
)
class InventoryViewSet(viewsets.ModelViewSet):
    """GHG inventories: published ones for everyone; every status for the local
    government's editors and viewers, its offices and the secretariat. Editors
    and covering offices create inventories and change, recalculate and delete
    drafts (a submitted inventory answers 403); statuses change only by `move`."""

    serializer_class = InventorySerializer
    permission_classes = [InventoryPermission]
    filter_backends = [RefuseNulParameters, DjangoFilterBackend]
    filterset_class = InventoryFilter

    def get_queryset(self):
        return inventories_visible_to(self.request.user).select_related(
            "local_government__country",
            "submitted_by",
            "verified_by",
            "published_by",
            "supersedes",
            "correction",
        )

    def perform_create(self, serializer) -> None:
        if not can_create_inventory(
            self.request.user, serializer.validated_data["local_government"]
        ):
            raise PermissionDenied
        serializer.save()

    @action(detail=True, methods=["post"], serializer_class=InventoryMoveSerializer)
    def move(self, request, pk=None):
        inventory = self.get_object()
        move = self.get_serializer(data=request.data)
        move.is_valid(raise_exception=True)
        try:
            inventory_move(inventory=inventory, step=move.validated_data["step"], user=request.user)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"step": error.messages}) from error
        return Response(InventorySerializer(inventory, context=self.get_serializer_context()).data)

    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        inventory = self.get_object()
        try:
            correction = inventory_correct(inventory=inventory, user=request.user)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"status": error.messages}) from error
        return Response(
            InventorySerializer(correction, context=self.get_serializer_context()).data,
            status=201,
        )

    def perform_destroy(self, instance) -> None:
        try:
            inventory_delete(inventory=instance)
        except DjangoValidationError as error:
            raise PermissionDenied(error.messages[0]) from error

    @action(detail=True, methods=["post"], serializer_class=RecalculatedSerializer)
    def recalculate(self, request, pk=None):
        inventory = self.get_object()
        try:
            changed = inventory_recalculate(inventory=inventory)
        except DjangoValidationError as error:
            raise PermissionDenied(error.messages[0]) from error
        return Response({"changed_lines": changed})

    @action(detail=True, methods=["get"], serializer_class=ResultsSerializer, filter_backends=[])
    def results(self, request, pk=None):
        inventory = self.get_object()
        gwp = request.query_params.get("gwp")
        try:
            results = inventory_results(inventory, gwp)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        except GWPError as error:
            raise serializers.ValidationError({"gwp": [str(error)]}) from error
        return Response(ResultsSerializer(results_summary(results)).data)


INVENTORY_ID = OpenApiParameter(
    "inventory_id", int, OpenApiParameter.PATH, description="The inventory's id."
)


@extend_schema_view(
    **{
        name: extend_schema(parameters=[INVENTORY_ID])
        for name in ("list", "create", "retrieve", "update", "partial_update", "destroy")
    }
)
class InventoryLineViewSet(viewsets.ModelViewSet):
    """An inventory's lines, read with it and written while it is a draft (403
    otherwise). Each write checks and calculates the line through the services
    and updates the inventory's totals; a line that cannot be calculated is a
    400 naming the field. An update keeps the line's position; a PATCH changes
    the line as it reads, so switching from an amount to a notation key sends
    `"amount": null` too."""

    serializer_class = InventoryLineSerializer
    permission_classes = [InventoryLinePermission]
    filter_backends = []

    @property
    def inventory(self) -> Inventory:
        if not hasattr(self, "_inventory"):
            self._inventory = get_object_or_404(
                inventories_visible_to(self.request.user).select_related(
                    "local_government__country"
                ),
                pk=self.kwargs["inventory_id"],
            )
        return self._inventory

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InventoryLine.objects.none()
        return self.inventory.lines.select_related("factor").order_by("position", "pk")

    def perform_create(self, serializer) -> None:
        data = _line_data(serializer.validated_data)
        serializer.instance = self._save(
            lambda: inventory_add_line(inventory=self.inventory, data=data), data
        )

    def perform_update(self, serializer) -> None:
        data = _line_data(serializer.validated_data)
        line = serializer.instance
        serializer.instance = self._save(lambda: _rebuild_line(line=line, data=data), data)

    def perform_destroy(self, instance) -> None:
        self._save(lambda: inventory_delete_line(line=instance), None)

    def _save(self, write, data: LineData | None):
        try:
            line = write()
        except LinesInvalid as error:
            raise _refused(error, data) from error
        except DjangoValidationError as error:
            # The inventory left draft since the permission check.
            raise PermissionDenied(error.messages[0]) from error
        return line and InventoryLine.objects.select_related("factor").get(pk=line.pk)


class EmissionFactorViewSet(viewsets.ModelViewSet):
    """The emission-factor library: IPCC defaults and country factors for everyone,
    a local government's own factors where its unpublished details are seen.
    The secretariat keeps the defaults, covering offices a country's factors,
    a local government's editors and offices its own."""

    serializer_class = EmissionFactorSerializer
    permission_classes = [EmissionFactorPermission]
    lookup_field = "code"
    lookup_value_regex = FACTOR_CODE
    filter_backends = [RefuseNulParameters, DjangoFilterBackend]
    filterset_class = EmissionFactorFilter

    def get_queryset(self):
        return factors_visible_to(self.request.user).select_related(
            "country__region", "local_government__country"
        )

    def perform_create(self, serializer) -> None:
        self._check_level(serializer.validated_data)
        serializer.save(created_by=self.request.user)

    def perform_update(self, serializer) -> None:
        # Moving a factor to another level of the library is adding it there.
        instance = serializer.instance
        self._check_level(
            {
                "country": serializer.validated_data.get("country", instance.country),
                "local_government": serializer.validated_data.get(
                    "local_government", instance.local_government
                ),
            }
        )
        serializer.save()

    def _check_level(self, values) -> None:
        if not can_edit_factor(
            self.request.user,
            country=values.get("country"),
            local_government=values.get("local_government"),
        ):
            raise PermissionDenied


router = Router()
router.register("inventories", InventoryViewSet, basename="inventory")
router.register(
    r"inventories/(?P<inventory_id>[0-9]+)/lines", InventoryLineViewSet, basename="inventory-line"
)
router.register("emission-factors", EmissionFactorViewSet, basename="emission-factor")
