"""The Council at the Congress: who of those entitled to sit in a governance
meeting held in a session has registered for the event, and whether they make
its quorum (plan §4.2b: the World Congress, where the Council meets).

The Council is every full member (`Body.Composition.ALL_FULL_MEMBERS`): a
member is represented when one of its delegates holds a confirmed
registration in the member-delegate category for it. For a body of seats, a
mandate holder is represented when their account is registered and
confirmed. The quorum expected from registrations is the body's own rule
(`Body.quorum_needed`) applied to those represented; the quorum of the
meeting itself stays the governance app's, from the attendance it records —
which `record_attendance` fills from the event's check-in.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from localaction.events.models import Registration, RegistrationCategory, Session
from localaction.governance.models import Attendance, Body, Meeting, Quorum
from localaction.governance.permissions import can_keep_body


@dataclass(frozen=True)
class Representative:
    """One entitled member (or mandate) and the registration speaking for it."""

    name: str
    registration: Registration | None

    @property
    def checked_in(self) -> bool:
        return bool(self.registration and self.registration.checked_in_at)


@dataclass(frozen=True)
class CouncilRoll:
    meeting: Meeting
    entitled: int
    represented: list[Representative]
    expected: Quorum  # present = those represented by a confirmed registration
    checked_in: int


def _for_members(meeting: Meeting, registrations) -> tuple[int, list[Representative]]:
    entitled = {lg.pk: lg for lg in meeting.entitled()}
    first: dict[int, Registration] = {}
    for registration in registrations.filter(
        category__kind=RegistrationCategory.Kind.MEMBER_DELEGATE,
        local_government__in=list(entitled),
    ).order_by("-checked_in_at", "registered_at", "pk"):
        # One voice per member: its delegate checked in first, else the first registered.
        first.setdefault(registration.local_government_id, registration)
    represented = [
        Representative(entitled[lg].name, registration)
        for lg, registration in sorted(first.items(), key=lambda item: entitled[item[0]].name)
    ]
    return len(entitled), represented


def _for_seats(meeting: Meeting, registrations) -> tuple[int, list[Representative]]:
    mandates = list(meeting.entitled().select_related("user"))
    by_person = {registration.person_id: registration for registration in registrations}
    represented = [
        Representative(mandate.holder_name, by_person[mandate.user_id])
        for mandate in sorted(mandates, key=lambda mandate: mandate.holder_name)
        if mandate.user_id in by_person
    ]
    return len(mandates), represented


def council_roll(session: Session) -> CouncilRoll | None:
    """The roll of the meeting held in `session` from the event's confirmed
    registrations, or None when the session holds no meeting."""
    meeting = session.meeting
    if meeting is None:
        return None
    registrations = (
        Registration.objects.confirmed()
        .filter(event=session.event_id)
        .select_related("person", "local_government")
    )
    if meeting.body.composition == Body.Composition.ALL_FULL_MEMBERS:
        entitled, represented = _for_members(meeting, registrations)
    else:
        entitled, represented = _for_seats(meeting, registrations)
    return CouncilRoll(
        meeting=meeting,
        entitled=entitled,
        represented=represented,
        expected=Quorum(
            entitled=entitled,
            present=len(represented),
            needed=meeting.body.quorum_needed(entitled),
        ),
        checked_in=sum(1 for person in represented if person.checked_in),
    )


@transaction.atomic
def record_attendance(*, session: Session, by) -> int:
    """Record in the governance meeting, as present, each entitled member (or
    mandate) whose representative has checked in at the event; attendance
    already recorded is left as it is. Returns how many were added. Only a
    keeper of the body may (governance's rule)."""
    meeting = session.meeting
    if meeting is None:
        raise ValidationError(gettext("This session holds no governance meeting."))
    if not can_keep_body(by, meeting.body):
        raise PermissionDenied
    roll = council_roll(session)
    added = 0
    members = meeting.body.composition == Body.Composition.ALL_FULL_MEMBERS
    entitled = None if members else {m.user_id: m for m in meeting.entitled()}
    for person in roll.represented:
        if not person.checked_in:
            continue
        registration = person.registration
        if members:
            where = {"local_government_id": registration.local_government_id}
        else:
            where = {"mandate": entitled[registration.person_id]}
        _, created = Attendance.objects.get_or_create(
            meeting=meeting,
            **where,
            defaults={"delegate": registration.person_name[:200], "present": True},
        )
        added += created
    return added
