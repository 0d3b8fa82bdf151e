"""Recording decisions: references without gaps, the quorum of the body's rule,
vote counts the meeting could have cast, and membership approvals."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from localaction.governance import decisions
from localaction.governance.models import Decision, DecisionNumberSeries, MembershipApproval
from localaction.network.models import Membership

D = datetime.date


def test_references_follow_each_other_per_body_and_year(quorate, record):
    first, second = record(quorate), record(quorate, title="Budget")
    assert (first.reference, second.reference) == ("TESTCOM-2025-001", "TESTCOM-2025-002")


def test_a_refused_decision_uses_no_number(quorate, record):
    record(quorate)
    with pytest.raises(ValidationError):
        record(quorate, votes_for=5)
    assert record(quorate).reference == "TESTCOM-2025-002"
    assert DecisionNumberSeries.objects.get().last_number == 2


def test_a_decision_without_quorum_is_refused(meeting, holders, record, cast):
    decisions.record_attendance(meeting, by=cast.secretariat, mandate=holders[0])
    with pytest.raises(ValidationError) as error:
        record(meeting, votes_for=1)
    assert error.value.message_dict == {
        "without_quorum": [
            "The meeting has no quorum: 1 of the 2 entitled to sit are recorded present, "
            "2 are needed. Record the attendance, or mark the decision as taken without quorum."
        ]
    }
    assert not Decision.objects.exists()


def test_a_decision_without_quorum_is_recorded_when_marked_so(meeting, holders, record, cast):
    decisions.record_attendance(meeting, by=cast.secretariat, mandate=holders[0])
    decision = record(meeting, votes_for=1, without_quorum=True)
    assert decision.without_quorum
    assert (decision.quorum_present, decision.quorum_entitled, decision.quorum_needed) == (1, 2, 2)


def test_a_quorate_decision_cannot_be_marked_without_quorum(quorate, record):
    with pytest.raises(ValidationError, match="has its quorum"):
        record(quorate, without_quorum=True)


def test_an_absence_does_not_count_for_the_quorum(meeting, holders, record, cast):
    decisions.record_attendance(meeting, by=cast.secretariat, mandate=holders[0])
    decisions.record_attendance(
        meeting, by=cast.secretariat, mandate=holders[1], present=False, excused=True
    )
    assert meeting.quorum().present == 1
    assert not meeting.quorum().reached


def test_more_votes_than_members_present_are_refused(quorate, record):
    with pytest.raises(ValidationError) as error:
        record(quorate, votes_for=2, votes_against=1)
    assert error.value.message_dict == {
        "votes_for": [
            "3 votes were counted, but only 2 of those entitled to sit are recorded present."
        ]
    }


def test_the_outcome_follows_the_votes(quorate, record):
    assert record(quorate, votes_for=1, votes_against=1).outcome == "rejected"
    assert record(quorate, votes_for=1, votes_against=0, abstentions=1).outcome == "adopted"


def test_an_outcome_the_votes_do_not_give_is_refused(quorate, record):
    with pytest.raises(ValidationError) as error:
        record(quorate, votes_for=0, votes_against=2, outcome="adopted")
    assert error.value.message_dict["outcome"] == [
        "With 0 for, 2 against and 0 abstaining, the motion is rejected under a simple "
        "majority (more for than against)."
    ]


@pytest.mark.parametrize(
    ("votes_for", "votes_against", "outcome"),
    [(2, 1, "adopted"), (1, 1, "rejected"), (0, 0, "rejected"), (3, 2, "rejected")],
)
def test_two_thirds_majority(votes_for, votes_against, outcome):
    decision = Decision(
        majority=Decision.Majority.TWO_THIRDS, votes_for=votes_for, votes_against=votes_against
    )
    assert decision.outcome_of_votes() == outcome


def test_a_vote_needs_its_counts(quorate, record):
    with pytest.raises(ValidationError, match="A vote has its counts"):
        record(quorate, votes_for=None, votes_against=None, abstentions=None, outcome="adopted")


def test_a_consensus_has_no_counts_and_says_its_outcome(quorate, record):
    decision = record(quorate, method=Decision.Method.CONSENSUS, outcome="adopted")
    assert (decision.votes_for, decision.outcome) == (None, "adopted")
    with pytest.raises(ValidationError):
        record(quorate, method=Decision.Method.CONSENSUS, outcome="adopted", votes_for=2)


def test_a_meeting_yet_to_take_place_takes_no_decision(committee, holders, record):
    from localaction.governance.models import Meeting

    future = Meeting.objects.create(
        body=committee, title="Later", held_on=D(2100, 1, 1), online_link="https://example.org/m"
    )
    with pytest.raises(ValidationError, match="has not taken place yet"):
        record(future)


@pytest.mark.parametrize("who", ["staff", "editor", "colleague", "outsider"])
def test_only_the_keepers_record_decisions(quorate, cast, who):
    with pytest.raises(PermissionDenied):
        decisions.record_decision(
            quorate,
            by=getattr(cast, who),
            title="Work programme",
            motion="Approve it.",
            method=Decision.Method.CONSENSUS,
            outcome="adopted",
        )
    assert not Decision.objects.exists()


def test_attendance_is_of_a_mandate_running_on_the_day(meeting, holders, cast, committee):
    from localaction.governance import services

    later = services.fill_seat(
        committee.seats.create(title="Treasurer", order=3),
        holder_name="Later",
        local_government=cast.freiburg,
        starts_on=D(2029, 1, 1),
        obtained="elected",
    )
    with pytest.raises(ValidationError, match="did not run on the day"):
        decisions.record_attendance(meeting, by=cast.secretariat, mandate=later)


def test_a_membership_approved_by_a_decision(quorate, record, cast):
    membership = Membership.objects.create(local_government=cast.nairobi, applied_on=D(2025, 3, 1))
    decision = record(quorate, title="Admission of Nairobi")
    approval = decisions.approve_membership(membership, decision, by=cast.secretariat)
    membership.refresh_from_db()
    assert (membership.status, membership.approved_on) == ("approved", D(2025, 6, 1))
    assert approval.decision == decision
    with pytest.raises(ValidationError, match="already linked"):
        decisions.approve_membership(membership, decision, by=cast.secretariat)


def test_a_rejected_decision_approves_no_membership(quorate, record, cast):
    membership = Membership.objects.create(local_government=cast.nairobi, applied_on=D(2025, 3, 1))
    decision = record(quorate, votes_for=0, votes_against=2)
    with pytest.raises(ValidationError, match="was rejected"):
        decisions.approve_membership(membership, decision, by=cast.secretariat)
    assert not MembershipApproval.objects.exists()
    membership.refresh_from_db()
    assert membership.status == "applied"


def test_a_decision_before_the_application_approves_nothing(quorate, record, cast):
    membership = Membership.objects.create(local_government=cast.nairobi, applied_on=D(2025, 9, 1))
    decision = record(quorate)
    with pytest.raises(ValidationError, match="before Nairobi applied"):
        decisions.approve_membership(membership, decision, by=cast.secretariat)
