"""A budget and a balance as CSV/XLSX: round trips, row-level errors, all or nothing."""

import io

import openpyxl
import pytest

from localaction.sustainability.ecobudget import files, services
from localaction.sustainability.ecobudget.models import EcoBudget, EcoBudgetLine
from localaction.tables import ImportFailed

pytestmark = pytest.mark.django_db


def exported(budget, kind: str, file_format: str) -> bytes:
    target = io.BytesIO()
    export = files.export_budget if kind == "budget" else files.export_balance
    export(services.statement(budget), format=file_format, target=target)
    return target.getvalue()


def values(budget) -> dict:
    return {
        line.indicator.code: (line.reference_value, line.previous_value, line.target, line.actual)
        for line in EcoBudgetLine.objects.filter(budget=budget).select_related("indicator")
    }


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_budget_round_trips(cast, draft, file_format):
    content = exported(draft, "budget", file_format)
    other = services.budget_create(local_government=cast.freiburg, year=2025)
    files.import_budget(other, content, filename=f"budget.{file_format}")
    assert values(other) == values(draft)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_balance_round_trips(cast, balanced, adopted_2025, file_format):
    content = exported(balanced, "balance", file_format)
    files.import_balance(adopted_2025, content, filename=f"balance.{file_format}")
    assert {code: row[3] for code, row in values(adopted_2025).items()} == {
        code: row[3] for code, row in values(balanced).items()
    }
    adopted_2025.refresh_from_db()
    assert adopted_2025.status == EcoBudget.Status.BALANCE


@pytest.fixture
def adopted_2025(cast):
    from localaction.sustainability.tests.ecobudget.conftest import adopted_budget

    return adopted_budget(cast.freiburg, 2025)


def test_the_export_reads_as_the_statement(balanced):
    content = exported(balanced, "balance", "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.values)
    assert rows[0] == files.BALANCE_COLUMNS
    water = next(row for row in rows if row[0] == "water_per_person")
    assert water[3:7] == (125, 120, 5, "met")


def test_every_problem_is_reported_by_row_and_nothing_is_written(draft):
    before = values(draft)
    content = (
        b"indicator,unit,target,reference_year\n"
        b"water_per_person,,120,\n"  # fine on its own
        b"protected_area,MWh,5,\n"  # wrong dimension
        b"nonsense,,1,\n"  # not an indicator
        b"waste_per_person,,1e99,\n"  # huge
        b"sealed_land,,12,20x4\n"  # not a year
        b"water_per_person,,1,\n"  # twice
    )
    with pytest.raises(ImportFailed) as failed:
        files.import_budget(draft, content, filename="budget.csv")
    shown = [str(error) for error in failed.value.errors]
    assert shown[0].startswith("row 3, `unit`: 'MWh' is not a unit of protected_area")
    assert shown[1] == "row 4, `indicator`: 'nonsense' is not an indicator"
    assert shown[2].startswith("row 5, `target`: Enter a finite number")
    assert shown[3].startswith("row 6, `reference_year`: '20x4' is not a whole number")
    assert shown[4] == "row 7, `indicator`: water_per_person is already on row 2"
    assert len(shown) == 5
    assert values(draft) == before  # the good row 2 was not kept either


def test_a_balance_file_for_an_indicator_not_in_the_budget_or_a_draft(draft, adopted_2025):
    content = b"indicator,actual\nwater_per_person,120\nsealed_land,3\n"
    with pytest.raises(ImportFailed) as failed:
        files.import_balance(adopted_2025, content, filename="balance.csv")
    assert [str(error) for error in failed.value.errors] == [
        "row 3, `indicator`: The indicator sealed_land is not in the budget of 2025."
    ]
    assert values(adopted_2025)["water_per_person"][3] is None
    with pytest.raises(ImportFailed, match="has not adopted the budget of 2024"):
        files.import_balance(draft, b"indicator,actual\nwater_per_person,120\n", filename="b.csv")


def test_an_adopted_budget_is_not_imported_over(adopted_2025):
    with pytest.raises(ImportFailed, match="adopted"):
        files.import_budget(
            adopted_2025, b"indicator,target\nwater_per_person,1\n", filename="b.csv"
        )


def test_the_import_page_shows_the_row_errors(client_as, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("budget.csv", b"indicator,target\nprotected_area,abc\n", "text/csv")
    response = client_as("editor").post(
        "/members/de-freiburg/ecobudget/2024/budget/import/", {"file": upload}
    )
    assert response.status_code == 400
    assert "row 2, `target`: &#x27;abc&#x27; is not a number" in response.content.decode()
    good = SimpleUploadedFile("budget.csv", b"indicator,target\nprotected_area,600\n", "text/csv")
    response = client_as("editor").post(
        "/members/de-freiburg/ecobudget/2024/budget/import/", {"file": good}
    )
    assert response.status_code == 302
    assert values(draft)["protected_area"][2] == 600


@pytest.mark.parametrize("who", ["anonymous", "colleague", "outsider"])
def test_downloads_follow_what_the_person_may_see(client_as, draft, who):
    response = client_as(who).get("/members/de-freiburg/ecobudget/2024/budget.csv")
    assert response.status_code == (200 if who == "colleague" else 404)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_downloads_escape_what_a_spreadsheet_would_run(client_as, cast, file_format):
    """A member's own indicator and comments are typed by people: a cell that
    starts like a formula is written with a leading ' (tables.py)."""
    from localaction.core.ecobudget import Value
    from localaction.sustainability.ecobudget.models import EcoIndicator, EnvironmentalResource

    own = EcoIndicator.objects.create(
        local_government=cast.freiburg,
        code="formula",
        name='=HYPERLINK("http://evil.example","x")',
        resource=EnvironmentalResource.objects.get(code="land"),
        unit="ha",
        direction="more",
    )
    budget = services.budget_create(local_government=cast.freiburg, year=2024)
    services.budget_set_line(
        budget=budget, indicator=own, target=Value(1), comment="@SUM(1+1)*cmd|' /C calc'!A0"
    )
    for kind in ("budget", "balance"):
        response = client_as("editor").get(
            f"/members/de-freiburg/ecobudget/2024/{kind}.{file_format}"
        )
        content = response.content
        if file_format == "csv":
            text = content.decode("utf-8-sig")
            assert "'=HYPERLINK" in text and "'@SUM" in text
        else:
            sheet = openpyxl.load_workbook(io.BytesIO(content)).active
            texts = [cell for row in sheet.values for cell in row if isinstance(cell, str)]
            assert not any(text.startswith(("=", "@")) for text in texts)
            assert any(text.startswith("'=HYPERLINK") for text in texts)
