"""Local agendas on the Local Agenda methodology (Local Agenda 21 and the Local
Agendas for resilience, for peace and security and for viable local economies):
a member's agenda for one campaign, with its stakeholder forum, baseline
review, priority issues, vision, targets, action programme, council commitment
and monitoring reports.

The records prove three of the methodology's milestones (agendas/recognition.py);
the other two are proved by the campaign's own targets and actions, which the
agenda links to rather than copies. Writes that span records go through
services.py, which checks what one record cannot (whose target, which campaign).
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from localaction.campaigns.models import Action, Campaign, Target
from localaction.core.quantities import DESCRIPTION_LENGTH
from localaction.network.models import LocalGovernment
from localaction.validators import DOCUMENT_VALIDATORS, InDates

__all__ = [
    "AgendaMeeting",
    "AgendaMonitoringReport",
    "AgendaPriority",
    "AgendaStakeholder",
    "LocalAgenda",
]

# The methodology every local agenda follows.
METHODOLOGY = "local-agenda"

# Dates of what has happened: not after today.
HAPPENED = [InDates("DATE", until_today=True)]
# The largest meeting anyone would report.
MAX_PARTICIPANTS = 1_000_000


def _long_text(label: str | object, *, blank: bool = True) -> models.TextField:
    """A text field whose length the model itself checks (a TextField's
    max_length binds only the form), so the API and imports are bound too."""
    return models.TextField(
        label,
        blank=blank,
        max_length=DESCRIPTION_LENGTH,
        validators=[MaxLengthValidator(DESCRIPTION_LENGTH)],
    )


def _document_path(instance, filename: str) -> str:
    # Grouped by local government, as campaigns' documents are.
    agenda = instance if isinstance(instance, LocalAgenda) else instance.agenda
    return f"documents/{agenda.local_government_id}/agendas/{Path(filename).name}"


def _document(label) -> models.FileField:
    return models.FileField(
        label, upload_to=_document_path, blank=True, validators=DOCUMENT_VALIDATORS
    )


class LocalAgendaQuerySet(models.QuerySet):
    def published(self) -> LocalAgendaQuerySet:
        return self.filter(is_published=True, local_government__is_published=True)


class LocalAgenda(models.Model):
    """A member's local agenda for one campaign of the Local Agenda methodology."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("in preparation")
        ADOPTED = "adopted", _("adopted")
        IMPLEMENTING = "implementing", _("being implemented")
        COMPLETED = "completed", _("completed")

    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="local_agendas",
        verbose_name=_("local government"),
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        related_name="local_agendas",
        verbose_name=_("campaign"),
    )
    title = models.CharField(_("title"), max_length=200)
    started_on = models.DateField(_("started on"), validators=HAPPENED)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PREPARING
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown to everyone, without private contacts.")
    )
    # Baseline review (the integrator links a self-assessment here as well).
    baseline_on = models.DateField(
        _("baseline review completed on"), null=True, blank=True, validators=HAPPENED
    )
    baseline_summary = _long_text(_("baseline review: summary"))
    baseline_document = _document(_("baseline review report"))
    # Vision.
    vision = _long_text(_("vision"))
    vision_adopted_on = models.DateField(
        _("vision adopted on"), null=True, blank=True, validators=HAPPENED
    )
    # Targets and the action programme: the campaign's own records, linked.
    targets = models.ManyToManyField(
        Target, blank=True, related_name="local_agendas", verbose_name=_("targets")
    )
    actions = models.ManyToManyField(
        Action, blank=True, related_name="local_agendas", verbose_name=_("action programme")
    )
    # Council commitment.
    council_on = models.DateField(
        _("council adopted the agenda on"), null=True, blank=True, validators=HAPPENED
    )
    council_reference = models.CharField(
        _("council decision reference"), max_length=200, blank=True
    )
    council_document = _document(_("council decision"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LocalAgendaQuerySet.as_manager()

    class Meta:
        verbose_name = _("local agenda")
        verbose_name_plural = _("local agendas")
        ordering = ["local_government__name", "campaign__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "campaign"], name="one_local_agenda_per_campaign"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agendas:agenda", args=[self.local_government.code, self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.campaign_id and self.campaign.methodology.code != METHODOLOGY:
            errors["campaign"] = gettext(
                "%(campaign)s runs the methodology “%(methodology)s”, not the Local Agenda "
                "process: a local agenda belongs to a campaign that runs it."
            ) % {"campaign": self.campaign, "methodology": self.campaign.methodology}
        for field, label in (
            ("baseline_on", gettext("The baseline review")),
            ("vision_adopted_on", gettext("The vision")),
            ("council_on", gettext("The council commitment")),
        ):
            value = getattr(self, field)
            if value and self.started_on and value < self.started_on:
                errors[field] = gettext("%(what)s cannot come before the agenda started.") % {
                    "what": label
                }
        if self.council_document and not self.council_on:
            errors["council_on"] = gettext("Give the date of the council decision.")
        if errors:
            raise ValidationError(errors)

    @property
    def has_baseline(self) -> bool:
        return self.baseline_on is not None

    @property
    def has_council_commitment(self) -> bool:
        return self.council_on is not None


class AgendaStakeholder(models.Model):
    """An organisation or person in the agenda's stakeholder forum. The contact
    is private: only the member's insiders see it."""

    class Kind(models.TextChoices):
        COMMUNITY = "community", _("community group")
        BUSINESS = "business", _("business")
        NGO = "ngo", _("non-governmental organisation")
        ACADEMIA = "academia", _("academia and research")
        PUBLIC = "public", _("public agency")
        YOUTH = "youth", _("youth")
        WOMEN = "women", _("women's organisation")
        FAITH = "faith", _("faith group")
        LABOUR = "labour", _("trade union")
        INDIGENOUS = "indigenous", _("indigenous people")
        INDIVIDUAL = "individual", _("individual citizen")
        OTHER = "other", _("other")

    agenda = models.ForeignKey(LocalAgenda, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    role = models.CharField(_("role in the forum"), max_length=200, blank=True)
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("Private: only the member's people and offices see it."),
    )

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["agenda", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agenda", "name"], name="agenda_stakeholder_unique")
        ]

    def __str__(self) -> str:
        return self.name


class AgendaMeeting(models.Model):
    """A meeting of the stakeholder forum."""

    agenda = models.ForeignKey(LocalAgenda, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("held on"), validators=HAPPENED)
    participants = models.PositiveIntegerField(
        _("participants"), validators=[MaxValueValidator(MAX_PARTICIPANTS)]
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    minutes = _document(_("minutes"))

    class Meta:
        verbose_name = _("forum meeting")
        verbose_name_plural = _("forum meetings")
        ordering = ["agenda", "-held_on"]

    def __str__(self) -> str:
        return f"{self.agenda} {self.held_on}"

    def clean(self) -> None:
        if self.held_on and self.agenda_id and self.held_on < self.agenda.started_on:
            raise ValidationError(
                {"held_on": gettext("A forum meeting cannot come before the agenda started.")}
            )


class AgendaPriority(models.Model):
    """A priority issue of the agenda, in the order the forum ranked them."""

    agenda = models.ForeignKey(LocalAgenda, on_delete=models.CASCADE, related_name="priorities")
    position = models.PositiveSmallIntegerField(_("rank"))
    title = models.CharField(_("issue"), max_length=200)
    description = _long_text(_("description"))
    raised_by = models.ManyToManyField(
        AgendaStakeholder, blank=True, related_name="priorities", verbose_name=_("raised by")
    )

    class Meta:
        verbose_name = _("priority issue")
        verbose_name_plural = _("priority issues")
        ordering = ["agenda", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agenda", "position"], name="agenda_priority_rank"),
            models.UniqueConstraint(fields=["agenda", "title"], name="agenda_priority_title"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class AgendaMonitoringReport(models.Model):
    """A monitoring report on the agenda: the period, the targets' indicators
    reviewed, the findings. An evaluation report evaluates the agenda's results
    and is reported to the council and the community."""

    agenda = models.ForeignKey(
        LocalAgenda, on_delete=models.CASCADE, related_name="monitoring_reports"
    )
    period_start = models.DateField(_("period from"), validators=HAPPENED)
    period_end = models.DateField(_("period to"), validators=HAPPENED)
    indicators = models.ManyToManyField(
        Target, blank=True, related_name="agenda_reviews", verbose_name=_("indicators reviewed")
    )
    findings = _long_text(_("findings"), blank=False)
    document = _document(_("report"))
    is_evaluation = models.BooleanField(
        _("evaluation report"),
        default=False,
        help_text=_("The results evaluated and reported to the council and the community."),
    )
    reported_on = models.DateField(
        _("reported to the council and community on"),
        null=True,
        blank=True,
        validators=HAPPENED,
    )

    class Meta:
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        ordering = ["agenda", "-period_end"]

    def __str__(self) -> str:
        return f"{self.agenda}: {self.period_start} – {self.period_end}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = gettext("The period ends before it starts.")
        if self.is_evaluation and not self.reported_on:
            errors["reported_on"] = gettext(
                "An evaluation report says when it was reported to the council and community."
            )
        if self.reported_on and self.period_end and self.reported_on < self.period_end:
            errors["reported_on"] = gettext("A report comes after the period it covers.")
        if errors:
            raise ValidationError(errors)


def agenda_targets(agenda: LocalAgenda) -> models.QuerySet[Target]:
    """The targets an agenda may link: the member's own indicator targets, set
    for the agenda's campaign."""
    return Target.objects.filter(
        local_government_id=agenda.local_government_id,
        campaign_id=agenda.campaign_id,
        type=Target.Type.INDICATOR,
    )


def agenda_actions(agenda: LocalAgenda) -> models.QuerySet[Action]:
    """The actions an agenda's programme may hold: the member's own, for the
    agenda's campaign or for all campaigns."""
    return Action.objects.filter(
        Q(campaign_id=agenda.campaign_id) | Q(campaign__isnull=True),
        local_government_id=agenda.local_government_id,
    )
