"""A member never votes twice, even with several ballots sent at the same
instant: the database's unique constraint on (election, member) decides, and
the losers write nothing — neither a vote cast nor a ballot.

Threads stand in for web processes: each has its own database connection and
casts in its own transaction, all released together by a barrier; half go
through the page, half through the API.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client

from localaction.elections import services
from localaction.elections.models import Ballot, Election, VoteCast
from localaction.elections.tests.conftest import candidates_of

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite's test database is one in-memory connection: no two writers to race",
    ),
]

THREADS = 8


def test_ballots_sent_at_once_for_one_member_count_once(cast, make_election):
    election = make_election(Election.Phase.VOTING)
    pk = candidates_of(election)["de-freiburg"].pk
    start = threading.Barrier(THREADS)
    accepted: list[str] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def cast_through_the_service():
        try:
            start.wait()
            receipt = services.cast_ballot(
                election, local_government=cast.freiburg, ranking=[pk], by=cast.editor
            )
            accepted.append(receipt.code)
        except ValidationError as refusal:
            refused.extend(refusal.messages)
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=cast_through_the_service) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(accepted) == 1
    assert refused == [
        "Freiburg im Breisgau has already voted in this election: one vote per member."
    ] * (THREADS - 1)
    assert VoteCast.objects.filter(election=election).count() == 1
    assert list(Ballot.objects.filter(election=election).values_list("receipt", flat=True)) == (
        accepted
    )


def test_the_page_and_the_api_racing_for_one_member_count_once(cast, make_election):
    election = make_election(Election.Phase.VOTING)
    pk = candidates_of(election)["de-freiburg"].pk
    start = threading.Barrier(THREADS)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def vote(through_api: bool):
        client = Client()
        client.force_login(cast.editor)
        try:
            start.wait()
            if through_api:
                response = client.post(
                    f"/api/elections/{election.pk}/ballots/",
                    {"ranking": [pk]},
                    content_type="application/json",
                )
            else:
                response = client.post(f"/elections/{election.pk}/vote/", {"chosen": [pk]})
            statuses.append(response.status_code)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(n % 2 == 0,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    # One accepted (200 from the page with the receipt, 201 from the API); the
    # others refused as bad requests, saying the member has voted.
    assert sorted(s for s in statuses if s in (200, 201)) in ([200], [201])
    assert sorted(s for s in statuses if s not in (200, 201)) == [400] * (THREADS - 1)
    assert VoteCast.objects.filter(election=election).count() == 1
    assert Ballot.objects.filter(election=election).count() == 1


def test_a_ballot_that_waits_behind_the_close_is_refused_and_writes_nothing(cast, make_election):
    election = make_election(Election.Phase.VOTING)
    pk = candidates_of(election)["de-freiburg"].pk
    locked, outcome = threading.Event(), []

    def close():
        # What move_election does: the election row locked, then its phase moved.
        try:
            with transaction.atomic():
                Election.objects.select_for_update().get(pk=election.pk)
                locked.set()
                time.sleep(0.5)  # the ballot below waits meanwhile
                Election.objects.filter(pk=election.pk).update(phase=Election.Phase.COUNTING)
        finally:
            connection.close()

    def vote():
        locked.wait()
        try:
            services.cast_ballot(
                election, local_government=cast.freiburg, ranking=[pk], by=cast.editor
            )
            outcome.append("accepted")
        except ValidationError as refusal:
            outcome.extend(refusal.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=close), threading.Thread(target=vote)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(outcome) == 1 and outcome[0].startswith("Voting closed at")
    assert not VoteCast.objects.filter(election=election).exists()
    assert not Ballot.objects.filter(election=election).exists()
