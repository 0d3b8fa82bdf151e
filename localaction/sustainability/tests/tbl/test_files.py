"""TBL values in and out as CSV/XLSX files: a round trip, and a file with any
bad row imports nothing, every problem named by row and column."""

import io

import openpyxl
import pytest
from django.urls import reverse

from localaction.sustainability.tbl import services
from localaction.sustainability.tbl.files import export_values, import_values
from localaction.sustainability.tbl.models import TBLValue
from localaction.tables import ImportFailed

HEADER = "indicator,year,value,unit,note\n"


def _values() -> list[tuple]:
    return sorted(TBLValue.objects.values_list("indicator__code", "year", "value", "note"))


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exported_values_import_back_unchanged(cast, record, file_format):
    services.value_set(
        local_government=cast.freiburg,
        indicator=record.tbl_values.first().indicator,
        year=2019,
        value=-1.5,
        note="=SUM(A1) looks like a formula",
    )
    before = _values()
    target = io.BytesIO()
    export_values(cast.freiburg, format=file_format, target=target)
    TBLValue.objects.all().delete()

    count = import_values(cast.freiburg, target.getvalue(), filename=f"values.{file_format}")

    assert count == len(before) == 6
    assert _values() == before


def test_the_export_escapes_formulas(cast, record):
    services.value_set(
        local_government=cast.freiburg,
        indicator=record.tbl_values.first().indicator,
        year=2019,
        value=1,
        note="=HYPERLINK()",
    )
    target = io.BytesIO()
    export_values(cast.freiburg, format="xlsx", target=target)
    sheet = openpyxl.load_workbook(io.BytesIO(target.getvalue())).active
    notes = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK()" in notes


def test_an_import_converts_units(cast, library):
    content = (HEADER + "municipal_waste_per_person,2024,0.43,t / person,\n").encode()
    import_values(cast.freiburg, content, filename="v.csv")
    assert TBLValue.objects.get().value == pytest.approx(430.0)


def test_a_file_with_bad_rows_imports_nothing_and_names_every_problem(cast, record, library):
    services.indicator_create(
        local_government=cast.nairobi,
        code="matatu_routes",
        name="Matatu routes",
        dimension="social",
        unit="unit",
        direction="more",
    )
    before = _values()
    content = (
        HEADER
        + "unemployment_rate,2024,5.2,,fine on its own\n"  # row 2
        + "municipal_waste_per_person,2024,3,kWh / person,\n"  # row 3: wrong dimension
        + "unemployment_rate,2023,inf,,\n"  # row 4: not finite
        + "unemployment_rate,2022,1e16,,\n"  # row 5: too big
        + "matatu_routes,2024,4,,\n"  # row 6: another member's indicator
        + "ghg_emissions,2024,1000,,\n"  # row 7: read from the platform
        + "no_such_thing,2024,1,,\n"  # row 8
        + "unemployment_rate,2024,5.3,,\n"  # row 9: duplicate of row 2
        + "unemployment_rate,20x4,5,,\n"  # row 10
        + "unemployment_rate,2024,5,,"
        + "n" * 2001
        + "\n"  # row 11: note too long (and a duplicate, reported first)
        + "school_completion,1850,90,,\n"  # row 12: year out of bounds
    ).encode()

    with pytest.raises(ImportFailed) as failed:
        import_values(cast.freiburg, content, filename="values.csv")

    problems = [str(error) for error in failed.value.errors]
    assert problems[0].startswith("row 3, `unit`: 'kWh / person' cannot be converted")
    assert "wrong dimension" in problems[0]
    assert problems[1].startswith("row 4, `value`: 'inf' is not a number")
    assert problems[2].startswith("row 5, `value`: Enter a finite number")
    assert problems[3] == "row 6, `indicator`: 'matatu_routes' is another member's own indicator"
    assert problems[4].startswith("row 7, `indicator`: The indicator 'ghg_emissions' takes")
    assert problems[5].startswith("row 8, `indicator`: 'no_such_thing' is not a library")
    assert problems[6] == "row 9, `year`: unemployment_rate of 2024 is already on row 2"
    assert problems[7] == "row 10, `year`: '20x4' is not a whole number"
    assert problems[8].startswith("row 11, `year`")
    assert problems[9].startswith("row 12, `year`: Enter a year from 1900 to 2100")
    assert len(problems) == 10
    assert _values() == before  # row 2 was fine, but nothing landed


def test_a_note_too_long_is_named(cast, library):
    content = (HEADER + "unemployment_rate,2024,5,," + "n" * 2001 + "\n").encode()
    with pytest.raises(ImportFailed) as failed:
        import_values(cast.freiburg, content, filename="values.csv")
    assert str(failed.value.errors[0]).startswith("row 2, `note`: Write at most 2,000")
    assert not TBLValue.objects.exists()


def test_the_import_page_shows_the_problems_and_writes_nothing(client_as, library):
    upload = io.BytesIO((HEADER + "unemployment_rate,2024,lots,,\n").encode())
    upload.name = "values.csv"
    response = client_as("editor").post(
        reverse("tbl:values-import", args=["de-freiburg"]), {"file": upload}
    )
    assert response.status_code == 400
    assert "row 2, `value`: &#x27;lots&#x27; is not a number" in response.content.decode()
    assert not TBLValue.objects.exists()


def test_the_import_page_imports_a_good_file(client_as, library):
    upload = io.BytesIO((HEADER + "unemployment_rate,2024,5.5,%,\n").encode())
    upload.name = "values.csv"
    response = client_as("editor").post(
        reverse("tbl:values-import", args=["de-freiburg"]), {"file": upload}
    )
    assert response.status_code == 200
    assert "1 value imported." in response.content.decode()
    assert TBLValue.objects.get().value == 5.5


def test_the_download_is_a_csv_of_the_values(client_as, record):
    response = client_as("colleague").get(
        reverse("tbl:values-download", args=["de-freiburg", "csv"])
    )
    text = b"".join(response).decode("utf-8-sig")
    assert text.splitlines()[0] == "indicator,year,value,unit,note,dimension,name"
    assert "renewable_electricity_share,2024,42.0,percent" in text
