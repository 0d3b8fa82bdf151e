"""Gapless decision references when several requests record decisions at once.

Threads stand in for web processes: each has its own database connection and
records in its own transactions, all starting together.
"""

import threading

import pytest
from django.db import connection, transaction

from localaction.governance import decisions
from localaction.governance.models import Decision

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite's test database is one in-memory connection: no two writers to race",
    ),
]

THREADS, EACH = 5, 6


def _at_once(work) -> list[BaseException]:
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def run():
        try:
            start.wait()
            for _ in range(EACH):
                work()
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_references_taken_at_once_have_no_gap_and_no_duplicate(committee):
    taken: list[str] = []

    def take():
        with transaction.atomic():
            taken.append(decisions.next_reference(committee, 2027)[1])

    assert _at_once(take) == []
    assert sorted(taken) == [f"TESTCOM-2027-{n:03d}" for n in range(1, THREADS * EACH + 1)]


def test_decisions_recorded_at_once_are_numbered_one_after_the_other(quorate, cast):
    def record():
        decisions.record_decision(
            quorate,
            by=cast.secretariat,
            title="Motion",
            motion="Approve it.",
            method=Decision.Method.CONSENSUS,
            outcome=Decision.Outcome.ADOPTED,
        )

    assert _at_once(record) == []
    numbers = sorted(Decision.objects.values_list("number", flat=True))
    assert numbers == list(range(1, THREADS * EACH + 1))


def test_a_reference_is_only_taken_inside_a_transaction(committee):
    with pytest.raises(RuntimeError):
        decisions.next_reference(committee, 2027)
