"""The bounds of every quantity the platform accepts, in one place.

A real local government's figures fit in these bounds with a wide margin: a
megacity emits about 1e11 kg CO2e a year and the world about 5e13, so a gas
mass of 1e13 kg on one line or a total of 1e14 kg CO2e is already absurd, yet
far from where floating point stops adding up (about 1.8e308). Anything
outside is a typing slip or an attack, refused with a message that says what
would be accepted — never stored, so that no stored value can overflow a sum.

Every door checks with this module: the models' validators, the forms, the
API's serializers, the file imports and the inventory calculation itself.
Booleans are not numbers here, although Python counts True as 1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date


class QuantityError(ValueError):
    """A value outside its bound; the message says what the bound accepts."""

    def __init__(self, message: str, *, bound: Bound | DateBound, value: object) -> None:
        super().__init__(message)
        self.bound = bound
        self.value = value


def number_text(value: float) -> str:
    """A bound's number as people read it: 1e15 as "1e15", 2000 as "2,000"."""
    if value == int(value) and abs(value) < 1e6:
        return f"{int(value):,}"
    mantissa, _e, exponent = f"{value:.6g}".partition("e")
    if not exponent:
        return f"{value:,}"
    return f"{mantissa}e{int(exponent)}"


@dataclass(frozen=True)
class Bound:
    """The numbers a quantity may be: finite, from `minimum` to `maximum`.

    `positive` makes the minimum (0) itself refused. `unit` is said in the
    message ("kg"); blank for a quantity in a unit of its own choice.
    """

    name: str
    minimum: float
    maximum: float
    unit: str = ""
    positive: bool = False

    def describe(self) -> str:
        """What the bound accepts, in words: "a finite number from 0 to 1e15"."""
        unit = f" {self.unit}" if self.unit else ""
        if self.positive:
            return f"a finite number above 0 and at most {number_text(self.maximum)}{unit}"
        return (
            f"a finite number from {number_text(self.minimum)} to {number_text(self.maximum)}{unit}"
        )

    def check(self, value: object) -> float:
        """`value` as a float, or QuantityError saying what `self` accepts."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise QuantityError(
                f"{self.name} must be a number, not {value!r}", bound=self, value=value
            )
        number = float(value)
        inside = math.isfinite(number) and self.minimum <= number <= self.maximum
        if not inside or (self.positive and number <= 0):
            raise QuantityError(
                f"{self.name} must be {self.describe()}, not {value!r}", bound=self, value=value
            )
        return number

    def accepts(self, value: object) -> bool:
        """Whether `check` would take `value`."""
        if type(value) is float:  # the common case, without an exception's cost
            inside = math.isfinite(value) and self.minimum <= value <= self.maximum
            return inside and not (self.positive and value <= 0)
        try:
            self.check(value)
        except QuantityError:
            return False
        return True


@dataclass(frozen=True)
class DateBound:
    """The dates a quantity may be: from `first` to `last`, both included."""

    name: str
    first: date
    last: date

    def check(self, value: date, *, last: date | None = None) -> date:
        """`value`, or QuantityError; `last` replaces the bound's own last day
        (e.g. today, for what cannot have happened yet)."""
        until = min(self.last, last) if last is not None else self.last
        if not self.first <= value <= until:
            raise QuantityError(
                f"{self.name} must be from {self.first.isoformat()} to {until.isoformat()}, "
                f"not {value.isoformat()}",
                bound=self,
                value=value,
            )
        return value


# Years and dates. Inventories start at the UNFCCC base year (the models say
# so); the wider span holds historic base values and long-term goals.
FIRST_YEAR = 1900
LAST_YEAR = 2100
YEAR = Bound("a year", FIRST_YEAR, LAST_YEAR)
DATE = DateBound("a date", date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31))
ADOPTION = DateBound("an adoption date", date(1990, 1, 1), date(LAST_YEAR, 12, 31))
"""A council's adoption of a target or a plan: not before the Rio era (1990), never
in the future (callers pass today as `last`)."""

# Inventories (kilograms of each gas; activity in a unit of the line's choice).
AMOUNT = Bound("an amount", 0, 1e15)
"""An activity amount, in any unit: 1e15 kWh is some 30 times the world's electricity."""
EMISSION_FACTOR = Bound("an emission factor", -1e12, 1e12, "kg per unit")
"""kg of a gas per unit of activity; negative only for removals (AFOLU)."""
GAS_MASS = Bound("a gas mass", -1e13, 1e13, "kg")
"""kg of one gas on one line, given or computed; negative for removals (AFOLU)."""
CO2E_TOTAL = Bound("an inventory total", -1e14, 1e14, "kg CO2e")
"""An inventory's total or breakdown under any GWP set: twice the world's emissions."""
CALORIFIC_VALUE = Bound("a net calorific value", 0, 1e12, positive=True)
DENSITY = Bound("a density", 0, 1e12, positive=True)

# Targets and actions.
TONNES_CO2E = Bound("an amount of t CO2e", 0, 1e11, "t CO2e")
"""A fixed-level target (t CO2e in the target year): 1e11 t is twice the world's."""
REDUCTION_TCO2E = Bound("a reduction", -1e11, 1e11, "t CO2e a year")
"""An action's estimated reduction a year (negative: it adds emissions)."""
INDICATOR_VALUE = Bound("a value", -1e15, 1e15)
"""An indicator target's base and target values, in the target's unit."""
IMPACT_AMOUNT = Bound("an impact", -1e15, 1e15)
"""An action's other estimated impact a year, in its own unit."""
ACTIVITY = Bound("an activity", 0, 1e15, positive=True)
"""An intensity target's activity: inhabitants or economic output."""

# Texts typed by people.
COMMENT_LENGTH = 2_000
"""Comments, explanations, notes and sources, in characters."""
DESCRIPTION_LENGTH = 20_000
"""Descriptions, aims and boundary notes, in characters."""
