"""Alliances, partnerships and cooperation (§2.4 of the strategic plan).

A partner organisation (a local government association, a UN agency, a
national government, an academic institution, a business, an NGO …) and the
agreements with it (a memorandum of understanding, a contract, a letter of
intent), each kept by one office.

An agreement is drafted, then activated (`partnerships.services.activate`)
only once the plan's conditions for a partnership are written down: common
aims, objectives, strategy and outcomes, the share of tasks and
responsibilities, and the resources; it is then ended, or renewed to a later
end date. An active agreement whose end date has passed without renewal is
expired (the daily task). Active public agreements are listed for everyone.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from localaction.network.models import Country, Office
from localaction.validators import DOCUMENT_VALIDATORS, InDates


class PartnerOrganisation(models.Model):
    class Kind(models.TextChoices):
        LGA = "lga", _("Local government association")
        UN = "un", _("UN agency")
        GOVERNMENT = "government", _("National government")
        ACADEMIC = "academic", _("Academic institution")
        BUSINESS = "business", _("Business")
        NGO = "ngo", _("NGO")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:partner", args=[self.pk])


def _document_path(instance, filename: str) -> str:
    return f"partnerships/{instance.partner_id}/{Path(filename).name}"


class Agreement(models.Model):
    class Kind(models.TextChoices):
        MOU = "mou", _("Memorandum of understanding")
        CONTRACT = "contract", _("Contract")
        LETTER = "letter", _("Letter of intent")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")
        EXPIRED = "expired", _("Expired")

    # The plan's conditions for a partnership: each written before activation.
    CONDITIONS = ("aims", "objectives", "shares", "resources")

    partner = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("partner"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("responsible office"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    aims = models.TextField(_("common aims"), blank=True)
    objectives = models.TextField(_("objectives, strategy and outcomes"), blank=True)
    shares = models.TextField(_("share of tasks and responsibilities"), blank=True)
    resources = models.TextField(_("resources"), blank=True)
    signed_on = models.DateField(
        _("signed on"), null=True, blank=True, validators=[InDates("DATE")]
    )
    starts_on = models.DateField(
        _("starts on"), null=True, blank=True, validators=[InDates("DATE")]
    )
    ends_on = models.DateField(
        _("ends on"),
        null=True,
        blank=True,
        validators=[InDates("DATE")],
        help_text=_("Empty for an open-ended agreement."),
    )
    renewal_notice_days = models.PositiveSmallIntegerField(
        _("renewal notice (days)"),
        default=90,
        validators=[MaxValueValidator(730)],
        help_text=_("How many days before the end the office is reminded to renew."),
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Listed for everyone once active.")
    )
    document = models.FileField(
        _("document"),
        upload_to=_document_path,
        validators=DOCUMENT_VALIDATORS,
        blank=True,
        help_text=_("PDF, office documents or scans, up to 10 MB."),
    )
    reminded_for = models.DateField(
        _("renewal reminder sent for"), null=True, blank=True, editable=False
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
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="agreement_dates_in_order",
                violation_error_message=_("An agreement ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partnerships:agreement", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": gettext("An agreement ends after it starts.")})


class Signatory(models.Model):
    class Party(models.TextChoices):
        ASSOCIATION = "association", _("The association")
        PARTNER = "partner", _("The partner")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="signatories",
        verbose_name=_("agreement"),
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    party = models.CharField(_("party"), max_length=12, choices=Party.choices)

    class Meta:
        ordering = ["agreement", "party", "pk"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_party_display()})"
