"""The resilience API for every role, under the pages' permissions."""

import pytest

from localaction.sustainability.resilience.models import ResilienceHazardRating

EVERYONE = ("anonymous", "colleague", "editor", "outsider", "staff", "other_staff", "secretariat")
INSIDERS = {"colleague", "editor", "staff", "secretariat"}
EDITORS = {"editor", "staff", "secretariat"}


@pytest.mark.parametrize("who", EVERYONE)
def test_the_list_holds_what_the_reader_may_see(client_as, published, draft, who):
    data = client_as(who).get("/api/hazard-profiles/?member=de-freiburg").json()
    rows = data["results"] if isinstance(data, dict) else data
    years = sorted(row["year"] for row in rows)
    assert years == ([2020, 2024] if who in INSIDERS else [2020])
    flood = next(r for r in rows if r["year"] == 2020)["ratings"]
    assert {"hazard": "riverine_flood", "risk": 16, "band": "high"}.items() <= next(
        r for r in flood if r["hazard"] == "riverine_flood"
    ).items()


@pytest.mark.parametrize("who", EVERYONE)
def test_only_editors_write_a_profile(client_as, cast, who):
    response = client_as(who).post(
        "/api/hazard-profiles/",
        {
            "member": "de-freiburg",
            "year": 2025,
            "ratings": [{"hazard": "storm", "likelihood": 2, "impact": 5}],
        },
        content_type="application/json",
    )
    if who in EDITORS:
        assert response.status_code == 201
        assert response.json()["ratings"][0]["risk"] == 10
    else:
        assert response.status_code in (401, 403)
        assert not ResilienceHazardRating.objects.exists()


@pytest.mark.parametrize(
    "rating",
    [
        {"hazard": "storm", "likelihood": 0, "impact": 5},
        {"hazard": "storm", "likelihood": 2, "impact": 6},
        {"hazard": "alien_invasion", "likelihood": 2, "impact": 2},
    ],
)
def test_a_bad_rating_is_refused_whole(client_as, cast, rating):
    response = client_as("editor").post(
        "/api/hazard-profiles/",
        {
            "member": "de-freiburg",
            "year": 2025,
            "ratings": [{"hazard": "heatwave", "likelihood": 3, "impact": 3}, rating],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not ResilienceHazardRating.objects.exists()


def test_a_hazard_rated_twice_is_refused(client_as, cast):
    twice = [{"hazard": "storm", "likelihood": 1, "impact": 1}] * 2
    response = client_as("editor").post(
        "/api/hazard-profiles/",
        {"member": "de-freiburg", "year": 2025, "ratings": twice},
        content_type="application/json",
    )
    assert response.status_code == 400 and "storm" in str(response.json())


def test_an_unseen_member_is_refused(client_as, cast):
    response = client_as("outsider").post(
        "/api/hazard-profiles/",
        {"member": "de-hidden", "year": 2025},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_the_vocabulary_is_public_with_its_source(client, db):
    data = client.get("/api/hazards/").json()
    assert "Hazard Information Profiles" in data["source"]
    assert {"code": "earthquake", "name": "Earthquake", "cluster": "geohazard"} in data["hazards"]
    assert set(data["likelihood"]) == {"1", "2", "3", "4", "5"}
