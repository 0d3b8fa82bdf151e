"""Events: the event itself (event.py), its programme (programme.py) and its
registrations (registration.py)."""

from localaction.events.models.event import Event, EventQuerySet
from localaction.events.models.programme import (
    CalendarToken,
    ProgrammeStar,
    Room,
    Session,
    SessionTranslation,
    Speaker,
    Track,
)
from localaction.events.models.registration import (
    Registration,
    RegistrationCategory,
    RegistrationQuerySet,
)

__all__ = [
    "CalendarToken",
    "Event",
    "EventQuerySet",
    "ProgrammeStar",
    "Registration",
    "RegistrationCategory",
    "RegistrationQuerySet",
    "Room",
    "Session",
    "SessionTranslation",
    "Speaker",
    "Track",
]
