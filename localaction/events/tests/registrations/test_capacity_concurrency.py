"""Never an overbooking, even with many people registering at the same
instant: 24 threads (standing in for web processes, each with its own
database connection and transaction, released together by a barrier)
register for an event of 5 places. Exactly 5 are confirmed; the others wait,
in the order the event's row lock let them in; then cancellations free
places under the same lock while more register."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from localaction.conftest import make_user
from localaction.events import registrations as services
from localaction.events.models import Registration
from localaction.events.tests.registrations.conftest import TODAY, build_event

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite's test database is one in-memory connection: no two writers to race",
    ),
]

THREADS = 24


def _race(work, items) -> list[BaseException]:
    start = threading.Barrier(len(items))
    errors: list[BaseException] = []

    def run(item):
        try:
            start.wait()
            work(item)
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_twenty_four_at_once_for_five_places(cast):
    built = build_event(cast)
    people = [make_user(f"racer-{n}") for n in range(THREADS)]

    def register(person):
        services.register(
            event=built.event,
            person=person,
            category=built.speaker,
            country=built.germany,
            today=TODAY,
        )

    assert _race(register, people) == []
    registrations = Registration.objects.filter(event=built.event)
    assert registrations.confirmed().count() == 5
    waiting = list(registrations.waiting())
    assert len(waiting) == THREADS - 5
    # In order: each waiting registration came after every confirmed one.
    last_confirmed = max(r.registered_at for r in registrations.confirmed())
    assert all(r.registered_at >= last_confirmed for r in waiting)
    assert [r.waiting_position() for r in waiting] == list(range(1, THREADS - 4))


def test_cancellations_and_registrations_racing_never_overbook(cast):
    built = build_event(cast)
    first = [make_user(f"first-{n}") for n in range(10)]
    for person in first:
        services.register(
            event=built.event, person=person, category=built.speaker,
            country=built.germany, today=TODAY,
        )  # fmt: skip
    confirmed = list(Registration.objects.filter(event=built.event).confirmed())
    late = [make_user(f"late-{n}") for n in range(10)]

    def act(item):
        if isinstance(item, Registration):
            services.cancel(registration=item, by=item.person, today=TODAY)
        else:
            services.register(
                event=built.event, person=item, category=built.speaker,
                country=built.germany, today=TODAY,
            )  # fmt: skip

    assert _race(act, [*confirmed[:3], *late]) == []
    registrations = Registration.objects.filter(event=built.event)
    assert registrations.confirmed().count() == 5
    assert registrations.filter(status="cancelled").count() == 3
    assert registrations.waiting().count() == 20 - 3 - 5
