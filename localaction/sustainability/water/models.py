"""Water accounts (the Water Campaign): members' water inventories and the
quantified benefits of their water actions.

- `WaterInventory`: one member's water accounts of one year — consumption by
  user sector and source (`WaterConsumption`, m³), the losses of its supply
  (the IWA water balance: system input, billed and unbilled authorised
  consumption, apparent losses), water quality (`WaterQuality`, against the
  WHO guideline values) and the population served. A draft while the member
  works on it; submitted; verified by its office (or the secretariat), as GHG
  inventories are. Its total is kept on it (`total_m3`) whenever its lines
  change, so that the network and other indicators read one number.
- `WaterBenefit`: what one of the member's actions (campaigns.Action) saves a
  year: m³ of water, the energy to supply it (kWh, through an energy
  intensity stated with its source) and the emissions avoided (through the
  grid electricity factor of the member's country, snapshotted with its
  source).

The rules live in services.py; permissions.py says who may.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from localaction.campaigns.models import Action
from localaction.core import water as method
from localaction.network.models import LocalGovernment
from localaction.validators import InBounds

__all__ = ["WaterBenefit", "WaterConsumption", "WaterInventory", "WaterQuality"]

SECTOR_NAMES = {
    "residential": _("Residential"),
    "commercial": _("Commercial"),
    "industrial": _("Industrial"),
    "municipal": _("Municipal operations"),
    "agriculture": _("Agriculture"),
}
SOURCE_NAMES = {
    "surface": _("Surface water"),
    "groundwater": _("Groundwater"),
    "desalinated": _("Desalinated water"),
    "recycled": _("Recycled or reused water"),
    "rainwater": _("Rainwater"),
    "bulk_purchase": _("Bulk purchase"),
}
QUALITY_NAMES = {
    "compliant_share": _("Samples compliant with drinking-water standards"),
    "e_coli": _("E. coli"),
    "turbidity": _("Turbidity"),
    "nitrate": _("Nitrate (as NO3-)"),
    "nitrite": _("Nitrite (as NO2-)"),
    "arsenic": _("Arsenic"),
    "fluoride": _("Fluoride"),
    "lead": _("Lead"),
}
assert tuple(SECTOR_NAMES) == method.SECTORS
assert tuple(SOURCE_NAMES) == method.SOURCES
assert tuple(QUALITY_NAMES) == tuple(method.quality_indicators())

VOLUME = [InBounds("AMOUNT")]


class WaterInventoryQuerySet(models.QuerySet):
    def reported(self) -> WaterInventoryQuerySet:
        """Submitted or verified: what the member stands by."""
        return self.exclude(status=WaterInventory.Status.DRAFT)

    def verified(self) -> WaterInventoryQuerySet:
        return self.filter(status=WaterInventory.Status.VERIFIED)


class WaterInventory(models.Model):
    """A member's water accounts of one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")

    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="water_inventories",
        verbose_name=_("local government"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[InBounds("YEAR")])
    population_served = models.PositiveBigIntegerField(
        _("population served"), help_text=_("People the public supply serves.")
    )
    # The IWA water balance, m³ a year; blank where the supply does not know it.
    system_input_m3 = models.FloatField(
        _("system input volume (m³)"), null=True, blank=True, validators=VOLUME
    )
    billed_m3 = models.FloatField(
        _("billed authorised consumption (m³)"), null=True, blank=True, validators=VOLUME
    )
    unbilled_m3 = models.FloatField(
        _("unbilled authorised consumption (m³)"), null=True, blank=True, validators=VOLUME
    )
    apparent_losses_m3 = models.FloatField(
        _("apparent losses (m³)"),
        null=True,
        blank=True,
        validators=VOLUME,
        help_text=_("Unauthorised consumption and metering inaccuracies."),
    )
    source = models.CharField(
        _("source of the figures"),
        max_length=300,
        blank=True,
        help_text=_("e.g. the utility's annual report 2024, billing records."),
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    total_m3 = models.FloatField(_("consumption (m³)"), default=0.0, editable=False)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    objects = WaterInventoryQuerySet.as_manager()

    class Meta:
        ordering = ["local_government", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "year"], name="one_water_inventory_per_year"
            )
        ]
        verbose_name = _("water inventory")
        verbose_name_plural = _("water inventories")

    def __str__(self) -> str:
        return str(
            _("Water inventory %(year)s of %(name)s")
            % {"year": self.year, "name": self.local_government.name}
        )

    def get_absolute_url(self) -> str:
        return reverse("water:inventory", args=[self.local_government.code, self.year])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    def totals(self, lines: list[WaterConsumption] | None = None) -> method.Totals:
        """Consumption in all, by sector and by source (m³), from the lines."""
        rows = self.lines.all() if lines is None else lines
        return method.totals(method.Line(one.sector, one.source, one.m3) for one in rows)

    @property
    def litres_per_person_day(self) -> float | None:
        if not self.population_served:
            return None
        return method.litres_per_person_day(self.total_m3, self.population_served, self.year)

    def balance(self) -> method.WaterBalance | None:
        """The water balance, where the system input and billed volumes are known."""
        if self.system_input_m3 is None or self.billed_m3 is None or not self.system_input_m3:
            return None
        return method.WaterBalance(
            self.system_input_m3, self.billed_m3, self.unbilled_m3 or 0.0, self.apparent_losses_m3
        )


class WaterConsumption(models.Model):
    """Water one user sector took from one source in the inventory's year, as
    entered (amount and unit) and in m³."""

    inventory = models.ForeignKey(
        WaterInventory, on_delete=models.CASCADE, related_name="lines", verbose_name=_("inventory")
    )
    sector = models.CharField(_("user sector"), max_length=20, choices=list(SECTOR_NAMES.items()))
    source = models.CharField(_("source"), max_length=20, choices=list(SOURCE_NAMES.items()))
    amount = models.FloatField(_("amount"), validators=VOLUME)
    unit = models.CharField(_("unit"), max_length=30)
    m3 = models.FloatField(_("volume (m³)"), validators=VOLUME)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["inventory", "sector", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["inventory", "sector", "source"], name="one_water_line_per_cell"
            )
        ]
        verbose_name = _("water consumption")
        verbose_name_plural = _("water consumption")

    def __str__(self) -> str:
        return f"{self.get_sector_display()}, {self.get_source_display()}: {self.m3:g} m³"


class WaterQuality(models.Model):
    """One water-quality indicator of the inventory's year, in the indicator's unit."""

    inventory = models.ForeignKey(
        WaterInventory,
        on_delete=models.CASCADE,
        related_name="quality",
        verbose_name=_("inventory"),
    )
    indicator = models.CharField(_("indicator"), max_length=20, choices=list(QUALITY_NAMES.items()))
    value = models.FloatField(_("value"))
    samples = models.PositiveIntegerField(_("samples"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["inventory", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["inventory", "indicator"], name="one_water_quality_per_indicator"
            )
        ]
        verbose_name = _("water quality")
        verbose_name_plural = _("water quality")

    def __str__(self) -> str:
        return f"{self.get_indicator_display()}: {self.value:g} {self.definition.unit}"

    @property
    def definition(self) -> method.QualityIndicator:
        return method.quality_indicators()[self.indicator]

    @property
    def complies(self) -> bool | None:
        return self.definition.complies(self.value)


class WaterBenefitQuerySet(models.QuerySet):
    def under_way(self) -> WaterBenefitQuerySet:
        """Of actions in progress or completed: benefits that are real, not planned."""
        return self.filter(action__status__in=[Action.Status.IN_PROGRESS, Action.Status.COMPLETED])


class WaterBenefit(models.Model):
    """What one action saves a year: water, the energy to supply it and the
    emissions of that energy, with the intensity and factor used."""

    action = models.OneToOneField(
        Action, on_delete=models.CASCADE, related_name="water_benefit", verbose_name=_("action")
    )
    # The action's member, kept here so that benefits are read per member
    # without a join (and the milestone registry's proofs name it).
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="water_benefits",
        verbose_name=_("local government"),
    )
    amount = models.FloatField(_("water saved a year"), validators=VOLUME)
    unit = models.CharField(_("unit"), max_length=30)
    m3_saved = models.FloatField(_("water saved a year (m³)"), validators=VOLUME)
    energy_intensity = models.FloatField(
        _("energy intensity (kWh / m³)"),
        help_text=_("Electricity to abstract, treat and distribute one m³."),
    )
    energy_intensity_source = models.CharField(_("source of the energy intensity"), max_length=400)
    kwh_saved = models.FloatField(_("energy saved a year (kWh)"))
    factor_year = models.PositiveSmallIntegerField(
        _("year of the grid factor"), validators=[InBounds("YEAR")]
    )
    grid_factor = models.FloatField(_("grid factor (kg CO2e / kWh)"), null=True, blank=True)
    grid_factor_name = models.CharField(_("grid factor"), max_length=200, blank=True)
    grid_factor_source = models.TextField(_("source of the grid factor"), blank=True)
    kg_co2e_avoided = models.FloatField(
        _("emissions avoided a year (kg CO2e)"), null=True, blank=True
    )
    quality_benefit = models.CharField(
        _("benefit to water quality"),
        max_length=300,
        blank=True,
        help_text=_("e.g. nitrate below 25 mg/l in the catchment's wells."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = WaterBenefitQuerySet.as_manager()

    class Meta:
        ordering = ["local_government", "action"]
        constraints = [
            models.CheckConstraint(
                condition=Q(energy_intensity__gte=0), name="water_benefit_intensity_positive"
            )
        ]
        verbose_name = _("water benefit")
        verbose_name_plural = _("water benefits")

    def __str__(self) -> str:
        return f"{self.action}: {self.m3_saved:g} m³ / year"

    def get_absolute_url(self) -> str:
        return reverse("water:benefits", args=[self.local_government.code]) + f"#benefit-{self.pk}"

    @property
    def t_co2e_avoided(self) -> float | None:
        return None if self.kg_co2e_avoided is None else self.kg_co2e_avoided / 1000
