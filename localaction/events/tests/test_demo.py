"""The demo's events: the World Congress with its tracks, rooms, speakers and
programme (its Council session linked to the governance demo's Council
meeting when there is one), the regional conferences of the offices there
are, a webinar and a training — every session valid by the programme's rules."""

from __future__ import annotations

import datetime

import pytest

from localaction.events.demo import build_demo_events
from localaction.events.models import Event, Session, SessionTranslation
from localaction.governance.models import Body, Meeting

pytestmark = pytest.mark.django_db


def test_the_demo_builds_a_congress_conferences_a_webinar_and_a_training(cast):
    council = Meeting.objects.create(
        body=Body.objects.get(code="COUNCIL"),
        title="Council meeting at the World Congress 2024",
        held_on=datetime.date(2024, 6, 20),
        place="World Congress",
    )
    events = build_demo_events(seed=2007)
    kinds = sorted(event.kind for event in events)
    # The cast has a European office, not a Latin American one: one conference.
    assert kinds == sorted(["world-congress", "members-conference", "webinar", "training"])
    congress = Event.objects.get(kind=Event.Kind.WORLD_CONGRESS)
    assert congress.ends_on == council.held_on and congress.tracks.count() == 3
    assert congress.rooms.count() == 4 and congress.speakers.count() == 12
    council_session = congress.sessions.get(kind=Session.Kind.COUNCIL)
    assert council_session.meeting == council
    sessions = Session.objects.filter(event__in=events)
    assert sessions.count() >= 30
    for session in sessions:
        session.full_clean()  # each within its event's days, its room free
        assert not session.speaker_clashes(session.speakers.all())
    assert SessionTranslation.objects.filter(session__event=congress).count() >= 5
    assert cast.staff.speaker_at.exists()  # the demo's staff speaks at the Congress
