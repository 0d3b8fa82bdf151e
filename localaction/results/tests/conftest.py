"""The Cape Town Plan as the migration loads it, adopted (`cape_town`), its
goals by reference (`goal("2.1a")`) and indicators made on them (`indicator`)."""

from __future__ import annotations

import datetime

import pytest

from localaction.conftest import make_user
from localaction.results.models import Indicator, Period
from localaction.strategy.models import Goal, StrategicPlan


@pytest.fixture
def cape_town(db) -> StrategicPlan:
    return StrategicPlan.objects.get(first_year=2007, last_year=2012)


@pytest.fixture
def goal(cape_town):
    def find(reference: str) -> Goal:
        number, letter = reference[:-1], reference[-1]
        return Goal.objects.get(area__plan=cape_town, area__number=number, letter=letter)

    return find


def yearly_periods(indicator: Indicator, first: int, last: int) -> list[Period]:
    return [
        Period.objects.create(
            indicator=indicator,
            label=str(year),
            starts_on=datetime.date(year, 1, 1),
            ends_on=datetime.date(year, 12, 31),
        )
        for year in range(first, last + 1)
    ]


@pytest.fixture
def indicator(goal, cast):
    """An indicator on a goal (2.1a unless named), reported by the European office
    unless said otherwise, with yearly periods from last year to next year."""

    def make(reference: str = "2.1a", *, periods: bool = True, **fields) -> Indicator:
        this_year = datetime.date.today().year
        values = {
            "code": f"indicator-{Indicator.objects.count() + 1}",
            "name": "Members reporting on their council's sustainability goals",
            "unit": "members",
            "source": Indicator.Source.REPORTED,
            "office": cast.europe_office,
            "direction": Indicator.Direction.INCREASE,
            "baseline": 0.0,
            "baseline_on": datetime.date(this_year - 1, 1, 1),
            "target": 100.0,
            "target_on": datetime.date(this_year + 1, 12, 31),
            "is_public": False,
        }
        values.update(fields)
        made = Indicator(goal=goal(reference), **values)
        made.full_clean()
        made.save()
        if periods:
            yearly_periods(made, this_year - 1, this_year + 1)
        return made

    return make


@pytest.fixture
def board_member(cast):
    """A person with a current mandate on the Executive Committee (a body of the
    whole association), holding no other role."""
    from localaction.governance import services as governance
    from localaction.governance.models import Body, Mandate, Seat

    user = make_user("board")
    body = Body.objects.get(code="EXCOM")
    seat = Seat.objects.create(body=body, title="Vice-President", order=9)
    governance.fill_seat(
        seat,
        holder_name="Board Member",
        local_government=cast.freiburg,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2100, 1, 1),
        obtained=Mandate.Obtained.APPOINTED,
        user=user,
    )
    return user
