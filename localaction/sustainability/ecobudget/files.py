"""A budget and its balance as CSV/XLSX files (docs/formats/ecobudget.md).

Exports write the statement as the person may see it; imports go through the
platform's one table pipeline (localaction.tables) and the same services as
the pages, row by row inside one transaction: a file lands whole or not at
all, and every problem is reported with its row and column.
"""

from __future__ import annotations

from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction

from localaction.core.ecobudget import Value
from localaction.sustainability.ecobudget import services
from localaction.sustainability.ecobudget.models import EcoBudget, EcoIndicator
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

BUDGET_COLUMNS = (
    "indicator",
    "name",
    "resource",
    "unit",
    "direction",
    "reference",
    "reference_year",
    "previous",
    "target",
    "long_term_target",
    "long_term_year",
    "comment",
)
"""A master budget's columns; `name`, `resource` and `direction` are written for
reading and ignored by an import (they belong to the indicator)."""

BALANCE_COLUMNS = (
    "indicator",
    "name",
    "unit",
    "target",
    "actual",
    "balance",
    "status",
    "source",
    "comment",
)
"""A balance's columns; an import reads `indicator`, `unit`, `actual` and
`comment` and ignores the rest (computed, or read from the platform)."""


def export_budget(statement: services.Statement, *, format: Format, target: BinaryIO) -> None:
    rows = [
        (
            one.line.indicator.code,
            one.line.indicator.name,
            one.line.indicator.resource.code,
            one.line.indicator.unit,
            one.line.indicator.direction,
            one.figures.reference,
            one.line.reference_year,
            one.figures.previous,
            one.figures.target,
            one.figures.long_term_target,
            one.line.long_term_year,
            one.line.comment,
        )
        for one in statement.lines
    ]
    write_table(rows, columns=BUDGET_COLUMNS, format=format, target=target)


def export_balance(statement: services.Statement, *, format: Format, target: BinaryIO) -> None:
    rows = [
        (
            one.line.indicator.code,
            one.line.indicator.name,
            one.line.indicator.unit,
            one.figures.target,
            one.figures.actual,
            one.figures.balance,
            one.figures.status,
            one.line.actual_link if statement.with_actuals else "",
            one.line.comment,
        )
        for one in statement.lines
    ]
    write_table(rows, columns=BALANCE_COLUMNS, format=format, target=target)


def _cell(row, column: str, read, errors: list[RowError]):
    text = row.values.get(column)
    if text is None:
        return None
    try:
        return read(text)
    except CellError as error:
        errors.append(RowError(row.number, column, str(error)))
        return None


_COLUMN_OF_FIELD = {"reference_value": "reference", "previous_value": "previous"}
_COLUMN_OF_CODE = {"wrong_dimension": "unit", "not_in_budget": "indicator", "sourced": "actual"}


def _row_errors(
    error: ValidationError, row: int, *, columns: tuple[str, ...], default: str
) -> list[RowError]:
    """A service's refusal as row errors, each in the column it is about (the
    whole row when it is about the budget itself)."""
    if not hasattr(error, "error_dict"):
        return [RowError(row, None, message) for message in error.messages]
    found = []
    for field, errors in error.error_dict.items():
        for one in errors:
            column = _COLUMN_OF_CODE.get(one.code or "") or _COLUMN_OF_FIELD.get(field, field)
            if column not in columns:
                column = default
            found.extend(RowError(row, column, message) for message in one.messages)
    return found


@transaction.atomic
def import_budget(budget: EcoBudget, source: bytes | BinaryIO, *, filename: str) -> int:
    """Set the draft budget's indicators from a file; the number of rows read."""
    if budget.status != EcoBudget.Status.DRAFT:
        raise ImportFailed(
            [RowError(None, None, f"the budget of {budget.year} is adopted; it no longer changes")]
        )
    table = read_table(
        source,
        filename=filename,
        columns=BUDGET_COLUMNS,
        required=("indicator",),
        max_rows=PAGE_IMPORT_ROWS,
    )
    errors = list(table.errors)
    indicators = {
        indicator.code: indicator
        for indicator in EcoIndicator.objects.usable_by(budget.local_government)
    }
    seen: dict[str, int] = {}
    for row in table.rows:
        code = row.values.get("indicator")
        if code is None:
            continue
        indicator = indicators.get(code)
        if indicator is None:
            errors.append(RowError(row.number, "indicator", f"'{code}' is not an indicator"))
            continue
        if code in seen:
            errors.append(
                RowError(row.number, "indicator", f"{code} is already on row {seen[code]}")
            )
            continue
        seen[code] = row.number
        before = len(errors)
        unit = row.values.get("unit") or indicator.unit
        numbers = {
            column: _cell(row, column, to_number, errors)
            for column in ("reference", "previous", "target", "long_term_target")
        }
        years = {
            column: _cell(row, column, to_integer, errors)
            for column in ("reference_year", "long_term_year")
        }
        if len(errors) > before:
            continue
        values = {
            column: None if number is None else Value(number, unit)
            for column, number in numbers.items()
        }

        try:
            services.budget_set_line(
                budget=budget,
                indicator=indicator,
                reference=values["reference"],
                reference_year=years["reference_year"],
                previous=values["previous"],
                target=values["target"],
                long_term_target=values["long_term_target"],
                long_term_year=years["long_term_year"],
                comment=row.values.get("comment") or "",
            )
        except ValidationError as error:
            errors.extend(
                _row_errors(error, row.number, columns=BUDGET_COLUMNS, default="indicator")
            )
    if errors:
        raise ImportFailed(in_file_order(errors, BUDGET_COLUMNS))
    return len(table.rows)


@transaction.atomic
def import_balance(budget: EcoBudget, source: bytes | BinaryIO, *, filename: str) -> int:
    """Enter the balance's actual values from a file; the number of rows read."""
    try:
        services.check_balance_open(budget)
    except ValidationError as error:
        raise ImportFailed([RowError(None, None, message) for message in error.messages]) from None
    table = read_table(
        source,
        filename=filename,
        columns=BALANCE_COLUMNS,
        required=("indicator",),
        max_rows=PAGE_IMPORT_ROWS,
    )
    errors = list(table.errors)
    seen: dict[str, int] = {}
    for row in table.rows:
        code = row.values.get("indicator")
        if code is None:
            continue
        if code in seen:
            errors.append(
                RowError(row.number, "indicator", f"{code} is already on row {seen[code]}")
            )
            continue
        seen[code] = row.number
        before = len(errors)
        actual = _cell(row, "actual", to_number, errors)
        if len(errors) > before:
            continue
        unit = row.values.get("unit") or ""
        comment = row.values.get("comment")
        try:
            services.balance_enter(
                budget=budget,
                actuals={code: None if actual is None else Value(actual, unit)},
                comments={code: comment} if comment is not None else None,
            )
        except ValidationError as error:
            errors.extend(_row_errors(error, row.number, columns=BALANCE_COLUMNS, default="actual"))
    if errors:
        raise ImportFailed(in_file_order(errors, BALANCE_COLUMNS))
    return len(table.rows)
