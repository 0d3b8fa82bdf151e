"""One definition of what a total adds up (core.coverage), used by the campaigns'
target figures and by the network report: both give the same tonnes for the
same inventory, with every kind of gas in it, and both give the hand-worked
reference values.

Reference: IPCC AR6 WG1 (2021) Table 7.SM.7 100-year GWPs as the
globalwarmingpotentials package gives them (CH4 27.9, N2O 273, HFC-134a
1,530, CF4 7,380, SF6 25,200, NF3 17,400) and the GPC's Table 4.3 for the
cells of BASIC and BASIC+.
"""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from localaction.campaigns.models import Target
from localaction.campaigns.services import Coverage, emissions_by_sector_t, target_figures
from localaction.core.gpc import Level
from localaction.core.gwp import GWP_SETS, gwp_set
from localaction.inventories.models import Inventory, InventoryLine
from localaction.inventories.services import (
    LineData,
    inventory_replace_lines,
    inventory_results,
    inventory_summarise,
)
from localaction.network.models import Country, LocalGovernment
from localaction.reports.services import Scope, emissions_by_year, network_report

AR6 = "AR6GWP100"
LINES = [
    # 1 t CO2 + 100 kg CH4 (2.79 t) + 10 kg N2O (2.73 t); 5 t biogenic CO2 never counts.
    LineData("I.1.1", measured_kg={"CO2": 1_000, "CH4": 100, "N2O": 10}, biogenic_co2_kg=5_000),
    LineData("II.1.1", measured_kg={"HFC134a": 2}),  # 3.06 t
    LineData("III.1.2", measured_kg={"CH4": 1_000}),  # waste, scope 3, in BASIC: 27.9 t
    LineData("I.1.3", measured_kg={"CO2": 4_000}),  # BASIC+ only: 4 t
    LineData("IV.1", measured_kg={"SF6": 1, "CF4": 1, "NF3": 1}),  # BASIC+ only: 49.98 t
    LineData("I.4.4", measured_kg={"CO2": 1_000_000}),  # territorial only: in neither
]
BASIC_T = {"I": 6.52, "II": 3.06, "III": 27.9}  # 37.48 t
BASIC_PLUS_T = {"I": 10.52, "II": 3.06, "III": 27.9, "IV": 49.98}  # 91.46 t


@pytest.fixture
def city(db):
    lg = LocalGovernment.objects.create(
        code="de-gases",
        name="Gases",
        country=Country.objects.get(code="DE"),
        is_published=True,
        population=100_000,
    )
    made = Inventory.objects.create(local_government=lg, year=2020)
    inventory_replace_lines(inventory=made, lines=LINES)
    Inventory.objects.filter(pk=made.pk).update(status=Inventory.Status.PUBLISHED)
    made.refresh_from_db()
    return lg, made


@pytest.mark.parametrize(
    ("level", "by_sector"), [(Level.BASIC, BASIC_T), (Level.BASIC_PLUS, BASIC_PLUS_T)]
)
def test_campaigns_and_report_agree_with_the_reference_on_every_gas(city, level, by_sector):
    lg, made = city
    total = sum(by_sector.values())
    coverage = Coverage(level=level.value, gwp=AR6)
    campaigns = emissions_by_sector_t([made.pk], coverage)[made.pk]
    assert campaigns == pytest.approx(by_sector, rel=1e-12)

    report = network_report(Scope(year=2020, gwp=AR6, level=level.value))
    assert [row.code for row in report.counted] == [lg.code]
    assert report.counted[0].tco2e == pytest.approx(total, rel=1e-12)
    assert report.total_tco2e == pytest.approx(total, rel=1e-12)
    assert {row.key: row.tco2e for row in report.by_sector} == pytest.approx(by_sector, rel=1e-12)
    assert report.gas_kg.keys() == (
        {"CO2", "CH4", "N2O", "HFC134a"}
        | ({"SF6", "CF4", "NF3"} if level is Level.BASIC_PLUS else set())
    )  # biogenic CO2 is no gas of the report
    chart = emissions_by_year(Scope(year=2020, gwp=AR6, level=level.value), [2020])
    assert sum(row.tco2e for row in chart[2020]) == pytest.approx(total, rel=1e-12)
    # Independent recomputation: the core calculation from the stored lines.
    from_lines = inventory_results(made, AR6).total_co2e_kg(level) / 1000
    assert from_lines == pytest.approx(total, rel=1e-12)


def test_a_targets_base_year_emissions_are_the_reports_figure(city):
    lg, _made = city
    target = Target.objects.create(
        local_government=lg,
        title="All gases",
        type="base_year",
        base_year=2020,
        target_year=2030,
        reduction_percent=50,
        coverage=Level.BASIC_PLUS.value,
        gwp_set=AR6,
        adopted_on=datetime.date(2021, 1, 1),
        is_published=True,
    )
    figures = target_figures(target, Inventory.objects.published())
    report = network_report(Scope(year=2020, gwp=AR6, level=Level.BASIC_PLUS.value))
    assert figures.base_t == pytest.approx(91.46, rel=1e-12)
    assert figures.base_t == pytest.approx(report.total_tco2e, rel=1e-12)
    assert figures.target_t == pytest.approx(91.46 / 2, rel=1e-12)
    # The report converts the target under its own set: AR6 again here.
    assert report.commitments[0].committed_reduction_tco2e == pytest.approx(
        figures.committed_reduction_t, rel=1e-12
    )


def test_each_inventory_keeps_its_level_sums(city):
    _lg, made = city
    kept = {(row.level, row.gas): row for row in made.level_totals.all()}
    assert set(kept) == {
        *(("BASIC", gas) for gas in ("CO2", "CH4", "N2O", "HFC134a")),
        *(("BASIC+", gas) for gas in ("CO2", "CH4", "N2O", "HFC134a", "SF6", "CF4", "NF3")),
    }  # biogenic CO2 never; I.4.4 (territorial only) in neither
    methane = kept["BASIC", "CH4"]
    assert (methane.kg, methane.sector_i_kg, methane.sector_iii_kg) == (1_100, 100, 1_000)
    assert (methane.scope_1_kg, methane.scope_3_kg) == (100, 1_000)
    assert kept["BASIC+", "CO2"].kg == 5_000 and kept["BASIC+", "CO2"].scope_3_kg == 4_000


@pytest.mark.parametrize("gwp", GWP_SETS)
def test_each_inventory_keeps_its_level_sums_weighted_by_every_gwp_set(city, gwp):
    """The rows the report reads for a coverage of every gas (InventoryLevelCO2e)
    are the per-gas level sums weighted by the set, recomputed here by hand
    from the set's values; a gas the set lacks (SAR has no NF3) is counted,
    not weighted."""
    _lg, made = city
    values = gwp_set(gwp).values
    for level in ("BASIC", "BASIC+"):
        kept = made.level_co2e.get(level=level, gwp_set=gwp)
        sums = made.level_totals.filter(level=level)
        weighted = [row for row in sums if row.gas in values]
        assert kept.unweighted == len(sums) - len(weighted)
        assert kept.blank == 0
        assert kept.t == pytest.approx(sum(row.kg * values[row.gas] / 1000 for row in weighted))
        assert kept.sector_iii_t == pytest.approx(
            sum(row.sector_iii_kg * values[row.gas] / 1000 for row in weighted)
        )
        assert kept.scope_3_t == pytest.approx(
            sum(row.scope_3_kg * values[row.gas] / 1000 for row in weighted)
        )
    assert made.level_co2e.get(level="BASIC", gwp_set=AR6).t == pytest.approx(37.48, rel=1e-12)
    assert made.level_co2e.get(level="BASIC+", gwp_set="SARGWP100").unweighted == 1  # NF3


def test_an_inventory_that_cannot_be_added_up_is_left_out_with_the_reason(city):
    lg, _made = city
    # Old data from before the bounds: two lines of 1.7e308 kg add up to infinity.
    other = LocalGovernment.objects.create(
        code="de-huge", name="Huge", country=lg.country, is_published=True, population=1
    )
    huge = Inventory.objects.create(local_government=other, year=2020)
    inventory_replace_lines(
        inventory=huge, lines=[LineData("I.1.1", measured_kg={"CO2": 1}) for _ in range(2)]
    )
    InventoryLine.objects.filter(inventory=huge).update(gases_kg={"CO2": 1.7e308})
    with transaction.atomic():
        inventory_summarise(inventory=huge)
    Inventory.objects.filter(pk=huge.pk).update(status=Inventory.Status.PUBLISHED)
    assert huge.level_totals.get(level="BASIC", gas="CO2").kg is None
    assert huge.level_co2e.get(level="BASIC", gwp_set=AR6).blank == 1

    report = network_report(Scope(year=2020, gwp=AR6))
    assert [row.code for row in report.counted] == [lg.code]
    assert report.total_tco2e == pytest.approx(37.48, rel=1e-12)
    (left_out,) = report.excluded
    assert left_out.code == "de-huge" and "not finite numbers" in left_out.reason
    chart = emissions_by_year(Scope(year=2020, gwp=AR6), [2020])
    assert sum(row.tco2e for row in chart[2020]) == pytest.approx(37.48, rel=1e-12)


def _target(lg, **fields):
    return Target.objects.create(
        local_government=lg,
        title="Target",
        base_year=2020,
        target_year=2030,
        adopted_on=datetime.date(2021, 1, 1),
        is_published=True,
        **fields,
    )


def _report_queries():
    with CaptureQueriesContext(connection) as queries:
        report = network_report(Scope(year=2020, gwp=AR6, level=Level.BASIC_PLUS.value))
    return len(queries), report


def test_the_reports_queries_do_not_grow_with_members_and_targets(city):
    lg, _made = city
    # One query a distinct level and gases that targets cover: both levels from the start.
    _target(lg, type="base_year", reduction_percent=50)
    _target(lg, type="base_year", reduction_percent=40, coverage="BASIC+")
    few, _report = _report_queries()
    for number in range(3):
        other = LocalGovernment.objects.create(
            code=f"de-more-{number}", name="More", country=lg.country, is_published=True
        )
        made = Inventory.objects.create(local_government=other, year=2020)
        inventory_replace_lines(inventory=made, lines=LINES)
        Inventory.objects.filter(pk=made.pk).update(status=Inventory.Status.PUBLISHED)
        _target(other, type="base_year", reduction_percent=10, coverage="BASIC+")
        _target(
            other,
            type="intensity",
            reduction_percent=20,
            intensity_per="inhabitant",
            base_activity=1000,
            target_activity=1200,
            sectors=["I", "IV"],
        )
    many, report = _report_queries()
    assert many == few
    assert report.members_reporting == 4
    assert sum(row.targets for row in report.commitments) == 8
