"""Triple Bottom Line reporting: how an indicator moved over the years, and how
far it has come towards its target.

An indicator of a TBL report is an environmental, social or economic figure
with a direction: "less" is better (emissions, unemployment) or "more" is
(green space, median income). Values are (year, value) points in the
indicator's unit; nothing here knows where they come from.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

DIRECTIONS = ("less", "more")
"""Which way an indicator improves: "less" is better, or "more"."""


def _check_direction(direction: str) -> None:
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be 'less' or 'more', not {direction!r}")


def _ordered(points: Sequence[tuple[int, float]]) -> list[tuple[int, float]]:
    ordered = sorted(points)
    for year, value in ordered:
        if not math.isfinite(value):
            raise ValueError(f"the value of {year} is not a finite number: {value!r}")
    return ordered


@dataclass(frozen=True)
class Trend:
    """The change from the first to the last year with a value, in the
    indicator's unit and in per cent of the first value (None when that is 0);
    `improving` is None when nothing changed."""

    first_year: int
    first: float
    last_year: int
    last: float
    change: float
    change_percent: float | None
    improving: bool | None


def trend(points: Sequence[tuple[int, float]], direction: str) -> Trend | None:
    """The trend of (year, value) points, or None with fewer than two of them."""
    _check_direction(direction)
    ordered = _ordered(points)
    if len(ordered) < 2:
        return None
    (first_year, first), (last_year, last) = ordered[0], ordered[-1]
    change = last - first
    return Trend(
        first_year,
        first,
        last_year,
        last,
        change,
        change / abs(first) * 100 if first else None,
        None if change == 0 else (change < 0) == (direction == "less"),
    )


@dataclass(frozen=True)
class TargetProgress:
    """An indicator's latest value against its target.

    `met` when the latest value is at or beyond the target in the indicator's
    direction; `share_done` is how much of the way from the first value to
    the target has been covered (1.0 = all of it; negative when the indicator
    moved away), None with a single value or a target equal to the first one.
    """

    target_year: int
    target: float
    latest_year: int
    latest: float
    gap: float  # target − latest, in the indicator's unit
    met: bool
    share_done: float | None


def target_progress(
    points: Sequence[tuple[int, float]], *, target_year: int, target: float, direction: str
) -> TargetProgress | None:
    """The progress of (year, value) points towards `target` in `target_year`,
    or None without a value."""
    _check_direction(direction)
    ordered = _ordered(points)
    if not ordered:
        return None
    first = ordered[0][1]
    latest_year, latest = ordered[-1]
    met = latest <= target if direction == "less" else latest >= target
    share = (latest - first) / (target - first) if len(ordered) > 1 and target != first else None
    return TargetProgress(target_year, target, latest_year, latest, target - latest, met, share)
