"""A small executive committee beside the shared cast (localaction/conftest.py):
a President's seat open to every full member, a European seat, a four-year
term and a limit of two consecutive terms."""

from __future__ import annotations

import datetime

import pytest

from localaction.governance.models import Body, Seat
from localaction.network.models import Region


@pytest.fixture
def committee(cast) -> Body:
    body = Body.objects.create(
        code="TESTCOM",
        name="Test Committee",
        kind=Body.Kind.EXECUTIVE_COMMITTEE,
        eligibility=Body.Eligibility.FULL_MEMBERS,
        term_years=4,
        term_limit=2,
    )
    Seat.objects.create(body=body, title="President", order=1)
    Seat.objects.create(
        body=body, title="Regional seat", region=Region.objects.get(code="europe"), order=2
    )
    return body


@pytest.fixture
def president(committee) -> Seat:
    return committee.seats.get(title="President")


@pytest.fixture
def european_seat(committee) -> Seat:
    return committee.seats.get(title="Regional seat")


D = datetime.date
