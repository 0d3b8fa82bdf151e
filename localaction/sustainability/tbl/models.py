"""Triple Bottom Line reports: indicators in three dimensions, a member's values
and targets, and the member's yearly report with its narrative.

An indicator is a library one (no local government: loaded by the data
migration from data/indicators.csv, comparable across the network) or a
member's own. An indicator that names a platform source (`source_key`, a key
of sustainability/sources.py, kept as text since the sources are registered
at run time) takes its values from there with a link; nobody types them.
Values are kept in the indicator's unit (an import or form in another unit of
the same dimension is converted on the way in).

Writes go through services.py, which checks what a single record cannot
(whose indicator, which dimension, who publishes).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from localaction.core.quantities import COMMENT_LENGTH, DESCRIPTION_LENGTH
from localaction.core.units import UnitError, parse_unit
from localaction.network.models import LocalGovernment
from localaction.sustainability.sources import Direction
from localaction.validators import InBounds

__all__ = ["TBLIndicator", "TBLReport", "TBLTarget", "TBLValue"]


class Dimension(models.TextChoices):
    ENVIRONMENTAL = "environmental", _("environmental")
    SOCIAL = "social", _("social")
    ECONOMIC = "economic", _("economic")


class TBLIndicatorQuerySet(models.QuerySet):
    def library(self) -> TBLIndicatorQuerySet:
        return self.filter(local_government__isnull=True)

    def available_to(self, local_government: LocalGovernment) -> TBLIndicatorQuerySet:
        """The library's indicators and the member's own."""
        return self.filter(Q(local_government__isnull=True) | Q(local_government=local_government))


class TBLIndicator(models.Model):
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tbl_indicators",
        verbose_name=_("local government"),
        help_text=_("Blank for the library's indicators, which every member may use."),
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    dimension = models.CharField(_("dimension"), max_length=16, choices=Dimension.choices)
    unit = models.CharField(_("unit"), max_length=64)
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices)
    source_key = models.CharField(
        _("platform source"),
        max_length=100,
        blank=True,
        help_text=_("A figure the platform keeps, read with its link instead of typed."),
    )
    reference = models.CharField(
        _("reference"),
        max_length=COMMENT_LENGTH,
        blank=True,
        help_text=_("Where the indicator is defined (GRI, UN SDG indicator …)."),
    )

    objects = TBLIndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("TBL indicator")
        verbose_name_plural = _("TBL indicators")
        ordering = ["dimension", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(local_government__isnull=True),
                name="tbl_library_code_unique",
            ),
            models.UniqueConstraint(
                fields=["local_government", "code"], name="tbl_member_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    @property
    def is_library(self) -> bool:
        return self.local_government_id is None

    def clean(self) -> None:
        # The admin adds library indicators: their unit must be one the
        # platform reads, as services.indicator_create checks for members'.
        try:
            parse_unit(self.unit)
        except UnitError as error:
            raise ValidationError({"unit": str(error)}) from None


class TBLValue(models.Model):
    """A member's value of an indicator for a year, in the indicator's unit."""

    local_government = models.ForeignKey(
        LocalGovernment, on_delete=models.CASCADE, related_name="tbl_values"
    )
    indicator = models.ForeignKey(TBLIndicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("year"), validators=[InBounds("YEAR")])
    value = models.FloatField(_("value"), validators=[InBounds("INDICATOR_VALUE")])
    note = models.CharField(_("note"), max_length=COMMENT_LENGTH, blank=True)

    class Meta:
        verbose_name = _("TBL value")
        verbose_name_plural = _("TBL values")
        ordering = ["indicator__code", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "indicator", "year"], name="tbl_value_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value:g} {self.indicator.unit}"


class TBLTarget(models.Model):
    """A member's target for an indicator: the value it means to reach by a year."""

    local_government = models.ForeignKey(
        LocalGovernment, on_delete=models.CASCADE, related_name="tbl_targets"
    )
    indicator = models.ForeignKey(TBLIndicator, on_delete=models.CASCADE, related_name="targets")
    target_year = models.PositiveSmallIntegerField(_("target year"), validators=[InBounds("YEAR")])
    value = models.FloatField(_("target value"), validators=[InBounds("INDICATOR_VALUE")])

    class Meta:
        verbose_name = _("TBL target")
        verbose_name_plural = _("TBL targets")
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "indicator"], name="tbl_target_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.value:g} {self.indicator.unit} by {self.target_year}"


class TBLReportQuerySet(models.QuerySet):
    def published(self) -> TBLReportQuerySet:
        return self.filter(status=TBLReport.Status.PUBLISHED)


# The narrative sections of a report: (field, required to publish).
SECTIONS = (
    ("introduction", True),
    ("environmental", True),
    ("social", True),
    ("economic", True),
    ("outlook", False),
)
REQUIRED_SECTIONS = tuple(name for name, required in SECTIONS if required)


class TBLReport(models.Model):
    """A member's Triple Bottom Line report for a year: its narrative, section by
    section, and the indicators it shows with their trends and targets."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    local_government = models.ForeignKey(
        LocalGovernment, on_delete=models.CASCADE, related_name="tbl_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[InBounds("YEAR")])
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    introduction = models.TextField(_("introduction"), blank=True, max_length=DESCRIPTION_LENGTH)
    environmental = models.TextField(
        _("environmental dimension"), blank=True, max_length=DESCRIPTION_LENGTH
    )
    social = models.TextField(_("social dimension"), blank=True, max_length=DESCRIPTION_LENGTH)
    economic = models.TextField(_("economic dimension"), blank=True, max_length=DESCRIPTION_LENGTH)
    outlook = models.TextField(_("outlook"), blank=True, max_length=DESCRIPTION_LENGTH)
    indicators = models.ManyToManyField(
        TBLIndicator, blank=True, related_name="reports", verbose_name=_("indicators")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Moves with every change, for the stamp of the data public pages show.
    updated_at = models.DateTimeField(auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = TBLReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("TBL report")
        verbose_name_plural = _("TBL reports")
        ordering = ["local_government__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["local_government", "year"], name="tbl_report_unique")
        ]

    def __str__(self) -> str:
        return f"{self.local_government} TBL {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("tbl:report", args=[self.local_government.code, self.year])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def indicator_codes(self) -> list[str]:
        return sorted(indicator.code for indicator in self.indicators.all())

    def empty_required_sections(self) -> list[str]:
        """The required sections left blank (or only whitespace), by field name."""
        return [name for name in REQUIRED_SECTIONS if not getattr(self, name).strip()]
