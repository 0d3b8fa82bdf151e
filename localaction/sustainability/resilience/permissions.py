"""Who may see and change hazard profiles.

- Insiders (the member's editors and viewers, the offices covering it, the
  secretariat) see all of its profiles; everyone else sees the published
  profiles of a published member.
- The member's editors, the offices covering it and the secretariat write
  and publish them.
"""

from django.db.models import Q, QuerySet

from localaction.accounts.access import access_of
from localaction.network.models import LocalGovernment
from localaction.network.permissions import can_edit_local_government, is_covered_by
from localaction.sustainability.resilience.models import ResilienceHazardProfile


def is_insider(user, local_government: LocalGovernment) -> bool:
    return local_government.pk in access_of(user).member_of or is_covered_by(user, local_government)


def can_edit_resilience(user, local_government: LocalGovernment) -> bool:
    return can_edit_local_government(user, local_government)


def profiles_visible_to(user) -> QuerySet[ResilienceHazardProfile]:
    access = access_of(user)
    profiles = ResilienceHazardProfile.objects.all()
    if access.is_secretariat:
        return profiles
    public = Q(is_published=True, local_government__is_published=True)
    insiders = (
        Q(local_government__in=access.member_of)
        | Q(local_government__country__region__in=access.staff_regions)
        | Q(local_government__country__in=access.staff_countries)
    )
    return profiles.filter(public | insiders)


def can_view_profile(user, profile: ResilienceHazardProfile) -> bool:
    if profile.is_published and profile.local_government.is_published:
        return True
    return is_insider(user, profile.local_government)
