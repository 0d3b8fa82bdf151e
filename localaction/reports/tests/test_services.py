"""The network report's rules and figures.

A small network (all published unless a test says otherwise):

    de-bw (regional, Europe) ⊃ de-freiburg (city) ⊃ de-vauban (district)
    ke-nairobi (Africa), and fr-lyon (Europe) whose parent is ke-nairobi's
    county — cross-region nesting only exists here to test the rule.

Inventories hold measured masses, so totals are checked against the
inventories' own results computed from their lines (inventory_results).
"""

import datetime
import gc

import pytest
from django.utils import translation

from localaction.campaigns.models import Target
from localaction.core.gpc import Level
from localaction.core.gwp import gwp_set
from localaction.inventories.models import Inventory
from localaction.inventories.services import (
    LineData,
    inventory_replace_lines,
    inventory_results,
)
from localaction.network.models import Country, LocalGovernment
from localaction.reports.services import (
    ReportError,
    Scope,
    network_report,
    parse_scope,
)

AR6 = "AR6GWP100"


def member(code, country="DE", parent=None, published=True, population=100_000):
    return LocalGovernment.objects.create(
        code=code,
        name=code.title(),
        country=Country.objects.get(code=country),
        parent=parent,
        is_published=published,
        population=population,
    )


def inventory(lg, year, *, co2_t=1000.0, ch4_t=0.0, status="published", scope2_t=0.0):
    made = Inventory.objects.create(local_government=lg, year=year)
    lines = [LineData("I.1.1", measured_kg={"CO2": co2_t * 1000, "CH4": ch4_t * 1000})]
    if scope2_t:
        lines.append(LineData("I.1.2", measured_kg={"CO2": scope2_t * 1000}))
    # Scope 3 of waste counts in BASIC; scope 3 of energy transmission losses only in BASIC+.
    lines.append(LineData("I.1.3", measured_kg={"CO2": 50_000}))
    inventory_replace_lines(inventory=made, lines=lines)
    Inventory.objects.filter(pk=made.pk).update(status=status)
    made.refresh_from_db()
    return made


@pytest.fixture
def network(db):
    bw = member("de-bw", population=11_000_000)
    freiburg = member("de-freiburg", parent=bw, population=230_000)
    vauban = member("de-vauban", parent=freiburg, population=5_500)
    nairobi = member("ke-nairobi", country="KE", population=4_400_000)
    return {"bw": bw, "freiburg": freiburg, "vauban": vauban, "nairobi": nairobi}


def report(year=2022, **options):
    return network_report(Scope(year=year, **options))


def codes(rows):
    return sorted(row.code for row in rows)


def test_network_total_equals_the_counted_inventories_computed_from_their_lines(network):
    counted = [
        inventory(network["freiburg"], 2021, co2_t=900, ch4_t=2, scope2_t=300),
        inventory(network["nairobi"], 2020, co2_t=5000, ch4_t=40),
    ]
    result = report()
    independent = sum(
        inventory_results(made, AR6).total_co2e_kg(Level.BASIC) / 1000 for made in counted
    )
    assert result.total_tco2e == pytest.approx(independent, rel=1e-12)
    assert result.members_reporting == 2
    assert result.total_tco2e == pytest.approx(sum(row.tco2e for row in result.by_region))
    assert result.total_tco2e == pytest.approx(sum(row.tco2e for row in result.by_sector))
    assert result.total_tco2e == pytest.approx(sum(row.tco2e for row in result.by_scope))
    assert result.total_tco2e == pytest.approx(sum(row.tco2e for row in result.by_gas))
    assert result.total_tco2e == pytest.approx(sum(row.tco2e for row in result.counted))
    assert result.population_covered == 230_000 + 4_400_000


def test_basic_plus_adds_its_cells(network):
    made = inventory(network["nairobi"], 2022, co2_t=100)
    basic, plus = report().total_tco2e, report(level="BASIC+").total_tco2e
    assert plus == pytest.approx(
        inventory_results(made, AR6).total_co2e_kg(Level.BASIC_PLUS) / 1000
    )
    assert plus == pytest.approx(basic + 50)  # I.1.3 is BASIC+ only


def test_the_latest_inventory_in_the_window_counts(network):
    inventory(network["nairobi"], 2017, co2_t=1)
    inventory(network["nairobi"], 2019, co2_t=10)
    inventory(network["nairobi"], 2023, co2_t=1000)  # after the report year: never
    assert [row.inventory_year for row in report(2022).counted] == [2019]
    # 2022 − 3 = 2019 is the window's first year; in 2023 the 2023 inventory counts.
    assert [row.inventory_year for row in report(2023).counted] == [2023]
    assert report(2022, window=2).counted == []  # 2020–2022: nothing


def test_a_contained_member_is_left_out_through_the_whole_chain(network):
    inventory(network["bw"], 2022, co2_t=10_000)
    inventory(network["vauban"], 2022, co2_t=5)  # Freiburg, between them, reports nothing
    result = report()
    assert codes(result.counted) == ["de-bw"]
    assert [(row.code, row.contained_in, row.family) for row in result.excluded] == [
        ("de-vauban", "de-bw", "inventory")
    ]
    assert "de-bw" in result.excluded[0].reason


def test_without_its_container_the_contained_member_counts(network):
    inventory(network["freiburg"], 2022)
    inventory(network["vauban"], 2022)
    result = report()
    assert codes(result.counted) == ["de-freiburg"]
    assert [row.contained_in for row in result.excluded] == ["de-freiburg"]


def test_nesting_across_regions_counts_the_container_in_its_own_region(network):
    lyon = member("fr-lyon", country="FR", parent=network["nairobi"])
    inventory(lyon, 2022, co2_t=77)
    inventory(network["nairobi"], 2022, co2_t=1000)
    result = report()
    assert codes(result.counted) == ["ke-nairobi"]
    assert [row.key for row in result.by_region] == ["africa"]
    # Filtering on Europe does not bring the contained city back: regions add up
    # to the network.
    europe = report(region="europe")
    assert europe.counted == [] and codes(europe.excluded) == ["fr-lyon"]


def test_unpublished_inventories_and_members_never_count(network):
    inventory(network["nairobi"], 2022, co2_t=1, status="verified")
    hidden = member("de-hidden", published=False)
    inventory(hidden, 2022)
    assert report().counted == []
    # An unpublished container still hides nothing: only what counts contains.
    secret_parent = member("de-secret", published=False)
    child = member("de-child", parent=secret_parent)
    inventory(child, 2022)
    assert codes(report().counted) == ["de-child"]


def test_gwp_switch_scales_gas_by_gas(network):
    inventory(network["nairobi"], 2022, co2_t=1000, ch4_t=10)
    for name in ("SARGWP100", "AR4GWP100", "AR5GWP100", "AR6GWP100"):
        result = report(gwp=name)
        chosen = gwp_set(name)
        expected = sum(kg * chosen.value(gas) / 1000 for gas, kg in result.gas_kg.items())
        assert result.total_tco2e == pytest.approx(expected)
    # Masses stay; only CH4's weight changes (SAR 21, AR6 27.9 in the
    # globalwarmingpotentials tables): 10 t of CH4 move the total by 10 × (27.9 − 21).
    sar, ar6 = report(gwp="SARGWP100"), report(gwp="AR6GWP100")
    assert sar.gas_kg == ar6.gas_kg
    difference = (gwp_set("AR6GWP100").value("CH4") - gwp_set("SARGWP100").value("CH4")) * 10
    assert ar6.total_tco2e - sar.total_tco2e == pytest.approx(difference)


def test_commitments_add_up_committed_reductions_by_target_year(network):
    freiburg = network["freiburg"]
    inventory(freiburg, 2010, co2_t=1_000_000)
    inventory(freiburg, 2020, co2_t=800_000)
    adopted = datetime.date(2021, 1, 1)
    # BASIC leaves out I.1.3 (BASIC+ only): base 1,000,000 t, 40 % below → 600,000 t;
    # BAU at 0 % growth from 2020 stays 800,000 t → 200,000 t committed for 2030, and
    # the net-zero target commits all 800,000 t for 2050.
    Target.objects.create(
        local_government=freiburg,
        title="40 % by 2030",
        type="base_year",
        base_year=2010,
        target_year=2030,
        reduction_percent=40,
        adopted_on=adopted,
        is_published=True,
    )
    Target.objects.create(
        local_government=freiburg,
        title="Net zero by 2050",
        type="fixed_level",
        base_year=2010,
        target_year=2050,
        level_tco2e=0,
        adopted_on=adopted,
        is_published=True,
    )
    Target.objects.create(  # unpublished: never counts
        local_government=freiburg,
        title="Draft",
        type="fixed_level",
        base_year=2010,
        target_year=2040,
        level_tco2e=0,
        adopted_on=adopted,
    )
    result = report(2022).as_json()
    assert result["commitments"] == {
        "2030": {"committed_reduction_tco2e": pytest.approx(200_000), "targets": 1},
        "2050": {"committed_reduction_tco2e": pytest.approx(800_000), "targets": 1},
    }
    assert result["targets"]["by_type"] == {"base_year": 1, "fixed_level": 1}
    assert result["targets"]["members_with_target"] == 1
    # 2020: trajectory 1,000,000 − 400,000 × 10/20 = 800,000 → on track, exactly on the line.
    assert result["targets"]["targets_on_track"] >= 1


def test_a_target_counts_from_a_latest_inventory_older_than_the_window(network):
    # The report reads the window's inventories and, for targets, each member's
    # latest up to the report year and its base year's: here the latest (2015)
    # lies before the 2019–2022 window, and the 2023 one (after the report
    # year) and the draft of 2021 do not count. Base 1,000,000 t, 40 % below →
    # 600,000 t; BAU at 0 % growth from 2015 stays 800,000 t → 200,000 t.
    freiburg = network["freiburg"]
    inventory(freiburg, 2010, co2_t=1_000_000)
    inventory(freiburg, 2015, co2_t=800_000)
    inventory(freiburg, 2021, co2_t=100_000, status="draft")
    inventory(freiburg, 2023, co2_t=500_000)
    Target.objects.create(
        local_government=freiburg,
        title="40 % by 2030",
        type="base_year",
        base_year=2010,
        target_year=2030,
        reduction_percent=40,
        adopted_on=datetime.date(2016, 1, 1),
        is_published=True,
    )
    result = report(2022).as_json()
    assert result["members_reporting"] == 0  # no inventory in the window
    assert result["commitments"] == {
        "2030": {"committed_reduction_tco2e": pytest.approx(200_000), "targets": 1},
    }
    assert result["targets"]["members_with_target"] == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "twenty"}, "year"),
        ({"year": "1900"}, "year"),
        ({"year": "2022", "gwp": "AR7GWP100"}, "gwp"),
        ({"year": "2022", "level": "territorial"}, "level"),
        ({"year": "2022", "window": "-1"}, "window"),
        ({"year": "2022", "region": "atlantis"}, "region"),
        ({"year": "2022", "country": "XX"}, "country"),
        ({"year": "2022", "campaign": "nope"}, "campaign"),
    ],
)
def test_bad_parameters_are_named(db, params, field):
    with pytest.raises(ReportError) as caught:
        parse_scope(params)
    assert caught.value.field == field
    assert str(caught.value)


def test_parameters_are_read_leniently(db):
    scope = parse_scope({"year": "2022", "gwp": "ar5gwp100", "level": "basic_plus"})
    assert (scope.gwp, scope.level, scope.window) == ("AR5GWP100", "BASIC+", 3)


def test_the_json_holds_what_the_command_promises(network):
    inventory(network["nairobi"], 2022)
    data = report().as_json()
    for key in (
        "year",
        "gwp",
        "level",
        "members_reporting",
        "population_covered",
        "total_tco2e",
        "by_region",
        "by_country",
        "by_sector",
        "excluded",
        "commitments",
    ):
        assert key in data
    assert data["by_country"]["KE"]["members"] == 1


def test_the_report_pauses_the_cycle_collector_only_while_it_runs(network):
    assert gc.isenabled()
    network_report(Scope(year=2022))
    assert gc.isenabled()
    with pytest.raises(ReportError):
        network_report(Scope(year=2022, gwp="AR7"))
    assert gc.isenabled()


def test_sectors_are_named_in_the_reader_s_language(network):
    inventory(network["nairobi"], 2022, co2_t=100)
    with translation.override("es"):
        result = report()
    assert {row.key: row.name for row in result.by_sector}["I"] == "Energía estacionaria"
