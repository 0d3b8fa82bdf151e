"""`localaction bench`: the platform's calculations timed against plain tools.

`bench ghg`: the platform's calculation (`core.ghg.calculate` and the GPC
totals of its results) and a hand-written numpy version of the same sums run
on the same synthetic lines in the same process, under each GWP set; the
command prints the median time of each, their ratio, and fails if their
totals disagree.

`bench report`: the network report on a bench network (10,000 local
governments × 15 years of inventories by default) against DuckDB computing
the same totals from the exported line file (`localaction.reports.bench`).

`bench load`: public pages under a crowd — gunicorn (3 workers, DEBUG off) on a
loopback port with the demo network in var/bench-load.sqlite3, 20 clients for
a fixed time on `/`, `/members/`, `/report/` and a profile, and a static file
served by the same gunicorn as the baseline (`localaction.load`).

`bench imports`: 50,000 members, 10,000 targets and actions and 10,000
inventory lines imported into a fresh SQLite database (or DATABASE_URL's):
each import's time, its longest write transaction, and another process's
short writes meanwhile against the same writes alone
(`localaction.reports.bench_imports`).

`bench dues`: a dues run over 10,000 active memberships, a sample of their
invoice PDFs and the receivables ageing over 10 years of invoices, on a new
SQLite file (var/bench-dues.sqlite3) or DATABASE_URL's (`localaction.reports.bench_dues`).

`bench search`: 100,000 generated search entries, a fixed set of queries timed
(median, p95, max) beside a plain scan; the search app's `search bench`
command (`localaction.search.bench`), called by name since search is the top layer.

`bench election`: 10,000 members casting their ballots through the voting page,
then the count, beside plain INSERTs of the same rows; the elections app's
`election bench` command (`localaction.elections.bench`), called by name since
the elections sit beside the reports in the layers.

`bench registration`: 5,000 people registering through the register page for
an event of 500 places (500 confirmed, 4,500 waiting, none overbooked), beside
plain ORM INSERTs of the same rows; the events app's `event bench` command
(`localaction.events.bench`), called by name likewise.
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from tqdm import tqdm

from localaction import load as load_bench
from localaction.core import ghg
from localaction.core.gpc import CELLS, SECTORS, Level
from localaction.core.gwp import GWP_SETS, GWPSet, gwp_set
from localaction.inventories.models import Inventory, InventoryLine
from localaction.inventories.services import inventory_results
from localaction.network.models import Country, LocalGovernment
from localaction.reports import bench as report_bench
from localaction.reports import bench_dues as dues_bench
from localaction.reports import bench_imports as import_bench
from localaction.reports.models import KeptTargetFigures
from localaction.reports.services import ReportError, Scope, network_report

RELATIVE_TOLERANCE = 1e-9
# What each side computes, in kg CO2e (completeness: the BASIC cells left empty).
TOTALS = (
    "BASIC",
    "BASIC+",
    "territorial",
    "all lines",
    "by scope",
    "by sector",
    "by gas",
    "BASIC completeness",
)

Totals = dict[str, object]


def core_totals(lines: ghg.Lines, gwp: GWPSet) -> Totals:
    """The platform's way: calculate, then ask the results for each total."""
    results = ghg.calculate(lines, gwp)
    return {
        "BASIC": results.total_co2e_kg(Level.BASIC),
        "BASIC+": results.total_co2e_kg(Level.BASIC_PLUS),
        "territorial": results.total_co2e_kg(Level.TERRITORIAL),
        "all lines": results.total_co2e_kg(),
        "by scope": results.by_scope_co2e_kg(),
        "by sector": results.by_sector_co2e_kg(),
        "by gas": results.by_gas_co2e_kg(),
        "BASIC completeness": results.completeness(Level.BASIC).missing,
    }


@dataclass(frozen=True)
class _Catalogue:
    """The GPC catalogue as the plain arrays a numpy user would make of it."""

    scope: np.ndarray
    sector: np.ndarray
    levels: Mapping[str, np.ndarray]

    @classmethod
    def build(cls) -> _Catalogue:
        sectors = [s.ref for s in SECTORS]
        return cls(
            scope=np.array([c.scope for c in CELLS]),
            sector=np.array([sectors.index(c.sector) for c in CELLS]),
            levels={level.value: np.array([c.counts_in(level) for c in CELLS]) for level in Level},
        )


def numpy_totals(lines: ghg.Lines, gwp: GWPSet, catalogue: _Catalogue) -> Totals:
    """The same totals by hand: masses @ GWP vector, then bincounts by cell, scope, sector."""
    weights = np.nan_to_num(gwp.vector(lines.gases))
    line_co2e = lines.masses_kg @ weights
    cell_co2e = np.bincount(lines.cells, weights=line_co2e, minlength=len(CELLS))
    by_scope = np.bincount(catalogue.scope, weights=cell_co2e, minlength=4)
    by_sector = np.bincount(catalogue.sector, weights=cell_co2e, minlength=len(SECTORS))
    by_gas = lines.masses_kg.sum(axis=0) * weights
    used = np.bincount(lines.cells, minlength=len(CELLS)) > 0
    basic = catalogue.levels[Level.BASIC.value]
    return {
        "BASIC": float(cell_co2e[basic].sum()),
        "BASIC+": float(cell_co2e[catalogue.levels[Level.BASIC_PLUS.value]].sum()),
        "territorial": float(cell_co2e[catalogue.levels[Level.TERRITORIAL.value]].sum()),
        "all lines": float(cell_co2e.sum()),
        "by scope": {scope: float(by_scope[scope]) for scope in (1, 2, 3)},
        "by sector": {s.ref: float(total) for s, total in zip(SECTORS, by_sector, strict=True)},
        "by gas": {name: float(kg) for name, kg in zip(lines.gases, by_gas, strict=True)},
        "BASIC completeness": tuple(CELLS[i].ref for i in np.flatnonzero(basic & ~used)),
    }


def disagreements(core: Totals, plain: Totals) -> list[str]:
    """The totals on which the two differ by more than RELATIVE_TOLERANCE, in words."""

    def close(a: object, b: object) -> bool:
        if isinstance(a, float) and isinstance(b, float):
            return math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE, abs_tol=0.0)
        if isinstance(a, dict) and isinstance(b, dict):
            return a.keys() == b.keys() and all(close(a[key], b[key]) for key in a)
        return a == b

    return [
        f"{name}: core {core[name]!r}, numpy {plain[name]!r}"
        for name in TOTALS
        if not close(core[name], plain[name])
    ]


def _fresh(lines: ghg.Lines) -> ghg.Lines:
    # Lines caches its per-cell sums; each timed run starts from new columns
    # so that it pays for them, as a first calculation does.
    return ghg.Lines(
        cells=lines.cells,
        gases=lines.gases,
        masses_kg=lines.masses_kg,
        biogenic_co2_kg=lines.biogenic_co2_kg,
        notations=lines.notations,
    )


def _median_seconds(run: Callable[[], object], prepare: Callable[[], object], repeat: int):
    """The median wall time of `run(prepared)` over `repeat` runs, and its last result."""
    times, result = [], None
    for _ in range(repeat):
        prepared = prepare()
        started = time.perf_counter()
        result = run(prepared)
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


@dataclass(frozen=True)
class Timing:
    gwp: str
    core_s: float
    numpy_s: float
    problems: tuple[str, ...]


def time_ghg(lines: ghg.Lines, *, repeat: int) -> list[Timing]:
    """Both ways under every GWP set, each the median of `repeat` runs, with their disagreements."""
    catalogue = _Catalogue.build()
    timings = []
    for name in GWP_SETS:
        gwp = gwp_set(name)
        core_s, core = _median_seconds(
            lambda fresh, gwp=gwp: core_totals(fresh, gwp), lambda: _fresh(lines), repeat
        )
        numpy_s, plain = _median_seconds(
            lambda fresh, gwp=gwp: numpy_totals(fresh, gwp, catalogue), lambda: lines, repeat
        )
        timings.append(Timing(name, core_s, numpy_s, tuple(disagreements(core, plain))))
    return timings


def time_database_read(lines: ghg.Lines, *, repeat: int) -> tuple[float, list[str]]:
    """Median time of `inventory_results` (read every line into ghg.Lines, then calculate)
    for an inventory of these lines, saved for the occasion and rolled back; and whether
    its BASIC total is the one calculated in memory."""
    gwp = gwp_set("AR6GWP100")
    with transaction.atomic():
        country = Country.objects.order_by("code").first()
        if country is None:
            raise CommandError("The database has no countries: run `localaction migrate` first.")
        lg = LocalGovernment.objects.create(
            code="bench-ghg", name="Benchmark City", country=country, is_published=False
        )
        inventory = Inventory.objects.create(local_government=lg, year=2024)
        keys = (None, *ghg.NotationKey)
        InventoryLine.objects.bulk_create(
            InventoryLine(
                local_government=lg,
                inventory=inventory,
                position=i,
                gpc_ref=CELLS[cell].ref,
                gases_kg={} if key else dict(zip(lines.gases, masses.tolist(), strict=True)),
                biogenic_co2_kg=float(biogenic),
                notation_key=str(keys[key]) if key else "",
                explanation="benchmark" if key else "",
            )
            for i, (cell, masses, biogenic, key) in enumerate(
                zip(
                    lines.cells,
                    lines.masses_kg,
                    lines.biogenic_co2_kg,
                    lines.notations,
                    strict=True,
                )
            )
        )
        seconds, results = _median_seconds(
            lambda _: inventory_results(inventory, gwp.name), lambda: None, repeat
        )
        expected = ghg.calculate(lines, gwp).total_co2e_kg(Level.BASIC)
        problems = []
        if not math.isclose(results.total_co2e_kg(Level.BASIC), expected, rel_tol=1e-9):
            problems.append(f"BASIC from the database {results.total_co2e_kg(Level.BASIC)!r}")
        transaction.set_rollback(True)
    return seconds, problems


class Command(BaseCommand):
    help = "Benchmarks of the platform's calculations."

    def add_arguments(self, parser):
        benchmarks = parser.add_subparsers(
            dest="benchmark",
            required=True,
            metavar="{ghg,report,dashboard,load,imports,dues,election,search,registration}",
        )
        ghg_parser = benchmarks.add_parser(
            "ghg",
            help=(
                "Time the GHG calculation and its GPC totals under every GWP set against "
                "the same sums in plain numpy, and check that they agree."
            ),
        )
        ghg_parser.add_argument("--lines", type=int, default=100_000, help="Synthetic lines.")
        ghg_parser.add_argument("--repeat", type=int, default=5, help="Runs; the median counts.")
        ghg_parser.add_argument("--seed", type=int, default=2007, help="Seed of the lines.")
        ghg_parser.add_argument(
            "--database-lines",
            type=int,
            default=10_000,
            help=(
                "Also time reading an inventory of this many lines from the database "
                "(written in a transaction that is rolled back); 0 to skip."
            ),
        )

        report = benchmarks.add_parser(
            "report",
            help=(
                "Build (or reuse) a bench network with inventories for every year, then time "
                "the full network report against DuckDB computing the same totals from the "
                "exported line file, and check that they agree."
            ),
        )
        report.add_argument(
            "--members", type=int, default=10_000, help="Local governments in the network."
        )
        report.add_argument(
            "--years", default="2010-2024", help="Inventory years, first-last (2010-2024)."
        )
        report.add_argument(
            "--year", type=int, help="Report year; the last of --years if not given."
        )
        report.add_argument("--gwp", default="AR6GWP100", help="GWP set of the timed report.")
        report.add_argument(
            "--level", default="basic", choices=("basic", "basic+"), help="GPC total."
        )
        report.add_argument("--repeats", type=int, default=5, help="Runs; the median counts.")
        report.add_argument("--seed", type=int, default=report_bench.SEED, help="Seed.")
        dashboard = benchmarks.add_parser(
            "dashboard",
            help=(
                "On the bench network, change an inventory and time dashboard requests "
                "while a worker recomputes (p50/p95/max), and how long until the new "
                "figures appear."
            ),
        )
        dashboard.add_argument("--members", type=int, default=10_000, help="Local governments.")
        dashboard.add_argument("--years", default="2010-2024", help="Inventory years.")
        dashboard.add_argument("--requests", type=int, default=200, help="Dashboard requests.")
        dashboard.add_argument(
            "--seconds", type=float, default=60, help="Over how many seconds (60)."
        )
        load = benchmarks.add_parser(
            "load",
            help=(
                "Serve the demo network with gunicorn (3 workers, DEBUG off) on a loopback "
                "port and load /, /members/, /report/ and a profile with concurrent "
                "anonymous clients, beside a static file as the baseline."
            ),
        )
        load.add_argument("--clients", type=int, default=20, help="Concurrent clients (20).")
        load.add_argument("--seconds", type=float, default=15, help="Seconds per page (15).")
        load.add_argument(
            "--database",
            default=str(settings.VAR_DIR / "bench-load.sqlite3"),
            help="SQLite file of the demo network (built once, then reused).",
        )
        load.add_argument("--members", type=int, default=2000, help="Demo network size (2000).")
        load.add_argument("--seed", type=int, default=2007, help="Demo network seed (2007).")
        load.add_argument(
            "--profile", help="The profile's path (default: the most populous member's)."
        )
        imports = benchmarks.add_parser(
            "imports",
            help=(
                "Import 50,000 members, 10,000 targets and actions and 10,000 inventory lines "
                "into a fresh SQLite database (or DATABASE_URL's) and time each import, its "
                "longest write transaction and another process's short writes meanwhile."
            ),
        )
        imports.add_argument("--members", type=int, default=50_000, help="Member rows.")
        imports.add_argument(
            "--commitments", type=int, default=10_000, help="Target and action rows."
        )
        imports.add_argument("--lines", type=int, default=10_000, help="Inventory lines.")
        dues = benchmarks.add_parser(
            "dues",
            help=(
                "Time the dues run over 10,000 active memberships, invoice PDFs and the "
                "receivables ageing over 10 years of invoices, on a database of its own."
            ),
        )
        dues.add_argument("--memberships", type=int, default=10_000, help="Active memberships.")
        dues.add_argument("--years", type=int, default=10, help="Membership years of invoices.")
        dues.add_argument("--pdfs", type=int, default=20, help="Invoice PDFs rendered and timed.")
        dues.add_argument("--seed", type=int, default=2007, help="Seed of the bench network.")
        election = benchmarks.add_parser(
            "election",
            help=(
                "10,000 members vote through the voting page, then the count, beside plain "
                "INSERTs of the same rows, on a database of its own."
            ),
        )
        election.add_argument("--members", type=int, default=10_000, help="Voting members.")
        election.add_argument(
            "--method", choices=["plurality", "stv"], default="stv", help="Counting method."
        )
        election.add_argument("--seed", type=int, default=2007, help="Seed of the ballots.")
        registration = benchmarks.add_parser(
            "registration",
            help=(
                "5,000 people register through the register page for an event of 500 places "
                "(a waiting list), beside plain INSERTs of the same rows, on a database of its "
                "own (localaction.events.bench); none overbooked."
            ),
        )
        registration.add_argument("--people", type=int, default=5_000, help="People registering.")
        registration.add_argument("--places", type=int, default=500, help="The event's places.")
        registration.add_argument(
            "--threads", type=int, default=4, help="Threads registering at once (PostgreSQL)."
        )
        search = benchmarks.add_parser(
            "search",
            help="100,000 generated entries searched (page, total, facets) beside a plain "
            "scan, on a database of its own (localaction.search.bench).",
        )
        search.add_argument("--entries", type=int, default=100_000, help="Generated entries.")
        search.add_argument("--seed", type=int, default=2007, help="Seed of entries and queries.")
        report.add_argument(
            "--rebuild",
            action="store_true",
            help="Empty the bench database and build anew (only on a database named *bench*).",
        )

    def dashboard(self, *, members: int, years: str, requests: int, seconds: float, **options):
        first, _, last = years.partition("-")
        try:
            span = range(int(first), int(last or first) + 1)
        except ValueError:
            raise CommandError(f"--years is first-last, e.g. 2010-2024, not '{years}'.") from None
        if requests < 1 or seconds <= 0:
            raise CommandError("--requests must be at least 1 and --seconds above 0.")
        network = report_bench.build_bench_network(
            members=members, years=span, progress=_progress_bar
        )
        self.stdout.write(
            f"Bench network on {connection.vendor} ({connection.settings_dict['NAME']}): "
            f"{network.local_governments:,} local governments, {network.inventories:,} "
            f"inventories, {network.lines:,} lines."
        )
        timing = report_bench.time_dashboard(
            requests=requests,
            seconds=seconds,
            start_worker=_start_worker,
            stop_worker=_stop_worker,
        )
        ms = [s * 1000 for s in timing.latencies_s]
        self.stdout.write(
            f"Dashboard computed cold (the report, emissions of every year, funnels, "
            f"charts): {timing.cold_s:.2f} s."
        )
        self.stdout.write(
            f"{len(ms)} dashboard requests over {seconds:.0f} s after an inventory changed "
            f"(one worker recomputing beside them): p50 {statistics.median(ms):.1f} ms, "
            f"p95 {timing.percentile(0.95) * 1000:.1f} ms, max {max(ms):.1f} ms; "
            f"{timing.served_stale} served the previous figures saying newer ones are coming."
        )
        if timing.new_figures_after_s is None:
            raise CommandError(f"The new figures did not appear within {seconds:.0f} s.")
        self.stdout.write(
            f"New figures served {timing.new_figures_after_s:.1f} s after the change "
            f"(cold computation {timing.cold_s:.1f} s; "
            f"{timing.new_figures_after_s - timing.cold_s:+.1f} s beyond it)."
        )

    def handle(self, *args, benchmark: str, **options):
        if benchmark == "load":
            # The load bench prepares a database of its own, in other processes.
            return self.load(**options)
        if benchmark == "search":  # the top layer's own command, called by name
            return call_command("search", "bench", f"--entries={options['entries']}",
                                f"--seed={options['seed']}")  # fmt: skip
        if benchmark == "registration":  # the events' own command, called by name
            names = ("people", "places", "threads")
            return call_command("event", "bench", *[f"--{n}={options[n]}" for n in names])
        if benchmark == "election":
            names = ("members", "method", "seed")
            return call_command("election", "bench", *[f"--{n}={options[n]}" for n in names])
        if benchmark == "imports" and "DATABASE_URL" not in os.environ:
            arguments = [
                f"--{name}={options[name]}" for name in ("members", "commitments", "lines")
            ]
            if import_bench.run_in_fresh_database(arguments):
                raise CommandError("The imports bench failed.")
            return
        if benchmark == "dues" and "DATABASE_URL" not in os.environ:
            arguments = [
                f"--{name}={options[name]}" for name in ("memberships", "years", "pdfs", "seed")
            ]
            if dues_bench.run_in_own_database(arguments):
                raise CommandError("The dues bench failed.")
            return
        # Every benchmark runs on the database it is pointed at: a new one gets
        # its schema first.
        call_command("migrate", verbosity=0)
        if benchmark == "dashboard":
            try:
                self.dashboard(**options)
            except (report_bench.BenchError, ReportError) as error:
                raise CommandError(str(error)) from error
        elif benchmark == "ghg":
            self.ghg(**options)
        elif benchmark == "dues":
            if options["memberships"] < 1 or options["years"] < 1 or options["pdfs"] < 0:
                raise CommandError(
                    "--memberships and --years must be at least 1, --pdfs 0 or more."
                )
            figures = dues_bench.bench(
                memberships=options["memberships"],
                years=options["years"],
                pdfs=options["pdfs"],
                seed=options["seed"],
                say=self.stdout.write,
            )
            if not dues_bench.report(figures, self.stdout.write):
                raise CommandError("The dues bench missed a target.")
        elif benchmark == "imports":
            import_bench.report(
                *import_bench.bench(
                    members=options["members"],
                    commitments=options["commitments"],
                    lines=options["lines"],
                ),
                self.stdout.write,
            )
        elif benchmark == "report":
            try:
                self.report(**options)
            except (report_bench.BenchError, ReportError) as error:
                raise CommandError(str(error)) from error

    def ghg(self, *, lines: int, repeat: int, seed: int, database_lines: int, **options):
        if lines < 1 or repeat < 1 or database_lines < 0:
            raise CommandError(
                "--lines and --repeat must be at least 1, --database-lines 0 or more."
            )
        synthetic = ghg.synthetic_lines(lines, seed=seed)
        timings = time_ghg(synthetic, repeat=repeat)
        self.stdout.write(
            f"GHG calculation of {lines:,} lines (seed {seed}), median of {repeat} runs:\n"
            f"  core: ghg.calculate and every total; numpy: masses @ GWPs, bincounts\n"
            f"{'GWP set':<14}{'core ms':>10}{'numpy ms':>10}{'core/numpy':>12}"
        )
        for timing in timings:
            self.stdout.write(
                f"{timing.gwp:<14}{timing.core_s * 1000:>10.2f}{timing.numpy_s * 1000:>10.2f}"
                f"{timing.core_s / timing.numpy_s:>11.1f}×"
            )
        problems = [f"{t.gwp} {problem}" for t in timings for problem in t.problems]
        if database_lines:
            seconds, database_problems = time_database_read(
                ghg.synthetic_lines(database_lines, seed=seed), repeat=repeat
            )
            problems += database_problems
            self.stdout.write(
                f"Reading an inventory of {database_lines:,} lines from the database into "
                f"ghg.Lines and calculating it (inventory_results): {seconds * 1000:.1f} ms"
            )
        if problems:
            raise CommandError("The calculations disagree:\n  " + "\n  ".join(problems))
        self.stdout.write(
            f"Core and numpy agree within {RELATIVE_TOLERANCE:g} (relative) on every total: "
            + ", ".join(TOTALS)
            + "."
        )

    def report(
        self,
        *,
        members: int,
        years: str,
        year: int | None,
        gwp: str,
        level: str,
        repeats: int,
        seed: int,
        rebuild: bool,
        **options,
    ):
        first, _, last = years.partition("-")
        try:
            span = range(int(first), int(last or first) + 1)
        except ValueError:
            raise CommandError(f"--years is first-last, e.g. 2010-2024, not '{years}'.") from None
        if not span or repeats < 1:
            raise CommandError("--years must run forwards and --repeats be at least 1.")
        scope = Scope(
            year=year or span[-1],
            gwp=gwp,
            level=Level.BASIC_PLUS.value if level == "basic+" else Level.BASIC.value,
        )
        if scope.gwp not in GWP_SETS:
            raise CommandError(f"--gwp is one of {', '.join(GWP_SETS)}, not '{gwp}'.")
        if rebuild:
            report_bench.wipe_bench_database()
        network = report_bench.build_bench_network(
            members=members, years=span, seed=seed, progress=_progress_bar
        )
        engine = f"{connection.vendor} ({connection.settings_dict['NAME']})"
        built = (
            f"built in {network.build_s:.1f} s"
            if network.build_s is not None
            else "reused (built before; --rebuild to build anew)"
        )
        self.stdout.write(
            f"Bench network on {engine}: {network.local_governments:,} local governments, "
            f"{network.inventories:,} inventories ({span[0]}–{span[-1]}), "
            f"{network.lines:,} lines, {network.totals:,} InventoryTotal rows; {built}."
        )
        describe = f"{scope.year} (window {scope.year - scope.window}–{scope.year}), " + (
            f"{scope.level}, {scope.gwp}"
        )
        # The first run, with no target's figures kept: every target computed
        # (and kept), as a report of a scope asked for the first time. It says
        # which members the report leaves out, for DuckDB.
        KeptTargetFigures.objects.all().delete()
        started = time.perf_counter()
        report = network_report(scope)
        first_s = time.perf_counter() - started
        with tempfile.TemporaryDirectory(prefix="localaction-bench-") as directory:
            path = Path(directory) / "lines.csv"
            started = time.perf_counter()
            rows = report_bench.export_lines(path)
            exported = time.perf_counter() - started
            self.stdout.write(
                f"Line file exported: {rows:,} lines, {path.stat().st_size / 2**20:,.0f} MiB "
                f"in {exported:.1f} s (not part of any DuckDB time)."
            )
            in_memory = report_bench.DuckLines(path)
            self.stdout.write(
                f"Line file loaded into DuckDB in memory: {in_memory.rows:,} lines in "
                f"{in_memory.load_s:.1f} s (not part of the in-memory DuckDB time)."
            )
            excluded = report_bench.excluded_codes(report)
            self.stdout.write(
                f"DuckDB is given the {len(excluded):,} member codes the report left out as "
                "contained in another counted member (the nesting rule needs the register)."
            )
            try:
                timings = report_bench.interleaved(
                    {
                        "report": lambda: network_report(scope),
                        "emissions": lambda: network_report(scope, commitments=False),
                        "csv": lambda: report_bench.duckdb_totals(path, scope, excluded=excluded),
                        "memory": lambda: in_memory.totals(scope, excluded=excluded),
                    },
                    repeats,
                )
            finally:
                in_memory.close()
        timing, csv, memory = timings["report"], timings["csv"], timings["memory"]
        emissions = timings["emissions"]
        if report_bench.commitments_of(timing.result) != report_bench.commitments_of(report):
            raise CommandError(
                "The report from targets' kept figures differs from the one that computed them."
            )
        report = timing.result
        self.stdout.write(
            f"{repeats} runs of each, interleaved (report, its emission figures alone, DuckDB "
            f"from the CSV, DuckDB in memory, then again), on {describe}:"
        )
        for label, run in (
            (
                f"Network report (emissions; commitments, "
                f"{sum(report.targets_by_type.values()):,} targets counted; actions)",
                timing,
            ),
            ("Its emission figures alone (what DuckDB computes)", emissions),
            (f"DuckDB {duckdb.__version__} reading the CSV each run, lists searched", csv),
            (f"DuckDB {duckdb.__version__} in memory, anti-join and semi-join", memory),
        ):
            self.stdout.write(
                f"  {label}: median {run.median:.3f} s, min {min(run.seconds):.3f} s, "
                f"max {max(run.seconds):.3f} s."
            )
        self.stdout.write(
            f"  ({report.members_reporting:,} members reporting, {report.total_tco2e:,.0f} t CO2e.)"
        )
        self.stdout.write(
            f"The first report of the scope, every target's figures computed and kept: "
            f"{first_s:.3f} s; the runs above read the figures kept (the same commitments) "
            f"and compute those whose inputs changed."
        )
        self.stdout.write(
            f"Ratio report/DuckDB from the CSV: {timing.median / csv.median:.2f}×; "
            f"report/DuckDB in memory: {timing.median / memory.median:.2f}×; "
            f"emission figures/DuckDB in memory: {emissions.median / memory.median:.2f}× "
            "(medians)."
        )
        peak = report_bench.report_peak_memory(scope)
        self.stdout.write(f"Peak Python memory of one report run: {peak / 2**20:.1f} MiB.")
        self.stdout.write(f"Network report under every GWP set, median of {repeats} runs each:")
        for name, seconds in report_bench.time_every_gwp(scope, repeats).items():
            self.stdout.write(f"  {name:<14}{seconds:>8.3f} s")
        totals = report_bench.report_totals(report)
        problems = [
            f"{side}: {problem}"
            for side, duck in (("from the CSV", csv), ("in memory", memory))
            for problem in report_bench.disagreements(totals, duck.result)
        ]
        if problems:
            raise CommandError("The report and DuckDB disagree:\n  " + "\n  ".join(problems))
        self.stdout.write(
            f"Report and both DuckDB baselines agree within "
            f"{report_bench.RELATIVE_TOLERANCE:g} (relative) on "
            + ", ".join(report_bench.FIGURES)
            + "."
        )

    def load(
        self,
        *,
        clients: int,
        seconds: float,
        database: str,
        members: int,
        seed: int,
        profile: str | None,
        **options,
    ):
        if clients < 1 or seconds <= 0:
            raise CommandError("--clients must be at least 1 and --seconds above 0.")
        try:
            result = load_bench.bench(
                database=Path(database).resolve(),
                members=members,
                seed=seed,
                clients=clients,
                seconds=seconds,
                profile=profile,
                say=self.stdout.write,
            )
        except load_bench.LoadError as error:
            raise CommandError(str(error)) from error
        baseline = result.baseline
        self.stdout.write(
            f"{'page':<10}{'path':<34}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
            f"{'non-200':>9}{'vs static':>11}  goal"
        )
        for run in [*result.runs, baseline]:
            other = sum(n for status, n in run.statuses.items() if status != 200)
            other += sum(run.failures.values())
            ratio = run.requests_per_s / baseline.requests_per_s if baseline.requests_per_s else 0
            goal = "" if run is baseline else ("met" if run.meets_goal else "NOT met")
            self.stdout.write(
                f"{run.name:<10}{run.path[:33]:<34}{run.requests_per_s:>8.1f}"
                f"{run.percentile_ms(0.5):>9.1f}{run.percentile_ms(0.95):>9.1f}"
                f"{run.max_ms:>9.1f}{other:>9}{ratio:>10.2f}×  {goal}"
            )
        self.stdout.write(
            f"Goal: at least {load_bench.GOAL_REQUESTS_PER_S:g} requests/s with p95 under "
            f"{load_bench.GOAL_P95_MS:g} ms for each page, {clients} clients "
            f"({os.cpu_count()} cores on this machine)."
        )


def _start_worker() -> subprocess.Popen:
    """A real worker process on the same database and cache."""
    return subprocess.Popen(
        [sys.executable, "-m", "localaction", "worker", "--no-reload", "--interval", "0.2",
         "--no-startup-delay", "--verbosity", "0"],
    )  # fmt: skip


def _stop_worker(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()


def _progress_bar(items, label):
    # disable=None: no bar when stderr is not a terminal (CI logs, tests).
    return tqdm(items, desc=label, unit=" rows", file=sys.stderr, disable=None, leave=False)
