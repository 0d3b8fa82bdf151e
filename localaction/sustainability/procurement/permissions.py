"""Who may see and change procurement records.

- The criteria library and the network's figures are public; the secretariat
  keeps the library.
- A member's council commitments are public with the member (a council
  decision is a public act).
- Tenders, green shares and savings are the member's workings: its editors and
  viewers, the offices covering it and the secretariat see them.
- Editors of the member and the offices covering it (can_edit_local_government)
  write tenders and commitments.
- The professionals' directory and question boards are for people signed in;
  only people who opted in ask and answer; the secretariat moderates.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from localaction.accounts.access import access_of
from localaction.campaigns.permissions import is_insider
from localaction.network.models import LocalGovernment
from localaction.network.permissions import can_edit_local_government
from localaction.sustainability.procurement.models import (
    ProcurementProfessional,
    ProcurementTender,
)


def insider_local_governments(user) -> QuerySet[LocalGovernment]:
    """The members whose tenders the person sees."""
    access = access_of(user)
    if access.is_secretariat:
        return LocalGovernment.objects.all()
    return LocalGovernment.objects.filter(
        Q(pk__in=access.member_of)
        | Q(country__region__in=access.staff_regions)
        | Q(country__in=access.staff_countries)
    )


def can_see_tenders(user, local_government: LocalGovernment) -> bool:
    return is_insider(user, local_government)


def can_edit_procurement(user, local_government: LocalGovernment) -> bool:
    """Whether the person writes the member's tenders and commitments."""
    return can_edit_local_government(user, local_government)


def tenders_visible_to(user) -> QuerySet[ProcurementTender]:
    return ProcurementTender.objects.filter(local_government__in=insider_local_governments(user))


def can_keep_library(user) -> bool:
    """The secretariat keeps the criteria library and moderates the boards."""
    return access_of(user).is_secretariat


can_moderate = can_keep_library


def professional_of(user) -> ProcurementProfessional | None:
    if not user.is_authenticated:
        return None
    return ProcurementProfessional.objects.filter(user=user).first()
