"""An inventory's lines as a CSV, XLSX or JSON file (docs/formats/inventory.md)."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localaction.core.gwp import GASES
from localaction.inventories.lines import (
    BASE_COLUMNS,
    export_lines,
    import_lines,
)
from localaction.inventories.models import Inventory, InventoryLine, InventoryTotal
from localaction.inventories.services import inventory_move
from localaction.tables import ImportFailed

HEADER = ",".join(BASE_COLUMNS)
DOCUMENTATION = Path(__file__).parents[3] / "docs" / "formats" / "inventory.md"
NATURAL_GAS_HOMES = "ipcc2006:stationary:residential:natural_gas"
# Every stored field of a line but its keys: what a round trip must keep.
STORED = [
    field.attname
    for field in InventoryLine._meta.concrete_fields
    if field.name not in ("id", "inventory", "local_government")
]


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows, ""]).encode()


def row(**values: object) -> str:
    """A CSV row under HEADER with the given cells and the others blank."""
    return ",".join(str(values.get(column, "")) for column in BASE_COLUMNS)


def lines_of(inventory: Inventory) -> list[tuple]:
    return list(inventory.lines.order_by("position").values_list(*STORED))


def database() -> list:
    """Everything an import could touch."""
    return [
        list(Inventory.objects.order_by("pk").values_list("pk", "year", "status", "gwp_set")),
        list(InventoryLine.objects.order_by("pk").values_list("pk", *STORED)),
        list(InventoryTotal.objects.order_by("pk").values_list("gpc_ref", "gas", "kg")),
    ]


def imported(cast, content: bytes, filename: str = "lines.csv", year: int = 2022):
    return import_lines(content, filename=filename, local_government=cast.freiburg, year=year)


def refused(cast, content: bytes, filename: str = "lines.csv") -> list[str]:
    """The problems an import reports, after checking that it changed nothing."""
    before = database()
    with pytest.raises(ImportFailed) as failure:
        imported(cast, content, filename)
    assert database() == before
    return [str(error) for error in failure.value.errors]


def exported(inventory: Inventory, file_format: str = "csv") -> bytes:
    target = io.BytesIO()
    export_lines(inventory, format=file_format, target=target)
    return target.getvalue()


@pytest.fixture
def draft(cast) -> Inventory:
    """Freiburg's 2022 draft with one line, so that a refused import has something to keep."""
    result = imported(cast, csv_file(row(gpc_ref="I.2.1", co2_kg=1000)))
    return result.inventory


EVERY_KIND = csv_file(
    row(gpc_ref="I.1.1", activity="Gas in homes", amount=1000, unit="TJ", factor="natural_gas"),
    row(gpc_ref="I.1.2", amount=10000, unit="MWh", ef_co2=400, ef_unit="kg/MWh"),
    row(gpc_ref="III.1.1", ch4_kg=100000, data_quality="Medium", source="Landfill operator"),
    row(gpc_ref="I.7.1", notation_key="no", explanation="No coal mines"),
)


# Importing


def test_import_creates_the_draft_with_every_kind_of_line(cast):
    result = imported(cast, EVERY_KIND)

    inventory = Inventory.objects.get(local_government=cast.freiburg, year=2022)
    assert result.inventory == inventory and inventory.is_draft
    assert (result.created, result.replaced, result.lines) == (True, 0, 4)
    assert result.kinds == {
        "library factor": 1,
        "explicit factors": 1,
        "measured": 1,
        "notation key": 1,
    }
    gas, electricity, landfill, coal = inventory.lines.order_by("position")
    # IPCC 2006 GL Vol.2 Ch.2 Table 2.5: 56,100 kg CO2, 5 kg CH4, 0.1 kg N2O per TJ.
    assert gas.factor.code == NATURAL_GAS_HOMES
    assert gas.gases_kg == pytest.approx({"CO2": 56_100_000, "CH4": 5_000, "N2O": 100})
    assert electricity.factor is None
    assert electricity.gases_kg == pytest.approx({"CO2": 4_000_000})
    assert (landfill.measured_kg, landfill.data_quality) == ({"CH4": 100_000}, "medium")
    assert (coal.notation_key, coal.explanation, coal.gases_kg) == ("NO", "No coal mines", {})
    assert InventoryTotal.objects.filter(inventory=inventory).count() == 5


def test_import_replaces_the_lines_of_the_draft(cast, draft):
    result = imported(cast, EVERY_KIND)
    assert (result.inventory, result.created, result.replaced) == (draft, False, 1)
    assert [line.gpc_ref for line in draft.lines.order_by("position")] == [
        "I.1.1",
        "I.1.2",
        "III.1.1",
        "I.7.1",
    ]
    assert not InventoryTotal.objects.filter(inventory=draft, gpc_ref="I.2.1").exists()


def test_import_refuses_an_inventory_that_is_not_a_draft(cast, draft):
    inventory_move(inventory=draft, step="submit", user=cast.editor)
    assert refused(cast, EVERY_KIND) == [
        "the 2022 inventory of de-freiburg is submitted; only a draft takes an import"
    ]


def test_a_refused_file_creates_no_draft(cast):
    refused(cast, csv_file(row(gpc_ref="IX.1")))
    assert not Inventory.objects.exists()


BAD_ROWS = [
    # unknown unit
    (
        row(gpc_ref="I.1.1", amount=1, unit="kwhh", factor="natural_gas"),
        "row 2, `unit`: 'kwhh' is not a unit",
    ),
    (
        row(gpc_ref="I.1.2", amount=1, unit="MWh", ef_co2=400, ef_unit="kg/MWhh"),
        "row 2, `ef_unit`: 'kg/MWhh' is not a unit",
    ),
    # a unit of the wrong dimension
    (
        row(gpc_ref="I.1.1", amount=1, unit="km", factor="natural_gas"),
        "row 2, `unit`: 'km' is a distance but the factor 'kg/TJ' is per energy: "
        "a unit of the wrong dimension",
    ),
    (
        row(gpc_ref="I.1.1", amount=1, unit="t", ncv=43, ncv_unit="kg/l", factor="natural_gas"),
        "row 2, `ncv_unit`: 'kg/l' is not a unit of net calorific value "
        "(an energy per mass or per volume)",
    ),
    # mass-based fuel without a calorific value
    (
        row(gpc_ref="I.1.1", amount=10, unit="t", ef_co2=56100, ef_unit="kg/TJ"),
        "row 2, `ncv`: mass-based fuel needs a net calorific value: "
        "'t' is a mass but the factor 'kg/TJ' is per energy",
    ),
    # negative, NaN and infinite numbers
    (
        row(gpc_ref="I.1.1", amount=-5, unit="TJ", factor="natural_gas"),
        "row 2, `amount`: '-5' is negative; an amount is zero or more",
    ),
    (
        row(gpc_ref="I.1.1", amount="nan", unit="TJ", factor="natural_gas"),
        "row 2, `amount`: 'nan' is not a number",
    ),
    (
        row(gpc_ref="I.1.1", amount="inf", unit="TJ", factor="natural_gas"),
        "row 2, `amount`: 'inf' is not a number",
    ),
    (
        row(gpc_ref="I.1.1", amount='"1,5"', unit="TJ", factor="natural_gas"),
        "row 2, `amount`: '1,5' is not a number; use a dot as the decimal separator",
    ),
    (row(gpc_ref="III.1.1", ch4_kg="NaN"), "row 2, `ch4_kg`: 'NaN' is not a number"),
    (
        row(gpc_ref="I.1.1", co2_kg=-5),
        "row 2, `co2_kg`: a negative mass is a removal, which only AFOLU (V) reports",
    ),
    (
        row(gpc_ref="I.1.2", amount=1, unit="MWh", ef_co2=-400, ef_unit="kg/MWh"),
        "row 2, `ef_co2`: a negative mass is a removal, which only AFOLU (V) reports",
    ),
    (
        row(gpc_ref="I.1.1", amount=1, unit="t", ncv=0, ncv_unit="TJ/Gg", factor="natural_gas"),
        "row 2, `ncv`: '0' is not positive; a net calorific value is more than zero",
    ),
    # an amount and a notation key on one row
    (
        row(
            gpc_ref="I.1.1",
            amount=1,
            unit="TJ",
            factor="natural_gas",
            notation_key="NO",
            explanation="x",
        ),
        "row 2, `notation_key`: a line has an amount, measured masses or a notation key, "
        "only one of them",
    ),
    (
        row(gpc_ref="I.1.1", co2_kg=5, amount=1, unit="TJ", factor="natural_gas"),
        "row 2, `co2_kg`: a line has an amount, measured masses or a notation key, "
        "only one of them",
    ),
    # a notation key without explanation, or none of the keys
    (
        row(gpc_ref="I.7.1", notation_key="NO"),
        "row 2, `explanation`: notation key NO needs an explanation",
    ),
    (
        row(gpc_ref="I.7.1", notation_key="NA", explanation="x"),
        "row 2, `notation_key`: 'NA' is not a notation key; the keys are "
        "NO (Not occurring), IE (Included elsewhere), NE (Not estimated), C (Confidential)",
    ),
    # an unknown GPC reference, a scope the subsector does not have
    (
        row(gpc_ref="IX.1.1", co2_kg=1),
        "row 2, `gpc_ref`: 'IX.1.1' is not a GPC reference; the sectors are I to VI",
    ),
    (row(gpc_ref="I.7.2", co2_kg=1), "row 2, `gpc_ref`: I.7 has no scope 2"),
    (row(gpc_ref="IV.1.3", co2_kg=1), "row 2, `gpc_ref`: IV.1 has no scope 3"),
    (row(co2_kg=1), "row 2, `gpc_ref`: a value is required"),
    # what the library or the format cannot give
    (
        row(gpc_ref="I.1.1", amount=1, unit="TJ", factor="unobtainium"),
        "row 2, `factor`: 'unobtainium' is neither a factor code nor an activity "
        "with a factor in I.1.1",
    ),
    (
        row(gpc_ref="I.1.1", amount=1, unit="TJ"),
        "row 2, `factor`: an amount needs a library factor or explicit factors",
    ),
    (
        row(gpc_ref="I.1.1", amount=1, unit="TJ", ef_co2=1),
        "row 2, `ef_unit`: explicit factors need their unit, e.g. kg/TJ",
    ),
    (
        row(gpc_ref="I.1.1", amount=1, unit="TJ", factor="natural_gas", ef_unit="kg/TJ"),
        "row 2, `ef_unit`: this is the unit of explicit factors, and the row has none "
        "(e.g. ef_co2)",
    ),
    (
        row(gpc_ref="I.1.1", co2_kg=1, unit="TJ"),
        "row 2, `unit`: this goes with an amount, and the row has none",
    ),
    (
        row(gpc_ref="I.1.1", amount=1, unit="t", ncv=43, factor="natural_gas"),
        "row 2, `ncv_unit`: a net calorific value needs its unit, e.g. TJ/Gg or kg/l",
    ),
    (
        row(gpc_ref="I.1.1", co2_kg=1, data_quality="great"),
        "row 2, `data_quality`: 'great' is not a data quality; use high, medium, low",
    ),
    (
        row(gpc_ref="I.1.1", co2_kg=1, activity="x" * 301),
        "row 2, `activity`: at most 300 characters (this has 301)",
    ),
]


@pytest.mark.parametrize(("bad_row", "message"), BAD_ROWS)
def test_a_bad_row_is_reported_at_its_row_and_column_and_nothing_is_written(
    cast, draft, bad_row, message
):
    assert refused(cast, csv_file(bad_row)) == [message]


def test_every_problem_of_every_row_is_reported_in_file_order(cast, draft):
    content = csv_file(
        row(gpc_ref="I.1.1", amount=1000, unit="TJ", factor="natural_gas"),
        row(gpc_ref="I.1.1", amount=1, unit="kwhh", factor="natural_gas"),
        "",
        row(gpc_ref="I.7.1", notation_key="NO", data_quality="great", amount="x"),
        row(gpc_ref="IX", co2_kg=1),
    )
    assert refused(cast, content) == [
        "row 3, `unit`: 'kwhh' is not a unit",
        "row 5, `amount`: 'x' is not a number",
        "row 5, `data_quality`: 'great' is not a data quality; use high, medium, low",
        "row 6, `gpc_ref`: 'IX' is not a GPC reference; the sectors are I to VI",
    ]


@pytest.mark.parametrize(
    ("column", "message"),
    [
        (
            "ef_xyz",
            "'xyz' is not a known gas; the gases are " + ", ".join(g.lower() for g in GASES),
        ),
        (
            "xyz_kg",
            "'xyz' is not a known gas; the gases are " + ", ".join(g.lower() for g in GASES),
        ),
        ("ef_HFC-134a", "write the column as `ef_hfc134a`"),
        (
            "colour",
            f"unknown column; the columns are {', '.join(BASE_COLUMNS)}, and ef_<gas> and "
            "<gas>_kg for the other gases (e.g. ef_sf6, hfc134a_kg)",
        ),
    ],
)
def test_a_column_for_an_unknown_gas_or_nothing_is_refused(cast, draft, column, message):
    content = csv_file("I.1.1,1", header=f"gpc_ref,{column}")
    assert refused(cast, content) == [f"row 1, `{column}`: {message}"]


def test_any_kyoto_gas_has_its_columns(cast):
    content = csv_file(
        "IV.1,,,10,1.5",
        "I.1.2,1000,MWh,,,,0.02,kg/MWh",
        header="gpc_ref,amount,unit,sf6_kg,hfc134a_kg,NF3_kg,ef_hfc32,ef_unit",
    )
    industry, cooling = imported(cast, content).inventory.lines.order_by("position")
    assert industry.measured_kg == {"SF6": 10, "HFC134a": 1.5}
    assert cooling.gases_kg == pytest.approx({"HFC32": 20})


def test_a_file_without_the_gpc_ref_column_or_in_latin_1_is_refused(cast, draft):
    assert refused(cast, csv_file("1", header="amount")) == [
        "row 1, `gpc_ref`: this required column is missing"
    ]
    latin_1 = csv_file(row(gpc_ref="I.1.1", co2_kg=1, activity="Fernwärme")).decode()
    assert refused(cast, latin_1.encode("latin-1")) == [
        "the file is not UTF-8 text (line 2 has the byte 0xE4; save it as “CSV UTF-8”)"
    ]
    assert refused(cast, b"%PDF-1.4", "lines.xlsx") == [
        "the file is not an XLSX workbook: it looks like a PDF document"
    ]
    assert refused(cast, EVERY_KIND, "lines.txt") == [
        "'lines.txt' is not a .csv, .xlsx or .json file"
    ]


def test_a_semicolon_csv_from_excel_with_any_column_order_and_case(cast):
    content = "\ufeffAmount;GPC_REF;unit;factor\n1000;i.1.1;TJ;natural_gas\n".encode()
    (line,) = imported(cast, content).inventory.lines.all()
    assert (line.gpc_ref, line.amount, line.factor.code) == ("I.1.1", 1000, NATURAL_GAS_HOMES)


def test_an_xlsx_file_imports_like_its_csv(cast):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["gpc_ref", "amount", "unit", "factor", "co2_kg", "notation_key", "explanation"])
    sheet.append(["I.1.1", 1000, "TJ", "natural_gas"])
    sheet.append(["I.2.1", None, None, None, 1e-05])
    sheet.append(["I.7.1", None, None, None, None, "NE", "No data yet"])
    content = io.BytesIO()
    workbook.save(content)
    inventory = imported(cast, content.getvalue(), "lines.xlsx").inventory
    assert [
        (line.gpc_ref, line.amount, line.measured_kg, line.notation_key)
        for line in inventory.lines.order_by("position")
    ] == [("I.1.1", 1000, {}, ""), ("I.2.1", None, {"CO2": 1e-05}, ""), ("I.7.1", None, {}, "NE")]


# JSON


def json_file(lines: list[dict], **envelope: object) -> bytes:
    return json.dumps({**envelope, "lines": lines}).encode()


def test_a_json_file_gives_its_gwp_set_to_the_draft(cast):
    content = json_file(
        [{"gpc_ref": "I.1.1", "amount": 1000, "unit": "TJ", "factor": "natural_gas"}],
        local_government="de-freiburg",
        year=2022,
        gwp_set="AR5GWP100",
    )
    inventory = imported(cast, content, "lines.json").inventory
    assert inventory.gwp_set == "AR5GWP100"
    assert inventory.lines.get().gases_kg["CO2"] == pytest.approx(56_100_000)


@pytest.mark.parametrize(
    ("content", "messages"),
    [
        (
            json_file(
                [{"gpc_ref": "I.1.1", "co2_kg": 1}], local_government="ke-nairobi", year=2021
            ),
            [
                "`local_government`: the file is for 'ke-nairobi', not de-freiburg",
                "`year`: the file is for 2021, not 2022",
            ],
        ),
        (
            json_file([{"gpc_ref": "I.1.1", "co2_kg": 1}], gwp_set="AR7"),
            [
                "`gwp_set`: 'AR7' is not a GWP set; the sets are SARGWP100, TARGWP100, "
                "AR4GWP100, AR5GWP100, AR5CCFGWP100, AR6GWP100"
            ],
        ),
        (
            b'{"lines": [{"gpc_ref": "I.1.1", "co2_kg": NaN},'
            b' {"gpc_ref": "I.1.1", "amount": "1"}]}',
            ["row 1, `co2_kg`: 'NaN' is not a number", 'row 2, `amount`: "1" is not a number'],
        ),
        (
            json_file([{"gpc_ref": "I.1.1", "ef_xyz": 1}, {"gpc_ref": 11, "co2_kg": 1}, []]),
            [
                "row 1, `ef_xyz`: 'xyz' is not a known gas; the gases are "
                + ", ".join(g.lower() for g in GASES),
                "row 2, `gpc_ref`: 11 is not text",
                "row 3: a line is a JSON object",
            ],
        ),
        (
            json_file([{"gpc_ref": "I.1.1", "amount": 1, "unit": "kwhh", "factor": "natural_gas"}]),
            ["row 1, `unit`: 'kwhh' is not a unit"],
        ),
        (b'{"lines": [}', ["the file is not valid JSON (line 1, column 12: Expecting value)"]),
        (b"[]", ['the file is not a JSON object with a list of "lines"']),
        (
            json_file([], colour="red"),
            ["`colour`: unknown key; the keys are local_government, year, gwp_set, lines"],
        ),
    ],
)
def test_a_bad_json_file_is_refused_with_each_problem(cast, draft, content, messages):
    assert refused(cast, content, "lines.json") == messages


# Exporting, and the round trip


def test_export_writes_library_factors_by_code_and_the_rest_as_given(cast):
    inventory = imported(cast, EVERY_KIND).inventory
    assert exported(inventory).decode("utf-8-sig").splitlines() == [
        HEADER,
        row(
            gpc_ref="I.1.1",
            activity="Gas in homes",
            amount=1000,
            unit="TJ",
            factor=NATURAL_GAS_HOMES,
        ),
        row(gpc_ref="I.1.2", amount=10000, unit="MWh", ef_co2=400, ef_unit="kg/MWh"),
        row(gpc_ref="III.1.1", ch4_kg=100000, data_quality="medium", source="Landfill operator"),
        row(gpc_ref="I.7.1", notation_key="NO", explanation="No coal mines"),
    ]


def test_export_adds_the_columns_of_other_gases_in_use(cast):
    content = csv_file("IV.1,10", header="gpc_ref,sf6_kg")
    inventory = imported(cast, content).inventory
    header = exported(inventory).decode("utf-8-sig").splitlines()[0].split(",")
    assert header == [*BASE_COLUMNS[:14], "sf6_kg", *BASE_COLUMNS[14:]]
    assert json.loads(exported(inventory, "json")) == {
        "local_government": "de-freiburg",
        "year": 2022,
        "gwp_set": "AR6GWP100",
        "lines": [{"gpc_ref": "IV.1", "sf6_kg": 10}],
    }


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_export_then_import_keeps_every_line(cast, file_format):
    inventory = imported(cast, EVERY_KIND).inventory
    before = lines_of(inventory)
    content = exported(inventory, file_format)
    result = imported(cast, content, f"lines.{file_format}")
    assert result.replaced == 4
    assert lines_of(inventory) == before
    if file_format != "xlsx":  # a workbook's bytes hold the time it was written
        assert exported(inventory, file_format) == content


# Any valid lines round-trip, in every format


def spreadsheet_numbers(low: float, high: float) -> st.SearchStrategy[float]:
    """Numbers as Excel keeps them: 15 significant digits."""
    return st.floats(low, high).map(lambda number: float(f"{number:.15g}"))


# Text a workbook can hold: no control characters, lone surrogates, or the two
# non-characters XML excludes (which tables writes as U+FFFD).
texts = st.text(
    st.characters(exclude_categories=["Cc", "Cs"], exclude_characters="\ufffe\uffff"),
    max_size=40,
).map(str.strip)
gas_names = st.sampled_from(GASES)
masses = st.dictionaries(gas_names, spreadsheet_numbers(0, 1e12), min_size=1, max_size=4)
# Valid lines compute to gas masses within core.quantities.GAS_MASS (1e13 kg):
# up to 1e6 kt of fuel, or 1e6 GWh at 1e3 kg/MWh, makes at most some 1e12 kg.
amounts = spreadsheet_numbers(0, 1e6)
factors = st.dictionaries(gas_names, spreadsheet_numbers(0, 1e3), min_size=1, max_size=4)
common = {
    "activity": texts,
    "data_quality": st.sampled_from(["", "high", "medium", "low"]),
    "source": texts,
    "comment": texts,
}
library_lines = st.fixed_dictionaries(
    {
        "gpc_ref": st.sampled_from(["I.1.1", "I.2.1", "I.3.1", "I.4.1", "II.1.1"]),
        "amount": amounts,
        "unit": st.sampled_from(["TJ", "GJ", "t", "kt"]),
        "factor": st.sampled_from(["natural_gas", "gas_diesel_oil", "lpg"]),
        **common,
    }
)
explicit_lines = st.fixed_dictionaries(
    {
        "gpc_ref": st.sampled_from(["I.1.2", "I.2.2", "II.1.2", "I.8.1"]),
        "amount": amounts,
        "unit": st.sampled_from(["MWh", "GWh", "kWh"]),
        "ef": factors,
        "ef_unit": st.sampled_from(["kg/MWh", "t/GWh", "g/kWh"]),
        **common,
    }
)
measured_lines = st.fixed_dictionaries(
    {
        "gpc_ref": st.sampled_from(["III.1.1", "IV.1", "VI.1", "I.4.4"]),
        "kg": masses,
        "biogenic_co2_kg": st.none() | spreadsheet_numbers(0, 1e9),
        **common,
    }
)
removals = st.fixed_dictionaries(
    {"gpc_ref": st.sampled_from(["V.1", "V.2", "V.3"]), "kg": st.just({"CO2": -1.5e6}), **common}
)
notation_lines = st.fixed_dictionaries(
    {
        "gpc_ref": st.sampled_from(["I.7.1", "II.5.1", "III.3.2"]),
        "notation_key": st.sampled_from(["NO", "IE", "NE", "C"]),
        "explanation": texts.filter(bool),
        **common,
    }
)
any_lines = st.lists(
    st.one_of(library_lines, explicit_lines, measured_lines, removals, notation_lines),
    min_size=1,
    max_size=8,
)
example_years = itertools.count(2000)


def as_json_line(line: dict) -> dict:
    written = {key: value for key, value in line.items() if key not in ("ef", "kg")}
    written |= {f"ef_{name.lower()}": value for name, value in line.get("ef", {}).items()}
    written |= {f"{name.lower()}_kg": value for name, value in line.get("kg", {}).items()}
    return {key: value for key, value in written.items() if value not in ("", None)}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(generated=any_lines)
def test_any_valid_lines_round_trip_through_every_format(cast, generated):
    # The examples share one database, so each has a year of its own.
    year = next(example_years)
    content = json.dumps({"lines": [as_json_line(line) for line in generated]}).encode()
    inventory = imported(cast, content, "generated.json", year=year).inventory
    before = lines_of(inventory)
    assert len(before) == len(generated)
    for file_format in ("csv", "xlsx", "json"):
        imported(cast, exported(inventory, file_format), f"export.{file_format}", year=year)
        assert lines_of(inventory) == before, file_format


def test_every_column_is_documented():
    text = DOCUMENTATION.read_text(encoding="utf-8")
    assert all(f"`{column}`" in text for column in BASE_COLUMNS)
    assert all(name.lower() in text for name in GASES)


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_the_documented_examples_import(cast, file_format):
    text = DOCUMENTATION.read_text(encoding="utf-8")
    example = text.split(f"```{file_format}\n", 1)[1].split("```", 1)[0]
    inventory = imported(cast, example.encode(), f"example.{file_format}").inventory
    assert inventory.lines.count() == 5
