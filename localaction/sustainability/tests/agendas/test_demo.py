"""The demo's local agendas, on the test cast: participations in the four
campaigns get agendas at stages of their own, deterministic by seed, and the
stages show in the milestones recognised."""

from __future__ import annotations

from localaction.campaigns.models import Campaign
from localaction.campaigns.services import milestones_reached
from localaction.network.models import LocalGovernment
from localaction.sustainability.agendas.demo import STAGES, build_demo_agendas
from localaction.sustainability.agendas.models import LocalAgenda
from localaction.sustainability.tests.agendas.conftest import LOCAL_AGENDA_CAMPAIGNS, join


def _participations(cast):
    members = [cast.freiburg, cast.nairobi]
    for index in range(6):
        members.append(
            LocalGovernment.objects.create(
                code=f"de-demo-{index}", name=f"Demo town {index}", country=cast.freiburg.country
            )
        )
    return [
        join(member, Campaign.objects.get(code=code))
        for member in members
        for code in LOCAL_AGENDA_CAMPAIGNS[: 1 + len(member.code) % 4]
    ]


def _snapshot():
    return sorted(
        LocalAgenda.objects.values_list(
            "local_government__code", "campaign__code", "started_on", "council_on", "is_published"
        )
    )


def test_the_demo_builds_agendas_at_every_stage(cast):
    participations = _participations(cast)
    built, reached = build_demo_agendas(seed=3)
    assert built == len(participations) == LocalAgenda.objects.count()
    assert reached[0] == built and len(reached) == STAGES
    assert reached == sorted(reached, reverse=True)
    assert LocalAgenda.objects.filter(council_on__isnull=False).count() == reached[2]
    councils = milestones_reached(participations)
    # Milestone 3 (council commitment) is reached exactly by the agendas the council adopted.
    assert sum(row[2] for row in councils.values()) == reached[2]
    # Built again, nothing is added: every participation has its agenda.
    assert build_demo_agendas(seed=3)[0] == 0


def test_the_demo_is_deterministic(cast):
    _participations(cast)
    build_demo_agendas(seed=7)
    first = _snapshot()
    LocalAgenda.objects.all().delete()
    build_demo_agendas(seed=7)
    assert _snapshot() == first
