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
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from localaction.core.gpc import CELLS, Cell, Level
from localaction.core.gwp import GWPError, gwp_set

BIOGENIC_CO2 = "CO2 (biogenic)"
"""The summaries' name for biogenic CO2: kept beside the gases, never weighted into CO2e."""

DEFAULT_GWP = "AR6GWP100"

# A summary row: (GPC reference, gas, kg).
Row = tuple[str, str, float]


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
        sectors: dict[str, float] = defaultdict(float)
        for ref, gas, kg in rows:
            cell = cells.get(ref)
            if cell is not None and self.counts_gas(gas):
                sectors[cell.sector] += kg * self.weight_t(gas)
        return dict(sectors)

    def total_t(self, rows: Iterable[Row]) -> float:
        """t CO2e of summary rows (cell, gas, kg) within the coverage."""
        return sum(self.by_sector_t(rows).values())


__all__ = ["BIOGENIC_CO2", "Coverage", "GWPError", "Selection"]
