"""The Ecological Footprint: reference values, World Congress rounds and members' footprints.

- `NationalFootprint`: a country's footprint per person by consumption
  category (and by land type where known), with its source and licence,
  entered by the secretariat; the top-down estimate scales it.
- `Biocapacity`: the world's biocapacity per person in a year, with its
  source; the network's "number of Earths" divides by it.
- `CongressRound`: the footprints members report at one World Congress,
  with the years a footprint reported there may be of.
- `Footprint`: one member's footprint in one round, from its own study or
  estimated top-down; reported by the member, verified by its regional
  office or the secretariat. Every figure is stored in gha (by category and
  by land type where given); an estimate keeps the reference values and
  factors it was computed with, so it stays traceable when a reference is
  corrected later.

The rules live in services.py (`footprint_report_study`, `footprint_report_estimate`,
`footprint_verify`, `national_footprint_save`); permissions.py says who may.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from localaction.core import footprint as method
from localaction.governance.models import Meeting
from localaction.network.models import Country, LocalGovernment
from localaction.validators import DOCUMENT_VALIDATORS

__all__ = ["Biocapacity", "CongressRound", "Footprint", "NationalFootprint"]

CATEGORY_NAMES = {
    "food": _("Food"),
    "housing": _("Housing"),
    "personal_transport": _("Personal transport"),
    "goods": _("Goods"),
    "services": _("Services"),
    "government_capital": _("Government and capital"),
}
LAND_TYPE_NAMES = {
    "cropland": _("Cropland"),
    "grazing_land": _("Grazing land"),
    "forest_products": _("Forest products"),
    "fishing_grounds": _("Fishing grounds"),
    "built_up_land": _("Built-up land"),
    "carbon": _("Carbon"),
}
assert tuple(CATEGORY_NAMES) == method.CATEGORIES
assert tuple(LAND_TYPE_NAMES) == method.LAND_TYPES


def named(breakdown: dict, names: dict) -> list[tuple[str, str, float]]:
    """A breakdown (key → value) as (key, name, value) rows in the method's order."""
    return [(key, str(name), breakdown[key]) for key, name in names.items() if key in breakdown]


class NationalFootprint(models.Model):
    """A country's Ecological Footprint per person in a year, by consumption
    category (every category: the estimate needs them all) and by land type
    where the source gives it, in gha / person."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    by_category = models.JSONField(
        _("by consumption category"), default=dict, help_text=_("gha / person per category.")
    )
    by_land_type = models.JSONField(
        _("by land type"), default=dict, blank=True, help_text=_("gha / person per land type.")
    )
    per_person = models.FloatField(_("footprint per person (gha / person)"))
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source address"), blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Illustrative values, not published data (the demo's)."),
    )

    class Meta:
        ordering = ["country__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["country", "year"], name="national_footprint_once")
        ]
        verbose_name = _("national footprint")
        verbose_name_plural = _("national footprints")

    def __str__(self) -> str:
        return f"{self.country.name} {self.year}"

    def categories(self) -> list[tuple[str, str, float]]:
        return named(self.by_category, CATEGORY_NAMES)

    def land_types(self) -> list[tuple[str, str, float]]:
        return named(self.by_land_type, LAND_TYPE_NAMES)


class Biocapacity(models.Model):
    """The world's biocapacity per person in a year (gha / person), with its source."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    per_person = models.FloatField(_("biocapacity per person (gha / person)"))
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source address"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("world biocapacity")
        verbose_name_plural = _("world biocapacity")

    def __str__(self) -> str:
        return f"{self.year}: {self.per_person:g} gha / person"


class CongressRound(models.Model):
    """The footprints members report at one World Congress: of the years from
    `first_year` to `last_year` (the reporting window)."""

    year = models.PositiveSmallIntegerField(_("year of the Congress"), unique=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Council meeting at the Congress"),
    )
    first_year = models.PositiveSmallIntegerField(_("first year of a footprint"))
    last_year = models.PositiveSmallIntegerField(_("last year of a footprint"))

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_year__lte=models.F("last_year")),
                name="congress_round_window",
            )
        ]
        verbose_name = _("World Congress round")
        verbose_name_plural = _("World Congress rounds")

    def __str__(self) -> str:
        return str(_("World Congress %(year)s") % {"year": self.year})

    def biocapacity(self) -> Biocapacity | None:
        """The world biocapacity reference: the latest of a year up to the Congress."""
        return Biocapacity.objects.filter(year__lte=self.year).order_by("-year").first()


def _document_path(instance, filename: str) -> str:
    return f"footprints/{instance.local_government_id}/{Path(filename).name}"


class FootprintQuerySet(models.QuerySet):
    def verified(self) -> FootprintQuerySet:
        return self.filter(status=Footprint.Status.VERIFIED)


class Footprint(models.Model):
    """One member's Ecological Footprint, reported at a World Congress."""

    class Kind(models.TextChoices):
        STUDY = "study", _("own study")
        ESTIMATE = "estimate", _("estimate")

    class Status(models.TextChoices):
        REPORTED = "reported", _("reported")
        VERIFIED = "verified", _("verified")

    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="footprints",
        verbose_name=_("local government"),
    )
    round = models.ForeignKey(
        CongressRound,
        on_delete=models.PROTECT,
        related_name="footprints",
        verbose_name=_("World Congress"),
    )
    kind = models.CharField(_("way in"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveBigIntegerField(_("population"))
    total = models.FloatField(_("footprint (gha)"))
    by_category = models.JSONField(_("by consumption category (gha)"), default=dict, blank=True)
    by_land_type = models.JSONField(_("by land type (gha)"), default=dict, blank=True)
    # An own study
    method = models.CharField(_("method"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    document = models.FileField(
        _("source document"),
        upload_to=_document_path,
        blank=True,
        validators=DOCUMENT_VALIDATORS,
    )
    # An estimate: what it was computed with, kept as it was.
    reference = models.ForeignKey(
        NationalFootprint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("national reference"),
    )
    reference_values = models.JSONField(
        _("reference values used"),
        default=dict,
        blank=True,
        help_text=_("The national reference as the estimate used it."),
    )
    factors = models.JSONField(_("adjustment factors"), default=dict, blank=True)
    evidence = models.JSONField(_("evidence per factor"), default=dict, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REPORTED
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    objects = FootprintQuerySet.as_manager()

    class Meta:
        ordering = ["local_government", "-round__year"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "round"], name="one_footprint_per_round"
            )
        ]
        verbose_name = _("footprint")
        verbose_name_plural = _("footprints")

    def __str__(self) -> str:
        return f"{self.local_government.name}, {self.year} ({self.round})"

    def get_absolute_url(self) -> str:
        return reverse("footprints:footprint", args=[self.local_government.code, self.pk])

    @property
    def per_person(self) -> float:
        """gha / person."""
        return self.total / self.population

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    def categories(self) -> list[tuple[str, str, float]]:
        return named(self.by_category, CATEGORY_NAMES)

    def land_types(self) -> list[tuple[str, str, float]]:
        return named(self.by_land_type, LAND_TYPE_NAMES)

    def category_rows(self) -> list[tuple[str, float, float]]:
        """(name, gha, gha / person) per category given."""
        return [(name, value, value / self.population) for _k, name, value in self.categories()]

    def land_type_rows(self) -> list[tuple[str, float, float]]:
        """(name, gha, gha / person) per land type given."""
        return [(name, value, value / self.population) for _k, name, value in self.land_types()]

    def factor_rows(self) -> list[tuple[str, float, str, float | None]]:
        """(category name, factor, evidence, national gha / person) per category of an estimate."""
        national = self.reference_values.get("by_category", {})
        return [
            (str(name), self.factors.get(key, 1.0), self.evidence.get(key, ""), national.get(key))
            for key, name in CATEGORY_NAMES.items()
        ]
