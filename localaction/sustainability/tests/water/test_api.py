"""The water API under the pages' permissions: who reads what, who writes,
and refusals that write nothing."""

import pytest

from localaction.sustainability.water import services
from localaction.sustainability.water.models import WaterBenefit, WaterInventory

pytestmark = pytest.mark.django_db

EVERYONE = ("anonymous", "editor", "colleague", "outsider", "staff", "other_staff", "secretariat")
INSIDERS = ("editor", "colleague", "staff", "secretariat")
URL = "/api/water/inventories/"

NEW = {
    "member": "de-freiburg",
    "year": 2022,
    "population_served": 100_000,
    "losses_unit": "ML",
    "system_input": 9_000,
    "billed": 6_500,
    "lines": [
        {"sector": "residential", "source": "surface", "amount": 5_000, "unit": "ML"},
        {"sector": "commercial", "source": "groundwater", "amount": 1_000_000, "unit": "m3"},
    ],
    "quality": [{"indicator": "nitrate", "value": 12.5, "samples": 40}],
}


@pytest.mark.parametrize("who", EVERYONE)
def test_a_draft_is_listed_for_insiders_only(client_as, inventory, who):
    listed = client_as(who).get(URL, {"member": "de-freiburg"}).json()["results"]
    assert bool(listed) == (who in INSIDERS)
    detail = client_as(who).get(f"{URL}{inventory.pk}/")
    assert detail.status_code == (200 if who in INSIDERS else 404)


@pytest.mark.parametrize("who", EVERYONE)
def test_a_verified_inventory_is_public_with_its_figures(client_as, verified, who):
    data = client_as(who).get(f"{URL}{verified.pk}/").json()
    assert data["consumption_m3"] == pytest.approx(7_300_000)
    assert data["litres_per_person_day"] == pytest.approx(200)
    assert data["non_revenue_percent"] == pytest.approx(30)
    assert sum(data["by_sector"].values()) == pytest.approx(data["consumption_m3"])
    assert data["balance"]["system_input"] == 10_000_000
    assert len(data["lines"]) == 6 and data["status"] == "verified"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 401),
        ("colleague", 403),
        ("outsider", 403),
        ("other_staff", 403),
        ("editor", 201),
        ("staff", 201),
        ("secretariat", 201),
    ],
)
def test_who_starts_an_inventory(client_as, cast, who, status):
    response = client_as(who).post(URL, NEW, content_type="application/json")
    assert response.status_code == status
    assert WaterInventory.objects.exists() == (status == 201)
    if status == 201:
        data = response.json()
        assert data["consumption_m3"] == pytest.approx(6_000_000)
        assert data["balance"]["system_input"] == pytest.approx(9_000_000)
        assert data["quality"][0]["indicator"] == "nitrate"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {"lines": [{"sector": "residential", "source": "surface", "amount": 1, "unit": "kWh"}]},
            "lines",
        ),
        ({"lines": [{"sector": "residential", "source": "surface", "amount": "NaN"}]}, "lines"),
        ({"billed": 10_000}, "billed"),
        ({"losses_unit": "t"}, "losses_unit"),
        ({"quality": [{"indicator": "compliant_share", "value": 140}]}, "value"),
        ({"year": 1800}, "year"),
        ({"member": "de-hidden"}, "member"),
    ],
)
def test_a_refused_inventory_writes_nothing(client_as, change, field):
    response = client_as("editor").post(URL, NEW | change, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()
    assert not WaterInventory.objects.exists()


def test_a_wrong_unit_is_named_at_its_line(client_as, inventory):
    lines = [
        {"sector": "residential", "source": "surface", "amount": 1, "unit": "m3"},
        {"sector": "industrial", "source": "surface", "amount": 1, "unit": "kWh"},
    ]
    response = client_as("editor").put(
        f"{URL}{inventory.pk}/lines/", lines, content_type="application/json"
    )
    assert response.status_code == 400
    problems = response.json()["lines"]
    assert problems[0] == {} and "'kWh' is an energy" in problems[1]["unit"][0]
    assert inventory.lines.count() == 6


def test_replacing_lines_and_moving_on(client_as, inventory):
    lines = [{"sector": "residential", "source": "surface", "amount": 1, "unit": "acre_foot"}]
    response = client_as("editor").put(
        f"{URL}{inventory.pk}/lines/", lines, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["consumption_m3"] == pytest.approx(1233.489, rel=1e-6)
    assert client_as("colleague").post(f"{URL}{inventory.pk}/submit/").status_code == 403
    assert client_as("editor").post(f"{URL}{inventory.pk}/submit/").status_code == 200
    assert client_as("editor").post(f"{URL}{inventory.pk}/verify/").status_code == 403
    # Another region's office may not even see a submitted inventory.
    assert client_as("other_staff").post(f"{URL}{inventory.pk}/verify/").status_code == 404
    verified = client_as("staff").post(f"{URL}{inventory.pk}/verify/")
    assert verified.json()["status"] == "verified"
    assert client_as("staff").post(f"{URL}{inventory.pk}/verify/").status_code == 400
    assert client_as("editor").post(f"{URL}{inventory.pk}/reopen/").status_code == 403
    assert client_as("staff").post(f"{URL}{inventory.pk}/reopen/").json()["status"] == "draft"


@pytest.mark.parametrize("who", EVERYONE)
def test_benefits_are_read_with_their_actions_and_written_by_keepers(
    client_as, action, grid_factor, who
):
    body = {"action": action.pk, "amount": 100_000}
    response = client_as(who).post("/api/water/benefits/", body, content_type="application/json")
    expected = {"anonymous": 401, "editor": 201, "staff": 201, "secretariat": 201}
    assert response.status_code == expected.get(who, 403)
    if response.status_code == 201:
        assert response.json()["kg_co2e_avoided"] == pytest.approx(14_114.18, rel=1e-6)
        listed = client_as("anonymous").get("/api/water/benefits/").json()["results"]
        assert [one["action"] for one in listed] == [action.pk]  # a published action


def test_a_benefit_in_a_wrong_unit_is_refused(client_as, action):
    body = {"action": action.pk, "amount": 5, "unit": "kWh"}
    response = client_as("editor").post(
        "/api/water/benefits/", body, content_type="application/json"
    )
    assert response.status_code == 400 and "unit" in response.json()
    assert not WaterBenefit.objects.exists()


def test_the_public_vocabulary_and_network(client_as, cast, verified, action):
    services.water_benefit_save(action=action, amount=2_000, user=cast.editor)
    indicators = client_as("anonymous").get("/api/water/quality-indicators/").json()
    nitrate = next(one for one in indicators if one["key"] == "nitrate")
    assert nitrate["guideline"] == 50 and "WHO" in nitrate["source"]
    assert client_as("anonymous").get("/api/water/network/").json() == {"years": [2023]}
    figures = client_as("anonymous").get("/api/water/network/2024/").json()
    assert figures["members"] == ["de-freiburg"]
    assert figures["total_m3"] == pytest.approx(7_300_000)
    assert figures["m3_saved"] == 2_000
    assert client_as("anonymous").post("/api/water/network/", {}).status_code == 401
    assert client_as("editor").post("/api/water/network/", {}).status_code == 403
