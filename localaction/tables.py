"""Tables that people keep in spreadsheets: reading and writing CSV and XLSX files.

This is the one pipeline every CSV/XLSX import in the platform goes through.
`read_table` turns a file into rows of cleaned strings, each numbered as the
spreadsheet shows it (the header is row 1, the first data row is row 2). It
refuses at once what no import could read: the wrong kind of file, text that
is not UTF-8, missing or unknown columns. Problems within rows (a blank
required value, a value outside the header) it lists in `Table.errors`; each
import adds what it finds wrong with the values and raises `ImportFailed`
with all of them in file order, so that a user fixes the whole file in one
go and an import lands whole or not at all:

    table = read_table(source, filename=filename, columns=COLUMNS, required=REQUIRED)
    errors = list(table.errors)
    ...  # check each row, appending RowError(row.number, column, message)
    if errors:
        raise ImportFailed(in_file_order(errors, COLUMNS))

It is also the one pipeline every CSV/XLSX file the platform writes goes
through (`write_table`, `write_workbook`, `csv_chunks` for streaming), so that
every download is safe to open in a spreadsheet: a text cell that begins with
`=`, `+`, `-`, `@`, a tab or a carriage return would be read by Excel,
LibreOffice or Google Sheets as a formula (OWASP, "CSV Injection"), so it is
written with a leading `'` (so is text whose leading quotes precede one of
those characters). Numbers stay numbers, whatever their sign. Reading takes
one `'` off again where it precedes one of those characters (or quotes before
one), so that a file the platform wrote imports back unchanged.

Nothing here knows about Django models.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import math
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO, Literal

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

Format = Literal["csv", "xlsx"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx")

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "pdf": "application/pdf",
}
"""The media type of every kind of file the platform serves, by extension."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection")."""
_ESCAPE = "'"
_FIRST = frozenset((*FORMULA_START, _ESCAPE))
# Values a spreadsheet holds as they are; anything else is written as text.
_PLAIN = (bool, int, float, decimal.Decimal, datetime.date, datetime.time)

# What a file that is not what its name says most often turns out to be.
_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "an XLSX workbook or another ZIP archive",
    b"\xd0\xcf\x11\xe0": "an Excel 97-2003 (.xls) workbook; save it as .xlsx",
}
_MAX_COLUMN_WIDTH = 50
_INTEGER = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


@dataclass(frozen=True)
class RowError:
    """One problem in a file, where the user will find it: row 14, column `country`.

    `row` is None for a problem with the file as a whole, `column` for one
    with the row as a whole.
    """

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"`{self.column}`")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportFailed(Exception):
    """A file could not be imported; `errors` lists every problem found in it."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


class CellError(ValueError):
    """A cell's text cannot be read as the value its column holds."""


@dataclass(frozen=True)
class Row:
    """One data row: its number in the spreadsheet and its cleaned cells.

    `values` has a key for every known column present in the file (and only
    for those, so that an import can tell "left blank" from "not in the
    file"); a blank cell is None.
    """

    number: int
    values: dict[str, str | None]


@dataclass(frozen=True)
class Table:
    """The known columns present in a file (in the file's order), its data rows,
    and the problems found in them so far.

    A required value that is blank is reported here and None in its row.
    """

    columns: tuple[str, ...]
    rows: list[Row]
    errors: list[RowError]


def read_table(
    source: bytes | BinaryIO,
    *,
    filename: str,
    columns: Sequence[str],
    required: Collection[str] = (),
    max_rows: int | None = None,
) -> Table:
    """Read a CSV or XLSX file (chosen by `filename`'s extension) into a `Table`.

    `columns` are the lower-case names the file may use, matched without
    regard to case or surrounding spaces; `required` ones must be present and
    never blank. Blank rows are skipped but still counted, so row numbers stay
    those of the spreadsheet. Raises `ImportFailed` if the file cannot be
    read as such a table, or has more rows than `max_rows` (when given, and
    below the import limit): a file imported while its page waits states a
    smaller limit (PAGE_IMPORT_ROWS) than one a background task imports.
    """
    content = source if isinstance(source, bytes) else source.read()
    file_format = format_of(filename)
    if not content.strip():
        raise _whole_file("the file is empty")
    check_limits(content, file_format=file_format, max_rows=max_rows)
    cells = _csv_cells(content) if file_format == "csv" else _xlsx_cells(content, max_rows=max_rows)
    return _table(cells, columns=columns, required=required)


# The most rows of a file imported while its page waits (one member's records:
# a budget, its footprints, its indicator values), far below what a background
# task imports, so that no such request holds the server or the database long.
PAGE_IMPORT_ROWS = 10_000


def import_limits() -> tuple[int, int]:
    """The most data rows and bytes an import file may have (settings
    `IMPORT_MAX_ROWS`, `IMPORT_MAX_BYTES`)."""
    from django.conf import settings

    return settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_BYTES


def check_limits(content: bytes, *, file_format: str, max_rows: int | None = None) -> None:
    """Refuse a file over the import limits before anything parses it.

    The bytes are counted first, then a CSV file's lines (a quoted line break
    inside a cell counts as one more: the limit is on cost, not exact rows);
    a workbook's rows are counted as they are read (`_xlsx_cells`), since only
    reading them tells how many there are. JSON counts its lines once parsed.
    """
    max_rows = _max_rows(max_rows)
    max_bytes = import_limits()[1]
    if len(content) > max_bytes:
        raise _whole_file(too_large(len(content), max_bytes))
    if file_format == "csv":
        lines = content.count(b"\n") + (not content.endswith(b"\n"))
        if lines - 1 > max_rows:
            raise _whole_file(too_many_rows(max_rows))


def too_large(size: int, max_bytes: int) -> str:
    return (
        f"the file has {size:,} bytes; an import takes at most {max_bytes:,} "
        "(split it into several files)"
    )


def too_many_rows(max_rows: int) -> str:
    return (
        f"the file has more than {max_rows:,} rows below its header; an import takes at "
        "most that many (split it into several files)"
    )


def in_file_order(errors: Iterable[RowError], columns: Sequence[str]) -> list[RowError]:
    """The errors by row, and within a row in the order of `columns`."""
    position = {column: index for index, column in enumerate(columns)}
    return sorted(errors, key=lambda error: (error.row or 0, position.get(error.column, -1)))


def format_of(filename: str) -> Format:
    """The format a file's name promises, or `ImportFailed` if it is neither CSV nor XLSX."""
    path = PurePath(filename)
    for file_format in FORMATS:
        if path.suffix.lower() == f".{file_format}":
            return file_format
    raise _whole_file(f"'{path.name}' is not a .csv or .xlsx file")


def to_integer(text: str) -> int:
    """A whole number written with digits only, e.g. `231195` (no separators)."""
    if not _INTEGER.fullmatch(text):
        raise CellError(f"'{text}' is not a whole number")
    return int(text)


def to_number(text: str) -> float:
    """A finite decimal number with a dot as decimal separator, e.g. `47.999` or `1e3`."""
    if _NUMBER.fullmatch(text) and math.isfinite(number := float(text)):
        return number
    if "," in text and _NUMBER.fullmatch(text.replace(",", ".", 1)):
        raise CellError(f"'{text}' is not a number; use a dot as the decimal separator")
    raise CellError(f"'{text}' is not a number")


def write_table(
    rows: Iterable[Sequence[object]],
    *,
    columns: Sequence[str],
    format: Format,
    target: BinaryIO,
) -> None:
    """Write a header of `columns` and then `rows` (None for a blank cell) to `target`.

    CSV is UTF-8 with a byte-order mark, which Excel needs to read accented
    names right; XLSX has a bold, frozen header row and columns as wide as
    their contents (within reason). Text that a spreadsheet would take for a
    formula is written with a leading `'` (see the module's docstring).
    """
    if format == "csv":
        for chunk in csv_chunks(rows, columns=columns):
            target.write(chunk)
    else:
        write_workbook([Sheet("Sheet", columns, list(rows))], target=target)


def csv_chunks(
    rows: Iterable[Sequence[object]], *, columns: Sequence[str], rows_per_chunk: int = 1000
) -> Iterator[bytes]:
    """A CSV file in pieces, for streaming: the header (after a UTF-8 byte-order
    mark, which Excel needs), then the rows, a `rows_per_chunk` at a time.

    Memory stays bounded however many rows come; text cells are escaped as
    `write_table` escapes them.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([spreadsheet_value(column) for column in columns])
    yield ("\ufeff" + buffer.getvalue()).encode()
    pending = 0
    buffer.seek(0)
    buffer.truncate()
    for row in rows:
        writer.writerow(
            [
                # Numbers (most cells of a large file) need no look.
                cell if type(cell) is float or type(cell) is int else _csv_value(cell)
                for cell in row
            ]
        )
        pending += 1
        if pending == rows_per_chunk:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue().encode()


def spreadsheet_value(value: object) -> object:
    """`value` as a spreadsheet cell should hold it: None, a number, a date or a
    truth value as it is; anything else as text, with a leading `'` when it
    begins as a formula would (`=HYPERLINK(…)` becomes `'=HYPERLINK(…)`)."""
    if type(value) is str:  # most cells: checked by their first character
        return _ESCAPE + value if value[:1] in _FIRST and _escaped(value) else value
    if value is None or isinstance(value, _PLAIN):
        return value
    text = str(value)
    return _ESCAPE + text if _escaped(text) else text


def _csv_value(value: object) -> object:
    return "" if value is None else spreadsheet_value(value)


def _escaped(text: str) -> bool:
    """Whether `text` is written with a leading `'`: it begins as a formula, or
    with quotes before one, so that `'=x` comes back as `'=x`, not `=x` (and
    `'s-Hertogenbosch` is left alone)."""
    return text.lstrip(_ESCAPE).startswith(FORMULA_START)


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its title, header and rows (None for a blank cell)."""

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[object]]


def write_workbook(sheets: Sequence[Sheet], *, target: BinaryIO) -> None:
    """Write an XLSX workbook of `sheets`, each with a bold, frozen header row
    and columns as wide as their contents (within reason)."""
    workbook = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.title)
        for index, column in enumerate(sheet.columns):
            longest = max(
                (len(str(row[index])) for row in sheet.rows if row[index] is not None), default=0
            )
            width = min(max(longest, len(column)) + 2, _MAX_COLUMN_WIDTH)
            worksheet.column_dimensions[get_column_letter(index + 1)].width = width
        worksheet.freeze_panes = "A2"
        worksheet.append([_xlsx_cell(worksheet, column, font=bold) for column in sheet.columns])
        for row in sheet.rows:
            worksheet.append([_xlsx_cell(worksheet, cell) for cell in row])
    workbook.save(target)


# The two characters text may hold that XML (and so a workbook) cannot: control
# characters and lone surrogates are refused earlier, by openpyxl or the input.
_NOT_IN_XML = re.compile("[\ufffe\uffff]")


def _xlsx_cell(sheet, value: object, *, font: Font | None = None) -> WriteOnlyCell:
    value = spreadsheet_value(value)
    if isinstance(value, str):
        # Written as U+FFFD, the replacement character: else the workbook
        # could be written but never read again.
        value = _NOT_IN_XML.sub("\ufffd", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # Text, never a formula, even once someone edits the cell.
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def _csv_cells(content: bytes) -> list[list[str | None]]:
    if content.startswith(tuple(_SIGNATURES)) or b"\x00" in content:
        raise _whole_file(f"the file is not CSV text: {_looks_like(content)}")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        byte = content[error.start]
        raise _whole_file(
            f"the file is not UTF-8 text (line {line} has the byte 0x{byte:02X}; "
            "save it as “CSV UTF-8”)"
        ) from None
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return [[_clean(cell) for cell in row] for row in reader]
    except csv.Error as error:
        raise _whole_file(f"the file is not valid CSV ({error})") from None


def _max_rows(asked: int | None) -> int:
    """The rows an import takes: the import limit, or `asked` where smaller."""
    limit = import_limits()[0]
    return limit if asked is None else min(asked, limit)


def _xlsx_cells(content: bytes, *, max_rows: int | None = None) -> list[list[str | None]]:
    if not content.startswith(b"PK\x03\x04"):
        raise _whole_file(f"the file is not an XLSX workbook: {_looks_like(content)}")
    # openpyxl raises many kinds of exception for a damaged workbook, some only
    # while reading rows, so every one of them counts as "not readable".
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            # The stored dimensions may be missing or wrong; read what is there.
            sheet.reset_dimensions()
            max_rows = _max_rows(max_rows)
            cells = []
            for row in sheet.iter_rows(values_only=True):
                if len(cells) > max_rows:  # the header and `max_rows` rows below it
                    raise _TooManyRows
                cells.append([_clean(cell) for cell in row])
            return cells
        finally:
            workbook.close()
    except _TooManyRows:
        raise _whole_file(too_many_rows(max_rows)) from None
    except Exception as error:
        raise _whole_file(f"the file is not a readable XLSX workbook ({error})") from None


class _TooManyRows(Exception):
    pass


def _whole_file(message: str) -> ImportFailed:
    return ImportFailed([RowError(None, None, message)])


def _looks_like(content: bytes) -> str:
    for signature, description in _SIGNATURES.items():
        if content.startswith(signature):
            return f"it looks like {description}"
    return "it looks like some other kind of file"


def _clean(value: object) -> str | None:
    """A cell as trimmed text, None when blank; whole numbers without a trailing `.0`;
    text escaped on writing (`'=x`) as it was (`=x`)."""
    if value is None:
        return None
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime.datetime | datetime.date | datetime.time):
        text = value.isoformat()
    else:
        text = str(value)
        if text.startswith(_ESCAPE) and _escaped(text[1:]):
            text = text[1:]
    return text.strip() or None


def _table(
    cells: list[list[str | None]], *, columns: Sequence[str], required: Collection[str]
) -> Table:
    header = cells[0] if cells else None
    if header is None or not any(header):
        raise ImportFailed([RowError(1, None, "the header row is empty")])
    positions = _header_positions(header, columns=columns, required=required)
    found = tuple(positions)
    errors: list[RowError] = []
    rows: list[Row] = []
    for number, line in enumerate(cells[1:], start=2):
        if not any(line):
            continue
        values = {
            column: line[position] if position < len(line) else None
            for column, position in positions.items()
        }
        errors.extend(
            RowError(number, column, "a value is required")
            for column in found
            if column in required and values[column] is None
        )
        stray = [i for i, cell in enumerate(line) if cell is not None and _unnamed(header, i)]
        if stray:
            errors.append(
                RowError(
                    number,
                    None,
                    f"a value in column {get_column_letter(stray[0] + 1)}, which has no header "
                    "(does a value contain an unquoted delimiter?)",
                )
            )
        rows.append(Row(number, values))
    return Table(found, rows, errors)


def _unnamed(header: list[str | None], index: int) -> bool:
    return index >= len(header) or header[index] is None


def _header_positions(
    header: list[str | None], *, columns: Sequence[str], required: Collection[str]
) -> dict[str, int]:
    """Where each known column is in the header; `ImportFailed` for a bad header."""
    positions: dict[str, int] = {}
    errors: list[RowError] = []
    for index, name in enumerate(header):
        if name is None:
            continue
        column = name.lower()
        if column not in columns:
            errors.append(
                RowError(1, name, f"unknown column; the columns are {', '.join(columns)}")
            )
        elif column in positions:
            errors.append(RowError(1, name, "the column appears twice"))
        else:
            positions[column] = index
    errors.extend(
        RowError(1, column, "this required column is missing")
        for column in columns
        if column in required and column not in positions
    )
    if errors:
        raise ImportFailed(errors)
    return positions
