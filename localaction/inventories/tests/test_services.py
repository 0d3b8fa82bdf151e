"""Lines in, gas masses and per-cell totals out: the inventory services."""

import pytest
from django.core.exceptions import ValidationError

from localaction.core.gpc import Level
from localaction.inventories.models import EmissionFactor, Inventory, InventoryTotal
from localaction.inventories.services import (
    LineData,
    LinesInvalid,
    inventory_move,
    inventory_recalculate,
    inventory_replace_lines,
    inventory_results,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def inventory(cast):
    return Inventory.objects.create(local_government=cast.freiburg, year=2022)


def test_natural_gas_in_homes_by_the_ipcc_default(inventory):
    # 1,000 TJ of natural gas burnt in homes (GPC I.1.1), IPCC 2006 GL Vol.2
    # Ch.2 Table 2.5: 56,100 kg CO2, 5 kg CH4 and 0.1 kg N2O per TJ.
    inventory_replace_lines(
        inventory=inventory,
        lines=[LineData("I.1.1", amount=1000, unit="TJ", factor="natural_gas")],
    )
    line = inventory.lines.get()
    assert line.factor.code == "ipcc2006:stationary:residential:natural_gas"
    assert line.gases_kg == pytest.approx({"CO2": 56_100_000, "CH4": 5_000, "N2O": 100})
    # AR5 (IPCC AR5 WG1 Table 8.A.1): CH4 28, N2O 265.
    results = inventory_results(inventory, "AR5GWP100")
    assert results.total_co2e_kg(Level.BASIC) == pytest.approx(56_100_000 + 5_000 * 28 + 100 * 265)


def test_a_fuel_in_tonnes_goes_through_its_calorific_value(inventory):
    # 100 t diesel in road transport: 100 t × 43.0 TJ/Gg (IPCC 2006 Vol.2 Ch.1
    # Table 1.2) = 4.3 TJ; × 74,100 kg CO2/TJ (Table 3.2.1) = 318,630 kg CO2.
    inventory_replace_lines(
        inventory=inventory,
        lines=[LineData("II.1.1", amount=100, unit="t", factor="gas_diesel_oil")],
    )
    assert inventory.lines.get().gases_kg["CO2"] == pytest.approx(318_630)


def test_the_most_specific_factor_wins(inventory, cast):
    EmissionFactor.objects.create(
        code="de:grid:2022",
        name="German grid electricity 2022",
        activity="electricity",
        unit="MWh",
        kg_per_unit={"CO2": 434},
        country_id="DE",
        source="Umweltbundesamt 2023",
    )
    EmissionFactor.objects.create(
        code="freiburg:green",
        name="Freiburg's supply",
        activity="electricity",
        unit="MWh",
        kg_per_unit={"CO2": 120},
        local_government=cast.freiburg,
        source="Stadtwerke",
    )
    EmissionFactor.objects.create(
        code="fr:grid",
        name="French grid",
        activity="electricity",
        unit="MWh",
        kg_per_unit={"CO2": 52},
        country_id="FR",
        source="ADEME",
    )
    inventory_replace_lines(
        inventory=inventory,
        lines=[LineData("I.1.2", amount=10, unit="GWh", factor="electricity")],
    )
    line = inventory.lines.get()
    assert line.factor.code == "freiburg:green"
    assert line.gases_kg == pytest.approx({"CO2": 10_000 * 120})


def test_totals_follow_the_lines_and_equal_their_sum(inventory):
    inventory_replace_lines(
        inventory=inventory,
        lines=[
            LineData("I.1.1", amount=10, unit="TJ", factor="natural_gas"),
            LineData("I.1.1", amount=5, unit="TJ", ef_kg={"CO2": 1000}, ef_unit="kg/TJ"),
            LineData("III.1.1", measured_kg={"CH4": 2_000}),
            LineData("I.7.1", notation_key="NO", explanation="No coal mines in the city"),
        ],
    )
    totals = {(t.gpc_ref, t.gas): t.kg for t in InventoryTotal.objects.filter(inventory=inventory)}
    assert totals[("I.1.1", "CO2")] == pytest.approx(10 * 56_100 + 5 * 1000)
    assert totals[("III.1.1", "CH4")] == 2_000
    line_sum = sum(line.gases_kg.get("CO2", 0) for line in inventory.lines.all())
    assert sum(kg for (_ref, gas), kg in totals.items() if gas == "CO2") == pytest.approx(line_sum)


@pytest.mark.parametrize(
    "data, field, words",
    [
        (LineData("IX.1.1", amount=1, unit="TJ", factor="natural_gas"), "gpc_ref", "IX"),
        (LineData("I.1.1", amount=1, unit="kwhh", factor="natural_gas"), "unit", "kwhh"),
        (LineData("I.1.1", amount=1, unit="km", factor="natural_gas"), "unit", "dimension"),
        (LineData("I.1.1", amount=-1, unit="TJ", factor="natural_gas"), "amount", ""),
        (LineData("I.1.1", amount=1, unit="TJ", factor="unobtainium"), "factor", "unobtainium"),
        (LineData("I.1.1", amount=1, unit="TJ", notation_key="NO", explanation="x"), "", "only"),
        (LineData("I.1.1", notation_key="NO"), "explanation", "explanation"),
        (LineData("I.1.1", notation_key="XX", explanation="x"), "notation_key", "XX"),
        (LineData("I.1.1", amount=1, unit="TJ", ef_kg={"CO2": 1}), "ef_unit", "unit"),
    ],
)
def test_bad_lines_are_refused_with_their_field_and_nothing_is_written(
    inventory, data, field, words
):
    inventory_replace_lines(
        inventory=inventory, lines=[LineData("I.1.1", amount=1, unit="TJ", factor="natural_gas")]
    )
    with pytest.raises(LinesInvalid) as refused:
        inventory_replace_lines(
            inventory=inventory, lines=[LineData("I.2.1", measured_kg={"CO2": 1}), data]
        )
    (error,) = refused.value.errors
    assert error.index == 1
    assert field in error.field
    assert words in str(error)
    assert [line.gpc_ref for line in inventory.lines.all()] == ["I.1.1"]


def test_a_library_edit_never_changes_a_line_until_recalculated(inventory):
    inventory_replace_lines(
        inventory=inventory, lines=[LineData("I.1.1", amount=1, unit="TJ", factor="natural_gas")]
    )
    factor = EmissionFactor.objects.get(code="ipcc2006:stationary:residential:natural_gas")
    factor.kg_per_unit = {**factor.kg_per_unit, "CO2": 50_000}
    factor.save()
    assert inventory.lines.get().gases_kg["CO2"] == 56_100
    assert inventory_recalculate(inventory=inventory) == 1
    assert inventory.lines.get().gases_kg["CO2"] == 50_000


def test_only_a_draft_changes(inventory, cast):
    inventory_move(inventory=inventory, step="submit", user=cast.editor)
    assert inventory.submitted_by == cast.editor
    with pytest.raises(ValidationError):
        inventory_replace_lines(inventory=inventory, lines=[])
    with pytest.raises(ValidationError):
        inventory_move(inventory=inventory, step="publish", user=cast.staff)


@pytest.mark.parametrize(
    "data, field",
    [
        (LineData("I.1.1", measured_kg={"CO2": 1}, data_quality="excellent"), "data_quality"),
        (LineData("I.1.1", amount=1, unit="T" * 31, factor="natural_gas"), "unit"),
        (LineData("I.1.1", measured_kg={"CO2": 1}, activity="x" * 301), "activity"),
    ],
)
def test_what_the_database_cannot_hold_is_refused_first(inventory, data, field):
    with pytest.raises(LinesInvalid) as refused:
        inventory_replace_lines(inventory=inventory, lines=[data])
    assert refused.value.errors[0].field == field
    assert inventory.lines.count() == 0


def test_a_line_that_names_no_factor_takes_the_one_for_its_activity(inventory):
    # "Natural gas" in homes (I.1.1): the IPCC 2006 residential default, Table 2.5.
    inventory_replace_lines(
        inventory=inventory,
        lines=[LineData("I.1.1", activity="Natural gas", amount=2, unit="TJ")],
    )
    line = inventory.lines.get()
    assert line.factor.code == "ipcc2006:stationary:residential:natural_gas"
    assert line.gases_kg["CO2"] == pytest.approx(2 * 56_100)


def test_an_activity_the_library_does_not_know_still_needs_a_factor(inventory):
    with pytest.raises(LinesInvalid) as refused:
        inventory_replace_lines(
            inventory=inventory,
            lines=[LineData("I.1.1", activity="Heat pumps", amount=2, unit="TJ")],
        )
    assert refused.value.errors[0].field == "factor"
