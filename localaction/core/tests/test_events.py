"""Event fees: the reference table of the rules in core/events.py, and
properties that hold for every category and day."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localaction.core.events import MAX_FEE, CategoryFees, FeeError, fee_on

D = Decimal
EARLY_UNTIL = datetime.date(2027, 3, 31)
NON_MEMBER = CategoryFees(fee=D("450.00"), early_fee=D("350.00"), early_until=EARLY_UNTIL)
DELEGATE = CategoryFees(
    fee=D("300.00"),
    early_fee=D("250.00"),
    early_until=EARLY_UNTIL,
    members_free=2,
    member_delegate=True,
)
PRESS = CategoryFees(fee=D("0.00"))


@pytest.mark.parametrize(
    ("category", "on", "taken", "amount", "reason"),
    [
        # Early bird up to and including its last day, then the fee.
        (NON_MEMBER, datetime.date(2027, 1, 10), 0, "350.00", "early-bird"),
        (NON_MEMBER, EARLY_UNTIL, 0, "350.00", "early-bird"),
        (NON_MEMBER, datetime.date(2027, 4, 1), 0, "450.00", "regular"),
        # Member places taken do not matter to a non-member.
        (NON_MEMBER, datetime.date(2027, 4, 1), 5, "450.00", "regular"),
        # A member's first two delegates are free, the third pays the day's fee.
        (DELEGATE, datetime.date(2027, 4, 1), 0, "0.00", "free-member-place"),
        (DELEGATE, datetime.date(2027, 4, 1), 1, "0.00", "free-member-place"),
        (DELEGATE, EARLY_UNTIL, 2, "250.00", "early-bird"),
        (DELEGATE, datetime.date(2027, 4, 1), 2, "300.00", "regular"),
        (PRESS, datetime.date(2027, 4, 1), 0, "0.00", "regular"),
    ],
)
def test_reference_table(category, on, taken, amount, reason):
    fee = fee_on(category, on, member_places_taken=taken)
    assert (fee.amount, fee.reason) == (D(amount), reason)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"fee": D("-1")},
        {"fee": D("NaN")},
        {"fee": D("Infinity")},
        {"fee": MAX_FEE + 1},
        {"fee": D("1"), "early_fee": D("1")},
        {"fee": D("1"), "early_until": EARLY_UNTIL},
        {"fee": D("1"), "members_free": -1},
    ],
)
def test_impossible_categories_are_refused(kwargs):
    with pytest.raises(FeeError):
        CategoryFees(**kwargs)


amounts = st.decimals(min_value=0, max_value=MAX_FEE, places=2, allow_nan=False)
# A shared machine: no timing, and no health check on how fast inputs come.
SHARED_MACHINE = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
days = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 1, 1))


@st.composite
def categories(draw):
    early = draw(st.booleans())
    return CategoryFees(
        fee=draw(amounts),
        early_fee=draw(amounts) if early else None,
        early_until=draw(days) if early else None,
        members_free=draw(st.integers(0, 10)),
        member_delegate=draw(st.booleans()),
    )


@SHARED_MACHINE
@given(categories(), days, st.integers(0, 20))
def test_the_fee_is_one_of_the_categorys_amounts(category, on, taken):
    fee = fee_on(category, on, member_places_taken=taken)
    assert fee.amount in {D("0.00"), category.fee, category.early_fee}
    assert 0 <= fee.amount <= MAX_FEE


@SHARED_MACHINE
@given(categories(), days, st.integers(0, 20))
def test_free_exactly_within_the_members_free_places(category, on, taken):
    fee = fee_on(category, on, member_places_taken=taken)
    within = category.member_delegate and taken < category.members_free
    assert (fee.reason == "free-member-place") == within


@SHARED_MACHINE
@given(categories(), days)
def test_early_bird_ends_after_its_last_day(category, on):
    fee = fee_on(category, on, member_places_taken=category.members_free)
    early = category.early_until is not None and on <= category.early_until
    assert (fee.reason == "early-bird") == early
