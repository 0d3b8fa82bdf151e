"""The network's local agendas: for a year, the agendas of published members
by campaign and by region, and how far they got — the members reaching each
milestone of the Local Agenda methodology.

What counts (stated on the public page too):

- an agenda counts when it is **published**, its member is published, and it
  **started** by the end of the year;
- a milestone is **reached** when the participation's milestone is achieved or
  verified, as recorded or as the data prove (campaigns.services.milestones_reached),
  as the platform knows it today;
- each agenda is a member's own process for one campaign, so nothing is summed
  across members and nothing is double counted: a county's agenda and its
  town's are two agendas. "Members" counts each local government once, however
  many campaigns it has agendas in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from localaction.campaigns.models import Milestone, Participation
from localaction.campaigns.services import milestones_reached
from localaction.sustainability.agendas.models import METHODOLOGY, LocalAgenda


@dataclass(frozen=True)
class CampaignAgendas:
    code: str
    name: str
    agendas: int
    reached: tuple[int, ...]  # members reaching each milestone, in the methodology's order


@dataclass(frozen=True)
class RegionAgendas:
    code: str
    name: str
    agendas: int
    members: int
    council: int  # agendas the council adopted


@dataclass(frozen=True)
class NetworkAgendas:
    year: int
    agendas: int
    members: int
    milestones: tuple[str, ...]  # names, in order
    campaigns: tuple[CampaignAgendas, ...]
    regions: tuple[RegionAgendas, ...]


def counted_agendas(year: int):
    return (
        LocalAgenda.objects.published()
        .filter(started_on__lte=date(year, 12, 31))
        .select_related("campaign", "local_government__country__region")
    )


def agenda_years() -> list[int]:
    """Years from the first published agenda's start to this year, newest first."""
    first = LocalAgenda.objects.published().order_by("started_on").first()
    if first is None:
        return []
    return list(range(date.today().year, first.started_on.year - 1, -1))


def network_agendas(year: int) -> NetworkAgendas:
    """The network's local agendas counted for `year` (see the module's docstring)."""
    agendas = list(counted_agendas(year))
    milestones = list(Milestone.objects.filter(methodology__code=METHODOLOGY).order_by("number"))
    participations = list(
        Participation.objects.filter(
            local_government_id__in={a.local_government_id for a in agendas},
            campaign_id__in={a.campaign_id for a in agendas},
        ).select_related("campaign")
    )
    by_pair = {(p.local_government_id, p.campaign_id): p for p in participations}
    reached = milestones_reached(participations)

    campaigns: dict[int, dict] = {}
    regions: dict[int, dict] = {}
    for agenda in agendas:
        campaign = campaigns.setdefault(
            agenda.campaign_id,
            {"campaign": agenda.campaign, "agendas": 0, "reached": [0] * len(milestones)},
        )
        campaign["agendas"] += 1
        participation = by_pair.get((agenda.local_government_id, agenda.campaign_id))
        for index, done in enumerate(reached.get(participation.pk, []) if participation else []):
            campaign["reached"][index] += int(done)
        region_of = agenda.local_government.country.region
        region = regions.setdefault(
            region_of.pk, {"region": region_of, "agendas": 0, "members": set(), "council": 0}
        )
        region["agendas"] += 1
        region["members"].add(agenda.local_government_id)
        region["council"] += int(agenda.council_on is not None and agenda.council_on.year <= year)
    return NetworkAgendas(
        year=year,
        agendas=len(agendas),
        members=len({a.local_government_id for a in agendas}),
        milestones=tuple(m.name for m in milestones),
        campaigns=tuple(
            CampaignAgendas(
                row["campaign"].code, row["campaign"].name, row["agendas"], tuple(row["reached"])
            )
            for row in sorted(campaigns.values(), key=lambda row: row["campaign"].name)
        ),
        regions=tuple(
            RegionAgendas(
                row["region"].code,
                row["region"].display_name,
                row["agendas"],
                len(row["members"]),
                row["council"],
            )
            for row in sorted(regions.values(), key=lambda row: row["region"].display_name)
        ),
    )
