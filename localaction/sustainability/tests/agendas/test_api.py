"""The local agendas' API (/api/agendas/) for every role of the cast."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from localaction.sustainability.agendas.models import LocalAgenda
from localaction.sustainability.tests.agendas.conftest import indicator_target

INSIDERS = ("editor", "colleague", "staff", "secretariat")
OUTSIDERS = ("outsider", "other_staff", "anonymous")
EDITORS = ("editor", "staff", "secretariat")
CONTACT = "youth@example.org"


@pytest.fixture
def api_as(cast):
    def signed_in(who: str) -> APIClient:
        client = APIClient()
        user = getattr(cast, who)
        if user is not None:
            client.force_authenticate(user)
        return client

    return signed_in


@pytest.mark.parametrize("who", INSIDERS + OUTSIDERS)
def test_published_agendas_are_public_and_contacts_private(api_as, full_agenda, who):
    response = api_as(who).get("/api/agendas/")
    assert response.status_code == 200
    (agenda,) = response.json()["results"]
    assert agenda["campaign"] == "local-agenda-21"
    assert agenda["stakeholders"][0]["name"] == "Chamber of Commerce"
    assert (CONTACT in response.content.decode()) is (who in INSIDERS)
    detail = api_as(who).get(f"/api/agendas/{full_agenda.pk}/")
    assert (CONTACT in detail.content.decode()) is (who in INSIDERS)


@pytest.mark.parametrize("who", INSIDERS + OUTSIDERS)
def test_unpublished_agendas_for_insiders_only(api_as, full_agenda, who):
    full_agenda.is_published = False
    full_agenda.save()
    listed = api_as(who).get("/api/agendas/?local_government=de-freiburg").json()["results"]
    assert len(listed) == (1 if who in INSIDERS else 0)
    detail = api_as(who).get(f"/api/agendas/{full_agenda.pk}/")
    assert detail.status_code == (200 if who in INSIDERS else 404)


@pytest.mark.parametrize("who", (*EDITORS, "colleague", "outsider", "other_staff", "anonymous"))
def test_starting_an_agenda(api_as, participation, who):
    response = api_as(who).post(
        "/api/agendas/",
        {
            "local_government": "de-freiburg",
            "campaign": "local-agenda-21",
            "title": "LA21",
            "started_on": "2022-01-10",
        },
        format="json",
    )
    if who == "anonymous":
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == (201 if who in EDITORS else 403)
    assert LocalAgenda.objects.exists() is (who in EDITORS)


def test_a_campaign_of_another_methodology_is_refused(api_as, cast):
    response = api_as("editor").post(
        "/api/agendas/",
        {
            "local_government": "de-freiburg",
            "campaign": "ccp",
            "title": "X",
            "started_on": "2022-01-10",
        },
        format="json",
    )
    assert response.status_code == 400 and "campaign" in response.json()


def test_patching_parts_targets_and_actions(api_as, agenda, target, action):
    response = api_as("editor").patch(
        f"/api/agendas/{agenda.pk}/",
        {"council_on": "2022-03-15", "targets": [target.pk], "actions": [action.pk]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    agenda.refresh_from_db()
    assert agenda.council_on.isoformat() == "2022-03-15"
    assert list(agenda.targets.all()) == [target]


def test_another_members_target_is_refused_and_nothing_changes(api_as, cast, agenda):
    theirs = indicator_target(cast.nairobi, agenda.campaign, title="Nairobi water")
    response = api_as("editor").patch(
        f"/api/agendas/{agenda.pk}/",
        {"council_on": "2022-03-15", "targets": [theirs.pk]},
        format="json",
    )
    refusal = str(response.json()["targets"])
    assert response.status_code == 400 and f"#{theirs.pk}" in refusal
    assert "Nairobi water" not in refusal  # another member's title is not told
    agenda.refresh_from_db()
    assert agenda.council_on is None


def test_huge_text_and_future_dates_are_refused(api_as, agenda):
    client = api_as("editor")
    assert (
        client.patch(f"/api/agendas/{agenda.pk}/", {"vision": "x" * 20_001}, format="json")
    ).status_code == 400
    assert (
        client.patch(f"/api/agendas/{agenda.pk}/", {"council_on": "2099-01-01"}, format="json")
    ).status_code == 400


@pytest.mark.parametrize("who", (*EDITORS, "colleague", "outsider", "other_staff"))
def test_adding_parts(api_as, agenda, target, who):
    client = api_as(who)
    created = client.post(
        f"/api/agendas/{agenda.pk}/stakeholders/",
        {"name": "Youth council", "kind": "youth", "contact": CONTACT},
        format="json",
    )
    assert created.status_code == (201 if who in EDITORS else 403)
    if who not in EDITORS:
        assert not agenda.stakeholders.exists()
        return
    stakeholder = created.json()["id"]
    assert (
        client.post(
            f"/api/agendas/{agenda.pk}/priorities/",
            {"title": "Water", "raised_by": [stakeholder]},
            format="json",
        ).status_code
        == 201
    )
    assert (
        client.post(
            f"/api/agendas/{agenda.pk}/meetings/",
            {"held_on": "2022-02-01", "participants": 40},
            format="json",
        ).status_code
        == 201
    )
    client.patch(f"/api/agendas/{agenda.pk}/", {"targets": [target.pk]}, format="json")
    report = client.post(
        f"/api/agendas/{agenda.pk}/monitoring/",
        {
            "period_start": "2022-01-01",
            "period_end": "2022-12-31",
            "findings": "On track",
            "indicators": [target.pk],
            "is_evaluation": True,
            "reported_on": "2023-02-01",
        },
        format="json",
    )
    assert report.status_code == 201, report.json()
    assert agenda.monitoring_reports.get().is_evaluation


def test_the_networks_figures(api_as, full_agenda):
    response = api_as("anonymous").get("/api/agendas/network/?year=2024")
    assert response.status_code == 200
    data = response.json()
    assert (data["agendas"], data["members"]) == (1, 1)
    assert data["campaigns"][0]["reached"] == [1, 1, 1, 1, 1]
    assert api_as("anonymous").get("/api/agendas/network/?year=1").status_code == 400
