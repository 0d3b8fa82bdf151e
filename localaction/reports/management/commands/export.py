"""`localaction export lines`: every published inventory line as one CSV file
(docs/formats/open-data.md), streamed."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from localaction.reports.files import (
    iter_open_data_lines,
    line_columns,
    line_gases,
    published_lines,
)
from localaction.tables import csv_chunks


class Command(BaseCommand):
    help = (
        "Export open data: every line of every published inventory of a published member, as CSV."
    )

    def add_arguments(self, parser):
        exports = parser.add_subparsers(dest="export", required=True, metavar="{lines}")
        lines = exports.add_parser(
            "lines", help="every published inventory line, one CSV row each, gas masses in kg"
        )
        lines.add_argument("--format", choices=("csv",), default="csv", help="csv (the default)")
        lines.add_argument(
            "--output", metavar="FILE", help="where to write; without it, standard output"
        )

    def handle(self, *args, output: str | None, **options) -> None:
        gases = line_gases()
        rows = iter_open_data_lines(gases=gases)
        columns = line_columns(gases)
        if output is None:
            first = True
            for chunk in csv_chunks(rows, columns=columns):
                # The byte-order mark is for spreadsheets, not for pipes.
                text = chunk.decode("utf-8-sig") if first else chunk.decode()
                self.stdout.write(text, ending="")
                first = False
            return
        # disable=None: no bar when stderr is not a terminal (CI logs, tests).
        with tqdm(
            total=published_lines().count(),
            desc="lines",
            unit=" lines",
            file=sys.stderr,
            disable=None,
            leave=False,
        ) as bar:
            count = 0

            def counted():
                nonlocal count
                for row in rows:
                    count += 1
                    bar.update()
                    yield row

            try:
                with open(output, "wb") as target:
                    for chunk in csv_chunks(counted(), columns=columns):
                        target.write(chunk)
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stdout.write(f"Exported {count} line{'s' * (count != 1)} to {output}.")
