"""Events: the event itself (event.py); its programme and its registrations
are added beside it, each in a module of its own."""

from localaction.events.models.event import Event, EventQuerySet

__all__ = ["Event", "EventQuerySet"]

# Programme side (programme.py).
from localaction.events.models.programme import (
    CalendarToken,
    ProgrammeStar,
    Room,
    Session,
    SessionTranslation,
    Speaker,
    Track,
)

__all__ += [
    "CalendarToken",
    "ProgrammeStar",
    "Room",
    "Session",
    "SessionTranslation",
    "Speaker",
    "Track",
]
