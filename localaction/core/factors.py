"""The IPCC 2006 default emission-factor library: Tier 1 factors and net calorific values.

The values are data, not code: ``data/ipcc2006.csv`` holds the default CO2, CH4 and
N2O factors for stationary combustion (IPCC 2006 Guidelines, Vol.2 Ch.2 Tables
2.2-2.5) and road transport (Vol.2 Ch.3 Tables 3.2.1 and 3.2.2), and
``data/ipcc2006_ncv.csv`` the default net calorific values (Vol.2 Ch.1 Table 1.2).
Every row cites the table it was transcribed from; the comment block at the top of
each file documents its columns.

Units stay strings here ("kg/TJ", "TJ/Gg"); the units module turns them into
quantities. Factors are on a net calorific basis, so an amount of fuel given as a
mass reaches terajoules through the calorific value of the same fuel key.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

CATEGORIES = (
    "energy_industries",
    "manufacturing",
    "commercial",
    "residential",
    "road_transport",
)
"""The IPCC source categories the library covers, as the `category` of a factor."""

GASES = ("CO2", "CH4", "N2O")
"""The gases every fuel has a factor for, in every category it appears in."""

_FACTOR_COLUMNS = [
    "code",
    "category",
    "fuel",
    "fuel_name",
    "gas",
    "value",
    "lower",
    "upper",
    "unit",
    "is_biogenic",
    "source",
    "note",
]
_CALORIFIC_COLUMNS = ["fuel", "fuel_name", "value", "lower", "upper", "unit", "source"]


class UnknownFactorError(LookupError):
    """The library has no default factor for the category, fuel or gas asked for."""


@dataclass(frozen=True)
class DefaultFactor:
    """One IPCC 2006 default emission factor for one gas.

    `value` (and `lower`, `upper`, the 95% confidence interval where the library
    stores it) is in `unit`, always "kg/TJ": kilograms of `gas` emitted per
    terajoule of fuel burnt, on a net calorific basis. CO2 from biomass is
    `is_biogenic`: reported separately and left out of totals.
    """

    code: str
    category: str
    fuel: str
    fuel_name: str
    gas: str
    value: float
    lower: float | None
    upper: float | None
    unit: str
    is_biogenic: bool
    source: str
    note: str


@dataclass(frozen=True)
class CalorificValue:
    """The IPCC 2006 default net calorific value of one fuel.

    `value` (and its 95% confidence interval `lower`, `upper`) is in `unit`,
    always "TJ/Gg": terajoules per gigagram, which is also GJ per tonne.
    """

    fuel: str
    fuel_name: str
    value: float
    lower: float | None
    upper: float | None
    unit: str
    source: str


@cache
def ipcc2006_factors() -> tuple[DefaultFactor, ...]:
    """Every default emission factor in the library (kg/TJ, net calorific basis)."""
    return tuple(
        DefaultFactor(
            code=row["code"],
            category=row["category"],
            fuel=row["fuel"],
            fuel_name=row["fuel_name"],
            gas=row["gas"],
            value=float(row["value"]),
            lower=_optional_float(row["lower"]),
            upper=_optional_float(row["upper"]),
            unit=row["unit"],
            is_biogenic=_boolean(row["is_biogenic"]),
            source=row["source"],
            note=row["note"],
        )
        for row in _rows("ipcc2006.csv", _FACTOR_COLUMNS)
    )


def ipcc2006_calorific_values() -> dict[str, CalorificValue]:
    """The default net calorific values (TJ/Gg), by fuel key."""
    return {value.fuel: value for value in _calorific_values()}


def default_factor(category: str, fuel: str, gas: str) -> DefaultFactor:
    """The IPCC 2006 default factor (kg/TJ) for `gas` from `fuel` burnt in `category`.

    Raises UnknownFactorError, naming what is known, when the category, the fuel in
    that category or the gas is not in the library.
    """
    index = _index()
    if category not in index:
        raise UnknownFactorError(
            f"no IPCC 2006 default factors for category {category!r}; "
            f"known categories: {', '.join(CATEGORIES)}"
        )
    fuels = index[category]
    if fuel not in fuels:
        raise UnknownFactorError(
            f"no IPCC 2006 default factors for fuel {fuel!r} in {category}; "
            f"known fuels there: {', '.join(sorted(fuels))}"
        )
    gases = fuels[fuel]
    if gas not in gases:
        raise UnknownFactorError(
            f"no IPCC 2006 default factor for gas {gas!r} from {fuel} in {category}; "
            f"known gases: {', '.join(gases)}"
        )
    return gases[gas]


@cache
def _calorific_values() -> tuple[CalorificValue, ...]:
    return tuple(
        CalorificValue(
            fuel=row["fuel"],
            fuel_name=row["fuel_name"],
            value=float(row["value"]),
            lower=_optional_float(row["lower"]),
            upper=_optional_float(row["upper"]),
            unit=row["unit"],
            source=row["source"],
        )
        for row in _rows("ipcc2006_ncv.csv", _CALORIFIC_COLUMNS)
    )


@cache
def _index() -> dict[str, dict[str, dict[str, DefaultFactor]]]:
    index: dict[str, dict[str, dict[str, DefaultFactor]]] = {}
    for factor in ipcc2006_factors():
        index.setdefault(factor.category, {}).setdefault(factor.fuel, {})[factor.gas] = factor
    return index


def _rows(filename: str, columns: list[str]) -> Iterator[dict[str, str]]:
    """The data rows of a packaged CSV file, after its '#' comment lines."""
    text = (resources.files("localaction.core") / "data" / filename).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    reader = csv.DictReader(lines, strict=True)
    if reader.fieldnames != columns:
        raise ValueError(f"{filename}: header is {reader.fieldnames}, expected {columns}")
    for number, row in enumerate(reader, start=1):
        if None in row or None in row.values():
            raise ValueError(f"{filename}: data row {number} does not have {len(columns)} columns")
        yield row


def _optional_float(text: str) -> float | None:
    return float(text) if text else None


def _boolean(text: str) -> bool:
    if text not in ("true", "false"):
        raise ValueError(f"{text!r} is not 'true' or 'false'")
    return text == "true"
