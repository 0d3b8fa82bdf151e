"""Who sees and does what with events.

- Anyone sees published events (and cancelled ones, marked so); drafts only
  those who organise the event.
- Those who **organise** an event: staff of its organising office and the
  secretariat. They edit it and its programme, see its registrations, check
  people in and issue certificates.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from localaction.accounts.access import access_of
from localaction.events.models import Event


def organises(user, event: Event) -> bool:
    """Staff of the organising office, and the secretariat."""
    if not user.is_authenticated:
        return False
    access = access_of(user)
    return access.is_secretariat or event.organiser_id in access.offices


def events_organised_by(user) -> QuerySet[Event]:
    if not user.is_authenticated:
        return Event.objects.none()
    access = access_of(user)
    if access.is_secretariat:
        return Event.objects.all()
    return Event.objects.filter(organiser__in=access.offices)


def can_see_event(user, event: Event) -> bool:
    return event.is_public or organises(user, event)


def visible_events(user) -> QuerySet[Event]:
    """Published and cancelled events, and the drafts of those the person organises."""
    return Event.objects.filter(
        ~Q(status=Event.Status.DRAFT) | Q(pk__in=events_organised_by(user).values("pk"))
    )


# --- Programme side ------------------------------------------------------------------


def can_create(user) -> bool:
    """Staff of an office (for their office's events) and the secretariat."""
    access = access_of(user)
    return access.is_secretariat or bool(access.offices)
