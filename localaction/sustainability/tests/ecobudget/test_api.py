"""ecoBUDGET's API under the pages' permissions, writing through the same services."""

import pytest
from rest_framework.test import APIClient

from localaction.sustainability.ecobudget import services
from localaction.sustainability.ecobudget.models import EcoBudget
from localaction.sustainability.tests.ecobudget.conftest import ACTUALS

pytestmark = pytest.mark.django_db

BUDGETS = "/api/ecobudget/budgets/"


@pytest.fixture
def api(cast):
    def signed_in(who: str) -> APIClient:
        client = APIClient()
        user = getattr(cast, who)
        if user is not None:
            client.force_authenticate(user)
        return client

    return signed_in


def test_the_library_is_public(api):
    response = api("anonymous").get("/api/ecobudget/indicators/")
    assert response.status_code == 200
    codes = [one["code"] for one in response.json()["results"]]
    assert "ghg_per_person" in codes


@pytest.mark.parametrize(
    ("who", "sees_draft"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("other_staff", False),
        ("colleague", True),
        ("editor", True),
        ("staff", True),
        ("secretariat", True),
    ],
)
def test_drafts_are_read_by_insiders_only(api, draft, who, sees_draft):
    response = api(who).get(BUDGETS, {"member": "de-freiburg"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == (1 if sees_draft else 0)
    assert api(who).get(f"{BUDGETS}{draft.pk}/").status_code == (200 if sees_draft else 404)


@pytest.mark.parametrize("who", ["anonymous", "colleague"])
def test_actual_values_for_the_public_once_the_balance_is_adopted(api, adopted, who):
    from datetime import date

    services.balance_enter(budget=adopted, actuals=ACTUALS)
    lines = api(who).get(f"{BUDGETS}{adopted.pk}/").json()["lines"]
    water = next(line for line in lines if line["indicator"] == "water_per_person")
    assert water["actual"] == (120 if who == "colleague" else None)
    services.balance_adopt(budget=adopted, adopted_on=date(2025, 3, 1), decision="R")
    lines = api(who).get(f"{BUDGETS}{adopted.pk}/").json()["lines"]
    water = next(line for line in lines if line["indicator"] == "water_per_person")
    assert (water["target"], water["actual"], water["balance"], water["status"]) == (
        125,
        120,
        5,
        "met",
    )


def test_the_editor_runs_the_cycle_through_the_api(api, cast):
    client = api("editor")
    response = client.post(BUDGETS, {"member": "de-freiburg", "year": 2024}, format="json")
    assert response.status_code == 201
    pk = response.json()["id"]
    response = client.post(
        f"{BUDGETS}{pk}/lines/",
        {"indicator": "protected_area", "target": 5.5, "unit": "km2"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["lines"][0]["target"] == pytest.approx(550)
    response = client.post(
        f"{BUDGETS}{pk}/balance/",
        {"actuals": [{"indicator": "protected_area", "actual": 540}]},
        format="json",
    )
    assert response.status_code == 400
    assert "has not adopted" in str(response.json())
    response = client.post(
        f"{BUDGETS}{pk}/adopt/", {"adopted_on": "2024-02-01", "decision": "R 1"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "adopted"
    response = client.post(
        f"{BUDGETS}{pk}/adopt/", {"adopted_on": "2024-02-01", "decision": "R 1"}, format="json"
    )
    assert response.status_code == 400
    response = client.post(
        f"{BUDGETS}{pk}/balance/",
        {"actuals": [{"indicator": "sealed_land", "actual": 1}]},
        format="json",
    )
    assert response.status_code == 400 and "sealed_land" in response.json()
    response = client.post(
        f"{BUDGETS}{pk}/balance/",
        {"actuals": [{"indicator": "protected_area", "actual": 5.4, "unit": "km2"}]},
        format="json",
    )
    assert response.status_code == 200
    response = client.post(
        f"{BUDGETS}{pk}/adopt-balance/",
        {"adopted_on": "2025-02-01", "decision": "R 2"},
        format="json",
    )
    assert response.status_code == 200
    line = response.json()["lines"][0]
    assert line["actual"] == pytest.approx(540) and line["balance"] == pytest.approx(-10)
    response = client.post(f"{BUDGETS}{pk}/next-year/", format="json")
    assert response.status_code == 201 and response.json()["year"] == 2025


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("colleague", 403), ("outsider", 404), ("other_staff", 404)],
)
def test_writes_are_refused_to_those_who_do_not_edit_the_member(api, draft, who, status):
    client = api(who)
    response = client.post(
        f"{BUDGETS}{draft.pk}/lines/", {"indicator": "sealed_land", "target": 1}, format="json"
    )
    assert response.status_code == status or (who == "anonymous" and response.status_code == 403)
    response = client.post(BUDGETS, {"member": "de-freiburg", "year": 2030}, format="json")
    assert response.status_code in (401, 403)
    assert not EcoBudget.objects.filter(year=2030).exists()
    assert not draft.lines.filter(indicator__code="sealed_land").exists()


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity", "1e300", "1e16", "true", '"5"x'])
def test_non_finite_or_huge_numbers_are_refused(api, draft, bad):
    response = api("editor").post(
        f"{BUDGETS}{draft.pk}/lines/",
        f'{{"indicator": "sealed_land", "target": {bad}}}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not draft.lines.filter(indicator__code="sealed_land").exists()


def test_a_unit_of_the_wrong_dimension_is_refused(api, draft):
    response = api("editor").post(
        f"{BUDGETS}{draft.pk}/lines/",
        {"indicator": "sealed_land", "target": 3, "unit": "kWh"},
        format="json",
    )
    assert response.status_code == 400
    assert "is not a unit of sealed_land" in str(response.json())
    assert not draft.lines.filter(indicator__code="sealed_land").exists()


def test_budgets_filter_by_member_and_year(api, cast, adopted):
    from localaction.sustainability.tests.ecobudget.conftest import adopted_budget

    adopted_budget(cast.nairobi, 2023)
    client = api("anonymous")
    assert [one["member"] for one in client.get(BUDGETS).json()["results"]] == [
        "de-freiburg",
        "ke-nairobi",
    ]
    assert client.get(BUDGETS, {"year": 2023}).json()["results"][0]["member"] == "ke-nairobi"
    assert client.get(BUDGETS, {"member": "ke-nairobi", "year": 2024}).json()["results"] == []
    response = client.get(BUDGETS, {"year": "20x4"})
    assert response.status_code == 400 and response.json() == {
        "year": ["Enter a year from 1900 to 2100."]
    }
