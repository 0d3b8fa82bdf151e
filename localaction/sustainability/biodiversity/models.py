"""The biodiversity network: members' biodiversity commitments.

A `BiodiversityCommitment` is a local government's pledge — the Durban
Commitment (Local Governments for Biodiversity, 2008), joining Local Action
for Biodiversity as a pioneer, endorsing the CBD's Plan of Action on
Subnational Governments, Cities and Other Local Authorities for Biodiversity
(2011–2020, COP decision X/22), or an own commitment — with its date, the
council decision that made it, the areas of action it covers and its status.
The network's directory lists the members with an active or fulfilled one.

The City Biodiversity Index (Singapore Index) self-assessment is a
questionnaire of the assessments engine (assessments/data/cbi.json).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from localaction.network.models import LocalGovernment

__all__ = ["BiodiversityCommitment"]

AREAS = {
    "assessment": _("Biodiversity assessment and reporting"),
    "strategy": _("Local biodiversity strategy and action plan"),
    "protected_areas": _("Protecting and restoring natural areas"),
    "green_infrastructure": _("Green and blue infrastructure, connectivity"),
    "native_species": _("Native species and habitats"),
    "invasive_species": _("Invasive alien species"),
    "ecosystem_services": _("Ecosystem services (water, climate, recreation)"),
    "mainstreaming": _("Biodiversity in planning, budgets and procurement"),
    "education": _("Education and public awareness"),
    "partnership": _("Participation and partnership"),
}
"""Areas of action a commitment covers, after the Durban Commitment's
sections and the CBD Plan of Action's objectives."""


class BiodiversityCommitmentQuerySet(models.QuerySet):
    def standing(self):
        """Commitments in force or fulfilled: what the network counts."""
        return self.filter(
            status__in=[
                BiodiversityCommitment.Status.ACTIVE,
                BiodiversityCommitment.Status.FULFILLED,
            ]
        )

    def public(self):
        return self.standing().filter(local_government__is_published=True)


class BiodiversityCommitment(models.Model):
    class Kind(models.TextChoices):
        DURBAN = "durban", _("Durban Commitment: Local Governments for Biodiversity (2008)")
        LAB = "lab", _("Local Action for Biodiversity: pioneer")
        CBD_PLAN = "cbd_plan", _("CBD Plan of Action for subnational governments and cities")
        OWN = "own", _("Own commitment")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        FULFILLED = "fulfilled", _("Fulfilled")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="biodiversity_commitments",
        verbose_name=_("local government"),
    )
    kind = models.CharField(_("commitment"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    statement = models.TextField(_("what the member commits to"), blank=True)
    adopted_on = models.DateField(_("date adopted"))
    council_decision = models.CharField(
        _("council decision"),
        max_length=200,
        help_text=_("The decision's reference, e.g. its number and date."),
    )
    decision_url = models.URLField(_("address of the decision document"), blank=True)
    areas = models.JSONField(_("areas of action"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = BiodiversityCommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["local_government__name", "-adopted_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "kind"],
                condition=~Q(status="withdrawn"),
                name="biodiversity_commitment_once",
            )
        ]
        verbose_name = _("biodiversity commitment")
        verbose_name_plural = _("biodiversity commitments")

    def __str__(self) -> str:
        return f"{self.local_government.name}: {self.title}"

    def get_absolute_url(self) -> str:
        return (
            reverse("biodiversity:member", args=[self.local_government.code])
            + f"#commitment-{self.pk}"
        )

    def clean(self) -> None:
        unknown = [area for area in self.areas or [] if area not in AREAS]
        if not isinstance(self.areas, list) or unknown:
            raise ValidationError(
                {
                    "areas": _("Unknown areas of action: %(areas)s.")
                    % {"areas": ", ".join(map(str, unknown))}
                }
            )
        if not self.areas:
            raise ValidationError({"areas": _("Name at least one area of action.")})

    @property
    def is_standing(self) -> bool:
        return self.status in (self.Status.ACTIVE, self.Status.FULFILLED)

    def area_names(self) -> list[str]:
        return [str(AREAS[area]) for area in self.areas if area in AREAS]
