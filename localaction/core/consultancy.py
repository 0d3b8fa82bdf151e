"""The fee of a consultancy engagement and the booking of its consultants
(plan §4.4): pure arithmetic on exact decimals, no Django.

An engagement's fee is either **fixed** (the amount agreed in the contract)
or **time-based**: for each consultant on the team, the days recorded times
that consultant's day rate in the engagement's currency. Each consultant's
part is rounded to the cent (half up, as an invoice line is); the total is
the sum of the rounded parts, so an invoice's lines always add up to it.

A consultant's planned days on an engagement are spread over its period in
proportion to the calendar days of each month, so that an office sees how
booked each consultant is, month by month.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
#: Days are recorded to the quarter day at most; finer figures are refused.
DAY_STEP = Decimal("0.25")

FIXED = "fixed"
TIME = "time"
FEE_BASES = (FIXED, TIME)


class FeeError(ValueError):
    """A fee that cannot be computed from what was given (a missing rate, a
    negative amount, an unknown basis)."""


@dataclass(frozen=True)
class TimeRecorded:
    """Days one consultant recorded (the sum of their time entries)."""

    consultant: str
    days: Decimal


@dataclass(frozen=True)
class FeePart:
    """One consultant's share of a time-based fee: `days` × `rate` (per day, in
    the fee's currency), rounded to the cent as `amount`."""

    consultant: str
    days: Decimal
    rate: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Fee:
    """A fee in `currency`: its basis, its parts (one per consultant for a
    time-based fee, none for a fixed one) and its total, in the currency's units."""

    basis: str
    currency: str
    total: Decimal
    parts: tuple[FeePart, ...] = ()

    @property
    def days(self) -> Decimal:
        """The days the parts count (zero for a fixed fee)."""
        return sum((part.days for part in self.parts), Decimal(0))


def to_cents(amount: Decimal) -> Decimal:
    """`amount` rounded to the cent, half up (as invoices round)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def fixed_fee(amount: Decimal, *, currency: str) -> Fee:
    """A fixed fee of `amount` (in `currency`); a negative amount is a FeeError."""
    if not amount.is_finite() or amount < 0:
        raise FeeError(f"A fixed fee is a finite amount of zero or more, not {amount}.")
    return Fee(FIXED, currency, to_cents(amount))


def time_based_fee(
    recorded: Iterable[TimeRecorded], rates: Mapping[str, Decimal], *, currency: str
) -> Fee:
    """The fee for the days `recorded`, each consultant's days × their rate in
    `rates` (per day, in `currency`).

    Several records of one consultant are added up into one part; parts come
    in the order their consultants first appear. A consultant with days but no
    rate, or a negative rate or number of days, is a FeeError."""
    days: dict[str, Decimal] = {}
    for record in recorded:
        if not record.days.is_finite() or record.days < 0:
            raise FeeError(f"{record.consultant}: days are zero or more, not {record.days}.")
        days[record.consultant] = days.get(record.consultant, Decimal(0)) + record.days
    parts = []
    for consultant, total_days in days.items():
        if consultant not in rates:
            raise FeeError(f"{consultant} recorded days but has no day rate on the engagement.")
        rate = rates[consultant]
        if not rate.is_finite() or rate < 0:
            raise FeeError(f"{consultant}: a day rate is zero or more, not {rate}.")
        parts.append(FeePart(consultant, total_days, rate, to_cents(total_days * rate)))
    total = sum((part.amount for part in parts), Decimal(0))
    return Fee(TIME, currency, to_cents(total), tuple(parts))


def proposed_time_fee(
    planned: Mapping[str, Decimal], rates: Mapping[str, Decimal], *, currency: str
) -> Fee:
    """What a time-based proposal is worth: each consultant's planned days × rate."""
    return time_based_fee(
        (TimeRecorded(consultant, days) for consultant, days in planned.items()),
        rates,
        currency=currency,
    )


def utilisation(recorded: Decimal, planned: Decimal) -> Decimal | None:
    """Days recorded as a share of the days planned (1 = as planned; above 1,
    over plan); None when nothing was planned."""
    if planned <= 0:
        return None
    return recorded / planned


def months_between(start: datetime.date, end: datetime.date) -> list[tuple[int, int]]:
    """The (year, month) pairs from `start`'s month to `end`'s, in order."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def spread_over_months(
    days: Decimal, start: datetime.date, end: datetime.date
) -> dict[tuple[int, int], Decimal]:
    """`days` of work spread over the period `start`–`end` (both included) in
    proportion to the calendar days of the period in each month; the months'
    shares add up to `days` exactly (the last month takes the remainder of
    the rounding to hundredths of a day)."""
    if end < start:
        raise ValueError(f"The period ends ({end}) before it starts ({start}).")
    length = (end - start).days + 1
    shares: dict[tuple[int, int], Decimal] = {}
    months = months_between(start, end)
    given = Decimal(0)
    for index, (year, month) in enumerate(months):
        first = max(start, datetime.date(year, month, 1))
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        last = min(end, following - datetime.timedelta(days=1))
        if index == len(months) - 1:
            share = days - given
        else:
            share = (days * ((last - first).days + 1) / length).quantize(
                CENT, rounding=ROUND_HALF_UP
            )
        shares[(year, month)] = share
        given += share
    return shares


@dataclass(frozen=True)
class Booking:
    """Days of one consultant planned on one engagement over its period."""

    days: Decimal
    starts_on: datetime.date
    ends_on: datetime.date


def booked_by_month(bookings: Sequence[Booking]) -> dict[tuple[int, int], Decimal]:
    """The days booked in each month by all `bookings`, each spread over its period."""
    months: dict[tuple[int, int], Decimal] = {}
    for booking in bookings:
        for key, share in spread_over_months(
            booking.days, booking.starts_on, booking.ends_on
        ).items():
            months[key] = months.get(key, Decimal(0)) + share
    return dict(sorted(months.items()))
