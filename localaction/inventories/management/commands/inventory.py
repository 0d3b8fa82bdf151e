"""`localaction inventory import|export|show`: an inventory's lines as a file, and its results."""

import io
import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from localaction.core.gwp import GWPError
from localaction.inventories.lines import (
    FORMATS,
    export_lines,
    import_lines,
    results_document,
    write_results_csv,
)
from localaction.inventories.models import Inventory
from localaction.network.models import LocalGovernment
from localaction.tables import ImportFailed

_KINDS = (
    ("library factor", "with a library factor", "with a library factor"),
    ("explicit factors", "with explicit factors", "with explicit factors"),
    ("measured", "measured", "measured"),
    ("notation key", "notation key", "notation keys"),
)


class _Bars:
    """An import's progress as bars on the terminal, one per stage (none when
    standard error is not a terminal: logs and tests stay clean)."""

    LABELS = {"checking": "Checking rows", "computing": "Computing lines"}

    def __init__(self) -> None:
        self.bars: dict[str, tqdm] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.bars:
            self.bars[stage] = tqdm(
                total=total, desc=self.LABELS.get(stage, stage), unit=" rows",
                file=sys.stderr, disable=None, leave=False,
            )  # fmt: skip
        bar = self.bars[stage]
        bar.update(done - bar.n)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


class Command(BaseCommand):
    help = (
        "Import or export the lines of a member's GHG inventory as CSV, XLSX or JSON "
        "(docs/formats/inventory.md), or show its results under a GWP set."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{import,export,show}"
        )
        importing = actions.add_parser(
            "import",
            help="replace the lines of the year's draft inventory (created if there is none), "
            "all or nothing",
        )
        importing.add_argument("file", help="a .csv (UTF-8), .xlsx or .json file")
        exporting = actions.add_parser("export", help="write the inventory's lines to a file")
        exporting.add_argument(
            "--format",
            choices=FORMATS,
            help="csv, xlsx or json; by default the extension of --output, else csv",
        )
        exporting.add_argument(
            "--output", metavar="FILE", help="where to write; without it, standard output"
        )
        showing = actions.add_parser(
            "show", help="print the inventory's results: totals, breakdowns, completeness, lines"
        )
        showing.add_argument(
            "--gwp",
            metavar="SET",
            help="a GWP set such as AR6GWP100; the inventory's own by default",
        )
        showing.add_argument("--format", choices=("json", "csv"), default="json")
        for subparser in (importing, exporting, showing):
            subparser.add_argument(
                "--member", required=True, metavar="CODE", help="the local government's code"
            )
            subparser.add_argument("--year", required=True, type=int, help="the inventory year")

    def handle(self, *args, action: str, member: str, year: int, **options) -> None:
        local_government = LocalGovernment.objects.filter(code=member).first()
        if local_government is None:
            raise CommandError(f"No local government has the code '{member}'.")
        if action == "import":
            self.import_file(options["file"], local_government, year)
            return
        inventory = local_government.inventories.filter(year=year).order_by("-version").first()
        if inventory is None:
            raise CommandError(f"{local_government.code} has no inventory for {year}.")
        if action == "export":
            self.export(inventory, options["format"], options["output"])
        else:
            self.show(inventory, options["gwp"], options["format"])

    def import_file(self, path: str, local_government: LocalGovernment, year: int) -> None:
        if not 1800 <= year <= 2100:
            raise CommandError(f"{year} is not an inventory year (1800 to 2100).")
        try:
            content = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        bars = _Bars()
        try:
            result = import_lines(
                content,
                filename=path,
                local_government=local_government,
                year=year,
                progress=bars,
            )
        except ImportFailed as failure:
            bars.close()
            for error in failure.errors:
                self.stderr.write(str(error))
            count = len(failure.errors)
            raise CommandError(
                f"{path} was not imported ({count} problem{'s' * (count != 1)}); "
                "nothing has changed."
            ) from None
        bars.close()
        where = (
            "a new draft"
            if result.created
            else f"the draft, replacing its {result.replaced} line{'s' * (result.replaced != 1)}"
        )
        kinds = ", ".join(
            f"{result.kinds[kind]} {one if result.kinds[kind] == 1 else many}"
            for kind, one, many in _KINDS
            if result.kinds[kind]
        )
        self.stdout.write(
            f"Imported {result.lines} line{'s' * (result.lines != 1)} into the {year} inventory "
            f"of {local_government.code} ({where})" + (f": {kinds}." if kinds else ".")
        )

    def export(self, inventory: Inventory, file_format: str | None, output: str | None) -> None:
        if output is None:
            if file_format == "xlsx":
                raise CommandError("XLSX cannot go to the terminal; give --output FILE.")
            buffer = io.BytesIO()
            export_lines(inventory, format=file_format or "csv", target=buffer)
            # The byte-order mark is for spreadsheets, not for pipes.
            self.stdout.write(buffer.getvalue().decode("utf-8-sig"), ending="")
            return
        if file_format is None:
            suffix = Path(output).suffix.lower().lstrip(".")
            file_format = suffix if suffix in FORMATS else "csv"
        try:
            with open(output, "wb") as target:
                count = export_lines(inventory, format=file_format, target=target)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stdout.write(f"Exported {count} line{'s' * (count != 1)} to {output}.")

    def show(self, inventory: Inventory, gwp: str | None, file_format: str) -> None:
        try:
            document = results_document(inventory, gwp)
        except GWPError as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:  # the services' word for a gas the set lacks
            raise CommandError("; ".join(error.messages)) from None
        if file_format == "json":
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        buffer = io.BytesIO()
        write_results_csv(document, target=buffer)
        self.stdout.write(buffer.getvalue().decode("utf-8-sig"), ending="")
