"""The governance API reads what the pages show, to the same people, and writes nothing."""

from __future__ import annotations

import pytest


@pytest.fixture
def decisions_on_record(quorate, record):
    return record(quorate, title="Public matter"), record(
        quorate, title="Private matter", is_public=False
    )


def test_public_bodies_for_everyone(client_as, holders, committee):
    response = client_as("anonymous").get("/api/governing-bodies/TESTCOM/")
    body = response.json()
    assert response.status_code == 200
    assert [mandate["holder_name"] for mandate in body["mandates"]] == [
        "Martin Horn",
        "Anna Weber",
    ]
    assert body["vacancies"] == []
    assert {mandate["local_government"] for mandate in body["mandates"]} == {"de-freiburg"}


def test_a_body_that_is_not_public_is_a_404_for_others(client_as, holders, committee):
    committee.is_public = False
    committee.save()
    assert client_as("anonymous").get("/api/governing-bodies/TESTCOM/").status_code == 404
    codes = [
        b["code"] for b in client_as("anonymous").get("/api/governing-bodies/").json()["results"]
    ]
    assert "TESTCOM" not in codes and "EXCOM" in codes
    assert client_as("colleague").get("/api/governing-bodies/TESTCOM/").status_code == 200


def test_decisions_as_the_log_shows_them(client_as, decisions_on_record):
    public, private = decisions_on_record
    anonymous = client_as("anonymous").get("/api/decisions/", {"body": "TESTCOM"}).json()
    assert [d["reference"] for d in anonymous["results"]] == [public.reference]
    assert client_as("anonymous").get(f"/api/decisions/{private.reference}/").status_code == 404
    secretariat = client_as("secretariat").get(f"/api/decisions/{private.reference}/").json()
    assert secretariat["title"] == "Private matter"


def test_decisions_searched_by_words_and_year(client_as, decisions_on_record):
    found = client_as("secretariat").get("/api/decisions/", {"q": "private", "year": 2025}).json()
    assert [d["title"] for d in found["results"]] == ["Private matter"]


def test_a_year_that_is_no_number_is_refused(client_as):
    response = client_as("anonymous").get("/api/decisions/", {"year": "1e30"})
    assert response.status_code == 400
    assert "year" in response.json()


def test_a_meeting_with_its_quorum(client_as, quorate):
    meeting = client_as("anonymous").get(f"/api/meetings/{quorate.pk}/").json()
    assert meeting["quorum"] == {"entitled": 2, "present": 2, "needed": 2, "reached": True}


@pytest.mark.parametrize("who", ["anonymous", "secretariat"])
def test_nothing_is_written_through_the_api(client_as, committee, who):
    response = client_as(who).post(
        "/api/governing-bodies/", {"code": "NEW"}, content_type="application/json"
    )
    assert response.status_code in (401, 403, 405)
    response = client_as(who).delete("/api/governing-bodies/TESTCOM/")
    assert response.status_code in (401, 403, 405)


def test_the_charter_for_everyone(client_as):
    documents = client_as("anonymous").get("/api/governing-documents/").json()
    assert [d["code"] for d in documents["results"]] == ["charter", "by-laws"]
