"""The plans API reads what the pages show, to the same people, and writes nothing."""

from __future__ import annotations

import pytest

OTHERS = ["anonymous", "editor", "colleague", "staff", "other_staff"]


@pytest.mark.parametrize("who", [*OTHERS, "secretariat"])
def test_the_adopted_plan_for_everyone(client_as, cape_town, who):
    listed = client_as(who).get("/api/plans/").json()["results"]
    assert [plan["id"] for plan in listed] == [cape_town.pk]
    detail = client_as(who).get(f"/api/plans/{cape_town.pk}/").json()
    assert detail["status"] == "adopted" and detail["adopted_by"] is None
    assert [part["number"] for part in detail["parts"]] == ["2", "3", "4"]
    areas = [area for part in detail["parts"] for area in part["areas"]]
    assert len(areas) == 24
    references = [goal["reference"] for area in areas for goal in area["goals"]]
    assert len(references) == 66 and references[:3] == ["2.1a", "2.1b", "2.1c"]


@pytest.mark.parametrize("who", OTHERS)
def test_a_draft_is_a_404_for_others(client_as, draft, who):
    assert client_as(who).get(f"/api/plans/{draft.pk}/").status_code == 404
    ids = [plan["id"] for plan in client_as(who).get("/api/plans/").json()["results"]]
    assert draft.pk not in ids


def test_the_secretariat_reads_drafts(client_as, draft):
    ids = [plan["id"] for plan in client_as("secretariat").get("/api/plans/").json()["results"]]
    assert draft.pk in ids
    detail = client_as("secretariat").get(f"/api/plans/{draft.pk}/").json()
    assert detail["status"] == "draft" and detail["previous"] == draft.previous_id


@pytest.mark.parametrize("who", ["anonymous", "secretariat"])
def test_the_api_writes_nothing(client_as, cape_town, who):
    client = client_as(who)
    assert client.post("/api/plans/", {}).status_code in (401, 403, 405)
    assert client.delete(f"/api/plans/{cape_town.pk}/").status_code in (401, 403, 405)
