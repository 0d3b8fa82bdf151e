"""The programme side's writes that span several records or change an
event's state: publishing and cancelling an event, saving a session with its
speakers (each checked against their other sessions), starring a session.
The pages, the API and the admin all go through these."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from localaction.events.models import CalendarToken, Event, ProgrammeStar, Session


@transaction.atomic
def event_publish(*, event: Event) -> Event:
    """A draft becomes public (listed, searchable, its feed open)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != Event.Status.DRAFT:
        raise ValidationError(gettext("Only a draft is published."))
    event.full_clean()
    event.status = Event.Status.PUBLISHED
    event.save(update_fields=["status"])
    return event


@transaction.atomic
def event_cancel(*, event: Event, reason: str) -> Event:
    """A published event is cancelled, with its reason; it stays listed, marked so."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    reason = " ".join(reason.split()) if reason else ""
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(gettext("Only a published event is cancelled."))
    if not reason:
        raise ValidationError({"reason": gettext("Say why the event is cancelled.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": gettext("The reason is at most 1,000 characters.")})
    event.status = Event.Status.CANCELLED
    event.cancellation_reason = reason
    event.cancelled_at = timezone.now()
    event.save(update_fields=["status", "cancellation_reason", "cancelled_at"])
    return event


@transaction.atomic
def session_save(*, session: Session, speakers) -> Session:
    """Save a session and its speakers: the model's checks (days, times,
    room, meeting), then each speaker's other sessions at the same time."""
    speakers = list(speakers)
    errors: dict[str, list[str]] = {}
    try:
        session.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    foreign = [speaker for speaker in speakers if speaker.event_id != session.event_id]
    if foreign:
        errors.setdefault("speakers", []).append(
            gettext("%(names)s speak(s) at another event.")
            % {"names": ", ".join(speaker.name for speaker in foreign)}
        )
    elif session.starts_at and session.ends_at and session.ends_at > session.starts_at:
        zone = session.event.zone
        for speaker, other in session.speaker_clashes(speakers).items():
            errors.setdefault("speakers", []).append(
                gettext("%(speaker)s speaks at “%(other)s” then (%(start)s–%(end)s).")
                % {
                    "speaker": speaker.name,
                    "other": other.title,
                    "start": f"{timezone.localtime(other.starts_at, zone):%H:%M}",
                    "end": f"{timezone.localtime(other.ends_at, zone):%H:%M}",
                }
            )
    if errors:
        raise ValidationError(errors)
    session.save()
    session.speakers.set(speakers)
    return session


def session_star(*, user, session: Session, starred: bool) -> None:
    """Add the session to the person's programme, or take it out."""
    if starred:
        ProgrammeStar.objects.get_or_create(user=user, session=session)
    else:
        ProgrammeStar.objects.filter(user=user, session=session).delete()


def calendar_token_of(user) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token
