"""Freiburg's TBL record for the tests.

Library indicators (loaded by the data migration) used: renewable electricity
share (percent, more is better), municipal waste per person (kg / person, less
is better), unemployment rate (percent, less is better) and GHG emissions,
read from Freiburg's published inventories:

| year | inventory | t CO2e    |
|------|-----------|-----------|
| 2015 | published |   920,000 |
| 2020 | published |   800,000 |
| 2022 | submitted |   750,000 | (not counted: not published)

Typed values: renewable share 30 % (2020), 36 % (2022), 42 % (2024), target
60 % by 2030; waste 480 kg (2020) and 450 kg (2024) per person.
"""

import pytest

from localaction.campaigns.tests.conftest import make_inventory
from localaction.sustainability.tbl import services
from localaction.sustainability.tbl.models import TBLIndicator

SECTIONS = {
    "introduction": "Freiburg's second report.",
    "environmental": "Emissions keep falling.",
    "social": "More people reach a tram stop.",
    "economic": "Unemployment is low.",
    "outlook": "",
}


@pytest.fixture
def library(db):
    return {indicator.code: indicator for indicator in TBLIndicator.objects.library()}


@pytest.fixture
def emissions(cast):
    return {
        year: make_inventory(cast.freiburg, year, status, stationary, transport)
        for year, (status, stationary, transport) in {
            2015: ("published", 540_000, 380_000),
            2020: ("published", 450_000, 350_000),
            2022: ("submitted", 420_000, 330_000),
        }.items()
    }


@pytest.fixture
def record(cast, library):
    lg = cast.freiburg
    for year, value in ((2020, 30.0), (2022, 36.0), (2024, 42.0)):
        services.value_set(
            local_government=lg,
            indicator=library["renewable_electricity_share"],
            year=year,
            value=value,
        )
    services.target_set(
        local_government=lg,
        indicator=library["renewable_electricity_share"],
        target_year=2030,
        value=60.0,
    )
    for year, value in ((2020, 480.0), (2024, 450.0)):
        services.value_set(
            local_government=lg,
            indicator=library["municipal_waste_per_person"],
            year=year,
            value=value,
        )
    return lg


@pytest.fixture
def draft(record, library, emissions):
    """Freiburg's draft report of 2024, every section written but the outlook."""
    return services.report_save(
        local_government=record,
        year=2024,
        sections=SECTIONS,
        indicators=[
            library["renewable_electricity_share"],
            library["municipal_waste_per_person"],
            library["ghg_emissions"],
            library["footprint_per_person"],
        ],
    )


@pytest.fixture
def published(draft, cast):
    return services.report_publish(report=draft, user=cast.editor)
