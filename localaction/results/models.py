"""The plan's results: indicators of its goals, their reporting periods and
values, and the reviews that record where each stood.

- An `Indicator` measures one goal of a strategic plan: a unit, a baseline
  and a target (each a value on a day), which way is progress, and whether
  its values are computed from the platform (a named measure of
  `results.measures`) or reported by staff.
- A `Period` is one span an indicator reports for (a year, a half-year); a
  closed period takes no more values.
- A `Value` is one figure for one period: reported by staff (draft →
  submitted → approved, or returned with a reason; approved by someone other
  than who entered it) or computed and recorded when its period closed.
  Only approved values count.
- A `Review` records, at one moment, every indicator's value and status
  (`ReviewEntry`), so the dashboard shows what changed since.

Every change goes through `results.services`, whichever door asks.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from localaction.core.quantities import COMMENT_LENGTH, DESCRIPTION_LENGTH
from localaction.governance.models import Body
from localaction.network.models import Office, Region
from localaction.programmes.models import Activity
from localaction.results import measures
from localaction.results.status import Status, Trajectory
from localaction.strategy.models import Goal, StrategicPlan
from localaction.validators import DOCUMENT_VALIDATORS, InBounds, InDates


def _evidence_path(instance, filename: str) -> str:
    return f"results/evidence/{instance.indicator_id}/{filename}"


class IndicatorQuerySet(models.QuerySet):
    def of_plan(self, plan: StrategicPlan) -> IndicatorQuerySet:
        return self.filter(goal__area__plan=plan)

    def public(self) -> IndicatorQuerySet:
        return self.filter(is_public=True)


class Indicator(models.Model):
    class Source(models.TextChoices):
        COMPUTED = "computed", _("Computed from the platform")
        REPORTED = "reported", _("Reported by staff")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Increase")
        DECREASE = "decrease", _("Decrease")

    goal = models.ForeignKey(
        Goal, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("goal")
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=DESCRIPTION_LENGTH, blank=True)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("Such as members, % or t CO2e."))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    measure = models.CharField(
        _("measure"),
        max_length=60,
        blank=True,
        help_text=_("The platform's measure a computed indicator reads."),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
        help_text=_("Narrows a computed measure to one region; empty for the whole network."),
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("responsible office"),
        help_text=_("Its staff report the values; empty for the World Secretariat."),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("activity"),
        help_text=_(
            "The work programme's activity the indicator follows, if any: one that serves "
            "the indicator's goal."
        ),
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    baseline = models.FloatField(_("baseline"), validators=[InBounds("INDICATOR_VALUE")])
    baseline_on = models.DateField(_("baseline on"), validators=[InDates("DATE")])
    target = models.FloatField(_("target"), validators=[InBounds("INDICATOR_VALUE")])
    target_on = models.DateField(_("target by"), validators=[InDates("DATE")])
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown on the plan's public results.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["goal", "order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_on__gt=F("baseline_on")),
                name="indicator_target_after_baseline",
                violation_error_message=_("The target's day comes after the baseline's."),
            ),
            models.CheckConstraint(
                condition=Q(source="computed", measure__gt="") | Q(source="reported", measure=""),
                name="indicator_measure_of_computed_only",
                violation_error_message=_(
                    "A computed indicator names its measure; a reported one names none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("results:indicator", args=[self.pk])

    @property
    def is_computed(self) -> bool:
        return self.source == self.Source.COMPUTED

    @property
    def trajectory(self) -> Trajectory:
        return Trajectory(
            baseline=self.baseline,
            baseline_on=self.baseline_on,
            target=self.target,
            target_on=self.target_on,
            increase=self.direction == self.Direction.INCREASE,
        )

    def get_measure(self) -> measures.Measure | None:
        return measures.MEASURES.get(self.measure) if self.measure else None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.source == self.Source.COMPUTED:
            if not self.measure:
                errors["measure"] = gettext("A computed indicator names the measure it reads.")
            elif self.measure not in measures.MEASURES:
                errors["measure"] = gettext("“%(measure)s” is not a measure of the platform.") % {
                    "measure": self.measure
                }
        elif self.measure:
            errors["measure"] = gettext("A reported indicator reads no measure.")
        if (
            self.activity_id
            and self.goal_id
            and not self.activity.goals.filter(pk=self.goal_id).exists()
        ):
            errors["activity"] = gettext(
                "Activity %(number)s of %(programme)s does not serve goal %(goal)s: choose "
                "one that does, or add the goal to the activity."
            ) % {
                "number": self.activity.number,
                "programme": self.activity.programme,
                "goal": self.goal.reference,
            }
        if self.baseline_on and self.target_on and self.target_on <= self.baseline_on:
            errors["target_on"] = gettext("The target's day comes after the baseline's.")
        if self.baseline is not None and self.target is not None and self.direction:
            if self.direction == self.Direction.INCREASE and self.target <= self.baseline:
                errors["target"] = gettext(
                    "An indicator to increase has a target above its baseline."
                )
            if self.direction == self.Direction.DECREASE and self.target >= self.baseline:
                errors["target"] = gettext(
                    "An indicator to decrease has a target below its baseline."
                )
        if errors:
            raise ValidationError(errors)


class Period(models.Model):
    """A span an indicator reports for; closed, it takes no more values."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="periods", verbose_name=_("indicator")
    )
    label = models.CharField(_("label"), max_length=40, help_text=_("Such as 2009 or 2010 H1."))
    starts_on = models.DateField(_("starts on"), validators=[InDates("DATE")])
    ends_on = models.DateField(_("ends on"), validators=[InDates("DATE")])
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("closed by"),
    )

    class Meta:
        ordering = ["indicator", "starts_on"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "starts_on"],
                name="one_period_per_start",
                violation_error_message=_("The indicator already has a period starting that day."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="period_ends_after_start",
                violation_error_message=_("A period ends on or after the day it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} — {self.label}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": gettext("A period ends on or after the day it starts.")}
            )
        if self.indicator_id and self.starts_on and self.ends_on:
            overlapping = Period.objects.filter(
                indicator=self.indicator_id,
                starts_on__lte=self.ends_on,
                ends_on__gte=self.starts_on,
            ).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(
                    {
                        "starts_on": gettext(
                            "The period overlaps another of the indicator's periods."
                        )
                    }
                )


class ValueQuerySet(models.QuerySet):
    def approved(self) -> ValueQuerySet:
        return self.filter(status=Value.Status.APPROVED)


class Value(models.Model):
    """One figure of one period: reported (with its comment and evidence, and
    who entered and who decided) or computed (with the measure's words as they
    stood, and when)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="values", verbose_name=_("period")
    )
    value = models.FloatField(_("value"), validators=[InBounds("INDICATOR_VALUE")])
    source = models.CharField(_("source"), max_length=10, choices=Indicator.Source.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    comment = models.TextField(_("comment"), max_length=COMMENT_LENGTH, blank=True)
    evidence = models.FileField(
        _("evidence document"), upload_to=_evidence_path, blank=True, validators=DOCUMENT_VALIDATORS
    )
    evidence_url = models.URLField(_("evidence link"), blank=True, validators=[URLValidator()])
    # What a computed value was computed by, as the words stood then.
    measure_words = models.TextField(_("how it was computed"), blank=True, editable=False)
    records_url = models.CharField(_("records behind it"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("approved or returned by"),
    )
    decided_at = models.DateTimeField(
        _("approved or returned at"), null=True, blank=True, editable=False
    )
    return_reason = models.TextField(
        _("reason for returning"), max_length=COMMENT_LENGTH, blank=True, editable=False
    )

    objects = ValueQuerySet.as_manager()

    class Meta:
        ordering = ["period__starts_on", "-entered_at", "-pk"]
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(
                fields=["period"],
                condition=Q(status="approved"),
                name="one_approved_value_per_period",
                violation_error_message=_("The period already has an approved value."),
            ),
            models.CheckConstraint(
                condition=~Q(status="approved", source="reported") | ~Q(decided_by=F("entered_by")),
                name="value_approved_by_another",
                violation_error_message=_(
                    "A value is approved by someone other than who entered it."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.value:g}"


class Review(models.Model):
    """Where every indicator of a plan stood on one day, as a body or the
    secretariat reviewed it."""

    plan = models.ForeignKey(
        StrategicPlan, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("plan")
    )
    held_on = models.DateField(_("held on"), validators=[InDates("DATE", until_today=True)])
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("body"),
        help_text=_("The governing body that reviewed the plan, if one did."),
    )
    note = models.TextField(_("note"), max_length=COMMENT_LENGTH, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return gettext("Review of %(date)s") % {"date": self.held_on.isoformat()}


class ReviewEntry(models.Model):
    """One indicator's value and status at a review, as they stood."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="entries", verbose_name=_("review")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="review_entries"
    )
    value = models.FloatField(_("value"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices)
    measure_words = models.TextField(_("how it was computed"), blank=True)

    class Meta:
        ordering = ["review", "indicator"]
        verbose_name = _("review entry")
        verbose_name_plural = _("review entries")
        constraints = [
            models.UniqueConstraint(fields=["review", "indicator"], name="one_entry_per_review")
        ]

    def __str__(self) -> str:
        return f"{self.review}: {self.indicator}"
