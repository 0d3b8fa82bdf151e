"""The footprint API under the pages' permissions: who reads what, who reports
and verifies, and bad input refused with nothing written."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from localaction.sustainability.footprints import services
from localaction.sustainability.footprints.models import Footprint
from localaction.sustainability.tests.footprints.conftest import EVIDENCE, FACTORS

pytestmark = pytest.mark.django_db

EVERYONE = ("anonymous", "editor", "colleague", "outsider", "staff", "other_staff", "secretariat")
INSIDERS = ("editor", "colleague", "staff", "secretariat")


def _api(cast, who) -> APIClient:
    client = APIClient()
    user = getattr(cast, who)
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("who", EVERYONE)
def test_footprints_are_read_as_on_the_pages(cast, estimate, study, who):
    services.footprint_verify(footprint=study, user=cast.other_staff)
    response = _api(cast, who).get("/api/footprints/")
    assert response.status_code == 200
    members = {row["member"] for row in response.json()["results"]}
    expected = {"ke-nairobi"} | ({"de-freiburg"} if who in INSIDERS else set())
    assert members == expected
    detail = _api(cast, who).get(f"/api/footprints/{estimate.pk}/")
    assert detail.status_code == (200 if who in INSIDERS else 404)


def test_the_estimate_read_back_keeps_what_it_used(cast, estimate):
    data = _api(cast, "editor").get(f"/api/footprints/{estimate.pk}/").json()
    assert data["total"] == pytest.approx(898_000)
    assert data["per_person"] == pytest.approx(4.49)
    assert data["reference_values"]["by_category"]["food"] == 1.2
    assert data["factors"]["housing"] == 0.8


def _report(**changes):
    return {
        "member": "de-freiburg",
        "congress": 2024,
        "way": "estimate",
        "year": 2022,
        "population": 200_000,
        "factors": FACTORS,
        "evidence": EVIDENCE,
    } | changes


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 401),
        ("colleague", 403),
        ("outsider", 403),
        ("other_staff", 403),
        ("editor", 201),
        ("staff", 201),
    ],
)
def test_editors_and_offices_report(cast, congress, references, who, expected):
    response = _api(cast, who).post("/api/footprints/", _report(), format="json")
    assert response.status_code == expected
    assert Footprint.objects.exists() == (expected == 201)
    if expected == 201:
        assert response.json()["total"] == pytest.approx(898_000)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {
                "way": "study",
                "method": "GFN",
                "total": 100,
                "by_category": {"food": 30, "housing": 30},
            },
            "by_category",
            "add up to 60, not to the total 100",
        ),
        (
            {"way": "study", "method": "GFN", "total": 100, "unit": "t"},
            "unit",
            "not a unit of a footprint",
        ),
        ({"way": "study", "method": "GFN", "total": 1e300}, "total", "from 0 to 1e12 gha"),
        ({"way": "study", "method": "GFN", "total": True}, "total", "valid number"),
        ({"year": 2020}, "year", "of a year from 2021 to 2023"),
        ({"factors": {"fuel": 1.0}}, "factors", "fuel: use food"),
        ({"evidence": {}}, "evidence_housing", "Give the evidence"),
    ],
)
def test_bad_reports_are_refused(cast, congress, references, changes, field, message):
    response = _api(cast, "editor").post("/api/footprints/", _report(**changes), format="json")
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert not Footprint.objects.exists()


def test_a_non_finite_number_is_refused(cast, congress, references):
    body = '{"member": "de-freiburg", "congress": 2024, "way": "study", "year": 2022, '
    body += '"total": NaN}'
    response = _api(cast, "editor").post("/api/footprints/", body, content_type="application/json")
    assert response.status_code == 400
    assert not Footprint.objects.exists()


def test_a_second_footprint_in_the_round_is_refused(cast, estimate):
    response = _api(cast, "editor").post("/api/footprints/", _report(), format="json")
    assert response.status_code == 400
    assert "already reported" in response.json()["round"][0]
    assert Footprint.objects.count() == 1


def test_an_unseen_member_is_unknown(cast, congress, references):
    response = _api(cast, "outsider").post(
        "/api/footprints/", _report(member="de-hidden"), format="json"
    )
    assert response.status_code == 400
    assert "does not exist" in response.json()["member"][0]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 401),
        ("editor", 403),
        ("colleague", 403),
        ("outsider", 404),
        ("other_staff", 404),
        ("staff", 200),
        ("secretariat", 200),
    ],
)
def test_verify_is_the_offices(cast, estimate, who, expected):
    response = _api(cast, who).post(f"/api/footprints/{estimate.pk}/verify/")
    assert response.status_code == expected
    estimate.refresh_from_db()
    assert estimate.is_verified == (expected == 200)


@pytest.mark.parametrize("who", ["anonymous", "editor", "secretariat"])
def test_references_and_the_network_are_public_and_read_only(cast, references, estimate, who):
    client = _api(cast, who)
    for url in (
        "/api/footprint-references/national/",
        "/api/footprint-references/biocapacity/",
        "/api/congress-rounds/",
        "/api/network-footprint/",
        "/api/network-footprint/2024/",
    ):
        assert client.get(url).status_code == 200, url
        assert client.post(url, {}, format="json").status_code in (401, 403, 405), url
    national = client.get("/api/footprint-references/national/").json()["results"]
    assert {row["country"] for row in national} == {"DE", "KE"}
    assert national[0]["is_illustrative"] is True
    assert client.get("/api/network-footprint/1999/").status_code == 404


def test_the_network_endpoint_counts_verified_footprints(cast, estimate, study):
    services.footprint_verify(footprint=estimate, user=cast.staff)
    services.footprint_verify(footprint=study, user=cast.other_staff)
    data = APIClient().get("/api/network-footprint/2024/").json()
    assert data["members"] == ["de-freiburg", "ke-nairobi"]
    assert data["total"] == pytest.approx(1_898_000)  # 898,000 + 1,000,000
    assert data["population"] == 4_597_073  # 200,000 + 4,397,073
    assert data["per_person"] == pytest.approx(1_898_000 / 4_597_073)
    assert data["earths"] == pytest.approx(1_898_000 / 4_597_073 / 1.6)
    assert data["biocapacity_source"] == "Illustrative test value"


def test_the_api_is_in_the_schema(client):
    schema = client.get(reverse("api-schema")).content.decode()
    assert "/api/footprints/" in schema and "/api/network-footprint/" in schema
