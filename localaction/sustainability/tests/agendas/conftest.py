"""Local agendas beside the shared cast (localaction/conftest.py): Freiburg
takes part in Local Agenda 21 (seeded with the Local Agenda methodology) and
starts its agenda there; Nairobi, the outsider's city, has a target and an
action of its own to be refused."""

from __future__ import annotations

from datetime import date

import pytest

from localaction.campaigns.models import Action, Campaign, Participation, Target
from localaction.sustainability.agendas import services
from localaction.sustainability.agendas.models import LocalAgenda

LOCAL_AGENDA_CAMPAIGNS = (
    "local-agenda-21",
    "resilient-communities",
    "peaceful-communities",
    "viable-economies",
)


def indicator_target(local_government, campaign, title="Water use down 20 %", **extra) -> Target:
    return Target.objects.create(
        local_government=local_government,
        campaign=campaign,
        title=title,
        type=Target.Type.INDICATOR,
        base_year=2020,
        target_year=2030,
        indicator=Target.Indicator.WATER_SAVINGS,
        indicator_unit="m**3",
        base_value=1_000_000,
        target_value=800_000,
        **extra,
    )


def join(local_government, campaign) -> Participation:
    return Participation.objects.create(
        local_government=local_government, campaign=campaign, joined_on=date(2021, 3, 1)
    )


@pytest.fixture
def la21(db) -> Campaign:
    return Campaign.objects.get(code="local-agenda-21")


@pytest.fixture
def participation(cast, la21) -> Participation:
    return join(cast.freiburg, la21)


@pytest.fixture
def agenda(cast, la21, participation) -> LocalAgenda:
    return services.agenda_create(
        local_government=cast.freiburg,
        campaign=la21,
        title="Freiburg Local Agenda 21",
        started_on=date(2021, 4, 1),
        is_published=True,
    )


@pytest.fixture
def target(cast, la21) -> Target:
    return indicator_target(cast.freiburg, la21, is_published=True, adopted_on=date(2022, 3, 15))


@pytest.fixture
def action(cast, la21) -> Action:
    return Action.objects.create(
        local_government=cast.freiburg,
        campaign=la21,
        title="Rainwater harvesting on schools",
        status=Action.Status.IN_PROGRESS,
        is_published=True,
    )


@pytest.fixture
def full_agenda(agenda, target, action) -> LocalAgenda:
    """An agenda with every part filled in, its evaluation reported."""
    forum = services.stakeholder_save(
        agenda=agenda, name="Freiburg Youth Council", kind="youth", contact="youth@example.org"
    )
    services.stakeholder_save(agenda=agenda, name="Chamber of Commerce", kind="business")
    services.meeting_add(agenda=agenda, held_on=date(2021, 5, 10), participants=64)
    services.agenda_update(
        agenda=agenda,
        baseline_on=date(2021, 9, 1),
        baseline_summary="Water use, green space and mobility reviewed with the forum.",
        vision="A green, fair and water-wise Freiburg by 2040.",
        vision_adopted_on=date(2022, 2, 1),
        council_on=date(2022, 3, 15),
        council_reference="Council decision G-22/041",
    )
    services.priority_add(agenda=agenda, title="Water use", raised_by=[forum])
    services.agenda_set_targets(agenda=agenda, targets=[target])
    services.agenda_set_actions(agenda=agenda, actions=[action])
    services.monitoring_add(
        agenda=agenda,
        period_start=date(2022, 1, 1),
        period_end=date(2023, 12, 31),
        findings="Water use fell 8 % in two years.",
        indicators=[target],
        is_evaluation=True,
        reported_on=date(2024, 2, 20),
    )
    return agenda
