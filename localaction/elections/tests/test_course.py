"""An election's course: phases in order, the electorate frozen when voting
opens, the vote, the count and the seats filled when the results are published."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from localaction.accounts.models import Notification
from localaction.elections import services
from localaction.elections.models import Ballot, Election, Elector, VoteCast
from localaction.elections.tests.conftest import candidates_of
from localaction.governance.models import Mandate
from localaction.network.models import Membership

pytestmark = pytest.mark.django_db


def test_phases_follow_in_order_and_only_administrators_move_them(cast, make_election):
    election = make_election()

    with pytest.raises(ValidationError, match="cannot move to “Voting”"):
        services.move_election(election, to=Election.Phase.VOTING, by=cast.secretariat)
    with pytest.raises(PermissionDenied):
        services.move_election(election, to=Election.Phase.NOMINATIONS, by=cast.staff)

    election.refresh_from_db()
    assert election.phase == Election.Phase.PREPARED


def test_opening_nominations_tells_the_editors_of_members_that_vote(cast, world, make_election):
    election = make_election(Election.Phase.NOMINATIONS)

    told = set(
        Notification.objects.filter(kind="election_nominations_open").values_list(
            "recipient__username", flat=True
        )
    )
    # Lyon is an associate member: it does not vote.
    assert told == {"editor", "bonn_editor"}
    assert election.phase == Election.Phase.NOMINATIONS


def test_the_candidate_list_needs_an_accepted_candidate(cast, make_election):
    election = make_election(Election.Phase.NOMINATIONS)

    with pytest.raises(ValidationError, match="No candidate has accepted"):
        services.move_election(
            election,
            to=Election.Phase.CANDIDATES,
            by=cast.secretariat,
            now=timezone.now() - datetime.timedelta(days=2),
        )


def test_voting_freezes_the_electorate_of_full_members_in_good_standing(cast, world, make_election):
    election = make_election(Election.Phase.VOTING)

    frozen = set(
        Elector.objects.filter(election=election).values_list("local_government__code", flat=True)
    )
    assert frozen == {"de-freiburg", "de-bonn"}  # not Lyon, an associate member
    told = Notification.objects.filter(kind="election_voting_open")
    assert set(told.values_list("recipient__username", flat=True)) == {"editor", "bonn_editor"}


def test_a_vote_leaves_a_vote_cast_and_a_ballot_and_a_receipt(cast, make_election):
    election = make_election(Election.Phase.VOTING)
    freiburg = candidates_of(election)["de-freiburg"]

    receipt = services.cast_ballot(
        election, local_government=cast.freiburg, ranking=[freiburg.pk], by=cast.editor
    )

    assert VoteCast.objects.filter(election=election, local_government=cast.freiburg).exists()
    ballot = Ballot.objects.get(election=election)
    assert ballot.ranking == [freiburg.pk]
    assert ballot.receipt == receipt.code
    assert services.turnout(election) == services.Turnout(electorate=2, voted=1)


def test_the_count_and_the_published_results_fill_the_seats(cast, world, make_election):
    election = make_election(Election.Phase.VOTING)
    candidates = candidates_of(election)
    both = [candidates["de-freiburg"].pk, candidates["de-bonn"].pk]
    services.cast_ballot(election, local_government=cast.freiburg, ranking=both, by=cast.editor)
    services.cast_ballot(
        election, local_government=world.bonn, ranking=both[:1], by=world.bonn_editor
    )

    election = services.move_election(
        election,
        to=Election.Phase.COUNTING,
        by=cast.secretariat,
        now=election.voting_closes_at,
    )
    assert election.result["count"]["votes"] == {str(both[0]): 2, str(both[1]): 1}
    assert election.result["turnout"]["voted"] == 2
    election = services.move_election(
        election, to=Election.Phase.RESULTS, by=cast.secretariat, now=election.voting_closes_at
    )

    mandates = Mandate.objects.filter(seat__in=world.seats).order_by("seat__order")
    assert [(m.seat.title, m.holder_name, m.obtained) for m in mandates] == [
        ("Vice-President", "editor", Mandate.Obtained.ELECTED),
        ("Treasurer", "bonn_editor", Mandate.Obtained.ELECTED),
    ]
    assert Notification.objects.filter(kind="election_results").count() == 2


def test_below_the_quorum_the_vote_is_void_and_no_seat_is_filled(cast, world, make_election):
    election = make_election(Election.Phase.VOTING, quorum=60)
    freiburg = candidates_of(election)["de-freiburg"]
    services.cast_ballot(
        election, local_government=cast.freiburg, ranking=[freiburg.pk], by=cast.editor
    )

    election = services.move_election(
        election, to=Election.Phase.COUNTING, by=cast.secretariat, now=election.voting_closes_at
    )
    services.move_election(
        election, to=Election.Phase.RESULTS, by=cast.secretariat, now=election.voting_closes_at
    )

    # 1 of 2 is 50 %: 60 % needs 2 ballots.
    assert election.result["turnout"] | {"share": None} == {
        "voted": 1,
        "electorate": 2,
        "share": None,
        "required_share": "0.6000",
        "required": 2,
        "met": False,
    }
    assert election.result["count"] is None
    assert not Mandate.objects.filter(seat__in=world.seats).exists()


def test_voting_cannot_close_before_its_time(cast, make_election):
    election = make_election(Election.Phase.VOTING)

    with pytest.raises(ValidationError, match="it cannot close earlier"):
        services.move_election(election, to=Election.Phase.COUNTING, by=cast.secretariat)


def _stored_order(model, election) -> list:
    """The rows of `model` for `election` in the order the database stores them
    (SQLite's rowid, PostgreSQL's ctid): what a dump of the table would show."""
    hidden = "ctid" if connection.vendor == "postgresql" else "rowid"
    column = "receipt" if model is Ballot else "local_government_id"
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT {column} FROM "{model._meta.db_table}" WHERE election_id = %s '
            f"ORDER BY {hidden}",
            [election.pk],
        )
        return [row[0] for row in cursor.fetchall()]


def test_closing_voting_rewrites_both_tables_in_an_order_that_says_nothing(
    cast, world, make_election
):
    election = make_election(Election.Phase.VOTING)
    candidates = candidates_of(election)
    # Freiburg votes first, then Bonn: the tables hold them in that order.
    services.cast_ballot(
        election,
        local_government=cast.freiburg,
        ranking=[candidates["de-freiburg"].pk, candidates["de-bonn"].pk],
        by=cast.editor,
    )
    services.cast_ballot(
        election,
        local_government=world.bonn,
        ranking=[candidates["de-bonn"].pk],
        by=world.bonn_editor,
    )
    ballots = sorted(Ballot.objects.values_list("id", "receipt", "ranking"))
    assert _stored_order(VoteCast, election) == [cast.freiburg.pk, world.bonn.pk]

    services.move_election(
        election, to=Election.Phase.COUNTING, by=cast.secretariat, now=election.voting_closes_at
    )

    # The same ballots, keys, receipts and rankings: nothing changed but the order,
    # now the members' codes (de-bonn, de-freiburg) and the receipts' (random).
    assert sorted(Ballot.objects.values_list("id", "receipt", "ranking")) == ballots
    assert _stored_order(VoteCast, election) == [world.bonn.pk, cast.freiburg.pk]
    assert _stored_order(Ballot, election) == sorted(receipt for _id, receipt, _r in ballots)


def test_a_member_with_an_old_membership_is_in_the_electorate_once(cast, world, make_election):
    Membership.objects.create(
        local_government=world.bonn,
        type=Membership.Type.FULL,
        status=Membership.Status.WITHDRAWN,
        applied_on=datetime.date(2001, 1, 1),
        ended_on=datetime.date(2005, 1, 1),
    )

    election = make_election(Election.Phase.VOTING)

    electors = Elector.objects.filter(election=election, local_government=world.bonn)
    assert [elector.category for elector in electors] == ["Full member"]
