"""The iCalendar feeds, parsed back with the icalendar library: an event's
(one VEVENT per session, or one for the event without a programme; stable
UIDs; times in the event's time zone with its VTIMEZONE; cancelled events
CANCELLED) and a person's (the sessions starred and those they speak at,
behind a secret token that can be reset). Titles cannot inject properties."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from localaction.events import services
from localaction.events.models import CalendarToken, Event
from localaction.events.tests.conftest import add_session, at

pytestmark = pytest.mark.django_db


def feed(client, url) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def entries(calendar: Calendar) -> dict[str, object]:
    return {str(entry["summary"]): entry for entry in calendar.walk("VEVENT")}


def test_an_events_feed_has_a_vevent_per_session_in_its_time_zone(built, client):
    calendar = feed(client, reverse("events:calendar", args=[built.event.slug]))
    found = entries(calendar)
    assert set(found) == {"Opening plenary", "Inventories workshop", "Water milestones"}
    opening = found["Opening plenary"]
    start, end = opening.decoded("dtstart"), opening.decoded("dtend")
    assert (start.hour, end.hour, end.minute) == (9, 10, 30)
    assert str(start.tzinfo) == "Europe/Berlin"
    assert start == built.sessions[0].starts_at and end == built.sessions[0].ends_at
    assert opening["dtstart"].params["TZID"] == "Europe/Berlin"
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["tzid"] == "Europe/Berlin"
    assert opening["location"] == "Hall, Konzerthaus, Freiburg, Germany"
    assert opening["url"] == f"http://testserver{built.sessions[0].get_absolute_url()}"
    assert opening["uid"].startswith(f"session-{built.sessions[0].pk}@")
    assert opening["status"] == "CONFIRMED"
    assert "Amina Odhiambo" in opening["description"]


def test_uids_are_stable_across_downloads(built, client):
    url = reverse("events:calendar", args=[built.event.slug])
    first = sorted(str(entry["uid"]) for entry in feed(client, url).walk("VEVENT"))
    second = sorted(str(entry["uid"]) for entry in feed(client, url).walk("VEVENT"))
    assert first == second and len(set(first)) == 3


def test_an_event_without_a_programme_is_one_all_day_vevent(built, client_as):
    built.draft.status = Event.Status.PUBLISHED
    built.draft.save()
    calendar = feed(client_as("anonymous"), reverse("events:calendar", args=[built.draft.slug]))
    (entry,) = calendar.walk("VEVENT")
    assert entry["summary"] == "A webinar in preparation"
    assert entry.decoded("dtstart") == datetime.date(2030, 6, 10)
    assert entry.decoded("dtend") == datetime.date(2030, 6, 13)  # exclusive: after the last day
    assert entry["uid"].startswith(f"event-{built.draft.pk}@")


def test_a_cancelled_events_entries_are_cancelled(built, client):
    services.event_cancel(event=built.event, reason="Flooded venue")
    calendar = feed(client, reverse("events:calendar", args=[built.event.slug]))
    assert {str(entry["status"]) for entry in calendar.walk("VEVENT")} == {"CANCELLED"}


@pytest.mark.parametrize(
    "title",
    [
        "Cities, towns; and regions",
        "Line one\nline two",
        "Evil\r\nATTENDEE:mailto:attacker@example.org",
        "Back\\slash, ;:\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:forged",
    ],
)
def test_a_title_stays_one_escaped_summary(built, client, title):
    add_session(built.event, title, at(11, 15), at(11, 16))
    calendar = feed(client, reverse("events:calendar", args=[built.event.slug]))
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == 4
    # Line breaks come back as the library's "\n" (RFC 5545 escapes them so).
    assert title.replace("\r\n", "\n") in [str(entry["summary"]) for entry in vevents]
    assert all("ATTENDEE" not in entry for entry in vevents)
    # Each VEVENT has exactly one SUMMARY.
    lines = client.get(reverse("events:calendar", args=[built.event.slug])).content.decode()
    lines = lines.split("\r\n")
    assert lines.count("BEGIN:VEVENT") == 4 and lines.count("END:VEVENT") == 4
    assert sum(line.startswith("SUMMARY:") for line in lines) == 4
    assert not any(line.startswith("ATTENDEE") for line in lines)


def test_a_persons_feed_has_their_starred_sessions_and_those_they_speak_at(built, client, cast):
    # The editor speaks at the workshop (speaker Claire Dubois) and stars the water session.
    services.session_star(user=cast.editor, session=built.sessions[2], starred=True)
    token = services.calendar_token_of(cast.editor).token
    calendar = feed(client, reverse("events:person-calendar", args=[token]))
    assert set(entries(calendar)) == {"Inventories workshop", "Water milestones"}
    # A draft's sessions never reach the feed.
    draft_session = add_session(built.draft, "Secret rehearsal", at(10, 9), at(10, 10))
    services.session_star(user=cast.editor, session=draft_session, starred=True)
    calendar = feed(client, reverse("events:person-calendar", args=[token]))
    assert "Secret rehearsal" not in entries(calendar)


def test_the_token_is_secret_and_can_be_reset(built, client, client_as, cast):
    old = services.calendar_token_of(cast.editor).token
    other = services.calendar_token_of(cast.staff).token
    assert old != other and len(old) >= 40
    assert client.get(reverse("events:person-calendar", args=["not-a-token"])).status_code == 404
    mine = client_as("editor").get(reverse("events:mine")).content.decode()
    assert old in mine and other not in mine
    assert "Inventories workshop" in mine and "you speak" in mine
    assert client_as("editor").post(reverse("events:calendar-reset")).status_code == 302
    new = CalendarToken.objects.get(user=cast.editor).token
    assert new != old
    assert client.get(reverse("events:person-calendar", args=[old])).status_code == 404
    assert client.get(reverse("events:person-calendar", args=[new])).status_code == 200
    # Signed out, nobody resets anyone's address.
    assert client.post(reverse("events:calendar-reset")).status_code == 302
    assert CalendarToken.objects.get(user=cast.editor).token == new
