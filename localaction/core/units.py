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
from collections.abc import Iterator
from contextlib import contextmanager
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
    # People, for figures per person (t / person, l / person / day).
    "person = unit = capita = inhabitant",
    # The Ecological Footprint's global hectare: a hectare of world-average
    # biological productivity, a dimension of its own (never a plain hectare).
    "global_hectare = [global_area] = gha",
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
    "unit", "head", "person", "gha",
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
    ("gha", "an area of world-average bioproductivity (global hectares)"),
    ("gha / person", "global hectares per person"),
    ("kg / person", "a mass per person or item"),
    ("J / person", "an energy per person or item"),
    ("m3 / person", "a volume per person or item"),
    ("m3 / person / s", "a volume per person or item and time"),
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
    for a missing or wrong net calorific value, "ncv_unit" for its unit,
    "density" and "density_unit" likewise; `unit`
    is the text refused as a unit, when a unit was.
    """

    def __init__(self, message: str, *, about: str | None = None, unit: str | None = None) -> None:
        super().__init__(message)
        self.about = about
        self.unit = unit


@dataclass(frozen=True)
class Amount:
    """A number with its unit, such as a net calorific value `Amount(43.0, "TJ/Gg")`."""

    value: float
    unit: str


def parse_unit(text: str) -> pint.Unit:
    """The unit written as `text` ("kWh", "t/TJ", "m³"), or UnitError saying why not.

    Units are read by a small grammar of their own, never evaluated as
    expressions: unit names (as pint knows them, with SI prefixes), products
    (`*`, `·` or a space), quotients (`/`), integer powers from -4 to 4
    (`**2`, `^2`, `²`, `³`) and parentheses up to MAX_DEPTH deep, in at most
    MAX_LENGTH characters. Only the names found reach pint, one by one, so
    the cost of a unit is bounded by its length; each text is parsed once.
    """
    if len(text) > MAX_LENGTH:
        raise UnitError(
            f"'{_shown(text)}' is not a unit: a unit is at most {MAX_LENGTH} characters "
            f"(this has {len(text)})",
            unit=text,
        )
    return _parse_unit(_rewrite(text.strip()))


MAX_LENGTH = 64
"""The longest unit text read, in characters."""
MAX_POWER = 4
"""The largest power a unit may be raised to, either way (m**3, kg*m**-3)."""
MAX_DEPTH = 3
"""How deep parentheses may nest."""
MAX_NAMES = 8
"""How many unit names one unit may multiply."""


def _shown(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else f"{text[:limit]}…"


# Tokens: a unit name (letters, then letters, digits or underscores; "%" and
# "°C" too), a whole number (only as a power), an operator or a parenthesis.
_TOKEN = re.compile(
    r"\s*(?:(?P<name>%|°?[^\W\d]\w*)|(?P<number>[-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)"
    r"|(?P<op>\*\*|\^|[*·⋅/()]))"
)
_SUPERSCRIPTS = str.maketrans({"²": "^2", "³": "^3", "⁴": "^4", "¹": "^1"})


def _tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) of each token: kind is "name", "number" or the operator itself."""
    tokens, position = [], 0
    text = text.translate(_SUPERSCRIPTS)
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            rest = text[position:].lstrip()
            if not rest:
                break
            raise _SyntaxProblem(f"'{rest[0]}' cannot be part of a unit")
        kind = match.lastgroup or ""
        value = match[kind]
        tokens.append((value if kind == "op" else kind, value))
        position = match.end()
    return tokens


class _SyntaxProblem(Exception):
    """Why a unit text does not follow the grammar (before any name is looked up)."""


def unit_syntax(text: str) -> tuple[tuple[str, int], ...]:
    """The unit names of `text` with the power of each, as written: "kg/m3" gives
    (("kg", 1), ("m3", -1)). UnitError if the text does not follow the grammar
    of `parse_unit`; no name is looked up here."""
    try:
        return _Parser(_tokens(text)).whole()
    except _SyntaxProblem as problem:
        raise UnitError(f"'{_shown(text)}' is not a unit: {problem}", unit=text) from None


class _Parser:
    """expression := term (("*" | "·" | "/" | nothing) term)*
    term := (name | "(" expression ")") (("**" | "^") whole number)?"""

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.position = 0
        self.names = 0

    def peek(self) -> str | None:
        return self.tokens[self.position][0] if self.position < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def whole(self) -> tuple[tuple[str, int], ...]:
        if not self.tokens:
            raise _SyntaxProblem("no unit given")
        found = self.expression(depth=0)
        if self.position < len(self.tokens):
            raise _SyntaxProblem(f"'{self.tokens[self.position][1]}' is out of place")
        return tuple(found)

    def expression(self, depth: int) -> list[tuple[str, int]]:
        found = self.term(depth)
        while (kind := self.peek()) is not None and kind != ")":
            sign = 1
            if kind in ("*", "·", "⋅", "/"):
                sign = -1 if kind == "/" else 1
                self.take()
            found.extend((name, sign * power) for name, power in self.term(depth))
        return found

    def term(self, depth: int) -> list[tuple[str, int]]:
        if self.peek() is None:
            raise _SyntaxProblem("it ends where a unit name should follow")
        kind, value = self.take()
        if kind == "name":
            self.names += 1
            if self.names > MAX_NAMES:
                raise _SyntaxProblem(f"a unit multiplies at most {MAX_NAMES} unit names")
            found = [(value, 1)]
        elif kind == "(":
            if depth >= MAX_DEPTH:
                raise _SyntaxProblem(f"parentheses nest at most {MAX_DEPTH} deep")
            found = self.expression(depth + 1)
            if self.peek() != ")":
                raise _SyntaxProblem("a parenthesis is not closed")
            self.take()
        elif kind == "number":
            raise _SyntaxProblem(
                f"'{value}' is a number where a unit name should be; "
                "numbers are only powers, as in m**3"
            )
        else:
            raise _SyntaxProblem(f"'{value}' is out of place")
        if self.peek() in ("**", "^"):
            self.take()
            exponent = self.power()
            found = [(name, power * exponent) for name, power in found]
        for name, power in found:
            if abs(power) > MAX_POWER:
                raise _SyntaxProblem(
                    f"{name} is raised to the power {power}; powers go from "
                    f"-{MAX_POWER} to {MAX_POWER}"
                )
        return found

    def power(self) -> int:
        kind, value = self.take() if self.peek() is not None else ("", "")
        if kind != "number" or not re.fullmatch(r"[-+]?\d{1,6}", value):
            raise _SyntaxProblem(
                f"a power is a whole number from -{MAX_POWER} to {MAX_POWER}, not '{value}'"
            )
        power = int(value)
        if power == 0 or abs(power) > MAX_POWER:
            raise _SyntaxProblem(
                f"a power is a whole number from -{MAX_POWER} to {MAX_POWER} other than 0, "
                f"not {power}"
            )
        return power


def _named_unit(name: str) -> str:
    """pint's own name for a unit name as written ("kWh" → "kilowatt_hour"), or
    pint's UndefinedUnitError."""
    return REGISTRY.get_name(name)


@lru_cache(maxsize=1024)
def _parse_unit(text: str) -> pint.Unit:
    if not text:
        raise UnitError("no unit given", unit=text)
    structure = unit_syntax(text)
    powers: dict[str, int] = {}
    for written, power in structure:
        try:
            name = _named_unit(written)
        except (pint.errors.PintError, ValueError, KeyError):
            name = None
        if name is None:
            message = f"'{text}' is not a unit"
            suggestions = [known for known in _SUGGESTIONS if known.lower() == text.lower()]
            if suggestions:
                message += f"; did you mean '{suggestions[0]}'?"
            raise UnitError(message, unit=text)
        if name:  # "dimensionless" is pint's empty name
            powers[name] = powers.get(name, 0) + power
    return REGISTRY.Unit(UnitsContainer({name: p for name, p in powers.items() if p}))


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
        raise UnitError(str(error), about=f"{about}_unit", unit=amount.unit) from None
    if unit.dimensionality not in allowed:
        raise UnitError(f"'{amount.unit}' is not a unit of {role} ({what})", about=f"{about}_unit")
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


@contextmanager
def _arithmetic(first: str, second: str) -> Iterator[None]:
    """pint's arithmetic refusals (offset units such as °C multiplied) as a UnitError."""
    try:
        yield
    except (pint.errors.PintError, ArithmeticError) as error:
        raise UnitError(f"'{first}' does not convert with '{second}': {error}") from None


def _usable(value: float, first: str, second: str) -> float:
    # Prefixes and powers can make a conversion overflow (Ym**4 / ym**4).
    if not math.isfinite(value) or value == 0:
        raise UnitError(
            f"'{first}' and '{second}' are too far apart in size to convert one to the other"
        )
    return value


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
    with _arithmetic(from_unit, to_unit):
        carried = _bridge(from_unit, target.dimensionality, description, ncv, density)
        return _usable(float(carried.to(target).magnitude), from_unit, to_unit)


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
    with _arithmetic(activity_unit, factor_unit):
        carried = _bridge(activity_unit, per_activity, description, ncv, density)
        kg = (carried * REGISTRY.Quantity(1.0, factor)).to(REGISTRY.kilogram).magnitude
        return _usable(float(kg), activity_unit, factor_unit)
