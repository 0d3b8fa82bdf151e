"""Who may see and change footprints and their reference values.

- Reference values (national footprints, world biocapacity, Congress rounds)
  are public; the secretariat alone enters them.
- A member's footprints: insiders (its editors and viewers, the offices
  covering it, the secretariat) see all of them; everyone else sees the
  verified footprints of a published member.
- Editors of the member (and the offices covering it) report a footprint;
  only office staff covering it (or the secretariat) verify one — a member
  never verifies itself. A verified footprint is no longer changed.
"""

from django.db.models import Q, QuerySet

from localaction.accounts.access import access_of
from localaction.network.models import LocalGovernment
from localaction.network.permissions import can_edit_local_government, is_covered_by
from localaction.sustainability.footprints.models import Footprint


def can_edit_references(user) -> bool:
    return access_of(user).is_secretariat


def is_insider(user, local_government: LocalGovernment) -> bool:
    """Whether the person works for the member or an office covering it."""
    return local_government.pk in access_of(user).member_of or is_covered_by(user, local_government)


def footprints_visible_to(user) -> QuerySet[Footprint]:
    access = access_of(user)
    footprints = Footprint.objects.all()
    if access.is_secretariat:
        return footprints
    public = Q(status=Footprint.Status.VERIFIED, local_government__is_published=True)
    insiders = (
        Q(local_government__in=access.member_of)
        | Q(local_government__country__region__in=access.staff_regions)
        | Q(local_government__country__in=access.staff_countries)
    )
    return footprints.filter(public | insiders)


def can_view_footprint(user, footprint: Footprint) -> bool:
    local_government = footprint.local_government
    if footprint.is_verified and local_government.is_published:
        return True
    return is_insider(user, local_government)


def can_view_document(user, footprint: Footprint) -> bool:
    """A study's document stays with the insiders: it may be a draft with names."""
    return is_insider(user, footprint.local_government)


def can_report_footprint(user, local_government: LocalGovernment) -> bool:
    return can_edit_local_government(user, local_government)


def can_verify_footprint(user, footprint: Footprint) -> bool:
    return not footprint.is_verified and is_covered_by(user, footprint.local_government)
