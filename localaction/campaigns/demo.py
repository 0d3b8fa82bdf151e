"""Demo campaigns for the demo network: participants at every milestone, targets of
every type, forecasts, local action plans and actions.

Run after `network.demo.build_demo_network` and `inventories.demo.build_demo_inventories`,
on the same database. What gets built:

- the regional campaigns coordinated by a regional secretariat (the Water
  Campaign by Africa's, Procura+ by Europe's), the others by the World
  Secretariat, each with the year it started;
- participations: Cities for Climate Protection for most members with
  inventories and some without, the Water Campaign in its regions, Procura+
  mostly in Europe, Local Agenda 21 and the three Local Agendas for a smaller
  share; council resolutions dated between the campaign's start and today,
  some withdrawn;
- each member's climate record, how far it got drawn first: a forecast, GHG
  targets of the four Mitigation Goal Standard types and indicator targets,
  an action plan and actions in every status — so CCP's milestones are
  recognised from the data, as for any member; a few members' forecasts fall
  below their target, so the warning shows;
- for the other campaigns, a stage per participant: the milestones up to it
  reached, by data where the methodology recognises them (targets, plans,
  actions set for the campaign) and by recorded progress elsewhere, some
  verified by the covering office's demo user.

One `random.Random` drives every choice over members in code order and
campaigns in a fixed order, so the same seed gives the same data; dates count
back from `today`. Everything is written in bulk, with history.
"""

from __future__ import annotations

import datetime
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from babel.numbers import get_territory_currencies
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from localaction.accounts.models import Role
from localaction.campaigns.models import (
    Action,
    ActionPlan,
    Campaign,
    Forecast,
    Milestone,
    MilestoneProgress,
    Participation,
    Target,
)
from localaction.campaigns.models import Coverage as TargetCoverage
from localaction.campaigns.services import Coverage, emissions_by_sector_t
from localaction.inventories.models import Inventory
from localaction.network.demo import Progress, no_progress
from localaction.network.models import LocalGovernment, Membership, Office

DEMO_REASON = "Demo campaigns"
BATCH_SIZE = 1000
Recognition = Milestone.Recognition
Status = MilestoneProgress.Status

# The campaigns in the order the draws visit them, with the day each started
# (demo dates: CCP from 1993, Local Agenda 21 after Rio, the Water Campaign
# from 2002, Procura+ from 2004, the three Local Agendas with the Cape Town Plan).
STARTED_ON = {
    "ccp": datetime.date(1993, 6, 1),
    "local-agenda-21": datetime.date(1994, 5, 27),
    "water": datetime.date(2002, 3, 22),
    "procura": datetime.date(2004, 1, 1),
    "resilient-communities": datetime.date(2007, 6, 1),
    "peaceful-communities": datetime.date(2007, 6, 1),
    "viable-economies": datetime.date(2007, 6, 1),
}
# Regional campaigns and the regional secretariat that coordinates each.
COORDINATORS = {"water": "africa", "procura": "europe"}
# Share of members that join: (with inventories, without), and Procura+'s in Europe.
SHARES = {
    "ccp": (0.75, 0.06),
    "water": (0.1, 0.1),
    "procura": (0.015, 0.015),
    "local-agenda-21": (0.05, 0.05),
    "resilient-communities": (0.03, 0.03),
    "peaceful-communities": (0.02, 0.02),
    "viable-economies": (0.02, 0.02),
}
PROCURA_EUROPE_SHARE = 0.1
MIN_PARTICIPANTS = 3
WITHDRAWN_SHARE = 0.06
RESOLUTION_LINK_SHARE = 0.7
# How far a participant got in a methodology of five milestones: 0 … 5 reached.
STAGE_WEIGHTS = (25, 27, 18, 12, 9, 9)
# How far a member's climate record goes: 0 nothing, 1 a forecast, 2 an adopted
# GHG target, 3 an adopted action plan, 4 actions under way.
CLIMATE_WEIGHTS = {"ccp": (5, 20, 22, 18, 35), "other": (55, 25, 12, 5, 3)}
TARGET_TYPE_WEIGHTS = {
    Target.Type.BASE_YEAR: 45,
    Target.Type.FIXED_LEVEL: 15,
    Target.Type.INTENSITY: 15,
    Target.Type.BASELINE_SCENARIO: 25,
}
ACTION_STATUS_WEIGHTS = {
    Action.Status.PLANNED: 25,
    Action.Status.IN_PROGRESS: 35,
    Action.Status.COMPLETED: 30,
    Action.Status.CANCELLED: 10,
}
UNDER_WAY = (Action.Status.IN_PROGRESS, Action.Status.COMPLETED)
NOT_YET = (Action.Status.PLANNED, Action.Status.CANCELLED)
# Share of members whose BAU forecast falls below their target, at least a few.
BAU_BELOW_TARGET_SHARE = 0.02

# Rough units of the currency per US dollar, demo values; other countries cost in USD.
UNITS_PER_USD = {
    "ARS": 900, "AUD": 1.5, "BDT": 110, "BRL": 5.0, "CAD": 1.36, "CHF": 0.9, "CLP": 930,
    "CNY": 7.2, "COP": 3900, "CZK": 23, "DKK": 6.8, "EGP": 48, "EUR": 0.92, "GBP": 0.79,
    "HUF": 360, "IDR": 15800, "INR": 83, "JPY": 150, "KES": 130, "KRW": 1350, "MAD": 10,
    "MXN": 17, "MYR": 4.6, "NGN": 1500, "NOK": 10.5, "NZD": 1.65, "PEN": 3.7, "PHP": 56,
    "PKR": 280, "PLN": 4.0, "RON": 4.6, "RUB": 90, "SEK": 10.5, "THB": 35, "TRY": 30,
    "UAH": 40, "USD": 1.0, "VND": 25000, "ZAR": 18.5,
}  # fmt: skip
FUNDING = {
    "europe": ("EU LIFE programme", "European Investment Bank loan"),
    "north-america": ("State energy office grant", "Municipal green bond"),
    "oceania": ("State energy office grant", "Municipal green bond"),
    "east-asia": ("National climate programme", "Municipal green bond"),
    "other": ("Green Climate Fund", "Development bank loan"),
}
COMMON_FUNDING = (
    "Municipal budget",
    "Municipal budget",
    "National climate programme",
    "Energy performance contract",
    "Public-private partnership",
)


@dataclass(frozen=True)
class Measure:
    """An action the demo draws: what it is, and its impact per 1,000 inhabitants a year."""

    title: str
    kind: str
    sector: str
    tco2e: tuple[float, float] | None
    amount: tuple[float, float] | None
    unit: str
    co_benefits: tuple[str, ...]
    usd_per_inhabitant: tuple[float, float]


MITIGATION, ADAPTATION = Action.Kind.MITIGATION, Action.Kind.ADAPTATION
Benefit = Action.CoBenefit
MEASURES: dict[str, tuple[Measure, ...]] = {
    "climate": (
        Measure("LED street lighting", MITIGATION, "I", (2, 8), (10, 40), "MWh",
                (Benefit.COST_SAVINGS, Benefit.ENERGY_SECURITY), (1, 5)),
        Measure("Energy retrofit of municipal buildings", MITIGATION, "I", (5, 20), (20, 80),
                "MWh", (Benefit.COST_SAVINGS, Benefit.JOBS, Benefit.HEALTH), (5, 30)),
        Measure("Solar PV on public roofs", MITIGATION, "I", (3, 12), (10, 50), "MWh",
                (Benefit.ENERGY_SECURITY, Benefit.JOBS), (3, 15)),
        Measure("District heating from waste heat", MITIGATION, "I", (10, 40), None, "",
                (Benefit.AIR_QUALITY, Benefit.ENERGY_SECURITY), (10, 60)),
        Measure("Bus rapid transit line", MITIGATION, "II", (8, 30), None, "",
                (Benefit.MOBILITY, Benefit.AIR_QUALITY, Benefit.SOCIAL_INCLUSION), (20, 120)),
        Measure("Protected cycle network", MITIGATION, "II", (2, 10), None, "",
                (Benefit.HEALTH, Benefit.MOBILITY, Benefit.AIR_QUALITY), (2, 20)),
        Measure("Electric municipal fleet", MITIGATION, "II", (1, 4), None, "",
                (Benefit.AIR_QUALITY, Benefit.HEALTH), (2, 10)),
        Measure("Landfill gas capture", MITIGATION, "III", (10, 50), None, "",
                (Benefit.AIR_QUALITY, Benefit.ENERGY_SECURITY), (2, 12)),
        Measure("Separate collection of organic waste", MITIGATION, "III", (3, 15), (20, 60),
                "t", (Benefit.JOBS, Benefit.COST_SAVINGS), (2, 10)),
        Measure("Urban tree planting", ADAPTATION, "V", None, (0.2, 1.0), "ha",
                (Benefit.BIODIVERSITY, Benefit.HEALTH, Benefit.RESILIENCE), (1, 6)),
    ),
    "water": (
        Measure("Leak detection and pipe renewal", ADAPTATION, "", None, (3000, 12000), "m³",
                (Benefit.WATER, Benefit.COST_SAVINGS), (3, 20)),
        Measure("Rainwater harvesting in schools", ADAPTATION, "", None, (200, 1000), "m³",
                (Benefit.WATER, Benefit.RESILIENCE), (1, 5)),
        Measure("Wastewater treatment upgrade", MITIGATION, "III", (2, 10), (20000, 60000),
                "m³", (Benefit.WATER, Benefit.HEALTH, Benefit.BIODIVERSITY), (10, 60)),
        Measure("Water-saving fittings for households", ADAPTATION, "", None, (1000, 5000),
                "m³", (Benefit.WATER, Benefit.COST_SAVINGS, Benefit.SOCIAL_INCLUSION), (1, 4)),
    ),
    "procurement": (
        Measure("Clean vehicle criteria in fleet tenders", MITIGATION, "II", (0.5, 2), None, "",
                (Benefit.AIR_QUALITY, Benefit.COST_SAVINGS), (0.5, 3)),
        Measure("Sustainable catering in schools", MITIGATION, "VI", (0.5, 3), None, "",
                (Benefit.HEALTH, Benefit.JOBS), (0.5, 3)),
        Measure("Renewable electricity tender for public buildings", MITIGATION, "I", (3, 15),
                (20, 60), "MWh", (Benefit.ENERGY_SECURITY,), (0.2, 2)),
    ),
    "resilience": (
        Measure("Flood early-warning system", ADAPTATION, "", None, None, "",
                (Benefit.RESILIENCE, Benefit.SOCIAL_INCLUSION), (1, 6)),
        Measure("Green roofs and retention ponds", ADAPTATION, "", None, (500, 3000), "m³",
                (Benefit.RESILIENCE, Benefit.BIODIVERSITY, Benefit.WATER), (3, 20)),
        Measure("Heat action plan with cooling centres", ADAPTATION, "", None, None, "",
                (Benefit.HEALTH, Benefit.RESILIENCE, Benefit.SOCIAL_INCLUSION), (0.5, 3)),
    ),
    # Neither mitigation nor adaptation; the nearest kind is adaptation (to social risk).
    "peace": (
        Measure("Neighbourhood safety councils", ADAPTATION, "", None, None, "",
                (Benefit.SOCIAL_INCLUSION,), (0.2, 2)),
        Measure("Youth mediation and employment programme", ADAPTATION, "", None, None, "",
                (Benefit.SOCIAL_INCLUSION, Benefit.JOBS), (1, 5)),
    ),
    "economy": (
        Measure("Local enterprise incubator", ADAPTATION, "", None, None, "",
                (Benefit.JOBS, Benefit.SOCIAL_INCLUSION), (1, 5)),
        Measure("Market hall for local producers", ADAPTATION, "", None, None, "",
                (Benefit.JOBS, Benefit.COST_SAVINGS), (2, 10)),
    ),
}  # fmt: skip
THEMES = {
    "ccp": ("climate",),
    "water": ("water",),
    "procura": ("procurement",),
    "local-agenda-21": ("climate", "water", "resilience", "economy"),
    "resilient-communities": ("resilience", "water"),
    "peaceful-communities": ("peace",),
    "viable-economies": ("economy",),
}
PLAN_TITLES = {
    "ccp": "Climate Action Plan",
    None: "Local Action Plan for Sustainability",
    "water": "Water Action Plan",
    "procura": "Sustainable Procurement Action Plan",
    "local-agenda-21": "Local Agenda 21 Action Plan",
    "resilient-communities": "Local Resilience Agenda",
    "peaceful-communities": "Local Agenda for Peace and Security",
    "viable-economies": "Local Viable Economy Agenda",
}
# Indicator targets each campaign sets: (indicator, unit, title, base, target or
# per-inhabitant savings). Savings run from nothing to the target; shares rise.
INDICATOR_TARGETS = {
    "ccp": (
        (Target.Indicator.RENEWABLE_SHARE, "percent", "Renewable share of energy use",
         (3, 25), (30, 70)),
        (Target.Indicator.ENERGY_SAVINGS, "MWh", "Energy saved a year", None, (0.2, 1.0)),
    ),
    "water": (
        (Target.Indicator.WATER_SAVINGS, "m³", "Water saved a year", None, (5, 25)),
        (Target.Indicator.OTHER, "percent", "Households with safe drinking water",
         (55, 85), (95, 100)),
    ),
    "procura": (
        (Target.Indicator.OTHER, "percent", "Tenders with sustainability criteria",
         (5, 25), (50, 100)),
    ),
    "local-agenda-21": (
        (Target.Indicator.RENEWABLE_SHARE, "percent", "Renewable share of energy use",
         (3, 25), (30, 60)),
        (Target.Indicator.OTHER, "percent", "Residents within 500 m of green space",
         (40, 70), (80, 100)),
    ),
    "resilient-communities": (
        (Target.Indicator.OTHER, "percent", "Households reached by flood warnings",
         (10, 40), (80, 100)),
    ),
    "peaceful-communities": (
        (Target.Indicator.OTHER, "percent", "Neighbourhoods with a safety council",
         (5, 30), (60, 100)),
    ),
    "viable-economies": (
        (Target.Indicator.OTHER, "percent", "Municipal spending with local small businesses",
         (5, 20), (25, 50)),
    ),
}  # fmt: skip


@dataclass(frozen=True)
class DemoCampaigns:
    participations: int
    forecasts: int
    targets: dict[str, int]  # by type
    action_plans: int
    actions: dict[str, int]  # by status
    milestones_recorded: int


@dataclass
class _Member:
    pk: int
    code: str
    country: str
    region: str
    population: int
    growth: float | None
    name: str
    inventories: list[tuple[int, int, str]]  # (pk, year, status), by year

    @property
    def submitted(self) -> list[tuple[int, int, str]]:
        """The inventories beyond draft, which milestones and figures count."""
        return [inv for inv in self.inventories if inv[2] != Inventory.Status.DRAFT]


@dataclass
class _Joining:
    """A participation drawn, before it is built."""

    campaign: str
    member: _Member
    joined_on: datetime.date
    withdrawn_on: datetime.date | None
    has_link: bool
    stage: int = 0


@dataclass
class _Record:
    """What a member's climate record holds, for CCP's recorded milestones."""

    forecast: bool = False
    target: Target | None = None
    plan: ActionPlan | None = None


@dataclass
class _Built:
    participations: list[Participation] = field(default_factory=list)
    forecasts: list[Forecast] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    plans: list[ActionPlan] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    progress: list[MilestoneProgress] = field(default_factory=list)


@transaction.atomic
def build_demo_campaigns(
    *,
    seed: int,
    today: datetime.date | None = None,
    progress: Progress = no_progress,
) -> DemoCampaigns:
    """Give the demo network campaign participants, targets, plans and actions."""
    today = today or timezone.localdate()
    rng = random.Random(f"campaigns-{seed}")
    campaigns = _coordinate()
    members = _members()
    users = {
        user.username: user for user in User.objects.filter(username__in=("staff", "secretariat"))
    }
    builder = _Builder(rng, today, campaigns, users)
    builder.draw(members)
    builder.pick_bau_below_target(members)
    builder.pick_showcase(members)
    for member in progress(members, "Campaigns"):
        builder.build(member)
    built = builder.built
    # One moment for every history row: the demo's data all arrive at once.
    now = timezone.now()
    for model, objects in (
        (Participation, built.participations),
        (Forecast, built.forecasts),
        (Target, built.targets),
        (ActionPlan, built.plans),
        (Action, built.actions),
        (MilestoneProgress, built.progress),
    ):
        bulk_create_with_history(
            objects,
            model,
            batch_size=BATCH_SIZE,
            default_change_reason=DEMO_REASON,
            default_date=now,
        )
    return DemoCampaigns(
        participations=len(built.participations),
        forecasts=len(built.forecasts),
        targets=dict(Counter(target.type for target in built.targets)),
        action_plans=len(built.plans),
        actions=dict(Counter(action.status for action in built.actions)),
        milestones_recorded=len(built.progress),
    )


def _coordinate() -> dict[str, Campaign]:
    """The campaigns, dated, the regional ones coordinated by their regional secretariat."""
    offices = {
        office.code: office for office in Office.objects.filter(code__in=COORDINATORS.values())
    }
    campaigns = {
        campaign.code: campaign
        for campaign in Campaign.objects.filter(code__in=STARTED_ON).prefetch_related(
            "regions", "methodology__milestones"
        )
    }
    for code, campaign in campaigns.items():
        campaign.started_on = STARTED_ON[code]
        if (office := offices.get(COORDINATORS.get(code, ""))) is not None:
            campaign.office = office
        campaign._change_reason = DEMO_REASON
        campaign.save(update_fields=["started_on", "office"])
    return {code: campaigns[code] for code in STARTED_ON if code in campaigns}


def _members() -> list[_Member]:
    """Local governments that may take part (not associations), in code order."""
    inventories: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for pk, lg, year, status in Inventory.objects.order_by(
        "local_government_id", "year"
    ).values_list("pk", "local_government_id", "year", "status"):
        inventories[lg].append((pk, year, status))
    rows = (
        LocalGovernment.objects.exclude(kind=LocalGovernment.Kind.ASSOCIATION)
        .filter(population__gt=0)
        .order_by("code")
        .values_list(
            "pk",
            "code",
            "country_id",
            "country__region__code",
            "population",
            "population_growth_percent",
            "name",
        )
    )
    return [_Member(*row, inventories=inventories.get(row[0], [])) for row in rows]


def _between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    """A day from start to end; end when they cross."""
    if end <= start:
        return end
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _significant(value: float, digits: int = 3) -> float:
    if value <= 0:
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(value)))


class _Builder:
    def __init__(self, rng, today, campaigns: dict[str, Campaign], users: dict[str, User]):
        self.rng = rng
        self.today = today
        self.campaigns = campaigns
        self.regions = {
            code: {region.code for region in campaign.regions.all()}
            for code, campaign in campaigns.items()
        }
        self.milestones = {
            code: list(campaign.methodology.milestones.all())
            for code, campaign in campaigns.items()
        }
        self.staff = users.get("staff")
        self.secretariat = users.get("secretariat")
        self.active = set(
            LocalGovernment.objects.with_membership_status(Membership.Status.ACTIVE).values_list(
                "pk", flat=True
            )
        )
        self.joinings: dict[int, list[_Joining]] = defaultdict(list)
        self.levels: dict[int, int] = {}
        self.bau_below_target: dict[int, float] = {}  # member pk: reduction %
        self.showcase: int | None = None  # the demo editor's local government
        self.built = _Built()

    # Drawing who takes part and how far each got

    def runs_in(self, code: str, member: _Member) -> bool:
        return not self.regions[code] or member.region in self.regions[code]

    def draw(self, members: list[_Member]) -> None:
        rng = self.rng
        for member in members:
            for code in self.campaigns:
                if not self.runs_in(code, member):
                    continue
                with_inventories, without = SHARES[code]
                share = with_inventories if member.inventories else without
                if code == "procura" and member.region == "europe":
                    share = PROCURA_EUROPE_SHARE
                elif code == "ccp" and not member.inventories and member.pk not in self.active:
                    share /= 3
                if rng.random() < share:
                    self.join(code, member)
            if member.inventories:
                weights = CLIMATE_WEIGHTS["ccp" if self.joined("ccp", member) else "other"]
                self.levels[member.pk] = rng.choices(range(5), weights)[0]
        self.make_every_milestone_reached(members)

    def joined(self, code: str, member: _Member) -> _Joining | None:
        return next((j for j in self.joinings[member.pk] if j.campaign == code), None)

    def join(self, code: str, member: _Member, *, active: bool = False) -> _Joining:
        rng = self.rng
        start = STARTED_ON[code]
        latest = self.today - datetime.timedelta(days=60)
        if code == "ccp" and member.inventories:
            # Members join CCP before they take their base-year inventory.
            latest = min(latest, datetime.date(member.inventories[0][1], 12, 31))
        joined_on = _between(rng, max(start, latest - datetime.timedelta(days=8 * 365)), latest)
        withdrawn_on = None
        if not active and rng.random() < WITHDRAWN_SHARE:
            earliest = joined_on + datetime.timedelta(days=365)
            if earliest < self.today:
                withdrawn_on = _between(rng, earliest, self.today)
        joining = _Joining(
            code, member, joined_on, withdrawn_on, rng.random() < RESOLUTION_LINK_SHARE
        )
        if code != "ccp":
            joining.stage = rng.choices(range(len(STAGE_WEIGHTS)), STAGE_WEIGHTS)[0]
        self.joinings[member.pk].append(joining)
        return joining

    def make_every_milestone_reached(self, members: list[_Member]) -> None:
        """A few participants in every campaign, one of them past every milestone."""
        by_campaign: dict[str, list[_Joining]] = defaultdict(list)
        for member in members:
            for joining in self.joinings[member.pk]:
                by_campaign[joining.campaign].append(joining)
        for code in self.campaigns:
            joinings = by_campaign[code]
            eligible = [m for m in members if self.runs_in(code, m) and not self.joined(code, m)]
            self.rng.shuffle(eligible)
            if code == "ccp":
                eligible.sort(key=lambda m: -len(m.submitted))
            while sum(j.withdrawn_on is None for j in joinings) < MIN_PARTICIPANTS and eligible:
                joinings.append(self.join(code, eligible.pop(0), active=True))
            if code == "ccp":
                self.complete_a_climate_record(joinings, members)
            elif not any(
                j.stage == len(self.milestones[code]) for j in joinings if j.withdrawn_on is None
            ):
                active = [j for j in joinings if j.withdrawn_on is None]
                if active:
                    active[0].stage = len(self.milestones[code])

    def complete_a_climate_record(self, joinings: list[_Joining], members: list[_Member]) -> None:
        """One active CCP participant with two inventories beyond draft and actions under
        way: it reaches all five milestones."""

        def fit(member: _Member) -> int:
            return min(len(member.submitted), 2)

        best = max((fit(m) for m in members), default=0)
        if not best:
            return
        active = [j.member for j in joinings if j.withdrawn_on is None and fit(j.member) == best]
        if any(self.levels.get(m.pk) == 4 for m in active):
            return
        if not active:
            member = next(m for m in members if fit(m) == best)
            if joining := self.joined("ccp", member):
                joining.withdrawn_on = None
            else:
                self.join("ccp", member, active=True)
            active = [member]
        self.levels[active[0].pk] = 4

    def pick_bau_below_target(self, members: list[_Member]) -> None:
        """A few members whose emissions already fell well below the base year: a modest
        base-year target and a falling forecast put business as usual below the target."""
        candidates = [m for m in members if self.levels.get(m.pk, 0) >= 2 and len(m.submitted) >= 2]
        wanted = max(2, round(len(candidates) * BAU_BELOW_TARGET_SHARE))
        candidates = self.rng.sample(candidates, min(len(candidates), wanted * 4))
        ends = {m.pk: (m.submitted[0][0], m.submitted[-1][0]) for m in candidates}
        emissions = emissions_by_sector_t([pk for pair in ends.values() for pk in pair], Coverage())
        for member in candidates:
            first, latest = (sum(emissions[pk].values()) for pk in ends[member.pk])
            fallen = 1 - latest / first if first else 0.0
            if fallen >= 0.1 and len(self.bau_below_target) < wanted:
                self.bau_below_target[member.pk] = max(5.0, math.floor(fallen * 50))

    # Building the records

    def pick_showcase(self, members: list[_Member]) -> None:
        """The demo editor's local government takes part in CCP past every milestone,
        so that signing in as `editor` shows a full climate record."""
        pk = (
            Role.objects.filter(user__username="editor", kind=Role.Kind.EDITOR)
            .values_list("local_government_id", flat=True)
            .first()
        )
        member = next((m for m in members if m.pk == pk), None)
        if member is None or len(member.submitted) < 2:
            return
        self.showcase = member.pk
        self.bau_below_target.pop(member.pk, None)
        if joining := self.joined("ccp", member):
            joining.withdrawn_on = None
        else:
            self.join("ccp", member, active=True)
        self.levels[member.pk] = 4

    def showcase_record(self, member: _Member) -> _Record:
        """Every type of target, adopted and published; a published plan with actions in
        every status."""
        rng = self.rng
        self.built.forecasts.append(self.forecast(member, falling=False))
        base_year = member.submitted[0][1]
        since = datetime.date(base_year + 1, 1, 1)
        targets = [
            self.base_year_target(member, base_year, 2030, 40.0),
            *(
                self.ghg_target(member, type_, base_year)
                for type_ in (
                    Target.Type.FIXED_LEVEL,
                    Target.Type.INTENSITY,
                    Target.Type.BASELINE_SCENARIO,
                )
            ),
            self.indicator_target(member, "ccp", base_year),
        ]
        for target in targets:
            target.adopted_on = _between(rng, since, self.today)
            target.is_published = True
            self.built.targets.append(target)
        plan = self.plan(member, "ccp", _between(rng, targets[0].adopted_on, self.today))
        plan.is_published = True
        for status in Action.Status.values:
            action = self.action(
                member, "ccp", status, plan=plan, target=targets[0], campaign="ccp"
            )
            action.is_published = True
        return _Record(forecast=True, target=targets[0], plan=plan)

    def build(self, member: _Member) -> None:
        record = _Record()
        if member.pk == self.showcase:
            record = self.showcase_record(member)
        elif member.inventories:
            record = self.climate_record(member)
        for joining in self.joinings[member.pk]:
            participation = Participation(
                campaign=self.campaigns[joining.campaign],
                local_government_id=member.pk,
                joined_on=joining.joined_on,
                withdrawn_on=joining.withdrawn_on,
                resolution_url=(
                    f"https://council.example.org/{member.code}/resolutions/"
                    f"{joining.campaign}-{joining.joined_on.year}"
                    if joining.has_link
                    else ""
                ),
            )
            self.built.participations.append(participation)
            if joining.campaign == "ccp":
                self.ccp_milestones(joining, participation, record)
            else:
                self.stages(joining, participation)

    def verifier(self, member: _Member) -> User | None:
        # The demo staff user works for Europe's secretariat; the World Secretariat covers all.
        return self.staff if member.region == "europe" and self.staff else self.secretariat

    def climate_record(self, member: _Member) -> _Record:
        rng, today = self.rng, self.today
        level = self.levels.get(member.pk, 0)
        record = _Record()
        reduction = self.bau_below_target.get(member.pk)
        if level >= 1 or rng.random() < 0.15:
            record.forecast = True
            self.built.forecasts.append(self.forecast(member, falling=reduction is not None))
        counted = member.submitted or member.inventories
        base_year = counted[0][1]
        if level >= 2 or (level == 1 and rng.random() < 0.3):
            adopted = level >= 2
            if reduction is not None:
                target = self.base_year_target(member, base_year, 2030, reduction)
            else:
                type_ = rng.choices(list(TARGET_TYPE_WEIGHTS), list(TARGET_TYPE_WEIGHTS.values()))[
                    0
                ]
                target = self.ghg_target(member, type_, base_year)
            self.adopt(target, base_year, adopted)
            if adopted:
                record.target = target
            if adopted and rng.random() < 0.2:
                if target.type == Target.Type.FIXED_LEVEL:
                    second = self.ghg_target(member, Target.Type.BASE_YEAR, base_year)
                else:
                    second = self.ghg_target(member, Target.Type.FIXED_LEVEL, base_year)
                self.adopt(second, base_year, rng.random() < 0.7)
        if level >= 1 and rng.random() < 0.15:
            indicator = self.indicator_target(member, "ccp", base_year)
            indicator.campaign = None
            self.adopt(indicator, base_year, rng.random() < 0.7)
        if level >= 3 or (level == 2 and rng.random() < 0.2):
            campaign = "ccp" if rng.random() < 0.5 else None
            after = (
                record.target.adopted_on if record.target else datetime.date(base_year + 1, 1, 1)
            )
            adopted_on = _between(rng, after, today) if level >= 3 else None
            plan = self.plan(member, campaign, adopted_on)
            if adopted_on:
                record.plan = plan
            if level >= 3:
                count = rng.randint(1, 3)
                statuses = self.statuses(count, under_way=level >= 4)
                for status in statuses:
                    self.action(
                        member, "ccp", status, plan=plan, target=record.target, campaign=campaign
                    )
        elif level == 2 and rng.random() < 0.1:
            self.action(member, "ccp", Action.Status.PLANNED, target=record.target)
        return record

    def statuses(self, count: int, *, under_way: bool | None) -> list[str]:
        """Action statuses; with `under_way`, at least one in progress or completed; with
        False, none; with None, any."""
        rng = self.rng
        if under_way is False:
            return [rng.choices(NOT_YET, (8, 2))[0] for _ in range(count)]
        statuses = rng.choices(
            list(ACTION_STATUS_WEIGHTS), list(ACTION_STATUS_WEIGHTS.values()), k=count
        )
        if under_way and not any(status in UNDER_WAY for status in statuses):
            statuses[0] = rng.choice(UNDER_WAY)
        return statuses

    def forecast(self, member: _Member, *, falling: bool) -> Forecast:
        rng = self.rng
        forecast = Forecast(local_government_id=member.pk)
        if falling:
            forecast.default_growth_percent = -1.0
            forecast.note = "Emissions keep falling with the national grid's decarbonisation."
            return forecast
        if rng.random() < 0.3:
            forecast.default_growth_percent = round(
                (member.growth or 0.0) + rng.uniform(-0.5, 1.0), 1
            )
        if rng.random() < 0.3:
            forecast.sector_growth_percent = {
                sector: round(rng.uniform(low, high), 1)
                for sector, (low, high) in (
                    ("I", (-1.5, 1.5)),
                    ("II", (0.0, 3.0)),
                    ("III", (-1.0, 2.0)),
                )
                if rng.random() < 0.6
            }
            forecast.note = "Transport grows with car ownership; buildings with the population."
        return forecast

    def adopt(self, target: Target, base_year: int, adopted: bool) -> None:
        rng = self.rng
        if adopted:
            target.adopted_on = _between(rng, datetime.date(base_year + 1, 1, 1), self.today)
        target.is_published = rng.random() < (0.85 if adopted else 0.3)
        self.built.targets.append(target)

    def base_year_target(
        self, member: _Member, base_year: int, year: int, reduction: float
    ) -> Target:
        return Target(
            local_government_id=member.pk,
            title=f"{reduction:g} % below {base_year} by {year}",
            type=Target.Type.BASE_YEAR,
            base_year=base_year,
            target_year=year,
            reduction_percent=reduction,
        )

    def ghg_target(self, member: _Member, type_: str, base_year: int) -> Target:
        rng = self.rng
        counted = member.submitted or member.inventories
        year = base_year if rng.random() < 0.8 else rng.choice(counted)[1]
        if type_ == Target.Type.BASE_YEAR:
            target = self.base_year_target(
                member, year, rng.choice((2030, 2030, 2035)), 5 * rng.randint(4, 12)
            )
        elif type_ == Target.Type.FIXED_LEVEL:
            by = rng.choices((2040, 2045, 2050), (2, 3, 8))[0]
            target = Target(
                local_government_id=member.pk,
                title=f"Net zero by {by}",
                type=type_,
                base_year=year,
                target_year=by,
                level_tco2e=0.0,
            )
        elif type_ == Target.Type.INTENSITY:
            reduction = 5 * rng.randint(6, 10)
            by = rng.choice((2030, 2035))
            target = Target(
                local_government_id=member.pk,
                title=f"{reduction} % less per inhabitant by {by} than in {year}",
                type=type_,
                base_year=year,
                target_year=by,
                reduction_percent=reduction,
                intensity_per=Target.IntensityPer.INHABITANT,
                base_activity=float(member.population),
            )
        else:
            reduction = 5 * rng.randint(3, 8)
            target = Target(
                local_government_id=member.pk,
                title=f"{reduction} % below business as usual by 2030",
                type=type_,
                base_year=year,
                target_year=2030,
                reduction_percent=reduction,
                # Baseline-scenario targets are often what a member can do with support.
                is_conditional=rng.random() < 0.4,
            )
        target.is_conditional = target.is_conditional or rng.random() < 0.1
        if rng.random() < 0.15:
            target.sectors = ["I", "II"]
            target.title += " (energy and transport)"
        if rng.random() < 0.1:
            target.coverage = TargetCoverage.BASIC_PLUS
        if rng.random() < 0.1:
            target.gwp_set = "AR5GWP100"
        return target

    def indicator_target(self, member: _Member, code: str, base_year: int) -> Target:
        rng = self.rng
        indicator, unit, name, base, goal = rng.choice(INDICATOR_TARGETS[code])
        target_year = max(2030, 5 * math.ceil((base_year + 5) / 5))
        if base is None:
            # A saving: from nothing to the goal per inhabitant.
            base_value = 0.0
            target_value = _significant(member.population * rng.uniform(*goal))
            title = f"{name}: {target_value:,.0f} {unit} by {target_year}"
        else:
            base_value = float(rng.randint(*base))
            target_value = float(max(rng.randint(*goal), base_value + 5))
            title = f"{name}: {target_value:g} % by {target_year}"
        return Target(
            local_government_id=member.pk,
            campaign=self.campaigns[code],
            title=title,
            type=Target.Type.INDICATOR,
            base_year=base_year,
            target_year=target_year,
            indicator=indicator,
            indicator_unit=unit,
            base_value=base_value,
            target_value=target_value,
            is_conditional=rng.random() < 0.1,
        )

    def plan(
        self, member: _Member, code: str | None, adopted_on: datetime.date | None
    ) -> ActionPlan:
        rng = self.rng
        year = (adopted_on or self.today).year
        title = PLAN_TITLES[code]
        if code == "ccp" and member.region == "europe" and rng.random() < 0.5:
            title = "Sustainable Energy and Climate Action Plan"
        plan = ActionPlan(
            local_government_id=member.pk,
            campaign=self.campaigns[code] if code else None,
            title=f"{title} {year}–{year + 10}",
            description="Adopted by the council." if adopted_on else "Draft for consultation.",
            adopted_on=adopted_on,
            url=(
                f"https://council.example.org/{member.code}/plans/{code or 'local'}-{year}"
                if rng.random() < 0.7
                else ""
            ),
            is_published=rng.random() < (0.85 if adopted_on else 0.2),
        )
        self.built.plans.append(plan)
        return plan

    def action(
        self,
        member: _Member,
        code: str,
        status: str,
        *,
        plan: ActionPlan | None = None,
        target: Target | None = None,
        campaign: str | None = None,
        on: datetime.date | None = None,
    ) -> Action:
        """An action of the campaign's themes; `on`: by when it is under way."""
        rng, today = self.rng, self.today
        measure = rng.choice(MEASURES[rng.choice(THEMES[code])])
        thousands = member.population / 1000
        by = min(on or today, today)
        if status == Action.Status.COMPLETED:
            starts_on = _between(
                rng, by - datetime.timedelta(days=6 * 365), by - datetime.timedelta(days=200)
            )
            ends_on = _between(rng, starts_on + datetime.timedelta(days=90), by)
        elif status == Action.Status.IN_PROGRESS:
            starts_on = _between(rng, by - datetime.timedelta(days=4 * 365), by)
            ends_on = (
                today + datetime.timedelta(days=rng.randint(90, 1500))
                if rng.random() < 0.7
                else None
            )
        elif status == Action.Status.PLANNED:
            starts_on = (
                today + datetime.timedelta(days=rng.randint(30, 720))
                if rng.random() < 0.6
                else None
            )
            ends_on = (
                starts_on + datetime.timedelta(days=rng.randint(180, 1500)) if starts_on else None
            )
        else:
            starts_on = ends_on = None
        action = Action(
            local_government_id=member.pk,
            plan=plan,
            target=target if measure.tco2e else None,
            campaign=self.campaigns[campaign] if campaign else None,
            title=measure.title,
            description=f"{measure.title} in {member.name}.",
            kind=measure.kind,
            sector=measure.sector,
            status=status,
            starts_on=starts_on,
            ends_on=ends_on,
            co_benefits=list(measure.co_benefits),
            is_published=rng.random() < 0.8,
        )
        if rng.random() < 0.85:
            currency = self.currency(member.country)
            usd = thousands * 1000 * rng.uniform(*measure.usd_per_inhabitant)
            action.cost = Decimal(round(_significant(usd * UNITS_PER_USD[currency])))
            action.currency = currency
            regional = FUNDING.get(member.region, FUNDING["other"])
            action.funding_source = rng.choice(COMMON_FUNDING + regional)
        if measure.tco2e:
            action.impact_tco2e = _significant(thousands * rng.uniform(*measure.tco2e))
        if measure.amount:
            action.impact_amount = _significant(thousands * rng.uniform(*measure.amount))
            action.impact_unit = measure.unit
        self.built.actions.append(action)
        return action

    @staticmethod
    def currency(country: str) -> str:
        codes = get_territory_currencies(country)
        return codes[0] if codes and codes[0] in UNITS_PER_USD else "USD"

    def ccp_milestones(
        self, joining: _Joining, participation: Participation, record: _Record
    ) -> None:
        """What people recorded on CCP's milestones: the office verified some of what the
        data show; members with only a draft inventory are working on the first."""
        rng, member = self.rng, joining.member
        submitted = member.submitted
        milestones = self.milestones["ccp"]
        evidence = {
            Recognition.INVENTORY_AND_FORECAST: (
                {"inventory_id": submitted[0][0]},
                datetime.date(submitted[0][1] + 1, 6, 30),
            )
            if submitted and record.forecast
            else None,
            Recognition.GHG_TARGET: ({"target": record.target}, record.target.adopted_on)
            if record.target
            else None,
            Recognition.ACTION_PLAN: ({"action_plan": record.plan}, record.plan.adopted_on)
            if record.plan
            else None,
            Recognition.LATER_INVENTORY: (
                {"inventory_id": submitted[-1][0]},
                datetime.date(submitted[-1][1] + 1, 6, 30),
            )
            if len(submitted) >= 2
            else None,
        }
        for milestone in milestones:
            proof = evidence.get(milestone.recognised_from)
            if proof and rng.random() < 0.15:
                objects, achieved_on = proof
                achieved_on = min(achieved_on, self.today)
                self.record(
                    participation,
                    milestone,
                    member,
                    Status.VERIFIED,
                    achieved_on=achieved_on,
                    **objects,
                )
            elif (
                milestone.recognised_from == Recognition.INVENTORY_AND_FORECAST
                and not proof
                and member.inventories
            ):
                self.record(
                    participation,
                    milestone,
                    member,
                    Status.IN_PROGRESS,
                    started_on=datetime.date(member.inventories[0][1] + 1, 3, 1),
                )

    def stages(self, joining: _Joining, participation: Participation) -> None:
        """Milestones up to the participant's stage reached, the next one perhaps begun."""
        rng, member, code = self.rng, joining.member, joining.campaign
        end = min(joining.withdrawn_on or self.today, self.today)
        day = joining.joined_on
        plan: ActionPlan | None = None
        under_way_at = next(
            (
                m.number
                for m in self.milestones[code]
                if m.recognised_from == Recognition.ACTIONS_UNDER_WAY
            ),
            None,
        )
        for milestone in self.milestones[code]:
            if milestone.number > joining.stage + 1:
                break
            day = min(day + datetime.timedelta(days=rng.randint(60, 540)), end)
            reached = milestone.number <= joining.stage
            rule = milestone.recognised_from
            if rule == Recognition.CAMPAIGN_TARGET:
                if reached or rng.random() < 0.2:
                    target = self.indicator_target(member, code, max(day.year, 1990))
                    target.adopted_on = day if reached else None
                    target.is_published = rng.random() < (0.85 if reached else 0.3)
                    self.built.targets.append(target)
            elif rule == Recognition.ACTION_PLAN:
                if reached or rng.random() < 0.2:
                    plan = self.plan(member, code, day if reached else None)
                    if reached:
                        under_way = None if under_way_at is None else under_way_at <= joining.stage
                        for status in self.statuses(rng.randint(1, 2), under_way=under_way):
                            self.action(member, code, status, plan=plan, campaign=code, on=end)
            elif rule == Recognition.ACTIONS_UNDER_WAY:
                if plan is None:
                    statuses = self.statuses(rng.randint(1, 2), under_way=reached)
                    for status in statuses:
                        self.action(member, code, status, campaign=code, on=day)
            elif reached:
                verified = rng.random() < 0.3
                self.record(
                    participation,
                    milestone,
                    member,
                    Status.VERIFIED if verified else Status.ACHIEVED,
                    achieved_on=day,
                    evidence_url=(
                        f"https://council.example.org/{member.code}/{code}/{slugify(milestone.name)}"
                        if rng.random() < 0.5
                        else ""
                    ),
                )
            if not reached and rng.random() < 0.3:
                self.record(participation, milestone, member, Status.IN_PROGRESS, started_on=day)

    def record(
        self,
        participation: Participation,
        milestone: Milestone,
        member: _Member,
        status: str,
        *,
        started_on: datetime.date | None = None,
        achieved_on: datetime.date | None = None,
        **evidence,
    ) -> None:
        progress = MilestoneProgress(
            local_government_id=member.pk,
            participation=participation,
            milestone=milestone,
            status=status,
            started_on=started_on,
            achieved_on=achieved_on,
            **evidence,
        )
        if status == Status.VERIFIED and self.verifier(member) is None:
            progress.status = Status.ACHIEVED
        elif status == Status.VERIFIED:
            progress.verified_by = self.verifier(member)
            progress.verified_on = _between(
                self.rng,
                achieved_on + datetime.timedelta(days=14),
                min(achieved_on + datetime.timedelta(days=120), self.today),
            )
        self.built.progress.append(progress)


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    built = build_demo_campaigns(seed=seed, progress=progress)
    return (
        f"{built.participations} campaign participations, {sum(built.targets.values())} "
        f"targets, {built.action_plans} action plans and {sum(built.actions.values())} actions"
    )
