"""A small executive committee beside the shared cast (localaction/conftest.py):
a President's seat open to every full member, a European seat, a four-year
term and a limit of two consecutive terms; its two seats held from 2025
(`holders`), a meeting of it in 2025 (`meeting`, `quorate` once both holders
attend) and a way to record decisions (`record`)."""

from __future__ import annotations

import datetime

import pytest

from localaction.governance import decisions, services
from localaction.governance.models import Body, Decision, Mandate, Meeting, Seat
from localaction.network.models import Region

D = datetime.date


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


@pytest.fixture
def holders(cast, committee, president, european_seat):
    """The committee's two seats held from 2025 (to 2100: current whenever the
    tests run): the President (with an account: the cast's colleague, who
    thereby sits on the body) and the European seat."""
    president_mandate = services.fill_seat(
        president,
        holder_name="Martin Horn",
        local_government=cast.freiburg,
        starts_on=D(2025, 1, 1),
        ends_on=D(2100, 1, 1),
        obtained=Mandate.Obtained.ELECTED,
        user=cast.colleague,
    )
    european = services.fill_seat(
        european_seat,
        holder_name="Anna Weber",
        local_government=cast.freiburg,
        starts_on=D(2025, 1, 1),
        ends_on=D(2100, 1, 1),
        obtained=Mandate.Obtained.ELECTED,
    )
    return president_mandate, european


@pytest.fixture
def meeting(committee) -> Meeting:
    return Meeting.objects.create(
        body=committee, title="First meeting", held_on=D(2025, 6, 1), place="Bonn"
    )


@pytest.fixture
def quorate(meeting, holders, cast) -> Meeting:
    """The meeting with both holders present (quorum: more than half of 2 is 2)."""
    for mandate in holders:
        decisions.record_attendance(meeting, by=cast.secretariat, mandate=mandate)
    return meeting


@pytest.fixture
def record(cast):
    """Record a decision at a meeting as the secretariat, by vote unless told."""

    def record(meeting, **fields) -> Decision:
        fields.setdefault("title", "Work programme")
        fields.setdefault("motion", "The committee approves the work programme.")
        fields.setdefault("method", Decision.Method.VOTE)
        if fields["method"] == Decision.Method.VOTE:
            fields.setdefault("votes_for", 2)
            fields.setdefault("votes_against", 0)
            fields.setdefault("abstentions", 0)
        return decisions.record_decision(meeting, by=cast.secretariat, **fields)

    return record
