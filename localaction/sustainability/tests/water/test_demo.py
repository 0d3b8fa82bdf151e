"""The demo's water part, on the test cast: the Water Campaign's participant
gets a run of inventories whose totals equal their lines, verified but for the
latest perhaps, and its water action its quantified benefit; the same seed
builds the same accounts."""

from localaction.sustainability.water.demo import LAST_YEAR, build_demo_water, demo_part
from localaction.sustainability.water.models import (
    WaterBenefit,
    WaterConsumption,
    WaterInventory,
)


def accounts():
    return sorted(
        WaterConsumption.objects.values_list(
            "inventory__local_government__code", "inventory__year", "sector", "source", "m3"
        )
    )


def test_the_participant_gets_its_accounts_and_benefits(cast, participation, action, grid_factor):
    built = build_demo_water(seed=1)
    assert built["members"] >= 1
    inventories = WaterInventory.objects.filter(local_government=cast.freiburg)
    years = sorted(inventories.values_list("year", flat=True))
    assert years and years[-1] == LAST_YEAR
    assert years == list(range(years[0], LAST_YEAR + 1))
    assert built["inventories"] == WaterInventory.objects.count()
    assert built["verified"] == WaterInventory.objects.filter(status="verified").count()
    assert not inventories.filter(status="draft").exists()
    assert WaterConsumption.objects.filter(inventory__in=inventories).exists()
    assert built["benefits"] == WaterBenefit.objects.count() <= 1


def test_the_demo_is_deterministic(cast, participation, action, grid_factor):
    build_demo_water(seed=7)
    first = accounts()
    WaterBenefit.objects.all().delete()
    WaterInventory.objects.all().delete()
    build_demo_water(seed=7)
    assert accounts() == first


def test_the_part_says_what_it_built(cast, participation, grid_factor):
    assert "water inventories" in demo_part(seed=3)
