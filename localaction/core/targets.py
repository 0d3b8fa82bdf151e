"""Mitigation targets as absolute emissions, committed reductions and progress.

The four target types of the GHG Protocol Mitigation Goal Standard (WRI,
2014, chapter 5), each converted to the emissions it allows in its target
year (t CO2e):

- base year:      E_target = E_base × (1 − r)
- fixed level:    E_target = the stated level
- intensity:      E_target = (E_base / A_base) × (1 − r) × A(t)
- baseline scenario (BAU): E_target = E_BAU(t) × (1 − r)

where r is the reduction (a percentage here, as targets are written), A the
activity the intensity is expressed per (inhabitants, units of economic
output) and A(t) its level projected to the target year. The committed
reduction is what the target takes off business as usual:
E_BAU(t) − E_target, never below zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

# Relative slack when comparing an inventory with the trajectory, so that an
# inventory exactly on the line is on track despite floating-point rounding.
_ON_LINE = 1e-9


class TargetType(StrEnum):
    """How a target states its goal (GHG Protocol Mitigation Goal Standard)."""

    BASE_YEAR = "base_year"
    FIXED_LEVEL = "fixed_level"
    INTENSITY = "intensity"
    BASELINE_SCENARIO = "baseline_scenario"


class TargetError(ValueError):
    """A target that does not hold together, with the field to blame."""

    def __init__(self, reason: str, *, field: str) -> None:
        super().__init__(reason)
        self.field = field


@dataclass(frozen=True)
class Target:
    """A GHG target: its type, years and reduction (percent) or level (t CO2e)."""

    type: TargetType
    base_year: int
    target_year: int
    reduction_percent: float | None = None
    level_t: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", TargetType(self.type))
        if self.target_year <= self.base_year:
            raise TargetError(
                f"The target year ({self.target_year}) must come after the base year "
                f"({self.base_year}).",
                field="target_year",
            )
        if self.type is TargetType.FIXED_LEVEL:
            if self.level_t is None or not math.isfinite(self.level_t) or self.level_t < 0:
                raise TargetError(
                    "A fixed-level target states its level: tonnes CO2e, zero or more.",
                    field="level_t",
                )
            return
        reduction = self.reduction_percent
        if reduction is None or not math.isfinite(reduction) or not 0 <= reduction <= 100:
            raise TargetError(
                f"A reduction lies between 0 % and 100 %, not {reduction!r}.",
                field="reduction_percent",
            )


@dataclass(frozen=True)
class Activity:
    """What an intensity target is expressed per: its level in the base year and
    projected to the target year, in `unit` (e.g. "inhabitant")."""

    base: float
    target_year: float
    unit: str

    def __post_init__(self) -> None:
        for name in ("base", "target_year"):
            value = getattr(self, name)
            if value is None or not math.isfinite(value) or value <= 0:
                raise TargetError(
                    f"An intensity target needs a positive activity level ({name}).",
                    field="activity",
                )


def target_t(
    target: Target,
    *,
    base_t: float | None = None,
    activity: Activity | None = None,
    bau_t: float | None = None,
) -> float:
    """The emissions the target allows in its target year (t CO2e).

    `base_t` is the base-year inventory (t CO2e; base-year and intensity
    targets), `activity` the intensity's activity levels, `bau_t` the BAU
    forecast for the target year (t CO2e; baseline-scenario targets).
    """
    if target.type is TargetType.FIXED_LEVEL:
        assert target.level_t is not None  # checked when the target was made
        return target.level_t
    kept = 1 - (target.reduction_percent or 0.0) / 100
    if target.type is TargetType.BASELINE_SCENARIO:
        if bau_t is None:
            raise TargetError("A baseline-scenario target needs a forecast.", field="forecast")
        return bau_t * kept
    if base_t is None:
        raise TargetError(
            f"The target needs the emissions of its base year {target.base_year}.",
            field="base_year",
        )
    if target.type is TargetType.BASE_YEAR:
        return base_t * kept
    if activity is None:
        raise TargetError("An intensity target needs activity data.", field="activity")
    return base_t / activity.base * kept * activity.target_year


@dataclass(frozen=True)
class Commitment:
    """A target set against business as usual in its target year (t CO2e)."""

    target_t: float
    bau_t: float

    @property
    def committed_reduction_t(self) -> float:
        """E_BAU − E_target; zero when BAU already lies below the target."""
        return max(0.0, self.bau_t - self.target_t)

    @property
    def bau_below_target(self) -> bool:
        """True when the target asks for nothing beyond business as usual."""
        return self.bau_t < self.target_t


def trajectory_t(
    *, base_year: int, base_t: float, target_year: int, target_t: float, year: int
) -> float:
    """The straight line from the base-year emissions to the target, in `year`
    (t CO2e); before the base year it is the base, after the target year the
    target."""
    if year <= base_year:
        return base_t
    if year >= target_year:
        return target_t
    share = (year - base_year) / (target_year - base_year)
    return base_t + (target_t - base_t) * share


class Progress(StrEnum):
    """Where an inventory lies against the trajectory."""

    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"


def progress(
    *,
    base_year: int,
    base_t: float,
    target_year: int,
    target_t: float,
    year: int,
    emissions_t: float,
) -> Progress:
    """On track when the inventory of `year` lies on or below the trajectory."""
    allowed = trajectory_t(
        base_year=base_year, base_t=base_t, target_year=target_year, target_t=target_t, year=year
    )
    slack = _ON_LINE * max(abs(allowed), 1.0)
    return Progress.ON_TRACK if emissions_t <= allowed + slack else Progress.OFF_TRACK
