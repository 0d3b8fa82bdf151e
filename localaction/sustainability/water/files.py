"""A water inventory's consumption lines as CSV/XLSX files (docs/formats/water.md):
one row per user sector and source.

Columns: `sector` (residential, commercial, industrial, municipal,
agriculture), `source` (surface, groundwater, desalinated, recycled,
rainwater, bulk_purchase), `amount` and its `unit` (any volume: m3, ML, l,
gallon, acre_foot…), `note`; an export adds `m3`, the volume in cubic metres,
which an import ignores (the platform converts). An import replaces the
draft's lines whole: every problem is reported with its row and column, and
if there is any, nothing changes.
"""

from __future__ import annotations

from typing import BinaryIO

from django.core.exceptions import ValidationError

from localaction.sustainability.water import services
from localaction.sustainability.water.models import WaterInventory
from localaction.tables import (
    PAGE_IMPORT_ROWS,
    CellError,
    Format,
    ImportFailed,
    RowError,
    in_file_order,
    read_table,
    to_number,
    write_table,
)

COLUMNS = ("sector", "source", "amount", "unit", "note", "m3")
REQUIRED = ("sector", "source", "amount", "unit")
# Written by an export, ignored by an import: the platform computes it.
COMPUTED = ("m3",)


def line_rows(inventory: WaterInventory) -> list[list]:
    return [
        [line.sector, line.source, line.amount, line.unit, line.note, line.m3]
        for line in inventory.lines.order_by("sector", "source")
    ]


def export_lines(inventory: WaterInventory, *, format: Format, target: BinaryIO) -> None:
    write_table(line_rows(inventory), columns=COLUMNS, format=format, target=target)


def import_lines(content: bytes, *, filename: str, inventory: WaterInventory, user) -> list:
    """Replace the draft inventory's lines with the file's, all or nothing;
    ImportFailed lists every problem by row and column."""
    table = read_table(
        content, filename=filename, columns=COLUMNS, required=REQUIRED, max_rows=PAGE_IMPORT_ROWS
    )
    errors = list(table.errors)
    lines: list[services.LineData] = []
    numbers: list[int] = []
    seen: dict[tuple[str, str], int] = {}
    failed = {error.row for error in errors}
    for row in table.rows:
        values = row.values
        if row.number in failed:
            continue
        try:
            amount = to_number(values["amount"] or "")
        except CellError as error:
            errors.append(RowError(row.number, "amount", str(error)))
            continue
        data = services.LineData(
            sector=(values["sector"] or "").strip().lower(),
            source=(values["source"] or "").strip().lower(),
            amount=amount,
            unit=(values["unit"] or "").strip(),
            note=(values.get("note") or "")[:300],
        )
        # Every row is checked, so that one reading names every problem.
        try:
            services.build_line(data)
        except ValidationError as refused:
            errors.extend(
                RowError(row.number, field, message)
                for field, messages in refused.message_dict.items()
                for message in messages
            )
            continue
        cell = (data.sector, data.source)
        if cell in seen:
            errors.append(
                RowError(
                    row.number,
                    "source",
                    f"{data.sector} from {data.source} is given twice (also in row {seen[cell]})",
                )
            )
            continue
        seen[cell] = row.number
        lines.append(data)
        numbers.append(row.number)
    if not errors and not lines:
        errors.append(RowError(None, None, "the file has no consumption rows"))
    if not errors:
        try:
            return services.water_inventory_replace_lines(
                inventory=inventory, lines=lines, user=user
            )
        except services.LinesInvalid as invalid:
            errors.extend(
                RowError(numbers[position], field, message)
                for position, field, message in invalid.errors
            )
        except ValidationError as refused:
            errors.append(RowError(None, None, " ".join(refused.messages)))
    raise ImportFailed(in_file_order(errors, COLUMNS))
