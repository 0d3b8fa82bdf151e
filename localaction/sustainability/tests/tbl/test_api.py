"""The TBL API under the pages' permissions, writing through the same services."""

import pytest

from localaction.sustainability.tbl.models import TBLIndicator, TBLReport, TBLTarget, TBLValue
from localaction.sustainability.tests.tbl.conftest import SECTIONS

EVERYONE = ("anonymous", "colleague", "editor", "outsider", "staff", "other_staff", "secretariat")
INSIDERS = {"colleague", "editor", "staff", "secretariat"}
EDITORS = {"editor", "staff", "secretariat"}


def _results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize("who", EVERYONE)
def test_reports_are_listed_as_the_pages_show_them(client_as, draft, cast, who):
    years = [report["year"] for report in _results(client_as(who).get("/api/tbl/reports/"))]
    assert years == ([2024] if who in INSIDERS else [])
    detail = client_as(who).get(f"/api/tbl/reports/{draft.pk}/")
    assert detail.status_code == (200 if who in INSIDERS else 404)


@pytest.mark.parametrize("who", EVERYONE)
def test_a_published_report_is_public_with_its_tables(client_as, published, who):
    detail = client_as(who).get(f"/api/tbl/reports/{published.pk}/").json()
    assert detail["status"] == "published"
    assert detail["introduction"] == SECTIONS["introduction"]
    environmental = detail["dimensions"][0]
    assert environmental["dimension"] == "environmental"
    tables = {table["indicator"]: table for table in environmental["indicators"]}
    renewables = tables["renewable_electricity_share"]
    assert [v["value"] for v in renewables["values"]] == [30.0, 36.0, 42.0]
    assert renewables["target"] == {"year": 2030, "value": 60.0}
    assert renewables["trend"]["change"] == pytest.approx(12.0)
    emissions = tables["ghg_emissions"]
    assert [v["value"] for v in emissions["values"]] == [920_000.0, 800_000.0]
    assert emissions["values"][1]["link"] == "/members/de-freiburg/inventories/2020/results/"


@pytest.mark.parametrize("who", EVERYONE)
def test_values_and_targets_are_for_insiders(client_as, record, who):
    values = _results(client_as(who).get("/api/tbl/values/?local_government=de-freiburg"))
    targets = _results(client_as(who).get("/api/tbl/targets/"))
    assert len(values) == (5 if who in INSIDERS else 0)
    assert len(targets) == (1 if who in INSIDERS else 0)


@pytest.mark.parametrize("who", EVERYONE)
def test_values_are_written_by_editors(client_as, library, who):
    body = {
        "local_government": "de-freiburg",
        "indicator": "municipal_waste_per_person",
        "year": 2024,
        "value": 0.44,
        "unit": "t / person",
    }
    response = client_as(who).post("/api/tbl/values/", body, content_type="application/json")
    if who in EDITORS:
        assert response.status_code == 201, response.content
        assert response.json()["value"] == pytest.approx(440.0)
        assert response.json()["unit"] == "kg / person"
    else:
        assert response.status_code in (401, 403)
        assert not TBLValue.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"unit": "MWh / person"}, "unit", "wrong dimension"),
        ({"value": 1e16}, "value", "finite number"),
        ({"value": "NaN"}, "value", "valid number"),
        ({"value": True}, "value", "valid number"),
        ({"year": 3000}, "year", "1900"),
        ({"indicator": "ghg_emissions"}, "indicator", "not typed"),
        ({"indicator": "matatu_routes"}, "indicator", "another member's own"),
        ({"note": "n" * 2001}, "note", "2000"),
    ],
)
def test_bad_values_are_refused_by_the_api(client_as, cast, library, change, field, words):
    TBLIndicator.objects.create(
        local_government=cast.nairobi,
        code="matatu_routes",
        name="Matatu routes",
        dimension="social",
        unit="unit",
        direction="more",
    )
    body = {
        "local_government": "de-freiburg",
        "indicator": "municipal_waste_per_person",
        "year": 2024,
        "value": 440,
        **change,
    }
    response = client_as("editor").post("/api/tbl/values/", body, content_type="application/json")
    assert response.status_code == 400
    assert words in str(response.json()[field])
    assert not TBLValue.objects.exists()


def test_targets_are_written_by_editors(client_as, library):
    body = {
        "local_government": "de-freiburg",
        "indicator": "unemployment_rate",
        "target_year": 2030,
        "value": 4,
    }
    assert (
        client_as("colleague")
        .post("/api/tbl/targets/", body, content_type="application/json")
        .status_code
        == 403
    )
    response = client_as("editor").post("/api/tbl/targets/", body, content_type="application/json")
    assert response.status_code == 201
    assert TBLTarget.objects.get().value == 4


def test_an_editor_writes_and_publishes_a_report_through_the_api(client_as, record):
    client = client_as("editor")
    body = {
        "local_government": "de-freiburg",
        "year": 2025,
        "introduction": "Hello",
        "indicators": ["unemployment_rate", "renewable_electricity_share"],
    }
    created = client.post("/api/tbl/reports/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    refused = client.post(f"/api/tbl/reports/{pk}/publish/")
    assert refused.status_code == 400
    assert "environmental dimension, social dimension, economic dimension" in str(
        refused.json()["sections"]
    )
    assert TBLReport.objects.get(pk=pk).status == "draft"
    patched = client.patch(
        f"/api/tbl/reports/{pk}/",
        {"environmental": "a", "social": "b", "economic": "c"},
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["indicators"] == ["renewable_electricity_share", "unemployment_rate"]
    published = client.post(f"/api/tbl/reports/{pk}/publish/")
    assert published.status_code == 200 and published.json()["status"] == "published"


@pytest.mark.parametrize("who", ["colleague", "outsider", "other_staff"])
def test_others_cannot_write_or_publish_reports(client_as, draft, who):
    client = client_as(who)
    body = {"local_government": "de-freiburg", "year": 2025, "introduction": "x"}
    assert client.post("/api/tbl/reports/", body, content_type="application/json").status_code in (
        400,
        403,
    )
    response = client.post(f"/api/tbl/reports/{draft.pk}/publish/")
    assert response.status_code in (403, 404)
    assert TBLReport.objects.count() == 1
    assert TBLReport.objects.get().status == "draft"


def test_anonymous_writes_are_refused(client_as, draft):
    response = client_as("anonymous").post(f"/api/tbl/reports/{draft.pk}/publish/")
    assert response.status_code in (401, 403)


def test_the_network_endpoint_counts_published_reports(client_as, published):
    data = client_as("anonymous").get("/api/tbl/network/").json()
    assert data["published_reports"] == 1
    assert data["years"] == [{"year": 2024, "reports": 1, "members": ["de-freiburg"]}]
    assert sum(item["reports"] for item in data["indicators_most_used"]) == 4


@pytest.mark.parametrize("who", EVERYONE)
def test_indicators_are_listed_with_own_ones_for_insiders(client_as, cast, library, who):
    TBLIndicator.objects.create(
        local_government=cast.freiburg,
        code="trams",
        name="Trams",
        dimension="social",
        unit="unit",
        direction="more",
    )
    codes = [i["code"] for i in _results(client_as(who).get("/api/tbl/indicators/?limit=500"))]
    assert len(codes) == len(library) + (who in INSIDERS)


def test_an_editor_adds_an_own_indicator_but_not_to_the_library(client_as, library):
    body = {
        "local_government": "de-freiburg",
        "code": "trams",
        "name": "Trams",
        "dimension": "social",
        "unit": "unit",
        "direction": "more",
    }
    client = client_as("editor")
    assert (
        client.post("/api/tbl/indicators/", body, content_type="application/json").status_code
        == 201
    )
    library_body = {**body, "local_government": None, "code": "x"}
    assert (
        client.post(
            "/api/tbl/indicators/", library_body, content_type="application/json"
        ).status_code
        == 403
    )
    assert (
        client_as("outsider")
        .post("/api/tbl/indicators/", {**body, "code": "y"}, content_type="application/json")
        .status_code
        == 403
    )


def test_a_bad_year_parameter_is_a_400(client_as):
    assert client_as("anonymous").get("/api/tbl/reports/?year=abc").status_code == 400
    assert client_as("anonymous").get("/api/tbl/reports/?local_government=a%00b").status_code == 400
