"""Tenders, their savings, the green share, the library's versions, and the milestones."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from localaction.campaigns.models import Campaign, Participation
from localaction.campaigns.services import milestone_states
from localaction.finance.models import ExchangeRate
from localaction.inventories.models import EmissionFactor
from localaction.sustainability import sources
from localaction.sustainability.procurement import services
from localaction.sustainability.procurement.library import library_groups
from localaction.sustainability.procurement.models import (
    ProcurementCommitment,
    ProcurementCriterion,
    ProcurementTender,
)
from localaction.sustainability.tests.procurement.conftest import tender


def test_library_loaded_with_core_and_comprehensive_criteria(groups, criteria):
    assert len(groups) == len(library_groups()) == 10
    for group in groups.values():
        levels = {c.level for c in criteria.values() if c.group_id == group.pk}
        assert levels == {"core", "comprehensive"}, group.code
    assert {g.calculator for g in groups.values()} >= {
        "renewable_electricity",
        "efficient_vehicle",
        "led_lighting",
    }


def test_savings_estimated_from_the_offer(record):
    electricity = ProcurementTender.objects.get(group__code="electricity")
    # 1,200 MWh × (380 − 0) kg/MWh (core.procurement's worked example).
    assert electricity.co2_saving_kg == pytest.approx(456_000)
    assert electricity.grid_factor == "given with the tender"
    vehicles = ProcurementTender.objects.get(group__code="vehicles")
    assert vehicles.co2_saving_kg == pytest.approx(1061.0379)
    assert vehicles.cost_saving == Decimal("720.00")


def test_grid_factor_from_the_platform_for_the_member_country(cast, groups, criteria):
    EmissionFactor.objects.create(
        code="de-grid-2024",
        name="Germany grid 2024",
        activity="electricity",
        unit="kWh",
        kg_per_unit={"CO2": 0.4},
        country=cast.freiburg.country,
        valid_from=2024,
        valid_to=2024,
        source="test",
    )
    lit = tender(
        cast.freiburg,
        groups["lighting"],
        "90000.00",
        2024,
        applied=[criteria["lighting-efficacy"]],
        figures={"lamps": 100, "old_w": 60, "new_w": 9, "hours": 4000, "price_per_kwh": 0.30},
    )
    # 0.4 kg/kWh = 400 kg/MWh: 100 × 51 W × 4000 h = 20,400 kWh × 0.4 = 8,160 kg.
    assert lit.co2_saving_kg == pytest.approx(8160)
    assert lit.cost_saving == Decimal("6120.00")
    assert "Germany grid 2024" in lit.grid_factor
    with pytest.raises(ValidationError, match="no grid electricity factor"):
        tender(
            cast.freiburg,
            groups["lighting"],
            "1.00",
            2020,
            applied=[criteria["lighting-efficacy"]],
            figures={"lamps": 1, "old_w": 2, "new_w": 1, "hours": 1},
        )


def test_green_share_by_year_and_currency(record):
    shares = {(s.year, s.currency): s for s in services.green_shares(record)}
    assert shares[2023, "EUR"].percent == pytest.approx(90.0)
    assert shares[2024, "EUR"].green == Decimal("500000.00")
    assert shares[2024, "EUR"].total == Decimal("700000.00")
    assert shares[2024, "CHF"].percent == 0.0
    combined = {s.year: s for s in services.combined_shares(record)}
    assert combined[2024].percent is None and combined[2024].missing == ("CHF",)


def test_green_share_combined_with_the_platform_rate(record, cast):
    ExchangeRate.objects.create(
        on=datetime.date(2024, 1, 1),
        from_currency="CHF",
        to_currency="EUR",
        rate=Decimal("1.05"),
        entered_by=cast.secretariat,
    )
    combined = {s.year: s for s in services.combined_shares(record)}
    # Independent recomputation: 500,000 / (700,000 + 50,000 × 1.05).
    assert combined[2024].total == Decimal("752500.00")
    assert combined[2024].percent == pytest.approx(500_000 / 752_500 * 100)
    assert combined[2023].percent == pytest.approx(90.0)
    read = sources.value_of("green_procurement_share", record, 2024)
    assert read.value == pytest.approx(500_000 / 752_500 * 100)
    assert sources.value_of("green_procurement_share", record, 2019) is None


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"currency": "EUX"}, "currency", "not a known ISO 4217"),
        ({"currency": "XXX"}, "currency", "not a known ISO 4217"),
        ({"value": "NaN"}, "value", "from 0"),
        ({"value": "1e20"}, "value", "from 0"),
        ({"value": "-5"}, "value", "from 0"),
        ({"value": "1.001"}, "value", "two decimal"),
        ({"criteria_applied": True, "criteria": []}, "criteria", "Name the criteria"),
        ({"awarded_on": None}, "awarded_on", "states the day"),
        ({"awarded_on": datetime.date(2999, 1, 1)}, "awarded_on", "future"),
        ({"figures": {"mwh": "inf"}}, "figures", "finite number"),
        ({"figures": {"mwh": -3}}, "figures", "finite number"),
        ({"figures": {"km": 3}}, "figures", "not a figure"),
        (
            {"figures": {"mwh": 1e12, "grid_kg_per_mwh": 1e12}},
            "figures",
            "beyond any tender",
        ),
    ],
)
def test_tender_refusals(cast, groups, change, field, message):
    data = {
        "local_government": cast.freiburg,
        "group": groups["electricity"],
        "title": "Electricity",
        "value": "1000.00",
        "currency": "EUR",
        "awarded_on": datetime.date(2024, 1, 1),
    } | change
    with pytest.raises(ValidationError) as refused:
        services.tender_save(**data)
    assert field in refused.value.message_dict
    assert message in " ".join(refused.value.message_dict[field])
    assert not ProcurementTender.objects.exists()


def test_criteria_of_another_group_refused(cast, groups, criteria):
    with pytest.raises(ValidationError, match="another product group"):
        tender(cast.freiburg, groups["paper"], "10.00", 2024, applied=[criteria["food-fair-trade"]])


def test_revising_an_applied_criterion_keeps_the_tender_on_its_version(record, criteria):
    applied = criteria["food-organic-share"]
    revised = services.criterion_revise(
        criterion=applied,
        level="core",
        kind="specification",
        text="At least 30 % organic by purchase value.",
        verification=applied.verification,
    )
    assert revised.pk != applied.pk and revised.version == 2
    food = ProcurementTender.objects.get(group__code="food")
    assert list(food.criteria.values_list("text", flat=True)) == [applied.text]
    assert ProcurementCriterion.objects.current().get(code="food-organic-share") == revised
    # The old version may stay on the tender it was applied to, not go on a new one.
    services.tender_save(
        local_government=record,
        group=food.group,
        title=food.title,
        value=food.value,
        currency="EUR",
        awarded_on=food.awarded_on,
        criteria_applied=True,
        criteria=[applied],
        tender=food,
    )
    with pytest.raises(ValidationError, match="have been revised"):
        tender(record, food.group, "5.00", 2024, applied=[applied])
    # Unused criteria change in place.
    unused = criteria["paper-chlorine-free"]
    same = services.criterion_revise(
        criterion=unused, level="core", kind="award", text="x", verification="y"
    )
    assert same.pk == unused.pk and same.version == 1


def test_procura_milestones_recognised_from_the_records(record, cast, groups):
    campaign = Campaign.objects.get(code="procura")
    participation = Participation.objects.create(
        campaign=campaign, local_government=cast.freiburg, joined_on=datetime.date(2022, 1, 1)
    )
    nairobi = Participation.objects.create(
        campaign=campaign, local_government=cast.nairobi, joined_on=datetime.date(2022, 1, 1)
    )
    ProcurementCommitment.objects.create(
        local_government=cast.freiburg,
        adopted_on=datetime.date(2022, 3, 1),
        decision="The council commits.",
    )
    # Nairobi: one year, two groups: neither a baseline nor monitoring.
    tender(cast.nairobi, groups["paper"], "10.00", 2024, currency="KES")
    tender(cast.nairobi, groups["food"], "10.00", 2024, currency="KES")
    states = milestone_states([participation, nairobi])
    reached = {s.milestone.name: s.recognised for s in states[participation.pk]}
    assert reached == {
        "Political commitment": True,
        "Baseline assessment": True,  # 2023: electricity, paper, food
        "Target setting": False,
        "Procurement action plan": False,
        "Monitoring and reporting": True,  # 2023 and 2024
    }
    evidence = {s.milestone.name: s.evidence for s in states[participation.pk]}
    assert evidence["Baseline assessment"].awarded_on.year == 2023
    assert evidence["Monitoring and reporting"].awarded_on.year == 2024
    assert not any(s.recognised for s in states[nairobi.pk])


def test_library_file_is_well_formed():
    codes = [c["code"] for group in library_groups() for c in group["criteria"]]
    assert len(codes) == len(set(codes))
    assert len({group["code"] for group in library_groups()}) == len(library_groups())
    for group in library_groups():
        assert group["reference"] and group["calculator"] in {
            "",
            "renewable_electricity",
            "efficient_vehicle",
            "led_lighting",
        }
        for criterion in group["criteria"]:
            assert criterion["level"] in {"core", "comprehensive"}
            assert criterion["kind"] in {"selection", "specification", "award", "contract"}
            assert criterion["code"].startswith(group["code"] + "-")
            assert criterion["text"] and criterion["verification"]
