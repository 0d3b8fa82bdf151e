"""Freiburg's climate record for campaign tests: published inventories of 2010,
2015 and 2020 measured in CO2 alone (so CO2e needs no GWP arithmetic) and a
submitted one of 2022; sector I (stationary energy) and II (transport).

| year | status    | I (t CO2) | II (t CO2) | total |
|------|-----------|-----------|------------|-------|
| 2010 | published |   600,000 |    400,000 | 1,000,000 |
| 2015 | published |   540,000 |    380,000 |   920,000 |
| 2020 | published |   450,000 |    350,000 |   800,000 |
| 2022 | submitted |   420,000 |    330,000 |   750,000 |
"""

import pytest

from localaction.inventories.models import Inventory
from localaction.inventories.services import LineData, inventory_replace_lines

RECORD = {
    2010: ("published", 600_000, 400_000),
    2015: ("published", 540_000, 380_000),
    2020: ("published", 450_000, 350_000),
    2022: ("submitted", 420_000, 330_000),
}


def make_inventory(
    local_government, year: int, status: str, stationary_t: float, transport_t: float
):
    inventory = Inventory.objects.create(local_government=local_government, year=year)
    inventory_replace_lines(
        inventory=inventory,
        lines=[
            LineData("I.1.1", measured_kg={"CO2": stationary_t * 1000}),
            LineData("II.1.1", measured_kg={"CO2": transport_t * 1000}),
        ],
    )
    Inventory.objects.filter(pk=inventory.pk).update(status=status)
    inventory.refresh_from_db()
    return inventory


@pytest.fixture
def record(cast):
    """Freiburg's inventories by year."""
    return {year: make_inventory(cast.freiburg, year, *row) for year, row in RECORD.items()}
