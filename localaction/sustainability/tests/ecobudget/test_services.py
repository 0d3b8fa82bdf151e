"""The ecoBUDGET cycle and its refusals: each bad input a clear error, nothing written."""

import math
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from localaction.campaigns.models import Action
from localaction.campaigns.tests.conftest import make_inventory
from localaction.core.ecobudget import Value
from localaction.sustainability import sources
from localaction.sustainability.ecobudget import services
from localaction.sustainability.ecobudget.models import EcoBudget, EcoBudgetLine, EcoIndicator
from localaction.sustainability.tests.ecobudget.conftest import ACTUALS, indicator

pytestmark = pytest.mark.django_db


def lines_of(budget) -> dict[str, tuple]:
    return {
        line.indicator.code: (line.target, line.actual, line.comment)
        for line in EcoBudgetLine.objects.filter(budget=budget).select_related("indicator")
    }


def test_the_library_is_loaded_with_units_directions_and_rules():
    library = {one.code: one for one in EcoIndicator.objects.standard()}
    assert len(library) >= 12
    assert library["ghg_per_person"].unit == "t / person"
    assert library["ghg_per_person"].source == "ghg_emissions_per_person"
    assert library["protected_area"].direction == "more"
    assert library["water_per_person"].aggregation == "per_person"
    assert library["ghg_emissions"].aggregation == "sum"
    for one in library.values():
        one.full_clean()  # every unit parses, every source exists and converts


def test_the_balance_of_the_worked_example(balanced):
    figures = {one.line.indicator.code: one.figures for one in services.statement(balanced).lines}
    # less: 125 − 120 = +5 l a person and day
    assert figures["water_per_person"].balance == pytest.approx(5)
    assert figures["water_per_person"].status == "met"
    # more: 540 − 550 = −10 ha
    assert figures["protected_area"].balance == pytest.approx(-10)
    # less, 0.185 t = 185 kg a person: 180 − 185 = −5 kg
    assert figures["waste_per_person"].actual == pytest.approx(185)
    assert figures["waste_per_person"].balance == pytest.approx(-5)
    assert figures["waste_per_person"].status == "missed"
    assert balanced.status == EcoBudget.Status.BALANCE_ADOPTED


def test_a_target_in_another_unit_is_stored_in_the_indicators(draft):
    services.budget_set_line(
        budget=draft, indicator=indicator("protected_area"), target=Value(5.6, "km2")
    )
    assert lines_of(draft)["protected_area"][0] == pytest.approx(560)  # 5.6 km² = 560 ha


def test_a_unit_of_the_wrong_dimension_is_refused_and_nothing_written(draft):
    before = lines_of(draft)
    with pytest.raises(ValidationError) as refused:
        services.budget_set_line(
            budget=draft, indicator=indicator("protected_area"), target=Value(5, "MWh")
        )
    assert "'MWh' is not a unit of protected_area" in str(refused.value)
    assert lines_of(draft) == before


def test_an_own_indicator_in_an_unknown_unit_is_refused(cast):
    own = EcoIndicator(
        local_government=cast.freiburg,
        code="trees",
        name="Trees",
        resource=indicator("tree_cover").resource,
        unit="treez",
        direction="more",
    )
    with pytest.raises(ValidationError) as refused:
        own.full_clean()
    assert "unit" in refused.value.message_dict


def test_an_indicator_whose_source_is_of_another_dimension_is_refused(cast):
    wrong = EcoIndicator(
        code="ghg_area",
        name="Wrong",
        resource=indicator("ghg_emissions").resource,
        unit="ha",
        direction="less",
        source="ghg_emissions",
    )
    with pytest.raises(ValidationError) as refused:
        wrong.full_clean()
    assert "source" in refused.value.message_dict


def test_a_balance_for_a_budget_the_council_has_not_adopted_is_refused(draft):
    with pytest.raises(ValidationError, match="has not adopted the budget of 2024"):
        services.balance_enter(budget=draft, actuals=ACTUALS)
    draft.refresh_from_db()
    assert draft.status == EcoBudget.Status.DRAFT
    assert all(actual is None for _t, actual, _c in lines_of(draft).values())
    with pytest.raises(ValidationError, match="has not adopted"):
        services.balance_adopt(budget=draft, adopted_on=date(2025, 3, 1), decision="x")


def test_a_second_adoption_of_the_same_budget_is_refused(adopted):
    with pytest.raises(ValidationError, match="already adopted the budget of 2024"):
        services.budget_adopt(budget=adopted, adopted_on=date(2024, 5, 1), decision="Again")
    adopted.refresh_from_db()
    assert adopted.adopted_on == date(2024, 2, 10)
    assert adopted.decision == "Council resolution 2024/7"


def test_a_second_adoption_of_the_balance_is_refused(balanced):
    with pytest.raises(ValidationError, match="already adopted the balance"):
        services.balance_adopt(budget=balanced, adopted_on=date(2025, 6, 1), decision="Again")
    with pytest.raises(ValidationError, match="already adopted the balance"):
        services.balance_enter(budget=balanced, actuals={"water_per_person": Value(1)})
    assert lines_of(balanced)["water_per_person"][1] == 120


def test_an_adopted_master_budget_no_longer_changes(adopted):
    with pytest.raises(ValidationError, match="no longer changes"):
        services.budget_set_line(
            budget=adopted, indicator=indicator("water_per_person"), target=Value(1)
        )
    assert lines_of(adopted)["water_per_person"][0] == 125


def test_an_actual_value_for_an_indicator_not_in_the_budget_is_refused(adopted):
    with pytest.raises(ValidationError) as refused:
        services.balance_enter(
            budget=adopted, actuals={"water_per_person": Value(120), "sealed_land": Value(10)}
        )
    assert "sealed_land" in refused.value.message_dict
    assert "not in the budget of 2024" in str(refused.value)
    adopted.refresh_from_db()
    assert adopted.status == EcoBudget.Status.ADOPTED
    assert lines_of(adopted)["water_per_person"][1] is None  # the good value was not kept


@pytest.mark.parametrize("amount", [math.nan, math.inf, -math.inf, 1e16, -1e16])
def test_non_finite_and_huge_values_are_refused(adopted, draft_other, amount):
    with pytest.raises(ValidationError, match="finite number"):
        services.balance_enter(budget=adopted, actuals={"water_per_person": Value(amount)})
    with pytest.raises(ValidationError, match="finite number"):
        services.budget_set_line(
            budget=draft_other, indicator=indicator("water_per_person"), target=Value(amount)
        )
    assert lines_of(adopted)["water_per_person"][1] is None
    assert not EcoBudgetLine.objects.filter(budget=draft_other).exists()


@pytest.fixture
def draft_other(cast):
    return services.budget_create(local_government=cast.freiburg, year=2030)


def test_a_huge_value_after_conversion_is_refused(adopted):
    # 1e13 t = 1e16 kg a person: within bounds as typed, beyond them in the indicator's unit
    with pytest.raises(ValidationError, match="finite number"):
        services.balance_enter(
            budget=adopted, actuals={"waste_per_person": Value(1e13, "t / person")}
        )


def test_text_too_long_is_refused(adopted, draft_other):
    services.budget_set_line(
        budget=draft_other, indicator=indicator("water_per_person"), target=Value(1)
    )
    with pytest.raises(ValidationError, match="at most 200 characters"):
        services.budget_adopt(budget=draft_other, adopted_on=date(2024, 2, 1), decision="x" * 201)
    with pytest.raises(ValidationError, match="at most 2,000 characters"):
        services.balance_enter(
            budget=adopted, actuals={}, comments={"water_per_person": "x" * 2001}
        )
    draft_other.refresh_from_db()
    assert draft_other.status == EcoBudget.Status.DRAFT
    assert lines_of(adopted)["water_per_person"][2] == ""


def test_adoption_needs_a_target_for_every_indicator_and_a_date_not_in_the_future(cast, draft):
    services.budget_set_line(budget=draft, indicator=indicator("sealed_land"))
    with pytest.raises(ValidationError, match="missing: sealed_land"):
        services.budget_adopt(budget=draft, adopted_on=date(2024, 2, 1), decision="R 1")
    with pytest.raises(ValidationError, match="future"):
        services.budget_adopt(budget=draft, adopted_on=date(2099, 2, 1), decision="R 1")
    draft.refresh_from_db()
    assert draft.status == EcoBudget.Status.DRAFT


def test_a_balance_is_adopted_with_every_actual_value(adopted):
    services.balance_enter(budget=adopted, actuals={"water_per_person": Value(120)})
    with pytest.raises(ValidationError, match="missing: "):
        services.balance_adopt(budget=adopted, adopted_on=date(2025, 3, 1), decision="R 2")
    adopted.refresh_from_db()
    assert adopted.status == EcoBudget.Status.BALANCE


def test_one_budget_a_year(draft, cast):
    with pytest.raises(ValidationError, match="already has a budget for 2024"):
        services.budget_create(local_government=cast.freiburg, year=2024)


def test_the_next_year_starts_from_the_adopted_balance(balanced):
    following = services.budget_next_year(budget=balanced)
    assert following.year == 2025 and following.status == EcoBudget.Status.DRAFT
    lines = {line.indicator.code: line for line in following.lines.select_related("indicator")}
    assert lines["water_per_person"].previous_value == 120  # 2024's actual
    assert lines["waste_per_person"].previous_value == pytest.approx(185)
    assert lines["protected_area"].reference_value == 500
    assert all(line.target is None for line in lines.values())


def test_the_next_year_needs_an_adopted_balance(adopted):
    with pytest.raises(ValidationError, match="starts from an adopted balance"):
        services.budget_next_year(budget=adopted)
    assert not EcoBudget.objects.filter(year=2025).exists()


@pytest.fixture
def emissions_source(monkeypatch):
    """The platform's emissions per person, as sources.py will give them: Freiburg's
    published inventory of 2024, 900,000 t CO2e for 231,195 people."""

    def read(local_government, year):
        if local_government.code != "de-freiburg" or year != 2024:
            return None
        return sources.Sourced(
            900_000 / 231_195,
            "/members/de-freiburg/inventories/2024/results/",
            "Inventory 2024 (BASIC, AR6), published",
        )

    original = sources.source("ghg_emissions_per_person")
    monkeypatch.setitem(
        sources._sources,
        "ghg_emissions_per_person",
        sources.Source(original.key, original.name, original.unit, "environmental", "less", read),
    )


def ghg_budget(local_government):
    budget = services.budget_create(local_government=local_government, year=2024)
    services.budget_set_line(
        budget=budget, indicator=indicator("ghg_per_person"), target=Value(4.0)
    )
    return services.budget_adopt(budget=budget, adopted_on=date(2024, 2, 1), decision="R 1")


def test_emissions_per_person_are_read_from_the_platform_not_typed(cast, emissions_source):
    budget = ghg_budget(cast.freiburg)
    with pytest.raises(ValidationError, match="read from the platform, not typed"):
        services.balance_enter(budget=budget, actuals={"ghg_per_person": Value(3.0)})
    services.balance_enter(budget=budget, actuals={})
    line = budget.lines.get()
    assert line.actual == pytest.approx(900_000 / 231_195)  # 3.8928 t a person
    assert line.actual_link == "/members/de-freiburg/inventories/2024/results/"
    assert line.actual_label == "Inventory 2024 (BASIC, AR6), published"
    # less is better: 4.0 − 3.8928 = +0.107 t a person
    figures = services.statement(budget).lines[0].figures
    assert figures.balance == pytest.approx(4.0 - 900_000 / 231_195)
    assert figures.status == "met"


def test_emissions_per_person_from_a_published_inventory_end_to_end(cast):
    make_inventory(cast.freiburg, 2024, "published", 600_000, 300_000)
    budget = ghg_budget(cast.freiburg)
    services.balance_enter(budget=budget, actuals={})
    assert budget.lines.get().actual == pytest.approx(900_000 / 231_195)


def test_no_platform_figure_gives_no_actual_and_blocks_the_balance(cast, emissions_source):
    budget = ghg_budget(cast.nairobi)
    services.balance_enter(budget=budget, actuals={})
    assert budget.lines.get().actual is None
    with pytest.raises(ValidationError, match="missing: ghg_per_person"):
        services.balance_adopt(budget=budget, adopted_on=date(2025, 2, 1), decision="R 2")


def test_each_standard_indicator_is_a_platform_source(cast, adopted):
    keys = {source.key for source in sources.sources()}
    assert {f"ecobudget.{one.code}" for one in EcoIndicator.objects.standard()} <= keys
    # Not before the council adopted the balance …
    services.balance_enter(budget=adopted, actuals=ACTUALS)
    assert sources.value_of("ecobudget.water_per_person", cast.freiburg, 2024) is None
    services.balance_adopt(budget=adopted, adopted_on=date(2025, 3, 5), decision="R 2")
    # … then the actual value, with a link to the balance.
    found = sources.value_of("ecobudget.water_per_person", cast.freiburg, 2024)
    assert found.value == 120
    assert found.link == "/members/de-freiburg/ecobudget/2024/balance/"
    assert sources.value_of("ecobudget.water_per_person", cast.freiburg, 2023) is None
    assert sources.value_of("ecobudget.sealed_land", cast.freiburg, 2024) is None


def test_measures_link_the_members_own_actions(cast, adopted):
    line = adopted.lines.first()
    own = Action.objects.create(local_government=cast.freiburg, title="Water-saving taps")
    other = Action.objects.create(local_government=cast.nairobi, title="Elsewhere")
    services.measure_link(line=line, action=own)
    services.measure_link(line=line, action=own)  # once only
    assert line.measures.count() == 1
    with pytest.raises(ValidationError, match="another member"):
        services.measure_link(line=line, action=other)


def test_mid_year_reports_take_interim_values_of_the_budgets_indicators(adopted, draft_other):
    report = services.mid_year_report_add(
        budget=adopted,
        reported_on=date(2024, 7, 1),
        text="On track.",
        values={"water_per_person": Value(0.122, "m3 / person / day")},
    )
    assert report.values.get().value == pytest.approx(122)
    with pytest.raises(ValidationError, match="not in the budget"):
        services.mid_year_report_add(
            budget=adopted, reported_on=date(2024, 7, 1), text="x", values={"sealed_land": Value(1)}
        )
    with pytest.raises(ValidationError, match="follow an adopted budget"):
        services.mid_year_report_add(
            budget=draft_other, reported_on=date(2030, 7, 1), text="x", values={}
        )
    assert adopted.reports.count() == 1
