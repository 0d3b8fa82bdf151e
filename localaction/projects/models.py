"""Research, development and pilot projects (plan §4.3) and the proposals that
fund them.

A project has a funder, a budget in its currency and a period; it is led by
one office with others taking part, with partner organisations and pilot
members (local governments); an interdisciplinary team across offices; work
packages and deliverables within its period; and the methodologies and tools it
produces, which campaigns and instruments then use. A deliverable's status is
stored as planned, in progress or delivered; *late* is computed (past due and
not delivered), so it never goes stale.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from djmoney.models.validators import MinMoneyValidator
from simple_history.models import HistoricalRecords

from localaction.campaigns.models import Campaign
from localaction.finance.models import ProjectFund
from localaction.finance.models.schedules import money_field
from localaction.knowledge.models import Publication
from localaction.network.models import LocalGovernment, Office
from localaction.partnerships.models import PartnerOrganisation
from localaction.sustainability.instruments import INSTRUMENTS, validate_instruments


def _day(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _period_errors(starts_on, ends_on) -> dict[str, str]:
    if starts_on and ends_on and ends_on < starts_on:
        return {"ends_on": gettext("The end (%(end)s) is before the start (%(start)s).")
                % {"end": _day(ends_on), "start": _day(starts_on)}}  # fmt: skip
    return {}


class ProjectQuerySet(models.QuerySet):
    def public(self) -> ProjectQuerySet:
        """Projects whose summaries and public outputs anyone may read."""
        return self.filter(is_public=True).exclude(status=Project.Status.CANCELLED)

    def of_office(self, office: Office) -> ProjectQuerySet:
        """Projects the office leads or takes part in."""
        return self.filter(Q(lead_office=office) | Q(offices=office)).distinct()


class Project(models.Model):
    """A research, development or pilot project of the Agency (plan §4.3)."""

    class Kind(models.TextChoices):
        RESEARCH = "research", _("Research")
        DEVELOPMENT = "development", _("Development")
        PILOT = "pilot", _("Pilot")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    funder = models.CharField(
        _("funder"),
        max_length=200,
        blank=True,
        help_text=_("The funder's name, when it is not one of the partner organisations."),
    )
    funder_organisation = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_projects",
        verbose_name=_("funder (partner organisation)"),
    )
    budget = money_field(_("budget"), null=True, blank=True, validators=[MinMoneyValidator(0)])
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    lead_office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="led_projects", verbose_name=_("lead office")
    )
    offices = models.ManyToManyField(
        Office, blank=True, related_name="projects", verbose_name=_("other offices")
    )
    partners = models.ManyToManyField(
        PartnerOrganisation,
        blank=True,
        related_name="projects",
        verbose_name=_("partner organisations"),
    )
    pilot_members = models.ManyToManyField(
        LocalGovernment, blank=True, related_name="projects", verbose_name=_("pilot members")
    )
    campaigns = models.ManyToManyField(
        Campaign, blank=True, related_name="projects", verbose_name=_("campaigns served")
    )
    instruments = models.JSONField(
        _("instruments served"), default=list, blank=True, validators=[validate_instruments]
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Anyone may read its summary and its public outputs."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="project_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:project", args=[self.slug])

    @property
    def funder_name(self) -> str:
        return self.funder_organisation.name if self.funder_organisation_id else self.funder

    @property
    def instrument_names(self) -> list[str]:
        return [str(INSTRUMENTS[key]) for key in self.instruments if key in INSTRUMENTS]

    def all_offices(self) -> list[Office]:
        """The lead office first, then the others by name."""
        others = [o for o in self.offices.order_by("name") if o.pk != self.lead_office_id]
        return [self.lead_office, *others]

    def clean(self) -> None:
        super().clean()
        errors = _period_errors(self.starts_on, self.ends_on)
        if not (self.funder or self.funder_organisation_id):
            errors["funder"] = gettext("Name the funder, or choose it among the partners.")
        if self.pk and self.starts_on and self.ends_on and "ends_on" not in errors:
            # Shrinking the period must not strand its work packages or deliverables.
            outside = self.deliverables.exclude(
                due_on__gte=self.starts_on, due_on__lte=self.ends_on
            ).first()
            if outside is not None:
                errors["ends_on"] = gettext(
                    "The deliverable “%(title)s” is due on %(due)s, outside this period."
                ) % {"title": outside.title, "due": _day(outside.due_on)}
            package = self.work_packages.exclude(
                starts_on__gte=self.starts_on, ends_on__lte=self.ends_on
            ).first()
            if package is not None:
                errors["ends_on"] = gettext("Work package %(number)s runs outside this period.") % {
                    "number": package.number
                }
        if errors:
            raise ValidationError(errors)


class TeamMember(models.Model):
    """One person on a project's team, from their office, in a role and a discipline:
    teams are interdisciplinary and span offices."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Project lead")
        COORDINATOR = "coordinator", _("Coordinator")
        RESEARCHER = "researcher", _("Researcher")
        EXPERT = "expert", _("Technical expert")
        ADVISOR = "advisor", _("Advisor")
        ASSISTANT = "assistant", _("Assistant")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="team", verbose_name=_("project")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="project_roles",
        verbose_name=_("person"),
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    discipline = models.CharField(
        _("discipline"), max_length=100, blank=True, help_text=_("e.g. urban planning, economics")
    )

    class Meta:
        ordering = ["role", "person__username"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "person"],
                name="one_team_place_per_person",
                violation_error_message=_("This person is on the team already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class WorkPackage(models.Model):
    """A numbered part of a project's work, led by an office, within the project's period."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="work_packages", verbose_name=_("project")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    lead_office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("lead office")
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))

    class Meta:
        ordering = ["project", "number"]
        verbose_name = _("work package")
        verbose_name_plural = _("work packages")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"],
                name="one_work_package_per_number",
                violation_error_message=_("The project has a work package with this number."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="work_package_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return gettext("WP%(number)s %(title)s") % {"number": self.number, "title": self.title}

    def clean(self) -> None:
        super().clean()
        errors = _period_errors(self.starts_on, self.ends_on)
        project = self.project if self.project_id else None
        if project and self.starts_on and self.starts_on < project.starts_on:
            errors["starts_on"] = gettext(
                "The work package starts before its project (%(start)s)."
            ) % {"start": _day(project.starts_on)}
        if project and self.ends_on and self.ends_on > project.ends_on:
            errors["ends_on"] = gettext("The work package ends after its project (%(end)s).") % {
                "end": _day(project.ends_on)
            }
        if self.pk and not errors:
            outside = self.deliverables.exclude(
                due_on__gte=self.starts_on, due_on__lte=self.ends_on
            ).first()
            if outside is not None:
                errors["ends_on"] = gettext(
                    "The deliverable “%(title)s” is due on %(due)s, outside this period."
                ) % {"title": outside.title, "due": _day(outside.due_on)}
        if errors:
            raise ValidationError(errors)


class DeliverableQuerySet(models.QuerySet):
    def late(self, today: datetime.date | None = None) -> DeliverableQuerySet:
        """Past due and not delivered."""
        return self.filter(due_on__lt=today or timezone.localdate()).exclude(
            status=Deliverable.Status.DELIVERED
        )


class Deliverable(models.Model):
    """What a project promises, by a date: a report, a method, a tool, a dataset, an event…"""

    class Kind(models.TextChoices):
        REPORT = "report", _("Report")
        METHOD = "method", _("Method")
        TOOL = "tool", _("Tool")
        DATASET = "dataset", _("Dataset")
        EVENT = "event", _("Event")
        TRAINING = "training", _("Training material")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in-progress", _("In progress")
        DELIVERED = "delivered", _("Delivered")

    # Shown, never stored: a deliverable past due and not delivered.
    LATE = "late"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="deliverables", verbose_name=_("project")
    )
    work_package = models.ForeignKey(
        WorkPackage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliverables",
        verbose_name=_("work package"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    publication = models.ForeignKey(
        Publication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliverables",
        verbose_name=_("publication"),
    )

    history = HistoricalRecords()
    objects = DeliverableQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="delivered", delivered_on__isnull=False)
                | (~Q(status="delivered") & Q(delivered_on__isnull=True)),
                name="deliverable_delivered_on_when_delivered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_late(self, today: datetime.date | None = None) -> bool:
        return self.status != self.Status.DELIVERED and self.due_on < (
            today or timezone.localdate()
        )

    @property
    def shown_status(self) -> str:
        return self.LATE if self.is_late() else self.status

    @property
    def shown_status_label(self) -> str:
        return gettext("Late") if self.is_late() else self.get_status_display()

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        project = self.project if self.project_id else None
        package = self.work_package if self.work_package_id else None
        if package and project and package.project_id != project.pk:
            errors["work_package"] = gettext("This work package belongs to another project.")
        elif self.due_on and project and not project.starts_on <= self.due_on <= project.ends_on:
            errors["due_on"] = gettext(
                "Due on %(due)s, outside the project's period (%(start)s – %(end)s)."
            ) % {
                "due": _day(self.due_on),
                "start": _day(project.starts_on),
                "end": _day(project.ends_on),
            }
        elif self.due_on and package and not package.starts_on <= self.due_on <= package.ends_on:
            errors["due_on"] = gettext(
                "Due on %(due)s, outside work package %(number)s (%(start)s – %(end)s)."
            ) % {
                "due": _day(self.due_on),
                "number": package.number,
                "start": _day(package.starts_on),
                "end": _day(package.ends_on),
            }
        if self.status == self.Status.DELIVERED and not self.delivered_on:
            errors["delivered_on"] = gettext("A delivered deliverable has its delivery date.")
        if self.status != self.Status.DELIVERED and self.delivered_on:
            errors["delivered_on"] = gettext("Only a delivered deliverable has a delivery date.")
        if self.delivered_on and self.delivered_on > timezone.localdate():
            errors["delivered_on"] = gettext("The delivery date is in the future.")
        if errors:
            raise ValidationError(errors)


class Output(models.Model):
    """A methodology or a tool the project produces, the campaigns and instruments
    that then use it, and the publications that describe it."""

    class Kind(models.TextChoices):
        METHOD = "method", _("Methodology")
        TOOL = "tool", _("Tool")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="outputs", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    campaigns = models.ManyToManyField(
        Campaign, blank=True, related_name="project_outputs", verbose_name=_("used by campaigns")
    )
    instruments = models.JSONField(
        _("used by instruments"), default=list, blank=True, validators=[validate_instruments]
    )
    publications = models.ManyToManyField(
        Publication, blank=True, related_name="project_outputs", verbose_name=_("publications")
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown with the project's public summary.")
    )

    class Meta:
        ordering = ["project", "title"]
        verbose_name = _("output")
        verbose_name_plural = _("outputs")

    def __str__(self) -> str:
        return self.title

    @property
    def instrument_names(self) -> list[str]:
        return [str(INSTRUMENTS[key]) for key in self.instruments if key in INSTRUMENTS]


class Proposal(models.Model):
    """A funding proposal an office submits; awarded, it funds a project and is
    recorded in the office's project funds (finance)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        AWARDED = "awarded", _("Awarded")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    DECIDED = (Status.AWARDED, Status.REJECTED)
    OPEN = (Status.DRAFT, Status.SUBMITTED)

    title = models.CharField(_("title"), max_length=200)
    funder = models.CharField(_("funder"), max_length=200)
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("office")
    )
    amount = money_field(_("amount requested"), validators=[MinMoneyValidator(0)])
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decision_due_on = models.DateField(_("decision due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=5000, blank=True)
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("project"),
    )
    # The award as the finance app records it: one fund per proposal, never two.
    fund = models.OneToOneField(
        ProjectFund,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("project fund"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["awarded", "rejected"], decided_on__isnull=False)
                | (~Q(status__in=["awarded", "rejected"]) & Q(decided_on__isnull=True)),
                name="proposal_decided_on_when_decided",
            ),
            models.CheckConstraint(
                condition=~Q(status="awarded") | Q(project__isnull=False, fund__isnull=False),
                name="proposal_awarded_funds_a_project",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:proposal", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.submitted_on and self.decision_due_on and self.decision_due_on < self.submitted_on:
            errors["decision_due_on"] = gettext("The decision is due before the submission.")
        if self.status != self.Status.DRAFT and not self.submitted_on:
            errors["submitted_on"] = gettext("A submitted proposal has its submission date.")
        if errors:
            raise ValidationError(errors)
