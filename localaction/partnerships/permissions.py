"""Who reads and keeps the partnerships.

- Anyone, signed in or not, reads the active public agreements and their
  partners.
- Staff of the responsible office and the secretariat (staff of the World
  Secretariat) read and keep that office's agreements, drafts and non-public
  ones included; any office staff adds partner organisations.

Every door (pages, API, admin) asks these functions; none decides by itself.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from localaction.accounts.access import access_of
from localaction.partnerships.models import Agreement


def can_keep_partners(user) -> bool:
    """Add and change partner organisations (and draft agreements)."""
    access = access_of(user)
    return access.is_secretariat or access.is_office_staff


def can_keep_agreement(user, agreement: Agreement) -> bool:
    access = access_of(user)
    return access.is_secretariat or agreement.office_id in access.offices


def can_keep_for_office(user, office_id: int | None) -> bool:
    access = access_of(user)
    return access.is_secretariat or office_id in access.offices


def is_listed(agreement: Agreement) -> bool:
    return agreement.status == Agreement.Status.ACTIVE and agreement.is_public


def can_read_agreement(user, agreement: Agreement) -> bool:
    return is_listed(agreement) or can_keep_agreement(user, agreement)


def agreements_readable_by(user, agreements: QuerySet) -> QuerySet:
    """Those of `agreements` the person reads (`can_read_agreement`), as one query."""
    access = access_of(user)
    if access.is_secretariat:
        return agreements
    listed = Q(status=Agreement.Status.ACTIVE, is_public=True)
    return agreements.filter(listed | Q(office__in=access.offices))
