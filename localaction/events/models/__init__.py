"""Events: the event itself (event.py); its programme and its registrations
are added beside it, each in a module of its own."""

from localaction.events.models.event import Event, EventQuerySet
from localaction.events.models.registration import (
    Registration,
    RegistrationCategory,
    RegistrationQuerySet,
)

__all__ = ["Event", "EventQuerySet", "Registration", "RegistrationCategory", "RegistrationQuerySet"]
