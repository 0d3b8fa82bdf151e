"""Advocacy (Strategic Plan 2.5): the policy processes the association takes
part in (UNFCCC COP/CMP, the UN Commission on Sustainable Development,
Habitat …), its roles in them (observer, organising partner, secretariat of
a council), the engagements of each role (events attended, submissions,
statements, with their delegations and outcomes), the figures a statement
cites from a published network report, and the periodic review of each role
(2.5e: benefits, costs, a recommendation and the decision to continue).

A cited figure keeps the value as the report published it (copied from the
report's snapshot when cited), so a statement never changes with the data.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from localaction.governance.models import Decision
from localaction.network.models import LocalGovernment, Office
from localaction.reports.models import NetworkReport
from localaction.validators import DOCUMENT_VALIDATORS, InDates


class PolicyProcess(models.Model):
    """An intergovernmental process: UNFCCC COP/CMP, the UN CSD, Habitat."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, unique=True)
    convened_by = models.CharField(_("convening organisation"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("policy process")
        verbose_name_plural = _("policy processes")

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("advocacy:process", args=[self.pk])


class Role(models.Model):
    """The association's role in a process, kept by one office and reviewed
    every `review_every` months (2.5e)."""

    class Kind(models.TextChoices):
        OBSERVER = "observer", _("Observer")
        ORGANISING_PARTNER = "partner", _("Organising partner")
        COUNCIL_SECRETARIAT = "secretariat", _("Secretariat of a council")
        OTHER = "other", _("Other")

    process = models.ForeignKey(
        PolicyProcess, on_delete=models.PROTECT, related_name="roles", verbose_name=_("process")
    )
    kind = models.CharField(_("role"), max_length=12, choices=Kind.choices)
    since = models.DateField(_("since"), validators=[InDates("DATE")])
    until = models.DateField(_("until"), null=True, blank=True, validators=[InDates("DATE")])
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="advocacy_roles",
        verbose_name=_("office responsible"),
    )
    description = models.TextField(_("description"), blank=True)
    # The due date of the review its office was last reminded of (services.remind_reviews_due).
    review_reminded_for = models.DateField(
        _("reminded of the review due"), null=True, blank=True, editable=False
    )
    review_every = models.PositiveSmallIntegerField(
        _("review every (months)"),
        default=24,
        help_text=_("How many months may pass between two reviews of the role."),
    )

    class Meta:
        ordering = ["process", "-since", "pk"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("since")),
                name="advocacy_role_dates_in_order",
                violation_error_message=_("A role ends after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(review_every__gte=1) & models.Q(review_every__lte=120),
                name="advocacy_role_review_period",
                violation_error_message=_("A role is reviewed every 1 to 120 months."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.process}"

    def get_absolute_url(self) -> str:
        return reverse("advocacy:role", args=[self.pk])

    @property
    def is_current(self) -> bool:
        return self.until is None or self.until >= timezone.localdate()

    @property
    def last_review(self) -> RoleReview | None:
        return self.reviews.order_by("-reviewed_on", "-pk").first()

    def review_due_on(self) -> datetime.date:
        """The day after which the role is overdue for a review: its period
        after the last review (after its start, before any)."""
        last = self.last_review
        start = last.reviewed_on if last else self.since
        return start + relativedelta(months=self.review_every)

    def review_due_as_of(self, today: datetime.date) -> bool:
        """Whether, on `today`, the role is current and its last review (its
        start, before any) older than its review period."""
        current = self.until is None or self.until >= today
        return current and today > self.review_due_on()

    @property
    def review_due(self) -> bool:
        """A current role whose last review is older than its review period."""
        return self.review_due_as_of(timezone.localdate())


class Engagement(models.Model):
    """An event attended, a submission or a statement made under a role."""

    class Kind(models.TextChoices):
        EVENT = "event", _("Event attended")
        SUBMISSION = "submission", _("Submission")
        STATEMENT = "statement", _("Statement")
        OTHER = "other", _("Other")

    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="engagements", verbose_name=_("role")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("date"), validators=[InDates("DATE")])
    place = models.CharField(_("place"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    document = models.FileField(
        _("document"),
        upload_to="advocacy/",
        blank=True,
        validators=DOCUMENT_VALIDATORS,
        help_text=_("PDF, office documents or scans, up to 10 MB."),
    )
    public = models.BooleanField(_("public"), default=False)
    delegations = models.ManyToManyField(
        LocalGovernment,
        blank=True,
        related_name="advocacy_engagements",
        verbose_name=_("member delegations"),
    )
    delegates = models.TextField(
        _("delegates"), blank=True, help_text=_("The people of the delegation, one a line.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("advocacy:engagement", args=[self.pk])

    @property
    def delegate_names(self) -> list[str]:
        return [line.strip() for line in self.delegates.splitlines() if line.strip()]


class CitedFigure(models.Model):
    """A figure of a published network report that an engagement cites, its
    value copied from the report's snapshot when cited."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="figures", verbose_name=_("engagement")
    )
    report = models.ForeignKey(
        NetworkReport,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published report"),
    )
    key = models.CharField(
        _("figure"),
        max_length=300,
        help_text=_("Its path in the report's figures, such as total_tco2e."),
    )
    label = models.CharField(_("label"), max_length=200)
    value = models.JSONField(_("value as published"))
    cited_at = models.DateTimeField(_("cited at"), auto_now_add=True)
    cited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cited by"),
    )

    class Meta:
        ordering = ["engagement", "pk"]
        verbose_name = _("cited figure")
        verbose_name_plural = _("cited figures")

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"


class RoleReview(models.Model):
    """A periodic review of a role (2.5e): its benefits and costs, a
    recommendation, and the decision taken on it."""

    class Recommendation(models.TextChoices):
        CONTINUE = "continue", _("Continue")
        CHANGE = "change", _("Change")
        END = "end", _("End")

    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("role")
    )
    reviewed_on = models.DateField(_("reviewed on"), validators=[InDates("DATE")])
    benefits = models.TextField(_("benefits"))
    costs = models.TextField(_("costs"))
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advocacy_reviews",
        verbose_name=_("decision"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    class Meta:
        ordering = ["role", "-reviewed_on", "-pk"]
        verbose_name = _("role review")
        verbose_name_plural = _("role reviews")

    def __str__(self) -> str:
        return f"{self.role} ({self.reviewed_on})"
