"""The GPC catalogue: sectors, subsectors and the cells an inventory reports in.

GPC is the Global Protocol for Community-Scale Greenhouse Gas Emission
Inventories (WRI, C40 Cities, ICLEI 2014; v1.1). The catalogue itself is data,
in `data/gpc.json`: six sectors (I Stationary energy … VI Other scope 3), their
subsectors, and the cells of each — a GPC reference number such as "I.1.2"
with its scope and the totals it counts in (BASIC, BASIC+, territorial), as
the GPC's chapter 4 reporting table (Table 4.3) lays them out.

How the numbers read. In stationary energy and transportation the last number
is the scope (I.1.1 scope 1, I.1.2 scope 2, I.1.3 scope 3), except I.4.4,
energy generation supplied to the grid: scope 1, counted in the territorial
total only, because the grid electricity it makes is already counted as
scope 2 where it is used. In waste the last number says where the waste comes
from and goes: .1 generated and treated in the city (scope 1), .2 generated in
the city, treated outside (scope 3), .3 generated outside, treated in the city
(scope 1, territorial only). IPPU (IV), AFOLU (V) and other scope 3 (VI) have
one cell per subsector, numbered as the subsector ("IV.1").

A cell with no value carries a notation key — NO, IE, NE or C — and an
explanation of it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib.resources import files
from types import MappingProxyType
from typing import Any


class Level(StrEnum):
    """A GPC total: which cells it adds up."""

    BASIC = "BASIC"
    BASIC_PLUS = "BASIC+"
    TERRITORIAL = "territorial"


class NotationKey(StrEnum):
    """Why a cell has no value (GPC notation keys)."""

    NO = "NO"
    IE = "IE"
    NE = "NE"
    C = "C"

    @property
    def label(self) -> str:
        """The key in words: "Not occurring" for NO."""
        return _CATALOGUE.notation_names[self]

    @property
    def meaning(self) -> str:
        """When the key applies, as the GPC defines it."""
        return _CATALOGUE.notation_meanings[self]


class GPCError(ValueError):
    """A GPC reference, scope or notation the catalogue does not have."""


class UnknownReference(GPCError):
    """Text that is no sector, subsector or cell of the GPC."""


class MissingScope(GPCError):
    """A scope that a GPC subsector does not have ("I.7 has no scope 2")."""


@dataclass(frozen=True)
class Sector:
    """A GPC sector: "I", "Stationary energy"."""

    ref: str
    name: str


@dataclass(frozen=True)
class Subsector:
    """A GPC subsector: "I.1", "Residential buildings", in sector "I"."""

    ref: str
    name: str
    sector: str


@dataclass(frozen=True)
class Cell:
    """A GPC reference number an inventory line is reported in, with its scope and totals."""

    ref: str
    sector: str
    subsector: str
    scope: int
    levels: frozenset[Level]
    description: str

    def counts_in(self, level: Level) -> bool:
        """Whether emissions in this cell add up into the `level` total."""
        return level in self.levels


@dataclass(frozen=True)
class Notation:
    """A notation key set on a cell instead of a value, with the explanation the GPC asks for."""

    key: NotationKey
    explanation: str

    def __post_init__(self) -> None:
        if not isinstance(self.key, NotationKey):
            object.__setattr__(self, "key", notation_key(self.key))
        if not self.explanation.strip():
            raise GPCError(f"notation key {self.key} needs an explanation")


@dataclass(frozen=True)
class _Catalogue:
    source: str
    levels: Mapping[Level, str]
    notation_names: Mapping[NotationKey, str]
    notation_meanings: Mapping[NotationKey, str]
    sectors: tuple[Sector, ...]
    subsectors: tuple[Subsector, ...]
    cells: tuple[Cell, ...]


def _load() -> _Catalogue:
    raw: dict[str, Any] = json.loads(
        files("localaction.core").joinpath("data", "gpc.json").read_text(encoding="utf-8")
    )
    sectors: list[Sector] = []
    subsectors: list[Subsector] = []
    cells: list[Cell] = []
    for sector in raw["sectors"]:
        sectors.append(Sector(ref=sector["ref"], name=sector["name"]))
        for subsector in sector["subsectors"]:
            subsectors.append(
                Subsector(ref=subsector["ref"], name=subsector["name"], sector=sector["ref"])
            )
            cells.extend(
                Cell(
                    ref=cell["ref"],
                    sector=sector["ref"],
                    subsector=subsector["ref"],
                    scope=cell["scope"],
                    levels=frozenset(Level(level) for level in cell["levels"]),
                    description=cell["description"],
                )
                for cell in subsector["cells"]
            )
    keys = raw["notation_keys"]
    return _Catalogue(
        source=raw["source"],
        levels=MappingProxyType({Level(name): text for name, text in raw["levels"].items()}),
        notation_names=MappingProxyType({NotationKey(k): v["name"] for k, v in keys.items()}),
        notation_meanings=MappingProxyType({NotationKey(k): v["meaning"] for k, v in keys.items()}),
        sectors=tuple(sectors),
        subsectors=tuple(subsectors),
        cells=tuple(cells),
    )


_CATALOGUE = _load()

SOURCE: str = _CATALOGUE.source
"""The GPC edition and tables the catalogue follows."""

LEVELS: Mapping[Level, str] = _CATALOGUE.levels
"""What each total covers, in words."""

SECTORS: tuple[Sector, ...] = _CATALOGUE.sectors
SUBSECTORS: tuple[Subsector, ...] = _CATALOGUE.subsectors
CELLS: tuple[Cell, ...] = _CATALOGUE.cells
"""Every cell, in GPC order; a cell's position here is its index in columnar data."""

_SECTOR_BY_REF = {sector.ref: sector for sector in SECTORS}
_SUBSECTOR_BY_REF = {subsector.ref: subsector for subsector in SUBSECTORS}
_CELL_INDEX = {cell.ref: index for index, cell in enumerate(CELLS)}
_CELLS_OF = {
    subsector.ref: tuple(cell for cell in CELLS if cell.subsector == subsector.ref)
    for subsector in SUBSECTORS
}
_REFERENCE = re.compile(r"^(?P<sector>[IVX]+)(?:\.(?P<sub>\d+))?(?:\.(?P<last>\d+))?$")


def _normalised(ref: str) -> str:
    return ref.strip().upper()


def sector(ref: str) -> Sector:
    """The sector `ref` ("III"), or UnknownReference."""
    try:
        return _SECTOR_BY_REF[_normalised(ref)]
    except KeyError:
        raise UnknownReference(
            f"'{ref}' is not a GPC sector; the sectors are I to {SECTORS[-1].ref}"
        ) from None


def subsector(ref: str) -> Subsector:
    """The subsector `ref` ("III.1"), or UnknownReference."""
    text = _normalised(ref)
    if text in _SUBSECTOR_BY_REF:
        return _SUBSECTOR_BY_REF[text]
    match = _parsed(ref)
    found = _subsector_of(ref, match["sector"], match["sub"])
    if match["last"] is not None:
        raise UnknownReference(f"'{ref}' is a cell reference; its subsector is {found.ref}")
    return found


def cell(ref: str) -> Cell:
    """The cell with GPC reference number `ref` ("I.1.2").

    Raises MissingScope when the subsector exists but lacks the scope the
    reference asks for ("I.7.2": I.7 has no scope 2), and UnknownReference for
    anything else that is not a cell.
    """
    text = _normalised(ref)
    if text in _CELL_INDEX:
        return CELLS[_CELL_INDEX[text]]
    if text in _SUBSECTOR_BY_REF:
        listed = _listed(c.ref for c in _CELLS_OF[text])
        raise UnknownReference(f"'{ref}' is a subsector, not a cell; {text} has {listed}")
    match = _parsed(ref)
    found = _subsector_of(ref, match["sector"], match["sub"])
    cells = _CELLS_OF[found.ref]
    last = match["last"]
    # Outside waste the last number is the scope (see the module docstring),
    # so "I.7.2" or "IV.1.2" asks for a scope the subsector does not have.
    if last in ("1", "2", "3") and found.sector != "III":
        scope = int(last)
        if not any(c.scope == scope for c in cells):
            raise MissingScope(f"{found.ref} has no scope {scope}")
    if len(cells) == 1:
        raise UnknownReference(
            f"'{ref}' is not a GPC reference; {found.ref} is one cell, written {cells[0].ref}"
        )
    listed = _listed(c.ref for c in cells)
    raise UnknownReference(f"'{ref}' is not a GPC reference; {found.ref} has {listed}")


def _parsed(ref: str) -> re.Match[str]:
    match = _REFERENCE.match(_normalised(ref))
    if match is None:
        raise UnknownReference(f"'{ref}' is not a GPC reference")
    if match["sector"] not in _SECTOR_BY_REF:
        raise UnknownReference(
            f"'{ref}' is not a GPC reference; the sectors are I to {SECTORS[-1].ref}"
        )
    return match


def _subsector_of(ref: str, sector_ref: str, number: str | None) -> Subsector:
    within = [s.ref for s in SUBSECTORS if s.sector == sector_ref]
    if number is None:
        raise UnknownReference(f"'{ref}' is a sector; {sector_ref} has {_listed(within)}")
    try:
        return _SUBSECTOR_BY_REF[f"{sector_ref}.{int(number)}"]
    except KeyError:
        raise UnknownReference(
            f"'{ref}' is not a GPC reference; sector {sector_ref} has {_listed(within)}"
        ) from None


def subsector_cells(ref: str, scope: int | None = None) -> tuple[Cell, ...]:
    """The cells of subsector `ref`, or only those of `scope`; MissingScope if it has none."""
    found = subsector(ref)
    cells = _CELLS_OF[found.ref]
    if scope is None:
        return cells
    chosen = tuple(c for c in cells if c.scope == scope)
    if not chosen:
        raise MissingScope(f"{found.ref} has no scope {scope}")
    return chosen


def cell_index(ref: str) -> int:
    """The position of cell `ref` in CELLS, the index columnar inventory data uses."""
    return _CELL_INDEX[cell(ref).ref]


def notation_key(text: str) -> NotationKey:
    """The notation key written as `text` ("NE", "ne"), or GPCError listing the keys."""
    try:
        return NotationKey(text.strip().upper())
    except ValueError:
        keys = ", ".join(f"{key} ({key.label})" for key in NotationKey)
        raise GPCError(f"'{text}' is not a notation key; the keys are {keys}") from None


def _listed(refs: Iterable[str]) -> str:
    items = list(refs)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
