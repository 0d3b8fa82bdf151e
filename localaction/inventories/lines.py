"""The lines of a GHG inventory as a file: import and export in CSV, XLSX and JSON.

The format is documented in docs/formats/inventory.md; change the two together.

A row is read into a `services.LineData` and every row goes through
`services.inventory_replace_lines`, as lines from the editor and the API do,
so a file is checked by the same rules (`core.ghg`, `core.gpc`, `core.units`).
The core names the part of a line at fault (`ghg.LineError.field`);
`services.line_error_column` names the column of the file it came from, so that a user reads
"row 14, `unit`: 'kwhh' is not a unit". CSV and XLSX are read through
`localaction.tables`, like every spreadsheet import; JSON is read here into
the same rows, since its envelope (local government, year, GWP set) belongs
to this format alone.

The module also writes an inventory's results under a GWP set as a document
(`results_document`, `write_results_csv`): what `localaction inventory show`
prints.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO, Literal

from django.db import transaction

from localaction.background.staging import Stage
from localaction.core.gwp import GASES, GWPError, gas, gwp_set
from localaction.core.units import UnitError, parse_unit
from localaction.inventories.models import DataQuality, Inventory, InventoryLine
from localaction.inventories.services import (
    PROGRESS_EVERY,
    LineData,
    LinesInvalid,
    build_lines,
    inventory_results,
    inventory_save_summary,
    inventory_summary,
    line_error_column,
    results_summary,
)
from localaction.network.models import LocalGovernment
from localaction.tables import (
    CellError,
    ImportFailed,
    Row,
    RowError,
    check_limits,
    import_limits,
    in_file_order,
    read_table,
    to_number,
    too_many_rows,
    write_table,
)

Format = Literal["csv", "xlsx", "json"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx", "json")

# Column names hold gases in lower case: `ef_hfc134a`, `hfc134a_kg`. GASES
# starts with CO2, CH4 and N2O, whose columns every file may have.
_GAS_OF_NAME = {name.lower(): name for name in GASES}
_EF_COLUMNS = tuple(f"ef_{name}" for name in _GAS_OF_NAME)
_KG_COLUMNS = tuple(f"{name}_kg" for name in _GAS_OF_NAME)

BASE_COLUMNS = (
    "gpc_ref",
    "activity",
    "amount",
    "unit",
    "factor",
    "ef_co2",
    "ef_ch4",
    "ef_n2o",
    "ef_unit",
    "ncv",
    "ncv_unit",
    "co2_kg",
    "ch4_kg",
    "n2o_kg",
    "notation_key",
    "explanation",
    "data_quality",
    "source",
    "density",
    "density_unit",
    "biogenic_co2_kg",
    "comment",
)
"""The columns every export has, in its order."""

LINE_COLUMNS = (
    *BASE_COLUMNS[: BASE_COLUMNS.index("ef_unit")],
    *_EF_COLUMNS[3:],
    *BASE_COLUMNS[BASE_COLUMNS.index("ef_unit") : BASE_COLUMNS.index("notation_key")],
    *_KG_COLUMNS[3:],
    *BASE_COLUMNS[BASE_COLUMNS.index("notation_key") :],
)
"""Every column a file may have: the base ones, with the other gases' `ef_<gas>`
after `ef_n2o` and their `<gas>_kg` after `n2o_kg` (in the order of gwp.GASES)."""

REQUIRED_COLUMNS = ("gpc_ref",)
_NUMBER_COLUMNS = frozenset(
    ("amount", "ncv", "density", "biogenic_co2_kg", *_EF_COLUMNS, *_KG_COLUMNS)
)
# What goes with an amount and means nothing on a row without one.
_WITH_AMOUNT = (
    "unit",
    "factor",
    *_EF_COLUMNS,
    "ef_unit",
    "ncv",
    "ncv_unit",
    "density",
    "density_unit",
)
_PAIRS = {"ncv": "ncv_unit", "density": "density_unit"}
_ROLE = {"ncv": "a net calorific value", "density": "a density"}
# Text columns and the InventoryLine field whose length bounds them.
_TEXT_FIELDS = {
    "activity": "activity",
    "unit": "unit",
    "ef_unit": "factor_unit",
    "ncv_unit": "ncv_unit",
    "density_unit": "density_unit",
}
_JSON_KEYS = ("local_government", "year", "gwp_set", "lines")
_GAS_COLUMN = re.compile(r"ef_(?P<ef>.+)|(?P<kg>.+)_kg")


# Reading


@dataclass(frozen=True)
class _Header:
    """What a JSON file says it is for; a CSV or XLSX file says nothing (all None)."""

    local_government: str | None = None
    year: int | None = None
    gwp_set: str | None = None


@dataclass(frozen=True)
class _Read:
    header: _Header
    rows: list[tuple[int, LineData]]
    errors: list[RowError]


def format_of(filename: str) -> Format:
    """The format a file's name promises, or `ImportFailed` if it is none of ours."""
    path = PurePath(filename)
    for file_format in FORMATS:
        if path.suffix.lower() == f".{file_format}":
            return file_format
    raise ImportFailed([RowError(None, None, f"'{path.name}' is not a .csv, .xlsx or .json file")])


ImportProgress = Callable[[str, int, int], None]
"""Told how far an import has come, every few hundred rows: `(stage, done, total)`,
the stage being "checking" (rows read and checked), "computing" (as
`services.LinesProgress`), then "saving" (the lines staged) and "summarising",
once each."""


def _read(content: bytes, filename: str, progress: ImportProgress | None = None) -> _Read:
    if format_of(filename) == "json":
        check_limits(content, file_format="json")
        header, rows, errors = _json_rows(content)
        if len(rows) > (max_rows := import_limits()[0]):
            raise ImportFailed([RowError(None, "lines", too_many_rows(max_rows))])
    else:
        try:
            table = read_table(
                content, filename=filename, columns=LINE_COLUMNS, required=REQUIRED_COLUMNS
            )
        except ImportFailed as failure:
            raise ImportFailed([_explained(error) for error in failure.errors]) from None
        header, rows, errors = _Header(), table.rows, list(table.errors)
    lines = []
    for done, row in enumerate(rows, start=1):
        data = _line_data(row, errors)
        if data is not None:
            lines.append((row.number, data))
        if progress and (done % PROGRESS_EVERY == 0 or done == len(rows)):
            progress("checking", done, len(rows))
    return _Read(header, lines, errors)


def _explained(error: RowError) -> RowError:
    """A header error from `read_table`, with what an unknown column should have been."""
    if error.row == 1 and error.column and error.column.lower() not in LINE_COLUMNS:
        return RowError(1, error.column, _unknown_column(error.column))
    return error


def _unknown_column(name: str) -> str:
    match = _GAS_COLUMN.fullmatch(name.lower())
    if match is None:
        return (
            f"unknown column; the columns are {', '.join(BASE_COLUMNS)}, "
            "and ef_<gas> and <gas>_kg for the other gases (e.g. ef_sf6, hfc134a_kg)"
        )
    written = match["ef"] or match["kg"]
    try:
        known = gas(written).lower()
    except GWPError:
        return f"'{written}' is not a known gas; the gases are {', '.join(_GAS_OF_NAME)}"
    column = f"ef_{known}" if match["ef"] else f"{known}_kg"
    return f"write the column as `{column}`"


def _line_data(row: Row, errors: list[RowError]) -> LineData | None:
    """Read one row into a LineData, or add its problems to `errors` and return None."""
    values = row.values
    found: list[RowError] = []

    def fail(column: str, message: str) -> None:
        found.append(RowError(row.number, column, message))

    numbers: dict[str, float] = {}
    for column, text in values.items():
        if column in _NUMBER_COLUMNS and text is not None:
            try:
                numbers[column] = to_number(text)
            except CellError as error:
                fail(column, str(error))
    if numbers.get("amount", 0) < 0:
        fail("amount", f"'{values['amount']}' is negative; an amount is zero or more")
    for column, unit_column in _PAIRS.items():
        if numbers.get(column, 1) <= 0:
            fail(column, f"'{values[column]}' is not positive; {_ROLE[column]} is more than zero")
        if values.get(column) is not None and values.get(unit_column) is None:
            fail(unit_column, f"{_ROLE[column]} needs its unit, e.g. TJ/Gg or kg/l")
        elif values.get(unit_column) is not None and values.get(column) is None:
            fail(column, f"a value is required with `{unit_column}`")
        elif values.get(unit_column) is not None:
            try:
                parse_unit(values[unit_column])
            except UnitError as error:
                fail(unit_column, str(error))
    if values.get("amount") is None:
        for column in _WITH_AMOUNT:
            if values.get(column) is not None:
                fail(column, "this goes with an amount, and the row has none")
    ef_kg = {_gas_of(column): numbers[column] for column in _EF_COLUMNS if column in numbers}
    if values.get("ef_unit") is not None and not ef_kg and values.get("amount") is not None:
        fail("ef_unit", "this is the unit of explicit factors, and the row has none (e.g. ef_co2)")
    for column, field in _TEXT_FIELDS.items():
        limit = InventoryLine._meta.get_field(field).max_length
        if (text := values.get(column)) is not None and len(text) > limit:
            fail(column, f"at most {limit} characters (this has {len(text)})")
    quality = (values.get("data_quality") or "").lower()
    if quality and quality not in DataQuality.values:
        fail(
            "data_quality",
            f"'{values['data_quality']}' is not a data quality; "
            f"use {', '.join(DataQuality.values)}",
        )
    if found or values.get("gpc_ref") is None:
        errors.extend(found)
        return None
    return LineData(
        gpc_ref=values["gpc_ref"],
        activity=values.get("activity") or "",
        amount=numbers.get("amount"),
        unit=values.get("unit") or "",
        factor=values.get("factor") or "",
        ef_kg=ef_kg,
        ef_unit=values.get("ef_unit") or "",
        ncv=numbers.get("ncv"),
        ncv_unit=values.get("ncv_unit") or "",
        density=numbers.get("density"),
        density_unit=values.get("density_unit") or "",
        measured_kg={_gas_of(c): numbers[c] for c in _KG_COLUMNS if c in numbers},
        biogenic_co2_kg=numbers.get("biogenic_co2_kg"),
        notation_key=values.get("notation_key") or "",
        explanation=values.get("explanation") or "",
        data_quality=quality,
        source=values.get("source") or "",
        comment=values.get("comment") or "",
    )


def _gas_of(column: str) -> str:
    return _GAS_OF_NAME[column.removeprefix("ef_").removesuffix("_kg")]


# JSON


class _Constant(str):
    """NaN or Infinity written in a JSON file, which JSON does not allow."""


def _json_rows(content: bytes) -> tuple[_Header, list[Row], list[RowError]]:
    def whole_file(message: str) -> ImportFailed:
        return ImportFailed([RowError(None, None, message)])

    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise whole_file(
            f"the file is not UTF-8 text (line {line} has the byte 0x{content[error.start]:02X})"
        ) from None
    if not text.strip():
        raise whole_file("the file is empty")
    try:
        document = json.loads(text, parse_constant=_Constant)
    except json.JSONDecodeError as error:
        raise whole_file(
            f"the file is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    if not isinstance(document, dict) or not isinstance(document.get("lines"), list):
        raise whole_file('the file is not a JSON object with a list of "lines"')
    errors = [
        RowError(None, key, f"unknown key; the keys are {', '.join(_JSON_KEYS)}")
        for key in document
        if key not in _JSON_KEYS
    ]
    header = _Header(
        local_government=_json_value(document, "local_government", str, errors),
        year=_json_value(document, "year", int, errors),
        gwp_set=_json_value(document, "gwp_set", str, errors),
    )
    if errors:
        raise ImportFailed(errors)
    rows = []
    # A line's row number is its position in "lines", from 1.
    for number, line in enumerate(document["lines"], start=1):
        if not isinstance(line, dict):
            errors.append(RowError(number, None, "a line is a JSON object"))
            continue
        values: dict[str, str | None] = {}
        found, unreadable = len(errors), set()
        for key, value in line.items():
            column = key.lower()
            if column not in LINE_COLUMNS:
                errors.append(RowError(number, key, _unknown_column(key)))
            elif column in values:
                errors.append(RowError(number, key, "the key appears twice"))
            else:
                try:
                    values[column] = _json_cell(value, number=column in _NUMBER_COLUMNS)
                except CellError as error:
                    errors.append(RowError(number, column, str(error)))
                    unreadable.add(column)
        if values.get("gpc_ref") is None and "gpc_ref" not in unreadable:
            errors.append(RowError(number, "gpc_ref", "a value is required"))
        elif len(errors) == found:
            # A line with a problem here is checked no further, like a row
            # whose cells `read_table` found fault with.
            rows.append(Row(number, values))
    return header, rows, errors


def _json_value(document: dict, key: str, kind: type[str | int], errors: list[RowError]):
    value = document.get(key)
    if value is None:
        return None
    if not isinstance(value, kind) or isinstance(value, bool):
        what = "a whole number" if kind is int else "text"
        errors.append(RowError(None, key, f"{json.dumps(value)} is not {what}"))
        return None
    return value


def _json_cell(value: object, *, number: bool) -> str | None:
    """A JSON value as the text a spreadsheet cell would hold, or CellError."""
    if value is None:
        return None
    if isinstance(value, _Constant):
        raise CellError(f"'{value}' is not a number")
    if number:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise CellError(f"{json.dumps(value, ensure_ascii=False)} is not a number")
        return repr(value)  # repr keeps every digit of a float
    if not isinstance(value, str):
        raise CellError(f"{json.dumps(value, ensure_ascii=False)} is not text")
    return value.strip() or None


# Importing


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the draft it wrote, whether it created it, the lines by kind."""

    inventory: Inventory
    created: bool
    replaced: int
    kinds: Counter[str]

    @property
    def lines(self) -> int:
        return sum(self.kinds.values())


def import_lines(
    source: bytes | BinaryIO,
    *,
    filename: str,
    local_government: LocalGovernment,
    year: int,
    progress: ImportProgress | None = None,
) -> ImportResult:
    """Replace the lines of the local government's draft inventory for `year` with a file's.

    Creates the draft if there is no inventory for that year. All or nothing:
    raises `ImportFailed` listing every problem, in which case nothing has
    changed (not even a draft created). `progress`, if given, is told how far
    the import has come (see `ImportProgress`).

    The file is read, checked and computed with no transaction open, the
    lines staged (`background.staging`: a temporary table, filled with no lock
    taken) and their summary computed; only the copy from there into the
    draft, with the summary's rows, runs in one transaction, so that the write
    lock (the whole database's, on SQLite) is held for a few statements:
    about 0.1 s for 10,000 lines, where saving them took 2.6 s (`localaction bench
    imports`). The draft is looked
    up again, locked, inside that transaction.
    """
    content = source if isinstance(source, bytes) else source.read()
    _refuse_unless_draft(_latest(local_government, year), local_government, year)
    read = _read(content, filename, progress)
    errors = list(read.errors)
    errors.extend(_header_problems(read.header, local_government, year))
    numbers = [number for number, _data in read.rows]
    lines = [data for _number, data in read.rows]
    computed = (lambda stage, done: progress(stage, done, len(lines))) if progress else None
    built, staged = [], []
    stand_in = Inventory(local_government=local_government, year=year)
    try:
        # Computed for an inventory of that member and year; the lines join the
        # draft itself once it is locked (or made) below.
        built = build_lines(stand_in, lines, progress=computed)
    except LinesInvalid as invalid:
        errors.extend(
            RowError(
                numbers[error.index],
                line_error_column(error.field, lines[error.index]),
                error.reason,
            )
            for error in invalid.errors
            if error.index is not None
        )
    if errors:
        raise ImportFailed(in_file_order(errors, LINE_COLUMNS))
    with Stage(InventoryLine, {}) as stage:
        for rank, (line, pk) in enumerate(
            zip(built, stage.new_ids(len(built)), strict=True), start=1
        ):
            line.pk = pk
            staged.append([*stage.prepared(line), rank, rank])
        stage.add(staged)
        if progress:
            progress("saving", len(built), len(built))
            progress("summarising", 0, len(built))
        summary = inventory_summary(stand_in, built)
        with transaction.atomic():
            inventory = _latest(local_government, year, lock=True)
            _refuse_unless_draft(inventory, local_government, year)
            created = inventory is None
            if created:
                inventory = Inventory.objects.create(local_government=local_government, year=year)
            if read.header.gwp_set and read.header.gwp_set != inventory.gwp_set:
                inventory.gwp_set = read.header.gwp_set
                inventory.save(update_fields=["gwp_set", "updated_at"])
            replaced = inventory.lines.count()
            inventory.lines.all().delete()
            stage.number_new_rows()
            stage.computed["inventory_id"] = str(int(inventory.pk))
            stage.insert_new()
            inventory_save_summary(inventory=inventory, summary=summary)
    return ImportResult(
        inventory=inventory,
        created=created,
        replaced=0 if created else replaced,
        kinds=Counter(_kind(data) for data in lines),
    )


def _latest(local_government: LocalGovernment, year: int, *, lock: bool = False):
    """The member's inventory for `year` that an import would replace the lines of:
    the latest version (a correction, if one is open); None if there is none."""
    inventories = Inventory.objects.select_for_update() if lock else Inventory.objects
    return (
        inventories.filter(local_government=local_government, year=year)
        .order_by("-version")
        .first()
    )


def _refuse_unless_draft(inventory, local_government: LocalGovernment, year: int) -> None:
    if inventory is not None and not inventory.is_draft:
        raise ImportFailed(
            [
                RowError(
                    None,
                    None,
                    f"the {year} inventory of {local_government.code} is {inventory.status}; "
                    "only a draft takes an import",
                )
            ]
        )


def _header_problems(header: _Header, local_government: LocalGovernment, year: int):
    if header.local_government is not None and header.local_government != local_government.code:
        yield RowError(
            None,
            "local_government",
            f"the file is for '{header.local_government}', not {local_government.code}",
        )
    if header.year is not None and header.year != year:
        yield RowError(None, "year", f"the file is for {header.year}, not {year}")
    if header.gwp_set is not None:
        try:
            gwp_set(header.gwp_set)
        except GWPError as error:
            yield RowError(None, "gwp_set", str(error))


def _kind(data: LineData) -> str:
    if data.notation_key:
        return "notation key"
    if data.amount is None:
        return "measured"
    return "library factor" if data.factor else "explicit factors"


# Exporting


def export_lines(inventory: Inventory, *, format: Format, target: BinaryIO) -> int:
    """Write the inventory's lines to `target` in the inventory-lines format; return how many.

    The file imports back to the same lines: a library factor by its code,
    explicit factors and measured masses as given. Only the columns of the
    gases the lines use are written beyond CO2, CH4 and N2O.
    """
    lines = list(inventory.lines.order_by("position", "pk").select_related("factor"))
    rows = [_exported(line) for line in lines]
    columns = _export_columns(rows)
    if format == "json":
        document = {
            "local_government": inventory.local_government.code,
            "year": inventory.year,
            "gwp_set": inventory.gwp_set,
            "lines": [
                {column: row[column] for column in columns if row.get(column) is not None}
                for row in rows
            ],
        }
        target.write(json.dumps(document, ensure_ascii=False, indent=2).encode() + b"\n")
    else:
        write_table(
            ([row.get(column) for column in columns] for row in rows),
            columns=columns,
            format=format,
            target=target,
        )
    return len(rows)


def _export_columns(rows: list[dict[str, object]]) -> list[str]:
    used = {column for row in rows for column in row}
    return [column for column in LINE_COLUMNS if column in BASE_COLUMNS or column in used]


def _exported(line: InventoryLine) -> dict[str, object]:
    row: dict[str, object] = {
        "gpc_ref": line.gpc_ref,
        "activity": line.activity,
        "notation_key": line.notation_key,
        "explanation": line.explanation,
        "data_quality": line.data_quality,
        "source": line.source,
        "comment": line.comment,
    }
    if line.amount is not None:
        row |= {"amount": _number(line.amount), "unit": line.unit}
        factor = line.factor
        if factor is not None:
            row["factor"] = factor.code
        else:
            # Explicit factors, or the snapshot of a library factor since deleted.
            row["ef_unit"] = line.factor_unit
            for name, value in line.factor_kg_per_unit.items():
                row[f"ef_{name.lower()}"] = _number(value)
        # Calorific value and density as on the line, unless they are the library's.
        if factor is None or (line.ncv, line.ncv_unit) != (factor.ncv, factor.ncv_unit):
            row |= {"ncv": _number(line.ncv), "ncv_unit": line.ncv_unit}
        if factor is None or (line.density, line.density_unit) != (
            factor.density,
            factor.density_unit,
        ):
            row |= {"density": _number(line.density), "density_unit": line.density_unit}
    elif not line.notation_key:
        for name, value in line.measured_kg.items():
            row[f"{name.lower()}_kg"] = _number(value)
        if line.biogenic_co2_kg or not line.measured_kg:
            row["biogenic_co2_kg"] = _number(line.biogenic_co2_kg)
    return {column: value for column, value in row.items() if value not in ("", None)}


def _number(value: float | None) -> float | int | None:
    """A whole number without a trailing `.0`, for people reading the file."""
    if value is not None and float(value).is_integer() and abs(value) < 1e15:
        return int(value)
    return value


# Results


def results_document(inventory: Inventory, gwp: str | None = None) -> dict:
    """The inventory's results under a GWP set (its own by default), as plain data.

    Totals and breakdowns are in tonnes CO2e; masses in kg. `by_scope_tco2e`,
    `by_sector_tco2e`, `gases_kg` and `totals_tco2e["all_lines"]` count
    every line, so each adds up to the sum of the lines; `basic`,
    `basic_plus` and `territorial` are the GPC totals. Raises GWPError for
    an unknown set, and what `inventory_results` raises for one without a
    GWP for a gas the lines report.
    """
    chosen = gwp_set(gwp or inventory.gwp_set)
    lines = list(
        inventory.lines.order_by("position", "pk").values_list(
            "gpc_ref", "activity", "notation_key"
        )
    )
    results = inventory_results(inventory, chosen.name)
    masses = results.lines.masses_kg
    return {
        "local_government": inventory.local_government.code,
        "year": inventory.year,
        "status": inventory.status,
        **results_summary(results),
        "lines": [
            {
                "position": index + 1,
                "gpc_ref": gpc_ref,
                "activity": activity,
                "notation_key": notation or None,
                "gases_kg": {
                    name: float(kg)
                    for name, kg in zip(results.gases, masses[index], strict=True)
                    if kg
                },
                "biogenic_co2_kg": float(results.lines.biogenic_co2_kg[index]),
                "tco2e": float(results.line_co2e_kg[index]) / 1000,
            }
            for index, (gpc_ref, activity, notation) in enumerate(lines)
        ],
    }


def write_results_csv(document: dict, *, target: BinaryIO) -> None:
    """The results document as CSV: a row per line, then the totals, scopes and sectors.

    `row` says what a row is (line, total, scope, sector) and `gpc_ref` which
    one; gas masses are given for lines only.
    """
    gases = list(document["gases_kg"])
    columns = [
        "row",
        "gpc_ref",
        "activity",
        "notation_key",
        *(f"{name.lower()}_kg" for name in gases),
        "biogenic_co2_kg",
        "tco2e",
    ]
    blanks = [None] * (len(gases) + 3)

    def summary(kind: str) -> Callable[[tuple[str, float]], list[object]]:
        return lambda item: [kind, item[0], *blanks, item[1]]

    totals = document["totals_tco2e"]
    names = {"basic": "BASIC", "basic_plus": "BASIC+", "territorial": "territorial"}
    rows: list[Sequence[object]] = [
        [
            "line",
            line["gpc_ref"],
            line["activity"],
            line["notation_key"],
            *(line["gases_kg"].get(name) for name in gases),
            line["biogenic_co2_kg"],
            line["tco2e"],
        ]
        for line in document["lines"]
    ]
    rows.append(
        [
            "total",
            "all lines",
            None,
            None,
            *document["gases_kg"].values(),
            document["biogenic_co2_kg"],
            totals["all_lines"],
        ]
    )
    rows.extend(map(summary("total"), ((names[k], totals[k]) for k in names)))
    rows.extend(map(summary("scope"), document["by_scope_tco2e"].items()))
    rows.extend(map(summary("sector"), document["by_sector_tco2e"].items()))
    write_table(rows, columns=columns, format="csv", target=target)
