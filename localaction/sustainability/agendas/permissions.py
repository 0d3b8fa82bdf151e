"""Who may see and change local agendas.

- A published agenda of a published member is public, with its parts —
  except the stakeholders' contacts and the documents, which stay with the
  insiders.
- Insiders (the member's editors and viewers, the offices covering it, the
  secretariat) see every agenda of the member, published or not.
- Editors of the member and the offices covering it write them.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from localaction.accounts.access import access_of
from localaction.campaigns.permissions import is_insider
from localaction.network.models import LocalGovernment
from localaction.network.permissions import can_edit_local_government
from localaction.sustainability.agendas.models import LocalAgenda


def insider_local_governments(user) -> QuerySet[LocalGovernment]:
    """The members whose every agenda, contact and document the person sees."""
    access = access_of(user)
    if access.is_secretariat:
        return LocalGovernment.objects.all()
    return LocalGovernment.objects.filter(
        Q(pk__in=access.member_of)
        | Q(country__region__in=access.staff_regions)
        | Q(country__in=access.staff_countries)
    )


def agendas_visible_to(user) -> QuerySet[LocalAgenda]:
    return LocalAgenda.objects.filter(
        Q(is_published=True, local_government__is_published=True)
        | Q(local_government__in=insider_local_governments(user))
    )


def can_view_agenda(user, agenda: LocalAgenda) -> bool:
    if agenda.is_published and agenda.local_government.is_published:
        return True
    return is_insider(user, agenda.local_government)


def can_see_private(user, local_government: LocalGovernment) -> bool:
    """Whether the person sees stakeholders' contacts, documents and unpublished agendas."""
    return is_insider(user, local_government)


def can_edit_agendas(user, local_government: LocalGovernment) -> bool:
    return can_edit_local_government(user, local_government)
