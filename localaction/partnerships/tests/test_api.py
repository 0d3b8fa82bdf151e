"""The partnerships API reads what the pages show, to the same people, and
writes nothing."""

from __future__ import annotations

import pytest

EVERYONE = ["anonymous", "editor", "staff", "other_staff", "secretariat"]


@pytest.mark.parametrize("who", EVERYONE)
def test_the_api_by_person(client_as, draft, active, unlisted, make_agreement, cast, who):
    theirs = make_agreement("African draft", office=cast.africa_office)
    client = client_as(who)
    ids = {a["id"] for a in client.get("/api/partnerships/").json()["results"]}
    expected = {
        "anonymous": {active.pk},
        "editor": {active.pk},
        "staff": {active.pk, draft.pk, unlisted.pk},
        "other_staff": {active.pk, theirs.pk},
        "secretariat": {active.pk, draft.pk, unlisted.pk, theirs.pk},
    }[who]
    assert ids == expected
    detail = client.get(f"/api/partnerships/{draft.pk}/")
    assert detail.status_code == (200 if who in ("staff", "secretariat") else 404)
    listed = client.get(f"/api/partnerships/{active.pk}/").json()
    assert listed["partner"]["name"] == "UN-Habitat" and listed["status"] == "active"


@pytest.mark.parametrize("who", ["anonymous", "secretariat"])
def test_the_api_writes_nothing(client_as, active, who):
    client = client_as(who)
    assert client.post("/api/partnerships/", {}).status_code in (401, 403, 405)
    assert client.delete(f"/api/partnerships/{active.pk}/").status_code in (401, 403, 405)
