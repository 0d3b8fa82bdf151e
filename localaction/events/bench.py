"""`localaction bench registration`: 5,000 people registering for an event of
500 places, timed.

On a database of its own (a new SQLite file, var/bench-registration.sqlite3,
or the database DATABASE_URL names, which must not hold a previous run) it
builds an office, a published event with `places` places and a category, and
`people` people. Then:

- every person registers through the real page (`POST
  /events/<slug>/register/` with Django's test client: URL routing,
  middleware, the form, the service with its row lock, the e-mail queued),
  each signed in beforehand (not timed); on PostgreSQL from several threads at
  once (`threads`, each with its own connection), on SQLite from one (its
  writers take turns anyway) — registrations per second, median and p95;
- the baseline, in the same process and on the same database: the same rows
  written by plain ORM INSERTs (`Registration.objects.create`, one transaction
  each, no lock, no count), for another event;
- the check: exactly `places` confirmed, the rest waiting, none overbooked.
"""

from __future__ import annotations

import datetime
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from djmoney.money import Money

from localaction.events.models import Event, Registration, RegistrationCategory
from localaction.network.models import Country, Office

PREFIX = "bench-registration-"
Say = Callable[[str], None]


class BenchError(Exception):
    pass


@dataclass
class Figures:
    engine: str
    people: int
    places: int
    threads: int
    build_s: float
    register_s: list[float]
    register_wall_s: float
    baseline_s: list[float]
    confirmed: int
    waiting: int

    @staticmethod
    def percentile(times: list[float], share: float) -> float:
        ordered = sorted(times)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    @property
    def overbooked(self) -> int:
        return max(self.confirmed - self.places, 0)


def run_in_own_database(arguments: list[str]) -> int:
    """Run the bench again in a process whose database is a new SQLite file,
    var/bench-registration.sqlite3 (kept afterwards, to look into)."""
    path = Path(settings.VAR_DIR) / "bench-registration.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    command = [sys.executable, "-m", "localaction", "event", "bench", *arguments]
    return subprocess.run(command, env=environment, check=False).returncode


def _event(slug: str, office: Office, places: int, title: str) -> Event:
    today = timezone.localdate()
    return Event.objects.create(
        kind=Event.Kind.WORLD_CONGRESS,
        title=title,
        slug=slug,
        organiser=office,
        starts_on=today + datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=62),
        format=Event.Format.IN_PERSON,
        city="Bench City",
        capacity=places,
        status=Event.Status.PUBLISHED,
    )


def build(*, people: int, places: int) -> tuple[Event, Event, RegistrationCategory, list[User]]:
    if User.objects.filter(username__startswith=PREFIX).exists():
        raise BenchError(
            "This database holds a previous registration bench: give the bench a new one."
        )
    office = Office.objects.world_secretariat()
    event = _event(f"{PREFIX}congress", office, places, "Registration bench congress")
    baseline = _event(f"{PREFIX}baseline", office, places, "Registration bench baseline")
    category = RegistrationCategory.objects.create(
        event=event, kind=RegistrationCategory.Kind.NON_MEMBER, name="Participant",
        fee=Money("0.00", "EUR"),
    )  # fmt: skip
    with transaction.atomic():
        User.objects.bulk_create(
            (
                User(
                    username=f"{PREFIX}{n:05d}", email=f"{PREFIX}{n:05d}@example.org", password="!"
                )
                for n in range(people)
            ),
            batch_size=1000,
        )
    users = list(User.objects.filter(username__startswith=PREFIX).order_by("username"))
    return event, baseline, category, users


def register_through_the_view(
    event: Event, category: RegistrationCategory, people: list[User], *, threads: int, progress
) -> tuple[list[float], float]:
    """Each person registers through the page, from `threads` threads; the time
    of each POST and the wall time of all."""
    url = f"/events/{event.slug}/register/"
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
    host = "localhost" if host.startswith(".") or host == "*" else host
    data = {"category": str(category.pk), "country": "DE", "organisation": "Bench"}
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    bar = progress(range(len(people)), "Registering")
    ticks = iter(bar)

    def work(share: list[User]) -> None:
        client = Client(HTTP_HOST=host)
        try:
            for person in share:
                client.force_login(person)
                started = time.perf_counter()
                response = client.post(url, data)
                elapsed = time.perf_counter() - started
                with lock:
                    times.append(elapsed)
                    next(ticks, None)
                if response.status_code != 302:
                    errors.append(
                        f"{person.username}: {response.status_code} {response.content[:300]!r}"
                    )
                    return
                client.logout()
        finally:
            connection.close()

    shares = [people[i::threads] for i in range(threads)]
    started = time.perf_counter()
    if threads == 1:
        work(shares[0])
    else:
        workers = [threading.Thread(target=work, args=(share,)) for share in shares]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    wall = time.perf_counter() - started
    if errors:
        raise BenchError("Registrations refused: " + "; ".join(errors[:3]))
    return times, wall


def plain_inserts(baseline: Event, category: RegistrationCategory, people: list[User], *, progress):
    """The baseline: the same rows by plain ORM INSERTs, one transaction each."""
    germany = Country.objects.get(code="DE")
    times = []
    for n, person in enumerate(progress(people, "Baseline")):
        started = time.perf_counter()
        with transaction.atomic():
            Registration.objects.create(
                event=baseline,
                person=person,
                category=category,
                country=germany,
                organisation="Bench",
                status="confirmed" if n < (baseline.capacity or 0) else "waiting",
            )
        times.append(time.perf_counter() - started)
    return times


def bench(*, people: int, places: int, threads: int, say: Say, progress) -> Figures:
    if connection.vendor != "postgresql":
        threads = 1
    started = time.perf_counter()
    event, baseline, category, users = build(people=people, places=places)
    build_s = time.perf_counter() - started
    say(f"Built in {build_s:.1f} s: {len(users):,} people, an event of {places:,} places.")
    register_s, wall = register_through_the_view(
        event, category, users, threads=threads, progress=progress
    )
    baseline_s = plain_inserts(baseline, category, users, progress=progress)
    registrations = Registration.objects.filter(event=event)
    return Figures(
        engine=f"{connection.vendor} ({connection.settings_dict['NAME']})",
        people=people,
        places=places,
        threads=threads,
        build_s=build_s,
        register_s=register_s,
        register_wall_s=wall,
        baseline_s=baseline_s,
        confirmed=registrations.confirmed().count(),
        waiting=registrations.waiting().count(),
    )


def report(figures: Figures, say: Say) -> bool:
    """Print the figures; False on an overbooking or a registration lost."""

    def line(label: str, times: list[float]) -> tuple[float, float]:
        rate = len(times) / sum(times)
        median = statistics.median(times) * 1000
        p95 = Figures.percentile(times, 0.95) * 1000
        say(f"  {label:<46}{rate:>10.1f}{median:>10.2f}{p95:>10.2f}")
        return rate, median

    say(
        f"Registration bench on {figures.engine}: {figures.people:,} people, "
        f"{figures.places:,} places, {figures.threads} thread(s)."
    )
    say(f"  {'':<46}{'per s':>10}{'median ms':>10}{'p95 ms':>10}")
    view_rate, view_median = line("Through the register page (POST, redirect)", figures.register_s)
    base_rate, base_median = line("Baseline: plain ORM INSERTs of the rows", figures.baseline_s)
    say(
        f"  Throughput of the page: {figures.people / figures.register_wall_s:.1f} "
        f"registrations/s over {figures.register_wall_s:.1f} s of wall time."
    )
    say(
        f"  The page takes {view_median / base_median:.1f}× the baseline's median time per "
        f"registration ({base_rate / view_rate:.1f}× fewer per second)."
    )
    say(
        f"confirmed {figures.confirmed:,}, waiting {figures.waiting:,}, "
        f"overbooked {figures.overbooked:,}"
    )
    expected_waiting = max(figures.people - figures.places, 0)
    return (
        figures.overbooked == 0
        and figures.confirmed == min(figures.places, figures.people)
        and figures.waiting == expected_waiting
    )
