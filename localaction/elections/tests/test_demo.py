"""The demo's elections: a by-election counted and its seat filled, and an
election with voting open in which the demo editor's member may still vote —
all made through the services, so every figure adds up."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import F
from django.test import Client

from localaction.accounts.models import Role
from localaction.elections import count, services
from localaction.elections.models import Ballot, Election, VotingRepresentative
from localaction.governance.models import Mandate

pytestmark = pytest.mark.django_db


def test_the_demo_holds_a_by_election_and_an_election_open_to_the_editor():
    out = StringIO()
    call_command("demo", "--members", "250", "--seed", "7", stdout=out)
    assert f"{Election.objects.count()} elections" in out.getvalue()

    # The by-election: every ballot cast is in the count, one per member that
    # voted, and the winner holds the seat.
    election = Election.objects.get(title__startswith="By-election")
    assert election.phase == Election.Phase.RESULTS
    ballots = Ballot.objects.filter(election=election).count()
    assert ballots == election.votes_cast.count() == election.result["ballots"]
    assert 0 < ballots <= election.electors.count()
    (winner,) = count.elected(election.result)
    mandate = election.seats.get().mandates.get(election_reference__startswith=election.title)
    candidate = election.candidates.get(pk=winner)
    assert (mandate.holder_name, mandate.local_government) == (
        candidate.name,
        candidate.local_government,
    )
    assert mandate.obtained == Mandate.Obtained.ELECTED

    # The open election: the demo editor's member is in the electorate and
    # has not voted; others have.
    election = Election.objects.get(phase=Election.Phase.VOTING)
    assert election.voting_is_open()
    editor = User.objects.get(username="editor")
    (member,) = services.represented_by(editor)
    assert election.electors.filter(local_government=member).exists()
    assert not services.has_voted(election, member)
    assert election.candidates.filter(status="accepted").count() > election.seat_count
    turnout = services.turnout(election)
    assert 0 < turnout.voted < turnout.electorate
    client = Client()
    client.force_login(editor)
    assert client.get(election.get_absolute_url()).status_code == 200

    # Each representative is one of its member's editors.
    assert (
        VotingRepresentative.objects.filter(
            person__roles__local_government=F("local_government"),
            person__roles__kind=Role.Kind.EDITOR,
        ).count()
        == VotingRepresentative.objects.count()
    )
