"""Bounds of quantities: finite numbers within a wide margin of what a city needs."""

import math
from datetime import date

import pytest

from localaction.core import quantities
from localaction.core.quantities import (
    ADOPTION,
    AMOUNT,
    CO2E_TOTAL,
    GAS_MASS,
    YEAR,
    Bound,
    QuantityError,
    number_text,
)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (True, "must be a number, not True"),
        ("12", "must be a number"),
        (None, "must be a number"),
        (math.nan, "must be a finite number from 0 to 1e15, not nan"),
        (math.inf, "not inf"),
        (1.7e308, r"not 1\.7e\+308"),
        (1e15 * 1.0001, "must be a finite number from 0 to 1e15"),
        (-1, "from 0 to 1e15"),
    ],
)
def test_an_amount_outside_its_bound_is_refused_saying_what_is_accepted(value, words):
    with pytest.raises(QuantityError, match=words) as caught:
        AMOUNT.check(value)
    assert caught.value.bound is AMOUNT
    assert str(caught.value).startswith("an amount must be")


@pytest.mark.parametrize("value", [0, 0.0, 1, 1234.5, 1e15])
def test_an_amount_within_its_bound_is_taken_as_a_float(value):
    assert AMOUNT.check(value) == float(value)
    assert isinstance(AMOUNT.check(value), float)


def test_a_positive_bound_refuses_zero():
    bound = Bound("a density", 0, 10, positive=True)
    assert not bound.accepts(0)
    assert bound.accepts(1e-9)
    assert bound.describe() == "a finite number above 0 and at most 10"


def test_the_bounds_leave_a_wide_margin_over_real_cities_and_below_overflow():
    megacity_kg_co2e = 1e11  # a megacity's annual emissions, in kg CO2e
    assert GAS_MASS.accepts(megacity_kg_co2e * 10)
    assert CO2E_TOTAL.accepts(megacity_kg_co2e * 100)
    # Any number of stored masses weighted by the largest GWP (SF6, AR6: 25,200)
    # stays finite: a million lines at the bound is still far from overflow.
    assert math.isfinite(GAS_MASS.maximum * 25_200 * 1e6)
    assert YEAR.accepts(1900) and YEAR.accepts(2100)
    assert not YEAR.accepts(2101) and not YEAR.accepts(1899)


def test_an_adoption_is_not_before_1990_nor_after_the_day_given():
    assert ADOPTION.check(date(1990, 1, 1)) == date(1990, 1, 1)
    with pytest.raises(QuantityError, match="from 1990-01-01 to 2100-12-31, not 0001-01-01"):
        ADOPTION.check(date(1, 1, 1))
    with pytest.raises(QuantityError, match="to 2024-06-30, not 2024-07-01"):
        ADOPTION.check(date(2024, 7, 1), last=date(2024, 6, 30))


@pytest.mark.parametrize(
    ("value", "text"), [(0, "0"), (2000, "2,000"), (1e15, "1e15"), (-1e13, "-1e13"), (2.5, "2.5")]
)
def test_bound_numbers_read_as_people_write_them(value, text):
    assert number_text(value) == text


def test_every_numeric_bound_is_finite_and_in_order():
    bounds = [value for value in vars(quantities).values() if isinstance(value, Bound)]
    assert len(bounds) >= 10
    for bound in bounds:
        assert math.isfinite(bound.minimum) and math.isfinite(bound.maximum)
        assert bound.minimum < bound.maximum
