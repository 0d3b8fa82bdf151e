"""What an emissions total adds up: the one definition of CO2e from summaries.

An inventory's summary is its mass of each gas in each GPC cell (kg), with
biogenic CO2 in a row of its own (`BIOGENIC_CO2`). Every total made from
summaries — a target's emissions and forecast (campaigns), the network
report, its chart by year and its figures by sector, scope and gas (reports)
— is made through a `Coverage`:

- cells: those the GPC level adds up (BASIC, BASIC+ or territorial, as the
  catalogue's Table 4.3 says, `gpc.Cell.counts_in`), within the coverage's
  sectors if it names any;
- gases: those the coverage names, or every gas if it names none; biogenic
  CO2 never, as the GPC reports it beside the totals, not in them;
- CO2e: each counted gas's mass × its GWP in the coverage's set
  (`core.gwp`), in tonnes (kg × GWP / 1000). A counted gas the set has no
  GWP for (SAR has none for NF3) is an error (GWPError), never a silent zero.

Where a total is added up by a database, `Coverage.selection()` gives the
cells, gases and weights to write the query with, so the rules are stated
here only.

Level sums. Reading every per-cell row of thousands of inventories is what
makes a network report slow, so each inventory also keeps, for each level
that targets and reports use (`SUMMARY_LEVELS`) and each gas, its kg in the
level's cells in all, by sector and by scope (`level_sums`, made from the
per-cell rows by the rules above). A coverage adds those up
(`Coverage.by_sector_t_of_sums`, `Coverage.total_t_of_sums`) to the same
tonnes as from the rows: the sector and gas choices and the weights are
applied the same way, only the cells were added up beforehand.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from localaction.core.gpc import CELLS, SECTORS, Cell, Level
from localaction.core.gwp import GWPError, gwp_set

BIOGENIC_CO2 = "CO2 (biogenic)"
"""The summaries' name for biogenic CO2: kept beside the gases, never weighted into CO2e."""

DEFAULT_GWP = "AR6GWP100"

# A summary row: (GPC reference, gas, kg).
Row = tuple[str, str, float]

SUMMABLE_KG = 1e300
"""The largest mass (kg) a level sum keeps: weighted by any GWP (all below
10^5 kg CO2e per kg) and added up over a whole network, it stays a finite
number. A sum beyond it, or not a finite number, is kept blank and its
inventory left out of totals, never added up into an overflow."""

SUMMARY_LEVELS: tuple[str, ...] = (Level.BASIC.value, Level.BASIC_PLUS.value)
"""The levels each inventory keeps its level sums for: those targets and reports total."""
SECTOR_REFS: tuple[str, ...] = tuple(sector.ref for sector in SECTORS)
SCOPES: tuple[int, ...] = (1, 2, 3)


@dataclass(frozen=True)
class LevelSums:
    """One gas's kg in one level's cells: in all, by sector (in `SECTOR_REFS`'
    order) and by scope (1, 2, 3)."""

    kg: float
    by_sector_kg: tuple[float, ...]
    by_scope_kg: tuple[float, ...]


def summable(kg: float) -> bool:
    """Whether a level sum can be added up (finite and within `SUMMABLE_KG`)."""
    return math.isfinite(kg) and abs(kg) <= SUMMABLE_KG


def level_sums(rows: Iterable[Row], level: str) -> dict[str, LevelSums]:
    """Each counting gas's sums in `level` from per-cell rows (cell, gas, kg);
    biogenic CO2 never counts, so it has none. A gas with a row in the level's
    cells has sums even when they are zero (a GWP set must still know it)."""
    cells = _cells(str(Level(level)), frozenset())
    sector_at = {ref: i for i, ref in enumerate(SECTOR_REFS)}
    kg: dict[str, float] = defaultdict(float)
    by_sector: dict[str, list[float]] = {}
    by_scope: dict[str, list[float]] = {}
    for ref, gas, mass in rows:
        cell = cells.get(ref)
        if cell is None or gas == BIOGENIC_CO2:
            continue
        if gas not in by_sector:
            by_sector[gas] = [0.0] * len(SECTOR_REFS)
            by_scope[gas] = [0.0] * len(SCOPES)
        kg[gas] += mass
        by_sector[gas][sector_at[cell.sector]] += mass
        by_scope[gas][cell.scope - 1] += mass
    return {
        gas: LevelSums(kg[gas], tuple(by_sector[gas]), tuple(by_scope[gas])) for gas in by_sector
    }


@cache
def _cells(level: str, sectors: frozenset[str]) -> Mapping[str, Cell]:
    return MappingProxyType(
        {
            cell.ref: cell
            for cell in CELLS
            if cell.counts_in(Level(level)) and (not sectors or cell.sector in sectors)
        }
    )


@dataclass(frozen=True)
class Selection:
    """A coverage as a database query needs it: rows whose cell is one of
    `cells` and whose gas is one of `gases` (None: any gas but those of
    `never`) count, each kg weighted by `weight_t(gas)`."""

    cells: tuple[str, ...]
    gases: tuple[str, ...] | None
    never: tuple[str, ...]


@dataclass(frozen=True)
class Coverage:
    """What a total adds up: a GPC level, sectors and gases (none: all), a GWP set."""

    level: str = Level.BASIC.value
    sectors: frozenset[str] = frozenset()
    gases: frozenset[str] = frozenset()
    gwp: str = DEFAULT_GWP

    @property
    def cells(self) -> Mapping[str, Cell]:
        """The cells counted, by GPC reference number, in the catalogue's order."""
        return _cells(str(Level(self.level)), self.sectors)

    def counts_gas(self, gas: str) -> bool:
        """Whether masses of `gas` count (biogenic CO2 never does)."""
        return gas != BIOGENIC_CO2 and (not self.gases or gas in self.gases)

    def counts_sector(self, ref: str) -> bool:
        """Whether the GPC sector `ref` ("I" … "VI") counts."""
        return not self.sectors or ref in self.sectors

    def counts(self, ref: str, gas: str) -> bool:
        """Whether a summary row of this cell and gas adds up into the total."""
        return ref in self.cells and self.counts_gas(gas)

    def weight_t(self, gas: str) -> float:
        """t CO2e per kg of a counted `gas` under the GWP set; GWPError if it has none."""
        return gwp_set(self.gwp).value(gas) / 1000

    def weights_t(self, gases: Iterable[str]) -> dict[str, float]:
        """`weight_t` of each of `gases` that counts; GWPError for one the set lacks."""
        return {gas: self.weight_t(gas) for gas in gases if self.counts_gas(gas)}

    def selection(self) -> Selection:
        """The cells and gases that count, for a query to filter on."""
        return Selection(
            cells=tuple(self.cells),
            gases=tuple(sorted(self.gases - {BIOGENIC_CO2})) if self.gases else None,
            never=(BIOGENIC_CO2,),
        )

    def by_sector_t(self, rows: Iterable[Row]) -> dict[str, float]:
        """t CO2e by GPC sector of summary rows (cell, gas, kg), rows that do not count
        left out. Raises GWPError for a counted gas the set has no GWP for."""
        cells = self.cells
        weights: dict[str, float | None] = {}  # None: the gas does not count
        sectors: dict[str, float] = defaultdict(float)
        for ref, gas, kg in rows:
            cell = cells.get(ref)
            if cell is None:
                continue
            if gas not in weights:
                weights[gas] = self.weight_t(gas) if self.counts_gas(gas) else None
            weight = weights[gas]
            if weight is not None:
                sectors[cell.sector] += kg * weight
        return dict(sectors)

    def total_t(self, rows: Iterable[Row]) -> float:
        """t CO2e of summary rows (cell, gas, kg) within the coverage."""
        return sum(self.by_sector_t(rows).values())

    def by_sector_t_of_sums(self, sums: Mapping[str, LevelSums]) -> dict[str, float]:
        """t CO2e by GPC sector from an inventory's level sums of the coverage's
        level (`level_sums`): the same figures as `by_sector_t` of its rows,
        sectors with nothing in them left out."""
        wanted = [(i, ref) for i, ref in enumerate(SECTOR_REFS) if self.counts_sector(ref)]
        sectors: dict[str, float] = defaultdict(float)
        for gas, sums_of_gas in sums.items():
            if not self.counts_gas(gas):
                continue
            weight = self.weight_t(gas)
            for i, ref in wanted:
                if sums_of_gas.by_sector_kg[i]:
                    sectors[ref] += sums_of_gas.by_sector_kg[i] * weight
        return dict(sectors)

    def total_t_of_sums(self, sums: Mapping[str, LevelSums]) -> float:
        """t CO2e from an inventory's level sums of the coverage's level."""
        return sum(self.by_sector_t_of_sums(sums).values())


@dataclass(frozen=True)
class WeightedSums:
    """One level's sums of an inventory's gases weighted by a GWP set: `values`
    in t CO2e in all, by sector (`SECTOR_REFS`' order) and by scope (`SCOPES`);
    `unweighted` the gases the set has no GWP for (left out of the tonnes),
    `blank` the gases with a sum that is not a finite number (`summable`)."""

    values: tuple[float, ...]
    unweighted: int
    blank: int


def weigh_level_sums(sums: Iterable[tuple[str, Sequence[float | None]]], gwp: str) -> WeightedSums:
    """The level sums of an inventory's gases — (gas, (kg, by sector…, by
    scope…)), None where a sum was kept blank — weighted by the GWP set `gwp`
    and added up: what a report reads for a coverage of every gas, so that it
    can be kept beside the sums for each set rather than weighted on every read.
    A blank value adds nothing (the inventory is left out of totals anyway)."""
    values = gwp_set(gwp).values
    added = [0.0] * (1 + len(SECTOR_REFS) + len(SCOPES))
    unweighted = blank = 0
    for gas, masses in sums:
        if gas == BIOGENIC_CO2:
            continue
        blank += any(mass is None for mass in masses)
        gwp_value = values.get(gas)
        if gwp_value is None:
            unweighted += 1
            continue
        weight = gwp_value / 1000
        for i, mass in enumerate(masses):
            if mass is not None:
                added[i] += mass * weight
    return WeightedSums(tuple(added), unweighted, blank)


__all__ = [
    "BIOGENIC_CO2",
    "SUMMARY_LEVELS",
    "Coverage",
    "GWPError",
    "LevelSums",
    "Selection",
    "WeightedSums",
    "level_sums",
    "summable",
    "weigh_level_sums",
]
