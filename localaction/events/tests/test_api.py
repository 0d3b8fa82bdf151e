"""The events' API: read-only for everyone; published and cancelled events,
drafts for their organisers only; an event's programme with times in its
time zone. Writes are refused to everyone."""

from __future__ import annotations

import pytest

from localaction.events.models import Event

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "editor", "staff", "other_staff", "secretariat")
ORGANISERS = {"staff", "secretariat"}


@pytest.mark.parametrize("who", ROLES)
def test_everyone_reads_published_events_drafts_only_organisers(built, client_as, who):
    client = client_as(who)
    listing = client.get("/api/events/")
    assert listing.status_code == 200
    slugs = {row["slug"] for row in listing.json()["results"]}
    assert "europe-2030" in slugs
    assert ("draft-webinar" in slugs) == (who in ORGANISERS)
    draft = client.get("/api/events/draft-webinar/")
    assert draft.status_code == (200 if who in ORGANISERS else 404)
    programme = client.get("/api/events/draft-webinar/programme/")
    assert programme.status_code == (200 if who in ORGANISERS else 404)


@pytest.mark.parametrize("who", ROLES)
def test_nobody_writes_through_the_api(built, client_as, who):
    client = client_as(who)
    assert client.post("/api/events/", {"title": "x"}).status_code in (403, 405)
    assert client.delete("/api/events/europe-2030/").status_code in (403, 405)
    assert Event.objects.filter(slug="europe-2030").exists()


def test_the_programme_in_the_events_time_zone(built, client):
    data = client.get("/api/events/europe-2030/programme/").json()
    assert data["time_zone"] == "Europe/Berlin"
    opening = next(row for row in data["sessions"] if row["title"] == "Opening plenary")
    assert opening["starts_at"] == "2030-06-10T09:00:00+02:00"
    assert opening["ends_at"] == "2030-06-10T10:30:00+02:00"
    assert opening["translations"] == [
        {"language": "es", "title": "Plenaria de apertura", "description": "Bienvenida."}
    ]
    assert {speaker["name"] for speaker in data["speakers"]} >= {"Amina Odhiambo"}
    assert sorted(opening["speakers"]) == sorted(s.pk for s in built.speakers[:2])
    assert len(data["sessions"]) == 3 and len(data["rooms"]) == 2 and len(data["tracks"]) == 2


def test_filters_and_the_event_record(built, client):
    assert client.get("/api/events/", {"kind": "webinar"}).json()["results"] == []
    (row,) = client.get("/api/events/", {"kind": "members-conference"}).json()["results"]
    assert row["organiser"] == "europe" and row["country"] == "DE"
    assert row["calendar"] == "http://testserver/events/europe-2030/calendar.ics"
    assert client.get("/api/events/", {"when": "past"}).json()["results"] == []
    assert client.get("/api/events/", {"title": "a\x00b"}).status_code == 400


def test_the_schema_documents_the_events(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/events/{slug}/programme/" in schema
