"""Targets as figures from real inventories, the forecast, and milestones
recognised from the data. The inventories are those of conftest.RECORD."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from localaction.campaigns.models import (
    Action,
    ActionPlan,
    Campaign,
    Forecast,
    MilestoneProgress,
    Participation,
    Target,
)
from localaction.campaigns.services import (
    Coverage,
    emissions_by_sector_t,
    latest_forecast,
    milestone_record,
    milestone_states,
    target_figures,
)
from localaction.core.targets import Progress
from localaction.inventories.models import Inventory

ADOPTED = datetime.date(2021, 3, 1)


def counting(cast):
    return Inventory.objects.filter(local_government=cast.freiburg).exclude(status="draft")


def make_target(cast, **fields):
    target = Target(local_government=cast.freiburg, title="Climate target", **fields)
    target.full_clean()
    target.save()
    return target


def test_emissions_by_sector_follow_the_coverage(cast, record):
    ids = [record[2010].pk]
    assert emissions_by_sector_t(ids, Coverage()) == {ids[0]: {"I": 600_000, "II": 400_000}}
    only_energy = Coverage(sectors=frozenset({"I"}))
    assert emissions_by_sector_t(ids, only_energy) == {ids[0]: {"I": 600_000}}
    no_methane = Coverage(gases=frozenset({"CH4"}))
    assert emissions_by_sector_t(ids, no_methane) == {ids[0]: {}}


def test_base_year_target_from_the_base_inventory(cast, record):
    # 1,000,000 t in 2010, 40 % below by 2030 → 600,000 t. BAU from 2022 (750,000 t)
    # at 0 % growth stays 750,000 t, so the committed reduction is 150,000 t.
    target = make_target(
        cast, type="base_year", base_year=2010, target_year=2030, reduction_percent=40
    )
    figures = target_figures(target, counting(cast))
    assert figures.base_t == 1_000_000
    assert figures.target_t == pytest.approx(600_000)
    assert figures.bau_t == pytest.approx(750_000)
    assert figures.committed_reduction_t == pytest.approx(150_000)
    # 2015: trajectory 1,000,000 − 400,000 × 5/20 = 900,000 → 920,000 is off track;
    # 2020: 800,000 on the line exactly → on track; 2022: 760,000 allowed, 750,000 → on track.
    assert [(year, status) for year, _t, status in figures.progress] == [
        (2015, Progress.OFF_TRACK),
        (2020, Progress.ON_TRACK),
        (2022, Progress.ON_TRACK),
    ]


def test_public_figures_count_only_published_inventories(cast, record):
    target = make_target(
        cast, type="base_year", base_year=2010, target_year=2030, reduction_percent=40
    )
    figures = target_figures(target, Inventory.objects.published())
    assert figures.bau_t == pytest.approx(800_000)  # from 2020, the latest published
    assert [year for year, _t in figures.inventories_t] == [2010, 2015, 2020]


def test_forecast_grows_sector_by_sector(cast, record):
    # From 2022: I 420,000 × 1.01^8 + II 330,000 × 0.98^8 (population growth 0.5 % unused
    # because both sectors have their own rate).
    cast.freiburg.population_growth_percent = 0.5
    cast.freiburg.save()
    Forecast.objects.create(
        local_government=cast.freiburg, sector_growth_percent={"I": 1, "II": -2}
    )
    forecast = latest_forecast(cast.freiburg, counting(cast))
    assert forecast.base_year == 2022
    assert forecast.total_t(2030) == pytest.approx(420_000 * 1.01**8 + 330_000 * 0.98**8)


def test_default_growth_is_the_population_growth(cast, record):
    cast.freiburg.population_growth_percent = 1.0
    cast.freiburg.save()
    forecast = latest_forecast(cast.freiburg, counting(cast))
    assert forecast.total_t(2032) == pytest.approx(750_000 * 1.01**10)


def test_baseline_scenario_target_and_intensity_target(cast, record):
    cast.freiburg.population_growth_percent = 1.0
    cast.freiburg.save()
    # BAU 2030 = 750,000 × 1.01^8 = 812,142.4 t; 20 % below → 649,713.9 t.
    bau = make_target(
        cast, type="baseline_scenario", base_year=2022, target_year=2030, reduction_percent=20
    )
    figures = target_figures(bau, counting(cast))
    assert figures.bau_t == pytest.approx(750_000 * 1.01**8)
    assert figures.target_t == pytest.approx(750_000 * 1.01**8 * 0.8)
    assert figures.committed_reduction_t == pytest.approx(750_000 * 1.01**8 * 0.2)
    # 1,000,000 t for 200,000 inhabitants in 2010 = 5 t each; 50 % below = 2.5 t;
    # 250,000 inhabitants in 2030 → 625,000 t.
    intensity = make_target(
        cast,
        type="intensity",
        base_year=2010,
        target_year=2030,
        reduction_percent=50,
        intensity_per="inhabitant",
        base_activity=200_000,
        target_activity=250_000,
    )
    assert target_figures(intensity, counting(cast)).target_t == pytest.approx(625_000)


def test_bau_below_target_commits_nothing(cast, record):
    target = make_target(
        cast, type="fixed_level", base_year=2010, target_year=2030, level_tco2e=900_000
    )
    figures = target_figures(target, counting(cast))
    assert figures.target_t == 900_000
    assert figures.committed_reduction_t == 0
    assert figures.bau_below_target


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        (
            {"type": "base_year", "base_year": 2010, "target_year": 2010, "reduction_percent": 10},
            "target_year",
            "after",
        ),
        (
            {"type": "base_year", "base_year": 2010, "target_year": 2030, "reduction_percent": 101},
            "reduction_percent",
            "100",
        ),
        (
            {"type": "base_year", "base_year": 2010, "target_year": 2030, "reduction_percent": -5},
            "reduction_percent",
            "0",
        ),
        (
            {"type": "base_year", "base_year": 2012, "target_year": 2030, "reduction_percent": 10},
            "base_year",
            "no inventory",
        ),
        (
            {
                "type": "intensity",
                "base_year": 2010,
                "target_year": 2030,
                "reduction_percent": 10,
                "intensity_per": "economic_output",
            },
            "base_activity",
            "activity data",
        ),
        (
            {
                "type": "indicator",
                "base_year": 2010,
                "target_year": 2030,
                "indicator": "renewable_share",
                "indicator_unit": "kwhh",
                "base_value": 1,
                "target_value": 2,
            },
            "indicator_unit",
            "kwhh",
        ),
    ],
)
def test_bad_targets_are_refused_and_nothing_is_saved(cast, record, fields, field, words):
    with pytest.raises(ValidationError) as caught:
        make_target(cast, **fields)
    assert words in " ".join(caught.value.message_dict[field])
    assert not Target.objects.exists()


def test_intensity_per_inhabitant_without_population_needs_activity_data(cast, record):
    cast.freiburg.population = None
    cast.freiburg.save()
    with pytest.raises(ValidationError, match="activity data"):
        make_target(
            cast,
            type="intensity",
            base_year=2010,
            target_year=2030,
            reduction_percent=10,
            intensity_per="inhabitant",
        )


@pytest.fixture
def ccp(cast):
    campaign = Campaign.objects.get(code="ccp")
    return Participation.objects.create(
        campaign=campaign, local_government=cast.freiburg, joined_on=datetime.date(2009, 5, 1)
    )


def statuses(participation):
    participation.refresh_from_db()
    return [state.status for state in milestone_states([participation])[participation.pk]]


def test_ccp_milestones_are_recognised_from_data(cast, record, ccp):
    # Inventories alone: no forecast yet, so milestone 1 waits; a later inventory
    # already proves milestone 5 — milestones need not be passed in order.
    assert statuses(ccp) == ["not_started"] * 4 + ["achieved"]
    Forecast.objects.create(local_government=cast.freiburg)
    make_target(
        cast,
        type="base_year",
        base_year=2010,
        target_year=2030,
        reduction_percent=40,
        adopted_on=ADOPTED,
    )
    assert statuses(ccp)[:3] == ["achieved", "achieved", "not_started"]
    plan = ActionPlan.objects.create(
        local_government=cast.freiburg, title="Klimaschutzkonzept", adopted_on=ADOPTED
    )
    Action.objects.create(
        local_government=cast.freiburg, plan=plan, title="Tram", status="in_progress"
    )
    assert statuses(ccp) == ["achieved"] * 5


def test_a_proposed_target_or_draft_inventory_proves_nothing(cast, ccp):
    Inventory.objects.create(local_government=cast.freiburg, year=2020)
    Forecast.objects.create(local_government=cast.freiburg)
    Target.objects.create(
        local_government=cast.freiburg,
        title="t",
        type="fixed_level",
        base_year=2020,
        target_year=2030,
        level_tco2e=1,
    )
    assert statuses(ccp) == ["not_started"] * 5


def test_only_an_office_verifies_a_milestone(cast, record, ccp):
    milestone = ccp.campaign.methodology.milestones.get(number=1)
    record_ = MilestoneProgress(participation=ccp, milestone=milestone, status="verified")
    with pytest.raises(ValidationError, match="Only the staff of an office"):
        milestone_record(record=record_, user=cast.editor)
    assert not MilestoneProgress.objects.exists()
    saved = milestone_record(record=record_, user=cast.staff)
    assert (saved.verified_by, saved.status) == (cast.staff, "verified")
    saved.status = "achieved"
    with pytest.raises(ValidationError):
        milestone_record(record=saved, user=cast.editor)
    assert MilestoneProgress.objects.get().status == "verified"
