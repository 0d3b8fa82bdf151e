"""Hazard risk on a 5 × 5 matrix: likelihood × impact.

A hazard profile rates each hazard a local government faces on two ordinal
scales of five levels, likelihood and impact, as the risk matrices of
ISO 31010:2019 (B.10.3, consequence/likelihood matrix) and of the UNDRR
Disaster Resilience Scorecard for Cities (2017, Essential 2: risk scenarios)
do. The risk of a hazard is the product of its two levels, 1 to 25, read in
four bands:

| risk (L × I) | band      |
|--------------|-----------|
| 1–4          | low       |
| 5–9          | medium    |
| 10–16        | high      |
| 20–25        | very high |

(No product of two levels 1–5 lies between 16 and 20.) The matrix counts the
hazards in each cell, likelihood by impact.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

LEVELS = (1, 2, 3, 4, 5)
BANDS: tuple[tuple[str, int], ...] = (("low", 4), ("medium", 9), ("high", 16), ("very_high", 25))
"""Each band with the highest risk it holds."""


class LevelError(ValueError):
    """A likelihood or impact outside the five levels."""


def check_level(level: int, *, name: str) -> int:
    """The level if it is one of 1–5 (a bool is not a level); LevelError otherwise."""
    if isinstance(level, bool) or not isinstance(level, int) or level not in LEVELS:
        raise LevelError(f"{name} must be a whole number from 1 to 5, not {level!r}")
    return level


def risk(likelihood: int, impact: int) -> int:
    """The risk of a hazard: its likelihood level times its impact level (1–25)."""
    return check_level(likelihood, name="likelihood") * check_level(impact, name="impact")


def band(score: int) -> str:
    """The band ("low", "medium", "high", "very_high") a risk of 1–25 falls in."""
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 25:
        raise LevelError(f"a risk is a whole number from 1 to 25, not {score!r}")
    return next(name for name, highest in BANDS if score <= highest)


@dataclass(frozen=True)
class Rating:
    """One hazard's rating."""

    hazard: str
    likelihood: int
    impact: int

    @property
    def risk(self) -> int:
        return risk(self.likelihood, self.impact)

    @property
    def band(self) -> str:
        return band(self.risk)


@dataclass(frozen=True)
class Matrix:
    """The hazards of a profile placed on the 5 × 5 matrix."""

    cells: dict[tuple[int, int], tuple[str, ...]]
    """(likelihood, impact) → the hazards rated so, in the order given."""

    def hazards_at(self, likelihood: int, impact: int) -> tuple[str, ...]:
        return self.cells.get((likelihood, impact), ())

    def count(self) -> int:
        return sum(len(hazards) for hazards in self.cells.values())

    def by_band(self) -> dict[str, int]:
        """How many hazards fall in each band (every band named, zero included)."""
        counts: Counter[str] = Counter()
        for (likelihood, impact), hazards in self.cells.items():
            counts[band(likelihood * impact)] += len(hazards)
        return {name: counts[name] for name, _highest in BANDS}


def matrix(ratings: Iterable[Rating]) -> Matrix:
    """Place each rating in its cell; a hazard rated twice is an error."""
    cells: dict[tuple[int, int], list[str]] = {}
    seen: set[str] = set()
    for rating in ratings:
        if rating.hazard in seen:
            raise ValueError(f"{rating.hazard} is rated twice")
        seen.add(rating.hazard)
        key = (
            check_level(rating.likelihood, name="likelihood"),
            check_level(rating.impact, name="impact"),
        )
        cells.setdefault(key, []).append(rating.hazard)
    return Matrix({key: tuple(hazards) for key, hazards in cells.items()})


def ranked(ratings: Iterable[Rating]) -> list[Rating]:
    """Highest risk first; ties by impact (the worse consequence first), then by hazard."""
    return sorted(ratings, key=lambda rating: (-rating.risk, -rating.impact, rating.hazard))
