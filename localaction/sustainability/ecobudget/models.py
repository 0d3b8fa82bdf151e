"""ecoBUDGET: environmental resources, indicators, members' budgets and their balances.

A budget year runs draft → adopted (the council's first ratification of the
master budget) → balance (actual values being entered) → balance adopted (the
second ratification). Every change of state goes through `services`, which
checks it; the figures of the balance are computed by `core.ecobudget`.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from localaction.campaigns.models import Action
from localaction.core.quantities import COMMENT_LENGTH, DESCRIPTION_LENGTH
from localaction.core.units import UnitError, parse_unit
from localaction.network.models import LocalGovernment
from localaction.sustainability.sources import Direction
from localaction.validators import DOCUMENT_VALIDATORS, InBounds, InDates

__all__ = [
    "EcoBudget",
    "EcoBudgetLine",
    "EcoIndicator",
    "EcoInterimValue",
    "EcoMeasure",
    "EcoMidYearReport",
    "EnvironmentalResource",
]

UNIT_LENGTH = 64
DECISION_LENGTH = 200


def _document_path(instance, filename: str) -> str:
    # Grouped by local government, as the campaigns' documents are.
    return f"documents/{instance.local_government_id}/ecobudget/{Path(filename).name}"


class EnvironmentalResource(models.Model):
    """An environmental resource a budget manages: climate stability, air
    quality, drinking water, land, biodiversity, materials …"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("environmental resource")
        verbose_name_plural = _("environmental resources")

    def __str__(self) -> str:
        return self.name


class Aggregation(models.TextChoices):
    """How the network adds an indicator up across members."""

    SUM = "sum", _("sum")
    PER_PERSON = "per_person", _("per person (population-weighted mean)")


class EcoIndicatorQuerySet(models.QuerySet):
    def standard(self) -> EcoIndicatorQuerySet:
        return self.filter(local_government__isnull=True)

    def usable_by(self, local_government: LocalGovernment) -> EcoIndicatorQuerySet:
        """The library's indicators and the member's own."""
        return self.filter(Q(local_government__isnull=True) | Q(local_government=local_government))


class EcoIndicator(models.Model):
    """An indicator of an environmental resource: the library's standard ones
    (no local government), which members' budgets share so that the network
    can add them up, and members' own."""

    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ecobudget_indicators",
        verbose_name=_("local government"),
        help_text=_("Blank for an indicator of the standard library."),
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    resource = models.ForeignKey(
        EnvironmentalResource,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("resource"),
    )
    unit = models.CharField(_("unit"), max_length=UNIT_LENGTH, help_text=_("e.g. t, MWh, ha."))
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices)
    aggregation = models.CharField(
        _("adds up across members by"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
    )
    source = models.CharField(
        _("platform source"),
        max_length=60,
        blank=True,
        help_text=_("The platform's figure the actual value is read from, if any."),
    )
    description = models.TextField(_("description"), max_length=COMMENT_LENGTH, blank=True)

    objects = EcoIndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["resource__order", "code"]
        verbose_name = _("ecoBUDGET indicator")
        verbose_name_plural = _("ecoBUDGET indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(local_government__isnull=True),
                name="ecobudget_standard_indicator_code",
            ),
            models.UniqueConstraint(
                fields=["local_government", "code"], name="ecobudget_own_indicator_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    @property
    def is_standard(self) -> bool:
        return self.local_government_id is None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        try:
            parse_unit(self.unit)
        except UnitError as error:
            errors["unit"] = str(error)
        if self.source:
            from localaction.sustainability import sources

            try:
                source = sources.source(self.source)
            except KeyError:
                errors["source"] = gettext("There is no platform source %(key)s.") % {
                    "key": self.source
                }
            else:
                from localaction.core.ecobudget import BudgetError, check_unit

                if "unit" not in errors:
                    try:
                        check_unit(source.unit, self.unit)
                    except BudgetError as error:
                        errors["source"] = str(error)
        if errors:
            raise ValidationError(errors)


class EcoBudgetQuerySet(models.QuerySet):
    def adopted(self) -> EcoBudgetQuerySet:
        """Budgets the council adopted (with or without their balance)."""
        return self.exclude(status=EcoBudget.Status.DRAFT)

    def balanced(self) -> EcoBudgetQuerySet:
        """Budgets whose balance the council adopted."""
        return self.filter(status=EcoBudget.Status.BALANCE_ADOPTED)


class EcoBudget(models.Model):
    """A member's environmental master budget of one year, and its balance."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ADOPTED = "adopted", _("adopted by the council")
        BALANCE = "balance", _("balance being drawn up")
        BALANCE_ADOPTED = "balance_adopted", _("balance adopted by the council")

    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="ecobudgets",
        verbose_name=_("local government"),
    )
    year = models.PositiveSmallIntegerField(_("budget year"), validators=[InBounds("YEAR")])
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    notes = models.TextField(_("notes"), max_length=DESCRIPTION_LENGTH, blank=True)
    adopted_on = models.DateField(
        _("master budget adopted on"),
        null=True,
        blank=True,
        validators=[InDates("ADOPTION", until_today=True)],
    )
    decision = models.CharField(_("council decision"), max_length=DECISION_LENGTH, blank=True)
    document = models.FileField(
        _("decision document"),
        upload_to=_document_path,
        blank=True,
        validators=DOCUMENT_VALIDATORS,
    )
    balance_adopted_on = models.DateField(
        _("balance adopted on"),
        null=True,
        blank=True,
        validators=[InDates("ADOPTION", until_today=True)],
    )
    balance_decision = models.CharField(
        _("council decision on the balance"), max_length=DECISION_LENGTH, blank=True
    )
    balance_document = models.FileField(
        _("balance decision document"),
        upload_to=_document_path,
        blank=True,
        validators=DOCUMENT_VALIDATORS,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EcoBudgetQuerySet.as_manager()

    class Meta:
        ordering = ["local_government", "-year"]
        verbose_name = _("environmental budget")
        verbose_name_plural = _("environmental budgets")
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "year"], name="ecobudget_one_budget_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.local_government} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("ecobudget:budget", args=[self.local_government.code, self.year])

    @property
    def is_adopted(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def balance_is_adopted(self) -> bool:
        return self.status == self.Status.BALANCE_ADOPTED


class EcoBudgetLine(models.Model):
    """One indicator of a budget with its values, in the indicator's unit."""

    budget = models.ForeignKey(
        EcoBudget, on_delete=models.CASCADE, related_name="lines", verbose_name=_("budget")
    )
    indicator = models.ForeignKey(
        EcoIndicator, on_delete=models.PROTECT, related_name="lines", verbose_name=_("indicator")
    )
    reference_value = models.FloatField(
        _("reference value"), null=True, blank=True, validators=[InBounds("INDICATOR_VALUE")]
    )
    reference_year = models.PositiveSmallIntegerField(
        _("reference year"), null=True, blank=True, validators=[InBounds("YEAR")]
    )
    previous_value = models.FloatField(
        _("previous year's value"),
        null=True,
        blank=True,
        validators=[InBounds("INDICATOR_VALUE")],
    )
    target = models.FloatField(
        _("short-term target"), null=True, blank=True, validators=[InBounds("INDICATOR_VALUE")]
    )
    long_term_target = models.FloatField(
        _("long-term target"), null=True, blank=True, validators=[InBounds("INDICATOR_VALUE")]
    )
    long_term_year = models.PositiveSmallIntegerField(
        _("long-term target year"), null=True, blank=True, validators=[InBounds("YEAR")]
    )
    actual = models.FloatField(
        _("actual value"), null=True, blank=True, validators=[InBounds("INDICATOR_VALUE")]
    )
    actual_link = models.CharField(_("actual value read from"), max_length=300, blank=True)
    actual_label = models.CharField(_("source of the actual value"), max_length=200, blank=True)
    comment = models.TextField(_("comment"), max_length=COMMENT_LENGTH, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["budget", "order", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "indicator"], name="ecobudget_indicator_once_a_budget"
            )
        ]

    def __str__(self) -> str:
        return f"{self.budget}: {self.indicator.name}"

    @property
    def is_sourced(self) -> bool:
        return bool(self.indicator.source)


class EcoMeasure(models.Model):
    """An action of the member's (campaigns' Action) serving an indicator of a budget."""

    line = models.ForeignKey(
        EcoBudgetLine,
        on_delete=models.CASCADE,
        related_name="measures",
        verbose_name=_("indicator"),
    )
    action = models.ForeignKey(
        Action,
        on_delete=models.CASCADE,
        related_name="ecobudget_measures",
        verbose_name=_("action"),
    )

    class Meta:
        ordering = ["line", "action"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.UniqueConstraint(fields=["line", "action"], name="ecobudget_measure_once")
        ]

    def __str__(self) -> str:
        return f"{self.action} → {self.line.indicator.name}"


class EcoMidYearReport(models.Model):
    """How the budget year is going: a dated report with interim values."""

    budget = models.ForeignKey(
        EcoBudget, on_delete=models.CASCADE, related_name="reports", verbose_name=_("budget")
    )
    reported_on = models.DateField(_("reported on"), validators=[InDates("DATE")])
    text = models.TextField(_("report"), max_length=DESCRIPTION_LENGTH)

    class Meta:
        ordering = ["budget", "reported_on", "pk"]
        verbose_name = _("mid-year report")
        verbose_name_plural = _("mid-year reports")

    def __str__(self) -> str:
        return f"{self.budget} ({self.reported_on})"


class EcoInterimValue(models.Model):
    """An indicator's value as a mid-year report found it, in the indicator's unit."""

    report = models.ForeignKey(
        EcoMidYearReport, on_delete=models.CASCADE, related_name="values", verbose_name=_("report")
    )
    line = models.ForeignKey(
        EcoBudgetLine, on_delete=models.CASCADE, related_name="interim", verbose_name=_("indicator")
    )
    value = models.FloatField(_("interim value"), validators=[InBounds("INDICATOR_VALUE")])

    class Meta:
        ordering = ["report", "line"]
        constraints = [
            models.UniqueConstraint(fields=["report", "line"], name="ecobudget_interim_once")
        ]

    def __str__(self) -> str:
        return f"{self.line.indicator.name}: {self.value}"
