"""The Charter and the By-Laws, as documents with versions (§2.2a asks for
consistency between them).

Each version is the whole text as adopted by a decision, in force from a day
until the next version's; an amendment is a new version pointing to the
decision that adopted it. Versions are not edited once recorded (a correction
is a new version), so that the text a decision adopted stays readable.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from localaction.governance.models.meetings import Decision


class GoverningDocument(models.Model):
    """The Charter, the By-Laws (or another statute the secretariat adds)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("governing document")
        verbose_name_plural = _("governing documents")

    def __str__(self) -> str:
        return gettext(self.title)

    def get_absolute_url(self) -> str:
        return reverse("governance:document-versions", args=[self.code])

    def version_in_force(self, on: datetime.date | None = None) -> DocumentVersion | None:
        on = on or timezone.localdate()
        return self.versions.filter(in_force_from__lte=on).order_by("-in_force_from").first()


class DocumentVersion(models.Model):
    """The whole text of a governing document as one decision adopted it."""

    document = models.ForeignKey(
        GoverningDocument,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("document"),
    )
    label = models.CharField(
        _("version"), max_length=100, help_text=_("E.g. As amended by the Council, 2006.")
    )
    text = models.TextField(_("text"))
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document_versions",
        verbose_name=_("adopted by"),
        help_text=_(
            "The decision that adopted this text; empty only for a text "
            "adopted before the decisions log began."
        ),
    )
    in_force_from = models.DateField(_("in force from"))
    summary = models.TextField(
        _("what changed"), blank=True, help_text=_("The amendment in a few words.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["document", "-in_force_from"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "in_force_from"],
                name="one_version_in_force_per_day",
                violation_error_message=_("Another version comes into force that day."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} — {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("governance:document-version", args=[self.document.code, self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.decision_id:
            if self.decision.outcome != Decision.Outcome.ADOPTED:
                errors["decision"] = gettext("%(reference)s was rejected: it adopted no text.") % {
                    "reference": self.decision.reference
                }
            elif self.in_force_from and self.in_force_from < self.decision.decided_on:
                errors["in_force_from"] = gettext(
                    "A text comes into force on or after the day of its decision (%(date)s)."
                ) % {"date": self.decision.decided_on.isoformat()}
        if errors:
            raise ValidationError(errors)
