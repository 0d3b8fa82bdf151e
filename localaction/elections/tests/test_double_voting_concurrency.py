"""A member never votes twice, even with several ballots sent at the same
instant: the database's unique constraint on (election, member) decides, and
the losers write nothing — neither a vote cast nor a ballot.

Threads stand in for web processes: each has its own database connection and
casts in its own transaction, all released together by a barrier; half go
through the page, half through the API.
"""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
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
