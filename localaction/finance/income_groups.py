"""The World Bank income classification shipped with the platform, read as rows.

`data/world-bank-income-groups.csv` (source and licence in `data/README.md`)
lists 218 economies by ISO 3166-1 alpha-3 code; the register keys countries
by alpha-2. Two economies need a word: the World Bank's "Channel Islands"
(CHI) are Jersey and Guernsey, two countries of the register, and Kosovo
(XKX) has no ISO code — it is the register's country XK, the user-assigned
code the European Union and the World Bank use.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pycountry

from localaction.core.dues import IncomeGroup

SHIPPED_FILE = Path(__file__).parent / "data" / "world-bank-income-groups.csv"
# The World Bank fiscal year of the shipped classification (data/README.md says why).
SHIPPED_FISCAL_YEAR = 2024
SHIPPED_SOURCE = (
    "World Bank country and lending groups, FY2024 classification (GNI per capita, Atlas "
    "method), via ForecastHealth/country-metadata; CC BY 4.0"
)
# Economies that are not one ISO 3166-1 country.
SPECIAL_ECONOMIES = {"CHI": ("JE", "GG"), "XKX": ("XK",)}
KOSOVO = ("XK", "Kosovo")


@dataclass(frozen=True)
class ClassifiedEconomy:
    line: int
    iso3: str
    economy: str
    country_codes: tuple[str, ...]  # the register's alpha-2 codes
    group: IncomeGroup | None  # None: not classified by the World Bank


def read_income_groups(path: Path = SHIPPED_FILE) -> list[ClassifiedEconomy]:
    """Every row of the file, or ValueError naming the first bad row and column."""
    rows: list[ClassifiedEconomy] = []
    with path.open(newline="", encoding="utf-8") as file:
        for line, row in enumerate(csv.DictReader(file), start=2):
            iso3 = (row.get("iso3") or "").strip().upper()
            if iso3 in SPECIAL_ECONOMIES:
                codes = SPECIAL_ECONOMIES[iso3]
            elif (country := pycountry.countries.get(alpha_3=iso3)) is not None:
                codes = (country.alpha_2,)
            else:
                raise ValueError(
                    f"{path.name}, row {line}, column iso3: '{iso3}' is not an ISO 3166-1 code."
                )
            label = (row.get("income_group") or "").strip()
            try:
                group = IncomeGroup.from_world_bank(label) if label else None
            except ValueError as error:
                raise ValueError(f"{path.name}, row {line}, column income_group: {error}") from None
            rows.append(ClassifiedEconomy(line, iso3, row.get("economy", ""), codes, group))
    return rows
