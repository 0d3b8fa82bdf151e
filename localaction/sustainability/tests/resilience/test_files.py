"""Hazard ratings in and out of CSV/XLSX: a round trip, and a bad file that
lands nothing with every problem on its row and column."""

import io

import pytest
from django.urls import reverse

from localaction.sustainability.resilience import files
from localaction.sustainability.resilience.models import (
    ResilienceHazardProfile,
    ResilienceHazardRating,
)
from localaction.tables import ImportFailed


def _ratings():
    return sorted(
        ResilienceHazardRating.objects.values_list(
            "profile__year", "hazard", "likelihood", "impact", "note"
        )
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_download_imports_back_to_the_same_ratings(cast, published, draft, file_format):
    before = _ratings()
    target = io.BytesIO()
    files.export_ratings(ResilienceHazardProfile.objects.all(), format=file_format, target=target)
    ResilienceHazardRating.objects.all().delete()
    ResilienceHazardProfile.objects.all().delete()
    count = files.import_ratings(cast.freiburg, target.getvalue(), filename=f"x.{file_format}")
    assert count == len(before) == 5
    assert _ratings() == before


def test_the_download_gives_risk_band_and_name_for_readers(cast, published):
    target = io.BytesIO()
    files.export_ratings(ResilienceHazardProfile.objects.all(), format="csv", target=target)
    text = target.getvalue().decode()
    assert "year,hazard,likelihood,impact,note,risk,band,name" in text
    assert "2020,riverine_flood,4,4,,16,high,River flood" in text


def test_formula_like_notes_are_neutralised_on_export(cast, published):
    rating = published.ratings.get(hazard="heatwave")
    rating.note = "=HYPERLINK(1)"
    rating.save()
    target = io.BytesIO()
    files.export_ratings(ResilienceHazardProfile.objects.all(), format="csv", target=target)
    assert "'=HYPERLINK(1)" in target.getvalue().decode()


def test_a_bad_file_lands_nothing_and_names_every_problem(cast, published):
    content = (
        b"year,hazard,likelihood,impact\n"
        b"2025,storm,2,3\n"  # fine, but the file fails as a whole
        b"2025,meteor_shower,1,1\n"
        b"2025,heatwave,6,1\n"
        b"2025,drought,2,zero\n"
        b"2025,storm,1,1\n"
        b"1200,flash_flood,1,1\n"
        b",earthquake,1,1\n"
    )
    before = _ratings()
    with pytest.raises(ImportFailed) as failed:
        files.import_ratings(cast.freiburg, content, filename="bad.csv")
    problems = [str(error) for error in failed.value.errors]
    assert any(p.startswith("row 3, `hazard`") and "meteor_shower" in p for p in problems)
    assert any(p.startswith("row 4, `likelihood`") and "1 to 5" in p for p in problems)
    assert any(p.startswith("row 5, `impact`") for p in problems)
    assert any(p.startswith("row 6, `hazard`") and "already on row 2" in p for p in problems)
    assert any(p.startswith("row 7, `year`") for p in problems)
    assert any(p.startswith("row 8, `year`") for p in problems)
    assert _ratings() == before
    assert not ResilienceHazardProfile.objects.filter(year=2025).exists()


@pytest.mark.parametrize("who", ["anonymous", "colleague", "outsider", "other_staff"])
def test_only_editors_import(client_as, cast, who):
    upload = io.BytesIO(b"year,hazard,likelihood,impact\n2025,storm,2,3\n")
    upload.name = "r.csv"
    response = client_as(who).post(
        reverse("resilience:import", args=["de-freiburg"]), {"file": upload}
    )
    assert response.status_code in (302, 403)
    assert not ResilienceHazardRating.objects.exists()


def test_an_editor_imports_through_the_page(client_as, cast):
    upload = io.BytesIO(b"year,hazard,likelihood,impact,note\n2025,storm,2,3,gusts\n")
    upload.name = "r.csv"
    response = client_as("editor").post(
        reverse("resilience:import", args=["de-freiburg"]), {"file": upload}
    )
    assert response.status_code == 200 and "1 rating imported" in response.content.decode()
    assert _ratings() == [(2025, "storm", 2, 3, "gusts")]


@pytest.mark.parametrize("who", ["anonymous", "colleague", "outsider", "staff", "secretariat"])
def test_a_download_holds_what_the_reader_may_see(client_as, published, draft, who):
    response = client_as(who).get(reverse("resilience:download", args=["de-freiburg", "csv"]))
    text = response.content.decode()
    assert "2020,riverine_flood" in text
    assert ("2024,storm" in text) == (who in {"colleague", "staff", "secretariat"})
