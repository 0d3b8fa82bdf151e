"""A session's rules, each refused with its own field's error: it lies within
the event's days in the event's time zone, ends after it starts, its room and
its speakers are never in two sessions at once, and only a Council session
links a governance meeting held during it. Translations are shown in the
reader's language when present."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from localaction.events import services
from localaction.events.models import Session
from localaction.events.tests.conftest import add_session, at, make_event

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def refusal(event, title, start, end, **fields) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        add_session(event, title, start, end, **fields)
    assert not Session.objects.filter(title=title).exists()  # nothing half-written
    return caught.value.message_dict


def test_a_session_starts_within_the_events_days_in_the_events_time_zone(built):
    # 22:30 UTC on 9 June is 00:30 on 10 June in Berlin: the first day.
    early = datetime.datetime(2030, 6, 9, 22, 30, tzinfo=UTC)
    session = add_session(built.event, "Breakfast talk", early, early + datetime.timedelta(hours=1))
    assert session.pk
    # 21:30 UTC on 9 June is 23:30 on 9 June in Berlin: the day before.
    before = datetime.datetime(2030, 6, 9, 21, 30, tzinfo=UTC)
    errors = refusal(built.event, "Too early", before, before + datetime.timedelta(hours=1))
    assert list(errors) == ["starts_at"]
    assert "2030-06-09" in errors["starts_at"][0] and "Europe/Berlin" in errors["starts_at"][0]


def test_a_session_ends_by_the_events_last_day(built):
    errors = refusal(built.event, "Late", at(12, 23), at(13, 1))
    assert list(errors) == ["ends_at"] and "2030-06-13" in errors["ends_at"][0]
    # Ending at midnight ends on the last day.
    assert add_session(built.event, "Night session", at(12, 23), at(13, 0)).pk


def test_a_session_ends_after_it_starts(built):
    errors = refusal(built.event, "Backwards", at(11, 15), at(11, 14))
    assert errors == {"ends_at": ["A session ends after it starts."]}
    errors = refusal(built.event, "Empty", at(11, 15), at(11, 15))
    assert list(errors) == ["ends_at"]


def test_a_room_is_not_booked_twice(built):
    hall = built.rooms[0]
    errors = refusal(built.event, "Clash", at(10, 10), at(10, 11), room=hall)
    assert errors == {"room": ["Hall is booked then for “Opening plenary” (09:00–10:30)."]}
    # Back to back is fine, and so is another room at the same time.
    assert add_session(built.event, "After", at(10, 10, 30), at(10, 11), room=hall).pk
    assert add_session(built.event, "Beside", at(10, 9), at(10, 10), room=built.rooms[1]).pk


def test_a_speaker_is_not_in_two_sessions_at_once(built):
    amina, lars, claire = built.speakers
    errors = refusal(built.event, "Panel", at(10, 10), at(10, 11, 30), speakers=[amina, claire])
    assert list(errors) == ["speakers"]
    assert "Amina Odhiambo speaks at “Opening plenary” then (09:00–10:30)." in errors["speakers"]
    assert any("Claire Dubois" in message for message in errors["speakers"])
    # Editing a session does not make it clash with itself.
    opening = built.sessions[0]
    opening.title = "Opening plenary (new title)"
    services.session_save(session=opening, speakers=[amina, lars])
    opening.refresh_from_db()
    assert opening.title == "Opening plenary (new title)"


def test_track_room_and_speakers_belong_to_the_event(built, cast):
    other = make_event(cast, slug="other-2030")
    errors = refusal(
        other, "Borrowed", at(10, 9), at(10, 10), room=built.rooms[0], track=built.tracks[0],
        speakers=[built.speakers[0]],
    )  # fmt: skip
    assert set(errors) == {"room", "track", "speakers"}


def test_a_council_session_links_the_meeting_held_during_it(built):
    session = add_session(
        built.event, "Council", at(12, 9), at(12, 13), kind=Session.Kind.COUNCIL,
        meeting=built.meeting,
    )  # fmt: skip
    assert session.meeting == built.meeting
    errors = refusal(
        built.event, "Council on the wrong day", at(11, 14), at(11, 17),
        kind=Session.Kind.COUNCIL, meeting=built.meeting,
    )  # fmt: skip
    assert list(errors) == ["meeting"] and "2030-06-12" in errors["meeting"][0]
    errors = refusal(
        built.event, "A plenary with a meeting", at(12, 14), at(12, 15),
        kind=Session.Kind.PLENARY, meeting=built.meeting,
    )  # fmt: skip
    assert errors == {"meeting": ["Only a Council session links a governance meeting."]}


def test_the_reader_sees_the_translation_or_the_original_marked_with_its_language(built):
    opening, workshop, _water = built.sessions
    spanish = opening.in_language("es")
    assert (spanish.title, spanish.language, spanish.translated) == (
        "Plenaria de apertura", "es", True,
    )  # fmt: skip
    french = opening.in_language("fr")
    assert (french.title, french.language, french.translated) == ("Opening plenary", "en", False)
    assert french.language_name == "English"
    assert workshop.in_language("es").title == "Inventories workshop"


def test_times_are_kept_as_moments(built):
    opening = built.sessions[0]
    opening.refresh_from_db()
    assert opening.starts_at == datetime.datetime(2030, 6, 10, 7, 0, tzinfo=UTC)
    assert opening.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/Berlin")).hour == 9
