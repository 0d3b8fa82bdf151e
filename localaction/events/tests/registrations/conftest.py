"""An event to register for: the European office's conference in Freiburg
(published, 5 places, registration open), with the five categories — member
delegates (EUR 300, early bird EUR 250 until 31 March; each member's first two
free), non-members (EUR 450 / 350), partners (EUR 200), speakers and press
(free)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from djmoney.money import Money

from localaction.events.models import Event, RegistrationCategory
from localaction.network.models import Country

TODAY = datetime.date(2027, 4, 10)
EARLY_UNTIL = datetime.date(2027, 3, 31)


@dataclass
class Built:
    event: Event
    delegate: RegistrationCategory
    non_member: RegistrationCategory
    partner: RegistrationCategory
    speaker: RegistrationCategory
    press: RegistrationCategory
    germany: Country


def build_event(cast, *, slug: str = "europe-conference-2027", capacity: int | None = 5) -> Built:
    event = Event.objects.create(
        kind=Event.Kind.MEMBERS_CONFERENCE,
        title=f"European members' conference ({slug})",
        slug=slug,
        organiser=cast.europe_office,
        region=cast.europe_office.regions.first(),
        starts_on=datetime.date(2027, 6, 14),
        ends_on=datetime.date(2027, 6, 16),
        time_zone="Europe/Berlin",
        format=Event.Format.IN_PERSON,
        venue="Konzerthaus",
        city="Freiburg",
        capacity=capacity,
        registration_opens_on=datetime.date(2027, 1, 1),
        registration_closes_on=datetime.date(2027, 6, 1),
        status=Event.Status.PUBLISHED,
    )

    def category(kind, name, fee, early=None, members_free=0):
        return RegistrationCategory.objects.create(
            event=event,
            kind=kind,
            name=name,
            fee=Money(fee, "EUR"),
            early_fee=Money(early, "EUR") if early else None,
            early_until=EARLY_UNTIL if early else None,
            members_free=members_free,
        )

    Kind = RegistrationCategory.Kind
    return Built(
        event=event,
        delegate=category(Kind.MEMBER_DELEGATE, "Member delegate", "300.00", "250.00", 2),
        non_member=category(Kind.NON_MEMBER, "Non-member", "450.00", "350.00"),
        partner=category(Kind.PARTNER, "Partner", "200.00"),
        speaker=category(Kind.SPEAKER, "Speaker", "0.00"),
        press=category(Kind.PRESS, "Press", "0.00"),
        germany=Country.objects.get(code="DE"),
    )


@pytest.fixture
def built(cast) -> Built:
    return build_event(cast)


@pytest.fixture
def today(monkeypatch):
    """The registrations' 'today': 10 April 2027, after the early bird."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY
