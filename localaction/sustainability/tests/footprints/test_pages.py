"""Every footprint page for each of the cast: who sees, who may change, and a
refused or invalid request that writes nothing."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from localaction.sustainability.footprints import services
from localaction.sustainability.footprints.models import (
    Biocapacity,
    CongressRound,
    Footprint,
    NationalFootprint,
)
from localaction.sustainability.footprints.profile import footprint_section

pytestmark = pytest.mark.django_db

EVERYONE = ("anonymous", "editor", "colleague", "outsider", "staff", "other_staff", "secretariat")
INSIDERS = ("editor", "colleague", "staff", "secretariat")


def _status(client_as, who, url, method="get", data=None):
    client = client_as(who)
    response = getattr(client, method)(url, data or {})
    return response.status_code


@pytest.mark.parametrize("who", EVERYONE)
def test_a_reported_footprint_is_seen_by_insiders_only(client_as, estimate, who):
    url = estimate.get_absolute_url()
    assert _status(client_as, who, url) == (200 if who in INSIDERS else 404)
    listing = client_as(who).get(reverse("footprints:list", args=["de-freiburg"]))
    assert listing.status_code == 200
    assert (url in listing.content.decode()) == (who in INSIDERS)


@pytest.mark.parametrize("who", EVERYONE)
def test_a_verified_footprint_is_public(client_as, cast, estimate, who):
    services.footprint_verify(footprint=estimate, user=cast.staff)
    response = client_as(who).get(estimate.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "4.49" in page  # gha per person, 898,000 / 200,000
    assert "2.81" in page  # Earths: 4.49 / 1.6 world biocapacity = 2.806…
    assert "District heating covers 40 %" in page  # the evidence
    assert 'id="by-category-title"' in page  # the chart by category


def test_an_unpublished_members_footprints_are_hidden(client_as, cast, congress, references):
    hidden = services.footprint_report_study(
        local_government=cast.hidden,
        round=congress,
        year=2022,
        total=10.0,
        population=5,
        method_name="x",
        user=cast.staff,
    )
    services.footprint_verify(footprint=hidden, user=cast.secretariat)
    url = reverse("footprints:footprint", args=["de-hidden", hidden.pk])
    assert _status(client_as, "anonymous", url) == 404
    assert _status(client_as, "outsider", url) == 404
    assert _status(client_as, "staff", url) == 200


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("colleague", 403),
        ("outsider", 403),
        ("other_staff", 403),
        ("editor", 200),
        ("staff", 200),
        ("secretariat", 200),
    ],
)
@pytest.mark.parametrize(
    "page", ["footprints:study-new", "footprints:estimate-new", "footprints:import"]
)
def test_only_editors_and_offices_open_the_report_forms(client_as, congress, who, expected, page):
    assert _status(client_as, who, reverse(page, args=["de-freiburg"])) == expected


def _estimate_form(**changes):
    data = {"round": "", "year": 2022, "population": 200_000}
    for key in ("food", "housing", "personal_transport", "goods", "services", "government_capital"):
        data[f"factor_{key}"] = 1.0
        data[f"evidence_{key}"] = ""
    return data | changes


def test_the_editor_reports_an_estimate_through_the_form(client_as, congress, references):
    response = client_as("editor").post(
        reverse("footprints:estimate-new", args=["de-freiburg"]),
        _estimate_form(round=congress.pk, factor_housing=0.8, evidence_housing="Heating survey"),
    )
    footprint = Footprint.objects.get()
    assert response.status_code == 302 and response.url == footprint.get_absolute_url()
    # 5.0 gha/person nationally, housing 0.9 × 0.8 instead of 0.9: 4.82 × 200,000
    assert footprint.total == pytest.approx(964_000)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"year": 2019}, "of a year from 2021 to 2023, not 2019"),
        ({"factor_housing": 0.8}, "Give the evidence for an adjustment factor other than 1."),
        ({"factor_food": "inf"}, "Enter a number."),
        ({"factor_food": 50, "evidence_food": "Survey"}, "adjustment factor must be"),
    ],
)
def test_a_bad_estimate_form_writes_nothing(client_as, congress, references, changes, message):
    response = client_as("editor").post(
        reverse("footprints:estimate-new", args=["de-freiburg"]),
        _estimate_form(round=congress.pk, **changes),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Footprint.objects.exists()


def _study_form(congress, **changes):
    return {
        "round": congress.pk,
        "year": 2022,
        "method": "GFN city footprint",
        "unit": "gha",
        "total": 1000,
        "parts_in": "figures",
        "category_food": 400,
        "category_housing": 600,
    } | changes


def test_the_editor_reports_a_study_with_its_document(
    client_as, cast, congress, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    document = SimpleUploadedFile("study.pdf", b"%PDF-1.4 study", content_type="application/pdf")
    response = client_as("editor").post(
        reverse("footprints:study-new", args=["de-freiburg"]),
        _study_form(congress, document=document),
    )
    assert response.status_code == 302
    footprint = Footprint.objects.get()
    assert footprint.by_category == {"food": 400.0, "housing": 600.0}
    document_url = reverse("footprints:document", args=["de-freiburg", footprint.pk])
    assert client_as("colleague").get(document_url).status_code == 200
    services.footprint_verify(footprint=footprint, user=cast.staff)
    # Verified, the footprint is public; its document stays with the insiders.
    assert client_as("outsider").get(footprint.get_absolute_url()).status_code == 200
    assert client_as("outsider").get(document_url).status_code == 404
    assert client_as("staff").get(document_url).status_code == 200


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"category_food": 500}, "add up to 1,100, not to the total 1,000"),
        ({"unit": "ha"}, "is not a unit of a footprint"),
        ({"total": "1e400"}, "Enter a number."),
        ({"total": 1e20}, "a footprint must be a finite number from 0 to 1e12 gha"),
    ],
)
def test_a_bad_study_form_writes_nothing(client_as, congress, changes, message):
    response = client_as("editor").post(
        reverse("footprints:study-new", args=["de-freiburg"]), _study_form(congress, **changes)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Footprint.objects.exists()


def test_a_second_footprint_in_a_round_is_refused_on_the_form(client_as, congress, estimate):
    response = client_as("editor").post(
        reverse("footprints:study-new", args=["de-freiburg"]), _study_form(congress)
    )
    assert response.status_code == 400
    assert (
        "has already reported a footprint at the World Congress 2024" in response.content.decode()
    )
    assert Footprint.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "expected", "verified"),
    [
        ("anonymous", 302, False),
        ("editor", 302, False),  # back to the footprint, not verified
        ("outsider", 404, False),
        ("other_staff", 404, False),
        ("staff", 302, True),
        ("secretariat", 302, True),
    ],
)
def test_verify_is_the_offices(client_as, estimate, who, expected, verified):
    url = reverse("footprints:verify", args=["de-freiburg", estimate.pk])
    assert client_as(who).get(url).status_code in (302, 404, 405)
    response = client_as(who).post(url)
    if who == "editor":
        assert response.status_code == 403
    else:
        assert response.status_code == expected
    estimate.refresh_from_db()
    assert estimate.is_verified == verified


@pytest.mark.parametrize(
    ("who", "withdrawn"),
    [("colleague", False), ("outsider", False), ("editor", True)],
)
def test_withdraw_is_the_editors(client_as, estimate, who, withdrawn):
    client_as(who).post(reverse("footprints:withdraw", args=["de-freiburg", estimate.pk]))
    assert Footprint.objects.filter(pk=estimate.pk).exists() != withdrawn


@pytest.mark.parametrize("who", EVERYONE)
def test_everyone_reads_the_references_and_the_secretariat_edits_them(client_as, references, who):
    response = client_as(who).get(reverse("footprints:references"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Illustrative test values" in page and "illustrative, not published data" in page
    for name in ("national-new", "biocapacity-new", "round-new", "references-import"):
        expected = {"secretariat": 200, "anonymous": 302}.get(who, 403)
        assert _status(client_as, who, reverse(f"footprints:{name}")) == expected


def test_the_secretariat_adds_references_on_the_pages(client_as, references):
    client = client_as("secretariat")
    response = client.post(
        reverse("footprints:biocapacity-new"),
        {"year": 2022, "per_person": 1.55, "source": "GFN", "source_url": "https://example.org"},
    )
    assert response.status_code == 302
    assert Biocapacity.objects.get(year=2022).per_person == 1.55
    response = client.post(
        reverse("footprints:round-new"), {"year": 2027, "first_year": 2024, "last_year": 2026}
    )
    assert response.status_code == 302 and CongressRound.objects.filter(year=2027).exists()
    bad = client.post(
        reverse("footprints:national-new"),
        {"country": "DE", "year": 2022, "source": "x", "category_food": "nan"},
    )
    assert bad.status_code == 400
    assert not NationalFootprint.objects.filter(year=2022).exists()
    response = client_as("staff").post(
        reverse("footprints:biocapacity-new"), {"year": 2023, "per_person": 1.5, "source": "x"}
    )
    assert response.status_code == 403
    assert not Biocapacity.objects.filter(year=2023).exists()


def test_the_profile_shows_the_footprints_section(client_as, cast, estimate):
    url = cast.freiburg.get_absolute_url()
    page = client_as("editor").get(url).content.decode()
    assert "footprint-heading" in page and estimate.get_absolute_url() in page
    # The public sees verified footprints only (asked of the section itself: an
    # anonymous page is kept in the cache until the reports' stamp of the data
    # changes, which the integrator makes footprints part of).
    assert footprint_section(AnonymousUser(), cast.freiburg) is None
    services.footprint_verify(footprint=estimate, user=cast.staff)
    assert footprint_section(AnonymousUser(), cast.freiburg)["footprints"] == [estimate]
    assert estimate.get_absolute_url() in client_as("anonymous").get(url).content.decode()


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("who", EVERYONE)
def test_the_network_page_pdf_and_open_data_are_public(client_as, cast, estimate, study, who):
    services.footprint_verify(footprint=estimate, user=cast.staff)
    client = client_as(who)
    page = client.get(reverse("footprints:network"))
    assert page.status_code == 200
    assert "Freiburg im Breisgau" in page.content.decode()
    assert "Nairobi" not in page.content.decode()  # reported, not verified
    assert client.get(reverse("footprints:network-pdf")).status_code == 200
    assert client.get(reverse("footprints:network-download", args=["csv"])).status_code == 200


def test_the_network_pdf_states_the_figures(client, cast, estimate, study):
    services.footprint_verify(footprint=estimate, user=cast.staff)
    services.footprint_verify(footprint=study, user=cast.other_staff)
    response = client.get(reverse("footprints:network-pdf") + "?congress=2024")
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "The network's Ecological Footprint" in text
    assert "World Congress 2024" in text
    # 898,000 + 1,000,000 gha; 200,000 + 4,397,073 people
    assert "1,898,000" in text
    assert "4,597,073" in text
    assert "0.41" in text  # 1,898,000 / 4,597,073 = 0.4129 gha per person
    assert "0.26" in text  # 0.4129 / 1.6 = 0.258 Earths
    assert "Freiburg im Breisgau" in text and "Nairobi" in text


def test_the_network_page_shows_the_latest_congress_with_footprints(client, cast, estimate):
    services.footprint_verify(footprint=estimate, user=cast.staff)
    CongressRound.objects.create(year=2027, first_year=2024, last_year=2026)
    page = client.get(reverse("footprints:network")).content.decode()
    assert '<option value="2024" selected>' in page and "Freiburg im Breisgau" in page


@pytest.mark.parametrize("query", ["?congress=1999", "?congress=abc", "?congress=20245"])
def test_an_unknown_congress_is_not_found(client, congress, query):
    assert client.get(reverse("footprints:network") + query).status_code == 404
