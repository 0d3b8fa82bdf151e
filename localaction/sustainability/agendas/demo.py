"""The demo's local agendas: some forty members taking part in the four
campaigns of the Local Agenda process, each at a stage of its own — a forum
just gathered, a baseline reviewed with priorities and a vision, an agenda
adopted by the council with its targets and action programme, monitored, and
evaluated. Linked targets and actions are the members' own from the campaigns'
demo. Names and texts are illustrative; everything is written through
services.py, as the pages write it, and the same seed builds the same agendas.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from localaction.campaigns.models import Participation
from localaction.network.demo import Progress, no_progress
from localaction.sustainability.agendas import services
from localaction.sustainability.agendas.models import (
    METHODOLOGY,
    AgendaStakeholder,
    LocalAgenda,
    agenda_actions,
    agenda_targets,
)

MEMBERS = 40
PUBLISHED_SHARE = 0.8
# The stages: 0 forum, 1 baseline and vision, 2 council, 3 monitored, 4 evaluated.
STAGES = 5

TITLES = {
    "local-agenda-21": "Local Agenda 21 of {name}",
    "resilient-communities": "Local Resilience Agenda of {name}",
    "peaceful-communities": "Local Agenda for Peace and Security of {name}",
    "viable-economies": "Local Viable Economy Agenda of {name}",
}
STAKEHOLDERS = (
    ("Neighbourhood associations' forum", AgendaStakeholder.Kind.COMMUNITY, "Co-chair"),
    ("Chamber of commerce", AgendaStakeholder.Kind.BUSINESS, "Member"),
    ("Environmental action network", AgendaStakeholder.Kind.NGO, "Working group lead"),
    ("University institute for urban studies", AgendaStakeholder.Kind.ACADEMIA, "Adviser"),
    ("Regional water and health agency", AgendaStakeholder.Kind.PUBLIC, "Member"),
    ("Youth council", AgendaStakeholder.Kind.YOUTH, "Member"),
    ("Women's economic network", AgendaStakeholder.Kind.WOMEN, "Member"),
    ("Interfaith council", AgendaStakeholder.Kind.FAITH, "Observer"),
    ("Workers' union federation", AgendaStakeholder.Kind.LABOUR, "Member"),
)
PRIORITIES = {
    "local-agenda-21": ("Clean water for every district", "Green space", "Waste and recycling"),
    "resilient-communities": ("Flood protection", "Heat waves", "Early warning"),
    "peaceful-communities": ("Safe public spaces", "Youth employment", "Dialogue between groups"),
    "viable-economies": ("Local jobs", "Small business finance", "Skills and training"),
}
VISIONS = {
    "local-agenda-21": "A green, fair and healthy {name}, for this generation and the next.",
    "resilient-communities": "A {name} that foresees, withstands and recovers from extreme events.",
    "peaceful-communities": "A just, peaceful and secure {name} where every group is heard.",
    "viable-economies": "A {name} whose economy builds on its people's strengths.",
}


def _after(start: date, days: int, today: date) -> date:
    return min(start + timedelta(days=days), today)


def build_demo_agendas(*, seed: int, progress: Progress = no_progress) -> tuple[int, list[int]]:
    """Agendas for up to MEMBERS participations in the Local Agenda campaigns;
    the number built and how many reached each stage."""
    rng = random.Random(f"agendas-{seed}")
    today = timezone.localdate()
    participations = list(
        Participation.objects.filter(
            campaign__methodology__code=METHODOLOGY,
            withdrawn_on__isnull=True,
            local_government__is_published=True,
        )
        .exclude(
            Exists(
                LocalAgenda.objects.filter(
                    local_government=OuterRef("local_government"), campaign=OuterRef("campaign")
                )
            )
        )
        .select_related("campaign", "local_government")
        .order_by("local_government__code", "campaign__code")
    )
    chosen = rng.sample(participations, min(MEMBERS, len(participations)))
    chosen.sort(key=lambda p: (p.local_government.code, p.campaign.code))
    reached = [0] * STAGES
    for participation in progress(chosen, "local agendas"):
        stage = rng.randrange(STAGES)
        _build(participation, stage, rng, today)
        for index in range(stage + 1):
            reached[index] += 1
    return len(chosen), reached


def _build(participation: Participation, stage: int, rng: random.Random, today: date) -> None:
    member, campaign = participation.local_government, participation.campaign
    # Agendas of the demo run from at most eight years back.
    started = max(participation.joined_on, today - timedelta(days=8 * 365))
    started = _after(started, rng.randrange(30, 200), today)
    agenda = services.agenda_create(
        local_government=member,
        campaign=campaign,
        title=TITLES.get(campaign.code, "Local agenda of {name}").format(name=member.name),
        started_on=started,
        status=LocalAgenda.Status.PREPARING,
        is_published=rng.random() < PUBLISHED_SHARE,
    )
    forum = [
        services.stakeholder_save(
            agenda=agenda,
            name=name,
            kind=kind,
            role=role,
            contact=f"forum-{index}@{member.code}.example.org",
        )
        for index, (name, kind, role) in enumerate(
            rng.sample(STAKEHOLDERS, rng.randrange(4, len(STAKEHOLDERS) + 1))
        )
    ]
    services.meeting_add(
        agenda=agenda,
        held_on=_after(started, 30, today),
        participants=rng.randrange(25, 180),
        subject="Opening of the stakeholder forum",
    )
    if stage < 1:
        return
    reviewed = _after(started, 180, today)
    vision = VISIONS.get(campaign.code, VISIONS["local-agenda-21"]).format(name=member.name)
    services.agenda_update(
        agenda=agenda,
        baseline_on=reviewed,
        baseline_summary=(
            f"The forum reviewed the state of {member.name}: the community's concerns, "
            "the services that meet them, and the data that measure them."
        ),
        vision=vision,
        vision_adopted_on=_after(reviewed, 60, today),
    )
    for title in PRIORITIES.get(campaign.code, PRIORITIES["local-agenda-21"]):
        services.priority_add(
            agenda=agenda,
            title=title,
            description=f"Raised in the forum's working groups on {title.lower()}.",
            raised_by=rng.sample(forum, 2),
        )
    if stage < 2:
        return
    targets = list(agenda_targets(agenda)[:3])
    services.agenda_set_targets(agenda=agenda, targets=targets)
    services.agenda_set_actions(agenda=agenda, actions=list(agenda_actions(agenda)[:6]))
    council = _after(reviewed, 120, today)
    services.agenda_update(
        agenda=agenda,
        status=LocalAgenda.Status.ADOPTED if stage == 2 else LocalAgenda.Status.IMPLEMENTING,
        council_on=council,
        council_reference=f"Council resolution {council.year}/{rng.randrange(10, 250)}",
    )
    if stage < 3:
        return
    period_end = _after(council, 365, today)
    services.monitoring_add(
        agenda=agenda,
        period_start=council,
        period_end=period_end,
        findings="Most actions are under way; two indicators improved, one stalled.",
        indicators=targets,
    )
    if stage < 4:
        return
    evaluated = _after(period_end, 365, today)
    services.monitoring_add(
        agenda=agenda,
        period_start=council,
        period_end=evaluated,
        findings="The agenda's results, evaluated with the forum: targets met in part.",
        indicators=targets,
        is_evaluation=True,
        reported_on=_after(evaluated, 30, today),
    )
    services.agenda_update(agenda=agenda, status=LocalAgenda.Status.COMPLETED)


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    built, reached = build_demo_agendas(seed=seed, progress=progress)
    return f"{built} local agendas ({reached[2]} adopted by their councils, {reached[4]} evaluated)"
