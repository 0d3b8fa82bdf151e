"""The GHG inventory calculation: GPC lines in; gas masses, CO2e and GPC totals out.

An inventory is a list of lines, each in one GPC cell and each with one
source of numbers: an activity with its emission factors, gas masses measured
(or computed elsewhere), or a notation key saying why there are none.

`Lines` holds an inventory as columns — a cell index and a row of gas masses
per line, in kilograms — built once, from `Line` objects or straight from
stored columns. `calculate(lines, gwp)` weighs the masses with a GWP set and
adds them up by scope, sector, subsector, cell, gas and GPC total, in numpy,
so a change of GWP set reruns only `calculate`: the masses never change.

Masses are kg of each gas; CO2e is kg CO2e under the results' GWP set.
Biogenic CO2 has its own column, reported beside the totals, never in them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from localaction.core.gpc import (
    CELLS,
    SECTORS,
    SUBSECTORS,
    GPCError,
    Level,
    Notation,
    NotationKey,
    cell,
    cell_index,
    notation_key,
)
from localaction.core.gwp import GASES, GWPError, GWPSet, gas
from localaction.core.quantities import (
    AMOUNT,
    CALORIFIC_VALUE,
    DENSITY,
    EMISSION_FACTOR,
    GAS_MASS,
    Bound,
)
from localaction.core.units import Amount, UnitError, emission_multiplier, parse_unit

METHOD = "GPC v1.1 (WRI, C40 Cities, ICLEI 2014)"
"""The method every result of `calculate` follows."""

Floats = npt.NDArray[np.float64]
Indices = npt.NDArray[np.intp]

# A line's notation key as a small integer: 0 for none, then NotationKey's order.
_NOTATION_KEYS: tuple[NotationKey, ...] = tuple(NotationKey)

_SCOPES = (1, 2, 3)
_CELL_SCOPE = np.array([c.scope for c in CELLS], dtype=np.intp)
_CELL_SECTOR = np.array([[s.ref for s in SECTORS].index(c.sector) for c in CELLS], dtype=np.intp)
_CELL_SUBSECTOR = np.array(
    [[s.ref for s in SUBSECTORS].index(c.subsector) for c in CELLS], dtype=np.intp
)
_LEVEL_CELLS = {level: np.array([c.counts_in(level) for c in CELLS]) for level in Level}
# Only land (AFOLU, sector V) reports removals, as negative masses.
_REMOVALS_ALLOWED = np.array([c.sector == "V" for c in CELLS])
_REMOVAL = "a negative mass is a removal, which only AFOLU (V) reports"
_BIOGENIC = "biogenic_co2_kg"


class LineError(ValueError):
    """An inventory line that cannot be calculated, with the field at fault.

    `field` names the part of the line ("cell", "amount", "unit", "ncv", a
    gas …) and `index`, when known, the line's position (0-based) in the
    input, so an import can say "row 14, column unit: 'kwhh' is not a unit".
    """

    def __init__(self, reason: str, *, field: str, index: int | None = None) -> None:
        where = "" if index is None else f"line {index + 1}, "
        super().__init__(f"{where}{field}: {reason}")
        self.reason = reason
        self.field = field
        self.index = index

    def at(self, index: int) -> LineError:
        """The same error, placed at line `index` of the input."""
        return LineError(self.reason, field=self.field, index=index)


def _number(value: float, field: str, bound: Bound) -> float:
    """`value` as a float within `bound` (core.quantities), or LineError about `field`."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise LineError(f"{value!r} is not a number", field=field)
    number = float(value)
    if not math.isfinite(number):
        raise LineError(f"{value!r} is not a number", field=field)
    if number < 0 and bound.minimum >= 0:
        raise LineError(f"{value!r} is negative; {bound.name} is zero or more", field=field)
    if not bound.accepts(number):
        raise LineError(
            f"{value!r} is out of bounds: {bound.name} is {bound.describe()}", field=field
        )
    return number


def _gas_masses(values: Mapping[str, float], field: str, bound: Bound) -> Mapping[str, float]:
    masses: dict[str, float] = {}
    for name, value in values.items():
        try:
            key = gas(name)
        except GWPError as error:
            raise LineError(str(error), field=field) from None
        if key in masses:
            raise LineError(f"{key} is given twice", field=field)
        masses[key] = _number(value, key, bound)
    return MappingProxyType(masses)


def _computed(values: Mapping[str, float]) -> None:
    """LineError if a mass computed from valid inputs falls outside GAS_MASS:
    an amount and a factor each within bounds can still multiply past them."""
    for name, kg in values.items():
        if not GAS_MASS.accepts(kg):
            raise LineError(
                f"the line computes to {kg!r} kg of {name}, out of bounds: "
                f"{GAS_MASS.name} is {GAS_MASS.describe()}; check the amount, "
                "its unit and the factor",
                field="amount",
            )


@dataclass(frozen=True)
class Activity:
    """An amount of activity with the emission factors that turn it into gas masses.

    `amount` is in `unit` ("TJ", "t", "MWh", "l"); `factors` maps each gas to
    its emission factor in `factor_unit`, a mass per unit of activity
    ("kg/TJ", "t/MWh", "g/km"); `biogenic_co2_factor` is the biogenic CO2
    factor in the same unit. A fuel measured by mass or volume against factors
    per energy needs its net calorific value `ncv`, and by volume its
    `density` too when the calorific value is per mass.
    """

    amount: float
    unit: str
    factors: Mapping[str, float]
    factor_unit: str
    biogenic_co2_factor: float = 0.0
    ncv: Amount | None = None
    density: Amount | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", _number(self.amount, "amount", AMOUNT))
        object.__setattr__(self, "factors", _gas_masses(self.factors, "factors", EMISSION_FACTOR))
        object.__setattr__(
            self,
            "biogenic_co2_factor",
            _number(self.biogenic_co2_factor, "biogenic_co2_factor", EMISSION_FACTOR),
        )
        for about, given, bound in (
            ("ncv", self.ncv, CALORIFIC_VALUE),
            ("density", self.density, DENSITY),
        ):
            if given is not None and math.isfinite(given.value) and given.value > 0:
                _number(given.value, about, bound)
        for field, text in (("unit", self.unit), ("factor_unit", self.factor_unit)):
            try:
                parse_unit(text)
            except UnitError as error:
                raise LineError(str(error), field=field) from None
        # Converting here makes a unit that does not fit fail on its own line;
        # the multiplier is cached for the calculation.
        try:
            emission_multiplier(self.unit, self.factor_unit, ncv=self.ncv, density=self.density)
        except UnitError as error:
            raise LineError(str(error), field=error.about or "unit") from None
        _computed({**self.gases_kg, "biogenic CO2": self.biogenic_co2_kg})

    @property
    def multiplier(self) -> float:
        """kg of gas per unit of `amount` and unit of factor: units.emission_multiplier."""
        return emission_multiplier(self.unit, self.factor_unit, ncv=self.ncv, density=self.density)

    @property
    def gases_kg(self) -> Mapping[str, float]:
        """The mass of each gas, in kg: amount × factor × unit conversion."""
        scale = self.amount * self.multiplier
        return MappingProxyType({name: value * scale for name, value in self.factors.items()})

    @property
    def biogenic_co2_kg(self) -> float:
        """The mass of biogenic CO2, in kg, reported apart from the totals."""
        return self.amount * self.multiplier * self.biogenic_co2_factor


@dataclass(frozen=True)
class Measured:
    """Gas masses given directly, in kg: measured (landfill gas), or computed elsewhere."""

    gases_kg: Mapping[str, float]
    biogenic_co2_kg: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "gases_kg", _gas_masses(self.gases_kg, "gases_kg", GAS_MASS))
        object.__setattr__(
            self, "biogenic_co2_kg", _number(self.biogenic_co2_kg, "biogenic_co2_kg", GAS_MASS)
        )


@dataclass(frozen=True)
class Line:
    """One inventory line: a GPC cell and where its numbers come from.

    A line has exactly one source — an Activity, a Measured set of masses or
    a Notation — so an amount and a notation key on one line cannot happen.
    """

    cell: str
    source: Activity | Measured | Notation

    def __post_init__(self) -> None:
        try:
            found = cell(self.cell)
        except GPCError as error:
            raise LineError(str(error), field="cell") from None
        object.__setattr__(self, "cell", found.ref)
        if found.sector != "V" and not isinstance(self.source, Notation):
            # An amount is never negative, so a mass has its factor's sign.
            if isinstance(self.source, Activity):
                signs = {**self.source.factors, _BIOGENIC: self.source.biogenic_co2_factor}
            else:
                signs = {**self.source.gases_kg, _BIOGENIC: self.source.biogenic_co2_kg}
            for name, sign in signs.items():
                if sign < 0:
                    raise LineError(_REMOVAL, field=name)

    @property
    def gases_kg(self) -> Mapping[str, float]:
        """The mass of each gas on this line, in kg (none for a notation key)."""
        if isinstance(self.source, Notation):
            return MappingProxyType({})
        return self.source.gases_kg

    @property
    def biogenic_co2_kg(self) -> float:
        """The biogenic CO2 on this line, in kg."""
        if isinstance(self.source, Notation):
            return 0.0
        return self.source.biogenic_co2_kg


def _frozen(array: npt.ArrayLike, dtype: type[np.generic]) -> npt.NDArray[np.generic]:
    frozen = np.array(array, dtype=dtype)
    frozen.flags.writeable = False
    return frozen


@dataclass(frozen=True, eq=False)
class Lines:
    """An inventory's lines as columns: n lines, g gases, every mass in kg.

    `cells` (n) holds each line's index in gpc.CELLS, `masses_kg` (n × g) its
    mass of each of `gases`, `biogenic_co2_kg` (n) its biogenic CO2, and
    `notations` (n) its notation key as 0 (none) or 1 + the key's position in
    NotationKey. Build it with `from_lines` or `from_columns`; the arrays are
    copied and made read-only.
    """

    cells: Indices
    gases: tuple[str, ...]
    masses_kg: Floats
    biogenic_co2_kg: Floats
    notations: npt.NDArray[np.int8]

    def __post_init__(self) -> None:
        cells = _frozen(self.cells, np.intp)
        n = cells.shape[0] if cells.ndim == 1 else -1
        masses = _frozen(self.masses_kg, np.float64).reshape(n, len(self.gases))
        biogenic = _frozen(self.biogenic_co2_kg, np.float64)
        notations = _frozen(self.notations, np.int8)
        if cells.ndim != 1 or biogenic.shape != (n,) or notations.shape != (n,):
            raise ValueError("cells, biogenic_co2_kg and notations need one value per line")
        for field, value in (
            ("cells", cells),
            ("masses_kg", masses),
            ("biogenic_co2_kg", biogenic),
            ("notations", notations),
        ):
            object.__setattr__(self, field, value)
        if tuple(gas(name) for name in self.gases) != self.gases or len(set(self.gases)) != len(
            self.gases
        ):
            raise ValueError(f"gases must be distinct and written as gwp.GASES: {self.gases}")
        self._check()

    def _check(self) -> None:
        def first(bad: npt.NDArray[np.bool_]) -> int:
            return int(np.flatnonzero(bad)[0])

        bad_cell = (self.cells < 0) | (self.cells >= len(CELLS))
        if bad_cell.any():
            index = first(bad_cell)
            raise LineError(f"{self.cells[index]} is not a cell index", field="cell", index=index)
        bad_key = (self.notations < 0) | (self.notations > len(_NOTATION_KEYS))
        if bad_key.any():
            index = first(bad_key)
            raise LineError("not a notation key", field="notation", index=index)
        for j, name in enumerate((*self.gases, _BIOGENIC)):
            column = self.masses_kg[:, j] if j < len(self.gases) else self.biogenic_co2_kg
            if not np.isfinite(column).all():
                index = first(~np.isfinite(column))
                raise LineError(f"{column[index]!r} is not a number", field=name, index=index)
            removal = (column < 0) & ~_REMOVALS_ALLOWED[self.cells]
            if removal.any():
                index = first(removal)
                raise LineError(_REMOVAL, field=name, index=index)
        has_key = self.notations > 0
        masses = (self.masses_kg != 0).any(axis=1) | (self.biogenic_co2_kg != 0)
        if (has_key & masses).any():
            index = first(has_key & masses)
            raise LineError(
                "a line has a notation key or gas masses, not both", field="notation", index=index
            )

    @classmethod
    def from_lines(cls, lines: Iterable[Line]) -> Lines:
        """Columns from `Line` objects; activities convert once per distinct unit combination."""
        lines = list(lines)
        used: set[str] = set()
        for line in lines:
            if isinstance(line.source, Activity):
                used.update(line.source.factors)
            elif isinstance(line.source, Measured):
                used.update(line.source.gases_kg)
        gases = tuple(name for name in GASES if name in used)
        column = {name: j for j, name in enumerate(gases)}
        cells = np.array([cell_index(line.cell) for line in lines], dtype=np.intp)
        notations = np.zeros(len(lines), dtype=np.int8)
        # Each row: amount × multiplier × factor, with measured masses as an
        # amount of 1 kg and factors of the masses themselves.
        scale = np.ones(len(lines))
        factors = np.zeros((len(lines), len(gases) + 1))
        for i, line in enumerate(lines):
            source = line.source
            if isinstance(source, Notation):
                notations[i] = 1 + _NOTATION_KEYS.index(source.key)
                continue
            if isinstance(source, Activity):
                scale[i] = source.amount * source.multiplier
                values, biogenic = source.factors, source.biogenic_co2_factor
            else:
                values, biogenic = source.gases_kg, source.biogenic_co2_kg
            for name, value in values.items():
                factors[i, column[name]] = value
            factors[i, -1] = biogenic
        masses = factors * scale[:, np.newaxis]
        return cls(
            cells=cells,
            gases=gases,
            masses_kg=masses[:, :-1],
            biogenic_co2_kg=masses[:, -1],
            notations=notations,
        )

    @classmethod
    def from_columns(
        cls,
        *,
        cells: Sequence[str],
        gases: Sequence[str],
        masses_kg: npt.ArrayLike,
        biogenic_co2_kg: npt.ArrayLike | None = None,
        notations: Sequence[str | None] | None = None,
    ) -> Lines:
        """Columns from stored ones: GPC references, masses in kg (n × gases), notation keys."""
        indices = np.empty(len(cells), dtype=np.intp)
        known = {c.ref: i for i, c in enumerate(CELLS)}
        for i, ref in enumerate(cells):
            try:
                indices[i] = known[ref] if ref in known else cell_index(ref)
            except GPCError as error:
                raise LineError(str(error), field="cell", index=i) from None
        keys = np.zeros(len(cells), dtype=np.int8)
        for i, text in enumerate(notations or ()):
            if text:
                try:
                    keys[i] = 1 + _NOTATION_KEYS.index(notation_key(text))
                except GPCError as error:
                    raise LineError(str(error), field="notation", index=i) from None
        return cls(
            cells=indices,
            gases=tuple(gas(name) for name in gases),
            masses_kg=np.asarray(masses_kg, dtype=np.float64),
            biogenic_co2_kg=np.zeros(len(cells))
            if biogenic_co2_kg is None
            else np.asarray(biogenic_co2_kg, dtype=np.float64),
            notations=keys,
        )

    def __len__(self) -> int:
        return int(self.cells.shape[0])

    @cached_property
    def cell_gases_kg(self) -> Floats:
        """Mass of each gas in each cell, kg (cells × gases), in gpc.CELLS order."""
        sums = [
            np.bincount(self.cells, weights=self.masses_kg[:, j], minlength=len(CELLS))
            for j in range(len(self.gases))
        ]
        return np.stack(sums, axis=1) if sums else np.zeros((len(CELLS), 0))

    @cached_property
    def cell_biogenic_co2_kg(self) -> Floats:
        """Biogenic CO2 in each cell, kg, in gpc.CELLS order."""
        sums = np.bincount(self.cells, weights=self.biogenic_co2_kg, minlength=len(CELLS))
        return sums.astype(np.float64, copy=False)

    @cached_property
    def cell_line_counts(self) -> Indices:
        """How many lines each cell has (values and notation keys alike)."""
        return np.bincount(self.cells, minlength=len(CELLS))


@dataclass(frozen=True)
class Completeness:
    """Which cells of a GPC total have neither a value nor a notation key."""

    level: Level
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """Whether every cell of the total has a value or a notation key."""
        return not self.missing


@dataclass(frozen=True, eq=False)
class Results:
    """An inventory calculated under one GWP set: per line, per cell, and every total.

    Masses are kg of each gas and CO2e is kg CO2e under `gwp`. Totals take an
    optional GPC `level`: BASIC, BASIC+ or territorial count only that total's
    cells; with no level they count every line, which is no GPC total (it
    adds energy generation supplied to the grid, I.4.4, to the grid energy
    used, and other scope 3), but the sum every breakdown adds up to.
    """

    gwp: str
    method: str
    lines: Lines
    gwp_values: Floats
    line_co2e_kg: Floats
    cell_co2e_kg: Floats

    @property
    def gases(self) -> tuple[str, ...]:
        """The gases of the masses' columns."""
        return self.lines.gases

    def _cells(self, level: Level | None) -> npt.NDArray[np.bool_]:
        if level is None:
            return np.ones(len(CELLS), dtype=bool)
        return _LEVEL_CELLS[Level(level)]

    def total_co2e_kg(self, level: Level | None = None) -> float:
        """kg CO2e in the `level` total (BASIC, BASIC+, territorial), or over every line."""
        return float(self.cell_co2e_kg[self._cells(level)].sum())

    def by_scope_co2e_kg(self, level: Level | None = None) -> dict[int, float]:
        """kg CO2e by scope (1, 2, 3), within `level` if given."""
        weights = np.where(self._cells(level), self.cell_co2e_kg, 0.0)
        sums = np.bincount(_CELL_SCOPE, weights=weights, minlength=4)
        return {scope: float(sums[scope]) for scope in _SCOPES}

    def by_sector_co2e_kg(self, level: Level | None = None) -> dict[str, float]:
        """kg CO2e by sector ("I" … "VI"), within `level` if given."""
        weights = np.where(self._cells(level), self.cell_co2e_kg, 0.0)
        sums = np.bincount(_CELL_SECTOR, weights=weights, minlength=len(SECTORS))
        return {s.ref: float(total) for s, total in zip(SECTORS, sums, strict=True)}

    def by_subsector_co2e_kg(self, level: Level | None = None) -> dict[str, float]:
        """kg CO2e by subsector ("I.1" … "VI.1"), within `level` if given."""
        weights = np.where(self._cells(level), self.cell_co2e_kg, 0.0)
        sums = np.bincount(_CELL_SUBSECTOR, weights=weights, minlength=len(SUBSECTORS))
        return {s.ref: float(total) for s, total in zip(SUBSECTORS, sums, strict=True)}

    def by_cell_co2e_kg(self) -> dict[str, float]:
        """kg CO2e in every cell of the catalogue, by GPC reference number."""
        return {c.ref: float(total) for c, total in zip(CELLS, self.cell_co2e_kg, strict=True)}

    def by_gas_kg(self, level: Level | None = None) -> dict[str, float]:
        """kg of each gas (a mass, not CO2e), within `level` if given."""
        sums = self.lines.cell_gases_kg[self._cells(level)].sum(axis=0)
        return {name: float(total) for name, total in zip(self.gases, sums, strict=True)}

    def by_gas_co2e_kg(self, level: Level | None = None) -> dict[str, float]:
        """kg CO2e of each gas, its mass × its GWP, within `level` if given."""
        masses = self.by_gas_kg(level)
        return {
            name: masses[name] * float(value)
            for name, value in zip(self.gases, self.gwp_values, strict=True)
        }

    def biogenic_co2_kg(self, level: Level | None = None) -> float:
        """kg of biogenic CO2, reported beside the totals and never in them."""
        return float(self.lines.cell_biogenic_co2_kg[self._cells(level)].sum())

    def notations(self) -> dict[str, tuple[NotationKey, ...]]:
        """The notation keys set on each cell that has any, by GPC reference number."""
        lines = self.lines
        found: dict[str, tuple[NotationKey, ...]] = {}
        for index in np.unique(lines.cells[lines.notations > 0]):
            codes = np.unique(lines.notations[(lines.cells == index) & (lines.notations > 0)])
            found[CELLS[index].ref] = tuple(_NOTATION_KEYS[code - 1] for code in codes)
        return found

    def completeness(self, level: Level = Level.BASIC) -> Completeness:
        """The cells of `level` with neither a value nor a notation key (GPC completeness)."""
        empty = self._cells(level) & (self.lines.cell_line_counts == 0)
        return Completeness(level=level, missing=tuple(CELLS[i].ref for i in np.flatnonzero(empty)))


def calculate(lines: Lines, gwp: GWPSet) -> Results:
    """Weigh the lines' gas masses (kg) with `gwp` into kg CO2e, per line and per cell.

    A gas the set has no GWP for is an error if any line reports a mass of it
    (SAR has none for NF3); with no mass it simply counts for nothing.
    """
    values = gwp.vector(lines.gases)
    for j in np.flatnonzero(np.isnan(values)):
        if np.any(lines.masses_kg[:, j] != 0):
            raise GWPError(f"{gwp.name} has no GWP for {lines.gases[j]}, which the lines report")
    values = np.nan_to_num(values, nan=0.0)
    values.flags.writeable = False
    return Results(
        gwp=gwp.name,
        method=METHOD,
        lines=lines,
        gwp_values=values,
        line_co2e_kg=lines.masses_kg @ values,
        cell_co2e_kg=lines.cell_gases_kg @ values,
    )


def synthetic_lines(count: int, *, seed: int = 2007) -> Lines:
    """`count` random lines over every GPC cell, for benchmarks (`localaction bench ghg`).

    CO2, CH4 and N2O masses in kg of plausible size, biogenic CO2 on a tenth of
    the lines and a notation key on one in a hundred. The same seed gives the
    same lines.
    """
    generator = np.random.default_rng(seed)
    cells = generator.integers(0, len(CELLS), size=count)
    masses = generator.lognormal(mean=(12.0, 5.0, 2.0), sigma=2.0, size=(count, 3))
    biogenic = np.where(generator.random(count) < 0.1, generator.lognormal(10.0, 2.0, count), 0)
    notations = np.where(generator.random(count) < 0.01, generator.integers(1, 5, count), 0)
    masses[notations > 0] = 0.0
    biogenic[notations > 0] = 0.0
    return Lines(
        cells=cells,
        gases=("CO2", "CH4", "N2O"),
        masses_kg=masses,
        biogenic_co2_kg=biogenic,
        notations=notations.astype(np.int8),
    )
