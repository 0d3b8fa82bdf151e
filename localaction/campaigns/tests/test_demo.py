"""Demo campaigns: deterministic, valid, with participants at every milestone,
targets of every type and actions in every status."""

from __future__ import annotations

import datetime
import statistics
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from localaction.campaigns.demo import build_demo_campaigns
from localaction.campaigns.models import (
    Action,
    ActionPlan,
    Campaign,
    Forecast,
    MilestoneProgress,
    Participation,
    Target,
)
from localaction.campaigns.permissions import can_verify_milestone
from localaction.campaigns.services import campaign_funnel, milestones_reached, target_figures
from localaction.inventories.demo import build_demo_inventories
from localaction.inventories.models import Inventory
from localaction.network.demo import build_demo_network
from localaction.network.models import LocalGovernment

pytestmark = pytest.mark.django_db

MEMBERS = 300
SEED = 7
TODAY = datetime.date(2026, 6, 1)
SAMPLE = 8


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def build(seed: int = SEED):
    build_demo_network(members=MEMBERS, seed=seed, today=TODAY)
    build_demo_inventories(seed=seed, today=TODAY)
    return build_demo_campaigns(seed=seed, today=TODAY)


@pytest.fixture
def demo():
    return build()


def snapshot() -> dict[str, list[tuple]]:
    """Everything the demo campaigns are made of, by code rather than by database id."""
    return {
        "participations": sorted(
            Participation.objects.values_list(
                "local_government__code",
                "campaign__code",
                "joined_on",
                "withdrawn_on",
                "resolution_url",
            )
        ),
        "forecasts": sorted(
            (f.local_government.code, f.default_growth_percent, repr(f.sector_growth_percent))
            for f in Forecast.objects.select_related("local_government")
        ),
        "targets": sorted(
            Target.objects.values_list(
                "local_government__code",
                "campaign__code",
                "title",
                "type",
                "base_year",
                "target_year",
                "reduction_percent",
                "level_tco2e",
                "indicator_unit",
                "base_value",
                "target_value",
                "adopted_on",
                "is_conditional",
                "is_published",
            ),
            key=repr,
        ),
        "plans": sorted(
            ActionPlan.objects.values_list(
                "local_government__code", "campaign__code", "title", "adopted_on", "url"
            ),
            key=repr,
        ),
        "actions": sorted(
            Action.objects.values_list(
                "local_government__code",
                "plan__title",
                "campaign__code",
                "title",
                "status",
                "starts_on",
                "ends_on",
                "cost",
                "currency",
                "impact_tco2e",
                "impact_amount",
                "impact_unit",
            ),
            key=repr,
        ),
        "milestones": sorted(
            MilestoneProgress.objects.values_list(
                "local_government__code",
                "participation__campaign__code",
                "milestone__number",
                "status",
                "started_on",
                "achieved_on",
                "verified_on",
                "verified_by__username",
                "inventory__year",
                "target__title",
                "action_plan__title",
            ),
            key=repr,
        ),
    }


def built_then_rolled_back(seed: int) -> dict[str, list[tuple]]:
    with transaction.atomic():
        build(seed)
        state = snapshot()
        transaction.set_rollback(True)
    assert not Participation.objects.exists(), "the build was not rolled back"
    return state


def test_the_same_seed_builds_the_same_campaigns():
    first = built_then_rolled_back(SEED)
    assert all(first.values()), {name: len(rows) for name, rows in first.items()}
    assert first == built_then_rolled_back(SEED)


def test_every_campaign_has_active_participants_at_every_milestone(demo):
    for campaign in Campaign.objects.select_related("methodology"):
        participations = list(
            campaign.participations.select_related("campaign", "local_government__country__region")
        )
        reached = milestones_reached(participations)
        milestones, rows = campaign_funnel(campaign, participations, reached)
        everyone = rows[-1]
        assert everyone.participants >= 3, campaign.code
        # Reached as the platform sees it: recorded, or recognised from the data.
        assert all(everyone.reached), (campaign.code, everyone.reached)
        # And a funnel: not everyone gets to the end.
        assert everyone.reached[-1] < everyone.participants, campaign.code
        assert len(milestones) == len(everyone.reached) == 5


def test_regional_campaigns_are_coordinated_by_their_regional_secretariat(demo):
    offices = dict(Campaign.objects.values_list("code", "office__code"))
    assert offices["water"] == "africa" and offices["procura"] == "europe"
    assert offices["ccp"] == "world-secretariat"
    assert not Campaign.objects.filter(started_on=None).exists()


def test_participations_are_valid_dated_and_some_withdrawn(demo):
    participations = Participation.objects.select_related("campaign", "local_government")
    assert participations.filter(withdrawn_on__isnull=False).exists()
    assert participations.exclude(resolution_url="").exists()
    for participation in participations:
        assert participation.campaign.started_on <= participation.joined_on <= TODAY
        assert not participation.resolution
    for participation in participations.order_by("pk")[:: max(1, participations.count() // 40)]:
        participation.full_clean()
    # The Water Campaign runs in its regions only; Procura+ is mostly European.
    water_regions = set(Campaign.objects.get(code="water").regions.values_list("code", flat=True))
    water = participations.filter(campaign__code="water")
    assert set(water.values_list("local_government__country__region__code", flat=True)) <= (
        water_regions
    )
    procura = participations.filter(campaign__code="procura")
    assert procura.filter(local_government__country__region__code="europe").count() > (
        procura.count() / 2
    )


def test_most_ccp_participants_with_inventories_have_a_forecast(demo):
    ccp = Participation.objects.filter(
        campaign__code="ccp", local_government__inventories__isnull=False
    ).distinct()
    with_forecast = ccp.filter(local_government__forecast__isnull=False).count()
    assert with_forecast > 0.8 * ccp.count()
    assert Forecast.objects.exclude(sector_growth_percent={}).exists()
    for forecast in Forecast.objects.order_by("pk")[:SAMPLE]:
        forecast.full_clean()


def test_targets_of_every_type_pass_validation(demo):
    targets = Target.objects.select_related("local_government", "campaign")
    assert set(targets.values_list("type", flat=True)) == set(Target.Type.values)
    for type_ in Target.Type.values:
        for target in targets.filter(type=type_).order_by("pk")[:SAMPLE]:
            target.full_clean()
    units = set(targets.filter(type=Target.Type.INDICATOR).values_list("indicator_unit", flat=True))
    assert {"percent", "MWh", "m³"} <= units
    assert targets.filter(is_conditional=True).exists()
    assert targets.filter(adopted_on=None).exists()
    adopted = targets.adopted()
    assert adopted.count() > targets.count() / 2
    assert adopted.filter(is_published=True).count() > adopted.count() / 2
    net_zero = targets.filter(type=Target.Type.FIXED_LEVEL)
    assert set(net_zero.values_list("level_tco2e", flat=True)) == {0.0}
    for target in targets.filter(type=Target.Type.BASE_YEAR):
        assert 5 <= target.reduction_percent <= 60
        assert Inventory.objects.filter(
            local_government=target.local_government, year=target.base_year
        ).exists()


def test_a_few_targets_lie_above_business_as_usual(demo):
    """The warning "your forecast already falls below the target" shows somewhere."""
    below = 0
    targets = Target.objects.adopted().ghg().select_related("local_government")
    for target in targets:
        inventories = Inventory.objects.filter(local_government=target.local_government).exclude(
            status=Inventory.Status.DRAFT
        )
        figures = target_figures(target, inventories)
        below += figures.bau_below_target
    assert 0 < below < targets.count() / 2


def test_actions_in_every_status_with_costs_impacts_and_co_benefits(demo):
    actions = Action.objects.select_related("local_government__country", "plan", "target")
    assert set(actions.values_list("status", flat=True)) == set(Action.Status.values)
    for status in Action.Status.values:
        for action in actions.filter(status=status).order_by("pk")[:SAMPLE]:
            action.full_clean()
    assert actions.filter(impact_tco2e__gt=0).exists()
    assert set(actions.exclude(impact_unit="").values_list("impact_unit", flat=True)) >= {
        "MWh",
        "m³",
    }
    assert {"EUR", "USD"} < set(actions.exclude(currency="").values_list("currency", flat=True))
    assert actions.filter(cost__isnull=False).exclude(funding_source="").exists()
    assert all(action.co_benefits for action in actions)
    for action in actions.filter(status=Action.Status.COMPLETED):
        assert action.starts_on <= action.ends_on <= TODAY
    for action in actions.filter(status=Action.Status.IN_PROGRESS):
        assert action.starts_on <= TODAY


def test_plans_are_valid_adopted_or_drafts(demo):
    plans = ActionPlan.objects.all()
    assert plans.filter(adopted_on=None).exists() and plans.adopted().exists()
    assert plans.filter(campaign=None).exists() and plans.filter(campaign__code="water").exists()
    for plan in plans.order_by("pk")[:SAMPLE]:
        plan.full_clean()


def test_recorded_milestones_are_valid_and_verified_by_a_covering_office(demo):
    records = MilestoneProgress.objects.select_related(
        "participation__campaign",
        "participation__local_government__country",
        "milestone",
        "verified_by",
        "inventory",
        "target",
        "action_plan",
    )
    assert set(records.values_list("status", flat=True)) >= {"in_progress", "achieved", "verified"}
    for record in records.filter(status=MilestoneProgress.Status.VERIFIED):
        assert can_verify_milestone(record.verified_by, record.participation)
        assert record.achieved_on <= record.verified_on <= TODAY
    for status in ("in_progress", "achieved", "verified"):
        for record in records.filter(status=status).order_by("pk")[:SAMPLE]:
            record.full_clean()
    # CCP's verified milestones name the data that prove them.
    ccp = records.filter(participation__campaign__code="ccp", status="verified")
    assert ccp.exists()
    assert all(record.inventory or record.target or record.action_plan for record in ccp)


def test_population_growth_is_set_for_most_and_faster_in_africa_than_in_europe(demo):
    growth = LocalGovernment.objects.filter(kind=LocalGovernment.Kind.MUNICIPALITY)
    known = growth.exclude(population_growth_percent=None)
    assert 0.8 * growth.count() < known.count() < growth.count()

    def median(region: str) -> float:
        return statistics.median(
            known.filter(country__region__code=region).values_list(
                "population_growth_percent", flat=True
            )
        )

    assert median("africa") > 2 > 1 > median("europe")


def test_the_demo_command_builds_campaigns_too():
    out = StringIO()
    call_command("demo", "--members", "60", "--seed", "2", stdout=out)
    count = Participation.objects.count()
    assert count and f"; {count} campaign participations, " in out.getvalue()
