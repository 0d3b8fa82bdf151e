"""The library of standard indicators, as the data migration loaded it."""

import pytest

from localaction.core.units import parse_unit
from localaction.sustainability.tbl.library import library_rows
from localaction.sustainability.tbl.models import TBLIndicator

ROWS = library_rows()
# Sources the other instruments register (footprints/, ecobudget/), beside emissions.
KNOWN_SOURCES = {"ghg_emissions", "ghg_emissions_per_person", "footprint_per_person"}


def test_the_migration_loaded_every_row(db):
    assert TBLIndicator.objects.library().count() == len(ROWS) >= 20


def test_every_dimension_has_indicators():
    assert {row["dimension"] for row in ROWS} == {"environmental", "social", "economic"}
    for dimension in ("social", "economic"):
        assert sum(row["dimension"] == dimension for row in ROWS) >= 5


@pytest.mark.parametrize("row", ROWS, ids=[row["code"] for row in ROWS])
def test_every_row_is_well_formed_and_names_its_source(row):
    parse_unit(row["unit"])
    assert row["direction"] in ("less", "more")
    assert row["reference"].strip()
    assert not row["source_key"] or row["source_key"] in KNOWN_SOURCES


def test_an_indicator_with_a_unit_the_platform_cannot_read_is_refused(db):
    from django.core.exceptions import ValidationError

    indicator = TBLIndicator(
        code="x", name="X", dimension="social", unit="kwhh", direction="more", reference="r"
    )
    with pytest.raises(ValidationError) as refused:
        indicator.full_clean()
    assert "'kwhh' is not a unit" in refused.value.message_dict["unit"][0]
