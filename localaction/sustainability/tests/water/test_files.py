"""A water inventory's lines as CSV/XLSX: a download imports back unchanged
(round trip), and a file with any bad row lands not at all, each problem named
by row and column; text a spreadsheet would run as a formula is neutralised."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from localaction.sustainability.water import files, services
from localaction.tables import ImportFailed

pytestmark = pytest.mark.django_db


def _lines(inventory):
    return sorted(inventory.lines.values_list("sector", "source", "amount", "unit", "m3", "note"))


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_lines_round_trip(client_as, cast, inventory, file_format):
    before = _lines(inventory)
    download = client_as("editor").get(
        reverse("water:download", args=["de-freiburg", 2023, file_format])
    )
    assert download.status_code == 200
    other = services.water_inventory_create(
        local_government=cast.freiburg, year=2024, population_served=100_000, user=cast.editor
    )
    response = client_as("editor").post(
        reverse("water:import", args=["de-freiburg", 2024]),
        {"file": SimpleUploadedFile(f"lines.{file_format}", download.content)},
    )
    assert response.status_code == 302
    assert _lines(other) == before
    other.refresh_from_db()
    assert other.total_m3 == pytest.approx(inventory.total_m3)


def test_a_file_with_bad_rows_lands_not_at_all(cast, inventory):
    content = (
        b"sector,source,amount,unit,note\n"
        b"residential,surface,100,m3,fine\n"
        b"residential,surface,5,m3,twice\n"
        b"industrial,groundwater,12,kWh,\n"
        b"farms,surface,1,m3,\n"
        b"commercial,surface,1;5,m3,\n"
        b"municipal,surface,,m3,\n"
    )
    with pytest.raises(ImportFailed) as failed:
        files.import_lines(content, filename="lines.csv", inventory=inventory, user=cast.editor)
    errors = [(error.row, error.column) for error in failed.value.errors]
    assert (6, "amount") in errors  # "1;5" is not a number
    assert (7, "amount") in errors  # blank, required
    messages = " ".join(str(error) for error in failed.value.errors)
    assert "row 6, `amount`: '1;5' is not a number" in messages
    assert (3, "source") in errors  # residential from surface twice
    assert (4, "unit") in errors and (5, "sector") in errors
    assert inventory.lines.count() == 6  # nothing changed


def test_a_file_of_readable_rows_with_bad_values_names_each_row(cast, inventory):
    content = (
        b"Sector,Source,Amount,Unit\n"
        b"residential,surface,100,m3\n"
        b"residential,surface,5,m3\n"
        b"industrial,groundwater,12,kWh\n"
        b"farms,surface,1,m3\n"
        b"commercial,surface,-4,m3\n"
    )
    with pytest.raises(ImportFailed) as failed:
        files.import_lines(content, filename="lines.csv", inventory=inventory, user=cast.editor)
    found = {(error.row, error.column): error.message for error in failed.value.errors}
    assert "given twice" in found[3, "source"]
    assert "'kWh' is an energy, not a volume" in found[4, "unit"]
    assert "'farms' is not a user sector" in found[5, "sector"]
    assert "cannot be negative" in found[6, "amount"]
    assert inventory.lines.count() == 6  # nothing changed


def test_an_empty_or_foreign_file_is_refused(cast, inventory):
    with pytest.raises(ImportFailed, match="empty"):
        files.import_lines(b"", filename="lines.csv", inventory=inventory, user=cast.editor)
    with pytest.raises(ImportFailed, match="no consumption rows"):
        files.import_lines(
            b"sector,source,amount,unit\n",
            filename="lines.csv",
            inventory=inventory,
            user=cast.editor,
        )


def test_the_import_page_shows_the_errors_and_a_submitted_inventory_takes_none(
    client_as, cast, inventory
):
    url = reverse("water:import", args=["de-freiburg", 2023])
    bad = SimpleUploadedFile("lines.csv", b"sector,source,amount,unit\nresidential,sea,1,m3\n")
    response = client_as("editor").post(url, {"file": bad})
    assert response.status_code == 400
    assert "Nothing was imported" in response.content.decode()
    assert "&#x27;sea&#x27; is not a source of water" in response.content.decode()
    services.water_inventory_submit(inventory=inventory, user=cast.editor)
    good = SimpleUploadedFile("lines.csv", b"sector,source,amount,unit\nresidential,surface,1,m3\n")
    response = client_as("editor").post(url, {"file": good})
    assert response.status_code == 400
    assert inventory.lines.count() == 6


def test_formula_like_text_is_neutralised_on_export(cast, inventory):
    services.water_line_save(
        inventory=inventory,
        data=services.LineData("agriculture", "rainwater", 1, "m3", note='=HYPERLINK("x")'),
        user=cast.editor,
    )
    target = io.BytesIO()
    files.export_lines(inventory, format="csv", target=target)
    assert "'=HYPERLINK" in target.getvalue().decode("utf-8-sig")
