"""A budget line never gives more than it holds, even when several activities
ask for it at the same instant: each write locks the programme's versions
first, so the second reads what the first took. Threads stand in for web
processes, each with its own connection and transaction."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from localaction.programmes import services
from localaction.programmes.models import Allocation

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite's test database is one in-memory connection: no two writers to race",
    ),
]

THREADS = 6


def test_activities_asking_for_one_line_at_once_never_exceed_it(cast, programme, goals, travel):
    start = threading.Barrier(THREADS)
    accepted: list[int] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def ask(number: int):
        try:
            start.wait()
            activity = services.save_activity(
                programme,
                by=cast.staff,
                title=f"Activity {number}",
                goals=goals[:1],
                office=cast.europe_office,
                starts_on=datetime.date(programme.year, 2, 1),
                ends_on=datetime.date(programme.year, 3, 1),
                funding=[(travel, Decimal("3000"))],
            )
            accepted.append(activity.pk)
        except ValidationError as refusal:
            refused.extend(refusal.messages)
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    # 10,000 holds three activities of 3,000, not a fourth.
    assert len(accepted) == 3 and len(refused) == THREADS - 3
    assert all("is more than the €1,000.00 left" in message for message in refused)
    amounts = [a.amount.amount for a in Allocation.objects.filter(budget_line=travel)]
    assert sum(amounts) == Decimal("9000") == services.funding_of_line(travel, programme)
    assert programme.activities.count() == 3
    assert sorted(programme.activities.values_list("number", flat=True)) == [1, 2, 3]
