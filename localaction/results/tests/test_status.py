"""The traffic light at its boundaries: exactly on the line, exactly at the
tolerance, just past it; increasing and decreasing indicators; the target
reached; before the baseline and after the target; no value."""

from __future__ import annotations

import datetime
from fractions import Fraction

import pytest

from localaction.results.status import TOLERANCE, Status, Trajectory, status_on

START = datetime.date(2010, 1, 1)
END = datetime.date(2020, 1, 1)
# Halfway in days: 2010-01-01 + 1826 days of 3652.
MIDDLE = START + (END - START) / 2

UP = Trajectory(baseline=0.0, baseline_on=START, target=100.0, target_on=END, increase=True)
DOWN = Trajectory(baseline=100.0, baseline_on=START, target=20.0, target_on=END, increase=False)


def test_the_tolerance_is_a_tenth_of_the_distance():
    assert Fraction(1, 10) == TOLERANCE


def test_the_line_is_straight_from_baseline_to_target():
    assert UP.expected(START) == 0
    assert UP.expected(MIDDLE) == 50
    assert UP.expected(END) == 100
    assert DOWN.expected(MIDDLE) == 60


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (50.0, Status.GREEN),  # exactly on the line
        (50.000001, Status.GREEN),  # ahead
        (49.999999, Status.AMBER),  # just behind
        (40.0, Status.AMBER),  # exactly at the tolerance: 10 % of 100 behind
        (39.999999, Status.RED),  # just past it
        (0.0, Status.RED),
        (None, Status.GREY),
    ],
)
def test_an_increasing_indicator_halfway(value, status):
    assert status_on(UP, value, MIDDLE) == status


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (60.0, Status.GREEN),  # exactly on the line
        (59.999, Status.GREEN),  # ahead: lower is better
        (60.001, Status.AMBER),
        (68.0, Status.AMBER),  # exactly at the tolerance: 10 % of 80 behind
        (68.000001, Status.RED),  # just past it
        (100.0, Status.RED),
        (None, Status.GREY),
    ],
)
def test_a_decreasing_indicator_halfway(value, status):
    assert status_on(DOWN, value, MIDDLE) == status


def test_the_target_reached_is_green_at_and_after_its_day():
    assert status_on(UP, 100.0, END) == Status.GREEN
    assert status_on(UP, 120.0, END + datetime.timedelta(days=400)) == Status.GREEN
    assert status_on(DOWN, 20.0, END) == Status.GREEN
    # After the target's day, the line stays at the target.
    assert status_on(UP, 90.0, END + datetime.timedelta(days=400)) == Status.AMBER
    assert status_on(UP, 89.9, END + datetime.timedelta(days=400)) == Status.RED


def test_before_the_baseline_the_line_is_the_baseline():
    before = START - datetime.timedelta(days=100)
    assert UP.expected(before) == 0
    assert status_on(UP, 0.0, before) == Status.GREEN
    assert status_on(UP, -10.0, before) == Status.AMBER
    assert status_on(UP, -10.000001, before) == Status.RED
    assert status_on(DOWN, 100.0, before) == Status.GREEN
    assert status_on(DOWN, 108.0, before) == Status.AMBER
    assert status_on(DOWN, 108.1, before) == Status.RED


def test_floats_that_do_not_add_up_exactly_are_judged_exactly():
    # 0.1 + 0.2 is not 0.3 in floats; the line and the value are taken as given.
    line = Trajectory(baseline=0.1, baseline_on=START, target=1.1, target_on=END, increase=True)
    assert status_on(line, 0.1, START) == Status.GREEN
    assert status_on(line, 1.1, END) == Status.GREEN
