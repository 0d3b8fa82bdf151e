"""Recording what the bodies decide, with the rules every door obeys.

`record_decision` numbers a decision `<BODY CODE>-<year>-<NNN>` without gaps
(`next_reference`), checks the meeting's quorum against the body's rule and
refuses a decision taken without it unless it is marked as such, and refuses
vote counts the meeting could not have cast. `approve_membership` links a
membership to the decision that approved it, where the Charter requires one.
Each takes the person acting (`by`) and checks their permission itself
(`governance.permissions`); each is atomic: refused, it writes nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from localaction.governance import permissions
from localaction.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    Decision,
    DecisionNumberSeries,
    Mandate,
    Meeting,
    MembershipApproval,
)
from localaction.network.models import LocalGovernment, Membership


def next_reference(body: Body, year: int) -> tuple[int, str]:
    """The next number of the body's decisions in the year and its reference,
    e.g. (14, "EXCOM-2027-014").

    Call it inside the transaction that records the decision: the series row
    stays locked (SELECT … FOR UPDATE on PostgreSQL; SQLite locks the whole
    database for the write) until that transaction ends, so numbers are given
    one at a time, and a decision rolled back gives its number back — the
    series has no gaps.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("next_reference runs inside the transaction that uses the number.")
    DecisionNumberSeries.objects.get_or_create(body=body, year=year)
    series = DecisionNumberSeries.objects.select_for_update().get(body=body, year=year)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return series.last_number, f"{body.code}-{year}-{series.last_number:03d}"


def _check_keeper(by, body: Body) -> None:
    if not permissions.can_keep_body(by, body):
        raise PermissionDenied(
            gettext("Only the secretariat of %(body)s records its meetings and decisions.")
            % {"body": body.display_name}
        )


@transaction.atomic
def record_decision(meeting: Meeting, *, by, **fields) -> Decision:
    """Record a decision of the meeting and give it the body's next reference.

    The fields are `new_decision`'s, and so are the refusals (a
    ValidationError saying why; nothing is written, no number used).
    """
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    decision = new_decision(meeting, by=by, **fields)
    decision.number, decision.reference = next_reference(meeting.body, decision.year)
    decision.save()
    return decision


def new_decision(
    meeting: Meeting,
    *,
    by,
    title: str,
    motion: str,
    method: str,
    outcome: str = "",
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    majority: str = Decision.Majority.SIMPLE,
    minutes: str = "",
    is_public: bool = True,
    without_quorum: bool = False,
    agenda_item: AgendaItem | None = None,
) -> Decision:
    """The decision as it would be recorded, checked, not yet numbered or saved
    (forms call it to show refusals beside their fields).

    Refused for a person who does not keep the body; for a meeting yet to take
    place; for a meeting without quorum unless `without_quorum` marks the
    decision as taken without it (and only then); for more votes than those
    present; for an outcome the votes do not give; for a vote without its
    counts or a consensus with counts. A vote's outcome, left empty, is what
    the votes give under the majority required.
    """
    body = meeting.body
    _check_keeper(by, body)
    if meeting.held_on > timezone.localdate():
        raise ValidationError(
            gettext("The meeting of %(date)s has not taken place yet.")
            % {"date": date_format(meeting.held_on)}
        )
    quorum = meeting.quorum()
    if not quorum.reached and not without_quorum:
        raise ValidationError(
            {
                "without_quorum": gettext(
                    "The meeting has no quorum: %(present)d of the %(entitled)d entitled to sit "
                    "are recorded present, %(needed)d are needed. Record the attendance, or "
                    "mark the decision as taken without quorum."
                )
                % {"present": quorum.present, "entitled": quorum.entitled, "needed": quorum.needed}
            }
        )
    if quorum.reached and without_quorum:
        raise ValidationError(
            {
                "without_quorum": gettext(
                    "The meeting has its quorum (%(present)d present, %(needed)d needed): "
                    "the decision was not taken without it."
                )
                % {"present": quorum.present, "needed": quorum.needed}
            }
        )
    decision = Decision(
        body=body,
        meeting=meeting,
        agenda_item=agenda_item,
        decided_on=meeting.held_on,
        year=meeting.held_on.year,
        title=title.strip(),
        motion=motion.strip(),
        method=method,
        majority=majority,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        minutes=minutes,
        is_public=is_public,
        quorum_entitled=quorum.entitled,
        quorum_present=quorum.present,
        quorum_needed=quorum.needed,
        without_quorum=without_quorum,
        recorded_by=by,
    )
    if method == Decision.Method.VOTE and not outcome and None not in (votes_for, votes_against):
        outcome = decision.outcome_of_votes()
    decision.outcome = outcome
    if method == Decision.Method.VOTE and decision.votes_cast > quorum.present:
        raise ValidationError(
            {
                "votes_for": gettext(
                    "%(cast)d votes were counted, but only %(present)d of those entitled to "
                    "sit are recorded present."
                )
                % {"cast": decision.votes_cast, "present": quorum.present}
            }
        )
    decision.full_clean(exclude=["reference", "number"])
    return decision


@transaction.atomic
def record_attendance(
    meeting: Meeting,
    *,
    by,
    mandate: Mandate | None = None,
    local_government: LocalGovernment | None = None,
    present: bool = True,
    excused: bool = False,
    delegate: str = "",
) -> Attendance:
    """Record (or correct) whether a holder — or, for the Council, a member —
    attended the meeting."""
    _check_keeper(by, meeting.body)
    attendance = Attendance.objects.filter(
        meeting=meeting, mandate=mandate, local_government=local_government
    ).first() or Attendance(meeting=meeting, mandate=mandate, local_government=local_government)
    attendance.present, attendance.excused, attendance.delegate = present, excused, delegate
    attendance.full_clean()
    attendance.save()
    return attendance


@transaction.atomic
def approve_membership(membership: Membership, decision: Decision, *, by) -> MembershipApproval:
    """Record that `decision` approved the membership (where the Charter asks a
    body to approve members), and approve it in the register if it waits for
    approval — dated the day of the decision."""
    _check_keeper(by, decision.body)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if decision.outcome != Decision.Outcome.ADOPTED:
        raise ValidationError(
            gettext("%(reference)s was rejected: it approved no membership.")
            % {"reference": decision.reference}
        )
    if MembershipApproval.objects.filter(membership=membership).exists():
        raise ValidationError(
            gettext("This membership is already linked to the decision that approved it.")
        )
    if decision.decided_on < membership.applied_on:
        raise ValidationError(
            gettext("%(reference)s was taken before %(member)s applied (%(date)s).")
            % {
                "reference": decision.reference,
                "member": membership.local_government.name,
                "date": date_format(membership.applied_on),
            }
        )
    if membership.status == Membership.Status.APPLIED:
        membership.move_to(Membership.Status.APPROVED, by=by, on=decision.decided_on)
    elif membership.status == Membership.Status.WITHDRAWN:
        raise ValidationError(
            gettext("This membership was withdrawn: there is nothing to approve.")
        )
    return MembershipApproval.objects.create(
        membership=membership, decision=decision, recorded_by=by
    )
