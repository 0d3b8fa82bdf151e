"""`localaction bench report`: the network report timed against DuckDB scanning the
exported line file.

The bench network is the demo network (`network.demo`) with an inventory for
every local government (associations aside) and every year, all published,
about 40 lines each: the demo's activity data (`inventories.demo`), completed
with NE lines for every empty BASIC cell as a submitted inventory is, and the
per-cell totals the app keeps (`inventories.services.cell_totals`). Demo
campaigns, targets and actions come on top, so that every breakdown of the
report has something in it.

Writing six million lines through model instances and `bulk_create` spends
most of its time building Django objects, so the builder calculates each
distinct line once with `services.build_line` — an activity with its factor
at 1 unit, then scaled by the amount, which is how the core's calculation
goes (amount × factor × unit conversion) — and inserts plain rows in big
batches (`executemany` on SQLite, `COPY` on PostgreSQL). No history rows: a
bench network has no audit trail to keep.

The DuckDB side reads the open-data line file (`reports.files`), the one a
researcher would download, and computes the same totals in SQL, twice: from
the CSV on every call with the members left out and the level's cells
searched for in lists (`duckdb_totals`, the baseline as first written), and
from the lines loaded once into memory, outside the timing, with those as an
anti-join and a semi-join (`DuckLines`, the honest peer of a report that
reads summaries it keeps). The members the report leaves out as contained in
another counted member are passed in, as DuckDB has no view of the
register's nesting. The three run interleaved (`interleaved`), so that each
meets the same load of a shared machine.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import math
import random
import re
import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import duckdb
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Count
from django.utils import timezone

from localaction.campaigns.demo import build_demo_campaigns
from localaction.core.coverage import Coverage
from localaction.core.gwp import GASES, GWP_SETS
from localaction.inventories import demo as inventories_demo
from localaction.inventories.models import (
    Inventory,
    InventoryLevelCO2e,
    InventoryLevelTotal,
    InventoryLine,
    InventoryTotal,
)
from localaction.inventories.services import (
    LineData,
    build_line,
    cell_totals,
    level_co2e,
    level_totals,
)
from localaction.network.demo import Progress, build_demo_network, no_progress
from localaction.network.models import LocalGovernment
from localaction.reports import files
from localaction.reports.services import Report, Scope, network_report
from localaction.tables import write_table

SEED = 2007
YEARS = range(2010, 2025)
MEMBERS_PER_BATCH = 250
RELATIVE_TOLERANCE = 1e-6
# Lines that a submitted demo inventory has at the least; fewer means a build
# that stopped half-way.
MIN_LINES_PER_INVENTORY = 25


class BenchError(Exception):
    """The bench cannot run on this database as asked; the message says what to do."""


@dataclass(frozen=True)
class BenchNetwork:
    """What the bench database holds, and how long building it took (None: reused)."""

    local_governments: int
    inventories: int
    lines: int
    totals: int
    build_s: float | None = None


def network_size() -> BenchNetwork:
    return BenchNetwork(
        local_governments=LocalGovernment.objects.count(),
        inventories=Inventory.objects.count(),
        lines=InventoryLine.objects.count(),
        totals=InventoryTotal.objects.count(),
    )


def _with_inventories() -> models.QuerySet:
    """The local governments the bench gives inventories: all but associations."""
    return LocalGovernment.objects.exclude(kind=LocalGovernment.Kind.ASSOCIATION).filter(
        population__gt=0
    )


def holds_bench_network(*, members: int, years: Sequence[int]) -> bool:
    """Whether the database holds a complete bench network of this size: `members`
    local governments, and for each year every one that keeps inventories has a
    published one, with lines."""
    if LocalGovernment.objects.count() != members:
        return False
    expected = _with_inventories().count()
    per_year = dict(
        Inventory.objects.filter(status=Inventory.Status.PUBLISHED)
        .values_list("year")
        .annotate(count=Count("pk"))
        .values_list("year", "count")
    )
    inventories = expected * len(years)
    return (
        per_year == dict.fromkeys(years, expected)
        and Inventory.objects.count() == inventories
        and InventoryLine.objects.count() >= inventories * MIN_LINES_PER_INVENTORY
    )


def build_bench_network(
    *,
    members: int = 10_000,
    years: Sequence[int] = YEARS,
    seed: int = SEED,
    progress: Progress = no_progress,
) -> BenchNetwork:
    """Build the bench network into an empty database, or reuse the one it holds.

    Raises BenchError when the database holds anything else.
    """
    years = list(years)
    grid_years = inventories_demo.GRID_YEARS
    if not years or years[0] < grid_years[0] or years[-1] > grid_years[-1]:
        raise BenchError(
            f"The bench's years lie within {grid_years[0]}–{grid_years[-1]}, the years "
            "the demo has grid electricity factors for."
        )
    if holds_bench_network(members=members, years=years):
        return network_size()
    if LocalGovernment.objects.exists():
        raise BenchError(
            "This database holds local governments but not a complete bench network of "
            f"{members:,} members over {years[0]}–{years[-1]}. The bench builds into an "
            "empty database: point DATABASE_URL at a new one (e.g. "
            "sqlite:///var/bench-report.sqlite3), or pass --rebuild on a bench database."
        )
    started = time.perf_counter()
    with _fast_writes():
        with transaction.atomic():
            build_demo_network(members=members, seed=seed, progress=progress)
            _build_inventories(years=years, seed=seed, progress=progress)
            build_demo_campaigns(seed=seed, progress=progress)
        _analyse()
    return dataclasses.replace(network_size(), build_s=time.perf_counter() - started)


def wipe_bench_database() -> None:
    """Empty a bench database entirely, for --rebuild: its schema is made anew.

    Only on a database whose name says it is a bench's, as nothing is kept.
    """
    settings = connection.settings_dict
    name = str(settings["NAME"])
    if "bench" not in Path(name).name:
        raise BenchError(
            f"--rebuild empties the whole database, so it runs only on one whose name "
            f"says bench (e.g. var/bench-report.sqlite3); this one is {name}."
        )
    # Deferred: `migrate` registers its signals on import.
    from django.core.management import call_command

    if connection.vendor == "sqlite":
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(name + suffix).unlink(missing_ok=True)
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


class _Calculated(NamedTuple):
    """What `cell_totals` reads of a line."""

    gpc_ref: str
    position: int
    gases_kg: dict[str, float]
    biogenic_co2_kg: float


class _Table:
    """Plain rows into one table, as fast as the database takes them."""

    def __init__(self, model: type[models.Model], *, with_pk: bool = False) -> None:
        self.fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        self.name = model._meta.db_table
        self.index = {f.attname: i for i, f in enumerate(self.fields)}
        self.is_json = [isinstance(f, models.JSONField) for f in self.fields]

    def row_of(self, instance: models.Model) -> list[object]:
        """An instance's row, as the database stores it (JSON as text)."""
        return [
            json.dumps(getattr(instance, f.attname))
            if is_json
            else f.get_db_prep_save(f.pre_save(instance, True), connection)
            for f, is_json in zip(self.fields, self.is_json, strict=True)
        ]

    def plain_row(self, instance: models.Model) -> list[object]:
        """The row of an instance whose values need no conversion (numbers and text)."""
        return [getattr(instance, f.attname) for f in self.fields]

    def insert(self, rows: Sequence[Sequence[object]]) -> None:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        raw = connection.connection
        if connection.vendor == "postgresql":
            sql = f"COPY {quote(self.name)} ({columns}) FROM STDIN"
            with raw.cursor() as cursor, cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(self.fields))
            raw.executemany(f"INSERT INTO {quote(self.name)} ({columns}) VALUES ({marks})", rows)


class _Lines:
    """The rows of an inventory's lines, each distinct line calculated by the services once."""

    # What differs between lines of one kind; the rest comes from the calculated one.
    OWN = ("activity", "amount", "data_quality", "source", "comment")

    def __init__(self) -> None:
        self.table = _Table(InventoryLine)
        self.templates: dict[tuple, list[object]] = {}
        index = self.table.index
        self.at = {name: index[name] for name in (*self.OWN, "gases_kg", "biogenic_co2_kg")}
        self.lg_at, self.inventory_at = index["local_government_id"], index["inventory_id"]
        self.position_at, self.measured_at = index["position"], index["measured_kg"]

    def rows(
        self, inventory: Inventory, data: Sequence[LineData], library, out: list
    ) -> list[_Calculated]:
        calculated = []
        for position, line in enumerate(data):
            row, gases_kg, biogenic = self._row(line, inventory, library)
            row[self.lg_at], row[self.inventory_at] = inventory.local_government_id, inventory.pk
            row[self.position_at] = position
            row[self.at["gases_kg"]] = json.dumps(gases_kg)
            row[self.at["biogenic_co2_kg"]] = biogenic
            for name in self.OWN:
                row[self.at[name]] = getattr(line, name)
            out.append(row)
            calculated.append(_Calculated(line.gpc_ref, position, gases_kg, biogenic))
        return calculated

    def _row(self, line: LineData, inventory: Inventory, library) -> tuple[list, dict, float]:
        if line.notation_key:
            key = ("notation", line.gpc_ref, line.notation_key, line.explanation)
            template = self._template(key, line, inventory, library)
            return list(template[0]), {}, 0.0
        if line.amount is not None and not line.ef_kg and line.ncv is None and line.density is None:
            factor = library.resolve(line.factor, line.gpc_ref)
            key = ("activity", factor.pk, line.gpc_ref, line.unit)
            one = dataclasses.replace(line, amount=1.0)
            row, gases_kg, biogenic = self._template(key, one, inventory, library)
            # The core's calculation is amount × factor × unit conversion.
            scaled = {gas: kg * line.amount for gas, kg in gases_kg.items()}
            return list(row), scaled, biogenic * line.amount
        if len(line.measured_kg) == 1 and line.biogenic_co2_kg is None:
            ((gas, kg),) = line.measured_kg.items()
            key = ("measured", line.gpc_ref, gas)
            one = dataclasses.replace(line, measured_kg={gas: 1.0})
            row = list(self._template(key, one, inventory, library)[0])
            row[self.measured_at] = json.dumps(line.measured_kg)
            return row, {gas: kg}, 0.0
        built = build_line(line, inventory=inventory, library=library)
        return self.table.row_of(built), dict(built.gases_kg), built.biogenic_co2_kg

    def _template(self, key, line, inventory, library) -> tuple[list, dict, float]:
        if key not in self.templates:
            built = build_line(line, inventory=inventory, library=library)
            self.templates[key] = (
                self.table.row_of(built),
                dict(built.gases_kg),
                built.biogenic_co2_kg,
            )
        return self.templates[key]


def _build_inventories(*, years: Sequence[int], seed: int, progress: Progress) -> None:
    """A published inventory of every year for every local government but associations."""
    rng = random.Random(f"bench-{seed}")
    today = timezone.localdate()
    local_governments = list(_with_inventories().select_related("country__region").order_by("code"))
    factors = inventories_demo._create_grid_factors(
        rng, sorted({lg.country_id for lg in local_governments})
    )
    libraries = inventories_demo._Libraries(factors)
    inventory_table, totals_tables, lines = (
        _Table(Inventory, with_pk=True),
        (_Table(InventoryTotal), _Table(InventoryLevelTotal), _Table(InventoryLevelCO2e)),
        _Lines(),
    )
    next_pk = (Inventory.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    batch: list[LocalGovernment] = []
    with inventories_demo._collector_paused():
        for lg in progress(local_governments, "Inventories"):
            batch.append(lg)
            if len(batch) == MEMBERS_PER_BATCH:
                next_pk = _save_batch(
                    batch,
                    years,
                    rng,
                    today,
                    libraries,
                    next_pk,
                    inventory_table,
                    totals_tables,
                    lines,
                )
                batch = []
        if batch:
            _save_batch(
                batch, years, rng, today, libraries, next_pk, inventory_table, totals_tables, lines
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Inventory]):
                cursor.execute(sql)


def _save_batch(
    batch: list[LocalGovernment],
    years: Sequence[int],
    rng: random.Random,
    today: datetime.date,
    libraries,
    next_pk: int,
    inventory_table: _Table,
    totals_tables: tuple[_Table, _Table, _Table],
    lines: _Lines,
) -> int:
    inventory_rows, line_rows, total_rows, level_rows, co2e_rows = [], [], [], [], []
    totals_table, level_table, co2e_table = totals_tables
    for lg in batch:
        member = inventories_demo._member(rng, lg, is_editor_city=False)
        member.years = list(years)  # the trend counts from the first
        for year in years:
            inventory = inventories_demo._inventory(
                rng,
                member,
                year,
                Inventory.Status.PUBLISHED,
                today=today,
                submitter=None,
                verifier=None,
            )
            inventory.pk, next_pk = next_pk, next_pk + 1
            inventory_rows.append(inventory_table.row_of(inventory))
            data = inventories_demo._completed(inventories_demo._lines(rng, member, year))
            calculated = lines.rows(inventory, data, libraries.of(inventory), line_rows)
            totals = cell_totals(inventory, calculated)
            total_rows.extend(totals_table.plain_row(total) for total in totals)
            sums = level_totals(inventory, totals)
            level_rows.extend(level_table.plain_row(level) for level in sums)
            co2e_rows.extend(co2e_table.plain_row(row) for row in level_co2e(inventory, sums))
    inventory_table.insert(inventory_rows)
    lines.table.insert(line_rows)
    totals_table.insert(total_rows)
    level_table.insert(level_rows)
    co2e_table.insert(co2e_rows)
    return next_pk


class _fast_writes:
    """SQLite without its journal and syncs while the bench builds: a build that
    fails is rebuilt, not recovered. The settings' WAL mode comes back after."""

    def __enter__(self) -> None:
        # Inside a transaction (a test's) the journal mode cannot change.
        self.active = connection.vendor == "sqlite" and not connection.in_atomic_block
        if self.active:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode=OFF")
                cursor.execute("PRAGMA synchronous=OFF")
                cursor.execute("PRAGMA cache_size=-262144")  # 256 MiB

    def __exit__(self, *exc) -> None:
        if self.active:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")


def _analyse() -> None:
    """Statistics for the query planner, as a database in service keeps them
    (PostgreSQL's autovacuum; `PRAGMA optimize` on SQLite)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=1000")
            cursor.execute("ANALYZE")
        elif connection.in_atomic_block:  # VACUUM runs outside transactions only
            cursor.execute("ANALYZE")
        else:
            cursor.execute("VACUUM ANALYZE")


# The line file and DuckDB


def export_lines(path: Path) -> int:
    """Write the open-data line file (every published line) to `path`; the rows written."""
    gases = files.line_gases()
    count = 0

    def counted(rows: Iterable[list[object]]) -> Iterable[list[object]]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    with path.open("wb") as target:
        write_table(
            counted(files.iter_open_data_lines(20_000, gases=gases)),
            columns=files.line_columns(gases),
            format="csv",
            target=target,
        )
    return count


@dataclass(frozen=True)
class Totals:
    """The figures both sides compute, in t CO2e."""

    members_reporting: int
    total_tco2e: float
    by_region: dict[str, float]
    by_sector: dict[str, float]
    by_gas: dict[str, float]


FIGURES = ("members_reporting", "total_tco2e", "by_region", "by_sector", "by_gas")


def report_totals(report: Report) -> Totals:
    def groups(rows) -> dict[str, float]:
        return {row.key: row.tco2e for row in rows if row.tco2e}

    return Totals(
        members_reporting=report.members_reporting,
        total_tco2e=report.total_tco2e,
        by_region=groups(report.by_region),
        by_sector=groups(report.by_sector),
        by_gas=groups(report.by_gas),
    )


def excluded_codes(report: Report) -> list[str]:
    """The members the report leaves out of its emissions as contained in another."""
    return sorted(item.code for item in report.excluded if item.family == "inventory")


def _gas_columns(path: Path) -> dict[str, str]:
    """The line file's gas columns (`co2_kg` …) by gas; biogenic CO2 is not a gas."""
    header = duckdb.sql(f"DESCRIBE SELECT * FROM read_csv('{path}', header = true)").fetchall()
    names = {row[0] for row in header}
    return {gas: f"{gas.lower()}_kg" for gas in GASES if f"{gas.lower()}_kg" in names}


def duckdb_totals(path: Path, scope: Scope, *, excluded: Sequence[str]) -> Totals:
    """The report's totals computed by DuckDB from the line file at `path`.

    Each member's latest inventory in year − window … year counts, less the
    `excluded` members (the report's nesting rule); lines in the level's GPC
    cells add up, each gas weighted by the scope's GWP set. The whole file is
    read by every call, and every line's cell and member searched for in lists:
    the baseline as first written, kept beside the honest one (`DuckLines`).
    """
    if scope.region or scope.country or scope.campaign:
        raise BenchError("The DuckDB side computes the whole network only.")
    gases = _gas_columns(path)
    cells = list(Coverage(level=scope.level).cells)
    sums = ", ".join(f'sum("{column}") FILTER (WHERE counts)' for column in gases.values())
    query = f"""
        WITH lines AS (
            SELECT member, region, year, split_part(gpc_ref, '.', 1) AS sector,
                   list_contains($cells, gpc_ref) AS counts, {", ".join(gases.values())}
            FROM read_csv($path, header = true)
            WHERE year BETWEEN $first AND $last AND NOT list_contains($excluded, member)
        ),
        latest AS (SELECT member, max(year) AS year FROM lines GROUP BY member)
        SELECT region, sector, count(DISTINCT member), {sums}
        FROM lines JOIN latest USING (member, year)
        GROUP BY GROUPING SETS ((region), (sector), ())
    """
    rows = duckdb.execute(
        query,
        {
            "path": str(path),
            "cells": cells,
            "first": scope.year - scope.window,
            "last": scope.year,
            "excluded": list(excluded),
        },
    ).fetchall()
    return _totals_of(rows, gases, Coverage(level=scope.level, gwp=scope.gwp))


class DuckLines:
    """The line file loaded once into an in-memory DuckDB database: the honest
    peer of a report that reads summaries kept in its own database.

    Loading (parsing the CSV) happens here, outside any timing, as a
    researcher would load the file once and then ask many questions of it.
    The members left out and the level's cells are small tables, so the query
    joins them (an anti-join and a semi-join) instead of searching a list for
    every line.
    """

    def __init__(self, path: Path) -> None:
        self.connection = duckdb.connect(":memory:")
        self.gases = _gas_columns(path)
        columns = ", ".join(f'"{column}"' for column in self.gases.values())
        started = time.perf_counter()
        self.connection.execute(
            f"""CREATE TABLE lines AS
                SELECT member, region, year, gpc_ref, {columns}
                FROM read_csv($path, header = true)""",
            {"path": str(path)},
        )
        self.load_s = time.perf_counter() - started
        self.rows = self.connection.execute("SELECT count(*) FROM lines").fetchone()[0]

    def close(self) -> None:
        self.connection.close()

    def totals(self, scope: Scope, *, excluded: Sequence[str]) -> Totals:
        """The same figures as `duckdb_totals`, from the table in memory: each
        member's latest year in the window (less the `excluded`, by anti-join),
        its lines in the level's cells (by semi-join) weighted by the GWP set."""
        if scope.region or scope.country or scope.campaign:
            raise BenchError("The DuckDB side computes the whole network only.")
        coverage = Coverage(level=scope.level, gwp=scope.gwp)
        con = self.connection.cursor()
        con.execute(
            "CREATE OR REPLACE TEMP TABLE excluded AS SELECT unnest($codes::VARCHAR[]) AS member",
            {"codes": list(excluded)},
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE cells AS SELECT unnest($refs::VARCHAR[]) AS gpc_ref",
            {"refs": list(coverage.cells)},
        )
        gases = self.gases
        columns = ", ".join(f'l."{column}"' for column in gases.values())
        sums = ", ".join(f'sum("{column}")' for column in gases.values())
        query = f"""
            WITH window_lines AS (
                SELECT * FROM lines ANTI JOIN excluded USING (member)
                WHERE year BETWEEN $first AND $last
            ),
            latest AS (SELECT member, max(year) AS year FROM window_lines GROUP BY member),
            counted AS (
                SELECT l.region, split_part(l.gpc_ref, '.', 1) AS sector, {columns}
                FROM window_lines AS l
                JOIN latest USING (member, year)
                SEMI JOIN cells USING (gpc_ref)
            )
            SELECT region, sector, (SELECT count(*) FROM latest), {sums}
            FROM counted
            GROUP BY GROUPING SETS ((region), (sector), ())
        """
        rows = con.execute(
            query, {"first": scope.year - scope.window, "last": scope.year}
        ).fetchall()
        con.close()
        return _totals_of(rows, gases, coverage)


def _totals_of(rows, gases: dict[str, str], coverage: Coverage) -> Totals:
    """Totals from DuckDB's grouping-set rows (region, sector, members, kg by gas)."""
    weights = [coverage.weight_t(gas) for gas in gases]
    by_region: dict[str, float] = {}
    by_sector: dict[str, float] = {}
    members, total, by_gas = 0, 0.0, {}
    for region, sector, count, *kg in rows:
        tonnes = [(value or 0.0) * weight for value, weight in zip(kg, weights, strict=True)]
        if region is not None:
            by_region[region] = sum(tonnes)
        elif sector is not None:
            by_sector[sector] = sum(tonnes)
        else:
            members, total = count, sum(tonnes)
            by_gas = dict(zip(gases, tonnes, strict=True))
    return Totals(
        members_reporting=members,
        total_tco2e=total,
        by_region={key: value for key, value in by_region.items() if value},
        by_sector={key: value for key, value in by_sector.items() if value},
        by_gas={key: value for key, value in by_gas.items() if value},
    )


def commitments_of(report: Report) -> dict:
    """The part of a report that targets' figures make (kept or computed)."""
    figures = report.as_json()
    return {"commitments": figures["commitments"], "targets": figures["targets"]}


def disagreements(report: Totals, plain: Totals) -> list[str]:
    """The figures on which the two differ by more than RELATIVE_TOLERANCE, in words."""

    def close(a: object, b: object) -> bool:
        if isinstance(a, dict) and isinstance(b, dict):
            return a.keys() == b.keys() and all(close(a[key], b[key]) for key in a)
        if isinstance(a, float) or isinstance(b, float):
            return math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE)
        return a == b

    return [
        f"{name}: report {getattr(report, name)!r}, DuckDB {getattr(plain, name)!r}"
        for name in FIGURES
        if not close(getattr(report, name), getattr(plain, name))
    ]


# Timing


@dataclass(frozen=True)
class Timing:
    """Seconds of each run, and the last run's result."""

    seconds: tuple[float, ...]
    result: object

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def timed(run: Callable[[], object], repeats: int) -> Timing:
    seconds, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = run()
        seconds.append(time.perf_counter() - started)
    return Timing(tuple(seconds), result)


def interleaved(runs: dict[str, Callable[[], object]], repeats: int) -> dict[str, Timing]:
    """`repeats` rounds of every run in turn, so that each meets the same load
    of a shared machine: the timings of each, and its last result."""
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    results: dict[str, object] = {}
    for _ in range(repeats):
        for name, run in runs.items():
            started = time.perf_counter()
            results[name] = run()
            seconds[name].append(time.perf_counter() - started)
    return {name: Timing(tuple(seconds[name]), results[name]) for name in runs}


def time_report(scope: Scope, repeats: int) -> Timing:
    """`repeats` runs of the network report, each made from the database afresh."""
    return timed(lambda: network_report(scope), repeats)


def report_peak_memory(scope: Scope) -> int:
    """Peak bytes Python allocates while making one report (traced, so not timed)."""
    tracemalloc.start()
    try:
        network_report(scope)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def time_every_gwp(scope: Scope, repeats: int = 1) -> dict[str, float]:
    """The median seconds of `repeats` report runs under each GWP set."""
    return {
        name: timed(
            lambda name=name: network_report(dataclasses.replace(scope, gwp=name)), repeats
        ).median
        for name in GWP_SETS
    }


@dataclass
class DashboardTiming:
    """What `bench dashboard` measured: the cold computation of the page, the
    latencies of requests while a change was being recomputed, and how long
    after the change the new figures were served."""

    cold_s: float
    latencies_s: list[float]
    new_figures_after_s: float | None
    served_stale: int

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_s)
        return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def _changed_inventory(year: int) -> Inventory:
    """A published inventory of `year`: its change moves the report's headline."""
    return (
        Inventory.objects.filter(status=Inventory.Status.PUBLISHED, year=year)
        .order_by("-pk")
        .first()
    )


def _scale_inventory(inventory: Inventory, factor: float) -> None:
    """A correction of the inventory: every gas mass scaled, its change stamped."""
    with transaction.atomic():
        InventoryTotal.objects.filter(inventory=inventory).update(kg=models.F("kg") * factor)
        InventoryLevelTotal.objects.filter(inventory=inventory).update(
            **{column: models.F(column) * factor for column in InventoryLevelTotal.COLUMNS}
        )
        InventoryLevelCO2e.objects.filter(inventory=inventory).update(
            **{column: models.F(column) * factor for column in InventoryLevelCO2e.COLUMNS}
        )
        inventory.save(update_fields=["updated_at"])


def time_dashboard(
    *, requests: int, seconds: float, start_worker: Callable[[], object], stop_worker
) -> DashboardTiming:
    """Compute the dashboard cold, start a worker, change an inventory, then
    request the dashboard `requests` times over `seconds` and note when the
    new figures appear. The change is undone at the end."""
    from django.core.cache import cache
    from django.test import Client

    from localaction.reports.figures import STAMP_KEY

    client = Client(HTTP_HOST="127.0.0.1")
    cache.clear()
    worker = start_worker()
    # Nobody asked for the report before: the worker computes it while the
    # dashboard says it is being prepared (202); cold is until it is served.
    started = time.perf_counter()
    before = client.get("/report/")
    while before.status_code == 202 and time.perf_counter() - started < 600:
        time.sleep(0.1)
        before = client.get("/report/")
    cold_s = time.perf_counter() - started
    if before.status_code != 200:
        stop_worker(worker)
        raise BenchError(f"The dashboard answered {before.status_code}.")
    old_body = before.content.decode()
    inventory = _changed_inventory(int(_report_year_of(old_body)))
    try:
        _scale_inventory(inventory, 2.0)
        cache.delete(STAMP_KEY)  # as a worker's next heartbeat would
        changed_at = time.perf_counter()
        latencies, appeared, stale = [], None, 0
        gap = seconds / requests
        for number in range(requests):
            due = changed_at + number * gap
            time.sleep(max(0.0, due - time.perf_counter()))
            began = time.perf_counter()
            response = client.get("/report/")
            latencies.append(time.perf_counter() - began)
            page = response.content.decode()
            preparing = "newer figures are being prepared" in page
            stale += preparing
            if appeared is None and not preparing and _figures_of(page) != _figures_of(old_body):
                appeared = time.perf_counter() - changed_at
        return DashboardTiming(cold_s, latencies, appeared, stale)
    finally:
        stop_worker(worker)
        _scale_inventory(inventory, 0.5)


def _report_year_of(page: str) -> str:
    found = re.search(r"Network report (\d{4})", page)
    if not found:
        raise BenchError("The dashboard names no report year.")
    return found.group(1)


def _figures_of(page: str) -> str:
    """The body of the report (what changes with the data), without the stamp line."""
    start = page.find('class="figures-as-of"')
    body = page[page.find("</p>", start) :] if start >= 0 else page
    return body
