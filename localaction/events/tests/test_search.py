"""The events' search entries: published events, cancelled ones marked so,
drafts never; a session's or track's change reaches its event's entry."""

from __future__ import annotations

import pytest

from localaction.events import search, services
from localaction.events.models import Event

pytestmark = pytest.mark.django_db


def test_published_events_reach_search_drafts_never(built):
    (entry,) = search.entries()
    assert entry["kind"] == "event" and entry["key"] == "europe-2030"
    assert entry["title"] == "European members' conference 2030"
    assert entry["url"] == "/events/europe-2030/" and entry["country_code"] == "DE"
    assert entry["year"] == 2030 and entry["themes"] == []
    assert "Inventories workshop" in entry["body"] and "Climate" in entry["body"]
    assert entry["object"] == built.event
    assert search.entry_for(built.draft) is None
    assert search.entry_for(built.sessions[0])["key"] == "europe-2030"
    assert search.entry_for(built.tracks[0])["key"] == "europe-2030"
    assert set(search.WATCHED) >= {Event}


def test_a_cancelled_event_stays_listed_as_cancelled(built):
    services.event_cancel(event=built.event, reason="The venue flooded.")
    built.event.refresh_from_db()
    entry = search.entry_for(built.event)
    assert entry["title"] == "European members' conference 2030 (cancelled)"
    assert "The venue flooded." in entry["body"]


def test_events_are_a_source_of_the_platforms_search():
    from localaction.search.sources import SOURCES

    assert "localaction.events.search" in SOURCES


def test_the_site_search_finds_an_event_once_published(
    built, client, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    def found(words: str) -> list[str]:
        response = client.get(reverse("search:api-search"), {"q": words, "kind": "event"})
        return [row["title"] for row in response.json()["results"]]

    with django_capture_on_commit_callbacks(execute=True):
        built.draft.title = "Webinar on heat plans"
        built.draft.save()
    assert found("heat plans") == []
    with django_capture_on_commit_callbacks(execute=True):
        services.event_publish(event=built.draft)
    assert found("heat plans") == ["Webinar on heat plans"]
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=built.draft, reason="Speaker ill.")
    assert found("heat plans") == ["Webinar on heat plans (cancelled)"]
