"""`localaction bench imports`: large imports against the writes of everyone else.

An import is all or nothing, and on SQLite a write transaction holds the
whole database's write lock: while it lasts, every other writer (a login
stamping `last_login`, an edit) waits. The bench imports a generated
member register (50,000 rows), a targets file and an actions file (10,000
rows between them) and an inventory of 10,000 lines, and for each prints:

- the import's total time;
- its longest single write transaction — from the moment the transaction
  has begun (on SQLite: holds the write lock) to the end of its commit or
  rollback, and any write statement run outside a transaction, which is a
  transaction of its own;
- the latency of short concurrent writes: another process doing a
  login-like `UPDATE auth_user SET last_login` in its own transaction every
  50 ms throughout the import — max and p95, the failures ("database is
  locked"), and the same writes with no import running, as the baseline.

Run on SQLite it builds a fresh database under a temporary folder (the
command re-runs itself in a process pointed at it); with `DATABASE_URL` set
it uses that database, adding rows with codes of their own.
"""

from __future__ import annotations

import multiprocessing
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import User
from django.db import OperationalError, connection, connections, transaction
from django.utils import timezone

from localaction.accounts.models import Role
from localaction.campaigns.files import import_actions, import_targets
from localaction.core.gpc import CELLS
from localaction.inventories.lines import import_lines
from localaction.inventories.models import Inventory
from localaction.network.members import import_members
from localaction.network.models import LocalGovernment, Office

# The concurrent writer: one short write every this many seconds.
PROBE_EVERY_SECONDS = 0.05
BASELINE_SECONDS = 3.0
# Members with inventories (for targets' base years) and commitments.
COMMITTED_MEMBERS = 500


@dataclass
class Transactions:
    """The write transactions of one connection, by their duration (seconds)."""

    durations: list[float] = field(default_factory=list)

    @property
    def longest(self) -> float:
        return max(self.durations, default=0.0)


@contextmanager
def timed_transactions(wrapper) -> Iterator[Transactions]:
    """Time every transaction `wrapper` (a Django connection) runs while the block
    lasts: from the end of `set_autocommit(False)` — where SQLite's
    `BEGIN IMMEDIATE` has taken the write lock — to the end of the commit or
    rollback; and every statement other than a SELECT run in autocommit."""
    found = Transactions()
    began: list[float] = []
    set_autocommit, commit, rollback = wrapper.set_autocommit, wrapper.commit, wrapper.rollback

    def timed_set_autocommit(autocommit, *args, **kwargs):
        result = set_autocommit(autocommit, *args, **kwargs)
        if not autocommit:
            began.append(time.perf_counter())
        return result

    def ended(end: Callable[[], None]) -> Callable[[], None]:
        def timed() -> None:
            try:
                end()
            finally:
                if began:
                    found.durations.append(time.perf_counter() - began.pop())

        return timed

    def statement(execute, sql, params, many, context):
        if wrapper.in_atomic_block or sql.lstrip()[:6].upper() in ("SELECT", "BEGIN ", "BEGIN"):
            return execute(sql, params, many, context)
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            found.durations.append(time.perf_counter() - start)

    wrapper.set_autocommit = timed_set_autocommit
    wrapper.commit, wrapper.rollback = ended(commit), ended(rollback)
    try:
        with wrapper.execute_wrapper(statement):
            yield found
    finally:
        del wrapper.set_autocommit, wrapper.commit, wrapper.rollback


@dataclass(frozen=True)
class Latencies:
    """The concurrent writer's waits (seconds) and its failures."""

    seconds: list[float]
    failures: list[str]

    def percentile(self, share: float) -> float:
        if not self.seconds:
            return 0.0
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    @property
    def max(self) -> float:
        return max(self.seconds, default=0.0)


def _probe(user_id: int, stop, results) -> None:
    """In a process of its own: a login-like write every PROBE_EVERY_SECONDS."""
    connections.close_all()
    waits, failures = [], []
    while not stop.is_set():
        start = time.perf_counter()
        try:
            with transaction.atomic():
                User.objects.filter(pk=user_id).update(last_login=timezone.now())
            waits.append(time.perf_counter() - start)
        except OperationalError as error:
            failures.append(str(error))
        time.sleep(PROBE_EVERY_SECONDS)
    connections.close_all()
    results.send((waits, failures))


@contextmanager
def concurrent_writes(user_id: int) -> Iterator[list[Latencies]]:
    """Another process writes beside the block; its latencies once the block is over."""
    context = multiprocessing.get_context("fork")
    stop = context.Event()
    receiving, sending = context.Pipe(duplex=False)
    connections.close_all()  # the child opens its own
    process = context.Process(target=_probe, args=(user_id, stop, sending))
    process.start()
    time.sleep(0.3)  # its first writes come before the work starts
    found: list[Latencies] = []
    try:
        yield found
    finally:
        stop.set()
        waits, failures = receiving.recv()
        process.join()
        found.append(Latencies(waits, failures))


@dataclass(frozen=True)
class Measured:
    name: str
    rows: int
    total_s: float
    longest_transaction_s: float
    transactions: int
    writes: Latencies


def _measure(name: str, rows: int, user_id: int, run: Callable[[], object]) -> Measured:
    with concurrent_writes(user_id) as latencies, timed_transactions(connection) as found:
        start = time.perf_counter()
        run()
        total = time.perf_counter() - start
    return Measured(name, rows, total, found.longest, len(found.durations), latencies[0])


# The files


def members_csv(prefix: str, count: int) -> bytes:
    """`count` local governments across a few countries; one in ten has a parent
    from earlier in the file."""
    countries = ("DE", "FR", "KE", "BR", "JP", "IN", "US", "ZA")
    lines = ["code,name,country,kind,population,population_year,area_km2,latitude,longitude,"
             "parent_code"]  # fmt: skip
    for n in range(count):
        parent = f"{prefix}-{n - n % 10}" if n % 10 else ""
        lines.append(
            f"{prefix}-{n},Town {n},{countries[n % len(countries)]},municipality,"
            f"{1000 + n * 7},2020,{10 + n % 500}.5,{(n % 170) - 85}.25,{(n % 350) - 175}.5,"
            f"{parent}"
        )
    return ("\n".join(lines) + "\n").encode()


def targets_csv(codes: list[str], count: int) -> bytes:
    """Half base-year targets (the members have a 2010 inventory), half indicator targets."""
    lines = ["member,title,type,base_year,target_year,reduction_percent,indicator,"
             "indicator_unit,base_value,target_value"]  # fmt: skip
    for n in range(count):
        code = codes[n % len(codes)]
        if n % 2:
            lines.append(f"{code},Renewables {n},indicator,2015,2030,,renewable_share,%,12,40")
        else:
            lines.append(f"{code},Cut {n},base_year,2010,{2030 + n % 20},{20 + n % 60},,,,")
    return ("\n".join(lines) + "\n").encode()


def actions_csv(codes: list[str], count: int) -> bytes:
    lines = ["member,title,kind,sector,status,cost,currency,impact_tco2e,co_benefits"]
    statuses = ("planned", "in_progress", "completed")
    for n in range(count):
        lines.append(
            f"{codes[n % len(codes)]},Action {n},mitigation,I,{statuses[n % 3]},"
            f"{1000 + n}.50,EUR,{n % 900 + 1},health jobs"
        )
    return ("\n".join(lines) + "\n").encode()


def lines_csv(count: int) -> bytes:
    """Lines with explicit factors in every scope-1 energy cell, and measured ones."""
    cells = [cell.ref for cell in CELLS if cell.ref.startswith("I.") and cell.scope == 1]
    lines = ["gpc_ref,activity,amount,unit,ef_co2,ef_ch4,ef_unit,co2_kg,comment"]
    for n in range(count):
        cell = cells[n % len(cells)]
        if n % 5:
            lines.append(f"{cell},fuel {n},{100 + n},MWh,{200 + n % 50},0.01,kg/MWh,,line {n}")
        else:
            lines.append(f"{cell},measured {n},,,,,,{5000 + n},line {n}")
    return ("\n".join(lines) + "\n").encode()


# The bench


def _importer() -> User:
    """A person of the World Secretariat: imports anything, and is the history's user."""
    user = User.objects.create_user(f"bench-import-{secrets.token_hex(4)}")
    Role.objects.create(user=user, kind=Role.Kind.STAFF, office=Office.objects.world_secretariat())
    return user


def bench(*, members: int, commitments: int, lines: int) -> tuple[Latencies, list[Measured]]:
    """Run every import beside the concurrent writer; the baseline and the measures."""
    prefix = f"bi{secrets.token_hex(3)}"
    importer = _importer()
    probe = User.objects.create_user(f"bench-probe-{secrets.token_hex(4)}")
    with concurrent_writes(probe.pk) as baseline:
        time.sleep(BASELINE_SECONDS)
    measured = []
    content = members_csv(prefix, members)
    measured.append(
        _measure(
            "members",
            members,
            probe.pk,
            lambda: import_members(content, filename="members.csv", importer=importer),
        )
    )
    # The commitments' members, each with a 2010 inventory for base-year targets.
    codes = [f"{prefix}-{n}" for n in range(min(members, COMMITTED_MEMBERS))]
    if not codes:
        codes = [
            LocalGovernment.objects.create(code=f"{prefix}-0", name="Town", country_id="DE").code
        ]
    Inventory.objects.bulk_create(
        Inventory(local_government=lg, year=2010)
        for lg in LocalGovernment.objects.filter(code__in=codes)
    )
    targets, actions = commitments // 2, commitments - commitments // 2
    content_t, content_a = targets_csv(codes, targets), actions_csv(codes, actions)
    measured.append(
        _measure(
            "targets",
            targets,
            probe.pk,
            lambda: import_targets(content_t, "targets.csv", importer=importer),
        )
    )
    measured.append(
        _measure(
            "actions",
            actions,
            probe.pk,
            lambda: import_actions(content_a, "actions.csv", importer=importer),
        )
    )
    member = LocalGovernment.objects.get(code=codes[0])
    content_l = lines_csv(lines)
    measured.append(
        _measure(
            "lines",
            lines,
            probe.pk,
            lambda: import_lines(
                content_l, filename="lines.csv", local_government=member, year=2022
            ),
        )
    )
    return baseline[0], measured


def report(baseline: Latencies, measured: list[Measured], say: Callable[[str], None]) -> None:
    """The figures, and each import's writes against the baseline's."""
    ms = 1000
    say(
        f"Concurrent writes with no import running ({len(baseline.seconds)} writes, one "
        f"every {PROBE_EVERY_SECONDS * ms:.0f} ms): p95 {baseline.percentile(0.95) * ms:.1f} ms, "
        f"max {baseline.max * ms:.1f} ms."
    )
    say(
        f"{'import':<9}{'rows':>8}{'total s':>9}{'longest tx ms':>15}{'tx':>7}"
        f"{'writes':>8}{'p95 ms':>8}{'max ms':>8}{'failed':>8}{'p95 ×':>8}{'max ×':>8}"
    )
    base_p95, base_max = baseline.percentile(0.95) or 1e-9, baseline.max or 1e-9
    for m in measured:
        writes = m.writes
        say(
            f"{m.name:<9}{m.rows:>8,}{m.total_s:>9.2f}{m.longest_transaction_s * ms:>15.1f}"
            f"{m.transactions:>7}{len(writes.seconds):>8}{writes.percentile(0.95) * ms:>8.1f}"
            f"{writes.max * ms:>8.1f}{len(writes.failures):>8}"
            f"{writes.percentile(0.95) / base_p95:>7.1f}×{writes.max / base_max:>7.1f}×"
        )
    for m in measured:
        for failure in sorted(set(m.writes.failures)):
            say(f"  {m.name}: a concurrent write failed: {failure}")


def run_in_fresh_database(arguments: list[str]) -> int:
    """Run the bench again in a process whose database is a new SQLite file in
    a temporary folder (deleted afterwards); its exit status."""
    with tempfile.TemporaryDirectory(prefix="bench-imports-") as folder:
        environment = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench-imports.sqlite3'}",
        }
        command = [sys.executable, "-m", "localaction", "bench", "imports", *arguments]
        return subprocess.run(command, env=environment, check=False).returncode
