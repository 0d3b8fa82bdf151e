"""Who reads and keeps the records of the governing bodies.

- Anyone, signed in or not, reads a public body: its page, seats, current and
  past holders and vacancies, its meetings, the public items of their
  agendas, and its public decisions. Versions of the Charter and By-Laws in
  force are public.
- Those who sit on a body read all of its records, the non-public included:
  the holders of its current mandates (their platform account), and for the
  Council (every full member) the editors of the active full members, who
  speak for them.
- The secretariat (staff of the World Secretariat) keeps every body: its
  seats and mandates, meetings, attendance and decisions, and reads
  everything.
- Staff of an office covering a regional body's region keep that body's
  meetings, attendance and decisions (a regional secretariat serves its
  regional executive committee), and read all its records; the bodies of the
  whole Association stay with the World Secretariat.
- A body, its seats and its mandates are defined in the admin, the
  secretariat's alone.

Every door (page, API, admin, command) asks these functions; none decides by itself.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from localaction.accounts.access import access_of
from localaction.governance.models import Body, Mandate
from localaction.network.models import Membership


def can_define_bodies(user) -> bool:
    """Bodies, seats and mandates, and the Charter's and By-Laws' versions."""
    return access_of(user).is_secretariat


def can_keep_body(user, body) -> bool:
    """Meetings, agendas, attendance and decisions of the body."""
    access = access_of(user)
    if access.is_secretariat:
        return True
    return body.region_id is not None and body.region_id in access.staff_regions


def sits_on(user, body) -> bool:
    """Whether the person sits on the body today (or speaks for a member that does)."""
    access = access_of(user)
    if not access.is_authenticated:
        return False
    if body.composition == body.Composition.ALL_FULL_MEMBERS:
        return Membership.objects.filter(
            local_government__in=access.editor_of,
            status=Membership.Status.ACTIVE,
            type=Membership.Type.FULL,
        ).exists()
    return body.current_mandates().filter(user=user).exists()


def can_read_all_of_body(user, body) -> bool:
    """The body's non-public records: who keeps it and who sits on it."""
    return can_keep_body(user, body) or sits_on(user, body)


def can_read_body(user, body) -> bool:
    return body.is_public or can_read_all_of_body(user, body)


def bodies_readable_by(user, bodies: QuerySet) -> QuerySet:
    """Those of `bodies` the person reads (`can_read_body`), as one query."""
    access = access_of(user)
    if access.is_secretariat:
        return bodies
    condition = Q(is_public=True) | Q(pk__in=_bodies_kept_or_sat_on(user))
    return bodies.filter(condition)


def _bodies_kept_or_sat_on(user):
    """The pks of the bodies whose non-public records the person reads (not the secretariat)."""
    access = access_of(user)
    if not access.is_authenticated:
        return []
    held = Mandate.objects.current(timezone.localdate()).filter(user=user).values("seat__body")
    condition = Q(region__in=access.staff_regions) | Q(pk__in=held)
    if Membership.objects.filter(
        local_government__in=access.editor_of,
        status=Membership.Status.ACTIVE,
        type=Membership.Type.FULL,
    ).exists():
        condition |= Q(composition=Body.Composition.ALL_FULL_MEMBERS)
    return Body.objects.filter(condition).values("pk")


def records_readable_by(user, records: QuerySet, *, body_path: str = "body") -> QuerySet:
    """Those of `records` (meetings, agenda items, decisions: anything with
    `is_public` and a body) the person reads: the public records of public
    bodies, and every record of the bodies they keep or sit on."""
    access = access_of(user)
    if access.is_secretariat:
        return records
    public = Q(is_public=True, **{f"{body_path}__is_public": True})
    return records.filter(public | Q(**{f"{body_path}__in": _bodies_kept_or_sat_on(user)}))


def can_read_record(user, record, body) -> bool:
    """One meeting, agenda item or decision (`records_readable_by`'s rule)."""
    if record.is_public and body.is_public:
        return True
    return can_read_all_of_body(user, body)
