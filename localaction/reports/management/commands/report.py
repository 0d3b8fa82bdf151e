"""`localaction report network`: the network report as JSON, CSV, XLSX or PDF
(docs/formats/open-data.md)."""

import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from localaction.reports.files import REPORT_FORMATS, write_report
from localaction.reports.services import ReportError, network_report, parse_scope

_SCOPE_OPTIONS = ("year", "gwp", "level", "window", "region", "country", "campaign")


class Command(BaseCommand):
    help = (
        "Make the network report from published data: members reporting, the people "
        "they cover, emissions by region, country, sector and more, and commitments."
    )

    def add_arguments(self, parser):
        reports = parser.add_subparsers(dest="report", required=True, metavar="{network}")
        network = reports.add_parser(
            "network", help="the network report for one year, GWP set and level"
        )
        network.add_argument(
            "--year", help="the report year; by default the latest with a published inventory"
        )
        network.add_argument("--gwp", metavar="SET", help="a GWP set such as AR6GWP100")
        network.add_argument(
            "--level", help="BASIC or BASIC+ (also written basic, basic_plus); default BASIC"
        )
        network.add_argument(
            "--window",
            metavar="N",
            help="count each member's latest published inventory of the year or the N before",
        )
        network.add_argument("--region", metavar="CODE", help="only members in this region")
        network.add_argument("--country", metavar="CODE", help="only members in this country")
        network.add_argument(
            "--campaign", metavar="CODE", help="only members taking part in this campaign"
        )
        network.add_argument(
            "--format",
            choices=REPORT_FORMATS,
            help="json, csv, xlsx or pdf; by default the extension of --output, else json",
        )
        network.add_argument(
            "--output", metavar="FILE", help="where to write; without it, standard output"
        )

    def handle(self, *args, output: str | None, **options) -> None:
        params = {name: options[name] for name in _SCOPE_OPTIONS if options[name] is not None}
        try:
            # Without --year: the latest year with a published inventory.
            scope = parse_scope(params)
        except ReportError as error:
            raise CommandError(f"--{error.field}: {error}") from None
        file_format = options["format"]
        if file_format is None:
            suffix = Path(output).suffix.lower().lstrip(".") if output else ""
            file_format = suffix if suffix in REPORT_FORMATS else "json"
        if output is None and file_format in ("xlsx", "pdf"):
            raise CommandError(
                f"{file_format.upper()} cannot go to the terminal; give --output FILE."
            )
        report = network_report(scope)
        if output is None:
            buffer = io.BytesIO()
            write_report(report, file_format, buffer)
            # The byte-order mark is for spreadsheets, not for pipes.
            self.stdout.write(buffer.getvalue().decode("utf-8-sig"))
            return
        try:
            with open(output, "wb") as target:
                write_report(report, file_format, target)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stdout.write(
            f"Wrote the {scope.year} network report ({scope.level}, {scope.gwp}) "
            f"as {file_format.upper()} to {output}."
        )
