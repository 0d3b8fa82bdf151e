"""Bad input and trust: each refusal says why, and writes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from localaction.conftest import make_user
from localaction.elections import services
from localaction.elections.models import Ballot, Candidate, Election, VoteCast
from localaction.elections.tests.conftest import candidates_of

pytestmark = pytest.mark.django_db


def _nothing_written(election: Election) -> bool:
    return (
        not VoteCast.objects.filter(election=election).exists()
        and not Ballot.objects.filter(election=election).exists()
    )


def _refusal(election, member, by, ranking, **kwargs) -> str:
    with pytest.raises(ValidationError) as refused:
        services.cast_ballot(election, local_government=member, ranking=ranking, by=by, **kwargs)
    return " ".join(refused.value.messages)


def test_a_ballot_before_voting_opens_is_refused(cast, make_election):
    election = make_election(Election.Phase.CANDIDATES)
    pk = candidates_of(election)["de-freiburg"].pk

    message = _refusal(election, cast.freiburg, cast.editor, [pk])

    assert message.startswith("Voting has not opened: it runs from")
    assert _nothing_written(election)


def test_a_ballot_after_voting_closed_is_refused(cast, make_election):
    election = make_election(Election.Phase.VOTING)
    pk = candidates_of(election)["de-freiburg"].pk

    message = _refusal(
        election,
        cast.freiburg,
        cast.editor,
        [pk],
        now=election.voting_closes_at + datetime.timedelta(minutes=1),
    )

    assert message.startswith("Voting closed at")
    assert _nothing_written(election)


def test_a_ballot_for_more_candidates_than_seats_is_refused(cast, world, make_election):
    election = make_election(Election.Phase.VOTING, seats=1)
    both = [c.pk for c in candidates_of(election).values()]

    message = _refusal(election, cast.freiburg, cast.editor, both)

    assert message == "You chose 2 candidates for 1 seat: choose at most 1."
    assert _nothing_written(election)


def test_ranking_a_withdrawn_candidate_is_refused(cast, make_election):
    election = make_election(Election.Phase.VOTING, method=Election.Method.STV)
    candidates = candidates_of(election)
    services.withdraw_candidate(candidates["de-bonn"], by=cast.secretariat)

    message = _refusal(
        election,
        cast.freiburg,
        cast.editor,
        [candidates["de-freiburg"].pk, candidates["de-bonn"].pk],
    )

    assert (
        message == "bonn_editor has withdrawn from the election: choose only standing candidates."
    )
    assert _nothing_written(election)


def test_a_ranking_naming_a_candidate_twice_or_a_stranger_is_refused(cast, make_election):
    election = make_election(Election.Phase.VOTING, method=Election.Method.STV)
    pk = candidates_of(election)["de-freiburg"].pk

    assert "appears more than once" in _refusal(election, cast.freiburg, cast.editor, [pk, pk])
    assert "is not standing" in _refusal(election, cast.freiburg, cast.editor, [pk, 999_999])
    assert "at least one" in _refusal(election, cast.freiburg, cast.editor, [])
    assert _nothing_written(election)


def test_a_second_ballot_from_the_same_member_is_refused_and_writes_nothing(cast, make_election):
    election = make_election(Election.Phase.VOTING)
    pk = candidates_of(election)["de-freiburg"].pk
    services.cast_ballot(election, local_government=cast.freiburg, ranking=[pk], by=cast.editor)

    message = _refusal(election, cast.freiburg, cast.editor, [pk])

    assert (
        message == "Freiburg im Breisgau has already voted in this election: one vote per member."
    )
    assert VoteCast.objects.filter(election=election).count() == 1
    assert Ballot.objects.filter(election=election).count() == 1


def test_the_database_itself_refuses_a_second_vote_cast(cast, make_election):
    election = make_election(Election.Phase.VOTING)
    VoteCast.objects.create(election=election, local_government=cast.freiburg)

    with pytest.raises(IntegrityError), transaction.atomic():
        VoteCast.objects.create(election=election, local_government=cast.freiburg)


def test_only_the_voting_representative_casts_the_vote(cast, world, make_election):
    election = make_election(Election.Phase.VOTING)
    pk = candidates_of(election)["de-freiburg"].pk
    colleague_editor = make_user("second_editor")

    for person in (cast.colleague, cast.secretariat, colleague_editor, world.bonn_editor):
        with pytest.raises(PermissionDenied):
            services.cast_ballot(election, local_government=cast.freiburg, ranking=[pk], by=person)
    assert _nothing_written(election)


def test_a_member_outside_the_electorate_cannot_vote(cast, world, make_election):
    election = make_election(Election.Phase.VOTING)
    pk = candidates_of(election)["de-freiburg"].pk

    message = _refusal(election, world.lyon, world.lyon_editor, [pk])

    assert message.startswith("Lyon is not in the electorate of this election")
    assert _nothing_written(election)


def test_nobody_changes_a_ballot(cast, make_election):
    election = make_election(Election.Phase.VOTING)
    pk = candidates_of(election)["de-freiburg"].pk
    services.cast_ballot(election, local_government=cast.freiburg, ranking=[pk], by=cast.editor)
    ballot = Ballot.objects.get(election=election)

    ballot.ranking = [999]
    with pytest.raises(TypeError):
        ballot.save()
    with pytest.raises(TypeError):
        Ballot.objects.filter(pk=ballot.pk).update(ranking=[999])
    with pytest.raises(TypeError):
        ballot.delete()
    # Nor anyone who writes SQL: the database refuses (migration 0002).
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Ballot._meta.db_table} SET ranking = %s WHERE receipt = %s",
            ["[999]", ballot.receipt],
        )
    assert Ballot.objects.get(pk=ballot.pk).ranking == [pk]


def test_a_nomination_outside_the_nominations_is_refused(cast, make_election):
    election = make_election(Election.Phase.PREPARED)

    with pytest.raises(ValidationError, match="are not open"):
        services.nominate(
            election,
            nominated_by=cast.freiburg,
            person=cast.editor,
            local_government=cast.freiburg,
            by=cast.editor,
        )
    assert not Candidate.objects.exists()


def test_a_candidate_not_eligible_for_the_seats_is_refused(cast, world, make_election):
    election = make_election(Election.Phase.NOMINATIONS)

    with pytest.raises(ValidationError) as refused:
        services.nominate(
            election,
            nominated_by=cast.freiburg,
            person=world.lyon_editor,
            local_government=world.lyon,
            by=cast.editor,
            on=timezone.localdate() - datetime.timedelta(days=2),
        )

    # The seats' rule (governance): only full members sit on the Executive Committee.
    assert "Only full members sit on Executive Committee; Lyon is an associate member." in (
        refused.value.messages
    )
    assert not Candidate.objects.exists()


def test_a_candidate_must_work_for_the_member_they_stand_for(cast, world, make_election):
    election = make_election(Election.Phase.NOMINATIONS)

    with pytest.raises(ValidationError) as refused:
        services.nominate(
            election,
            nominated_by=cast.freiburg,
            person=world.bonn_editor,
            local_government=cast.freiburg,
            by=cast.editor,
            on=timezone.localdate() - datetime.timedelta(days=2),
        )

    assert refused.value.messages == [
        "bonn_editor does not work for Freiburg im Breisgau (no role in its team)."
    ]


def test_a_nomination_by_an_associate_member_is_refused(cast, world, make_election):
    election = make_election(Election.Phase.NOMINATIONS)

    with pytest.raises(ValidationError, match="Lyon is not a member that votes"):
        services.nominate(
            election,
            nominated_by=world.lyon,
            person=cast.editor,
            local_government=cast.freiburg,
            by=world.lyon_editor,
            on=timezone.localdate() - datetime.timedelta(days=2),
        )


def test_accepting_needs_a_statement_and_only_the_candidate_answers(cast, world, make_election):
    election = make_election(Election.Phase.NOMINATIONS)
    candidate = services.nominate(
        election,
        nominated_by=world.bonn,
        person=cast.editor,
        local_government=cast.freiburg,
        by=world.bonn_editor,
        on=timezone.localdate() - datetime.timedelta(days=2),
    )

    with pytest.raises(PermissionDenied):
        services.answer_nomination(candidate, accept=True, statement="Me!", by=world.bonn_editor)
    with pytest.raises(ValidationError, match="Write a statement"):
        services.answer_nomination(candidate, accept=True, statement="  ", by=cast.editor)
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.NOMINATED


def test_a_representative_is_one_of_the_members_editors(cast, world):
    with pytest.raises(ValidationError, match="is not an editor of Freiburg"):
        services.designate_representative(cast.freiburg, person=cast.colleague, by=cast.secretariat)
    with pytest.raises(PermissionDenied):
        services.designate_representative(cast.freiburg, person=cast.editor, by=cast.staff)
    assert services.representative_of(cast.freiburg) == cast.editor
