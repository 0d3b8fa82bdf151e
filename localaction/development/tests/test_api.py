"""The regional development API reads what the pages show, to the same people,
and writes nothing."""

from __future__ import annotations

import pytest

from localaction.development import services
from localaction.development.models import PriorityRegion

PEOPLE = ["anonymous", "editor", "colleague", "outsider", "other_staff", "staff", "secretariat"]


@pytest.mark.parametrize("who", PEOPLE)
def test_prospects_by_person(client_as, prospect, make_prospect, lagos, cast, who):
    theirs = make_prospect(lagos, office=cast.africa_office)
    client = client_as(who)
    response = client.get("/api/prospects/")
    if who == "anonymous":
        assert response.status_code == 401
    elif who in ("editor", "colleague", "outsider"):
        assert response.status_code == 403
    else:
        ids = {p["id"] for p in response.json()["results"]}
        assert (
            ids
            == {
                "staff": {prospect.pk},
                "other_staff": {theirs.pk},
                "secretariat": {prospect.pk, theirs.pk},
            }[who]
        )
    detail = client.get(f"/api/prospects/{prospect.pk}/")
    assert (
        detail.status_code
        == {
            "anonymous": 401,
            "editor": 403,
            "colleague": 403,
            "outsider": 403,
            "other_staff": 404,
            "staff": 200,
            "secretariat": 200,
        }[who]
    )
    if detail.status_code == 200:
        body = detail.json()
        assert body["office"] == "europe" and body["local_government"] == "de-berlin"
        assert body["contacts"][0]["email"] == "anna@berlin.example"
        assert [c["status"] for c in body["changes"]] == ["identified"]


@pytest.mark.parametrize("who", PEOPLE)
def test_priority_regions_for_everyone(client_as, db, who):
    china = PriorityRegion.objects.get(code="china")
    services.target_set(priority_region=china, year=2010, members=4)
    client = client_as(who)
    listed = client.get("/api/priority-regions/").json()["results"]
    assert [region["code"] for region in listed][:2] == ["china", "west-africa"]
    one = client.get("/api/priority-regions/china/").json()
    assert one["countries"] == ["CN"] and one["targets"] == [{"year": 2010, "members": 4}]


@pytest.mark.parametrize("who", ["anonymous", "staff", "secretariat"])
def test_the_api_writes_nothing(client_as, prospect, who):
    client = client_as(who)
    assert client.post("/api/prospects/", {}).status_code in (401, 403, 405)
    assert client.delete(f"/api/prospects/{prospect.pk}/").status_code in (401, 403, 405)
    assert client.post("/api/priority-regions/", {}).status_code in (401, 403, 405)
