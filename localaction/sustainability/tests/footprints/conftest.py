"""Reference values beside the shared cast (localaction/conftest.py): the World
Congress 2024 (footprints of 2021-2023), illustrative national footprints of
Germany and Kenya (2021), a world biocapacity per person (2021), and helpers
to report a footprint as the cast's editor of Freiburg."""

from __future__ import annotations

import pytest

from localaction.network.models import Country
from localaction.sustainability.footprints import services
from localaction.sustainability.footprints.models import (
    Biocapacity,
    CongressRound,
    NationalFootprint,
)

# Illustrative, not published data: round numbers for hand computation.
GERMANY = {
    "food": 1.2,
    "housing": 0.9,
    "personal_transport": 0.8,
    "goods": 0.7,
    "services": 0.6,
    "government_capital": 0.8,
}  # 5.0 gha / person in all
FACTORS = {
    "food": 1.0,
    "housing": 0.8,
    "personal_transport": 0.5,
    "goods": 1.1,
    "services": 1.0,
    "government_capital": 1.0,
}
EVIDENCE = {
    "housing": "District heating covers 40 % of homes (city energy report 2022).",
    "personal_transport": "Car share of trips 21 % against 57 % nationally (mobility survey).",
    "goods": "Retail sales per person 10 % above the national average.",
}


@pytest.fixture
def congress(db) -> CongressRound:
    return CongressRound.objects.create(year=2024, first_year=2021, last_year=2023)


@pytest.fixture
def earlier_congress(db) -> CongressRound:
    return CongressRound.objects.create(year=2021, first_year=2018, last_year=2020)


@pytest.fixture
def references(db) -> dict:
    germany = NationalFootprint.objects.create(
        country=Country.objects.get(code="DE"),
        year=2021,
        by_category=GERMANY,
        per_person=5.0,
        source="Illustrative test values",
        licence="CC0",
        is_illustrative=True,
    )
    kenya = NationalFootprint.objects.create(
        country=Country.objects.get(code="KE"),
        year=2021,
        by_category=dict.fromkeys(GERMANY, 0.2),
        per_person=1.2,
        source="Illustrative test values",
        is_illustrative=True,
    )
    biocapacity = Biocapacity.objects.create(
        year=2021, per_person=1.6, source="Illustrative test value", is_illustrative=True
    )
    return {"germany": germany, "kenya": kenya, "biocapacity": biocapacity}


@pytest.fixture
def estimate(cast, congress, references):
    """Freiburg's estimate for 2022 at 200,000 people (worked example of test_services)."""
    return services.footprint_report_estimate(
        local_government=cast.freiburg,
        round=congress,
        year=2022,
        population=200_000,
        factors=FACTORS,
        evidence=EVIDENCE,
        user=cast.editor,
    )


@pytest.fixture
def study(cast, congress, references):
    """Nairobi's own study: 1,000,000 gha of 4,397,073 people, by land type."""
    return services.footprint_report_study(
        local_government=cast.nairobi,
        round=congress,
        year=2023,
        total=1_000_000,
        by_land_type={"cropland": 400_000, "carbon": 600_000},
        method_name="Component-based footprint",
        source="Nairobi footprint study 2023",
        user=cast.outsider,
    )
