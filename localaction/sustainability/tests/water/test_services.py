"""Keeping water accounts: the figures against examples worked by hand, every
refusal, and who may do what."""

import math

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from localaction.core import water as method
from localaction.sustainability.sources import value_of
from localaction.sustainability.water import services
from localaction.sustainability.water.models import WaterConsumption, WaterInventory

from .conftest import LINES

pytestmark = pytest.mark.django_db


def test_the_inventory_totals_equal_the_sum_of_its_lines(inventory):
    lines = list(inventory.lines.all())
    totals = inventory.totals()
    assert inventory.total_m3 == totals.total == sum(line.m3 for line in lines)
    assert totals.total == pytest.approx(7_300_000)
    assert sum(totals.by_sector.values()) == pytest.approx(totals.total)
    assert sum(totals.by_source.values()) == pytest.approx(totals.total)
    assert totals.by_sector["residential"] == pytest.approx(5_500_000)
    assert totals.by_source["surface"] == pytest.approx(5_150_000)


def test_volumes_are_kept_as_entered_and_in_cubic_metres(inventory):
    groundwater = inventory.lines.get(sector="residential", source="groundwater")
    assert (groundwater.amount, groundwater.unit) == (1_500, "ML")
    assert groundwater.m3 == pytest.approx(1_500_000)
    commercial = inventory.lines.get(sector="commercial")
    assert commercial.m3 == pytest.approx(900_000)


def test_litres_per_person_and_day_worked_example(inventory):
    # 7,300,000 m³ × 1,000 l / 100,000 people / 365 days = 200 l per person and day.
    assert inventory.litres_per_person_day == pytest.approx(200.0)


def test_the_water_balance_worked_example(inventory):
    # Input 10,000,000; billed 7,000,000: non-revenue water 3,000,000 = 30 %;
    # water losses 10,000,000 − 7,300,000 = 2,700,000, real 2,400,000.
    balance = inventory.balance()
    assert balance.non_revenue == 3_000_000
    assert balance.non_revenue_percent == pytest.approx(30.0)
    assert balance.water_losses == 2_700_000
    assert balance.real_losses == 2_400_000


def test_a_balance_in_another_unit_is_kept_in_cubic_metres(cast):
    inventory = services.water_inventory_create(
        local_government=cast.freiburg,
        year=2020,
        population_served=1000,
        losses=services.Losses(system_input=10, billed=8, unit="ML"),
        user=cast.editor,
    )
    assert inventory.system_input_m3 == pytest.approx(10_000)
    assert inventory.billed_m3 == pytest.approx(8_000)


@pytest.mark.parametrize(
    ("line", "field", "says"),
    [
        (services.LineData("residential", "surface", 10, "kWh"), "unit", "'kWh' is an energy"),
        (services.LineData("residential", "surface", 10, "kg"), "unit", "'kg' is a mass"),
        (services.LineData("residential", "surface", 10, "bottles"), "unit", "not a unit"),
        (services.LineData("residential", "surface", math.nan, "m3"), "amount", "finite"),
        (services.LineData("residential", "surface", math.inf, "m3"), "amount", "finite"),
        (services.LineData("residential", "surface", -5, "m3"), "amount", "negative"),
        (services.LineData("residential", "surface", 1e13, "m3"), "amount", "at most"),
        (services.LineData("households", "surface", 1, "m3"), "sector", "not a user sector"),
        (services.LineData("residential", "river", 1, "m3"), "source", "not a source"),
    ],
)
def test_a_bad_line_is_refused_and_nothing_changes(cast, inventory, line, field, says):
    before = list(inventory.lines.values_list("pk", flat=True))
    with pytest.raises(ValidationError) as refused:
        services.water_line_save(inventory=inventory, data=line, user=cast.editor)
    assert says in " ".join(refused.value.message_dict[field])
    assert list(inventory.lines.values_list("pk", flat=True)) == before


def test_replacing_lines_is_all_or_nothing_and_names_each_problem(cast, inventory):
    lines = [
        services.LineData("residential", "surface", 1, "m3"),
        services.LineData("residential", "surface", 2, "m3"),
        services.LineData("commercial", "surface", 3, "t"),
    ]
    with pytest.raises(services.LinesInvalid) as refused:
        services.water_inventory_replace_lines(inventory=inventory, lines=lines, user=cast.editor)
    assert [(position, field) for position, field, _m in refused.value.errors] == [
        (1, "source"),
        (2, "unit"),
    ]
    inventory.refresh_from_db()
    assert inventory.lines.count() == len(LINES)
    assert inventory.total_m3 == pytest.approx(7_300_000)


def test_saving_a_line_replaces_the_one_of_the_same_sector_and_source(cast, inventory):
    services.water_line_save(
        inventory=inventory,
        data=services.LineData("agriculture", "rainwater", 150_000, "m3"),
        user=cast.editor,
    )
    inventory.refresh_from_db()
    assert inventory.lines.filter(sector="agriculture").count() == 1
    assert inventory.total_m3 == pytest.approx(7_400_000)
    services.water_line_delete(line=inventory.lines.get(sector="agriculture"), user=cast.editor)
    inventory.refresh_from_db()
    assert inventory.total_m3 == pytest.approx(7_250_000)


@pytest.mark.parametrize(
    ("losses", "field"),
    [
        (services.Losses(system_input=100, billed=120), "billed"),
        (services.Losses(system_input=100, billed=80, apparent_losses=30), "apparent_losses"),
        (services.Losses(system_input=100, billed=None), "billed"),
        (services.Losses(system_input=None, billed=None, unbilled=5), "system_input"),
        (services.Losses(system_input=100, billed=80, unit="kWh"), "losses_unit"),
        (services.Losses(system_input=math.nan, billed=80), "system_input"),
    ],
)
def test_an_impossible_water_balance_is_refused(cast, inventory, losses, field):
    with pytest.raises(ValidationError) as refused:
        services.water_inventory_update(
            inventory=inventory, population_served=100_000, losses=losses, user=cast.editor
        )
    assert field in refused.value.message_dict
    inventory.refresh_from_db()
    assert inventory.system_input_m3 == 10_000_000


def test_one_inventory_per_member_and_year(cast, inventory):
    with pytest.raises(ValidationError, match="has a water inventory of 2023 already"):
        services.water_inventory_create(
            local_government=cast.freiburg, year=2023, population_served=5, user=cast.editor
        )


@pytest.mark.parametrize(("year", "population"), [(1800, 10), (2023, 0), (2023, 10**12)])
def test_a_bad_year_or_population_is_refused(cast, year, population):
    with pytest.raises(ValidationError):
        services.water_inventory_create(
            local_government=cast.freiburg,
            year=year,
            population_served=population,
            user=cast.editor,
        )
    assert not WaterInventory.objects.exists()


@pytest.mark.parametrize(
    ("indicator", "value", "field"),
    [("chlorophyll", 1.0, "indicator"), ("compliant_share", 120.0, "value"), ("lead", -1, "value")],
)
def test_bad_quality_figures_are_refused(cast, inventory, indicator, value, field):
    with pytest.raises(ValidationError) as refused:
        services.water_quality_save(
            inventory=inventory, indicator=indicator, value=value, user=cast.editor
        )
    assert field in refused.value.message_dict


def test_quality_is_judged_against_the_who_guideline(inventory):
    nitrate = inventory.quality.get(indicator="nitrate")
    assert nitrate.definition.guideline == 50 and nitrate.complies is False
    assert inventory.quality.get(indicator="compliant_share").complies is None


@pytest.mark.parametrize("who", ["colleague", "outsider", "other_staff", "anonymous"])
def test_only_editors_and_offices_keep_inventories(cast, who):
    user = getattr(cast, who) or AnonymousUser()
    with pytest.raises(PermissionDenied):
        services.water_inventory_create(
            local_government=cast.freiburg, year=2022, population_served=10, user=user
        )


def test_submit_verify_and_reopen(cast, inventory):
    services.water_inventory_submit(inventory=inventory, user=cast.editor)
    with pytest.raises(ValidationError, match="only a draft changes"):
        services.water_line_save(
            inventory=inventory,
            data=services.LineData("residential", "surface", 1, "m3"),
            user=cast.editor,
        )
    with pytest.raises(PermissionDenied):  # a member never verifies itself
        services.water_inventory_verify(inventory=inventory, user=cast.editor)
    with pytest.raises(PermissionDenied):  # nor does another region's office
        services.water_inventory_verify(inventory=inventory, user=cast.other_staff)
    services.water_inventory_verify(inventory=inventory, user=cast.staff)
    assert inventory.status == "verified" and inventory.verified_by == cast.staff
    with pytest.raises(PermissionDenied):  # the editor cannot undo the verification
        services.water_inventory_reopen(inventory=inventory, user=cast.editor)
    services.water_inventory_reopen(inventory=inventory, user=cast.staff)
    assert inventory.is_draft and inventory.verified_at is None


def test_an_empty_inventory_cannot_be_submitted(cast):
    empty = services.water_inventory_create(
        local_government=cast.freiburg, year=2022, population_served=10, user=cast.editor
    )
    with pytest.raises(ValidationError, match="without consumption"):
        services.water_inventory_submit(inventory=empty, user=cast.editor)


def test_only_a_draft_is_deleted(cast, inventory):
    services.water_inventory_submit(inventory=inventory, user=cast.editor)
    with pytest.raises(ValidationError):
        services.water_inventory_delete(inventory=inventory, user=cast.editor)
    services.water_inventory_reopen(inventory=inventory, user=cast.editor)
    services.water_inventory_delete(inventory=inventory, user=cast.editor)
    assert not WaterConsumption.objects.exists()


# Benefits


def test_the_benefit_worked_example_with_the_countrys_grid_factor(cast, action, grid_factor):
    # 100,000 m³ × 0.371426 kWh / m³ (EPRI 2002: 1,406 kWh per million US gallons)
    # = 37,142.6 kWh; × 0.380 kg CO2 / kWh (380 kg / MWh) = 14,114.2 kg CO2e.
    benefit = services.water_benefit_save(action=action, amount=100_000, user=cast.editor)
    assert benefit.kwh_saved == pytest.approx(37_142.59, rel=1e-6)
    assert benefit.grid_factor == pytest.approx(0.38)
    assert benefit.kg_co2e_avoided == pytest.approx(14_114.18, rel=1e-6)
    assert benefit.energy_intensity_source == method.DEFAULT_ENERGY_INTENSITY_SOURCE
    assert benefit.grid_factor_source == grid_factor.source and benefit.factor_year == 2023
    assert benefit.local_government == cast.freiburg


def test_the_grid_factor_weighs_every_gas_with_ar6(cast, grid_factor):
    # AR6 GWP100: CH4 (fossil) 29.8, N2O 273 → 380 + 0.01 × 29.8 + 0.005 × 273 = 381.663 kg / MWh.
    grid_factor.kg_per_unit = {"CO2": 380.0, "CH4": 0.01, "N2O": 0.005}
    grid_factor.save()
    factor = services.grid_factor(cast.freiburg, 2023)
    assert factor.kg_co2e_per_kwh == pytest.approx(0.381663, rel=1e-4)
    assert factor.level == "country"


def test_a_benefit_without_a_grid_factor_has_no_emissions(cast, action):
    benefit = services.water_benefit_save(
        action=action,
        amount=1,
        unit="acre_foot",
        energy_intensity=3.5,
        energy_intensity_source="Seawater reverse osmosis plant, utility audit 2023",
        user=cast.editor,
    )
    assert benefit.m3_saved == pytest.approx(1233.489, rel=1e-6)
    assert benefit.kwh_saved == pytest.approx(1233.489 * 3.5, rel=1e-6)
    assert benefit.kg_co2e_avoided is None and benefit.grid_factor is None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amount": 10, "unit": "kWh"}, "unit"),
        ({"amount": -1}, "amount"),
        ({"amount": math.inf}, "amount"),
        ({"amount": 10, "energy_intensity": 2.0}, "energy_intensity_source"),
        (
            {"amount": 10, "energy_intensity": 1e6, "energy_intensity_source": "x"},
            "energy_intensity",
        ),
    ],
)
def test_bad_benefits_are_refused(cast, action, kwargs, field):
    with pytest.raises(ValidationError) as refused:
        services.water_benefit_save(action=action, user=cast.editor, **kwargs)
    assert field in refused.value.message_dict


def test_another_members_editor_cannot_record_benefits(cast, action):
    with pytest.raises(PermissionDenied):
        services.water_benefit_save(action=action, amount=10, user=cast.outsider)


def test_the_figure_source_reads_the_verified_inventory(cast, inventory):
    assert value_of("water_use_per_person", cast.freiburg, 2023) is None  # a draft
    services.water_inventory_submit(inventory=inventory, user=cast.editor)
    services.water_inventory_verify(inventory=inventory, user=cast.staff)
    found = value_of("water_use_per_person", cast.freiburg, 2023)
    assert found.value == pytest.approx(200.0)
    assert found.link == inventory.get_absolute_url()
    assert value_of("water_use_per_person", cast.freiburg, 2022) is None
