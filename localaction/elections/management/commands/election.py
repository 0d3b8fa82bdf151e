"""`localaction election`: the elections' commands.

`election remind` sends the reminders due now before voting closes (once per
election; what the workers' daily task does, for a scheduler of one's own).

`election bench` is `localaction bench election` (localaction.elections.bench):
10,000 members voting through the real voting page, then the count, against
plain INSERTs of the same rows, on a database of its own.
"""

from __future__ import annotations

import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from localaction.elections import bench as election_bench
from localaction.elections.models import Election
from localaction.elections.services import send_voting_reminders


def _progress_bar(items, label):
    # disable=None: no bar when stderr is not a terminal (CI logs, tests).
    return tqdm(items, desc=label, unit=" ballots", file=sys.stderr, disable=None, leave=False)


class Command(BaseCommand):
    help = "The elections' commands: reminders before voting closes, and the bench."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True, metavar="{remind,bench}")
        commands.add_parser(
            "remind",
            help="Remind the voting representatives of members that have not voted in "
            "elections closing within two days (each election once).",
        )
        bench = commands.add_parser(
            "bench",
            help="10,000 members vote through the voting page, then the count; with a "
            "baseline of plain INSERTs, on a database of its own.",
        )
        bench.add_argument("--members", type=int, default=10_000, help="Voting members.")
        bench.add_argument(
            "--method",
            choices=Election.Method.values,
            default=Election.Method.STV,
            help="Counting method (stv: ranked ballots, counted by STV).",
        )
        bench.add_argument("--seed", type=int, default=2007, help="Seed of the ballots.")

    def handle(self, *args, command: str, **options):
        if command == "remind":
            reminded = send_voting_reminders()
            self.stdout.write(
                f"Reminders sent for {len(reminded)} election(s)"
                + (": " + ", ".join(e.title for e in reminded) if reminded else ".")
            )
            return
        if options["members"] < CANDIDATES_NEEDED:
            raise CommandError(f"--members must be at least {CANDIDATES_NEEDED}.")
        if "DATABASE_URL" not in os.environ:
            arguments = [f"--{name}={options[name]}" for name in ("members", "method", "seed")]
            if election_bench.run_in_own_database(arguments):
                raise CommandError("The election bench failed.")
            return
        call_command("migrate", verbosity=0)
        try:
            figures = election_bench.bench(
                members=options["members"],
                method=options["method"],
                seed=options["seed"],
                say=self.stdout.write,
                progress=_progress_bar,
            )
        except election_bench.BenchError as error:
            raise CommandError(str(error)) from error
        if not election_bench.report(figures, self.stdout.write):
            raise CommandError("The count does not hold every ballot.")


CANDIDATES_NEEDED = election_bench.CANDIDATES
