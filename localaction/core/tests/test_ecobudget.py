"""ecoBUDGET's balance against a worked example computed by hand.

The example budget of a town (figures invented for the test, units chosen to
exercise both directions and a unit conversion):

- climate, GHG emissions (t, less): target 1,000; actual 950,000 kg = 950 t;
  balance 1,000 − 950 = +50 t, met.
- biodiversity, protected area (ha, more): target 50; actual 45 ha;
  balance 45 − 50 = −5 ha, missed.
- drinking water, water use per person (l / person / day, less): target 120;
  actual 0.125 m3 / person / day = 125 l; balance 120 − 125 = −5, missed.
- land, green space per person (m2 / person, more): target 20, no actual yet: open.
"""

import math

import pytest

from localaction.core.ecobudget import (
    BudgetError,
    Indicator,
    Line,
    MemberFigures,
    Value,
    aggregate,
    balance,
    check_unit,
    line_balance,
    signed_balance,
)

GHG = Indicator("ghg", "GHG emissions", "t", "less", "climate")
PROTECTED = Indicator("protected", "Protected area", "ha", "more", "biodiversity")
WATER = Indicator("water", "Water use per person", "l / person / day", "less", "water")
GREEN = Indicator("green", "Green space per person", "m2 / person", "more", "land")

EXAMPLE = [
    Line(GHG, target=Value(1000), actual=Value(950_000, "kg"), reference=Value(1.2, "kt")),
    Line(PROTECTED, target=Value(50), actual=Value(45, "ha")),
    Line(WATER, target=Value(120), actual=Value(0.125, "m3 / person / day")),
    Line(GREEN, target=Value(20)),
]


def test_worked_example_balances_by_hand():
    result = balance(EXAMPLE)
    ghg, protected, water, green = result.lines
    # Less is better: 1,000 t − 950,000 kg / 1,000 = 1,000 − 950 = +50 t, a surplus.
    assert ghg.actual == pytest.approx(950)
    assert ghg.reference == pytest.approx(1200)  # 1.2 kt = 1,200 t
    assert ghg.balance == pytest.approx(50)
    assert ghg.status == "met"
    assert ghg.relative == pytest.approx(0.05)  # 50 / 1,000
    # More is better: 45 ha − 50 ha = −5 ha, a deficit.
    assert protected.balance == pytest.approx(-5)
    assert protected.status == "missed"
    # Less is better, after converting 0.125 m3 = 125 l: 120 − 125 = −5 l a person and day.
    assert water.actual == pytest.approx(125)
    assert water.balance == pytest.approx(-5)
    assert water.status == "missed"
    # No actual yet: no balance.
    assert green.balance is None and green.status == "open"


def test_totals_per_resource_count_every_line_once():
    result = balance(EXAMPLE)
    totals = {total.resource: (total.met, total.missed, total.open) for total in result.resources}
    assert totals == {
        "climate": (1, 0, 0),
        "biodiversity": (0, 1, 0),
        "water": (0, 1, 0),
        "land": (0, 0, 1),
    }
    assert result.met + result.missed + result.open == len(EXAMPLE)
    assert sum(total.indicators for total in result.resources) == len(result.lines)


@pytest.mark.parametrize(
    ("direction", "target", "actual", "expected"),
    [("less", 10, 8, 2), ("less", 10, 12, -2), ("more", 10, 12, 2), ("more", 10, 8, -2)],
)
def test_the_sign_follows_the_direction(direction, target, actual, expected):
    assert signed_balance(direction, target, actual) == expected


def test_meeting_the_target_exactly_is_met():
    line = Line(GHG, target=Value(1000), actual=Value(1, "kt"))
    assert line_balance(line).balance == 0
    assert line_balance(line).status == "met"


def test_a_value_of_the_wrong_dimension_is_refused():
    with pytest.raises(BudgetError, match="actual value of ghg in 'MWh'"):
        line_balance(Line(GHG, target=Value(1000), actual=Value(5, "MWh")))
    with pytest.raises(BudgetError):
        check_unit("kWh", "t")
    check_unit("kg", "t")


@pytest.mark.parametrize("amount", [math.nan, math.inf, -math.inf])
def test_non_finite_values_are_refused(amount):
    with pytest.raises(BudgetError, match="finite"):
        line_balance(Line(GHG, target=Value(amount)))


def test_an_indicator_twice_is_refused():
    with pytest.raises(BudgetError, match="twice"):
        balance([Line(GHG, target=Value(1)), Line(GHG, target=Value(2))])


def test_an_unknown_direction_is_refused():
    with pytest.raises(BudgetError, match="direction"):
        line_balance(Line(Indicator("x", "X", "t", "up"), target=Value(1)))  # type: ignore[arg-type]


def test_sum_adds_members_with_both_figures():
    figures = [
        MemberFigures("a", target=100, actual=90),
        MemberFigures("b", target=200, actual=230),
        MemberFigures("c", target=50, actual=None),  # no balance yet: not counted
    ]
    result = aggregate("less", "sum", figures)
    # 100 + 200 = 300 t target, 90 + 230 = 320 t actual; less is better: 300 − 320 = −20.
    assert result.members == ("a", "b")
    assert result.target == pytest.approx(300)
    assert result.actual == pytest.approx(320)
    assert result.balance == pytest.approx(-20)
    assert result.met == 1  # a: 100 − 90 = +10; b: 200 − 230 = −30


def test_per_person_weighs_by_population():
    figures = [
        MemberFigures("a", target=5, actual=4, population=100_000),
        MemberFigures("b", target=8, actual=9, population=300_000),
        MemberFigures("c", target=1, actual=1, population=None),  # no population: not counted
    ]
    result = aggregate("less", "per_person", figures)
    # (5 × 100,000 + 8 × 300,000) / 400,000 = 2,900,000 / 400,000 = 7.25
    # (4 × 100,000 + 9 × 300,000) / 400,000 = 3,100,000 / 400,000 = 7.75
    assert result.members == ("a", "b")
    assert result.population == 400_000
    assert result.target == pytest.approx(7.25)
    assert result.actual == pytest.approx(7.75)
    assert result.balance == pytest.approx(-0.5)


def test_nothing_counted_gives_no_figure():
    result = aggregate("more", "sum", [MemberFigures("a", target=None, actual=3)])
    assert result.members == () and result.target is None and result.balance is None
