"""The events' part of the platform's search: one entry per published event
(a cancelled one stays, its title marked cancelled; drafts never reach
search). `entries()` gives them all, `entry_for(obj)` one event's (None for a
draft), and `WATCHED` the models whose changes change an entry."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext

from localaction.events.models import Event, Session, Track


def _body(event: Event) -> str:
    parts = [event.get_kind_display(), event.summary, event.venue, event.city]
    if event.country_id:
        parts.append(event.country.name)
    parts.append(event.organiser.name)
    parts.extend(track.name for track in event.tracks.all())
    parts.extend(session.title for session in event.sessions.all())
    if event.status == Event.Status.CANCELLED:
        parts.append(event.cancellation_reason)
    return "\n".join(" ".join(part.split()) for part in parts if part)


def entry_for(obj) -> dict | None:
    """The search entry of an event (or of the event a session or track is
    part of); None while it is a draft."""
    if isinstance(obj, Session | Track):
        obj = obj.event
    if not isinstance(obj, Event) or not obj.is_public:
        return None
    title = obj.title
    if obj.status == Event.Status.CANCELLED:
        title = gettext("%(title)s (cancelled)") % {"title": title}
    return {
        "kind": "event",
        "key": obj.slug,
        "language": obj.language,
        "title": title[:300],
        "body": _body(obj),
        "url": obj.get_absolute_url(),
        "region_id": obj.region_id,
        "country_code": obj.country_id or "",
        "themes": [],
        "year": obj.starts_on.year,
        "object": obj,
    }


def entries() -> Iterator[dict]:
    events = Event.objects.published().select_related("organiser", "country")
    for event in events.prefetch_related("tracks", "sessions").order_by("pk"):
        entry = entry_for(event)
        if entry is not None:
            yield entry


WATCHED = (Event, Session, Track)
