"""Who reads and keeps the work programmes.

- An office's staff and the secretariat (staff of the World Secretariat)
  read every version of the office's programmes, draft them, change a
  draft's activities, record an approval and draft revisions.
- A programme marked public is summarised for anyone, signed in or not,
  once approved (its approved and superseded versions): activities, goals
  served and status, never the budget nor the people responsible.
- Nobody else reads a programme: for them it does not exist.

Every door (pages, API, admin) asks these functions; none decides by itself.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from localaction.accounts.access import access_of
from localaction.programmes.models import WorkProgramme


def can_keep_programmes(user, office) -> bool:
    """Draft, change, approve and revise the office's programmes (and read them whole)."""
    access = access_of(user)
    return access.is_secretariat or office.pk in access.offices


def can_read_programme(user, programme: WorkProgramme) -> bool:
    """The whole programme: budget and people included."""
    return can_keep_programmes(user, programme.office)


def can_read_summary(user, programme: WorkProgramme) -> bool:
    """Its activities, goals served and status."""
    return can_read_programme(user, programme) or (programme.is_public and not programme.is_draft)


def programmes_readable_by(user, programmes: QuerySet) -> QuerySet:
    """Those of `programmes` the person reads whole (`can_read_programme`)."""
    access = access_of(user)
    if access.is_secretariat:
        return programmes
    return programmes.filter(office__in=access.offices)


def summaries_readable_by(user, programmes: QuerySet) -> QuerySet:
    """Those of `programmes` the person reads at least summarised (`can_read_summary`)."""
    access = access_of(user)
    if access.is_secretariat:
        return programmes
    return programmes.filter(
        Q(office__in=access.offices)
        | Q(
            is_public=True,
            status__in=[WorkProgramme.Status.APPROVED, WorkProgramme.Status.SUPERSEDED],
        )
    )
