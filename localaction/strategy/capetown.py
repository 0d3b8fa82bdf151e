"""The Strategic Plan 2007–2012 (the Cape Town Plan) as the platform first
knows it: its parts, areas and goal letters from data/ (data/README.md says
where they come from). Loaded once by the migration 0002; the secretariat
enters the texts afterwards."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_noop

DATA_FILE = Path(__file__).parent / "data" / "cape-town-plan-2007-2012.csv"

TITLE = gettext_noop("Strategic Plan 2007–2012 (Cape Town Plan)")
FIRST_YEAR = 2007
LAST_YEAR = 2012
ADOPTION_NOTE = gettext_noop(
    "Approved by the ICLEI Council in Cape Town, South Africa, on 3 March 2006, "
    "before this platform existed: no decision here records it."
)


@dataclass
class AreaRow:
    number: str
    title: str
    goals: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class PartRow:
    number: str
    title: str
    areas: list[AreaRow] = field(default_factory=list)


def read_plan(path: Path = DATA_FILE) -> list[PartRow]:
    """The parts in the file's order, each with its areas and their (letter, title) goals."""
    parts: list[PartRow] = []
    areas: dict[str, AreaRow] = {}
    with path.open(encoding="utf-8", newline="") as rows:
        for line, row in enumerate(csv.DictReader(rows), start=2):
            number, letter, title = row["number"], row["letter"], row["title"]
            if letter:
                areas[number].goals.append((letter, title))
            elif "." in number:
                part = next(part for part in parts if number.startswith(f"{part.number}."))
                areas[number] = AreaRow(number, title)
                part.areas.append(areas[number])
            elif number:
                parts.append(PartRow(number, title))
            else:
                raise ValueError(f"{path.name}, line {line}: no number")
    return parts
