"""Issue 11's probe, through every door of the inventories: a number out of
bounds, a boolean for a number, a huge comment or a unit outside the grammar
is a 400 naming the field (and the unit); lines stored before the bounds were
checked never make a page or the API answer 500, and an inventory that cannot
be added up is never submitted, verified or published."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from localaction.core.quantities import COMMENT_LENGTH
from localaction.inventories.library import ipcc2006_library
from localaction.inventories.lines import import_lines
from localaction.inventories.models import EmissionFactor, Inventory, InventoryLine
from localaction.inventories.services import (
    LineData,
    LinesUnusable,
    inventory_move,
    inventory_replace_lines,
    inventory_summarise,
    line_error_column,
)
from localaction.reports.services import Scope, network_report
from localaction.tables import ImportFailed

INVENTORIES = "/api/inventories/"
FACTORS = "/api/emission-factors/"
BAD_UNITS = ["10**10**7", "$", "1/0", "kg**0", "(kg", "kg**99"]
LONG_UNIT = "x" * 10_000


@pytest.fixture
def draft(cast) -> Inventory:
    """Freiburg's 2022 draft: 1,000 TJ of natural gas in homes."""
    inventory = Inventory.objects.create(local_government=cast.freiburg, year=2022)
    inventory_replace_lines(
        inventory=inventory,
        lines=[LineData("I.1.1", amount=1000, unit="TJ", factor="natural_gas")],
    )
    return inventory


def lines_url(inventory: Inventory) -> str:
    return f"{INVENTORIES}{inventory.pk}/lines/"


def post(client, url: str, payload: dict):
    return client.post(url, payload, content_type="application/json")


# The lines API


@pytest.mark.parametrize(
    ("line", "field", "words"),
    [
        # The probe: each mass finite, their CO2e not.
        (
            {"gpc_ref": "III.1.1", "measured_kg": {"CO2": 1.7e308, "CH4": 1.7e308}},
            "measured_kg",
            "out of bounds: a gas mass is a finite number from -1e13 to 1e13 kg",
        ),
        (
            {"gpc_ref": "I.1.1", "amount": 1e308, "unit": "TJ", "factor": "natural_gas"},
            "amount",
            "out of bounds: an amount is a finite number from 0 to 1e15",
        ),
        # Each within its bound, the product not: 1e12 TJ × 56,100 kg CO2/TJ.
        (
            {"gpc_ref": "I.1.1", "amount": 1e12, "unit": "TJ", "factor": "natural_gas"},
            "amount",
            "the line computes to 5.61e+16 kg of CO2, out of bounds",
        ),
        (
            {
                "gpc_ref": "I.1.2",
                "amount": 1,
                "unit": "MWh",
                "ef_kg": {"CO2": 1e300},
                "ef_unit": "kg/MWh",
            },
            "ef_kg",
            "an emission factor is a finite number",
        ),
        ({"gpc_ref": "I.1.1", "amount": True, "unit": "TJ"}, "amount", "valid number"),
        (
            {"gpc_ref": "III.1.1", "measured_kg": {"CH4": False}},
            "measured_kg",
            "valid number",
        ),
        (
            {"gpc_ref": "III.1.1", "measured_kg": {"CH4": 1}, "comment": "x" * 1_000_000},
            "comment",
            f"no more than {COMMENT_LENGTH} characters",
        ),
        (
            {"gpc_ref": "IV.1", "notation_key": "NE", "explanation": "y" * (COMMENT_LENGTH + 1)},
            "explanation",
            f"no more than {COMMENT_LENGTH} characters",
        ),
    ],
)
def test_a_line_out_of_bounds_is_a_400_naming_the_field(draft, client_as, line, field, words):
    response = post(client_as("editor"), lines_url(draft), line)

    assert response.status_code == 400, response.content
    assert words in str(response.json()[field])
    assert draft.lines.count() == 1


UNIT_FIELDS = {
    "unit": {"gpc_ref": "I.1.1", "amount": 10, "factor": "natural_gas"},
    "ef_unit": {"gpc_ref": "I.1.2", "amount": 10, "unit": "MWh", "ef_kg": {"CO2": 400}},
    "ncv_unit": {
        "gpc_ref": "II.1.1",
        "amount": 10,
        "unit": "t",
        "factor": "gas_diesel_oil",
        "ncv": 43,
    },
    "density_unit": {
        "gpc_ref": "II.1.1",
        "amount": 10,
        "unit": "l",
        "factor": "gas_diesel_oil",
        "density": 0.84,
    },
}


@pytest.mark.parametrize("field", UNIT_FIELDS)
@pytest.mark.parametrize("unit", BAD_UNITS)
def test_a_bad_unit_on_a_line_is_a_400_naming_the_field_and_the_unit(draft, client_as, field, unit):
    response = post(client_as("editor"), lines_url(draft), {**UNIT_FIELDS[field], field: unit})

    assert response.status_code == 400, response.content
    assert f"'{unit}' is not a unit" in " ".join(response.json()[field])


@pytest.mark.parametrize("field", UNIT_FIELDS)
def test_a_unit_of_ten_thousand_characters_is_a_400_naming_the_field(draft, client_as, field):
    response = post(client_as("editor"), lines_url(draft), {**UNIT_FIELDS[field], field: LONG_UNIT})

    assert response.status_code == 400, response.content
    assert "no more than 30 characters" in " ".join(response.json()[field])


# The emission-factor library's API


def new_factor(**change) -> dict:
    return {
        "code": "de-freiburg:heat",
        "name": "District heat",
        "activity": "district_heat",
        "unit": "MWh",
        "kg_per_unit": {"CO2": 200},
        "local_government": "de-freiburg",
        "source": "The utility, 2022",
        **change,
    }


@pytest.mark.parametrize("field", ["unit", "ncv_unit", "density_unit"])
@pytest.mark.parametrize("unit", BAD_UNITS)
def test_a_bad_factor_unit_is_a_400_naming_the_field_and_the_unit(cast, client_as, field, unit):
    values = {"ncv": 1, "density": 1} if field != "unit" else {}
    response = post(client_as("editor"), FACTORS, new_factor(**values, **{field: unit}))

    assert response.status_code == 400, response.content
    assert f"'{unit}' is not a unit" in " ".join(response.json()[field])


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"kg_per_unit": {"CO2": 1e308}}, "kg_per_unit", "from -1e12 to 1e12 kg per unit"),
        ({"kg_per_unit": {"CO2": True}}, "kg_per_unit", "valid number"),
        ({"ncv": 1e300, "ncv_unit": "TJ/Gg"}, "ncv", "at most 1e12"),
        ({"ncv": True, "ncv_unit": "TJ/Gg"}, "ncv", "valid number"),
        ({"biogenic_co2_kg_per_unit": 1e308}, "biogenic_co2_kg_per_unit", "1e12"),
        ({"valid_from": 1}, "valid_from", "from 1,900 to 2,100"),
        ({"source": "s" * 1_000_000}, "source", f"no more than {COMMENT_LENGTH}"),
    ],
)
def test_a_factor_out_of_bounds_is_a_400_naming_the_field(cast, client_as, change, field, words):
    response = post(client_as("editor"), FACTORS, new_factor(**change))

    assert response.status_code == 400, response.content
    assert words in str(response.json()[field])


# Inventories


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"period_start": "0001-01-01"}, "period_start"),
        ({"period_end": "9999-12-31"}, "period_end"),
        ({"boundary_note": "b" * 1_000_000}, "boundary_note"),
    ],
)
def test_an_inventory_period_out_of_bounds_is_a_400(cast, client_as, change, field):
    response = post(
        client_as("editor"),
        INVENTORIES,
        {"local_government": "de-freiburg", "year": 2021, **change},
    )

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Inventory.objects.filter(year=2021).exists()


# The page's form and the file import


def test_a_bad_unit_on_the_line_form_is_shown_on_its_field(draft, client_as):
    response = client_as("editor").post(
        "/members/de-freiburg/inventories/2022/lines/",
        {"gpc_ref": "I.1.1", "amount": "10", "unit": "10**10**7", "factor": "natural_gas"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["unit"] == [
        "'10**10**7' is not a unit: '10' is a number where a unit name should be; "
        "numbers are only powers, as in m**3"
    ]
    assert draft.lines.count() == 1


def test_a_huge_number_on_the_line_form_is_shown_on_its_field(draft, client_as):
    response = client_as("editor").post(
        "/members/de-freiburg/inventories/2022/lines/",
        {"gpc_ref": "III.1.1", "co2_kg": "1.7e308", "ch4_kg": "1.7e308"},
    )

    assert response.status_code == 200
    assert "out of bounds" in " ".join(response.context["form"].errors["co2_kg"])


@pytest.mark.parametrize("unit", BAD_UNITS)
def test_a_bad_unit_in_a_lines_file_is_refused_by_row_and_column(cast, unit):
    content = f"gpc_ref,amount,unit,factor\nI.1.1,10,{unit},natural_gas\n".encode()
    with pytest.raises(ImportFailed) as failed:
        import_lines(content, filename="lines.csv", local_government=cast.freiburg, year=2022)

    (error,) = failed.value.errors
    assert (error.row, error.column) == (2, "unit")
    assert f"'{unit}' is not a unit" in error.message


def test_masses_out_of_bounds_in_a_lines_file_are_refused(cast):
    content = b"gpc_ref,co2_kg,ch4_kg\nIII.1.1,1.7e308,1.7e308\n"
    with pytest.raises(ImportFailed) as failed:
        import_lines(content, filename="lines.csv", local_government=cast.freiburg, year=2022)

    assert [(e.row, e.column) for e in failed.value.errors] == [(2, "co2_kg")]
    assert not Inventory.objects.filter(year=2022).exists()


# Lines stored before the bounds were checked


def store_unchecked(inventory: Inventory, gases_kg: dict[str, float]) -> None:
    """A line saved as the probe saved it, past the services' checks."""
    InventoryLine.objects.create(
        local_government_id=inventory.local_government_id,
        inventory=inventory,
        position=1,
        gpc_ref="III.1.1",
        measured_kg=gases_kg,
        gases_kg=gases_kg,
    )
    inventory_summarise(inventory=inventory)


PROBE = {"CO2": 1.7e308, "CH4": 1.7e308}


def test_results_of_unusable_lines_are_a_clear_400_in_the_api(draft, client_as):
    store_unchecked(draft, PROBE)

    response = client_as("editor").get(f"{INVENTORIES}{draft.pk}/results/")

    assert response.status_code == 400
    assert "Line(s) 2 cannot be added up" in response.json()["lines"][0]


@pytest.mark.parametrize("page", ["results/", "summary/"])
def test_results_pages_of_unusable_lines_say_so(draft, client_as, page):
    store_unchecked(draft, PROBE)

    response = client_as("editor").get(f"/members/de-freiburg/inventories/2022/{page}")

    assert response.status_code == 400
    assert "Line(s) 2 cannot be added up" in response.content.decode()


def test_the_editor_shows_unusable_lines_to_be_corrected(draft, client_as):
    store_unchecked(draft, PROBE)

    response = client_as("editor").get("/members/de-freiburg/inventories/2022/")

    assert response.status_code == 200
    assert "Line(s) 2 cannot be added up" in response.content.decode()
    # The usable line still counts: 1,000 TJ × 56,100 kg CO2/TJ (IPCC 2006 Table 2.5).
    assert response.context["results"].by_gas_kg()["CO2"] == pytest.approx(56_100_000)


@pytest.mark.parametrize("step", ["submit", "verify", "publish"])
def test_an_inventory_that_cannot_be_added_up_takes_no_step_forward(draft, cast, step):
    store_unchecked(draft, PROBE)
    before = {"submit": "draft", "verify": "submitted", "publish": "verified"}[step]
    Inventory.objects.filter(pk=draft.pk).update(status=before)
    draft.refresh_from_db()

    with pytest.raises(LinesUnusable, match="cannot be added up"):
        inventory_move(inventory=draft, step=step, user=cast.staff)

    assert Inventory.objects.get(pk=draft.pk).status == before


def test_totals_beyond_the_bound_are_not_published(draft, cast):
    # 9e12 kg of SF6 is within a line's bound, but at a GWP of 23,500 (AR5)
    # or more its CO2e is some 2e17 kg: far beyond any inventory's total.
    inventory_replace_lines(inventory=draft, lines=[LineData("I.8.1", measured_kg={"SF6": 9e12})])

    with pytest.raises(ValidationError, match="totals are outside the bounds"):
        inventory_move(inventory=draft, step="submit", user=cast.editor)

    assert Inventory.objects.get(pk=draft.pk).status == "draft"


# One mapping of a line's problem to where it was given


@pytest.mark.parametrize(
    ("field", "data", "column"),
    [
        ("cell", LineData("IX"), "gpc_ref"),
        ("unit", LineData("I.1.1", amount=1), "unit"),
        ("ncv_unit", LineData("I.1.1", amount=1, ncv=1), "ncv_unit"),
        ("factor_unit", LineData("I.1.1", amount=1, ef_kg={"CO2": 1}), "ef_unit"),
        ("factor_unit", LineData("I.1.1", amount=1, factor="natural_gas"), "factor"),
        ("factors", LineData("I.1.1", amount=1, ef_kg={"XX": 1}), "ef_xx"),
        ("CH4", LineData("I.1.1", amount=1, ef_kg={"CH4": -1}), "ef_ch4"),
        ("CH4", LineData("I.1.1", amount=1, factor="natural_gas"), "factor"),
        ("CH4", LineData("III.1.1", measured_kg={"CH4": 1e300}), "ch4_kg"),
        ("gases_kg", LineData("III.1.1", measured_kg={"XX": 1}), "xx_kg"),
        ("biogenic_co2_kg", LineData("III.1.1", biogenic_co2_kg=-1), "biogenic_co2_kg"),
        ("biogenic_co2_kg", LineData("I.1.1", amount=1), "factor"),
        ("notation", LineData("IV.1", notation_key="NE"), "notation_key"),
        ("something else", LineData("IV.1"), None),
    ],
)
def test_a_line_error_points_to_the_column_it_came_from(field, data, column):
    assert line_error_column(field, data) == column


def test_the_profile_of_a_member_with_unusable_lines_still_answers(draft, client_as):
    store_unchecked(draft, PROBE)
    Inventory.objects.filter(pk=draft.pk).update(status="published")

    response = client_as("anonymous").get("/members/de-freiburg/")

    assert response.status_code == 200
    assert "2022" in response.content.decode()


def test_the_member_s_crf_file_of_unusable_lines_says_so(draft, client_as):
    store_unchecked(draft, PROBE)
    Inventory.objects.filter(pk=draft.pk).update(status="published")

    response = client_as("anonymous").get("/members/de-freiburg/crf.json")

    assert response.status_code == 400
    assert "Line(s) 2 cannot be added up" in response.content.decode()


def test_the_network_report_leaves_out_an_inventory_that_cannot_be_added_up(draft, cast):
    store_unchecked(draft, PROBE)
    Inventory.objects.filter(pk=draft.pk).update(status="published")

    report = network_report(Scope(year=2022))

    assert report.members_reporting == 0
    assert [(row.code, row.family) for row in report.excluded] == [("de-freiburg", "inventory")]
    assert "not finite" in report.excluded[0].reason


def test_the_ipcc_library_lies_within_the_bounds():
    for fields in ipcc2006_library():
        factor = EmissionFactor(**fields)
        factor.clean_fields()
        factor.clean()


def test_a_comment_too_long_on_the_line_form_is_refused_on_its_field(draft, client_as):
    response = client_as("editor").post(
        "/members/de-freiburg/inventories/2022/lines/",
        {"gpc_ref": "IV.1", "notation_key": "NE", "explanation": "-", "comment": "c" * 1_000_000},
    )

    assert response.status_code == 200
    assert "comment" in response.context["form"].errors
    assert draft.lines.count() == 1
