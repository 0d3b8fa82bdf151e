"""The iCalendar feeds (RFC 5545, written by the icalendar library): one per
event — a VEVENT per session, or one for the event itself while it has no
programme — and one per person, of the sessions they starred or speak at.

UIDs are stable (the record's kind and key @ the site), so a calendar app
updates an entry instead of adding it twice. Times are written in the event's
time zone with its VTIMEZONE. Every text goes through the library, which
escapes commas, semicolons and line breaks: a title cannot add a property.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from localaction.events.models import Event, Session

PRODUCT = "-//Local Action//Events//EN"


def _domain() -> str:
    hosts = [host for host in settings.ALLOWED_HOSTS if host and host not in ("*", ".localhost")]
    return (hosts[0] if hosts else "localaction").lstrip(".")


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _location(event: Event, session: Session | None = None) -> str:
    parts = []
    if session is not None and session.room_id:
        parts.append(session.room.name)
    parts.extend(part for part in (event.venue, event.city) if part)
    if event.country_id:
        parts.append(event.country.name)
    return ", ".join(parts)


def _status(event: Event) -> str:
    return "CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED"


def session_entry(session: Session, base_url: str) -> CalendarEvent:
    event = session.event
    zone = event.zone
    entry = CalendarEvent()
    entry.add("uid", f"session-{session.pk}@{_domain()}")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", timezone.localtime(session.starts_at, zone))
    entry.add("dtend", timezone.localtime(session.ends_at, zone))
    entry.add("summary", session.title)
    description = session.description
    speakers = ", ".join(speaker.name for speaker in session.speakers.all())
    if speakers:
        description = f"{description}\n\n{speakers}".strip()
    if description:
        entry.add("description", description)
    location = _location(event, session)
    if location:
        entry.add("location", location)
    entry.add("url", base_url + session.get_absolute_url())
    entry.add("categories", [event.title])
    entry.add("status", _status(event))
    return entry


def event_entry(event: Event, base_url: str) -> CalendarEvent:
    """The event as one all-day entry over its days (DTEND is the day after the last)."""
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@{_domain()}")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.starts_on)
    entry.add("dtend", event.ends_on + datetime.timedelta(days=1))
    entry.add("summary", event.title)
    if event.summary:
        entry.add("description", event.summary)
    location = _location(event)
    if location:
        entry.add("location", location)
    entry.add("url", base_url + event.get_absolute_url())
    entry.add("status", _status(event))
    return entry


def _sessions(queryset) -> Iterable[Session]:
    return queryset.select_related("event__country", "room").prefetch_related("speakers")


def event_calendar(event: Event, base_url: str) -> bytes:
    calendar = _calendar(event.title)
    sessions = list(_sessions(event.sessions.order_by("starts_at", "pk")))
    if sessions:
        for session in sessions:
            calendar.add_component(session_entry(session, base_url))
    else:
        calendar.add_component(event_entry(event, base_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def person_sessions(user):
    """The public sessions a person starred or speaks at."""
    return (
        Session.objects.filter(event__in=Event.objects.published())
        .filter(Q(stars__user=user) | Q(speakers__user=user))
        .distinct()
        .order_by("starts_at", "pk")
    )


def person_calendar(user, name: str, base_url: str) -> bytes:
    calendar = _calendar(name)
    for session in _sessions(person_sessions(user)):
        calendar.add_component(session_entry(session, base_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()
