"""The demo's registrations: on the demo's events found by kind, through the
registration service (so never beyond an event's places), and nothing at all
when the demo has no events."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from localaction.events.demo_registrations import demo_logins, demo_part
from localaction.events.models import Event, Registration
from localaction.events.tests.registrations.conftest import build_event

pytestmark = pytest.mark.django_db


def test_nothing_without_events(cast):
    assert demo_part(seed=1) == "Event registrations: none (the demo has no events)"
    assert demo_logins() == []


def test_registrations_on_the_demos_events(cast):
    today = timezone.localdate()
    for slug, kind, starts in [
        ("world-congress", Event.Kind.WORLD_CONGRESS, today + datetime.timedelta(days=200)),
        ("members-conference", Event.Kind.MEMBERS_CONFERENCE, today - datetime.timedelta(days=1)),
    ]:
        event = build_event(cast, slug=slug, capacity=None).event
        Event.objects.filter(pk=event.pk).update(
            kind=kind, starts_on=starts, ends_on=starts + datetime.timedelta(days=2),
            registration_opens_on=None, registration_closes_on=None,
        )  # fmt: skip
        event.categories.all().delete()
    said = demo_part(seed=7)
    registrations = Registration.objects.all()
    assert said.startswith(f"Event registrations: {registrations.count()} on 2 events")
    conference = Event.objects.get(slug="members-conference")
    assert conference.capacity == 20
    assert registrations.filter(event=conference).confirmed().count() <= 20
    assert registrations.filter(event=conference, checked_in_at__isnull=False).exists()
    assert not registrations.filter(event__slug="world-congress", checked_in_at__isnull=False)
    assert registrations.filter(local_government=cast.freiburg).count() == 4
    assert demo_part(seed=7) == said  # built once: a second run adds nothing
    assert demo_logins()[0].username == "event-guest-00 … event-guest-39"
