"""The member register as a CSV/XLSX file (docs/formats/members.md): import, export, command."""

from __future__ import annotations

import io
import itertools
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localaction.network.members import (
    MEMBER_COLUMNS,
    ImportResult,
    export_members,
    import_members,
)
from localaction.network.models import Country, LocalGovernment
from localaction.tables import ImportFailed, read_table, write_table

HEADER = ",".join(MEMBER_COLUMNS)
STORED = (
    "code",
    "name",
    "country_id",
    "kind",
    "population",
    "population_year",
    "population_growth_percent",
    "area_km2",
    "latitude",
    "longitude",
    "parent__code",
    "subdivision",
    "languages",
    "is_published",
    "updated_at",
)


def csv_file(*lines: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *lines, ""]).encode()


def register() -> list[tuple]:
    """Everything the import could touch, and the history it would leave."""
    return [
        *LocalGovernment.objects.order_by("code").values_list(*STORED),
        ("history", LocalGovernment.history.count()),
    ]


def exported(file_format: str = "csv") -> bytes:
    target = io.BytesIO()
    export_members(LocalGovernment.objects.order_by("code"), format=file_format, target=target)
    return target.getvalue()


def table_in(content: bytes, file_format: str):
    return read_table(content, filename=f"members.{file_format}", columns=MEMBER_COLUMNS)


def refused(content: bytes, filename: str = "members.csv") -> list[str]:
    """The errors an import reports, after checking that it changed nothing."""
    before = register()
    with pytest.raises(ImportFailed) as failure:
        import_members(content, filename=filename)
    assert register() == before
    return [str(error) for error in failure.value.errors]


@pytest.fixture
def baden_wuerttemberg(cast) -> LocalGovernment:
    """Freiburg's state, so that the register has a parent to export."""
    state = LocalGovernment.objects.create(
        code="de-bw",
        name="Baden-Württemberg",
        country_id="DE",
        kind=LocalGovernment.Kind.REGIONAL,
        population=11_280_257,
    )
    cast.freiburg.parent = state
    cast.freiburg.save()
    return state


# Export and the round trip


def test_export_writes_one_row_per_local_government(cast, baden_wuerttemberg):
    lines = exported().decode("utf-8-sig").splitlines()
    assert lines == [
        HEADER,
        "de-bw,Baden-Württemberg,DE,regional,11280257,,,,,,europe,",
        "de-freiburg,Freiburg im Breisgau,DE,municipality,231195,2022,153.07,47.999,7.8421,"
        "de-bw,europe,",
        "de-hidden,Unpublished Town,DE,municipality,,,,,,,europe,",
        "ke-nairobi,Nairobi,KE,municipality,4397073,,,,,,africa,",
    ]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(cast, baden_wuerttemberg, file_format):
    content = exported(file_format)
    before = register()

    result = import_members(content, filename=f"members.{file_format}")

    assert result == ImportResult(created=0, updated=0, unchanged=4)
    assert register() == before
    # The same table again (an XLSX file's bytes also hold the time it was written).
    assert table_in(exported(file_format), file_format) == table_in(content, file_format)


def test_csv_export_is_the_same_bytes_after_a_round_trip(cast, baden_wuerttemberg):
    content = exported()
    import_members(content, filename="members.csv")
    assert exported() == content


def test_an_exported_register_recreates_itself_in_an_empty_one(cast, baden_wuerttemberg):
    content = exported()
    fields = STORED[:10]
    rows = list(LocalGovernment.objects.order_by("code").values_list(*fields))
    LocalGovernment.objects.update(parent=None)
    LocalGovernment.objects.all().delete()

    result = import_members(content, filename="members.csv")

    assert result == ImportResult(created=4, updated=0, unchanged=0)
    assert list(LocalGovernment.objects.order_by("code").values_list(*fields)) == rows


# Creating and updating


def test_new_codes_are_created_parents_first(cast):
    content = csv_file(
        "de-au,Au,DE,,1600,2020,2.1,47.95,7.82,de-merzhausen,",
        "de-merzhausen,Merzhausen,de,Municipality,5300,2021,4.5,47.97,7.83,de-freiburg,Europe",
        "ke-kisumu,Kisumu,KE,county,1155574,2019,2085.9,-0.1,34.75,,africa",
    )

    result = import_members(content, filename="members.csv")

    assert result == ImportResult(created=3, updated=0, unchanged=0)
    au = LocalGovernment.objects.get(code="de-au")
    assert (au.name, au.country_id, au.kind, au.population, au.area_km2) == (
        "Au",
        "DE",
        LocalGovernment.Kind.MUNICIPALITY,
        1600,
        2.1,
    )
    assert au.parent.code == "de-merzhausen"
    assert au.parent.parent == cast.freiburg
    kisumu = LocalGovernment.objects.get(code="ke-kisumu")
    assert (kisumu.kind, kisumu.latitude, kisumu.parent) == ("county", -0.1, None)
    assert au.history.get().history_change_reason == "import of members.csv"


def test_known_codes_are_updated_and_the_rest_kept(cast):
    freiburg_updated_at = cast.freiburg.updated_at
    content = csv_file(
        "de-freiburg,Freiburg im Breisgau,DE,municipality,236140,2023,153.07,47.999,7.8421,,",
        "ke-nairobi,Nairobi,KE,municipality,4397073,,,,,,",
    )

    result = import_members(content, filename="members.csv")

    assert result == ImportResult(created=0, updated=1, unchanged=1)
    freiburg = LocalGovernment.objects.get(code="de-freiburg")
    assert (freiburg.population, freiburg.population_year) == (236_140, 2023)
    # What the format does not carry is left alone.
    assert (freiburg.subdivision, freiburg.languages, freiburg.is_published) == (
        "DE-BW",
        ["de"],
        True,
    )
    assert freiburg.current_membership.status == "active"
    assert freiburg.updated_at > freiburg_updated_at
    latest = freiburg.history.first()
    assert (latest.history_type, latest.population) == ("~", 236_140)
    assert latest.history_change_reason == "import of members.csv"


def test_columns_left_out_keep_their_values_and_blank_cells_clear_them(cast):
    import_members(
        csv_file("de-freiburg,Freiburg,DE,", header="code,name,country,population_year"),
        filename="members.csv",
    )

    freiburg = LocalGovernment.objects.get(code="de-freiburg")
    assert freiburg.name == "Freiburg"
    assert freiburg.population_year is None
    assert (freiburg.population, freiburg.kind, freiburg.latitude) == (
        231_195,
        "municipality",
        47.999,
    )


def test_a_file_may_rearrange_parents_the_register_already_has(cast, baden_wuerttemberg):
    # Today Freiburg is in the state; the file turns this around, which is
    # only a cycle if one reads the file against the old register.
    content = csv_file(
        "de-bw,Baden-Württemberg,DE,regional,,,,,,de-freiburg,",
        "de-freiburg,Freiburg im Breisgau,DE,municipality,,,,,,,",
    )

    assert import_members(content, filename="members.csv").updated == 2
    assert LocalGovernment.objects.get(code="de-bw").parent == cast.freiburg
    assert LocalGovernment.objects.get(code="de-freiburg").parent is None


def test_semicolon_delimited_csv_with_bom_from_excel(cast):
    content = "\ufeffcode;name;country;area_km2\r\nde-au;Au;DE;2.1\r\n".encode()
    assert import_members(content, filename="Mitglieder.CSV").created == 1
    assert LocalGovernment.objects.get(code="de-au").area_km2 == 2.1


# What is refused, and how users are told

NEW = {
    "code": "de-neu",
    "name": "Neustadt",
    "country": "DE",
    "kind": "municipality",
    "population": "12000",
    "population_year": "2022",
    "area_km2": "30.5",
    "latitude": "48.1",
    "longitude": "8.2",
    "parent_code": "de-freiburg",
    "region": "europe",
    "population_growth_percent": "0.8",
}


def with_new_row(**changes: str) -> bytes:
    """A valid update of Freiburg on row 2, then a new row 3 with `changes`."""
    row = NEW | changes
    return csv_file(
        "de-freiburg,Freiburg (renamed),DE,municipality,1,2022,1,1,1,,europe",
        ",".join(row[column] for column in MEMBER_COLUMNS),
    )


def test_the_valid_row_used_below_is_valid(cast):
    assert import_members(with_new_row(), filename="members.csv") == ImportResult(1, 1, 0)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (
            "code",
            "de neu",
            "Use letters, digits, dots, hyphens and underscores, starting with a letter or digit.",
        ),
        (
            "code",
            "-de-neu",
            "Use letters, digits, dots, hyphens and underscores, starting with a letter or digit.",
        ),
        ("code", "x" * 41, "Ensure this value has at most 40 characters (it has 41)."),
        ("code", "", "a value is required"),
        ("name", "", "a value is required"),
        ("name", "N" * 201, "Ensure this value has at most 200 characters (it has 201)."),
        ("country", "", "a value is required"),
        ("country", "XX", "'XX' is not an ISO 3166 code"),
        ("country", "Germany", "'Germany' is not an ISO 3166 code"),
        ("country", "deu", "'deu' is not a two-letter ISO 3166 code; use 'DE'"),
        (
            "kind",
            "town",
            "'town' is not a kind; use one of municipality, county, metropolitan, regional, "
            "association",
        ),
        ("population", "-1", "Ensure this value is greater than or equal to 0."),
        ("population", "12000.5", "'12000.5' is not a whole number"),
        ("population", "12 000", "'12 000' is not a whole number"),
        ("population_year", "1799", "Ensure this value is greater than or equal to 1800."),
        ("population_year", "2101", "Ensure this value is less than or equal to 2100."),
        ("area_km2", "-0.5", "Ensure this value is greater than or equal to 0.0."),
        ("area_km2", '"30,5"', "'30,5' is not a number; use a dot as the decimal separator"),
        ("latitude", "90.5", "Ensure this value is less than or equal to 90.0."),
        ("latitude", "-91", "Ensure this value is greater than or equal to -90.0."),
        ("longitude", "180.01", "Ensure this value is less than or equal to 180.0."),
        ("longitude", "nan", "'nan' is not a number"),
        ("parent_code", "de-nowhere", "'de-nowhere' is neither in the file nor in the register"),
        ("parent_code", "de-neu", "a cycle of parents: de-neu → de-neu"),
        ("region", "africa", "DE (Germany) is in the region 'europe' (Europe), not 'africa'"),
        ("region", "Asia", "DE (Germany) is in the region 'europe' (Europe), not 'Asia'"),
    ],
)
def test_a_bad_value_is_reported_at_its_row_and_column(cast, column, value, message):
    assert refused(with_new_row(**{column: value})) == [f"row 3, `{column}`: {message}"]


def test_a_code_twice_in_a_file_names_the_first_row(cast):
    content = csv_file(
        "de-neu,Neustadt,DE,,,,,,,,",
        "de-au,Au,DE,,,,,,,,",
        "de-neu,Neustadt again,DE,,,,,,,,",
    )
    assert refused(content) == ["row 4, `code`: 'de-neu' appears again; first on row 2"]


def test_every_problem_of_every_row_is_reported_in_order(cast):
    content = csv_file(
        "de-ok,Fine,DE,,,,,,,,",
        ",,XX,,-5,,,,,,",
        "",
        "de-worse,Worse,DE,town,,1700,,91,,de-nowhere,asia",
    )
    assert refused(content) == [
        "row 3, `code`: a value is required",
        "row 3, `name`: a value is required",
        "row 3, `country`: 'XX' is not an ISO 3166 code",
        "row 3, `population`: Ensure this value is greater than or equal to 0.",
        "row 5, `kind`: 'town' is not a kind; use one of municipality, county, metropolitan, "
        "regional, association",
        "row 5, `population_year`: Ensure this value is greater than or equal to 1800.",
        "row 5, `latitude`: Ensure this value is less than or equal to 90.0.",
        "row 5, `parent_code`: 'de-nowhere' is neither in the file nor in the register",
        "row 5, `region`: DE (Germany) is in the region 'europe' (Europe), not 'asia'",
    ]


def test_an_unquoted_comma_is_caught_by_the_cells_beyond_the_header(cast):
    content = csv_file("de-neu,Neustadt, Schwarzwald,DE,county,12000,2022,,,,,,,europe")
    assert refused(content) == [
        "row 2: a value in column N, which has no header "
        "(does a value contain an unquoted delimiter?)",
        "row 2, `country`: 'Schwarzwald' is not an ISO 3166 code",
        "row 2, `kind`: 'DE' is not a kind; use one of municipality, county, metropolitan, "
        "regional, association",
        "row 2, `population`: 'county' is not a whole number",
        "row 2, `population_year`: Ensure this value is less than or equal to 2100.",
    ]


def test_moving_to_another_country_keeps_the_subdivision_so_must_fit_it(cast):
    content = csv_file("de-freiburg,Freiburg im Breisgau,FR,,,,,,,,")
    assert refused(content) == ["row 2, `country`: 'DE-BW' is not a subdivision of FR."]


def test_a_cycle_within_the_file_is_reported_on_each_of_its_rows(cast):
    content = csv_file(
        "de-a,A,DE,,,,,,,de-b,",
        "de-x,X,DE,,,,,,,de-a,",
        "de-b,B,DE,,,,,,,de-a,",
    )
    assert refused(content) == [
        "row 2, `parent_code`: a cycle of parents: de-a → de-b → de-a",
        "row 4, `parent_code`: a cycle of parents: de-b → de-a → de-b",
    ]


def test_a_cycle_closed_through_the_register_is_reported(cast, baden_wuerttemberg):
    # In the register Freiburg is in the state and Au in Freiburg; the file
    # puts the state into Au without mentioning Freiburg.
    LocalGovernment.objects.create(code="de-au", name="Au", country_id="DE", parent=cast.freiburg)
    content = csv_file("de-bw,Baden-Württemberg,DE,regional,,,,,,de-au,")
    assert refused(content) == [
        "row 2, `parent_code`: a cycle of parents: de-bw → de-au → de-freiburg → de-bw"
    ]


def test_missing_and_unknown_columns_are_named(cast):
    content = csv_file("de-neu,Neustadt,DE,x", header="code,Name,population,colour")
    assert refused(content) == [
        "row 1, `colour`: unknown column; the columns are " + ", ".join(MEMBER_COLUMNS),
        "row 1, `country`: this required column is missing",
    ]


def test_a_csv_that_is_not_utf8_is_refused(cast):
    content = csv_file("de-zurich,Zürich,CH,,,,,,,,").decode().encode("latin-1")
    assert refused(content) == [
        "the file is not UTF-8 text (line 2 has the byte 0xFC; save it as “CSV UTF-8”)"
    ]


def test_a_pdf_renamed_xlsx_is_refused(cast):
    assert refused(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", filename="members.xlsx") == [
        "the file is not an XLSX workbook: it looks like a PDF document"
    ]


def test_a_text_file_renamed_xlsx_is_refused(cast):
    assert refused(csv_file("de-neu,Neustadt,DE,,,,,,,,"), filename="members.xlsx") == [
        "the file is not an XLSX workbook: it looks like some other kind of file"
    ]


# The command


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("members", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_imports_a_file(cast, tmp_path):
    path = tmp_path / "members.csv"
    path.write_bytes(with_new_row())
    out, err = run("import", str(path))
    assert out == "Imported 2 local governments: 1 created, 1 updated, 0 unchanged.\n"
    assert err == ""
    assert LocalGovernment.objects.get(code="de-neu").parent == cast.freiburg


def test_command_prints_every_error_and_fails_without_changing_anything(cast, tmp_path):
    path = tmp_path / "members.csv"
    path.write_bytes(
        csv_file("de-freiburg,Renamed,DE,,,,,,,,", "de-bad,Bad,XX,,,,,,,,", "de-worse,,DE,,,,,,,,")
    )
    out, err = StringIO(), StringIO()
    before = register()
    with pytest.raises(CommandError) as failure:
        call_command("members", "import", str(path), stdout=out, stderr=err)
    assert failure.value.returncode == 1
    assert str(failure.value) == f"{path} was not imported (2 problems); nothing has changed."
    assert err.getvalue().splitlines() == [
        "row 3, `country`: 'XX' is not an ISO 3166 code",
        "row 4, `name`: a value is required",
    ]
    assert out.getvalue() == ""
    assert register() == before


def test_command_refuses_a_file_it_cannot_read(cast, tmp_path):
    with pytest.raises(
        CommandError, match=r"^Cannot read .*nothing\.csv: No such file or directory\.$"
    ):
        run("import", str(tmp_path / "nothing.csv"))


def test_command_exports_csv_to_standard_output_without_bom(cast):
    out, _ = run("export")
    assert out.encode() == exported()[len("\ufeff".encode()) :]
    assert out.splitlines()[0] == HEADER


def test_command_exports_xlsx_to_a_file_that_imports_back(cast, tmp_path):
    path = tmp_path / "members.xlsx"
    out, _ = run("export", "--output", str(path))
    assert out == f"Exported 3 local governments to {path}.\n"
    assert path.read_bytes().startswith(b"PK\x03\x04")
    assert import_members(path.read_bytes(), filename=path.name).unchanged == 3


def test_command_exports_csv_to_a_file_when_asked(cast, tmp_path):
    path = tmp_path / "members.txt"
    run("export", "--format", "csv", "--output", str(path))
    assert path.read_bytes() == exported()


def test_command_will_not_print_a_workbook(cast):
    with pytest.raises(
        CommandError, match=r"^XLSX cannot go to the terminal; give --output FILE\.$"
    ):
        run("export", "--format", "xlsx")


# Any valid row round-trips

COUNTRIES = ["DE", "ke", "Fr", "BR", "jp"]
names = (
    st.text(st.characters(exclude_categories=["Cc", "Cs"]), min_size=1, max_size=60)
    .map(str.strip)
    .filter(bool)
)


def spreadsheet_numbers(low: float, high: float) -> st.SearchStrategy[float]:
    """Numbers as Excel keeps them: 15 significant digits (openpyxl writes 16)."""
    return st.floats(low, high).map(lambda number: float(f"{number:.15g}"))


rows = st.fixed_dictionaries(
    {
        "code": st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,12}", fullmatch=True),
        "name": names,
        "country": st.sampled_from(COUNTRIES),
        "kind": st.sampled_from(["", "County", *LocalGovernment.Kind.values]),
        "population": st.none() | st.integers(0, 10**10),
        "population_year": st.none() | st.integers(1800, 2100),
        "area_km2": st.none() | spreadsheet_numbers(0, 1e6),
        "latitude": st.none() | spreadsheet_numbers(-90, 90),
        "longitude": st.none() | spreadsheet_numbers(-180, 180),
        "parent": st.none() | st.integers(0, 100),
        "region": st.sampled_from(["", "code", "name"]),
        "population_growth_percent": st.none() | spreadsheet_numbers(-50, 50),
    }
)
NUMBERS = MEMBER_COLUMNS[4:9]
example_numbers = itertools.count()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(generated=st.lists(rows, min_size=1, max_size=10, unique_by=lambda row: row["code"]))
def test_any_valid_rows_import_as_given_and_round_trip(db, generated):
    # The examples share one database, so each one has codes of its own.
    prefix = f"p{next(example_numbers)}-"
    region_of = {c.code: c.region for c in Country.objects.select_related("region")}
    lines, expected = [], {}
    for index, row in enumerate(generated):
        code = prefix + row["code"]
        # A parent among the rows before, so that there is never a cycle.
        parent = None
        if row["parent"] is not None and index:
            parent = prefix + generated[row["parent"] % index]["code"]
        country = row["country"].upper()
        region = getattr(region_of[country], row["region"]) if row["region"] else None
        kind = row["kind"] or None
        lines.append(
            [
                code,
                row["name"],
                row["country"],
                kind,
                *map(row.get, NUMBERS),
                parent,
                region,
                row["population_growth_percent"],
            ]
        )
        expected[code] = (
            code,
            row["name"],
            country,
            (kind or "municipality").lower(),
            row["population"],
            row["population_year"],
            row["population_growth_percent"],
            *map(row.get, NUMBERS[2:]),
            parent,
        )
    content = io.BytesIO()
    write_table(lines, columns=MEMBER_COLUMNS, format="csv", target=content)

    assert import_members(content.getvalue(), filename="generated.csv").created == len(generated)
    mine = LocalGovernment.objects.filter(code__startswith=prefix)
    assert {row[0]: row for row in mine.values_list(*STORED[:11])} == expected
    for file_format in ("csv", "xlsx"):
        target = io.BytesIO()
        export_members(mine, format=file_format, target=target)
        result = import_members(target.getvalue(), filename=f"export.{file_format}")
        assert result == ImportResult(created=0, updated=0, unchanged=len(generated))
