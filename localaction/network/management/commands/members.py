"""`localaction members import FILE` and `localaction members export`: the register as a file."""

import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from localaction.network.members import export_members, import_members
from localaction.network.models import LocalGovernment
from localaction.tables import FORMATS, ImportFailed


class Command(BaseCommand):
    help = (
        "Import or export the member register (local governments) as CSV or XLSX, "
        "in the format of docs/formats/members.md."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{import,export}")
        importing = actions.add_parser(
            "import", help="create and update local governments from a file, all or nothing"
        )
        importing.add_argument("file", help="a .csv (UTF-8) or .xlsx file")
        exporting = actions.add_parser("export", help="write every local government to a file")
        exporting.add_argument(
            "--format",
            choices=FORMATS,
            help="csv or xlsx; by default the extension of --output, else csv",
        )
        exporting.add_argument(
            "--output", metavar="FILE", help="where to write; without it, CSV to standard output"
        )

    def handle(self, *args, action: str, **options) -> None:
        if action == "import":
            self.import_file(options["file"])
        else:
            self.export(options["format"], options["output"])

    def import_file(self, path: str) -> None:
        try:
            content = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            result = import_members(content, filename=path)
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(str(error))
            count = len(failure.errors)
            raise CommandError(
                f"{path} was not imported ({count} problem{'s' * (count != 1)}); "
                "nothing has changed."
            ) from None
        self.stdout.write(
            f"Imported {result.total} local governments: {result.created} created, "
            f"{result.updated} updated, {result.unchanged} unchanged."
        )

    def export(self, file_format: str | None, output: str | None) -> None:
        queryset = LocalGovernment.objects.order_by("code")
        if output is None:
            if file_format == "xlsx":
                raise CommandError("XLSX cannot go to the terminal; give --output FILE.")
            buffer = io.BytesIO()
            export_members(queryset, format="csv", target=buffer)
            # The byte-order mark is for spreadsheets, not for pipes.
            self.stdout.write(buffer.getvalue().decode("utf-8-sig"), ending="")
            return
        if file_format is None:
            file_format = "xlsx" if output.lower().endswith(".xlsx") else "csv"
        try:
            with open(output, "wb") as target:
                count = export_members(queryset, format=file_format, target=target)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stdout.write(f"Exported {count} local governments to {output}.")
