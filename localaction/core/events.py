"""Event registration fees: pure functions of a category's fees and dates.

The rules (the registration page states them too):

- the **early-bird fee** applies up to and including its last day
  (`early_until`); after it, or when the category has none, the **fee**;
- a **member delegate** registers free while the member still has free places
  (`members_free`, the event's schedule: so many delegates per member at no
  charge); the delegates beyond them pay the fee of the day;
- fees are exact decimals in the event's currency, never negative, never
  beyond `MAX_FEE`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

# Beyond any event's fee, short of amounts that lose meaning.
MAX_FEE = Decimal("1000000")

Reason = Literal["free-member-place", "early-bird", "regular"]


class FeeError(ValueError):
    """A category whose fees cannot be applied (negative, too large, not finite)."""


@dataclass(frozen=True)
class CategoryFees:
    """What a category charges: `fee`, and `early_fee` up to and including
    `early_until`; `members_free` free places per member (member delegates only)."""

    fee: Decimal
    early_fee: Decimal | None = None
    early_until: datetime.date | None = None
    members_free: int = 0
    member_delegate: bool = False

    def __post_init__(self) -> None:
        for amount in (self.fee, self.early_fee):
            if amount is None:
                continue
            if not amount.is_finite() or amount < 0 or amount > MAX_FEE:
                raise FeeError(f"A fee is between 0 and {MAX_FEE}, not {amount}.")
        if (self.early_fee is None) != (self.early_until is None):
            raise FeeError("An early-bird fee needs its last day, and a last day its fee.")
        if self.members_free < 0:
            raise FeeError("Free member places are zero or more.")


@dataclass(frozen=True)
class Fee:
    """The amount due and why."""

    amount: Decimal
    reason: Reason


def fee_on(category: CategoryFees, on: datetime.date, *, member_places_taken: int = 0) -> Fee:
    """The fee for one more registration in `category` on the day `on`.

    `member_places_taken` is the number of the member's delegates already
    registered (not cancelled) for the event, so this registration is the
    member's (taken + 1)th: free while that is within `members_free`."""
    if member_places_taken < 0:
        raise FeeError("The member's places taken are zero or more.")
    if category.member_delegate and member_places_taken < category.members_free:
        return Fee(Decimal("0.00"), "free-member-place")
    if (
        category.early_fee is not None
        and category.early_until is not None
        and on <= category.early_until
    ):
        return Fee(category.early_fee, "early-bird")
    return Fee(category.fee, "regular")
