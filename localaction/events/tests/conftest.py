"""A published members' conference of the European office in Freiburg
(Europe/Berlin, 10–12 June 2030) with two tracks, two rooms, three speakers and
three sessions, one of them translated into Spanish; a draft webinar of the
same office; and a Council meeting of the governance app held on its last day.
The cast's `staff` organises both (European office); `other_staff` (Africa)
does not; the secretariat organises every event."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

import pytest

from localaction.events import services
from localaction.events.models import Event, Room, Session, SessionTranslation, Speaker, Track
from localaction.governance.models import Body, Meeting

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def at(day: int, hour: int, minute: int = 0, zone=BERLIN) -> datetime.datetime:
    """A moment of June 2030 in Berlin (CEST, UTC+2)."""
    return datetime.datetime(2030, 6, day, hour, minute, tzinfo=zone)


@dataclass
class Built:
    event: Event
    draft: Event
    tracks: list[Track]
    rooms: list[Room]
    speakers: list[Speaker]
    sessions: list[Session]
    meeting: Meeting


def make_event(cast, *, slug: str, status=Event.Status.PUBLISHED, **fields) -> Event:
    values = {
        "kind": Event.Kind.MEMBERS_CONFERENCE,
        "title": "European members' conference 2030",
        "summary": "Members of Europe meet in Freiburg.",
        "organiser": cast.europe_office,
        "language": "en",
        "starts_on": datetime.date(2030, 6, 10),
        "ends_on": datetime.date(2030, 6, 12),
        "time_zone": "Europe/Berlin",
        "format": Event.Format.IN_PERSON,
        "venue": "Konzerthaus",
        "city": "Freiburg",
        "country_id": "DE",
        "status": status,
        **fields,
    }
    return Event.objects.create(slug=slug, **values)


def add_session(event, title, start, end, *, speakers=(), **fields) -> Session:
    session = Session(event=event, title=title, starts_at=start, ends_at=end, **fields)
    return services.session_save(session=session, speakers=speakers)


@pytest.fixture
def built(cast) -> Built:
    event = make_event(cast, slug="europe-2030")
    draft = make_event(
        cast,
        slug="draft-webinar",
        title="A webinar in preparation",
        status=Event.Status.DRAFT,
        kind=Event.Kind.WEBINAR,
        format=Event.Format.ONLINE,
        venue="",
        city="",
        online_url="https://example.org/webinar",
    )
    tracks = [Track.objects.create(event=event, name=name) for name in ("Climate", "Water")]
    rooms = [
        Room.objects.create(event=event, name="Hall", capacity=300),
        Room.objects.create(event=event, name="Room 2", capacity=40),
    ]
    speakers = [
        Speaker.objects.create(event=event, name="Amina Odhiambo", organisation="Nairobi"),
        Speaker.objects.create(event=event, name="Lars Henriksen", organisation="Copenhagen"),
        Speaker.objects.create(event=event, name="Claire Dubois", user=cast.editor),
    ]
    opening = add_session(
        event, "Opening plenary", at(10, 9), at(10, 10, 30), kind=Session.Kind.PLENARY,
        room=rooms[0], speakers=speakers[:2], description="Welcome.",
    )  # fmt: skip
    workshop = add_session(
        event, "Inventories workshop", at(10, 11), at(10, 12, 30), kind=Session.Kind.WORKSHOP,
        room=rooms[1], track=tracks[0], speakers=[speakers[2]],
    )  # fmt: skip
    water = add_session(
        event, "Water milestones", at(11, 11), at(11, 12), kind=Session.Kind.PARALLEL,
        room=rooms[0], track=tracks[1],
    )  # fmt: skip
    SessionTranslation.objects.create(
        session=opening, language="es", title="Plenaria de apertura", description="Bienvenida."
    )
    council = Body.objects.get(code="COUNCIL")
    meeting = Meeting.objects.create(
        body=council, title="Council at the conference", held_on=datetime.date(2030, 6, 12),
        place="Freiburg",
    )  # fmt: skip
    return Built(event, draft, tracks, rooms, speakers, [opening, workshop, water], meeting)
