"""Who may see and change biodiversity commitments.

Insiders (the member's editors and viewers, the offices covering it, the
secretariat) see all of its commitments; everyone sees the active and
fulfilled commitments of published members. The member's editors, the
offices covering it and the secretariat write them.
"""

from django.db.models import Q, QuerySet

from localaction.accounts.access import access_of
from localaction.network.models import LocalGovernment
from localaction.network.permissions import can_edit_local_government, is_covered_by
from localaction.sustainability.biodiversity.models import BiodiversityCommitment


def is_insider(user, local_government: LocalGovernment) -> bool:
    return local_government.pk in access_of(user).member_of or is_covered_by(user, local_government)


def can_edit_biodiversity(user, local_government: LocalGovernment) -> bool:
    return can_edit_local_government(user, local_government)


def commitments_visible_to(user) -> QuerySet[BiodiversityCommitment]:
    access = access_of(user)
    commitments = BiodiversityCommitment.objects.all()
    if access.is_secretariat:
        return commitments
    public = Q(
        status__in=[BiodiversityCommitment.Status.ACTIVE, BiodiversityCommitment.Status.FULFILLED],
        local_government__is_published=True,
    )
    insiders = (
        Q(local_government__in=access.member_of)
        | Q(local_government__country__region__in=access.staff_regions)
        | Q(local_government__country__in=access.staff_countries)
    )
    return commitments.filter(public | insiders)
