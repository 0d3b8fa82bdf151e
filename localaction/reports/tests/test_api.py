"""The report API: public, published-only, the same figures as the dashboard, a
400 naming the parameter on bad input, and documented in the schema."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from localaction.conftest import PEOPLE
from localaction.inventories.services import inventory_move
from localaction.reports.tests.dashboard_data import (
    FREIBURG_T,
    YEAR,
    assert_no_secrets,
    build_network,
)

pytestmark = pytest.mark.django_db

REPORT = "/api/report/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def network(cast):
    return build_network(cast)


@pytest.mark.parametrize("who", PEOPLE)
def test_everyone_reads_the_report(client_as, network, who):
    response = client_as(who).get(REPORT)
    assert response.status_code == 200
    report = response.json()
    assert report["year"] == YEAR  # the latest year with a published inventory
    assert report["members_reporting"] == 1
    assert report["population_covered"] == 231_195
    assert report["total_tco2e"] == pytest.approx(FREIBURG_T)
    assert [row["member"] for row in report["inventories"]] == ["de-freiburg"]
    assert [row["code"] for row in report["excluded"]] == ["de-vauban"]


@pytest.mark.parametrize("who", PEOPLE)
def test_unpublished_inventories_never_reach_the_api(client_as, network, who):
    client = client_as(who)
    for params in ({}, {"year": YEAR + 1}, {"country": "KE"}, {"region": "africa"}):
        response = client.get(REPORT, params)
        assert response.status_code == 200
        assert_no_secrets(response.content.decode())


def test_the_total_equals_the_sum_of_its_parts(client, network):
    report = client.get(REPORT, {"year": YEAR}).json()
    total = report["total_tco2e"]
    assert sum(row["tco2e"] for row in report["inventories"]) == pytest.approx(total)
    assert sum(row["tco2e"] for row in report["by_region"].values()) == pytest.approx(total)
    assert sum(row["tco2e"] for row in report["by_sector"].values()) == pytest.approx(total)


def test_the_scope_narrows_the_report(client, network):
    report = client.get(REPORT, {"year": YEAR, "region": "africa"}).json()
    assert report["filters"]["region"] == "africa"
    assert report["members_reporting"] == 0
    assert report["total_tco2e"] == 0


def test_a_published_inventory_changes_the_next_answer(client, cast, network):
    assert client.get(REPORT, {"year": YEAR}).json()["members_reporting"] == 1
    inventory_move(inventory=network.nairobi, step="publish", user=cast.secretariat)
    # Served at once: the figures as last computed, saying newer ones are coming;
    # the recomputation it queued (run at once in tests) serves the next answer.
    served = client.get(REPORT, {"year": YEAR}).json()
    assert served["members_reporting"] == 1
    assert served["newer_figures_being_prepared"] is True
    report = client.get(REPORT, {"year": YEAR}).json()
    assert report["newer_figures_being_prepared"] is False
    assert report["members_reporting"] == 2
    assert report["total_tco2e"] == pytest.approx(FREIBURG_T + 987_654_321)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("gwp", "AR99GWP100", "is not a GWP set"),
        ("level", "territorial", "is not a level"),
        ("year", "next", "is not a year"),
        ("year", "1066", "A report year lies between"),
        ("window", "eleven", "A window is a whole number"),
        ("region", "atlantis", "is not a region"),
        ("country", "XX", "is not a country code"),
        ("campaign", "no-such-campaign", "is not a campaign"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, network, field, value, message):
    response = client.get(REPORT, {field: value})
    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    assert message in errors[field][0]


def test_the_report_is_in_the_schema(client, cast):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/report/"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} == {
        "year",
        "gwp",
        "level",
        "window",
        "region",
        "country",
        "campaign",
    }
    assert {"200", "400"} <= set(operation["responses"])
