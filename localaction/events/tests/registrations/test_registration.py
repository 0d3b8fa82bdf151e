"""Registering, the waiting list and cancelling, as specifications: places are
never exceeded, the waiting list is served in order, one live registration
per person and event, delegates only for a member they work for."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from icalendar import Calendar

from localaction.accounts.models import Notification
from localaction.conftest import make_user
from localaction.events import registrations as services
from localaction.events.models import Event, Registration
from localaction.events.tests.registrations.conftest import TODAY

pytestmark = pytest.mark.django_db


def register(built, person, category=None, **kwargs):
    kwargs.setdefault("country", built.germany)
    return services.register(
        event=built.event,
        person=person,
        category=category or built.speaker,
        today=kwargs.pop("today", TODAY),
        **kwargs,
    )


def guests(count: int) -> list:
    return [make_user(f"guest-{n}") for n in range(count)]


def test_confirmed_while_places_remain_then_waiting_in_order(built):
    people = guests(8)
    made = [register(built, person) for person in people]
    assert [r.status for r in made] == ["confirmed"] * 5 + ["waiting"] * 3
    assert [r.waiting_position() for r in made[5:]] == [1, 2, 3]
    assert list(Registration.objects.filter(event=built.event).waiting()) == made[5:]


def test_an_event_without_a_limit_confirms_everyone(cast, built):
    built.event.capacity = None
    built.event.save()
    assert {register(built, person).status for person in guests(7)} == {"confirmed"}


def test_cancelling_a_confirmed_place_promotes_the_first_waiting_who_is_told(built):
    people = guests(7)
    made = [register(built, person) for person in people]
    promoted = services.cancel(registration=made[1], by=people[1])
    assert promoted == made[5]
    made[5].refresh_from_db()
    made[6].refresh_from_db()
    assert made[5].status == "confirmed" and made[5].confirmed_at is not None
    assert made[6].waiting_position() == 1
    assert Registration.objects.filter(event=built.event).confirmed().count() == 5
    told = Notification.objects.get(kind="event_place_offered")
    assert told.recipient == people[5]
    assert told.params["event"] == built.event.title


def test_cancelling_a_waiting_registration_promotes_nobody(built):
    people = guests(7)
    made = [register(built, person) for person in people]
    assert services.cancel(registration=made[6], by=people[6]) is None
    assert Registration.objects.filter(event=built.event).waiting().count() == 1
    assert not Notification.objects.filter(kind="event_place_offered").exists()


def test_one_live_registration_per_person_and_event(built):
    person = make_user("twice")
    first = register(built, person)
    with pytest.raises(ValidationError) as refusal:
        register(built, person, built.press)
    assert refusal.value.messages == [
        f"You are already registered for {built.event.title} (Confirmed)."
    ]
    services.cancel(registration=first, by=person)
    assert register(built, person).status == "confirmed"


def test_the_database_refuses_a_second_live_registration(built):
    person = make_user("twice")
    first = register(built, person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=built.event,
            person=person,
            category=built.press,
            country=built.germany,
            status="waiting",
        )
    assert Registration.objects.filter(person=person).count() == 1
    assert first.badge_code


def test_a_delegate_represents_a_member_they_work_for(cast, built):
    with pytest.raises(ValidationError) as refusal:
        register(built, cast.outsider, built.delegate, local_government=cast.freiburg)
    assert (
        "You do not work for Freiburg im Breisgau"
        in refusal.value.message_dict["local_government"][0]
    )
    with pytest.raises(ValidationError) as refusal:
        register(built, cast.editor, built.delegate)
    assert "local_government" in refusal.value.message_dict
    with pytest.raises(ValidationError) as refusal:
        register(built, cast.editor, built.speaker, local_government=cast.freiburg)
    assert refusal.value.message_dict["local_government"] == [
        "Only member delegates register on behalf of a member."
    ]
    registration = register(built, cast.editor, built.delegate, local_government=cast.freiburg)
    assert registration.country_id == "DE"


def test_a_non_member_is_no_member_delegate(cast, built):
    with pytest.raises(ValidationError) as refusal:
        register(built, cast.outsider, built.delegate, local_government=cast.nairobi)
    assert refusal.value.message_dict["local_government"] == ["Nairobi is not a member."]


def test_registration_window_and_status(built):
    person = make_user("early")
    with pytest.raises(ValidationError, match="opens on"):
        register(built, person, today=datetime.date(2026, 12, 31))
    with pytest.raises(ValidationError, match="closed on"):
        register(built, person, today=datetime.date(2027, 6, 2))
    built.event.status = Event.Status.DRAFT
    built.event.save()
    with pytest.raises(ValidationError, match="does not take registrations"):
        register(built, person)
    assert not Registration.objects.exists()


def test_a_category_of_another_event_is_refused(cast, built):
    from localaction.events.tests.registrations.conftest import build_event

    other = build_event(cast, slug="other-event")
    with pytest.raises(ValidationError) as refusal:
        register(built, make_user("x"), other.speaker)
    assert refusal.value.message_dict["category"] == ["That category belongs to another event."]


def test_confirmation_email_with_the_events_calendar(built):
    people = guests(6)
    for person in people:
        register(built, person)
    confirmed, waiting = mail.outbox[0], mail.outbox[5]
    assert confirmed.subject == f"Registered: {built.event.title}"
    assert "is confirmed" in confirmed.body
    assert waiting.subject == f"On the waiting list: {built.event.title}"
    assert "number 1 on its waiting list" in waiting.body
    name, content, mimetype = confirmed.attachments[0]
    assert (name, mimetype) == (f"{built.event.slug}.ics", "text/calendar")
    entry = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(entry["summary"]) == built.event.title
    assert entry.decoded("dtstart") == datetime.date(2027, 6, 14)
    # DTEND is exclusive: the day after the last.
    assert entry.decoded("dtend") == datetime.date(2027, 6, 17)
    assert str(entry["location"]) == "Konzerthaus, Freiburg"


def test_only_the_person_or_an_organiser_cancels(cast, built):
    registration = register(built, cast.editor)
    for who in (cast.colleague, cast.other_staff):
        with pytest.raises(PermissionDenied):
            services.cancel(registration=registration, by=who)
    services.cancel(registration=registration, by=cast.staff)
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    with pytest.raises(ValidationError, match="already cancelled"):
        services.cancel(registration=registration, by=cast.staff)


def test_an_organiser_promotes_out_of_turn_only_into_a_free_place(cast, built):
    people = guests(7)
    made = [register(built, person) for person in people]
    with pytest.raises(ValidationError, match="is full"):
        services.promote(registration=made[6], by=cast.staff)
    with pytest.raises(PermissionDenied):
        services.promote(registration=made[6], by=cast.other_staff)
    built.event.capacity = 6
    built.event.save()
    services.promote(registration=made[6], by=cast.staff)
    made[6].refresh_from_db()
    assert made[6].status == "confirmed"
    assert made[5].waiting_position() == 1
    with pytest.raises(ValidationError, match="Only a registration on the waiting list"):
        services.promote(registration=made[6], by=cast.staff)


def test_badge_codes_are_unique_and_not_sequential(built):
    codes = [register(built, person).badge_code for person in guests(7)]
    assert len(set(codes)) == 7
    assert all(len(code) == 12 and code.isalnum() for code in codes)
