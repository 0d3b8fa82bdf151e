"""Targets as absolute emissions: the four types of the GHG Protocol Mitigation
Goal Standard (WRI 2014, chapter 5), each checked against numbers worked by hand
in the comments, then the committed reduction and the trajectory."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localaction.core.targets import (
    Activity,
    Commitment,
    Progress,
    Target,
    TargetError,
    TargetType,
    progress,
    target_t,
    trajectory_t,
)


def test_base_year_target_converts_to_absolute():
    # 1,000,000 t in 2010, 20 % below by 2030: 1,000,000 × 0.8 = 800,000 t.
    target = Target(TargetType.BASE_YEAR, 2010, 2030, reduction_percent=20)
    assert target_t(target, base_t=1_000_000) == pytest.approx(800_000, rel=1e-12)


def test_fixed_level_target_is_its_level():
    target = Target(TargetType.FIXED_LEVEL, 2015, 2050, level_t=0)
    assert target_t(target) == 0
    target = Target(TargetType.FIXED_LEVEL, 2015, 2040, level_t=250_000)
    assert target_t(target, base_t=1_000_000) == 250_000


def test_intensity_target_converts_with_projected_activity():
    # 1,200,000 t and 400,000 inhabitants in 2015: 3 t per inhabitant; 30 % below
    # is 2.1 t per inhabitant; × 450,000 inhabitants in 2030 = 945,000 t.
    target = Target(TargetType.INTENSITY, 2015, 2030, reduction_percent=30)
    activity = Activity(base=400_000, target_year=450_000, unit="inhabitant")
    assert target_t(target, base_t=1_200_000, activity=activity) == pytest.approx(945_000)


def test_baseline_scenario_target_converts_from_bau():
    # BAU 2030 = 1,000,000 × 1.02^10 = 1,218,994.42 t; 25 % below = 914,245.81 t.
    target = Target(TargetType.BASELINE_SCENARIO, 2020, 2030, reduction_percent=25)
    assert target_t(target, bau_t=1_218_994.42) == pytest.approx(914_245.815, abs=0.01)


def test_committed_reduction_is_bau_minus_target():
    commitment = Commitment(target_t=800_000, bau_t=1_218_994.42)
    assert commitment.committed_reduction_t == pytest.approx(418_994.42)
    assert not commitment.bau_below_target


def test_committed_reduction_is_zero_when_bau_lies_below_target():
    commitment = Commitment(target_t=800_000, bau_t=700_000)
    assert commitment.committed_reduction_t == 0
    assert commitment.bau_below_target


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"base_year": 2030, "target_year": 2030, "reduction_percent": 10}, "target_year"),
        ({"base_year": 2030, "target_year": 2020, "reduction_percent": 10}, "target_year"),
        ({"base_year": 2010, "target_year": 2030, "reduction_percent": 100.5}, "reduction_percent"),
        ({"base_year": 2010, "target_year": 2030, "reduction_percent": -1}, "reduction_percent"),
        ({"base_year": 2010, "target_year": 2030}, "reduction_percent"),
        (
            {"base_year": 2010, "target_year": 2030, "reduction_percent": math.nan},
            "reduction_percent",
        ),
    ],
)
def test_target_that_does_not_hold_together_is_refused(kwargs, field):
    with pytest.raises(TargetError) as caught:
        Target(TargetType.BASE_YEAR, **kwargs)
    assert caught.value.field == field


def test_reductions_of_zero_and_hundred_percent_are_accepted():
    assert target_t(Target("base_year", 2010, 2050, reduction_percent=100), base_t=5.0) == 0
    assert target_t(Target("base_year", 2010, 2050, reduction_percent=0), base_t=5.0) == 5.0


def test_fixed_level_needs_a_level():
    with pytest.raises(TargetError, match="states its level") as caught:
        Target(TargetType.FIXED_LEVEL, 2010, 2030)
    assert caught.value.field == "level_t"


def test_missing_data_is_named():
    with pytest.raises(TargetError, match="base year 2010") as caught:
        target_t(Target(TargetType.BASE_YEAR, 2010, 2030, reduction_percent=40))
    assert caught.value.field == "base_year"
    with pytest.raises(TargetError, match="activity data") as caught:
        target_t(Target(TargetType.INTENSITY, 2010, 2030, reduction_percent=40), base_t=1.0)
    assert caught.value.field == "activity"
    with pytest.raises(TargetError, match="forecast"):
        target_t(Target(TargetType.BASELINE_SCENARIO, 2010, 2030, reduction_percent=40))
    with pytest.raises(TargetError, match="positive activity"):
        Activity(base=0, target_year=100, unit="inhabitant")


def test_trajectory_is_straight_from_base_to_target():
    line = {"base_year": 2010, "base_t": 1000.0, "target_year": 2030, "target_t": 600.0}
    assert trajectory_t(**line, year=2010) == 1000
    assert trajectory_t(**line, year=2020) == pytest.approx(800)  # halfway
    assert trajectory_t(**line, year=2030) == 600
    assert trajectory_t(**line, year=2005) == 1000
    assert trajectory_t(**line, year=2040) == 600


@pytest.mark.parametrize(
    ("year", "emissions_t", "expected"),
    [
        (2020, 800.0, Progress.ON_TRACK),  # exactly on the line
        (2020, 800.0 + 1e-10, Progress.ON_TRACK),  # rounding noise
        (2020, 800.01, Progress.OFF_TRACK),
        (2020, 799.99, Progress.ON_TRACK),
        (2010, 1000.0, Progress.ON_TRACK),  # the base year itself
        (2030, 600.0, Progress.ON_TRACK),  # the target reached in its year
        (2030, 600.5, Progress.OFF_TRACK),
        (2035, 600.5, Progress.OFF_TRACK),  # after the target year, the target holds
    ],
)
def test_on_track_at_the_boundaries(year, emissions_t, expected):
    line = {"base_year": 2010, "base_t": 1000.0, "target_year": 2030, "target_t": 600.0}
    assert progress(**line, year=year, emissions_t=emissions_t) is expected


@given(
    base=st.floats(min_value=1, max_value=1e9),
    reduction=st.floats(min_value=0, max_value=100),
    years=st.integers(min_value=1, max_value=60),
)
def test_base_year_target_never_exceeds_base_and_trajectory_stays_between(base, reduction, years):
    target = Target(TargetType.BASE_YEAR, 1990, 1990 + years, reduction_percent=reduction)
    goal = target_t(target, base_t=base)
    assert 0 <= goal <= base
    for year in range(1990, 1990 + years + 1):
        point = trajectory_t(
            base_year=1990, base_t=base, target_year=1990 + years, target_t=goal, year=year
        )
        assert goal - 1e-6 * base <= point <= base + 1e-6 * base
