"""Writing hazard profiles: a profile per member and year, a rating per hazard.

Each write validates the whole record first (vocabulary, levels 1–5) and
raises ValidationError naming the field, so pages, the API and file imports
refuse the same things in the same words.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from localaction.network.models import LocalGovernment
from localaction.sustainability.resilience.hazards import vocabulary
from localaction.sustainability.resilience.models import (
    ResilienceHazardProfile,
    ResilienceHazardRating,
)


def _level(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationError(
            {
                field: _("%(field)s must be a whole number from 1 to 5, not %(value)s.")
                % {"field": field, "value": value}
            }
        )
    return value


def profile_save(
    *, local_government: LocalGovernment, year: int, notes: str = ""
) -> ResilienceHazardProfile:
    """The member's profile of the year, created or its notes updated."""
    profile = ResilienceHazardProfile.objects.filter(
        local_government=local_government, year=year
    ).first() or ResilienceHazardProfile(local_government=local_government, year=year)
    profile.notes = notes
    profile.full_clean(validate_constraints=False)
    profile.save()
    return profile


@transaction.atomic
def rating_set(
    *,
    profile: ResilienceHazardProfile,
    hazard: str,
    likelihood: int,
    impact: int,
    note: str = "",
) -> ResilienceHazardRating:
    """Rate a hazard in the profile (replacing an earlier rating of it)."""
    if hazard not in vocabulary().hazards:
        raise ValidationError(
            {"hazard": _("'%(code)s' is not a hazard of the vocabulary.") % {"code": hazard}}
        )
    _level(likelihood, "likelihood")
    _level(impact, "impact")
    rating = ResilienceHazardRating.objects.filter(profile=profile, hazard=hazard).first()
    if rating is None:
        rating = ResilienceHazardRating(profile=profile, hazard=hazard)
    rating.likelihood, rating.impact, rating.note = likelihood, impact, note
    rating.full_clean(exclude=["profile"], validate_constraints=False)
    rating.save()
    ResilienceHazardProfile.objects.filter(pk=profile.pk).update(updated_at=timezone.now())
    return rating


def rating_delete(*, rating: ResilienceHazardRating) -> None:
    rating.delete()


def profile_publish(
    *, profile: ResilienceHazardProfile, published: bool
) -> ResilienceHazardProfile:
    """Publish (or withdraw) a profile; an empty profile is not published."""
    if published and not profile.ratings.exists():
        raise ValidationError(_("A profile without any rated hazard cannot be published."))
    profile.is_published = published
    profile.save(update_fields=["is_published", "updated_at"])
    return profile
