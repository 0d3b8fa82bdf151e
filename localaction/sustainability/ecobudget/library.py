"""The library of standard indicators and environmental resources, kept as data
(data/*.csv, their sources in data/README.md); migration 0002 loads it and
each standard indicator is a platform source (sourcing.py)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class LibraryResource:
    code: str
    name: str
    order: int


@dataclass(frozen=True)
class LibraryIndicator:
    code: str
    name: str
    resource: str
    unit: str
    direction: str
    aggregation: str
    source: str
    description: str


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@cache
def resources() -> tuple[LibraryResource, ...]:
    return tuple(
        LibraryResource(row["code"], row["name"], int(row["order"]))
        for row in _rows("resources.csv")
    )


@cache
def indicators() -> tuple[LibraryIndicator, ...]:
    return tuple(
        LibraryIndicator(**{name: row[name] for name in LibraryIndicator.__dataclass_fields__})
        for row in _rows("indicators.csv")
    )
