"""An office's annual work programme (plan §2.2): its activities, each serving
one or more goals of the adopted strategic plan, with the office and people
responsible, the budget lines that fund it and the campaign it runs through.

A programme is drafted by the office's staff, then approved by an adopted
decision of the Executive Committee (`programmes.services.approve_programme`).
An approved version is fixed: changing it means drafting a revision (version
n+1, a copy of the approved one with its activities), which a new decision
approves and which then supersedes the version before it. Every version is
kept; activities keep their number from one version to the next, so two
versions can be compared activity by activity (`services.compare_programmes`).

Activities run through a campaign where there is one; projects and events are
not on the platform yet — when they are, an activity will point to them too.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from djmoney.models.validators import MinMoneyValidator
from simple_history.models import HistoricalRecords

from localaction.campaigns.models import Campaign
from localaction.finance.models import BudgetLine
from localaction.finance.models.schedules import money_field
from localaction.governance.models import Decision
from localaction.network.models import Office
from localaction.strategy.models import Goal
from localaction.validators import InBounds


def line_label(line: BudgetLine) -> str:
    """A budget line by what it is for, without its amount: “Travel”."""
    return line.get_expense_category_display() or line.get_income_source_display()


class WorkProgramme(models.Model):
    """One version of an office's work programme for a year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        SUPERSEDED = "superseded", _("Superseded")

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="work_programmes", verbose_name=_("office")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[InBounds("YEAR")])
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Anyone reads a public programme's summary (activities, goals served and "
            "status, no budget) once it is approved."
        ),
    )
    approved_by = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="work_programmes",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="revisions",
        verbose_name=_("revises"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "office", "-version"]
        verbose_name = _("work programme")
        verbose_name_plural = _("work programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "version"],
                name="one_work_programme_per_office_year_and_version",
                violation_error_message=_(
                    "The office already has a work programme of this year and version."
                ),
            ),
            models.UniqueConstraint(
                fields=["office", "year"],
                condition=Q(status="approved"),
                name="one_approved_work_programme_per_office_and_year",
                violation_error_message=_("Another version of this programme is approved."),
            ),
            models.UniqueConstraint(
                fields=["office", "year"],
                condition=Q(status="draft"),
                name="one_draft_work_programme_per_office_and_year",
                violation_error_message=_("Another version of this programme is being drafted."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("Work programme %(year)s, %(office)s (version %(version)s)") % {
            "year": self.year,
            "office": self.office,
            "version": self.version,
        }

    def get_absolute_url(self) -> str:
        return reverse("programmes:version", args=[self.office.code, self.year, self.version])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def fixed_message(self) -> str:
        """Why an approved or superseded version is not changed, and what to do instead."""
        message = gettext(
            "%(programme)s is %(status)s: it is fixed. Draft a revision to change it."
        )
        return message % {"programme": self, "status": self.get_status_display().lower()}

    def ordered_activities(self):
        return self.activities.select_related("office", "campaign").prefetch_related(
            "goals__area", "people", "allocations__budget_line"
        )


class Activity(models.Model):
    """An activity of a programme version. Its `number` stays the same in every
    version of the programme, which is how versions are compared."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        UNDER_WAY = "under_way", _("Under way")
        COMPLETED = "completed", _("Completed")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    programme = models.ForeignKey(
        WorkProgramme,
        on_delete=models.CASCADE,
        related_name="activities",
        editable=False,
        verbose_name=_("work programme"),
    )
    number = models.PositiveSmallIntegerField(_("number"), editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    goals = models.ManyToManyField(Goal, related_name="activities", verbose_name=_("goals served"))
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible office")
    )
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="programme_activities",
        verbose_name=_("responsible people"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("campaign"),
        help_text=_("The campaign the activity runs through, where there is one."),
    )

    history = HistoricalRecords(m2m_fields=[goals, people])

    class Meta:
        ordering = ["programme", "number"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"],
                name="one_activity_per_programme_and_number",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_it_starts",
                violation_error_message=_("An activity ends on or after the day it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return f"{self.programme.get_absolute_url()}#activity-{self.number}"

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = gettext("An activity ends on or after the day it starts.")
        if self.programme_id and not self.programme.is_draft:
            raise ValidationError(self.programme.fixed_message())
        if self.programme_id:
            year = self.programme.year
            for name in ("starts_on", "ends_on"):
                day = getattr(self, name)
                if day and day.year != year and name not in errors:
                    errors[name] = gettext(
                        "%(day)s is outside the programme's year: an activity of the "
                        "%(year)s programme runs within %(year)s."
                    ) % {"day": day.isoformat(), "year": year}
        if errors:
            raise ValidationError(errors)


class Allocation(models.Model):
    """The part of a budget line of the programme's office and year that funds
    an activity, in the line's currency."""

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="allocations",
        editable=False,
        verbose_name=_("activity"),
    )
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name=_("budget line"),
    )
    amount = money_field(_("amount"), validators=[MinMoneyValidator(0)])

    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "budget_line"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "budget_line"], name="one_allocation_per_activity_and_line"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="allocation_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.line_label}: {self.amount}"

    @property
    def line_label(self) -> str:
        return line_label(self.budget_line)

    def clean(self) -> None:
        if not (self.activity_id and self.budget_line_id):
            return
        programme, budget = self.activity.programme, self.budget_line.budget
        if budget.office_id != programme.office_id or budget.year != programme.year:
            raise ValidationError(
                {
                    "budget_line": gettext(
                        "%(line)s is a line of the budget %(year)s of %(office)s: an activity "
                        "is funded from its programme's budget (%(programme_office)s, "
                        "%(programme_year)s)."
                    )
                    % {
                        "line": self.budget_line,
                        "year": budget.year,
                        "office": budget.office,
                        "programme_office": programme.office,
                        "programme_year": programme.year,
                    }
                }
            )
        if self.amount is not None and str(self.amount.currency) != budget.currency:
            raise ValidationError(
                {
                    "amount": gettext("An allocation is in its budget line's currency (%(c)s).")
                    % {"c": budget.currency}
                }
            )
