"""`localaction ecobudget show --member CODE --year Y --format json|table`: a
member's budget of a year, each indicator with its target, actual and balance.

Read-only; run by the operator, so it shows the budget whole (drafts and
balances not yet adopted too), saying its status.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from localaction.network.models import LocalGovernment
from localaction.sustainability.ecobudget.models import EcoBudget
from localaction.sustainability.ecobudget.services import statement


class Command(BaseCommand):
    help = "Show a member's ecoBUDGET of a year: each indicator with target, actual and balance."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{show}")
        show = actions.add_parser("show", help="One member's budget and balance of a year.")
        show.add_argument("--member", required=True, help="The local government's code.")
        show.add_argument("--year", required=True, type=int, help="The budget year.")
        show.add_argument("--format", choices=("json", "table"), default="table")

    def handle(self, *args, action: str, member: str, year: int, format: str, **options) -> None:
        local_government = LocalGovernment.objects.filter(code=member).first()
        if local_government is None:
            raise CommandError(f"There is no local government with the code {member!r}.")
        budget = EcoBudget.objects.filter(local_government=local_government, year=year).first()
        if budget is None:
            raise CommandError(f"{local_government.name} has no ecoBUDGET for {year}.")
        shown = statement(budget)
        rows = [
            {
                "indicator": one.line.indicator.code,
                "name": one.line.indicator.name,
                "resource": one.line.indicator.resource.code,
                "unit": one.line.indicator.unit,
                "direction": one.line.indicator.direction,
                "target": one.figures.target,
                "actual": one.figures.actual,
                "balance": one.figures.balance,
                "status": one.figures.status,
            }
            for one in shown.lines
        ]
        if format == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "member": local_government.code,
                        "year": year,
                        "budget_status": budget.status,
                        "adopted_on": budget.adopted_on and budget.adopted_on.isoformat(),
                        "balance_adopted_on": budget.balance_adopted_on
                        and budget.balance_adopted_on.isoformat(),
                        "indicators": rows,
                    },
                    indent=2,
                    ensure_ascii=False,
                )
            )
            return
        self.stdout.write(
            f"{local_government.name} — ecoBUDGET {year} ({budget.get_status_display()})"
        )
        header = ("indicator", "unit", "target", "actual", "balance", "status")
        table = [header] + [
            (
                row["indicator"],
                row["unit"],
                _number(row["target"]),
                _number(row["actual"]),
                _number(row["balance"], signed=True),
                row["status"],
            )
            for row in rows
        ]
        widths = [max(len(line[column]) for line in table) for column in range(len(header))]
        for line in table:
            self.stdout.write(
                "  ".join(
                    cell.rjust(width) if 2 <= index <= 4 else cell.ljust(width)
                    for index, (cell, width) in enumerate(zip(line, widths, strict=True))
                ).rstrip()
            )


def _number(value: float | None, *, signed: bool = False) -> str:
    if value is None:
        return "—"
    sign = "+" if signed else ""
    return f"{value:{sign},.0f}" if abs(value) >= 1000 else f"{value:{sign}.4g}"
