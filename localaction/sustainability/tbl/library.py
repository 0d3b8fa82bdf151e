"""The library of standard TBL indicators, kept as data in data/indicators.csv
(each row names where the indicator is defined: a UN SDG indicator, a GRI
disclosure, or the platform figure it is read from). The data migration
0004_tbl_library loads it; a test checks every unit and source key."""

from __future__ import annotations

import csv
from pathlib import Path

LIBRARY_FILE = Path(__file__).parent / "data" / "indicators.csv"
COLUMNS = ("code", "dimension", "name", "unit", "direction", "source_key", "reference")


def library_rows() -> list[dict[str, str]]:
    """The library's indicators, one dict per row with the keys of COLUMNS."""
    with LIBRARY_FILE.open(encoding="utf-8", newline="") as file:
        return [{column: row[column] for column in COLUMNS} for row in csv.DictReader(file)]
