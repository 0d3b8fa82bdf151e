"""An event as an iCalendar file (icalendar), attached to the registration
e-mail: its days as all-day dates (where it happens), place or online link,
and a link back to it. The programme's feeds are built beside the programme."""

from __future__ import annotations

import datetime

import icalendar
from django.conf import settings
from django.urls import reverse

from localaction.events.models import Event


def event_ics(event: Event) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Local Action//events//EN")
    calendar.add("version", "2.0")
    entry = icalendar.Event()
    entry.add("uid", f"event-{event.pk}@{settings.SITE_URL.split('//')[-1].strip('/')}")
    entry.add("summary", event.title)
    entry.add("dtstart", event.starts_on)
    # DTEND of an all-day event is the day after the last (RFC 5545, 3.6.1).
    entry.add("dtend", event.ends_on + datetime.timedelta(days=1))
    entry.add("dtstamp", datetime.datetime.now(datetime.UTC))
    place = ", ".join(part for part in (event.venue, event.city) if part)
    if place or event.online_url:
        entry.add("location", place or event.online_url)
    if event.summary:
        entry.add("description", event.summary)
    entry.add("url", settings.SITE_URL.rstrip("/") + reverse("events:register", args=[event.slug]))
    calendar.add_component(entry)
    return calendar.to_ical()
