"""Units of measure: one pint registry for the whole platform.

Every amount that enters the core comes with its unit as text ("TJ", "t",
"kWh", "m3"). This module parses that text, names its dimension in words and
gives the number that converts an amount into the unit a factor expects —
through a net calorific value (and a density) when a fuel measured by mass or
volume meets a factor per unit of energy. Dimensions that no such bridge
joins are an error, never a guess.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import pint
from pint.util import UnitsContainer

# What the platform adds to pint's defaults, in pint's definition syntax.
_DEFINITIONS = (
    # Inventories count in tonnes: "kt" is a kilotonne here, not a knot.
    "kilotonne = 1000 * metric_ton = kt",
    # Spreadsheets write volumes and areas without a caret.
    "m3 = meter ** 3",
    "m2 = meter ** 2",
    "km2 = kilometer ** 2",
    # A normal cubic metre (0 °C, 101.325 kPa) measures an amount of gas, not
    # a volume at whatever conditions held: a dimension of its own, so a gas
    # metered in m3 never silently passes for Nm3 (they differ by several %).
    "normal_cubic_meter = [normal_volume] = Nm3",
    # The US measures gas in standard cubic feet (60 °F, 14.696 psia):
    # 0.0283168 m3 × 273.15 K / 288.706 K = 0.0267903 Nm3; and heat in MMBtu.
    "standard_cubic_foot = 0.0267903 * normal_cubic_meter = scf",
    "thousand_standard_cubic_feet = 1000 * standard_cubic_foot = Mscf",
    "million_btu = 1e6 * Btu = MMBtu",
    # Things counted: animals (kg CH4 per head), vehicles, appliances.
    "unit = [count] = _ = item = head",
    # Vehicle- and passenger-kilometres count as distances.
    "vehicle_kilometer = kilometer = vkm",
    "passenger_kilometer = kilometer = pkm",
    "tonne_kilometer = metric_ton * kilometer = tkm",
)

# Written forms pint would misread: "Nm³" would parse as (N·m)³.
_REWRITES = ((re.compile(r"\bNm(?:³|\^3|\*\*3)"), "Nm3"),)


def _rewrite(text: str) -> str:
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    return text


def _registry() -> pint.UnitRegistry[float]:
    # "ignore" lets the platform's "kt" replace pint's knot; every other
    # definition above is new, which test_units checks.
    registry: pint.UnitRegistry[float] = pint.UnitRegistry(
        on_redefinition="ignore", preprocessors=[_rewrite]
    )
    for definition in _DEFINITIONS:
        registry.define(definition)
    return registry


REGISTRY = _registry()
"""The platform's one unit registry; every unit in the core is parsed by it."""

# Units people type, for "did you mean" when only the letter case is wrong.
_SUGGESTIONS = (
    "g", "kg", "t", "kt", "Mt", "Gg", "Wh", "kWh", "MWh", "GWh", "TWh", "J", "kJ", "MJ",
    "GJ", "TJ", "PJ", "toe", "ktoe", "m3", "Nm3", "l", "km", "vkm", "pkm", "tkm", "ha",
    "unit", "head",
)  # fmt: skip

# Dimensions in words, each named by a unit that has it.
_DIMENSION_NAMES = (
    ("kg", "a mass"),
    ("J", "an energy"),
    ("m3", "a volume"),
    ("Nm3", "a volume of gas at normal conditions"),
    ("m", "a distance"),
    ("m2", "an area"),
    ("unit", "a count"),
    ("t * km", "a mass moved over a distance"),
    ("s", "a duration"),
    ("J / kg", "an energy per mass"),
    ("J / m3", "an energy per volume"),
    ("J / Nm3", "an energy per normal volume"),
    ("kg / m3", "a mass per volume"),
    ("kg / Nm3", "a mass per normal volume"),
    ("kg / J", "a mass per energy"),
    ("dimensionless", "a pure number"),
)


class UnitError(ValueError):
    """A unit that is not one, or an amount that cannot convert to the unit asked for.

    `about` names the value at fault when it is not the unit itself: "ncv"
    for a missing or wrong net calorific value, "density" likewise.
    """

    def __init__(self, message: str, *, about: str | None = None) -> None:
        super().__init__(message)
        self.about = about


@dataclass(frozen=True)
class Amount:
    """A number with its unit, such as a net calorific value `Amount(43.0, "TJ/Gg")`."""

    value: float
    unit: str


def parse_unit(text: str) -> pint.Unit:
    """The unit written as `text` ("kWh", "t/TJ", "m³"), or UnitError saying why not."""
    return _parse_unit(text.strip())


@lru_cache(maxsize=1024)
def _parse_unit(text: str) -> pint.Unit:
    if not text:
        raise UnitError("no unit given")
    try:
        unit = REGISTRY.parse_units(text)
    except (pint.errors.PintError, ValueError, TypeError, AttributeError, SyntaxError):
        unit = None
    if unit is None:
        message = f"'{text}' is not a unit"
        suggestions = [known for known in _SUGGESTIONS if known.lower() == text.lower()]
        if suggestions:
            message += f"; did you mean '{suggestions[0]}'?"
        raise UnitError(message)
    return unit


@lru_cache(maxsize=1)
def _dimension_names() -> dict[UnitsContainer, str]:
    return {parse_unit(unit).dimensionality: name for unit, name in _DIMENSION_NAMES}


def _name(dimensionality: UnitsContainer) -> str:
    return _dimension_names().get(dimensionality, f"a quantity of dimension {dimensionality}")


def _per(dimensionality: UnitsContainer) -> str:
    # "an energy" → "per energy"; names without an article stay whole.
    article, _, noun = _name(dimensionality).partition(" ")
    return f"per {noun}" if article in ("a", "an") else f"per {_name(dimensionality)}"


def dimension(unit: str) -> str:
    """What the unit measures, in words: "an energy" for "MWh", "a mass" for "t"."""
    return _name(parse_unit(unit).dimensionality)


_ENERGY = UnitsContainer({"[mass]": 1, "[length]": 2, "[time]": -2})
_MASS = UnitsContainer({"[mass]": 1})
_VOLUMES = (UnitsContainer({"[length]": 3}), UnitsContainer({"[normal_volume]": 1}))
_NCV = tuple(_ENERGY / other for other in (_MASS, *_VOLUMES))
_DENSITY = tuple(_MASS / volume for volume in _VOLUMES)

# Bridges from an amount to the dimension asked for: amount × NCV^a × density^b,
# the shortest first (mass → energy is × NCV; volume → mass is × density).
_ROLES = {
    "ncv": ("net calorific value", "an energy per mass or per volume"),
    "density": ("density", "a mass per volume"),
}

_BRIDGES = ((0, 0), (1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, -1), (1, -1), (-1, 1))


def _quantity(
    amount: Amount | None, about: str, allowed: tuple[UnitsContainer, ...]
) -> pint.Quantity[float] | None:
    if amount is None:
        return None
    role, what = _ROLES[about]
    if not math.isfinite(amount.value) or amount.value <= 0:
        raise UnitError(f"a {role} must be a positive number, not {amount.value!r}", about=about)
    try:
        unit = parse_unit(amount.unit)
    except UnitError as error:
        raise UnitError(str(error), about=about) from None
    if unit.dimensionality not in allowed:
        raise UnitError(f"'{amount.unit}' is not a unit of {role} ({what})", about=about)
    return REGISTRY.Quantity(float(amount.value), unit)


def _bridge(
    text: str,
    target: UnitsContainer,
    target_description: str,
    ncv: Amount | None,
    density: Amount | None,
) -> pint.Quantity[float]:
    """One `text` unit carried over to the `target` dimension, as a pint quantity."""
    source = parse_unit(text)
    calorific = _quantity(ncv, "ncv", _NCV)
    dense = _quantity(density, "density", _DENSITY)
    start = REGISTRY.Quantity(1.0, source)
    for ncv_power, density_power in _BRIDGES:
        if (ncv_power and calorific is None) or (density_power and dense is None):
            continue
        candidate = start
        if calorific is not None and ncv_power:
            candidate = candidate * calorific**ncv_power
        if dense is not None and density_power:
            candidate = candidate * dense**density_power
        if candidate.dimensionality == target:
            return candidate
    found = source.dimensionality
    because = f"'{text}' is {_name(found)} but {target_description}"
    if target == _ENERGY and found == _MASS and calorific is None:
        raise UnitError(f"mass-based fuel needs a net calorific value: {because}", about="ncv")
    if target == _ENERGY and found in _VOLUMES and calorific is None:
        raise UnitError(
            "volume-based fuel needs a net calorific value (per volume, or per mass "
            f"with a density): {because}",
            about="ncv",
        )
    if target in (_ENERGY, _MASS) and found in _VOLUMES and dense is None:
        raise UnitError(f"volume-based fuel needs a density: {because}", about="density")
    raise UnitError(f"{because}: a unit of the wrong dimension")


@lru_cache(maxsize=4096)
def multiplier(
    from_unit: str, to_unit: str, *, ncv: Amount | None = None, density: Amount | None = None
) -> float:
    """The number that turns an amount in `from_unit` into the same amount in `to_unit`.

    An amount of fuel by mass reaches an energy unit through its net calorific
    value `ncv` (energy per mass, e.g. TJ/Gg, or per volume, e.g. MJ/m3), and
    one by volume through its `density` (mass per volume, e.g. kg/l) as well
    when the calorific value is per mass. Raises UnitError, naming both units
    and their dimensions, when no such path exists.
    """
    target = parse_unit(to_unit)
    description = f"'{to_unit}' is {_name(target.dimensionality)}"
    carried = _bridge(from_unit, target.dimensionality, description, ncv, density)
    return float(carried.to(target).magnitude)


@lru_cache(maxsize=4096)
def emission_multiplier(
    activity_unit: str,
    factor_unit: str,
    *,
    ncv: Amount | None = None,
    density: Amount | None = None,
) -> float:
    """Kilograms of gas per one `activity_unit` of activity and one `factor_unit` of factor.

    A line's gas mass in kg is its amount × its factor × this number: an
    amount of 2 GWh with a factor of 0.4 "t/MWh" gives 2 × 0.4 × 1,000,000 kg.
    The factor unit is a mass per unit of activity ("kg/TJ", "g/km",
    "kg/head"); the activity converts to that unit as in `multiplier`, through
    `ncv` and `density` when needed.
    """
    factor = parse_unit(factor_unit)
    per_activity = _MASS / factor.dimensionality
    description = f"the factor '{factor_unit}' is {_per(per_activity)}"
    carried = _bridge(activity_unit, per_activity, description, ncv, density)
    return float((carried * REGISTRY.Quantity(1.0, factor)).to(REGISTRY.kilogram).magnitude)
