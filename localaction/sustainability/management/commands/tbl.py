"""`localaction tbl show|import|export`: a member's TBL report of a year with
each indicator's values, trend and target, and its values as a file
(docs/formats/tbl.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from localaction.network.models import LocalGovernment
from localaction.sustainability.tbl import files, services
from localaction.sustainability.tbl.models import TBLReport
from localaction.tables import FORMATS, ImportFailed


def _member(code: str) -> LocalGovernment:
    local_government = LocalGovernment.objects.filter(code=code).first()
    if local_government is None:
        raise CommandError(f"No local government has the code '{code}'.")
    return local_government


def report_data(report: TBLReport) -> dict:
    """The report as `show --format json` prints it."""
    return {
        "member": report.local_government.code,
        "year": report.year,
        "status": report.status,
        "empty_required_sections": report.empty_required_sections(),
        "dimensions": [
            {
                "dimension": dimension.dimension,
                "indicators": [
                    {
                        "indicator": table.indicator.code,
                        "unit": table.indicator.unit,
                        "direction": table.indicator.direction,
                        "values": {str(r.year): r.value for r in table.readings},
                        "note": table.note,
                        "target": (
                            {"year": table.target.target_year, "value": table.target.value}
                            if table.target
                            else None
                        ),
                        "change": table.trend.change if table.trend else None,
                        "improving": table.trend.improving if table.trend else None,
                        "target_met": table.progress.met if table.progress else None,
                    }
                    for table in dimension.tables
                ],
            }
            for dimension in services.report_tables(report, charts=False)
        ],
    }


class Command(BaseCommand):
    help = "Show a member's TBL report; import and export its values (docs/formats/tbl.md)."

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        show = actions.add_parser("show", help="a report with each indicator's figures")
        show.add_argument("--member", metavar="CODE", required=True)
        show.add_argument("--year", type=int, required=True)
        show.add_argument("--format", choices=("json", "table"), default="table")
        importing = actions.add_parser("import", help="add or replace values, all or nothing")
        importing.add_argument("file", help="a .csv (UTF-8) or .xlsx file")
        importing.add_argument("--member", metavar="CODE", required=True)
        exporting = actions.add_parser("export", help="write a member's typed values")
        exporting.add_argument("--member", metavar="CODE", required=True)
        exporting.add_argument(
            "--output", metavar="FILE", help="without it, CSV to standard output"
        )

    def handle(self, *args, action: str, member: str, **options) -> None:
        local_government = _member(member)
        if action == "show":
            self.show(local_government, options["year"], options["format"])
        elif action == "import":
            self.import_file(local_government, options["file"])
        else:
            self.export(local_government, options["output"])

    def show(self, local_government: LocalGovernment, year: int, output: str) -> None:
        report = TBLReport.objects.filter(local_government=local_government, year=year).first()
        if report is None:
            raise CommandError(f"{local_government.code} has no TBL report of {year}.")
        data = report_data(report)
        if output == "json":
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"{local_government.name}, TBL report {year} ({report.status})")
        for dimension in data["dimensions"]:
            self.stdout.write(f"\n{dimension['dimension']}")
            for row in dimension["indicators"]:
                values = ", ".join(f"{y}: {v:g}" for y, v in row["values"].items()) or row["note"]
                target = row["target"]
                aim = f"; target {target['value']:g} by {target['year']}" if target else ""
                self.stdout.write(f"  {row['indicator']} ({row['unit']}): {values}{aim}")

    def import_file(self, local_government: LocalGovernment, path: str) -> None:
        try:
            content = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            count = files.import_values(local_government, content, filename=path)
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{path} was not imported; nothing has changed.") from None
        self.stdout.write(f"Imported {count} values of {local_government.code}.")

    def export(self, local_government: LocalGovernment, output: str | None) -> None:
        if output is None:
            files.export_values(local_government, format="csv", target=sys.stdout.buffer)
            return
        file_format = Path(output).suffix.lstrip(".").lower()
        if file_format not in FORMATS:
            raise CommandError(f"'{output}' is not a .csv or .xlsx file.")
        with open(output, "wb") as target:
            files.export_values(local_government, format=file_format, target=target)
