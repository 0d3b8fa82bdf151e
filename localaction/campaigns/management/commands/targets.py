"""`localaction targets show|import|export`: a member's targets with their figures,
and targets as a file (docs/formats/targets.md)."""

import io
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from localaction.campaigns.files import counted_inventories, export_targets, import_targets
from localaction.campaigns.models import Target
from localaction.campaigns.services import target_figures, target_summary
from localaction.network.models import LocalGovernment
from localaction.tables import FORMATS, ImportFailed

# The table of `show`: heading, key of the summary, width.
_TABLE = (
    ("id", "id", 6),
    ("title", "title", 30),
    ("type", "type", 17),
    ("base", "base_year", 4),
    ("year", "target_year", 4),
    ("reduction %", "reduction_percent", 11),
    ("target t CO2e", "target_tco2e", 14),
    ("BAU t CO2e", "bau_tco2e", 14),
    ("committed t CO2e", "committed_reduction_tco2e", 16),
    ("progress", "progress", 20),
)


def member(code: str) -> LocalGovernment:
    local_government = LocalGovernment.objects.filter(code=code).first()
    if local_government is None:
        raise CommandError(f"No local government has the code '{code}'.")
    return local_government


class FileCommand(BaseCommand):
    """`import FILE` and `export` of one kind of commitment, the way `members` does them."""

    noun = "targets"
    read_file = staticmethod(import_targets)
    write_file = staticmethod(export_targets)

    def add_file_arguments(self, actions) -> None:
        importing = actions.add_parser(
            "import", help=f"create and update {self.noun} from a file, all or nothing"
        )
        importing.add_argument("file", help="a .csv (UTF-8) or .xlsx file")
        importing.add_argument(
            "--member", metavar="CODE", help="refuse rows of any other local government"
        )
        exporting = actions.add_parser("export", help=f"write {self.noun} to a file")
        exporting.add_argument(
            "--member", metavar="CODE", help="only this local government's; by default all"
        )
        exporting.add_argument(
            "--format",
            choices=FORMATS,
            help="csv or xlsx; by default the extension of --output, else csv",
        )
        exporting.add_argument(
            "--output", metavar="FILE", help="where to write; without it, CSV to standard output"
        )

    def import_file(self, path: str, code: str | None) -> None:
        local_government = None if code is None else member(code)
        try:
            content = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            result = self.read_file(content, filename=path, local_government=local_government)
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(str(error))
            count = len(failure.errors)
            raise CommandError(
                f"{path} was not imported ({count} problem{'s' * (count != 1)}); "
                "nothing has changed."
            ) from None
        self.stdout.write(
            f"Imported {result.total} {self.noun}: {result.created} created, "
            f"{result.updated} updated, {result.unchanged} unchanged."
        )

    def export(self, code: str | None, file_format: str | None, output: str | None) -> None:
        queryset = self.queryset()
        if code is not None:
            queryset = queryset.filter(local_government=member(code))
        if output is None:
            if file_format == "xlsx":
                raise CommandError("XLSX cannot go to the terminal; give --output FILE.")
            buffer = io.BytesIO()
            self.write_file(queryset, format="csv", target=buffer)
            # The byte-order mark is for spreadsheets, not for pipes.
            self.stdout.write(buffer.getvalue().decode("utf-8-sig"), ending="")
            return
        if file_format is None:
            file_format = "xlsx" if output.lower().endswith(".xlsx") else "csv"
        try:
            with open(output, "wb") as target:
                count = self.write_file(queryset, format=file_format, target=target)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stdout.write(f"Exported {count} {self.noun} to {output}.")

    def queryset(self):
        return Target.objects.order_by("local_government__code", "target_year", "pk")


class Command(FileCommand):
    help = (
        "Show a member's targets with their figures, or import and export targets as "
        "CSV or XLSX in the format of docs/formats/targets.md."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{show,import,export}"
        )
        showing = actions.add_parser(
            "show",
            help="print a member's targets: type, years, reduction, target, BAU, committed "
            "reduction (t CO2e) and the latest progress, from every inventory beyond draft",
        )
        showing.add_argument(
            "--member", required=True, metavar="CODE", help="the local government's code"
        )
        showing.add_argument("--format", choices=("json", "table"), default="json")
        self.add_file_arguments(actions)

    def handle(self, *args, action: str, **options) -> None:
        if action == "show":
            self.show(member(options["member"]), options["format"])
        elif action == "import":
            self.import_file(options["file"], options["member"])
        else:
            self.export(options["member"], options["format"], options["output"])

    def show(self, local_government: LocalGovernment, file_format: str) -> None:
        inventories = counted_inventories(local_government)
        summaries = [
            target_summary(target_figures(target, inventories))
            for target in local_government.targets.select_related("campaign").order_by(
                "target_year", "pk"
            )
        ]
        if file_format == "json":
            self.stdout.write(json.dumps(summaries, ensure_ascii=False, indent=2))
            return
        self.stdout.write("  ".join(heading.ljust(width) for heading, _key, width in _TABLE))
        for summary in summaries:
            self.stdout.write(
                "  ".join(_cell(summary[key], width) for _heading, key, width in _TABLE).rstrip()
            )
        for summary in summaries:
            if summary["problem"]:
                self.stdout.write(f"Target {summary['id']}: {summary['problem']}")
            if summary["bau_below_target"]:
                # The JSON says so in `bau_below_target` and the page in an alert:
                # a zero here is not a commitment to nothing by mistake.
                self.stdout.write(
                    f"Target {summary['id']}: business as usual already lies below the "
                    f"target ({summary['bau_tco2e']:,.0f} t CO2e in {summary['target_year']}, "
                    f"the target allows {summary['target_tco2e']:,.0f} t CO2e); the committed "
                    "reduction is shown as zero."
                )


def _cell(value, width: int) -> str:
    """A value for the terminal: tonnes rounded to whole numbers, numbers to the right."""
    if value is None:
        return "—".ljust(width)
    if isinstance(value, dict):  # the latest progress
        return f"{value['status']} ({value['year']})".ljust(width)
    if isinstance(value, float):
        return f"{value:,.0f}".rjust(width) if abs(value) >= 100 else f"{value:g}".rjust(width)
    if isinstance(value, int):
        return str(value).rjust(width)
    text = str(value)
    return (text if len(text) <= width else text[: width - 1] + "…").ljust(width)
