"""Who reads and keeps regional development and the offices' arrangements.

- Prospects are their office's: its staff and the secretariat (staff of the
  World Secretariat) read and keep them; nobody else — not members' editors,
  not staff of another office, not the public — sees them at all.
- Priority regions and their membership targets are read by everyone (the
  plan names them); the targets are set by the secretariat; the progress
  against them (members at each year's end) is for office staff and the
  secretariat.
- An office's host and the regions it serves are public; its funding, staff
  figure and contracts are for its staff and the secretariat; the
  arrangements and contracts are kept by the secretariat.

Every door (pages, API, admin) asks these functions; none decides by itself.
"""

from __future__ import annotations

from django.db.models import QuerySet

from localaction.accounts.access import access_of
from localaction.network.models import Office


def works_on_development(user) -> bool:
    """Office staff and the secretariat: those with prospects to keep."""
    access = access_of(user)
    return access.is_secretariat or access.is_office_staff


def can_keep_prospects_of(user, office: Office | None) -> bool:
    access = access_of(user)
    return access.is_secretariat or (office is not None and office.pk in access.offices)


def prospects_readable_by(user, prospects: QuerySet) -> QuerySet:
    """Those of `prospects` the person reads and keeps, as one query."""
    access = access_of(user)
    if access.is_secretariat:
        return prospects
    return prospects.filter(office__in=access.offices)


def offices_for_prospects(user) -> QuerySet[Office]:
    """The offices whose prospects the person keeps."""
    access = access_of(user)
    offices = Office.objects.all()
    return offices if access.is_secretariat else offices.filter(pk__in=access.offices)


def can_set_targets(user) -> bool:
    return access_of(user).is_secretariat


def can_read_progress(user) -> bool:
    return works_on_development(user)


def can_read_office_terms(user, office: Office) -> bool:
    """Funding, staff and contracts of the office."""
    access = access_of(user)
    return access.is_secretariat or office.pk in access.offices


def can_keep_arrangements(user) -> bool:
    return access_of(user).is_secretariat
