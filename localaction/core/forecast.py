"""The business-as-usual (BAU) forecast: emissions without new action.

Emissions grow from the latest inventory sector by sector, each at its own
annual rate, compounding: E_s(t) = E_s(t0) × (1 + g_s)^(t − t0). A sector
without a rate of its own grows at the default rate, which the platform takes
from the local government's population growth (0 when unknown). Emissions are
in tonnes CO2e throughout; rates in percent per year.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# Forecasts run to the year of the long-term goals (net zero by mid-century).
LAST_YEAR = 2050


class ForecastError(ValueError):
    """A forecast that cannot be made, with the field to blame."""

    def __init__(self, reason: str, *, field: str) -> None:
        super().__init__(reason)
        self.field = field


def _rate(value: float, name: str) -> float:
    if not math.isfinite(value) or value <= -100:
        raise ForecastError(
            f"A growth rate is a number of percent per year above -100, not {value!r}.",
            field=name,
        )
    return float(value)


@dataclass(frozen=True)
class Forecast:
    """Emissions by GPC sector (t CO2e) in `base_year`, and how they grow.

    `growth_percent` holds a sector's own annual rate (percent per year);
    every other sector grows at `default_growth_percent`.
    """

    base_year: int
    base_t: Mapping[str, float]
    growth_percent: Mapping[str, float] = field(default_factory=dict)
    default_growth_percent: float = 0.0

    def __post_init__(self) -> None:
        for sector, tonnes in self.base_t.items():
            if not math.isfinite(tonnes):
                raise ForecastError(
                    f"Emissions of sector {sector} are not a number.", field="base_t"
                )
        rates = {s: _rate(g, f"growth_percent.{s}") for s, g in self.growth_percent.items()}
        object.__setattr__(self, "growth_percent", MappingProxyType(rates))
        object.__setattr__(self, "base_t", MappingProxyType(dict(self.base_t)))
        _rate(self.default_growth_percent, "default_growth_percent")

    def rate_percent(self, sector: str) -> float:
        """The annual growth rate of `sector` (percent per year)."""
        return self.growth_percent.get(sector, self.default_growth_percent)

    def sector_t(self, year: int) -> dict[str, float]:
        """Each sector's emissions in `year` (t CO2e).

        Years before the base year are reached by the same rates backwards, so
        the forecast is one smooth curve through the base-year inventory.
        """
        years = year - self.base_year
        return {
            sector: tonnes * (1 + self.rate_percent(sector) / 100) ** years
            for sector, tonnes in self.base_t.items()
        }

    def total_t(self, year: int) -> float:
        """All sectors' emissions in `year` (t CO2e)."""
        return math.fsum(self.sector_t(year).values())

    def series_t(self, until: int = LAST_YEAR) -> list[tuple[int, float]]:
        """(year, t CO2e) from the base year to `until`, inclusive."""
        return [(year, self.total_t(year)) for year in range(self.base_year, until + 1)]


def annual_growth_percent(earlier: float, later: float, years: float) -> float:
    """The compound annual growth rate (percent per year) that turns `earlier`
    into `later` over `years` years."""
    if years <= 0:
        raise ForecastError("Growth is measured over a positive number of years.", field="years")
    if earlier <= 0 or later <= 0:
        raise ForecastError("Growth is measured between two positive values.", field="values")
    return float(((later / earlier) ** (1 / years) - 1) * 100)
