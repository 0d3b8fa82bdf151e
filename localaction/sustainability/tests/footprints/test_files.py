"""Footprints and national references as CSV/XLSX: a download imports back
unchanged (round trip), and a file with any bad row lands not at all, each
problem named by row and column."""

import io

import openpyxl
import pytest
from django.urls import reverse

from localaction.sustainability.footprints import files, services
from localaction.sustainability.footprints.models import Footprint, NationalFootprint
from localaction.tables import ImportFailed

pytestmark = pytest.mark.django_db


def _upload(content: bytes, name: str):
    upload = io.BytesIO(content)
    upload.name = name
    return upload


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_footprints_round_trip(client_as, cast, estimate, congress, earlier_congress, file_format):
    services.footprint_report_study(
        local_government=cast.freiburg,
        round=earlier_congress,
        year=2020,
        total=5.0,
        unit="gha / person",
        population=100,
        by_land_type={"carbon": 3.0, "cropland": 2.0},
        method_name="GFN city footprint",
        source="Freiburg study",
        user=cast.editor,
    )
    editor = client_as("editor")
    download = editor.get(reverse("footprints:download", args=["de-freiburg", file_format]))
    assert download.status_code == 200
    before = {
        (one.round.year, one.kind): (one.total, one.by_category, one.by_land_type, one.factors)
        for one in Footprint.objects.all()
    }
    Footprint.objects.all().delete()
    response = editor.post(
        reverse("footprints:import", args=["de-freiburg"]),
        {"file": _upload(download.content, f"footprints.{file_format}")},
    )
    assert response.status_code == 302, response.content.decode()
    after = {
        (one.round.year, one.kind): (one.total, one.by_category, one.by_land_type, one.factors)
        for one in Footprint.objects.all()
    }
    assert after.keys() == before.keys()
    for key, (total, categories, land_types, factors) in before.items():
        assert after[key][0] == pytest.approx(total)
        assert after[key][1] == pytest.approx(categories)
        assert after[key][2] == pytest.approx(land_types)
        assert after[key][3] == pytest.approx(factors)
    assert Footprint.objects.get(kind="estimate").evidence["housing"].startswith("District")


def test_a_file_with_bad_rows_lands_not_at_all(cast, congress, references):
    content = (
        b"member,congress,way,year,population,unit,total,parts,food,housing,method\n"
        b"de-freiburg,2023,study,2022,,gha,100,,,,GFN\n"  # no such Congress
        b",2024,study,2019,,gha,100,,,,GFN\n"  # outside the window
        b",2024,study,2022,,ha,100,,,,GFN\n"  # wrong unit
        b",2024,study,2022,,gha,1e400,,,,GFN\n"  # not finite
        b",2024,study,2022,,gha,100,figures,70,40,GFN\n"  # does not add up
        b"ke-nairobi,2024,estimate,2022,,,,,,,\n"  # another member
        b",2024,guess,2022,,,,,,,\n"  # unknown way
        b"de-freiburg,2024,study,2022,,gha,100,figures,60,40,GFN\n"  # good
    )
    with pytest.raises(ImportFailed) as failure:
        files.import_footprints(
            content, filename="f.csv", local_government=cast.freiburg, user=cast.editor
        )
    messages = [str(error) for error in failure.value.errors]
    assert messages[0] == "row 2, `congress`: no World Congress in 2023"
    assert messages[1].startswith(
        "row 3, `year`: A footprint reported at the World Congress 2024 is of a year"
    )
    assert messages[2].startswith("row 4, `unit`: 'ha' is not a unit of a footprint")
    assert messages[3] == "row 5, `total`: '1e400' is not a number"
    assert messages[4].startswith("row 6: the figures by consumption category add up to 110")
    assert messages[5].startswith("row 7, `member`: 'ke-nairobi' is not de-freiburg")
    assert messages[6] == "row 8, `way`: write `study` or `estimate`"
    assert len(messages) == 7
    assert not Footprint.objects.exists()  # not even row 9, which was fine


def test_a_second_footprint_in_the_same_round_in_one_file(cast, congress, references):
    content = b"congress,way,year,total,method\n2024,study,2022,100,A\n2024,study,2023,100,B\n"
    with pytest.raises(ImportFailed) as failure:
        files.import_footprints(
            content, filename="f.csv", local_government=cast.freiburg, user=cast.editor
        )
    assert str(failure.value.errors[0]).startswith(
        "row 3, `congress`: Freiburg im Breisgau has already reported a footprint"
    )
    assert not Footprint.objects.exists()


def test_the_import_page_shows_the_errors(client_as, congress):
    response = client_as("editor").post(
        reverse("footprints:import", args=["de-freiburg"]),
        {"file": _upload(b"congress,way,year\n2024,study,2022\n", "f.csv")},
    )
    assert response.status_code == 400
    assert "row 2, `total`: an own study needs its total" in response.content.decode()
    assert not Footprint.objects.exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_references_round_trip(client_as, references, file_format):
    download = client_as("anonymous").get(
        reverse("footprints:references-download", args=[file_format])
    )
    before = list(NationalFootprint.objects.order_by("country").values())
    NationalFootprint.objects.all().delete()
    response = client_as("secretariat").post(
        reverse("footprints:references-import"),
        {"file": _upload(download.content, f"references.{file_format}")},
    )
    assert response.status_code == 302, response.content.decode()
    after = list(NationalFootprint.objects.order_by("country").values())
    for old, new in zip(before, after, strict=True):
        old.pop("id"), new.pop("id")
        assert (
            new == pytest.approx(old)
            if False
            else new["by_category"] == pytest.approx(old["by_category"])
        )
        assert {k: v for k, v in new.items() if k != "by_category"} == {
            k: v for k, v in old.items() if k != "by_category"
        }


def test_a_bad_reference_file_lands_not_at_all(cast):
    header = "country,year,food,housing,personal_transport,goods,services,government_capital,source"
    content = (
        f"{header},source_url\nDE,2020,1,1,1,1,1,1,GFN,\nXX,2020,1,1,1,1,1,1,GFN,\n"
        "FR,2020,1,1,1,1,inf,1,GFN,\nFR,2021,1,1,1,1,1,1,GFN,javascript:alert(1)\n"
    ).encode()
    with pytest.raises(ImportFailed) as failure:
        files.import_references(content, filename="r.csv", user=cast.secretariat)
    assert [str(error) for error in failure.value.errors] == [
        "row 3, `country`: 'XX' is not a country code",
        "row 4, `services`: 'inf' is not a number",
        "row 5, `source_url`: Enter a web address (https://…).",
    ]
    assert not NationalFootprint.objects.exists()


def test_only_the_secretariat_imports_references(client_as):
    content = b"country,year\n"
    response = client_as("staff").post(
        reverse("footprints:references-import"), {"file": _upload(content, "r.csv")}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_network_open_data_lists_the_counted_members(
    client, cast, estimate, study, file_format
):
    services.footprint_verify(footprint=estimate, user=cast.staff)
    response = client.get(reverse("footprints:network-download", args=[file_format]))
    assert response.status_code == 200
    if file_format == "csv":
        text = response.content.decode("utf-8-sig")
        assert text.splitlines()[0].startswith("congress,member,name,country,year,way")
        assert "de-freiburg" in text and "ke-nairobi" not in text


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_downloads_escape_formulas(client, client_as, cast, congress, references, file_format):
    """Text an editor types (a study's method and source, a member's name) is
    written so that no spreadsheet reads it as a formula (tables.py)."""
    payload = '=HYPERLINK("http://evil","x")'
    cast.freiburg.name = payload
    cast.freiburg.save()
    footprint = services.footprint_report_study(
        local_government=cast.freiburg,
        round=congress,
        year=2022,
        total=100.0,
        method_name=payload,
        source="@SUM(1+1)",
        user=cast.editor,
    )
    services.footprint_verify(footprint=footprint, user=cast.staff)
    for response in (
        client_as("editor").get(reverse("footprints:download", args=["de-freiburg", file_format])),
        client.get(reverse("footprints:network-download", args=[file_format])),
    ):
        content = response.content
        if file_format == "csv":
            text = content.decode("utf-8-sig")
            assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
        else:
            workbook = openpyxl.load_workbook(io.BytesIO(content))
            values = [
                cell.value
                for sheet in workbook.worksheets
                for row in sheet.iter_rows()
                for cell in row
            ]
            assert f"'{payload}" in values and payload not in values
