"""The work programme API for every role: every version for the office's
staff and the secretariat, with funding; public approved versions for
everyone, without; nothing written through it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from localaction.programmes import services

KEEPERS = ["staff", "secretariat"]
OTHERS = ["anonymous", "editor", "colleague", "other_staff"]


@pytest.fixture
def approved(cast, programme, add, decide, travel):
    add(programme, funding=[(travel, Decimal("2500"))])
    services.approve_programme(programme, decision=decide(), by=cast.staff)
    return programme


def _client(cast, who) -> APIClient:
    client = APIClient()
    if who != "anonymous":
        client.force_authenticate(getattr(cast, who))
    return client


@pytest.mark.parametrize("who", KEEPERS)
def test_keepers_read_every_version_with_funding(cast, approved, travel, who):
    revision = services.revise_programme(approved, by=cast.staff)
    answer = _client(cast, who).get("/api/work-programmes/").json()
    assert answer["count"] == 2
    assert [p["version"] for p in answer["results"]] == [2, 1]
    detail = _client(cast, who).get(f"/api/work-programmes/{revision.pk}/").json()
    assert (detail["previous"], detail["status"], detail["approved_by"]) == (
        approved.pk,
        "draft",
        None,
    )
    (activity,) = detail["activities"]
    assert activity["goals"] == ["2.1a"]
    assert activity["funding"] == [
        {"budget_line": travel.pk, "line": "Travel", "amount": "2500.00", "currency": "EUR"}
    ]


@pytest.mark.parametrize("who", OTHERS)
def test_others_read_public_approved_versions_without_funding(cast, approved, who):
    client = _client(cast, who)
    assert client.get("/api/work-programmes/").json()["count"] == 0
    assert client.get(f"/api/work-programmes/{approved.pk}/").status_code == 404
    services.publish_programme(approved, by=cast.staff, is_public=True)
    answer = client.get("/api/work-programmes/").json()
    assert answer["count"] == 1
    (activity,) = answer["results"][0]["activities"]
    assert activity["funding"] is None and activity["status"] == "planned"


@pytest.mark.parametrize("who", [*KEEPERS, *OTHERS])
def test_nothing_is_written_through_the_api(cast, approved, who):
    client = _client(cast, who)
    assert client.post("/api/work-programmes/", {}).status_code in (401, 403, 405)
    assert client.delete(f"/api/work-programmes/{approved.pk}/").status_code in (
        401,
        403,
        404,
        405,
    )
