"""ecoBUDGET: an environmental budget in physical units, and its balance.

ecoBUDGET (ICLEI, 2004) manages a town's environmental resources — climate
stability, air quality, drinking water, land, biodiversity, materials — the
way its finances are managed: each resource has indicators, each indicator a
unit and a direction (less is better for a consumption or pressure, such as
t CO2e or litres of water a day; more for an asset, such as hectares of
protected land). The council adopts a master budget: for every indicator a
reference value, the previous year's value, a short-term target for the
budget year and a long-term target. At the year's end the budget balance sets
the actual values against the targets; each indicator closes with a surplus
(better than its target) or a deficit (worse), and the council adopts the
balance too. No money: every value is a physical quantity in its unit.

This module computes the balance. It knows nothing about councils, files or
databases; values come in with their unit and are converted to the
indicator's unit here (`core.units.multiplier`), so an actual measured in kg
balances against a target in t.

The sign of a balance follows the direction, so that a positive balance is
always good news:

    less is better:  balance = target − actual   (1,000 t target, 900 t actual: +100 t)
    more is better:  balance = actual − target   (50 ha target, 45 ha actual: −5 ha)

An indicator has met its target when its balance is zero or more.

Adding up across members (`aggregate`): an indicator whose quantity adds up
(tonnes, hectares, MWh) is summed ("sum"); one measured per person (t per
person, litres per person and day, µg/m³ of air people breathe) is a
population-weighted mean ("per_person"): Σ(value × population) / Σ population,
counting only members with a population.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from localaction.core.units import UnitError, multiplier, parse_unit

Direction = Literal["less", "more"]
DIRECTIONS: tuple[Direction, ...] = ("less", "more")
Rule = Literal["sum", "per_person"]
RULES: tuple[Rule, ...] = ("sum", "per_person")
Status = Literal["met", "missed", "open"]


class BudgetError(ValueError):
    """A value the method cannot take; the message says which and why."""


@dataclass(frozen=True)
class Indicator:
    """What one budget line measures: `unit` is a unit of core.units' grammar,
    `direction` "less" (consumption, pressure) or "more" (assets)."""

    code: str
    name: str
    unit: str
    direction: Direction
    resource: str = ""


@dataclass(frozen=True)
class Value:
    """An amount in a unit (the unit of the indicator when `unit` is blank)."""

    amount: float
    unit: str = ""


@dataclass(frozen=True)
class Line:
    """One indicator of a master budget with its values, each in its own unit.

    `target` is the short-term target of the budget year; `actual` is None
    until the balance is drawn up.
    """

    indicator: Indicator
    target: Value | None
    actual: Value | None = None
    reference: Value | None = None
    previous: Value | None = None
    long_term_target: Value | None = None


@dataclass(frozen=True)
class LineBalance:
    """One line of the balance, every figure in the indicator's unit.

    `balance` is positive for a surplus (better than the target) and negative
    for a deficit; None (status "open") while the target or the actual is missing.
    """

    indicator: Indicator
    reference: float | None
    previous: float | None
    target: float | None
    long_term_target: float | None
    actual: float | None
    balance: float | None
    status: Status

    @property
    def relative(self) -> float | None:
        """The balance as a share of the target (0.1 = 10 % better), None when
        there is no balance or the target is 0."""
        if self.balance is None or not self.target:
            return None
        return self.balance / abs(self.target)


@dataclass(frozen=True)
class ResourceTotal:
    """How one environmental resource closed: its indicators counted by status.

    Balances in different units never add up, so a resource's total is a
    count of indicators that met, missed or have no balance yet.
    """

    resource: str
    met: int
    missed: int
    open: int

    @property
    def indicators(self) -> int:
        return self.met + self.missed + self.open


@dataclass(frozen=True)
class Balance:
    """The budget balance: every line, and the totals per resource (in the
    order resources first appear)."""

    lines: tuple[LineBalance, ...]
    resources: tuple[ResourceTotal, ...]

    @property
    def met(self) -> int:
        return sum(total.met for total in self.resources)

    @property
    def missed(self) -> int:
        return sum(total.missed for total in self.resources)

    @property
    def open(self) -> int:
        return sum(total.open for total in self.resources)


def check_unit(unit: str, expected: str) -> None:
    """BudgetError unless `unit` converts to `expected` (the same dimension)."""
    try:
        multiplier(unit, expected)
    except UnitError as error:
        raise BudgetError(str(error)) from None


def check_indicator(indicator: Indicator) -> None:
    """BudgetError when the indicator's unit or direction is not one."""
    if indicator.direction not in DIRECTIONS:
        raise BudgetError(
            f"the direction of {indicator.code} is 'less' or 'more', not {indicator.direction!r}"
        )
    try:
        parse_unit(indicator.unit)
    except UnitError as error:
        raise BudgetError(f"the unit of {indicator.code}: {error}") from None


def in_unit(value: Value | None, unit: str, *, what: str = "a value") -> float | None:
    """`value` converted to `unit`; BudgetError if it is not finite or its unit
    is of another dimension."""
    if value is None:
        return None
    if isinstance(value.amount, bool) or not math.isfinite(value.amount):
        raise BudgetError(f"{what} must be a finite number, not {value.amount!r}")
    if not value.unit or value.unit == unit:
        return float(value.amount)
    try:
        factor = multiplier(value.unit, unit)
    except UnitError as error:
        raise BudgetError(
            f"{what} in '{value.unit}' cannot be counted in '{unit}': {error}"
        ) from None
    return float(value.amount) * factor


def signed_balance(direction: Direction, target: float, actual: float) -> float:
    """Surplus (positive) or deficit (negative) of `actual` against `target`,
    both in the same unit: target − actual when less is better, actual − target
    when more is."""
    if direction == "less":
        return target - actual
    if direction == "more":
        return actual - target
    raise BudgetError(f"the direction is 'less' or 'more', not {direction!r}")


def line_balance(line: Line) -> LineBalance:
    """One line's values in its indicator's unit, with its balance and status."""
    indicator = line.indicator
    check_indicator(indicator)
    unit = indicator.unit
    target = in_unit(line.target, unit, what=f"the target of {indicator.code}")
    actual = in_unit(line.actual, unit, what=f"the actual value of {indicator.code}")
    balance = None
    status: Status = "open"
    if target is not None and actual is not None:
        balance = signed_balance(indicator.direction, target, actual)
        status = "met" if balance >= 0 else "missed"
    return LineBalance(
        indicator=indicator,
        reference=in_unit(line.reference, unit, what=f"the reference value of {indicator.code}"),
        previous=in_unit(
            line.previous, unit, what=f"the previous year's value of {indicator.code}"
        ),
        target=target,
        long_term_target=in_unit(
            line.long_term_target, unit, what=f"the long-term target of {indicator.code}"
        ),
        actual=actual,
        balance=balance,
        status=status,
    )


def balance(lines: Sequence[Line]) -> Balance:
    """The balance of a budget: every line's, and each resource's count of
    indicators met, missed and still open. BudgetError if an indicator
    appears twice."""
    seen: set[str] = set()
    balanced = []
    counts: dict[str, dict[str, int]] = {}
    for line in lines:
        code = line.indicator.code
        if code in seen:
            raise BudgetError(f"the indicator {code} appears twice in the budget")
        seen.add(code)
        one = line_balance(line)
        balanced.append(one)
        count = counts.setdefault(line.indicator.resource, {"met": 0, "missed": 0, "open": 0})
        count[one.status] += 1
    return Balance(
        lines=tuple(balanced),
        resources=tuple(
            ResourceTotal(resource, count["met"], count["missed"], count["open"])
            for resource, count in counts.items()
        ),
    )


@dataclass(frozen=True)
class MemberFigures:
    """One member's target and actual of an indicator (in the indicator's unit),
    and its population (None when unknown)."""

    member: str
    target: float | None
    actual: float | None
    population: float | None = None


@dataclass(frozen=True)
class Aggregate:
    """An indicator across members, by `rule`: "sum" adds targets and actuals;
    "per_person" weighs each by population. `members` are those counted (for
    "per_person", only members with a population); `balance` follows the
    indicator's direction; `met` counts members whose own balance is ≥ 0."""

    rule: Rule
    members: tuple[str, ...]
    target: float | None
    actual: float | None
    balance: float | None
    met: int
    population: float | None


def aggregate(direction: Direction, rule: Rule, figures: Sequence[MemberFigures]) -> Aggregate:
    """The network's figure of one indicator from its members' (each counted
    once: only members with both a target and an actual count, so that the
    aggregated target and achievement cover the same members)."""
    if rule not in RULES:
        raise BudgetError(f"an indicator adds up by 'sum' or 'per_person', not {rule!r}")
    counted: list[tuple[str, float, float, float]] = [
        (one.member, one.target, one.actual, one.population or 0.0)
        for one in figures
        if one.target is not None
        and one.actual is not None
        and (rule == "sum" or (one.population is not None and one.population > 0))
    ]
    members = tuple(member for member, *_ in counted)
    met = sum(signed_balance(direction, target, actual) >= 0 for _, target, actual, _ in counted)
    if not counted:
        return Aggregate(rule, members, None, None, None, 0, None)
    population: float | None = None
    if rule == "sum":
        target = math.fsum(target for _, target, _, _ in counted)
        actual = math.fsum(actual for _, _, actual, _ in counted)
    else:
        population = math.fsum(people for *_, people in counted)
        target = math.fsum(target * people for _, target, _, people in counted) / population
        actual = math.fsum(actual * people for _, _, actual, people in counted) / population
    return Aggregate(
        rule, members, target, actual, signed_balance(direction, target, actual), met, population
    )
