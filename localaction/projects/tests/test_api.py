"""The API under the pages' rules: the project's people get the detail (budget,
team, deliverables, proposals), other offices' staff and pilot members' staff
the summary (`detail` null, public outputs only), the public only projects
marked public; the team updates deliverables; proposals for their office."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from localaction.projects.models import Project

PROJECT = "/api/projects/projects/ecobudget-pilot/"


@pytest.fixture
def api_as(cast, built):
    def signed_in(who: str) -> APIClient:
        client = APIClient()
        user = built.researcher if who == "researcher" else getattr(cast, who)
        if user is not None:
            client.force_authenticate(user)
        return client

    return signed_in


@pytest.mark.parametrize("who", ["staff", "researcher", "secretariat"])
def test_the_projects_people_get_its_detail(api_as, who):
    body = api_as(who).get(PROJECT).json()
    assert body["detail"]["budget"] == {"amount": "480000.00", "currency": "EUR"}
    assert [m["person"] for m in body["detail"]["team"]] == ["researcher"]
    assert {d["shown_status"] for d in body["detail"]["deliverables"]} >= {"late"}
    assert len(body["outputs"]) == 2


@pytest.mark.parametrize("who", ["other_staff", "editor"])
def test_others_get_the_summary_only(api_as, who):
    body = api_as(who).get(PROJECT).json()
    assert body["detail"] is None
    assert body["offices"] == ["europe"] and body["kind"] == "pilot"
    assert [o["title"] for o in body["outputs"]] == ["ecoBUDGET guide for small towns"]
    assert "480000" not in str(body) and "researcher" not in str(body)


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_the_public_gets_only_projects_marked_public(api_as, built, who):
    assert api_as(who).get(PROJECT).status_code == 404
    assert api_as(who).get("/api/projects/projects/").json()["count"] == 0
    Project.objects.filter(pk=built.project.pk).update(is_public=True)
    assert api_as(who).get(PROJECT).json()["detail"] is None


@pytest.mark.parametrize(
    "who, status", [("researcher", 200), ("staff", 200), ("other_staff", 404), ("editor", 404),
                    ("anonymous", 401)],
)  # fmt: skip
def test_the_team_updates_a_deliverable_through_the_api(api_as, built, who, status):
    response = api_as(who).post(
        f"/api/projects/deliverables/{built.late.pk}/status/",
        {"status": "delivered", "delivered_on": "2025-07-01"},
        format="json",
    )
    assert response.status_code == status
    if status == 200:
        assert response.json()["shown_status"] == "delivered"


def test_a_future_delivery_date_is_refused_on_its_field(api_as, built):
    response = api_as("researcher").post(
        f"/api/projects/deliverables/{built.late.pk}/status/",
        {"status": "delivered", "delivered_on": "2099-01-01"},
        format="json",
    )
    assert response.status_code == 400 and "delivered_on" in response.json()


@pytest.mark.parametrize(
    "who, count", [("staff", 1), ("secretariat", 1), ("other_staff", 0), ("researcher", 0)]
)
def test_proposals_are_seen_by_their_office_and_the_secretariat(api_as, who, count):
    assert api_as(who).get("/api/projects/proposals/").json()["count"] == count


def test_rejecting_through_the_api_records_the_decision(api_as, built):
    url = f"/api/projects/proposals/{built.proposal.pk}/reject/"
    assert api_as("other_staff").post(url, {}, format="json").status_code == 404
    response = api_as("staff").post(
        url, {"decided_on": "2026-09-15", "note": "Out of scope."}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert response.json()["decided_on"] == "2026-09-15"
    again = api_as("staff").post(url, {}, format="json")
    assert again.status_code == 400 and "status" in again.json()


def test_the_schema_documents_the_projects_api(api_as):
    schema = api_as("anonymous").get("/api/schema/", {"format": "json"}).json()
    assert "/api/projects/proposals/{id}/award/" in schema["paths"]
    assert "/api/projects/deliverables/{id}/status/" in schema["paths"]
