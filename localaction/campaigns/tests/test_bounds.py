"""Issue 11's probe on targets, plans and actions: a unit outside the grammar,
a number out of bounds, a boolean for a number, a date of year 1 — each a 400
naming the field (and the unit) on the API, a row and column in an import;
and a target over an inventory stored before the bounds were checked states a
problem instead of failing."""

from __future__ import annotations

import pytest

from localaction.campaigns.files import import_actions, import_targets
from localaction.campaigns.models import Action, ActionPlan, Target
from localaction.campaigns.services import target_figures
from localaction.core.quantities import DESCRIPTION_LENGTH
from localaction.inventories.models import Inventory, InventoryTotal
from localaction.tables import ImportFailed

TARGETS = "/api/targets/"
PLANS = "/api/action-plans/"
ACTIONS = "/api/actions/"
BAD_UNITS = ["10**10**7", "$", "1/0", "kg**0", "(kg", "kg**99"]
RENEWABLES = {
    "local_government": "de-freiburg",
    "title": "Renewables",
    "type": "indicator",
    "base_year": 2015,
    "target_year": 2030,
    "indicator": "renewable_share",
    "indicator_unit": "percent",
    "base_value": 12,
    "target_value": 40,
}
SOLAR = {"local_government": "de-freiburg", "title": "Solar roofs"}


def post(client, url: str, payload: dict):
    return client.post(url, payload, content_type="application/json")


@pytest.mark.parametrize("unit", BAD_UNITS)
def test_a_bad_indicator_unit_is_a_400_naming_the_field_and_the_unit(cast, client_as, unit):
    response = post(client_as("editor"), TARGETS, {**RENEWABLES, "indicator_unit": unit})

    assert response.status_code == 400, response.content
    assert f"'{unit}' is not a unit" in " ".join(response.json()["indicator_unit"])
    assert not Target.objects.exists()


@pytest.mark.parametrize("unit", BAD_UNITS)
def test_a_bad_impact_unit_is_a_400_naming_the_field_and_the_unit(cast, client_as, unit):
    response = post(
        client_as("editor"), ACTIONS, {**SOLAR, "impact_amount": 5, "impact_unit": unit}
    )

    assert response.status_code == 400, response.content
    assert f"'{unit}' is not a unit" in " ".join(response.json()["impact_unit"])
    assert not Action.objects.exists()


@pytest.mark.parametrize("url", [TARGETS, ACTIONS])
def test_a_unit_of_ten_thousand_characters_is_a_400_naming_the_field(cast, client_as, url):
    field = "indicator_unit" if url == TARGETS else "impact_unit"
    payload = {**RENEWABLES} if url == TARGETS else {**SOLAR, "impact_amount": 5}

    response = post(client_as("editor"), url, {**payload, field: "x" * 10_000})

    assert response.status_code == 400, response.content
    assert field in response.json()


@pytest.mark.parametrize(
    ("url", "change", "field", "words"),
    [
        (TARGETS, {"adopted_on": "0001-01-01"}, "adopted_on", "from 1990-01-01"),
        (TARGETS, {"target_value": 1e308}, "target_value", "from -1e15 to 1e15"),
        (TARGETS, {"base_value": True}, "base_value", "valid number"),
        (TARGETS, {"target_year": 32767}, "target_year", ""),
        (TARGETS, {"description": "d" * 1_000_000}, "description", str(DESCRIPTION_LENGTH)),
        (
            TARGETS,
            {
                "type": "fixed_level",
                "base_year": 2010,
                "level_tco2e": 1e308,
                "indicator": "",
                "indicator_unit": "",
                "base_value": None,
                "target_value": None,
            },
            "level_tco2e",
            "from 0 to 1e11 t CO2e",
        ),
        (ACTIONS, {"impact_tco2e": 1e308}, "impact_tco2e", "1e11 t CO2e a year"),
        (ACTIONS, {"impact_tco2e": True}, "impact_tco2e", "valid number"),
        (ACTIONS, {"impact_amount": -1e308, "impact_unit": "MWh"}, "impact_amount", "1e15"),
        (ACTIONS, {"starts_on": "0001-01-01"}, "starts_on", "from 1900-01-01"),
        (PLANS, {"adopted_on": "0001-01-01"}, "adopted_on", "from 1990-01-01"),
    ],
)
def test_a_commitment_out_of_bounds_is_a_400_naming_the_field(
    cast, record, client_as, url, change, field, words
):
    payload = {TARGETS: RENEWABLES, ACTIONS: SOLAR, PLANS: {**SOLAR, "title": "Plan"}}[url]

    response = post(client_as("editor"), url, {**payload, **change})

    assert response.status_code == 400, response.content
    assert words in " ".join(response.json()[field])
    assert not (Target.objects.exists() or Action.objects.exists() or ActionPlan.objects.exists())


# The imports


def csv_file(*lines: str, header: str) -> bytes:
    return "\n".join([header, *lines, ""]).encode()


@pytest.mark.parametrize("unit", BAD_UNITS)
def test_a_bad_unit_in_a_targets_file_is_refused_at_its_row_and_column(cast, unit):
    content = csv_file(
        f"de-freiburg,Renewables,indicator,2015,2030,renewable_share,{unit},12,40",
        header="member,title,type,base_year,target_year,indicator,indicator_unit,"
        "base_value,target_value",
    )

    with pytest.raises(ImportFailed) as failed:
        import_targets(content, filename="targets.csv")

    (error,) = failed.value.errors
    assert (error.row, error.column) == (2, "indicator_unit")
    assert f"'{unit}' is not a unit" in error.message
    assert not Target.objects.exists()


def test_numbers_out_of_bounds_in_files_are_refused_at_their_row_and_column(cast):
    targets = csv_file(
        "de-freiburg,Renewables,indicator,2015,2030,renewable_share,percent,12,1e308",
        header="member,title,type,base_year,target_year,indicator,indicator_unit,"
        "base_value,target_value",
    )
    actions = csv_file("de-freiburg,Solar,1e308", header="member,title,impact_tco2e")

    for import_file, content, column in [
        (import_targets, targets, "target_value"),
        (import_actions, actions, "impact_tco2e"),
    ]:
        with pytest.raises(ImportFailed) as failed:
            import_file(content, filename="file.csv")
        assert [(error.row, error.column) for error in failed.value.errors] == [(2, column)]


# Inventories stored before the bounds were checked


def test_a_target_over_an_inventory_that_cannot_be_added_up_states_the_problem(cast, record):
    target = Target.objects.create(
        local_government=cast.freiburg,
        title="Climate 2030",
        type="base_year",
        base_year=2010,
        target_year=2030,
        reduction_percent=40,
    )
    # The probe's masses, as stored before: each finite, their sum not.
    InventoryTotal.objects.filter(inventory=record[2020]).update(kg=1.7e308)

    figures = target_figures(target, Inventory.objects.filter(status="published"))

    assert figures.target_t is None
    assert figures.problem == (
        "The emissions of the 2020 inventory cannot be added up: they are not finite "
        "numbers within the bounds."
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sector_growth_percent": {"II": True}}, "sector_growth_percent"),
        ({"default_growth_percent": True}, "default_growth_percent"),
        ({"default_growth_percent": 1e308}, "default_growth_percent"),
        ({"note": "n" * 1_000_000}, "note"),
    ],
)
def test_a_forecast_takes_numbers_only_within_bounds(cast, client_as, change, field):
    response = client_as("editor").patch(
        "/api/forecasts/de-freiburg/", change, content_type="application/json"
    )

    assert response.status_code == 400, response.content
    assert field in response.json()
