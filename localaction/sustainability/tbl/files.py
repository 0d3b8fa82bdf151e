"""A member's TBL indicator values as CSV/XLSX files (docs/formats/tbl.md).

Export writes the values typed for the member (values read from a platform
source are not typed, so not in the file); import adds or replaces values
through `services.value_set`, all rows or none: every problem of every row is
reported at once, with its row and column.
"""

from __future__ import annotations

from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction

from localaction.network.models import LocalGovernment
from localaction.sustainability.tbl import services
from localaction.sustainability.tbl.models import TBLIndicator, TBLValue
from localaction.tables import (
    PAGE_IMPORT_ROWS,
    CellError,
    Format,
    ImportFailed,
    RowError,
    in_file_order,
    read_table,
    to_integer,
    to_number,
    write_table,
)

COLUMNS = ("indicator", "year", "value", "unit", "note", "dimension", "name")
"""The file's columns; an import reads the first five and ignores the last two,
which a download fills in for people reading it."""
REQUIRED = ("indicator", "year", "value")


def export_values(local_government: LocalGovernment, *, format: Format, target: BinaryIO) -> None:
    values = (
        TBLValue.objects.filter(local_government=local_government)
        .select_related("indicator")
        .order_by("indicator__dimension", "indicator__code", "year")
    )
    write_table(
        (
            (
                value.indicator.code,
                value.year,
                value.value,
                value.indicator.unit,
                value.note,
                value.indicator.dimension,
                value.indicator.name,
            )
            for value in values
        ),
        columns=COLUMNS,
        format=format,
        target=target,
    )


def import_values(local_government: LocalGovernment, content: bytes, *, filename: str) -> int:
    """Add or replace the member's values from a file; the number of rows
    imported, or ImportFailed listing every problem (and nothing written)."""
    table = read_table(
        content, filename=filename, columns=COLUMNS, required=REQUIRED, max_rows=PAGE_IMPORT_ROWS
    )
    errors = list(table.errors)
    indicators = {
        indicator.code: indicator
        for indicator in TBLIndicator.objects.available_to(local_government)
    }
    others = set(
        TBLIndicator.objects.exclude(local_government=local_government)
        .exclude(local_government__isnull=True)
        .values_list("code", flat=True)
    )
    seen: dict[tuple[str, int], int] = {}
    with transaction.atomic():
        for row in table.rows:
            cells = row.values
            if any(cells.get(column) is None for column in REQUIRED):
                continue  # read_table has reported the blank cell
            code = cells["indicator"]
            indicator = indicators.get(code)
            if indicator is None:
                message = (
                    f"'{code}' is another member's own indicator"
                    if code in others
                    else f"'{code}' is not a library indicator nor one of this member's own"
                )
                errors.append(RowError(row.number, "indicator", message))
                continue
            try:
                year = to_integer(cells["year"])
            except CellError as error:
                errors.append(RowError(row.number, "year", str(error)))
                continue
            try:
                value = to_number(cells["value"])
            except CellError as error:
                errors.append(RowError(row.number, "value", str(error)))
                continue
            if (code, year) in seen:
                errors.append(
                    RowError(
                        row.number,
                        "year",
                        f"{code} of {year} is already on row {seen[code, year]}",
                    )
                )
                continue
            seen[code, year] = row.number
            try:
                with transaction.atomic():
                    services.value_set(
                        local_government=local_government,
                        indicator=indicator,
                        year=year,
                        value=value,
                        unit=cells.get("unit"),
                        note=cells.get("note") or "",
                    )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    column = field if field in COLUMNS else None
                    errors.extend(RowError(row.number, column, message) for message in messages)
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise ImportFailed(in_file_order(errors, COLUMNS))
    return len(seen)
