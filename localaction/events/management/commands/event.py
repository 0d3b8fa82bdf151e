"""`localaction event`: the events' commands.

`event bench` is `localaction bench registration` (localaction.events.bench):
5,000 people registering through the real register page for 500 places,
against plain ORM INSERTs of the same rows, on a database of its own.
"""

from __future__ import annotations

import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from localaction.events import bench as registration_bench


def _progress_bar(items, label):
    # disable=None: no bar when stderr is not a terminal (CI logs, tests).
    return tqdm(
        items, desc=label, unit=" registrations", file=sys.stderr, disable=None, leave=False
    )


class Command(BaseCommand):
    help = "The events' commands: the registration bench."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True, metavar="{bench}")
        bench = commands.add_parser(
            "bench",
            help="5,000 people register through the register page for 500 places (a "
            "waiting list), beside plain INSERTs of the same rows, on a database of its own.",
        )
        bench.add_argument("--people", type=int, default=5_000, help="People registering.")
        bench.add_argument("--places", type=int, default=500, help="The event's places.")
        bench.add_argument(
            "--threads", type=int, default=4, help="Threads registering at once (PostgreSQL)."
        )

    def handle(self, *args, command: str, people: int, places: int, threads: int, **options):
        if not 1 <= places <= people <= 1_000_000:
            raise CommandError("--places must be at least 1 and at most --people (≤ 1,000,000).")
        if not 1 <= threads <= 64:
            raise CommandError("--threads must be between 1 and 64.")
        if "DATABASE_URL" not in os.environ:
            arguments = [f"--people={people}", f"--places={places}", f"--threads={threads}"]
            if registration_bench.run_in_own_database(arguments):
                raise CommandError("The registration bench failed.")
            return
        call_command("migrate", verbosity=0)
        try:
            figures = registration_bench.bench(
                people=people, places=places, threads=threads,
                say=self.stdout.write, progress=_progress_bar,
            )  # fmt: skip
        except registration_bench.BenchError as error:
            raise CommandError(str(error)) from error
        if not registration_bench.report(figures, self.stdout.write):
            raise CommandError("Overbooked, or registrations lost: see the figures above.")
