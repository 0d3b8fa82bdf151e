"""The hazard vocabulary (data/hazards.json): hazard types in the clusters of
the UNDRR-ISC Hazard Information Profiles (2020), with the meanings of the
five likelihood and impact levels. Read once; the names are translated where
they are shown."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext

PATH = Path(__file__).parent / "data" / "hazards.json"


@dataclass(frozen=True)
class Hazard:
    code: str
    name: str
    cluster: str
    cluster_name: str

    @property
    def label(self) -> str:
        return gettext(self.name)


@dataclass(frozen=True)
class Vocabulary:
    source: str
    source_url: str
    hazards: dict[str, Hazard]
    likelihood: dict[int, str]
    impact: dict[int, str]

    def choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Grouped choices for a select: (cluster name, [(code, name)])."""
        groups: dict[str, list[tuple[str, str]]] = {}
        for hazard in self.hazards.values():
            groups.setdefault(gettext(hazard.cluster_name), []).append((hazard.code, hazard.label))
        return list(groups.items())


@cache
def vocabulary() -> Vocabulary:
    data = json.loads(PATH.read_text(encoding="utf-8"))
    hazards = {
        hazard["code"]: Hazard(hazard["code"], hazard["name"], group["code"], group["name"])
        for group in data["types"]
        for hazard in group["hazards"]
    }
    return Vocabulary(
        source=data["source"],
        source_url=data["source_url"],
        hazards=hazards,
        likelihood={int(level): text for level, text in data["likelihood"].items()},
        impact={int(level): text for level, text in data["impact"].items()},
    )


def level_choices(kind: str) -> list[tuple[int, str]]:
    levels = getattr(vocabulary(), kind)
    return [(level, f"{level}: {gettext(text)}") for level, text in sorted(levels.items())]
