"""`localaction search`: the search index's commands.

`search rebuild` indexes everything the domains publish now (search/sources.py)
in batches, with a progress bar, and removes every other entry; running it
twice leaves the same index. `search bench` is `localaction bench search`
(localaction.search.bench): 100,000 generated entries searched, timed against
a plain scan, on a database of its own.
"""

from __future__ import annotations

import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from localaction.search import bench as search_bench
from localaction.search import services


class Command(BaseCommand):
    help = "The search index: rebuild it, or run its bench."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True, metavar="{rebuild,bench}")
        commands.add_parser(
            "rebuild",
            help="Index everything public now and remove every other entry (idempotent).",
        )
        bench = commands.add_parser(
            "bench",
            help="100,000 generated entries, a fixed set of queries timed (median, p95, max) "
            "beside a plain scan, on a database of its own.",
        )
        bench.add_argument("--entries", type=int, default=100_000, help="Generated entries.")
        bench.add_argument("--seed", type=int, default=2007, help="Seed of entries and queries.")

    def handle(self, *args, command: str, **options):
        if command == "rebuild":
            bar = tqdm(desc="Indexing", unit=" entries", file=sys.stderr, disable=None)
            rebuilt = services.rebuild(progress=bar.update)
            bar.close()
            self.stdout.write(
                f"{rebuilt.indexed:,} entries indexed, {rebuilt.removed:,} removed, "
                f"in {rebuilt.seconds:.1f} s."
            )
            return
        if options["entries"] < 1:
            raise CommandError("--entries must be at least 1.")
        if "DATABASE_URL" not in os.environ:
            arguments = [f"--{name}={options[name]}" for name in ("entries", "seed")]
            if search_bench.run_in_own_database(arguments):
                raise CommandError("The search bench failed.")
            return
        call_command("migrate", verbosity=0)
        try:
            met = search_bench.bench(
                entries=options["entries"],
                seed=options["seed"],
                say=self.stdout.write,
                progress=lambda total: tqdm(
                    total=total,
                    desc="Writing entries",
                    unit=" entries",
                    file=sys.stderr,
                    disable=None,
                    leave=False,
                ),
            )
        except search_bench.BenchError as error:
            raise CommandError(str(error)) from error
        if not met:
            raise CommandError("The search bench missed its target (p95 under 100 ms).")
