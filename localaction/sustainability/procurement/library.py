"""The Procura+ criteria library, kept as data in data/criteria.json (its `about`
names the EU GPP criteria sets and the Procura+ Manual it follows). The data
migration loads it; the secretariat keeps it afterwards (admin and the library's
edit page), so the file is the starting library, not the live one."""

from __future__ import annotations

import json
from pathlib import Path

LIBRARY_FILE = Path(__file__).parent / "data" / "criteria.json"


def library_groups() -> list[dict]:
    """The product groups, each with its `criteria` list."""
    with LIBRARY_FILE.open(encoding="utf-8") as file:
        return json.load(file)["groups"]


def load_library(group_model, criterion_model) -> None:
    """Create the groups and criteria (the data migration passes its historical models)."""
    for group_data in library_groups():
        fields = {key: value for key, value in group_data.items() if key != "criteria"}
        group = group_model.objects.create(**fields)
        for criterion in group_data["criteria"]:
            criterion_model.objects.create(
                group=group, reference=group_data["reference"], **criterion
            )
