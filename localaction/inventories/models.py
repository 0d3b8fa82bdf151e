"""Community GHG inventories (GPC) and the emission-factor library they draw on.

Gas masses are stored per gas in kilograms; CO2e is always computed from them
and a named GWP set, never stored as the only value. Each line keeps a
snapshot of the factor values it used, so editing the library never changes a
submitted inventory.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from localaction.core.coverage import SCOPES, SECTOR_REFS
from localaction.core.gwp import GWPError, gas, in_basket_order
from localaction.core.quantities import COMMENT_LENGTH, DESCRIPTION_LENGTH, EMISSION_FACTOR
from localaction.core.units import UnitError, parse_unit
from localaction.network.models import Country, LocalGovernment
from localaction.validators import InBounds, InDates, bound_message

# The UNFCCC base year: no community inventory reaches further back.
FIRST_YEAR = 1990


class NotationKey(models.TextChoices):
    """GPC notation keys for cells without a number (GPC v1.1, Table 2.3)."""

    NO = "NO", _("NO — not occurring")
    IE = "IE", _("IE — included elsewhere")
    NE = "NE", _("NE — not estimated")
    C = "C", _("C — confidential")


class DataQuality(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


def _factor_problem(kg_per_unit: object) -> str | None:
    """What is wrong with a factor's kg of each gas per unit, or None."""
    if not isinstance(kg_per_unit, dict):
        return gettext("Give the kilograms of each gas per unit.")
    for name, kg in kg_per_unit.items():
        try:
            gas(name)
        except GWPError as error:
            return str(error)
        if not EMISSION_FACTOR.accepts(kg):
            return f"{name}: {bound_message(EMISSION_FACTOR)}"
    return None


class EmissionFactorQuerySet(models.QuerySet):
    def defaults(self) -> EmissionFactorQuerySet:
        return self.filter(country=None, local_government=None)

    def valid_in(self, year: int) -> EmissionFactorQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=year),
            Q(valid_to__isnull=True) | Q(valid_to__gte=year),
        )


class EmissionFactor(models.Model):
    """Kilograms of each gas emitted per unit of an activity, with its source.

    A factor belongs to the library of the world (IPCC defaults: no country,
    no local government), of a country (e.g. a national grid electricity
    factor, entered by an office) or of one local government. A line that
    names an activity rather than a factor gets the most specific one valid in
    the inventory year: the local government's, then the country's, then the
    default.
    """

    code = models.CharField(_("code"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    activity = models.CharField(
        _("activity"),
        max_length=60,
        help_text=_("What the factor applies to, e.g. natural_gas, electricity."),
    )
    category = models.CharField(
        _("category"),
        max_length=40,
        blank=True,
        help_text=_("IPCC source category, e.g. residential; blank for any."),
    )
    unit = models.CharField(
        _("per unit"), max_length=30, help_text=_("The activity unit, e.g. TJ or MWh.")
    )
    kg_per_unit = models.JSONField(
        _("kg per unit, by gas"), help_text=_('e.g. {"CO2": 56100, "CH4": 5, "N2O": 0.1}')
    )
    biogenic_co2_kg_per_unit = models.FloatField(
        _("biogenic CO2, kg per unit"),
        null=True,
        blank=True,
        validators=[InBounds("EMISSION_FACTOR")],
    )
    ncv = models.FloatField(
        _("net calorific value"),
        null=True,
        blank=True,
        validators=[InBounds("CALORIFIC_VALUE")],
    )
    ncv_unit = models.CharField(_("NCV unit"), max_length=30, blank=True)
    density = models.FloatField(
        _("density"), null=True, blank=True, validators=[InBounds("DENSITY")]
    )
    density_unit = models.CharField(_("density unit"), max_length=30, blank=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="emission_factors",
        verbose_name=_("country"),
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emission_factors",
        verbose_name=_("local government"),
    )
    valid_from = models.PositiveSmallIntegerField(
        _("valid from (year)"), null=True, blank=True, validators=[InBounds("YEAR")]
    )
    valid_to = models.PositiveSmallIntegerField(
        _("valid to (year)"), null=True, blank=True, validators=[InBounds("YEAR")]
    )
    source = models.TextField(_("source"), max_length=COMMENT_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()
    objects = EmissionFactorQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "category", "code"]
        verbose_name = _("emission factor")
        verbose_name_plural = _("emission factors")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="factor_validity_in_order",
            ),
        ]
        indexes = [models.Index(fields=["activity", "category"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.country_id and self.local_government_id:
            errors["country"] = gettext(
                "A factor belongs to a country or to a local government, not to both."
            )
        for name in ("unit", "ncv_unit", "density_unit"):
            if name == "unit" or getattr(self, name):
                try:
                    parse_unit(getattr(self, name))
                except UnitError as error:
                    errors[name] = str(error)
        for name in ("ncv", "density"):
            if getattr(self, name) is not None and not getattr(self, f"{name}_unit"):
                errors[f"{name}_unit"] = gettext("Give the unit of the %(value)s.") % {
                    "value": self._meta.get_field(name).verbose_name
                }
        problem = _factor_problem(self.kg_per_unit)
        if problem:
            errors["kg_per_unit"] = problem
        if errors:
            raise ValidationError(errors)

    @property
    def kg_per_unit_in_order(self) -> list[tuple[str, float]]:
        # JSON keeps no order on PostgreSQL: show gases in the basket's.
        return in_basket_order(self.kg_per_unit or {})

    @property
    def level(self) -> str:
        if self.local_government_id:
            return "local_government"
        return "country" if self.country_id else "default"


class InventoryQuerySet(models.QuerySet):
    def published(self) -> InventoryQuerySet:
        """The current published version of each year (a superseded one is not)."""
        return self.filter(status=Inventory.Status.PUBLISHED)

    def beyond_draft(self) -> InventoryQuerySet:
        """One version a year, beyond draft: a correction once submitted, else the
        published one; superseded versions and drafts never count."""
        return self.exclude(
            status__in=[Inventory.Status.DRAFT, Inventory.Status.SUPERSEDED]
        ).exclude(correction__status__in=[Inventory.Status.SUBMITTED, Inventory.Status.VERIFIED])


class Inventory(models.Model):
    """A local government's community-scale GHG inventory for one year (GPC).

    A published inventory is corrected as a new version of the same year (see
    `services.inventory_correct`): the correction `supersedes` it, goes through
    draft → submitted → verified → published again, and when it is published the
    version it corrects becomes superseded. A year has at most one published
    version and at most one version on its way to being published.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Superseded")

    # Statuses of a version on its way to publication.
    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.VERIFIED)

    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="inventories",
        verbose_name=_("local government"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period_start = models.DateField(
        _("period start"), null=True, blank=True, validators=[InDates("DATE")]
    )
    period_end = models.DateField(
        _("period end"), null=True, blank=True, validators=[InDates("DATE")]
    )
    boundary_note = models.TextField(_("boundary"), max_length=DESCRIPTION_LENGTH, blank=True)
    gwp_set = models.CharField(_("GWP set"), max_length=20, default="AR6GWP100")
    # Changed only by services.inventory_move and inventory_correct, which stamp
    # who and when: no form (the admin's included) edits it.
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    # A version is not deleted while a later one corrects it, unless both go
    # together (their local government deleted).
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        editable=False,
        related_name="correction",
        verbose_name=_("corrects"),
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = InventoryQuerySet.as_manager()

    class Meta:
        ordering = ["local_government", "-year"]
        verbose_name = _("GHG inventory")
        verbose_name_plural = _("GHG inventories")
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "year", "version"],
                name="one_inventory_per_year_and_version",
                violation_error_message=_(
                    "There is already an inventory of this year; a published one is "
                    "corrected by its office, as a new version."
                ),
            ),
            models.UniqueConstraint(
                fields=["local_government", "year"],
                condition=Q(status="published"),
                name="one_current_inventory_per_year",
            ),
            models.UniqueConstraint(
                fields=["local_government", "year"],
                condition=Q(status__in=["draft", "submitted", "verified"]),
                name="one_open_inventory_per_year",
                violation_error_message=_("This inventory is already being corrected."),
            ),
            models.CheckConstraint(
                condition=Q(version=1, supersedes__isnull=True)
                | Q(version__gt=1, supersedes__isnull=False),
                name="a_later_version_supersedes_another",
            ),
        ]
        # The report's first read: the published inventories of a window of
        # years, from the index alone.
        indexes = [
            models.Index(
                fields=["status", "year", "local_government"], name="inventory_status_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.local_government} {self.year}"

    def get_absolute_url(self) -> str:
        """The year's page; a later or superseded version names its version."""
        url = reverse("inventories:inventory", args=[self.local_government.code, self.year])
        if self.version > 1 or self.status == self.Status.SUPERSEDED:
            return f"{url}?version={self.version}"
        return url

    def get_version_url(self) -> str:
        """This version's page, whatever versions follow it."""
        url = reverse("inventories:inventory", args=[self.local_government.code, self.year])
        return f"{url}?version={self.version}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.year and not FIRST_YEAR <= self.year <= timezone.localdate().year:
            errors["year"] = gettext("An inventory year lies between %(first)s and this year.") % {
                "first": FIRST_YEAR
            }
        if self.period_start and self.period_end and self.period_start > self.period_end:
            errors["period_end"] = gettext("The period ends before it starts.")
        # Forms leave out the constraint on the version they do not show: a new
        # inventory of a year that has one is refused here (a correction is made
        # by services.inventory_correct, with `supersedes` set).
        if (
            self._state.adding
            and self.supersedes_id is None
            and self.local_government_id
            and self.year
            and Inventory.objects.filter(
                local_government_id=self.local_government_id, year=self.year
            ).exists()
        ):
            errors.setdefault(
                "year",
                gettext("%(name)s already has an inventory for %(year)s.")
                % {"name": self.local_government, "year": self.year},
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class InventoryLine(models.Model):
    """One entry of an inventory in one GPC cell: activity × factor, measured gas
    masses, or a notation key with its explanation.

    The computed gas masses are stored (kg); CO2e is not.
    """

    # The local government leads every high-volume table so that the schema
    # can be distributed by it (DESIGN.md, "Data and engines").
    local_government = models.ForeignKey(
        LocalGovernment, on_delete=models.CASCADE, related_name="+"
    )
    inventory = models.ForeignKey(Inventory, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    gpc_ref = models.CharField(_("GPC reference"), max_length=10)
    activity = models.CharField(_("activity"), max_length=300, blank=True)
    amount = models.FloatField(_("amount"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    # The factor: a library reference with the values it had (a snapshot), or
    # explicit values typed on the line.
    factor = models.ForeignKey(
        EmissionFactor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    factor_kg_per_unit = models.JSONField(default=dict, blank=True)
    factor_unit = models.CharField(max_length=30, blank=True)
    factor_biogenic_co2_kg_per_unit = models.FloatField(null=True, blank=True)
    ncv = models.FloatField(null=True, blank=True)
    ncv_unit = models.CharField(max_length=30, blank=True)
    density = models.FloatField(null=True, blank=True)
    density_unit = models.CharField(max_length=30, blank=True)
    measured_kg = models.JSONField(_("measured gas masses (kg)"), default=dict, blank=True)
    notation_key = models.CharField(
        _("notation key"), max_length=2, choices=NotationKey.choices, blank=True
    )
    explanation = models.TextField(_("explanation"), max_length=COMMENT_LENGTH, blank=True)
    data_quality = models.CharField(
        _("data quality"), max_length=6, choices=DataQuality.choices, blank=True
    )
    source = models.TextField(_("source"), max_length=COMMENT_LENGTH, blank=True)
    comment = models.TextField(_("comment"), max_length=COMMENT_LENGTH, blank=True)
    # Results: kilograms of each gas, computed when the line is saved.
    gases_kg = models.JSONField(default=dict, blank=True)
    biogenic_co2_kg = models.FloatField(default=0.0)

    class Meta:
        ordering = ["inventory", "gpc_ref", "position", "pk"]
        indexes = [models.Index(fields=["local_government", "inventory"])]

    def __str__(self) -> str:
        return f"{self.gpc_ref} {self.activity}"

    @property
    def gases_kg_in_order(self) -> list[tuple[str, float]]:
        return in_basket_order(self.gases_kg or {})

    @property
    def factor_kg_per_unit_in_order(self) -> list[tuple[str, float]]:
        return in_basket_order(self.factor_kg_per_unit or {})


class InventoryTotal(models.Model):
    """The inventory's mass of one gas in one GPC cell (kg), kept up to date in the
    same transaction as its lines, so that the network report reads these
    summaries and never the raw lines."""

    local_government = models.ForeignKey(
        LocalGovernment, on_delete=models.CASCADE, related_name="+"
    )
    inventory = models.ForeignKey(Inventory, on_delete=models.CASCADE, related_name="totals")
    gpc_ref = models.CharField(max_length=10)
    gas = models.CharField(max_length=20)
    kg = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inventory", "gpc_ref", "gas"], name="one_total_per_cell_and_gas"
            )
        ]
        indexes = [models.Index(fields=["local_government", "inventory"])]

    def __str__(self) -> str:
        return f"{self.inventory} {self.gpc_ref} {self.gas}: {self.kg} kg"


class InventoryLevelTotal(models.Model):
    """The inventory's mass of one gas in one GPC total (BASIC or BASIC+): in all,
    by sector and by scope (kg), as `core.coverage.level_sums` adds up its
    per-cell totals. Rewritten with them (`services.inventory_summarise`), so
    that the network report and the targets it converts read a few narrow rows
    per inventory instead of every cell. A blank mass is one that is not a
    finite number: the report leaves such an inventory out and says why."""

    local_government = models.ForeignKey(
        LocalGovernment, on_delete=models.CASCADE, related_name="+"
    )
    # Found by the unique index (inventory, level, …), which leads with it.
    inventory = models.ForeignKey(
        Inventory, on_delete=models.CASCADE, related_name="level_totals", db_index=False
    )
    level = models.CharField(max_length=12)
    gas = models.CharField(max_length=20)
    kg = models.FloatField(null=True)
    sector_i_kg = models.FloatField(null=True)
    sector_ii_kg = models.FloatField(null=True)
    sector_iii_kg = models.FloatField(null=True)
    sector_iv_kg = models.FloatField(null=True)
    sector_v_kg = models.FloatField(null=True)
    sector_vi_kg = models.FloatField(null=True)
    scope_1_kg = models.FloatField(null=True)
    scope_2_kg = models.FloatField(null=True)
    scope_3_kg = models.FloatField(null=True)

    # The sums' columns in core.coverage's order (SECTOR_REFS, then SCOPES).
    SECTOR_COLUMNS = tuple(f"sector_{ref.lower()}_kg" for ref in SECTOR_REFS)
    SCOPE_COLUMNS = tuple(f"scope_{scope}_kg" for scope in SCOPES)
    COLUMNS = ("kg", *SECTOR_COLUMNS, *SCOPE_COLUMNS)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inventory", "level", "gas"], name="one_level_total_per_gas"
            )
        ]

    def __str__(self) -> str:
        return f"{self.inventory} {self.level} {self.gas}: {self.kg} kg"


class InventoryLevelCO2e(models.Model):
    """The inventory's level sums of every gas weighted by one GWP set (t CO2e):
    in all, by sector and by scope, as `core.coverage.weigh_level_sums` makes
    them from its InventoryLevelTotal rows, one row per level and GWP set.

    The network report's totals cover every gas, so it reads one narrow row per
    inventory here instead of weighting and adding up each gas's row on every
    read (`localaction bench report`); a coverage of chosen gases (a target's)
    still weighs the per-gas rows. CO2e is never the only value kept: these
    rows are made from the gas masses, with them, and named by their set.
    `unweighted` counts the gases the set has no GWP for, `blank` those with a
    sum that is not a finite number, as the report needs to say why an
    inventory does not count."""

    local_government = models.ForeignKey(
        LocalGovernment, on_delete=models.CASCADE, related_name="+"
    )
    # Found by the unique index (inventory, level, …), which leads with it.
    inventory = models.ForeignKey(
        Inventory, on_delete=models.CASCADE, related_name="level_co2e", db_index=False
    )
    level = models.CharField(max_length=12)
    gwp_set = models.CharField(max_length=20)
    t = models.FloatField()
    sector_i_t = models.FloatField()
    sector_ii_t = models.FloatField()
    sector_iii_t = models.FloatField()
    sector_iv_t = models.FloatField()
    sector_v_t = models.FloatField()
    sector_vi_t = models.FloatField()
    scope_1_t = models.FloatField()
    scope_2_t = models.FloatField()
    scope_3_t = models.FloatField()
    unweighted = models.PositiveSmallIntegerField(default=0)
    blank = models.PositiveSmallIntegerField(default=0)

    # The tonnes' columns in core.coverage's order (in all, SECTOR_REFS, SCOPES).
    COLUMNS = (
        "t",
        *(f"sector_{ref.lower()}_t" for ref in SECTOR_REFS),
        *(f"scope_{scope}_t" for scope in SCOPES),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inventory", "level", "gwp_set"], name="one_level_co2e_per_gwp_set"
            )
        ]

    def __str__(self) -> str:
        return f"{self.inventory} {self.level} {self.gwp_set}: {self.t} t CO2e"
