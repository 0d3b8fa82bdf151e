"""The fee of an engagement and the booking of consultants, against tables
worked out by hand (core/consultancy.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localaction.core.consultancy import (
    Booking,
    FeeError,
    TimeRecorded,
    booked_by_month,
    fixed_fee,
    proposed_time_fee,
    spread_over_months,
    time_based_fee,
    utilisation,
)

# Worked by hand: Ana 3.5 d × 712.50 = 2,493.75; Ben 0.25 d + 1 d = 1.25 d ×
# 333.33 = 416.6625 → 416.66; Cy 0.75 d × 1,000.10 = 750.075 → 750.08 (half up).
# Total 2,493.75 + 416.66 + 750.08 = 3,660.49.
HAND_TABLE = [
    ("ana", D("3.5"), D("712.50"), D("2493.75")),
    ("ben", D("1.25"), D("333.33"), D("416.66")),
    ("cy", D("0.75"), D("1000.10"), D("750.08")),
]


def test_time_based_fee_matches_the_hand_table():
    recorded = [
        TimeRecorded("ana", D("3.5")),
        TimeRecorded("ben", D("0.25")),
        TimeRecorded("cy", D("0.75")),
        TimeRecorded("ben", D("1")),
    ]
    rates = {name: rate for name, _days, rate, _amount in HAND_TABLE}
    fee = time_based_fee(recorded, rates, currency="EUR")
    assert [(p.consultant, p.days, p.rate, p.amount) for p in fee.parts] == HAND_TABLE
    assert fee.total == D("3660.49")
    assert fee.total == sum(part.amount for part in fee.parts)
    assert fee.days == D("5.5")
    assert (fee.basis, fee.currency) == ("time", "EUR")


def test_a_fixed_fee_is_the_amount_agreed_to_the_cent():
    assert fixed_fee(D("18000"), currency="EUR").total == D("18000.00")
    assert fixed_fee(D("0.005"), currency="EUR").total == D("0.01")
    assert fixed_fee(D("1"), currency="EUR").parts == ()


@pytest.mark.parametrize("amount", [D("-1"), D("NaN"), D("Infinity")])
def test_a_fixed_fee_is_finite_and_not_negative(amount):
    with pytest.raises(FeeError):
        fixed_fee(amount, currency="EUR")


def test_days_without_a_rate_are_refused_by_name():
    with pytest.raises(FeeError, match="zoe recorded days but has no day rate"):
        time_based_fee([TimeRecorded("zoe", D("1"))], {}, currency="EUR")


def test_negative_days_or_rates_are_refused():
    with pytest.raises(FeeError):
        time_based_fee([TimeRecorded("a", D("-1"))], {"a": D("1")}, currency="EUR")
    with pytest.raises(FeeError):
        time_based_fee([TimeRecorded("a", D("1"))], {"a": D("-1")}, currency="EUR")


def test_a_proposal_is_worth_the_planned_days_times_the_rates():
    fee = proposed_time_fee(
        {"a": D("10"), "b": D("4")}, {"a": D("750"), "b": D("880")}, currency="EUR"
    )
    assert fee.total == D("7500") + D("3520")


def test_utilisation_is_recorded_over_planned():
    assert utilisation(D("5"), D("10")) == D("0.5")
    assert utilisation(D("12"), D("10")) == D("1.2")
    assert utilisation(D("1"), D("0")) is None


money = st.decimals(min_value=0, max_value=D("99999"), places=2)
days = st.decimals(min_value=0, max_value=D("200"), places=2)


# The machine running the suite is shared: slow draws are not the test's concern.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from("abcde"), days, money), max_size=12))
def test_the_total_is_the_sum_of_the_parts(rows):
    rates = {}
    for name, _d, rate in rows:
        rates.setdefault(name, rate)
    fee = time_based_fee([TimeRecorded(n, d) for n, d, _r in rows], rates, currency="EUR")
    assert fee.total == sum((part.amount for part in fee.parts), D(0))
    for part in fee.parts:
        assert abs(part.amount - part.days * part.rate) <= D("0.005")


def test_planned_days_spread_over_months_by_calendar_days():
    # 15 Jan – 14 Mar 2025: 17 days in January, 28 in February, 14 in March (59 in all).
    # 30 days: 30 × 17/59 = 8.64, 30 × 28/59 = 14.24, the remainder 7.12.
    shares = spread_over_months(D("30"), datetime.date(2025, 1, 15), datetime.date(2025, 3, 14))
    assert shares == {(2025, 1): D("8.64"), (2025, 2): D("14.24"), (2025, 3): D("7.12")}
    assert sum(shares.values()) == D("30")


def test_a_period_across_the_new_year():
    shares = spread_over_months(D("2"), datetime.date(2025, 12, 31), datetime.date(2026, 1, 1))
    assert shares == {(2025, 12): D("1.00"), (2026, 1): D("1.00")}


def test_a_period_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        spread_over_months(D("1"), datetime.date(2025, 2, 1), datetime.date(2025, 1, 1))


def test_bookings_add_up_month_by_month():
    months = booked_by_month(
        [
            Booking(D("10"), datetime.date(2025, 1, 1), datetime.date(2025, 1, 31)),
            Booking(D("4"), datetime.date(2025, 1, 1), datetime.date(2025, 2, 28)),
        ]
    )
    # 4 days over 31 + 28 = 59 days: 4 × 31/59 = 2.10 in January, 1.90 in February.
    assert months == {(2025, 1): D("12.10"), (2025, 2): D("1.90")}
