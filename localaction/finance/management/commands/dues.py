"""`localaction dues …`: the annual dues run, the bank statement import and the
receivables ageing, from the command line. Each subcommand's work lives with
the rest of its area (dues_run.py, payments.py, ageing.py); this file only
states the arguments."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"A date is written YYYY-MM-DD, not '{text}'.") from None


class Command(BaseCommand):
    help = "Membership dues: the annual run, bank statement imports, receivables ageing."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(
            dest="action", required=True, metavar="{run,payments,ageing}"
        )
        run = commands.add_parser(
            "run", help="Invoice every active membership of a membership year (once)."
        )
        run.add_argument("--year", type=int, required=True, help="Membership year.")
        run.add_argument("--office", help="Only the memberships this office invoices (its code).")
        run.add_argument(
            "--dry-run", action="store_true", help="Say what the run would do; change nothing."
        )
        run.add_argument("--on", type=_date, help="Reference date (default: today), YYYY-MM-DD.")
        payments = commands.add_parser("payments", help="Payments received.")
        payment_actions = payments.add_subparsers(dest="payments_action", required=True)
        imports = payment_actions.add_parser(
            "import", help="Import a bank statement file (CSV or XLSX) and match its payments."
        )
        imports.add_argument(
            "file", help="The bank statement file (docs/formats/bank-statement.md)."
        )
        imports.add_argument(
            "--office", required=True, help="The office whose account it is (code)."
        )
        ageing = commands.add_parser("ageing", help="Receivables ageing: what is owed, how late.")
        ageing.add_argument("--format", choices=("json", "csv"), default="json")
        ageing.add_argument("--office", help="Only this office's receivables (its code).")
        ageing.add_argument("--on", type=_date, help="Aged on this date (default: today).")

    def handle(self, *args, action: str, **options):
        # Imported when asked for: each area's module reads the whole app.
        if action == "run":
            from localaction.finance.dues_run import command
        elif action == "payments":
            from localaction.finance.payments import command
        else:
            from localaction.finance.ageing import command
        command(self, **options)
