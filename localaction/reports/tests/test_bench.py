"""`localaction bench report`: it builds a bench network, times the report, and DuckDB's
totals from the line file agree with the report's."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from localaction.core.gwp import GWP_SETS
from localaction.inventories.models import (
    Inventory,
    InventoryLevelCO2e,
    InventoryLevelTotal,
    InventoryLine,
    InventoryTotal,
)
from localaction.inventories.services import level_co2e, level_totals
from localaction.network.models import LocalGovernment
from localaction.reports.bench import (
    DuckLines,
    Totals,
    build_bench_network,
    disagreements,
    duckdb_totals,
    excluded_codes,
    export_lines,
    report_totals,
)
from localaction.reports.services import Scope, network_report

pytestmark = pytest.mark.django_db

MEMBERS, YEARS = 30, range(2022, 2025)


def bench(*options: str) -> str:
    out = StringIO()
    call_command(
        "bench", "report", "--members", str(MEMBERS), "--years", "2022-2024", "--repeats", "2",
        *options, stdout=out,
    )  # fmt: skip
    return out.getvalue()


def test_the_command_builds_the_network_prints_its_figures_and_agrees_with_duckdb():
    text = bench()
    lgs = LocalGovernment.objects.count()
    inventories = Inventory.objects.count()
    assert lgs == MEMBERS and inventories > 0
    assert f"{lgs:,} local governments, {inventories:,} inventories (2022–2024)" in text
    assert f"{InventoryLine.objects.count():,} lines" in text
    assert f"{InventoryTotal.objects.count():,} InventoryTotal rows; built in" in text
    assert "Line file exported:" in text
    assert "Line file loaded into DuckDB in memory:" in text
    assert "DuckDB is given the" in text and "member codes the report left out" in text
    assert (
        "2 runs of each, interleaved (report, its emission figures alone, DuckDB from the CSV, "
        "DuckDB in memory, then again), on 2024 (window 2021–2024), BASIC, AR6GWP100:" in text
    )
    assert "  Network report (emissions; commitments, " in text
    assert "  Its emission figures alone (what DuckDB computes): median" in text
    assert "  DuckDB 2.0.1 reading the CSV each run, lists searched: median" in text
    assert "  DuckDB 2.0.1 in memory, anti-join and semi-join: median" in text
    assert "Ratio report/DuckDB from the CSV:" in text and "report/DuckDB in memory:" in text
    assert "emission figures/DuckDB in memory:" in text
    assert "Peak Python memory of one report run" in text
    for name in GWP_SETS:
        assert any(line.split()[:1] == [name] for line in text.splitlines()), name
    assert "Report and both DuckDB baselines agree within 1e-06 (relative)" in text


def test_every_inventory_is_published_with_about_40_lines_and_its_cell_totals():
    build_bench_network(members=MEMBERS, years=YEARS)
    expected = LocalGovernment.objects.exclude(kind=LocalGovernment.Kind.ASSOCIATION).count()
    assert Inventory.objects.published().count() == Inventory.objects.count() == expected * 3
    per_inventory = InventoryLine.objects.count() / Inventory.objects.count()
    assert 30 <= per_inventory <= 50
    assert InventoryLine.objects.exclude(notation_key="").exists()
    # The totals are the lines' sums, cell by cell and gas by gas.
    inventory = Inventory.objects.order_by("pk").last()
    sums: dict[tuple[str, str], float] = {}
    for line in inventory.lines.all():
        for gas, kg in line.gases_kg.items():
            sums[line.gpc_ref, gas] = sums.get((line.gpc_ref, gas), 0.0) + kg
    totals = {(t.gpc_ref, t.gas): t.kg for t in inventory.totals.exclude(gas="CO2 (biogenic)")}
    assert totals.keys() == sums.keys()
    assert all(totals[key] == pytest.approx(sums[key], rel=1e-12) for key in sums)
    # Its level sums are those the services make of its cell totals.
    made = {
        (row.level, row.gas): [getattr(row, column) for column in InventoryLevelTotal.COLUMNS]
        for row in level_totals(inventory, inventory.totals.all())
    }
    kept = {
        (row.level, row.gas): [getattr(row, column) for column in InventoryLevelTotal.COLUMNS]
        for row in inventory.level_totals.all()
    }
    assert kept == made and {level for level, _gas in kept} == {"BASIC", "BASIC+"}
    # And those weighted by every GWP set, as the services weigh them.
    weighted = {
        (row.level, row.gwp_set): [getattr(row, column) for column in InventoryLevelCO2e.COLUMNS]
        for row in level_co2e(inventory, inventory.level_totals.all())
    }
    assert weighted == {
        (row.level, row.gwp_set): [getattr(row, column) for column in InventoryLevelCO2e.COLUMNS]
        for row in inventory.level_co2e.all()
    }
    assert len(weighted) == 2 * len(GWP_SETS)


def test_a_second_run_reuses_the_network():
    bench()
    lines = InventoryLine.objects.count()
    text = bench()
    assert "reused (built before; --rebuild to build anew)" in text
    assert InventoryLine.objects.count() == lines


@pytest.mark.parametrize("gwp", ["SARGWP100", "AR6GWP100"])
@pytest.mark.parametrize("level", ["BASIC", "BASIC+"])
def test_duckdb_and_the_report_agree_on_every_figure(tmp_path, gwp, level):
    build_bench_network(members=MEMBERS, years=YEARS)
    scope = Scope(year=2024, gwp=gwp, level=level)
    report = network_report(scope)
    path = tmp_path / "lines.csv"
    assert export_lines(path) > 0
    plain = duckdb_totals(path, scope, excluded=excluded_codes(report))
    in_memory = DuckLines(path)
    joined = in_memory.totals(scope, excluded=excluded_codes(report))
    in_memory.close()
    figures = report_totals(report)
    assert figures.members_reporting > 0 and figures.total_tco2e > 0
    assert excluded_codes(report)  # the nesting rule leaves someone out
    assert disagreements(figures, plain) == []
    assert disagreements(figures, joined) == []
    assert figures.total_tco2e == pytest.approx(sum(figures.by_sector.values()), rel=1e-9)


def test_a_disagreement_is_named():
    figures = Totals(3, 100.0, {"europe": 100.0}, {"I": 100.0}, {"CO2": 100.0})
    off = Totals(3, 100.001, {"europe": 100.0}, {"I": 100.0}, {"CO2": 100.0})
    assert disagreements(figures, figures) == []
    assert disagreements(figures, off) == ["total_tco2e: report 100.0, DuckDB 100.001"]


def test_a_database_holding_other_data_is_refused(cast):
    with pytest.raises(CommandError, match="The bench builds into an empty database"):
        bench()


def test_rebuild_runs_only_on_a_database_named_bench():
    with pytest.raises(CommandError, match="only on one whose name says bench"):
        bench("--rebuild")
