"""`localaction bench election`: an election with 10,000 voters, timed.

On a database of its own (a new SQLite file, var/bench-election.sqlite3, or
the database DATABASE_URL names, which must not hold a previous run) it
builds `members` active full members in good standing, each with an editor
designated as its voting representative, a body with three seats and eight
candidates who accept their nominations, and moves the election through its
phases with the services. Then:

- every representative casts its member's ballot through the real view
  (`POST /elections/<id>/vote/` with Django's test client: URL routing,
  middleware, the form, the service, the template of the receipt), each
  signed in beforehand (not timed) — ballots per second, median and p95 per
  ballot;
- the baseline, in the same process and on the same database: the same two
  rows per ballot (a vote cast and a ballot) written by plain SQL INSERTs,
  one transaction per ballot, for another election — its ballots per second,
  median and p95, and the ratio of the view to it;
- closing the vote (votes cast and ballots rewritten, the count) and the count alone
  (`elections.count.count`), each timed; the count's ballots must be the
  members.
"""

from __future__ import annotations

import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from localaction.accounts.models import Role
from localaction.elections import count, services
from localaction.elections.models import (
    Ballot,
    Election,
    VoteCast,
    VotingRepresentative,
    new_receipt,
)
from localaction.governance.models import Body, Seat
from localaction.network.models import Country, LocalGovernment, Membership, MembershipCategory

CODE_PREFIX = "bench-election-"
CANDIDATES, SEATS = 8, 3

Say = Callable[[str], None]


class BenchError(Exception):
    pass


@dataclass
class Figures:
    engine: str
    members: int
    method: str
    build_s: float
    vote_s: list[float]
    baseline_s: list[float]
    close_s: float
    count_s: float
    result: dict

    @staticmethod
    def percentile(times: list[float], share: float) -> float:
        ordered = sorted(times)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run_in_own_database(arguments: list[str]) -> int:
    """Run the bench again in a process whose database is a new SQLite file,
    var/bench-election.sqlite3 (kept afterwards, to look into); its exit status."""
    path = Path(settings.VAR_DIR) / "bench-election.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    command = [sys.executable, "-m", "localaction", "election", "bench", *arguments]
    return subprocess.run(command, env=environment, check=False).returncode


def build(*, members: int, method: str, seed: int, say: Say) -> tuple[Election, list[User]]:
    """The members, their representatives, the body and an election in its
    voting phase; returns the election and the representatives."""
    if LocalGovernment.objects.filter(code__startswith=CODE_PREFIX).exists():
        raise BenchError(
            "This database holds a previous election bench: run it on a new one "
            "(without DATABASE_URL, the bench makes var/bench-election.sqlite3 anew)."
        )
    countries = list(Country.objects.order_by("code"))
    if not countries:
        raise BenchError("The database has no countries: run `localaction migrate` first.")
    rng = random.Random(seed)
    full = MembershipCategory.default_for(Membership.Type.FULL)
    secretariat = User.objects.create_user("bench-election-secretariat", is_superuser=True)
    say(f"Building {members:,} members with their voting representatives…")
    with transaction.atomic():
        LocalGovernment.objects.bulk_create(
            (
                LocalGovernment(
                    code=f"{CODE_PREFIX}{n:06d}",
                    name=f"Bench City {n:06d}",
                    country=rng.choice(countries),
                )
                for n in range(members)
            ),
            batch_size=1000,
        )
        cities = list(LocalGovernment.objects.filter(code__startswith=CODE_PREFIX).order_by("code"))
        Membership.objects.bulk_create(
            (
                Membership(
                    local_government=city,
                    type=Membership.Type.FULL,
                    category=full,
                    status=Membership.Status.ACTIVE,
                    applied_on=datetime.date(2020, 1, 1),
                    started_on=datetime.date(2020, 3, 1),
                )
                for city in cities
            ),
            batch_size=1000,
        )
        User.objects.bulk_create(
            (User(username=f"{city.code}-editor", password="!") for city in cities),
            batch_size=1000,
        )
        users = {u.username: u for u in User.objects.filter(username__startswith=CODE_PREFIX)}
        people = [users[f"{city.code}-editor"] for city in cities]
        Role.objects.bulk_create(
            (
                Role(user=person, kind=Role.Kind.EDITOR, local_government=city)
                for city, person in zip(cities, people, strict=True)
            ),
            batch_size=1000,
        )
        VotingRepresentative.objects.bulk_create(
            (
                VotingRepresentative(local_government=city, person=person)
                for city, person in zip(cities, people, strict=True)
            ),
            batch_size=1000,
        )
    body = Body.objects.create(
        code="BENCH-ELECTION",
        name="Bench Executive Committee",
        kind=Body.Kind.EXECUTIVE_COMMITTEE,
        eligibility=Body.Eligibility.FULL_MEMBERS,
        term_years=3,
    )
    seats = [Seat.objects.create(body=body, title=f"Seat {n}", order=n) for n in range(SEATS)]
    now = timezone.now()
    election = services.prepare_election(
        by=secretariat,
        seats=seats,
        body=body,
        title="Bench election",
        method=method,
        nominations_open_on=timezone.localdate(now) - datetime.timedelta(days=10),
        nominations_close_on=timezone.localdate(now) - datetime.timedelta(days=2),
        voting_opens_at=now - datetime.timedelta(minutes=1),
        voting_closes_at=now + datetime.timedelta(days=1),
    )
    nominating = now - datetime.timedelta(days=2)
    services.move_election(election, to=Election.Phase.NOMINATIONS, by=secretariat, now=nominating)
    for city, person in list(zip(cities, people, strict=True))[:CANDIDATES]:
        candidate = services.nominate(
            election,
            nominated_by=city,
            person=person,
            local_government=city,
            by=person,
            on=timezone.localdate(nominating),
        )
        services.answer_nomination(candidate, accept=True, statement="Bench.", by=person)
    services.move_election(election, to=Election.Phase.CANDIDATES, by=secretariat, now=nominating)
    services.move_election(election, to=Election.Phase.VOTING, by=secretariat)
    return Election.objects.get(pk=election.pk), people


def _ballot_data(election: Election, candidates: list[int], rng: random.Random) -> dict:
    chosen = rng.sample(candidates, rng.randint(1, SEATS if not election.is_ranked else CANDIDATES))
    if election.is_ranked:
        return {f"rank-{pk}": str(rank) for rank, pk in enumerate(chosen, start=1)}
    return {"chosen": [str(pk) for pk in chosen]}


def vote_through_the_view(
    election: Election, people: list[User], *, seed: int, progress
) -> list[float]:
    """Each representative casts a ballot through the page; the time of each POST."""
    rng = random.Random(seed)
    candidates = list(election.candidates.values_list("pk", flat=True))
    url = f"/elections/{election.pk}/vote/"
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost")
    times = []
    for person in progress(people, "Voting"):
        client.force_login(person)
        data = _ballot_data(election, candidates, rng)
        started = time.perf_counter()
        response = client.post(url, data)
        times.append(time.perf_counter() - started)
        if response.status_code != 200 or b"receipt" not in response.content:
            raise BenchError(
                f"The vote of {person.username} was refused ({response.status_code}): "
                f"{response.content[:500]!r}"
            )
        client.logout()
    return times


def plain_inserts(election: Election, *, seed: int, progress) -> list[float]:
    """The baseline: the same two rows per ballot by plain SQL, one transaction
    each, for another election of the same body; the time of each."""
    rng = random.Random(seed)
    baseline = Election.objects.create(
        body=election.body,
        title="Bench baseline",
        method=election.method,
        nominations_open_on=election.nominations_open_on,
        nominations_close_on=election.nominations_close_on,
        voting_opens_at=election.voting_opens_at,
        voting_closes_at=election.voting_closes_at,
    )
    candidates = list(election.candidates.values_list("pk", flat=True))
    members = list(election.electors.values_list("local_government_id", flat=True))
    vote_cast, ballot = VoteCast._meta.db_table, Ballot._meta.db_table
    uuid_value = (lambda u: u) if connection.vendor == "postgresql" else (lambda u: u.hex)
    times = []
    for member in progress(members, "Baseline"):
        ranking = rng.sample(candidates, rng.randint(1, SEATS))
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f'INSERT INTO "{vote_cast}" (id, election_id, local_government_id) '
                "VALUES (%s, %s, %s)",
                [uuid_value(uuid.uuid4()), baseline.pk, member],
            )
            cursor.execute(
                f'INSERT INTO "{ballot}" (id, election_id, receipt, ranking) '
                "VALUES (%s, %s, %s, %s)",
                [uuid_value(uuid.uuid4()), baseline.pk, new_receipt(), json.dumps(ranking)],
            )
        times.append(time.perf_counter() - started)
    return times


def bench(*, members: int, method: str, seed: int, say: Say, progress) -> Figures:
    started = time.perf_counter()
    election, people = build(members=members, method=method, seed=seed, say=say)
    build_s = time.perf_counter() - started
    say(f"Built in {build_s:.1f} s; {election.electors.count():,} members in the electorate.")
    vote_s = vote_through_the_view(election, people, seed=seed, progress=progress)
    baseline_s = plain_inserts(election, seed=seed, progress=progress)
    secretariat = User.objects.get(username="bench-election-secretariat")
    started = time.perf_counter()
    election = services.move_election(
        election,
        to=Election.Phase.COUNTING,
        by=secretariat,
        now=election.voting_closes_at,
    )
    close_s = time.perf_counter() - started
    started = time.perf_counter()
    result = count.count(election)
    count_s = time.perf_counter() - started
    return Figures(
        engine=f"{connection.vendor} ({connection.settings_dict['NAME']})",
        members=members,
        method=result["method"],
        build_s=build_s,
        vote_s=vote_s,
        baseline_s=baseline_s,
        close_s=close_s,
        count_s=count_s,
        result=result,
    )


def report(figures: Figures, say: Say) -> bool:
    """Print the figures; False if the count does not hold every ballot."""

    def line(label: str, times: list[float]) -> tuple[float, float, float]:
        rate = len(times) / sum(times)
        median = statistics.median(times) * 1000
        p95 = Figures.percentile(times, 0.95) * 1000
        say(f"  {label:<44}{rate:>10.1f}{median:>10.2f}{p95:>10.2f}")
        return rate, median, p95

    say(
        f"Election bench on {figures.engine}: {figures.members:,} members, "
        f"{CANDIDATES} candidates for {SEATS} seats, {figures.method}."
    )
    say(f"  {'':<44}{'ballots/s':>10}{'median ms':>10}{'p95 ms':>10}")
    view_rate, view_median, _ = line("Through the voting page (POST, receipt)", figures.vote_s)
    base_rate, base_median, _ = line("Baseline: the two rows by plain INSERTs", figures.baseline_s)
    say(
        f"  The page takes {view_median / base_median:.1f}× the baseline's median time per "
        f"ballot ({base_rate / view_rate:.1f}× fewer ballots per second)."
    )
    tally = figures.result["count"] or {}
    say(
        f"Closing the vote (votes cast and ballots rewritten, the count): {figures.close_s:.2f} s; "
        f"the count alone: {figures.count_s:.2f} s "
        f"({tally.get('valid_ballots', 0):,} valid ballots, "
        f"{len(tally.get('stages', [])) or 1} stage(s))."
    )
    ok = figures.result["ballots"] == figures.members
    if not ok:
        say(f"The count holds {figures.result['ballots']:,} ballots, not {figures.members:,}.")
    return ok
