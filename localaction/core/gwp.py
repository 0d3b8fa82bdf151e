"""Global warming potentials: the IPCC's 100-year sets, as data.

The values come from the `globalwarmingpotentials` package (OpenSCM
community, CC0), under the names it gives them: SARGWP100, TARGWP100,
AR4GWP100, AR5GWP100, AR5CCFGWP100 (AR5 with climate-carbon feedback) and
AR6GWP100. A GWP is kg CO2e per kg of gas; CO2 is 1 by definition.

Gases are the GPC's (the Kyoto basket): CO2, CH4, N2O, the HFCs and PFCs by
the package's names ("HFC134a", "CF4", "cC4F8"), SF6 and NF3. Biogenic CO2 is
not a gas here: inventories carry it in a column of its own, reported beside
the totals and never weighted into CO2e.

The package gives AR6 one CH4 value, 27.9 (AR6 WG1 Table 7.SM.7). AR6's
Table 7.15 also splits methane into fossil (29.8) and non-fossil (27.0), the
fossil value adding the CO2 its oxidation makes; the platform follows the
package and does not make that split.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

import globalwarmingpotentials  # type: ignore[import-untyped]
import numpy as np
import numpy.typing as npt

GWP_SETS: tuple[str, ...] = (
    "SARGWP100",
    "TARGWP100",
    "AR4GWP100",
    "AR5GWP100",
    "AR5CCFGWP100",
    "AR6GWP100",
)
"""The 100-year GWP sets an inventory may use, oldest first."""

TITLES: Mapping[str, str] = MappingProxyType(
    {
        "SARGWP100": "IPCC Second Assessment Report (1995), 100-year GWP",
        "TARGWP100": "IPCC Third Assessment Report (2001), 100-year GWP",
        "AR4GWP100": "IPCC Fourth Assessment Report (2007), 100-year GWP",
        "AR5GWP100": "IPCC Fifth Assessment Report (2013), 100-year GWP",
        "AR5CCFGWP100": (
            "IPCC Fifth Assessment Report (2013), 100-year GWP with climate-carbon feedback"
        ),
        "AR6GWP100": "IPCC Sixth Assessment Report (2021), 100-year GWP",
    }
)

HFCS: tuple[str, ...] = (
    "HFC23",
    "HFC32",
    "HFC41",
    "HFC125",
    "HFC134",
    "HFC134a",
    "HFC143",
    "HFC143a",
    "HFC152",
    "HFC152a",
    "HFC161",
    "HFC227ea",
    "HFC236cb",
    "HFC236ea",
    "HFC236fa",
    "HFC245ca",
    "HFC245fa",
    "HFC365mfc",
    "HFC4310mee",
)
"""Hydrofluorocarbons, as the package names them."""

PFCS: tuple[str, ...] = (
    "CF4",
    "C2F6",
    "C3F8",
    "cC3F6",
    "cC4F8",
    "C4F10",
    "C5F12",
    "C6F14",
    "C7F16",
    "C8F18",
    "C10F18",
)
"""Perfluorocarbons, as the package names them."""

GASES: tuple[str, ...] = ("CO2", "CH4", "N2O", *HFCS, *PFCS, "SF6", "NF3")
"""Every gas an inventory may report, in reporting order."""

GAS_GROUPS: Mapping[str, tuple[str, ...]] = MappingProxyType({"HFCs": HFCS, "PFCs": PFCS})

# Spellings people write ("HFC-134a", "ch4", "c-C4F8") fold to one key.
_BY_FOLDED = {name.replace("-", "").lower(): name for name in GASES}


class GWPError(ValueError):
    """An unknown GWP set or gas, or a gas a set has no value for."""


def gas(name: str) -> str:
    """The gas's name as the platform writes it: "HFC134a" for "HFC-134a" or "hfc134a"."""
    folded = name.strip().replace("-", "").replace(" ", "").replace("_", "").lower()
    try:
        return _BY_FOLDED[folded]
    except KeyError:
        raise GWPError(f"'{name}' is not a known gas") from None


@dataclass(frozen=True)
class GWPSet:
    """A named set of global warming potentials, kg CO2e per kg of each gas."""

    name: str
    values: Mapping[str, float]

    def __hash__(self) -> int:
        return hash(self.name)

    @property
    def title(self) -> str:
        """The set's name in words, e.g. "IPCC Fifth Assessment Report (2013), 100-year GWP"."""
        return TITLES[self.name]

    def value(self, gas_name: str) -> float:
        """The GWP of one gas (kg CO2e per kg), or GWPError if the set has none for it."""
        value = self.values.get(gas_name)
        if value is not None:  # already the platform's spelling: no folding
            return value
        canonical = gas(gas_name)
        try:
            return self.values[canonical]
        except KeyError:
            raise GWPError(f"{self.name} has no GWP for {canonical}") from None

    def vector(self, gases: Sequence[str]) -> npt.NDArray[np.float64]:
        """The GWPs of `gases` in that order (kg CO2e per kg); NaN where the set has none."""
        return np.array([self.values.get(name, np.nan) for name in gases], dtype=np.float64)


@cache
def gwp_set(name: str) -> GWPSet:
    """The GWP set called `name` ("AR6GWP100"), or GWPError listing the known sets."""
    if name not in GWP_SETS:
        raise GWPError(f"'{name}' is not a GWP set; the sets are {', '.join(GWP_SETS)}")
    table: Mapping[str, float] = globalwarmingpotentials.data[name]
    values = {"CO2": 1.0} | {gas: float(table[gas]) for gas in GASES if gas in table}
    return GWPSet(name=name, values=MappingProxyType(values))


def in_basket_order(values: Mapping[str, float]) -> list[tuple[str, float]]:
    """The gases of `values` in the basket's order (CO2, CH4, N2O, HFCs, PFCs, SF6,
    NF3), whatever order they were stored in; names outside the basket come last."""
    rank = {name: index for index, name in enumerate(GASES)}
    return sorted(values.items(), key=lambda item: (rank.get(item[0], len(GASES)), item[0]))
