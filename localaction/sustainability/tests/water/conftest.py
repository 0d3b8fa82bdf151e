"""Water accounts beside the shared cast (localaction/conftest.py): Freiburg's
inventory of 2023 kept by its editor (a worked example: 7,300,000 m³ for
100,000 people, 200 l per person and day), a German grid electricity factor
(0.38 kg CO2 / kWh, illustrative) and a Water Campaign action under way."""

from __future__ import annotations

import datetime

import pytest

from localaction.campaigns.models import Action, Campaign, Participation
from localaction.inventories.models import EmissionFactor
from localaction.network.models import Country
from localaction.sustainability.water import services

# m³ in 2023: 7,300,000 in all (residential 5,500,000; surface 5,150,000).
LINES = [
    services.LineData("residential", "surface", 4_000_000, "m3"),
    services.LineData("residential", "groundwater", 1_500, "ML"),  # 1,500,000 m³
    services.LineData("commercial", "surface", 900_000_000, "l"),  # 900,000 m³
    services.LineData("industrial", "recycled", 600_000, "m3"),
    services.LineData("municipal", "surface", 250_000, "m3"),
    services.LineData("agriculture", "rainwater", 50_000, "m3"),
]
BALANCE = services.Losses(
    system_input=10_000_000, billed=7_000_000, unbilled=300_000, apparent_losses=300_000
)


@pytest.fixture
def inventory(cast):
    """Freiburg's 2023 draft with its lines, water balance and two quality figures."""
    inventory = services.water_inventory_create(
        local_government=cast.freiburg,
        year=2023,
        population_served=100_000,
        losses=BALANCE,
        source="Utility annual report 2023",
        user=cast.editor,
    )
    services.water_inventory_replace_lines(inventory=inventory, lines=LINES, user=cast.editor)
    services.water_quality_save(
        inventory=inventory, indicator="nitrate", value=62.0, samples=120, user=cast.editor
    )
    services.water_quality_save(
        inventory=inventory, indicator="compliant_share", value=98.5, user=cast.editor
    )
    inventory.refresh_from_db()
    return inventory


@pytest.fixture
def verified(cast, inventory):
    services.water_inventory_submit(inventory=inventory, user=cast.editor)
    return services.water_inventory_verify(inventory=inventory, user=cast.staff)


@pytest.fixture
def grid_factor(db):
    return EmissionFactor.objects.create(
        code="test:grid:de",
        name="German grid electricity (test)",
        activity="electricity",
        unit="MWh",
        kg_per_unit={"CO2": 380.0},
        country=Country.objects.get(code="DE"),
        source="Illustrative test value, 380 kg CO2 per MWh",
    )


@pytest.fixture
def water_campaign(db) -> Campaign:
    return Campaign.objects.get(code="water")


@pytest.fixture
def participation(cast, water_campaign):
    return Participation.objects.create(
        campaign=water_campaign, local_government=cast.freiburg, joined_on=datetime.date(2015, 1, 1)
    )


@pytest.fixture
def action(cast, water_campaign):
    return Action.objects.create(
        local_government=cast.freiburg,
        campaign=water_campaign,
        title="Leak detection in the distribution network",
        status=Action.Status.IN_PROGRESS,
        starts_on=datetime.date(2023, 3, 1),
        is_published=True,
    )
