"""The knowledge tests' world: the cast (localaction/conftest.py), a campaign,
Freiburg's action, target and published inventory, and a case study of
Freiburg written by its editor."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from localaction.campaigns.models import Action, Campaign, Methodology, Target
from localaction.inventories.models import Inventory, InventoryLevelCO2e
from localaction.knowledge import services
from localaction.knowledge.models import CaseStudy
from localaction.network.models import Region

CONTENT = {
    "title": "Solar roofs on every school",
    "place": "Freiburg im Breisgau",
    "sectors": ["I"],
    "summary": "Freiburg put solar panels on the roofs of its 70 schools.",
    "problem": "<p>Schools burned oil for heating.</p>",
    "approach": "<p>A <b>citizens' cooperative</b> financed the panels.</p>",
    "lessons": "<p>Start with the school boards.</p>",
}


@dataclass
class World:
    campaign: Campaign
    action: Action
    target: Target
    inventory: Inventory
    nairobi_action: Action


def make_inventory(local_government, year: int, tonnes: float, status="published") -> Inventory:
    inventory = Inventory.objects.create(local_government=local_government, year=year)
    Inventory.objects.filter(pk=inventory.pk).update(status=status)
    inventory.refresh_from_db()
    zeros = dict.fromkeys(InventoryLevelCO2e.COLUMNS, 0.0)
    zeros["t"] = tonnes
    InventoryLevelCO2e.objects.create(
        local_government=local_government,
        inventory=inventory,
        level="BASIC",
        gwp_set=inventory.gwp_set,
        **zeros,
    )
    return inventory


@pytest.fixture
def world(cast) -> World:
    campaign = Campaign.objects.create(
        code="climate-europe",
        name="Climate Europe",
        methodology=Methodology.objects.get(code="ccp"),
        office=cast.europe_office,
    )
    campaign.regions.add(Region.objects.get(code="europe"))
    action = Action.objects.create(
        local_government=cast.freiburg,
        title="Solar roofs",
        impact_tco2e=1200.0,
        is_published=True,
    )
    target = Target.objects.create(
        local_government=cast.freiburg,
        title="Minus 40",
        type="base_year",
        base_year=2010,
        target_year=2030,
        reduction_percent=40,
        adopted_on=datetime.date(2012, 1, 1),
        is_published=True,
    )
    inventory = make_inventory(cast.freiburg, 2020, 450_000.0)
    nairobi_action = Action.objects.create(
        local_government=cast.nairobi, title="Bus lanes", impact_tco2e=50.0, is_published=True
    )
    return World(campaign, action, target, inventory, nairobi_action)


def write(cast, world, *, by=None, language="en", **changes) -> CaseStudy:
    return services.case_study_create(
        by=by or cast.editor,
        lead=cast.freiburg,
        language=language,
        data={**CONTENT, **changes},
        campaigns=[world.campaign],
        figures=[
            {"label": "Avoided", "kind": "action", "action_id": world.action.pk},
            {"label": "Target", "kind": "target", "target_id": world.target.pk},
            {"label": "Emissions", "kind": "inventory", "inventory_id": world.inventory.pk},
        ],
        contacts=[{"name": "Ada Sun", "role": "Energy officer", "email": "ada@example.org"}],
    )


def publish(cast, case_study) -> CaseStudy:
    services.case_study_submit(case_study, by=cast.editor)
    services.case_study_approve(case_study, by=cast.staff)
    case_study.refresh_from_db()
    return case_study


@pytest.fixture
def draft(cast, world) -> CaseStudy:
    return write(cast, world)


@pytest.fixture
def published(cast, world) -> CaseStudy:
    return publish(cast, write(cast, world, title="Bike lanes everywhere"))
