"""The shared CSV/XLSX pipeline: what any import may rely on, and what it is spared."""

import datetime
import io

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from localaction.tables import (
    CellError,
    ImportFailed,
    RowError,
    csv_chunks,
    in_file_order,
    read_table,
    spreadsheet_value,
    to_integer,
    to_number,
    write_table,
)

COLUMNS = ["code", "name", "population"]


def read_csv(text: str | bytes, **options):
    content = text.encode() if isinstance(text, str) else text
    return read_table(content, filename="register.csv", columns=COLUMNS, **options)


def problems(read, *args, **options) -> list[str]:
    with pytest.raises(ImportFailed) as failure:
        read(*args, **options)
    return [str(error) for error in failure.value.errors]


def xlsx(*rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    target = io.BytesIO()
    workbook.save(target)
    return target.getvalue()


def test_row_errors_say_row_and_column():
    assert str(RowError(14, "country", "'XX' is not an ISO 3166 code")) == (
        "row 14, `country`: 'XX' is not an ISO 3166 code"
    )
    assert str(RowError(3, None, "too long")) == "row 3: too long"
    assert str(RowError(None, None, "the file is empty")) == "the file is empty"


def test_import_failed_carries_every_error():
    errors = [RowError(2, "code", "one"), RowError(5, "name", "two")]
    failure = ImportFailed(errors)
    assert failure.errors == errors
    assert str(failure) == "row 2, `code`: one\nrow 5, `name`: two"


# Reading CSV


def test_rows_are_numbered_as_the_spreadsheet_shows_them():
    table = read_csv('code,name\nde-a,A\n\nde-b,"B,\nwith a line break"\nde-c,C\n')
    assert [(row.number, row.values["code"]) for row in table.rows] == [
        (2, "de-a"),
        (4, "de-b"),
        (5, "de-c"),
    ]
    assert table.rows[1].values["name"] == "B,\nwith a line break"


def test_header_is_matched_without_case_or_spaces_and_cells_are_trimmed():
    table = read_csv(" Code ;NAME\n  de-a ;  Aa  \n")
    assert table.columns == ("code", "name")
    assert table.rows[0].values == {"code": "de-a", "name": "Aa"}


def test_blank_cells_are_none_and_absent_columns_are_absent():
    table = read_csv("code,name\nde-a,\n")
    assert table.rows[0].values == {"code": "de-a", "name": None}
    assert "population" not in table.rows[0].values


def test_a_byte_order_mark_is_not_part_of_the_first_column():
    table = read_csv("\ufeffcode,name\nde-a,Zürich\n".encode())
    assert table.rows[0].values == {"code": "de-a", "name": "Zürich"}


def test_semicolons_are_recognised_as_delimiter():
    table = read_csv("code;name;population\nde-a;Freiburg, im Breisgau;231195\n")
    assert table.rows[0].values["name"] == "Freiburg, im Breisgau"


def test_short_rows_leave_the_missing_cells_blank():
    table = read_csv("code,name,population\nde-a\n")
    assert table.rows[0].values == {"code": "de-a", "name": None, "population": None}


def test_missing_unknown_and_repeated_columns_are_all_named():
    assert problems(
        read_csv, "Code,nmae,Population,population\nde-a,A,1,1\n", required=["name"]
    ) == [
        "row 1, `nmae`: unknown column; the columns are code, name, population",
        "row 1, `population`: the column appears twice",
        "row 1, `name`: this required column is missing",
    ]


def test_blank_required_values_are_listed_for_the_import_to_report():
    table = read_csv("code,name\nde-a,\n,B\nde-c,C\n", required=["code", "name"])
    assert [str(error) for error in table.errors] == [
        "row 2, `name`: a value is required",
        "row 3, `code`: a value is required",
    ]
    # The rows stay, so that the import can check their other values too.
    assert [row.values for row in table.rows] == [
        {"code": "de-a", "name": None},
        {"code": None, "name": "B"},
        {"code": "de-c", "name": "C"},
    ]


def test_a_value_beyond_the_header_is_an_error():
    table = read_csv("code,name\nde-a,Freiburg, im Breisgau\n")
    assert [str(error) for error in table.errors] == [
        "row 2: a value in column C, which has no header "
        "(does a value contain an unquoted delimiter?)"
    ]


def test_errors_are_put_in_file_order():
    errors = [
        RowError(5, "code", "e"),
        RowError(2, "population", "c"),
        RowError(2, None, "a"),
        RowError(2, "code", "b"),
        RowError(None, None, "whole file"),
    ]
    assert [error.message for error in in_file_order(errors, COLUMNS)] == [
        "whole file",
        "a",
        "b",
        "c",
        "e",
    ]


def test_blank_trailing_header_cells_are_ignored():
    table = read_csv("code,name,,\nde-a,A,,\n")
    assert (table.rows[0].values, table.errors) == ({"code": "de-a", "name": "A"}, [])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b" \n \n", "the file is empty"),
        (b",,\nde-a,A\n", "row 1: the header row is empty"),
        (
            "code,name\nde-a,Zürich\nde-b,Genève\n".encode("latin-1"),
            "the file is not UTF-8 text (line 2 has the byte 0xFC; save it as “CSV UTF-8”)",
        ),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
            "the file is not CSV text: it looks like a PDF document",
        ),
        (
            xlsx(["code"]),
            "the file is not CSV text: it looks like an XLSX workbook or another ZIP archive",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00",
            "the file is not CSV text: it looks like an Excel 97-2003 (.xls) workbook; "
            "save it as .xlsx",
        ),
        (b"code\x00name\n", "the file is not CSV text: it looks like some other kind of file"),
    ],
    ids=["empty", "blank", "blank-header", "latin-1", "pdf", "xlsx", "xls", "binary"],
)
def test_what_is_not_utf8_csv_is_refused_with_a_reason(content, message):
    assert problems(read_csv, content) == [message]


@pytest.mark.parametrize("filename", ["register.xls", "register.pdf", "register", "csv"])
def test_only_csv_and_xlsx_names_are_accepted(filename):
    assert problems(read_table, b"code\n", filename=filename, columns=COLUMNS) == [
        f"'{filename}' is not a .csv or .xlsx file"
    ]


def test_extensions_are_matched_without_case():
    table = read_table(b"code\nde-a\n", filename="/tmp/REGISTER.CSV", columns=COLUMNS)
    assert table.rows[0].values == {"code": "de-a"}


# Reading XLSX


def read_xlsx(content: bytes, **options):
    return read_table(io.BytesIO(content), filename="register.xlsx", columns=COLUMNS, **options)


def test_xlsx_cells_become_the_text_a_csv_would_hold():
    content = xlsx(
        [" Code", "name", "population"], ["de-a", "  Freiburg ", 231195.0], [], ["de-b", 7, 12.5]
    )
    table = read_xlsx(content)
    assert [(row.number, row.values) for row in table.rows] == [
        (2, {"code": "de-a", "name": "Freiburg", "population": "231195"}),
        (4, {"code": "de-b", "name": "7", "population": "12.5"}),
    ]


def test_only_the_first_sheet_is_read():
    workbook = openpyxl.Workbook()
    workbook.active.append(["code"])
    workbook.active.append(["de-a"])
    workbook.create_sheet().append(["something", "else"])
    target = io.BytesIO()
    workbook.save(target)
    assert [row.values for row in read_xlsx(target.getvalue()).rows] == [{"code": "de-a"}]


def test_xlsx_header_errors_match_csv_ones():
    assert problems(read_xlsx, xlsx(["code", "colour"], ["de-a", "red"]), required=["name"]) == [
        "row 1, `colour`: unknown column; the columns are code, name, population",
        "row 1, `name`: this required column is missing",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"code,name\nde-a,A\n",
            "the file is not an XLSX workbook: it looks like some other kind of file",
        ),
        (b"%PDF-1.7\n", "the file is not an XLSX workbook: it looks like a PDF document"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1",
            "the file is not an XLSX workbook: it looks like an Excel 97-2003 (.xls) workbook; "
            "save it as .xlsx",
        ),
    ],
    ids=["csv", "pdf", "xls"],
)
def test_what_is_not_a_workbook_is_refused_with_a_reason(content, message):
    assert problems(read_xlsx, content) == [message]


def test_a_damaged_workbook_is_refused():
    content = xlsx(["code"], ["de-a"])
    [error] = problems(read_xlsx, content[: len(content) // 2])
    assert error.startswith("the file is not a readable XLSX workbook (")
    [error] = problems(read_xlsx, b"PK\x03\x04 but no archive follows")
    assert error.startswith("the file is not a readable XLSX workbook (")


# Cell values


def cell_error(parse, text: str) -> str:
    with pytest.raises(CellError) as error:
        parse(text)
    return str(error.value)


@pytest.mark.parametrize(("text", "value"), [("0", 0), ("231195", 231195), ("-5", -5), ("+7", 7)])
def test_whole_numbers(text, value):
    assert to_integer(text) == value


@pytest.mark.parametrize("text", ["12.5", "1,000", "1 000", "1_000", "1e3", "abc", "²"])
def test_not_whole_numbers(text):
    assert cell_error(to_integer, text) == f"'{text}' is not a whole number"


@pytest.mark.parametrize(
    ("text", "value"),
    [("47.999", 47.999), ("-7.8421", -7.8421), ("1e3", 1000.0), (".5", 0.5), ("3", 3.0)],
)
def test_numbers(text, value):
    assert to_number(text) == value


@pytest.mark.parametrize("text", ["abc", "nan", "inf", "-Infinity", "1e400", "1_000.5", "0x10"])
def test_not_numbers(text):
    assert cell_error(to_number, text) == f"'{text}' is not a number"


def test_a_decimal_comma_is_refused_with_a_hint():
    assert cell_error(to_number, "153,07") == (
        "'153,07' is not a number; use a dot as the decimal separator"
    )


# Writing


def written(rows, file_format: str, columns=COLUMNS) -> bytes:
    target = io.BytesIO()
    write_table(rows, columns=columns, format=file_format, target=target)
    return target.getvalue()


def test_csv_is_utf8_with_a_byte_order_mark_and_blank_for_none():
    content = written([("de-a", "Zürich", None), ("de-b", "B", 12)], "csv")
    assert content == "\ufeffcode,name,population\nde-a,Zürich,\nde-b,B,12\n".encode()


def test_writing_leaves_the_target_open():
    target = io.BytesIO()
    write_table([], columns=COLUMNS, format="csv", target=target)
    assert not target.closed


def test_xlsx_has_a_bold_frozen_header_and_fitting_columns():
    content = written([("de-a", "A" * 30, 1), ("de-b", "B" * 80, 2)], "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [cell.value for cell in sheet[1]] == COLUMNS
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == len("de-a") + 2
    assert sheet.column_dimensions["C"].width == len("population") + 2
    assert sheet.column_dimensions["B"].width == 50
    assert sheet["C2"].value == 1  # numbers stay numbers


def test_xlsx_text_with_a_character_xml_cannot_hold_still_reads_back():
    # U+FFFF and U+FFFE are not XML characters (XML 1.0, §2.2 Characters): a
    # workbook holding them is written by openpyxl but cannot be read again.
    content = written([("de-a", "Ring\uffffroad\ufffe", None)], "xlsx")
    assert read_xlsx(content).rows[0].values["name"] == "Ring\ufffdroad\ufffd"


def test_xlsx_text_that_looks_like_a_formula_stays_text():
    content = written([("de-a", '=HYPERLINK("http://x")', None)], "xlsx")
    assert read_xlsx(content).rows[0].values["name"] == '=HYPERLINK("http://x")'


# OWASP, "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection):
# a cell that begins with = + - @, a tab or a carriage return is a formula to a
# spreadsheet; prefix it with a single quote.
@pytest.mark.parametrize(
    "text, cell",
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("-2+3", "'-2+3"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("'=1+1", "''=1+1"),  # so that it reads back as it was
        ("'s-Hertogenbosch", "'s-Hertogenbosch"),
        ("Freiburg = green", "Freiburg = green"),
        ("", ""),
    ],
)
def test_text_a_spreadsheet_would_take_for_a_formula_gets_a_quote(text, cell):
    assert spreadsheet_value(text) == cell


@pytest.mark.parametrize("value", [None, -2.5, -3, 0, True, datetime.date(2020, 1, 31)])
def test_numbers_dates_and_blanks_stay_as_they_are(value):
    assert spreadsheet_value(value) is value


def test_a_negative_figure_stays_a_number_in_either_format():
    rows = [("-2+3", -2.5, -3)]
    content = written(rows, "csv", columns=["name", "a", "b"])
    assert content.decode("utf-8-sig").splitlines()[1] == "'-2+3,-2.5,-3"
    sheet = openpyxl.load_workbook(io.BytesIO(written(rows, "xlsx", columns=["name", "a", "b"])))
    name, a, b = next(sheet.active.iter_rows(min_row=2))
    assert (name.value, name.data_type) == ("'-2+3", "s")
    assert (a.value, b.value) == (-2.5, -3)


def test_streamed_csv_is_escaped_like_a_written_one():
    rows = [("de-a", "=1+1", -1)] * 3
    assert b"".join(csv_chunks(rows, columns=COLUMNS, rows_per_chunk=2)) == written(rows, "csv")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "name", ['=HYPERLINK("x")', "@SUM(1+1)", "-2+3", "'=x", "'s-Hertogenbosch"]
)
def test_escaped_text_reads_back_as_it_was(file_format, name):
    content = written([("de-a", name, 1)], file_format)
    table = read_table(content, filename=f"register.{file_format}", columns=COLUMNS)
    assert table.rows[0].values["name"] == name


# Text cells as a spreadsheet keeps them: no surrounding spaces, no control characters.
cell_text = (
    st.text(st.characters(exclude_categories=["Cc", "Cs"]), min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)
tables = st.lists(st.lists(st.none() | cell_text, min_size=3, max_size=3), min_size=1, max_size=8)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@given(rows=tables)
def test_what_is_written_reads_back_unchanged(file_format, rows):
    rows = [row for row in rows if any(row)]  # a blank row is no row
    content = written(rows, file_format)
    table = read_table(content, filename=f"register.{file_format}", columns=COLUMNS)
    assert [list(row.values.values()) for row in table.rows] == rows


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_smaller_row_limit_is_refused_before_the_rows_are_read(file_format):
    """A file imported while its page waits states its own limit (PAGE_IMPORT_ROWS)."""
    rows = [["code", "name"], *([f"c{n}", "x"] for n in range(6))]
    buffer = io.BytesIO()
    write_table(rows[1:], columns=rows[0], format=file_format, target=buffer)
    content = buffer.getvalue()
    filename = f"register.{file_format}"
    assert len(read_table(content, filename=filename, columns=COLUMNS, max_rows=6).rows) == 6
    with pytest.raises(ImportFailed, match="more than 5 rows below its header"):
        read_table(content, filename=filename, columns=COLUMNS, max_rows=5)
