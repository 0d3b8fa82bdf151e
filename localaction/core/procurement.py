"""Sustainable procurement: the savings calculators of Procura+ product groups and
the green share of procurement spend.

Each calculator compares the offer a tender accepted with the baseline it
replaced and gives the emissions avoided a year (kg CO2) and, where the brief
has a price, the cost saved a year. Its `FORMULA` is the text the pages show.

Fuel factors per litre are derived from the IPCC 2006 defaults the platform
keeps (core/factors.py: CO2 factor, Vol.2 Ch.3 Table 3.2.1, and net calorific
value, Vol.2 Ch.1 Table 1.2) and a fuel density (kg/l), which IPCC does not
tabulate: the densities below are the EN 228 / EN 590 reference densities at
15 °C (petrol 720–775, diesel 820–845 kg/m³; the middle values are used).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from localaction.core.factors import default_factor, ipcc2006_calorific_values

RENEWABLE_FORMULA = (
    "CO2 avoided (kg) = electricity (MWh) × (grid factor − renewable factor) (kg/MWh)"
)
VEHICLE_FORMULA = (
    "fuel saved (l) = distance (km) × (baseline − offered consumption) (l/100 km) / 100; "
    "CO2 avoided (kg) = fuel saved (l) × fuel factor (kg CO2/l); "
    "cost saved = fuel saved (l) × fuel price (per l)"
)
LIGHTING_FORMULA = (
    "energy saved (kWh) = number of lamps × (old − new power) (W) × hours / 1000; "
    "CO2 avoided (kg) = energy saved (kWh) × grid factor (kg/kWh); "
    "cost saved = energy saved (kWh) × electricity price (per kWh)"
)

# kg/l at 15 °C: EN 228 (petrol 720–775 kg/m³) and EN 590 (diesel 820–845 kg/m³).
FUEL_DENSITY_KG_PER_L = {"motor_gasoline": 0.7475, "gas_diesel_oil": 0.8325}
FUELS = tuple(FUEL_DENSITY_KG_PER_L)

# Bounds of what a calculator accepts: far beyond any real tender, short of
# numbers whose products overflow or lose meaning.
MAX_FIGURE = 1e12


class CalculatorError(ValueError):
    """A figure a calculator cannot use (negative, not finite, beyond bounds)."""


@dataclass(frozen=True)
class Saving:
    """What an offer saves a year against its baseline."""

    co2_kg: float
    cost: float | None  # in the currency of the price given; None without a price
    quantity: float  # the resource saved: MWh, litres or kWh
    quantity_unit: str
    formula: str


def _check(name: str, value: float, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CalculatorError(f"{name} is not a number.")
    value = float(value)
    if not math.isfinite(value):
        raise CalculatorError(f"{name} is not a finite number.")
    if value < 0 or (positive and value == 0):
        raise CalculatorError(f"{name} must be {'more than' if positive else 'at least'} zero.")
    if value > MAX_FIGURE:
        raise CalculatorError(f"{name} is beyond {MAX_FIGURE:g}.")
    return value


def renewable_electricity(
    *, mwh: float, grid_kg_per_mwh: float, renewable_kg_per_mwh: float = 0.0
) -> Saving:
    """CO2 avoided by buying `mwh` of renewable electricity (factor
    `renewable_kg_per_mwh`, 0 for a guaranteed-origin supply counted market-based)
    instead of grid electricity (`grid_kg_per_mwh`). A renewable factor above the
    grid's gives a negative saving: the offer emits more."""
    mwh = _check("Electricity", mwh)
    grid = _check("Grid factor", grid_kg_per_mwh)
    renewable = _check("Renewable factor", renewable_kg_per_mwh)
    return Saving(mwh * (grid - renewable), None, mwh, "MWh", RENEWABLE_FORMULA)


def fuel_co2_kg_per_litre(fuel: str) -> float:
    """kg CO2 per litre of `fuel` (motor_gasoline or gas_diesel_oil): the IPCC 2006
    road-transport CO2 factor (kg/TJ) × net calorific value (TJ/Gg = MJ/kg) ×
    density (kg/l)."""
    if fuel not in FUEL_DENSITY_KG_PER_L:
        raise CalculatorError(f"'{fuel}' is not a fuel the calculator knows: {', '.join(FUELS)}.")
    factor = default_factor("road_transport", fuel, "CO2")
    ncv = ipcc2006_calorific_values()[fuel]
    return factor.value * ncv.value * 1e-6 * FUEL_DENSITY_KG_PER_L[fuel]


def efficient_vehicle(
    *,
    km: float,
    baseline_l_per_100km: float,
    offered_l_per_100km: float,
    fuel: str,
    price_per_l: float | None = None,
) -> Saving:
    """Fuel, CO2 and cost saved over `km` by a vehicle using `offered_l_per_100km`
    instead of `baseline_l_per_100km` of the same fuel."""
    km = _check("Distance", km)
    baseline = _check("Baseline consumption", baseline_l_per_100km)
    offered = _check("Offered consumption", offered_l_per_100km)
    litres = km * (baseline - offered) / 100
    price = None if price_per_l is None else _check("Fuel price", price_per_l)
    return Saving(
        litres * fuel_co2_kg_per_litre(fuel),
        None if price is None else litres * price,
        litres,
        "l",
        VEHICLE_FORMULA,
    )


def led_lighting(
    *,
    lamps: float,
    old_w: float,
    new_w: float,
    hours: float,
    grid_kg_per_kwh: float,
    price_per_kwh: float | None = None,
) -> Saving:
    """Energy, CO2 and cost saved by `lamps` lamps of `new_w` replacing ones of
    `old_w`, each lit `hours` a year, on a grid of `grid_kg_per_kwh`."""
    lamps = _check("Number of lamps", lamps)
    old = _check("Old power", old_w)
    new = _check("New power", new_w)
    hours = _check("Hours", hours)
    if hours > 8784:
        raise CalculatorError("Hours a year are at most 8784.")
    grid = _check("Grid factor", grid_kg_per_kwh)
    kwh = lamps * (old - new) * hours / 1000
    price = None if price_per_kwh is None else _check("Electricity price", price_per_kwh)
    return Saving(kwh * grid, None if price is None else kwh * price, kwh, "kWh", LIGHTING_FORMULA)


@dataclass(frozen=True)
class GreenShare:
    """The share of a year's spend (in one currency) through tenders that applied
    sustainability criteria."""

    green: Decimal
    total: Decimal

    @property
    def percent(self) -> float | None:
        if not self.total:
            return None
        return float(self.green / self.total * 100)


def green_share(tenders: Iterable[tuple[Decimal, bool]]) -> GreenShare:
    """The green share of (value, criteria applied) pairs, all in one currency:
    value with criteria / total value."""
    green = Decimal(0)
    total = Decimal(0)
    for value, applied in tenders:
        total += value
        if applied:
            green += value
    return GreenShare(green, total)
