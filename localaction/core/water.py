"""Water accounts: a local government's water consumption, losses and quality,
and the benefits of its water actions.

Volumes enter with their unit ("m3", "ML", "l", "gallon", "acre_foot") and are
kept in cubic metres; a unit that is not a volume, or an amount that is not a
finite number from 0 to MAX_VOLUME_M3, is refused with a reason.

- Consumption is counted by user sector and by source of supply; the totals
  are the sums of the lines (`totals`).
- Losses follow the IWA standard water balance (Alegre et al., *Performance
  Indicators for Water Supply Services*, IWA Publishing, 3rd ed. 2016):
  system input volume = authorised consumption + water losses; non-revenue
  water = system input volume − billed authorised consumption (`WaterBalance`).
- Consumption per person is in litres per person and day over the days of
  the year (`litres_per_person_day`).
- An action's benefit: m³ saved a year × the energy intensity of supplying a
  m³ (kWh / m³) gives the energy saved; × the grid's emission factor
  (kg CO2e / kWh) the emissions avoided (`benefit`).
"""

from __future__ import annotations

import calendar
import csv
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from localaction.core.units import UnitError, dimension, multiplier

SECTORS = ("residential", "commercial", "industrial", "municipal", "agriculture")
"""User sectors, in the order pages and files show them."""

SOURCES = ("surface", "groundwater", "desalinated", "recycled", "rainwater", "bulk_purchase")
"""Sources of supply: surface water, groundwater, desalinated water, recycled or
reused water, harvested rainwater, water bought in bulk from another utility."""

MAX_VOLUME_M3 = 1e12
"""The largest volume accepted, m³: the world withdraws about 4e12 m³ of water a
year, a megacity about 1e9; anything near this is a slip."""

MAX_INTENSITY_KWH_PER_M3 = 100.0
"""The largest energy intensity accepted, kWh / m³: seawater desalination with
long-distance pumping stays well below 10."""

US_GALLON_M3 = 3.785411784e-3
"""One US liquid gallon in m³ (NIST SP 811, 2008, Appendix B.9)."""

DEFAULT_ENERGY_INTENSITY_KWH_PER_M3 = 1406 / (1e6 * US_GALLON_M3)
"""Electricity to abstract, treat and distribute one m³ of drinking water from
surface water: 1,406 kWh per million US gallons = 0.3714 kWh / m³."""

DEFAULT_ENERGY_INTENSITY_SOURCE = (
    "EPRI, Water & Sustainability (Volume 4): U.S. Electricity Consumption for Water "
    "Supply & Treatment — The Next Half Century, report 1006787 (2002): 1,406 kWh "
    "per million US gallons for surface-water supply, treatment and distribution"
)


class WaterError(ValueError):
    """A value the water accounts refuse; `about` names it ("unit", "amount", …)."""

    def __init__(self, message: str, *, about: str) -> None:
        super().__init__(message)
        self.about = about


def _finite(value: float, *, about: str, name: str, maximum: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WaterError(f"{name} must be a number, not {value!r}", about=about)
    number = float(value)
    if not math.isfinite(number):
        raise WaterError(f"{name} must be a finite number, not {value!r}", about=about)
    if number < 0:
        raise WaterError(f"{name} cannot be negative ({value!r})", about=about)
    if number > maximum:
        raise WaterError(f"{name} must be at most {maximum:g}, not {value!r}", about=about)
    return number


def m3_per(unit: str) -> float:
    """Cubic metres in one `unit` of volume; WaterError (about "unit") for a unit
    that is not one or measures something else than a volume."""
    try:
        measures = dimension(unit)
    except UnitError as error:
        raise WaterError(str(error), about="unit") from None
    if measures != "a volume":
        raise WaterError(
            f"'{unit}' is {measures}, not a volume: give water in m3, ML, l, gallon, acre_foot…",
            about="unit",
        )
    return multiplier(unit, "m3")


def to_m3(amount: float, unit: str) -> float:
    """`amount` of `unit` in m³, refused (WaterError) when the unit is not a
    volume or the amount not a finite number from 0 to MAX_VOLUME_M3 m³."""
    _finite(amount, about="amount", name="A volume", maximum=math.inf)
    m3 = float(amount) * m3_per(unit)
    return _finite(m3, about="amount", name="A volume in m3", maximum=MAX_VOLUME_M3)


@dataclass(frozen=True)
class Line:
    """Water consumed by one user sector from one source, m³ a year."""

    sector: str
    source: str
    m3: float


@dataclass(frozen=True)
class Totals:
    """Consumption in m³: in all, by sector and by source (every key present)."""

    total: float
    by_sector: Mapping[str, float]
    by_source: Mapping[str, float]
    by_sector_and_source: Mapping[tuple[str, str], float] = field(default_factory=dict)


def totals(lines: Iterable[Line]) -> Totals:
    """The sums of `lines`: in all, per sector and per source (m³)."""
    by_sector = dict.fromkeys(SECTORS, 0.0)
    by_source = dict.fromkeys(SOURCES, 0.0)
    cells: dict[tuple[str, str], float] = {}
    total = 0.0
    for line in lines:
        if line.sector not in by_sector:
            raise WaterError(f"'{line.sector}' is not a user sector", about="sector")
        if line.source not in by_source:
            raise WaterError(f"'{line.source}' is not a source of water", about="source")
        by_sector[line.sector] += line.m3
        by_source[line.source] += line.m3
        cells[line.sector, line.source] = cells.get((line.sector, line.source), 0.0) + line.m3
        total += line.m3
    return Totals(total, by_sector, by_source, cells)


def days_in(year: int) -> int:
    """365, or 366 in a leap year."""
    return 366 if calendar.isleap(year) else 365


def litres_per_person_day(m3: float, population: int, year: int) -> float:
    """Litres per person and day: `m3` a year shared by `population` people over
    the days of `year`."""
    if population <= 0:
        raise WaterError("The population served must be at least 1", about="population")
    return m3 * 1000 / population / days_in(year)


@dataclass(frozen=True)
class WaterBalance:
    """The IWA standard water balance of one year, m³.

    `system_input` is the water put into supply; `billed` the billed authorised
    consumption (metered and unmetered); `unbilled` the unbilled authorised
    consumption (fire-fighting, flushing mains); `apparent_losses`
    unauthorised consumption and metering inaccuracies, where known.
    """

    system_input: float
    billed: float
    unbilled: float = 0.0
    apparent_losses: float | None = None

    def __post_init__(self) -> None:
        for name in ("system_input", "billed", "unbilled"):
            _finite(getattr(self, name), about=name, name=name, maximum=MAX_VOLUME_M3)
        if self.apparent_losses is not None:
            _finite(
                self.apparent_losses,
                about="apparent_losses",
                name="apparent_losses",
                maximum=MAX_VOLUME_M3,
            )
        if self.system_input <= 0:
            raise WaterError("The system input volume must be above 0", about="system_input")
        if self.billed + self.unbilled > self.system_input:
            raise WaterError(
                "Authorised consumption (billed and unbilled) cannot exceed the system input "
                "volume",
                about="billed",
            )
        if self.apparent_losses is not None and self.apparent_losses > self.water_losses:
            raise WaterError(
                "Apparent losses cannot exceed the water losses (system input − authorised "
                "consumption)",
                about="apparent_losses",
            )

    @property
    def authorised(self) -> float:
        """Authorised consumption: billed + unbilled."""
        return self.billed + self.unbilled

    @property
    def water_losses(self) -> float:
        """System input − authorised consumption."""
        return self.system_input - self.authorised

    @property
    def real_losses(self) -> float | None:
        """Physical losses (leaks, bursts, overflows): water losses − apparent losses."""
        if self.apparent_losses is None:
            return None
        return self.water_losses - self.apparent_losses

    @property
    def non_revenue(self) -> float:
        """Non-revenue water: system input − billed authorised consumption."""
        return self.system_input - self.billed

    @property
    def non_revenue_percent(self) -> float:
        """Non-revenue water as a % of the system input volume."""
        return self.non_revenue / self.system_input * 100


@dataclass(frozen=True)
class Benefit:
    """What an action saves a year: water (m³), energy (kWh) and emissions (kg
    CO2e, None without a grid factor)."""

    m3: float
    kwh: float
    kg_co2e: float | None


def benefit(m3_saved: float, kwh_per_m3: float, kg_co2e_per_kwh: float | None = None) -> Benefit:
    """The benefit of saving `m3_saved` a year of water that takes `kwh_per_m3`
    to supply, on a grid emitting `kg_co2e_per_kwh` (none given: no emissions
    figure). kWh = m³ × kWh / m³; kg CO2e = kWh × kg CO2e / kWh."""
    m3 = _finite(m3_saved, about="m3_saved", name="Water saved", maximum=MAX_VOLUME_M3)
    intensity = _finite(
        kwh_per_m3, about="energy_intensity", name="An energy intensity",
        maximum=MAX_INTENSITY_KWH_PER_M3,
    )  # fmt: skip
    kwh = m3 * intensity
    if kg_co2e_per_kwh is None:
        return Benefit(m3, kwh, None)
    factor = _finite(kg_co2e_per_kwh, about="grid_factor", name="A grid factor", maximum=10.0)
    return Benefit(m3, kwh, kwh * factor)


def progress(base: float, target: float, current: float) -> float | None:
    """How far from `base` towards `target` `current` has come: 0 at the base,
    1 at the target (beyond 1 past it, below 0 the wrong way); None when the
    target equals the base."""
    if target == base:
        return None
    return (current - base) / (target - base)


@dataclass(frozen=True)
class QualityIndicator:
    """One water-quality indicator with its unit and the WHO guideline value
    (None where WHO gives none); `limit` "max", "min" or "" says which side of
    the guideline complies."""

    key: str
    name: str
    unit: str
    guideline: float | None
    limit: str
    source: str

    def complies(self, value: float) -> bool | None:
        """Whether `value` meets the guideline; None without one."""
        if self.guideline is None or not self.limit:
            return None
        return value <= self.guideline if self.limit == "max" else value >= self.guideline


_QUALITY_COLUMNS = ["key", "name", "unit", "guideline", "limit", "source"]


@cache
def quality_indicators() -> dict[str, QualityIndicator]:
    """The water-quality vocabulary (data/water_quality.csv), by key, in file order."""
    text = (resources.files("localaction.core") / "data" / "water_quality.csv").read_text(
        encoding="utf-8"
    )
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    reader = csv.DictReader(lines, strict=True)
    if reader.fieldnames != _QUALITY_COLUMNS:
        raise ValueError(f"water_quality.csv: header is {reader.fieldnames}")
    indicators = {}
    for row in reader:
        if row["limit"] not in ("max", "min", ""):
            raise ValueError(f"water_quality.csv: {row['key']}: limit {row['limit']!r}")
        indicators[row["key"]] = QualityIndicator(
            row["key"],
            row["name"],
            row["unit"],
            float(row["guideline"]) if row["guideline"] else None,
            row["limit"],
            row["source"],
        )
    return indicators


def check_quality(key: str, value: float) -> float:
    """`value` of indicator `key`, refused (WaterError) for an unknown indicator,
    a value that is not finite or negative, or a share above 100 %."""
    indicator = quality_indicators().get(key)
    if indicator is None:
        raise WaterError(f"'{key}' is not a water-quality indicator", about="indicator")
    maximum = 100.0 if indicator.unit == "%" else 1e9
    return _finite(
        value, about="value", name=f"{indicator.name} ({indicator.unit})", maximum=maximum
    )
