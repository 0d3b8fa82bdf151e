"""The Cape Town Plan as the migration loads it (`cape_town`), a draft of the
next plan (`draft`), and decisions of any body (`decide`)."""

from __future__ import annotations

import datetime

import pytest

from localaction.governance import decisions
from localaction.governance.models import Body, Decision, Meeting
from localaction.strategy import services
from localaction.strategy.models import StrategicPlan


@pytest.fixture
def cape_town(db) -> StrategicPlan:
    return StrategicPlan.objects.get(first_year=2007, last_year=2012)


@pytest.fixture
def draft(cast, cape_town) -> StrategicPlan:
    return services.draft_next_plan(
        cape_town,
        by=cast.secretariat,
        title="Strategic Plan 2013–2018",
        first_year=2013,
        last_year=2018,
    )


@pytest.fixture
def decide(cast):
    """A decision of the body (by code) taken by consensus at a meeting of last year."""

    def decide(code: str, outcome: str = Decision.Outcome.ADOPTED) -> Decision:
        meeting = Meeting.objects.create(
            body=Body.objects.get(code=code),
            title="Meeting",
            held_on=datetime.date.today() - datetime.timedelta(days=365),
            place="Bonn",
        )
        return decisions.record_decision(
            meeting,
            by=cast.secretariat,
            title="Strategic plan",
            motion="The body adopts the strategic plan.",
            method=Decision.Method.CONSENSUS,
            outcome=outcome,
            without_quorum=True,
        )

    return decide
