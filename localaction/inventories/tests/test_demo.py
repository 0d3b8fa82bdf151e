"""Demo inventories: deterministic, calculated like any other, summed, in every status."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from localaction.accounts.models import Role
from localaction.core.gpc import Level
from localaction.inventories.demo import GRID_SOURCE, build_demo_inventories
from localaction.inventories.models import EmissionFactor, Inventory, InventoryLine, InventoryTotal
from localaction.inventories.services import (
    BIOGENIC_CO2,
    FactorLibrary,
    inventory_results,
    inventory_summarise,
)
from localaction.network.demo import build_demo_network
from localaction.network.models import LocalGovernment

pytestmark = pytest.mark.django_db

MEMBERS = 150
SEED = 7
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def build(seed: int = SEED):
    build_demo_network(members=MEMBERS, seed=seed, today=TODAY)
    return build_demo_inventories(seed=seed, today=TODAY)


@pytest.fixture
def demo():
    return build()


def snapshot() -> dict[str, list[tuple]]:
    """Every inventory, line and total, by local-government code rather than database id."""
    return {
        "inventories": sorted(
            (
                i.local_government.code,
                i.year,
                i.status,
                i.gwp_set,
                i.submitted_at,
                i.verified_at,
                i.published_at,
                i.submitted_by.username if i.submitted_by else None,
            )
            for i in Inventory.objects.select_related("local_government", "submitted_by")
        ),
        "lines": sorted(
            (
                line.inventory.local_government.code,
                line.inventory.year,
                line.position,
                line.gpc_ref,
                line.amount,
                line.unit,
                line.factor.code if line.factor else None,
                repr(sorted(line.gases_kg.items())),
                line.biogenic_co2_kg,
                line.notation_key,
            )
            for line in InventoryLine.objects.select_related(
                "inventory__local_government", "factor"
            )
        ),
        "totals": sorted(
            (t.inventory.local_government.code, t.inventory.year, t.gpc_ref, t.gas, t.kg)
            for t in InventoryTotal.objects.select_related("inventory__local_government")
        ),
    }


def built_then_rolled_back(seed: int) -> dict[str, list[tuple]]:
    with transaction.atomic():
        build(seed)
        state = snapshot()
        transaction.set_rollback(True)
    return state


def test_the_same_seed_builds_the_same_inventories():
    first = built_then_rolled_back(SEED)
    assert len(first["inventories"]) > 20 and len(first["lines"]) > 200
    assert first == built_then_rolled_back(SEED)
    assert first["lines"] != built_then_rolled_back(SEED + 1)["lines"]


def test_a_little_under_half_of_active_members_have_inventories(demo):
    active = LocalGovernment.objects.with_membership_status("active").exclude(kind="association")
    with_inventories = active.filter(inventories__isnull=False).distinct().count()
    assert 0.3 < with_inventories / active.count() < 0.6
    years = Inventory.objects.values_list("year", flat=True)
    assert min(years) >= 2010 and max(years) <= 2024
    assert not Inventory.objects.exclude(local_government__in=active).exists()


def kg_per_factor_unit(line: InventoryLine) -> float:
    """How many of the factor's units one unit of the line's amount is, worked out by hand."""
    match (line.unit, line.factor_unit):
        case ("TJ", "kg/TJ") | ("MWh", "kg/MWh"):
            return 1.0
        case ("t", "kg/TJ"):
            # t → Gg (/1,000), × the net calorific value in TJ/Gg.
            assert line.ncv_unit == "TJ/Gg"
            return line.ncv / 1000
    raise AssertionError(f"no hand conversion for {line.unit} with {line.factor_unit}")


def test_every_mass_is_amount_times_snapshot_times_unit_conversion(demo):
    lines = InventoryLine.objects.select_related("inventory__local_government", "factor")
    kinds = defaultdict(int)
    for line in lines:
        if line.notation_key:
            kinds["notation"] += 1
            assert line.explanation and not line.gases_kg and line.amount is None
        elif line.measured_kg:
            kinds["measured"] += 1
            assert line.gases_kg == line.measured_kg and line.factor is None
        else:
            kinds["activity"] += 1
            # The snapshot is the library factor's values.
            assert line.factor_kg_per_unit == line.factor.kg_per_unit
            expected = {
                gas: line.amount * value * kg_per_factor_unit(line)
                for gas, value in line.factor_kg_per_unit.items()
            }
            assert line.gases_kg == pytest.approx(expected, rel=1e-12)
            biogenic = line.amount * (line.factor_biogenic_co2_kg_per_unit or 0.0)
            assert line.biogenic_co2_kg == pytest.approx(
                biogenic * kg_per_factor_unit(line), rel=1e-12
            )
    assert kinds["activity"] > kinds["measured"] > 0 and kinds["notation"] > 0


def test_each_line_uses_the_factor_the_library_would_choose(demo):
    for inventory in Inventory.objects.select_related("local_government")[:40]:
        library = FactorLibrary.for_inventory(inventory)
        for line in inventory.lines.exclude(factor=None).select_related("factor"):
            assert library.resolve(line.factor.activity, line.gpc_ref) == line.factor
            if line.factor.activity == "electricity":
                # The national grid of the inventory's year.
                assert line.factor.country_id == inventory.local_government.country_id
                assert line.factor.valid_from == line.factor.valid_to == inventory.year
                assert line.factor.source == GRID_SOURCE
            else:
                assert line.factor.code.startswith("ipcc2006:")


def test_totals_are_the_sums_of_the_lines(demo):
    for inventory in Inventory.objects.prefetch_related("lines", "totals"):
        sums: dict[tuple[str, str], float] = defaultdict(float)
        for line in inventory.lines.all():
            for gas, kg in line.gases_kg.items():
                sums[line.gpc_ref, gas] += kg
            if line.biogenic_co2_kg:
                sums[line.gpc_ref, BIOGENIC_CO2] += line.biogenic_co2_kg
        totals = {(t.gpc_ref, t.gas): t.kg for t in inventory.totals.all()}
        assert totals == pytest.approx(dict(sums), rel=1e-12)


def test_totals_are_what_the_service_would_write(demo):
    for inventory in Inventory.objects.order_by("pk")[:20]:
        written = sorted(inventory.totals.values_list("gpc_ref", "gas", "kg"))
        inventory_summarise(inventory=inventory)
        assert sorted(inventory.totals.values_list("gpc_ref", "gas", "kg")) == written


def test_statuses_are_mixed_older_ones_published_with_coherent_stamps(demo):
    assert set(demo.by_status) == set(Inventory.Status.values)
    # Every step of the workflow occurs; the demo corrects nothing, so nothing is superseded.
    counts = dict(demo.by_status)
    assert counts.pop(Inventory.Status.SUPERSEDED) == 0
    assert all(count > 0 for count in counts.values()), counts
    by_member = defaultdict(list)
    for inventory in Inventory.objects.order_by("year"):
        by_member[inventory.local_government_id].append(inventory)
    for inventories in by_member.values():
        for older in inventories[:-1]:
            assert older.status in ("verified", "published")
        for inventory in inventories:
            steps = ("submitted", "verified", "published")
            taken = steps[: list(Inventory.Status.values).index(inventory.status)]
            stamps = [getattr(inventory, f"{step}_at") for step in steps]
            assert [stamp is not None for stamp in stamps] == [s in taken for s in steps]
            dates = [stamp.date() for stamp in stamps if stamp]
            assert dates == sorted(dates)
            assert all(inventory.year < date.year and date <= TODAY for date in dates)


def test_the_editors_city_has_three_inventories_the_latest_a_draft(demo):
    role = Role.objects.get(user__username="editor", kind=Role.Kind.EDITOR)
    inventories = list(role.local_government.inventories.order_by("year"))
    assert len(inventories) >= 3
    assert inventories[-1].status == Inventory.Status.DRAFT
    assert all(i.status == Inventory.Status.PUBLISHED for i in inventories[:-1])


def test_every_inventory_has_a_few_notation_keys_with_explanations(demo):
    for inventory in Inventory.objects.prefetch_related("lines"):
        keys = {line.gpc_ref: line.notation_key for line in inventory.lines.all()}
        assert keys["I.7.1"] == "NO" and keys["IV.1"] == "NE"


def test_what_goes_beyond_draft_is_complete_and_drafts_show_the_check(demo):
    complete = {
        inventory.status: inventory_results(inventory).completeness(Level.BASIC).complete
        for inventory in Inventory.objects.order_by("status", "pk")
    }
    assert complete[Inventory.Status.PUBLISHED] and complete[Inventory.Status.SUBMITTED]
    drafts = Inventory.objects.filter(status=Inventory.Status.DRAFT)
    assert not all(inventory_results(d).completeness(Level.BASIC).complete for d in drafts)


def test_grid_factors_per_country_and_year(demo):
    countries = set(Inventory.objects.values_list("local_government__country", flat=True))
    grid = EmissionFactor.objects.filter(activity="electricity", source=GRID_SOURCE)
    assert set(grid.values_list("country", flat=True)) == countries
    assert grid.count() == len(countries) * len(range(2010, 2025))
    assert all(100 <= factor.kg_per_unit["CO2"] <= 1000 for factor in grid.filter(country="IN"))


def test_emissions_per_person_are_plausible_and_richer_regions_emit_more(demo):
    # Community-wide BASIC emissions of cities run from under 1 t CO2e per
    # person (South Asia, Africa) to 15-20 (North America, Australia).
    per_person = defaultdict(list)
    for inventory in Inventory.objects.filter(year__gte=2020).select_related(
        "local_government__country__region"
    ):
        lg = inventory.local_government
        tonnes = inventory_results(inventory).total_co2e_kg(Level.BASIC) / 1000
        assert 0.2 < tonnes / lg.population < 40, (lg.code, inventory.year)
        per_person[lg.country.region.code].append(tonnes / lg.population)
    rich = statistics.median(per_person["europe"] + per_person["north-america"])
    poor = statistics.median(per_person["africa"] + per_person["south-asia"])
    assert rich > 3 * poor


def test_the_demo_command_builds_inventories_too():
    out = StringIO()
    call_command("demo", "--members", "60", "--seed", "2", stdout=out)
    assert Inventory.objects.exists()
    count = Inventory.objects.count()
    assert f"; {count} GHG inventories (draft: " in out.getvalue()
