"""The Water Campaign's milestones recognised from water accounts, through
campaigns.services.milestone_states, as CCP's are from inventories."""

import pytest

from localaction.campaigns.models import Action, Campaign, Milestone
from localaction.campaigns.services import milestone_states, milestones_reached
from localaction.sustainability.water import services

pytestmark = pytest.mark.django_db

INVENTORY = "Inventory of water consumption and quality"
IMPLEMENTATION = "Implementation and quantified benefits"
REVIEW = "Review"


def _states(participation) -> dict[str, tuple[str, object]]:
    return {
        state.milestone.name: (state.status, state.evidence)
        for state in milestone_states([participation])[participation.pk]
    }


def test_the_seeded_milestones_name_the_water_rules(db):
    rules = dict(
        Milestone.objects.filter(methodology__code="water").values_list("name", "recognised_from")
    )
    assert rules[INVENTORY] == "water_inventory"
    assert rules[IMPLEMENTATION] == "water_benefits"
    assert rules[REVIEW] == "water_review"
    assert rules["Goals"] == "campaign_target"  # left as seeded


def test_milestones_are_achieved_once_the_records_exist(cast, participation, inventory, action):
    states = _states(participation)
    assert states[INVENTORY][0] == states[IMPLEMENTATION][0] == states[REVIEW][0] == "not_started"
    services.water_inventory_submit(inventory=inventory, user=cast.editor)
    assert _states(participation)[INVENTORY] == ("achieved", inventory)
    # An action under way is not enough: the Water Campaign asks for its benefits.
    assert _states(participation)[IMPLEMENTATION][0] == "not_started"
    benefit = services.water_benefit_save(action=action, amount=10_000, user=cast.editor)
    assert _states(participation)[IMPLEMENTATION] == ("achieved", benefit)
    assert _states(participation)[REVIEW][0] == "not_started"  # one inventory only
    later = services.water_inventory_create(
        local_government=cast.freiburg, year=2024, population_served=100_000, user=cast.editor
    )
    services.water_line_save(
        inventory=later,
        data=services.LineData("residential", "surface", 1, "m3"),
        user=cast.editor,
    )
    assert _states(participation)[REVIEW][0] == "not_started"  # a draft
    services.water_inventory_submit(inventory=later, user=cast.editor)
    assert _states(participation)[REVIEW] == ("achieved", later)
    assert all(milestones_reached([participation])[participation.pk][i] for i in (0, 3, 4))


def test_benefits_of_a_planned_action_or_of_another_campaign_prove_nothing(
    cast, participation, action
):
    action.status = Action.Status.PLANNED
    action.save()
    services.water_benefit_save(action=action, amount=10_000, user=cast.editor)
    assert _states(participation)[IMPLEMENTATION][0] == "not_started"
    action.status = Action.Status.COMPLETED
    action.campaign = Campaign.objects.get(code="ccp")
    action.save()
    assert _states(participation)[IMPLEMENTATION][0] == "not_started"
    action.campaign = None  # an action for all campaigns
    action.save()
    assert _states(participation)[IMPLEMENTATION][0] == "achieved"


def test_another_members_inventory_proves_nothing(cast, participation):
    other = services.water_inventory_create(
        local_government=cast.nairobi, year=2023, population_served=5, user=cast.outsider
    )
    services.water_line_save(
        inventory=other,
        data=services.LineData("residential", "surface", 1, "m3"),
        user=cast.outsider,
    )
    services.water_inventory_submit(inventory=other, user=cast.outsider)
    assert _states(participation)[INVENTORY][0] == "not_started"


def test_the_data_migration_reverses_to_the_seeded_rules(db):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("localaction.sustainability.migrations.0013_water_milestones")
    migration.unrecognise(apps, None)
    rules = dict(
        Milestone.objects.filter(methodology__code="water").values_list("name", "recognised_from")
    )
    assert (rules[INVENTORY], rules[IMPLEMENTATION], rules[REVIEW]) == ("", "actions_under_way", "")
    migration.recognise(apps, None)
    assert Milestone.objects.get(methodology__code="water", name=REVIEW).recognised_from == (
        "water_review"
    )
