"""Resilience: a member's hazard profile, year by year.

- `ResilienceHazardProfile`: the hazards a member faces as rated in one year,
  kept by its editors and published by them when ready.
- `ResilienceHazardRating`: one hazard of the vocabulary (hazards.py) with its
  likelihood and impact (1–5 each); its risk is their product (core.risk).

The resilience scorecards (the Ten Essentials, preliminary and detailed) are
questionnaires of the assessments engine; this package adds the hazard
profile beside them and the member's resilience page that shows both.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from localaction.core import risk as method
from localaction.network.models import LocalGovernment
from localaction.sustainability.resilience.hazards import vocabulary

__all__ = ["ResilienceHazardProfile", "ResilienceHazardRating"]

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
BAND_NAMES = {
    "low": _("Low"),
    "medium": _("Medium"),
    "high": _("High"),
    "very_high": _("Very high"),
}
assert tuple(BAND_NAMES) == tuple(name for name, _highest in method.BANDS)


class HazardProfileQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, local_government__is_published=True)


class ResilienceHazardProfile(models.Model):
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="hazard_profiles",
        verbose_name=_("local government"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    notes = models.TextField(_("notes"), blank=True)
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Visitors see a published profile.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = HazardProfileQuerySet.as_manager()

    class Meta:
        ordering = ["local_government__name", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "year"], name="resilience_hazard_profile_once"
            )
        ]
        verbose_name = _("hazard profile")
        verbose_name_plural = _("hazard profiles")

    def __str__(self) -> str:
        return f"{self.local_government.name} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("resilience:profile", args=[self.local_government.code, self.year])

    def ratings_ranked(self) -> list[ResilienceHazardRating]:
        return sorted(
            self.ratings.all(), key=lambda rating: (-rating.risk, -rating.impact, rating.hazard)
        )

    def matrix(self) -> method.Matrix:
        return method.matrix(rating.as_method() for rating in self.ratings.all())


class ResilienceHazardRating(models.Model):
    profile = models.ForeignKey(
        ResilienceHazardProfile,
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name=_("hazard profile"),
    )
    hazard = models.CharField(_("hazard"), max_length=40)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), validators=LEVEL_VALIDATORS)
    impact = models.PositiveSmallIntegerField(_("impact"), validators=LEVEL_VALIDATORS)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["profile", "hazard"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "hazard"], name="resilience_hazard_once"),
            models.CheckConstraint(
                condition=models.Q(
                    likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5
                ),
                name="resilience_hazard_levels",
            ),
        ]
        verbose_name = _("hazard rating")
        verbose_name_plural = _("hazard ratings")

    def __str__(self) -> str:
        return f"{self.hazard_name}: {self.likelihood} × {self.impact}"

    def clean(self) -> None:
        if self.hazard not in vocabulary().hazards:
            raise ValidationError(
                {
                    "hazard": _("'%(code)s' is not a hazard of the vocabulary.")
                    % {"code": self.hazard}
                }
            )

    @property
    def hazard_name(self) -> str:
        hazard = vocabulary().hazards.get(self.hazard)
        return hazard.label if hazard else self.hazard

    @property
    def risk(self) -> int:
        return method.risk(self.likelihood, self.impact)

    @property
    def band(self) -> str:
        return method.band(self.risk)

    @property
    def band_name(self) -> str:
        return str(BAND_NAMES[self.band])

    def as_method(self) -> method.Rating:
        return method.Rating(self.hazard, self.likelihood, self.impact)
