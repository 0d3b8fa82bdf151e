"""`localaction inventory import|export|show` (docs/formats/inventory.md)."""

from __future__ import annotations

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from localaction.inventories.lines import BASE_COLUMNS
from localaction.inventories.models import Inventory, InventoryLine, InventoryTotal
from localaction.inventories.services import inventory_move

pytestmark = pytest.mark.django_db

MEMBER = ("--member", "de-freiburg", "--year", "2022")
COLUMNS = (*BASE_COLUMNS, "sf6_kg")
HEADER = ",".join(COLUMNS)


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("inventory", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def row(**values: object) -> str:
    return ",".join(str(values.get(column, "")) for column in COLUMNS)


def write(path, *rows: str) -> str:
    path.write_text("\n".join([HEADER, *rows, ""]), encoding="utf-8")
    return str(path)


def database() -> list:
    return [
        list(Inventory.objects.values_list("pk", "year", "status", "gwp_set")),
        list(InventoryLine.objects.values_list("pk", "gpc_ref", "gases_kg")),
        list(InventoryTotal.objects.values_list("gpc_ref", "gas", "kg")),
    ]


# A hand-computed inventory, one line per rule of the GPC totals.
CITY = (
    # 1,000 TJ natural gas in homes, IPCC 2006 GL Vol.2 Ch.2 Table 2.5: 56,100 kg CO2,
    # 5 kg CH4 and 0.1 kg N2O per TJ. Scope 1, in every total.
    row(gpc_ref="I.1.1", amount=1000, unit="TJ", factor="natural_gas"),
    # 10,000 MWh grid electricity at 400 kg CO2/MWh: 4,000 t. Scope 2, BASIC.
    row(gpc_ref="I.1.2", amount=10000, unit="MWh", ef_co2=400, ef_unit="kg/MWh"),
    # T&D losses, 200 t CO2. Scope 3, BASIC+ only.
    row(gpc_ref="I.1.3", co2_kg=200000),
    # 100 t diesel on roads: × 43.0 TJ/Gg (IPCC 2006 Vol.2 Ch.1 Table 1.2) = 4.3 TJ;
    # × 74,100 kg CO2/TJ (Table 3.2.1), 3.9 kg CH4/TJ and 3.9 kg N2O/TJ (Table 3.2.2).
    row(gpc_ref="II.1.1", amount=100, unit="t", factor="gas_diesel_oil"),
    # Landfill methane, 100 t CH4, measured. Scope 1, in every total.
    row(gpc_ref="III.1.1", ch4_kg=100000),
    # 10 kg SF6 from switchgear. IPPU: BASIC+ and territorial.
    row(gpc_ref="IV.1", sf6_kg=10),
    # Electricity generated and supplied to the grid: territorial only.
    row(gpc_ref="I.4.4", co2_kg=1000000),
    # Other scope 3: in no total.
    row(gpc_ref="VI.1", co2_kg=500000),
    # Wood stoves: biogenic CO2, reported beside the totals.
    row(gpc_ref="I.1.1", biogenic_co2_kg=50000),
    row(gpc_ref="I.7.1", notation_key="NO", explanation="No coal mines in the city"),
)
# AR6 WG1 Table 7.SM.7 as the globalwarmingpotentials package gives it: CH4 27.9,
# N2O 273, SF6 25,200.
AR6 = {"CO2": 1, "CH4": 27.9, "N2O": 273, "SF6": 25_200}
DIESEL_TJ = 100 * 43.0 / 1000
LINE_KG = [
    {"CO2": 56_100_000, "CH4": 5_000, "N2O": 100},
    {"CO2": 4_000_000},
    {"CO2": 200_000},
    {"CO2": DIESEL_TJ * 74_100, "CH4": DIESEL_TJ * 3.9, "N2O": DIESEL_TJ * 3.9},
    {"CH4": 100_000},
    {"SF6": 10},
    {"CO2": 1_000_000},
    {"CO2": 500_000},
    {},
    {},
]
LINE_T = [sum(kg * AR6[gas] for gas, kg in line.items()) / 1000 for line in LINE_KG]


@pytest.fixture
def city(cast, tmp_path) -> Inventory:
    run("import", write(tmp_path / "city.csv", *CITY), *MEMBER)
    return Inventory.objects.get(local_government=cast.freiburg, year=2022)


# import


def test_import_creates_the_draft_and_prints_what_it_imported(cast, tmp_path):
    out, err = run("import", write(tmp_path / "city.csv", *CITY), *MEMBER)
    assert out == (
        "Imported 10 lines into the 2022 inventory of de-freiburg (a new draft): "
        "2 with a library factor, 1 with explicit factors, 6 measured, 1 notation key.\n"
    )
    assert err == ""
    inventory = Inventory.objects.get(local_government=cast.freiburg, year=2022)
    assert inventory.is_draft and inventory.lines.count() == 10


def test_import_replaces_the_lines_of_the_draft(city, tmp_path):
    out, _ = run("import", write(tmp_path / "two.csv", CITY[0], CITY[1]), *MEMBER)
    assert out == (
        "Imported 2 lines into the 2022 inventory of de-freiburg "
        "(the draft, replacing its 10 lines): 1 with a library factor, 1 with explicit factors.\n"
    )
    assert [line.gpc_ref for line in city.lines.order_by("position")] == ["I.1.1", "I.1.2"]


def test_import_prints_every_problem_and_changes_nothing(city, tmp_path):
    path = write(
        tmp_path / "bad.csv",
        row(gpc_ref="I.1.1", amount=1, unit="kwhh", factor="natural_gas"),
        row(
            gpc_ref="I.1.1",
            amount=1,
            unit="TJ",
            notation_key="NO",
            explanation="x",
            factor="natural_gas",
        ),
        row(gpc_ref="I.7.2", co2_kg=1),
    )
    before = database()
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("inventory", "import", path, *MEMBER, stdout=out, stderr=err)
    assert failure.value.returncode == 1
    assert str(failure.value) == f"{path} was not imported (3 problems); nothing has changed."
    assert err.getvalue().splitlines() == [
        "row 2, `unit`: 'kwhh' is not a unit",
        "row 3, `notation_key`: a line has an amount, measured masses or a notation key, "
        "only one of them",
        "row 4, `gpc_ref`: I.7 has no scope 2",
    ]
    assert out.getvalue() == ""
    assert database() == before


def test_a_failed_import_leaves_no_new_draft(cast, tmp_path):
    with pytest.raises(CommandError):
        run("import", write(tmp_path / "bad.csv", row(gpc_ref="IX.1", co2_kg=1)), *MEMBER)
    assert not Inventory.objects.exists()


def test_import_refuses_an_inventory_that_is_not_a_draft(city, cast, tmp_path):
    inventory_move(inventory=city, step="submit", user=cast.editor)
    before = database()
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command(
            "inventory", "import", write(tmp_path / "a.csv", *CITY), *MEMBER, stdout=out, stderr=err
        )
    assert err.getvalue() == (
        "the 2022 inventory of de-freiburg is submitted; only a draft takes an import\n"
    )
    assert database() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--member", "xx-nowhere", "--year", "2022"),
            "No local government has the code 'xx-nowhere'.",
        ),
        (
            ("--member", "de-freiburg", "--year", "22"),
            "22 is not an inventory year (1800 to 2100).",
        ),
    ],
)
def test_import_refuses_an_unknown_member_or_year(cast, tmp_path, args, message):
    with pytest.raises(CommandError) as failure:
        run("import", write(tmp_path / "city.csv", *CITY), *args)
    assert str(failure.value) == message


def test_import_refuses_a_file_it_cannot_read(cast, tmp_path):
    with pytest.raises(
        CommandError, match=r"^Cannot read .*nothing\.csv: No such file or directory\.$"
    ):
        run("import", str(tmp_path / "nothing.csv"), *MEMBER)


# export


def test_export_writes_csv_to_standard_output_without_bom(city):
    out, _ = run("export", *MEMBER)
    lines = out.splitlines()
    assert lines[0] == ",".join(BASE_COLUMNS).replace("n2o_kg,", "n2o_kg,sf6_kg,")
    assert lines[1].startswith("I.1.1,,1000,TJ,ipcc2006:stationary:residential:natural_gas,")
    assert len(lines) == 11


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_export_to_a_file_imports_back_unchanged(city, tmp_path, file_format):
    path = tmp_path / f"lines.{file_format}"
    out, _ = run("export", *MEMBER, "--output", str(path))
    assert out == f"Exported 10 lines to {path}.\n"
    before = list(city.lines.order_by("position").values_list("gpc_ref", "gases_kg", "measured_kg"))
    run("import", str(path), *MEMBER)
    after = list(city.lines.order_by("position").values_list("gpc_ref", "gases_kg", "measured_kg"))
    assert after == before


def test_export_as_json_to_standard_output(city):
    out, _ = run("export", *MEMBER, "--format", "json")
    document = json.loads(out)
    assert (document["local_government"], document["year"], document["gwp_set"]) == (
        "de-freiburg",
        2022,
        "AR6GWP100",
    )
    assert document["lines"][5] == {"gpc_ref": "IV.1", "sf6_kg": 10}


def test_export_will_not_print_a_workbook_and_needs_an_inventory(city):
    with pytest.raises(
        CommandError, match=r"^XLSX cannot go to the terminal; give --output FILE\.$"
    ):
        run("export", *MEMBER, "--format", "xlsx")
    with pytest.raises(CommandError, match=r"^de-freiburg has no inventory for 2019\.$"):
        run("export", "--member", "de-freiburg", "--year", "2019")


# show


def show(*args: str) -> dict:
    out, _ = run("show", *MEMBER, *args)
    return json.loads(out)


def test_show_gives_the_hand_computed_totals_under_ar6(city):
    results = show("--gwp", "AR6GWP100")
    basic = LINE_T[0] + LINE_T[1] + LINE_T[3] + LINE_T[4]
    assert results["gwp"] == "AR6GWP100"
    assert LINE_T[0] == pytest.approx(56_266.8)  # 56,100 + 5 × 27.9 + 0.1 × 273 per TJ
    assert results["totals_tco2e"] == pytest.approx(
        {
            "basic": basic,
            "basic_plus": basic + LINE_T[2] + LINE_T[5],
            "territorial": LINE_T[0] + LINE_T[3] + LINE_T[4] + LINE_T[5] + LINE_T[6],
            "all_lines": sum(LINE_T),
        }
    )
    assert results["by_scope_tco2e"] == pytest.approx(
        {
            "1": LINE_T[0] + LINE_T[3] + LINE_T[4] + LINE_T[5] + LINE_T[6],
            "2": LINE_T[1],
            "3": LINE_T[2] + LINE_T[7],
        }
    )
    assert results["by_sector_tco2e"] == pytest.approx(
        {
            "I": LINE_T[0] + LINE_T[1] + LINE_T[2] + LINE_T[6],
            "II": LINE_T[3],
            "III": LINE_T[4],
            "IV": LINE_T[5],
            "V": 0,
            "VI": LINE_T[7],
        }
    )
    assert results["gases_kg"] == pytest.approx(
        {gas: sum(line.get(gas, 0) for line in LINE_KG) for gas in ("CO2", "CH4", "N2O", "SF6")}
    )
    assert results["biogenic_co2_kg"] == 50_000
    assert [line["tco2e"] for line in results["lines"]] == pytest.approx(LINE_T)
    assert [line["gases_kg"] for line in results["lines"]] == [
        pytest.approx(line) for line in LINE_KG
    ]
    assert results["lines"][9]["notation_key"] == "NO"


def test_show_totals_equal_the_sum_of_their_parts(city):
    results = show()
    total = results["totals_tco2e"]["all_lines"]
    assert total == pytest.approx(sum(line["tco2e"] for line in results["lines"]))
    assert total == pytest.approx(sum(results["by_scope_tco2e"].values()))
    assert total == pytest.approx(sum(results["by_sector_tco2e"].values()))


def test_show_under_another_gwp_set_reweighs_only_methane_nitrous_oxide_and_sf6(city):
    # AR5 WG1 Table 8.A.1: CH4 28, N2O 265, SF6 23,500.
    ar5 = show("--gwp", "AR5GWP100")
    ar6 = show("--gwp", "AR6GWP100")
    assert ar5["gases_kg"] == ar6["gases_kg"]
    gases = ar6["gases_kg"]
    difference = (
        gases["CH4"] * (28 - 27.9) + gases["N2O"] * (265 - 273) + gases["SF6"] * (23_500 - 25_200)
    ) / 1000
    assert ar5["totals_tco2e"]["all_lines"] - ar6["totals_tco2e"]["all_lines"] == pytest.approx(
        difference
    )


def test_show_reports_completeness_of_the_basic_cells(city):
    completeness = show()["completeness"]
    assert completeness["level"] == "BASIC" and completeness["complete"] is False
    assert "I.2.1" in completeness["missing"]
    # A value or a notation key makes a cell complete; I.1.3 and IV.1 are not BASIC.
    assert not {"I.1.1", "I.1.2", "I.7.1", "II.1.1", "III.1.1"} & set(completeness["missing"])


def test_show_as_csv_has_a_row_per_line_and_the_totals(city):
    out, _ = run("show", *MEMBER, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    lines = [r for r in rows if r["row"] == "line"]
    assert [float(r["tco2e"]) for r in lines] == pytest.approx(LINE_T)
    totals = {r["gpc_ref"]: float(r["tco2e"]) for r in rows if r["row"] == "total"}
    assert totals["all lines"] == pytest.approx(sum(LINE_T))
    assert set(totals) == {"all lines", "BASIC", "BASIC+", "territorial"}
    assert [r["gpc_ref"] for r in rows if r["row"] == "sector"] == [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
    ]
    assert float(lines[4]["ch4_kg"]) == 100_000


def test_show_refuses_an_unknown_gwp_set(city):
    with pytest.raises(CommandError) as failure:
        run("show", *MEMBER, "--gwp", "AR7GWP100")
    assert str(failure.value) == (
        "'AR7GWP100' is not a GWP set; the sets are SARGWP100, TARGWP100, AR4GWP100, "
        "AR5GWP100, AR5CCFGWP100, AR6GWP100"
    )


def test_show_refuses_a_set_without_a_gwp_for_a_reported_gas(cast, tmp_path):
    path = tmp_path / "nf3.csv"
    path.write_text("gpc_ref,nf3_kg\nIV.1,1\n", encoding="utf-8")
    run("import", str(path), *MEMBER)
    with pytest.raises(CommandError) as failure:
        run("show", *MEMBER, "--gwp", "SARGWP100")
    assert str(failure.value) == "SARGWP100 has no GWP for NF3, which the lines report"


def test_show_needs_a_known_member_and_year(cast):
    with pytest.raises(CommandError, match=r"^No local government has the code 'xx'\.$"):
        run("show", "--member", "xx", "--year", "2022")
    with pytest.raises(CommandError, match=r"^de-freiburg has no inventory for 2022\.$"):
        run("show", *MEMBER)
