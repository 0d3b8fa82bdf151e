"""The demo's water accounts: water inventories of the Water Campaign's
participants and of a few other members (the demo editor's city among them),
for the years FIRST_YEAR … LAST_YEAR — consumption by sector and source, a
water balance, quality figures — most verified, the latest of some only
submitted; and the quantified benefits of the water actions under way.

The figures are invented within plausible ranges (l / person / day, shares
of sectors and sources, non-revenue water, quality): demo data, said so in
each inventory's source. Everything goes through the services, as the
secretariat; the same seed gives the same accounts.
"""

from __future__ import annotations

import random

from django.contrib.auth.models import User
from django.db import transaction

from localaction.accounts.models import Role
from localaction.campaigns.models import Action
from localaction.network.demo import Progress, no_progress
from localaction.network.models import LocalGovernment, Membership
from localaction.sustainability.water import services
from localaction.sustainability.water.models import WaterInventory

FIRST_YEAR = 2021
LAST_YEAR = 2024
OTHER_MEMBERS = 6
MAX_PARTICIPANTS = 30
SOURCE = "Demo figures (invented within plausible ranges), not published data"

# Shares of consumption by user sector (ranges, normalised per member).
SECTOR_SHARES = {
    "residential": (55, 70),
    "commercial": (10, 20),
    "industrial": (5, 20),
    "municipal": (3, 8),
    "agriculture": (0, 10),
}


def _sources(rng: random.Random) -> dict[str, float]:
    """A member's mix of sources, shares adding up to 1."""
    mix = {"surface": rng.uniform(0.3, 0.8), "groundwater": rng.uniform(0.1, 0.6)}
    if rng.random() < 0.15:
        mix["desalinated"] = rng.uniform(0.1, 0.4)
    if rng.random() < 0.4:
        mix["recycled"] = rng.uniform(0.02, 0.1)
    if rng.random() < 0.3:
        mix["rainwater"] = rng.uniform(0.01, 0.04)
    if rng.random() < 0.2:
        mix["bulk_purchase"] = rng.uniform(0.05, 0.3)
    added = sum(mix.values())
    return {key: value / added for key, value in mix.items()}


def _editor_city() -> LocalGovernment | None:
    role = (
        Role.objects.filter(user__username="editor", kind=Role.Kind.EDITOR)
        .select_related("local_government")
        .first()
    )
    return role.local_government if role else None


def _members(rng: random.Random) -> list[LocalGovernment]:
    """The Water Campaign's participants (up to MAX_PARTICIPANTS), the demo
    editor's city and a few other active members with a population."""
    participants = list(
        LocalGovernment.objects.filter(participations__campaign__code="water", population__gt=0)
        .distinct()
        .order_by("pk")
    )
    participants = rng.sample(participants, min(len(participants), MAX_PARTICIPANTS))
    others = list(
        LocalGovernment.objects.filter(
            population__gt=0, memberships__status=Membership.Status.ACTIVE
        )
        .exclude(pk__in=[lg.pk for lg in participants])
        .distinct()
        .order_by("pk")
    )
    chosen = participants + rng.sample(others, min(len(others), OTHER_MEMBERS))
    editor_city = _editor_city()
    if editor_city is not None and editor_city.population and editor_city not in chosen:
        chosen.insert(0, editor_city)
    return sorted(chosen, key=lambda lg: lg.pk)


def _inventory(
    rng: random.Random, lg: LocalGovernment, year: int, per_person: float, user
) -> WaterInventory:
    served = max(1, round(lg.population * rng.uniform(0.85, 1.0)))
    total = per_person * served * 365 / 1000  # m³ a year
    lost = rng.uniform(0.15, 0.4)  # non-revenue water share of the system input
    inventory = services.water_inventory_create(
        local_government=lg,
        year=year,
        population_served=served,
        losses=services.Losses(
            system_input=round(total / (1 - lost)),
            billed=round(total * 0.98),
            unbilled=round(total * 0.02),
            apparent_losses=round(total / (1 - lost) * lost * rng.uniform(0.2, 0.35)),
        ),
        source=SOURCE,
        user=user,
    )
    sectors = {key: rng.uniform(*bounds) for key, bounds in SECTOR_SHARES.items()}
    added = sum(sectors.values())
    sources = _sources(rng)
    lines = [
        services.LineData(sector, source, round(total * share / added * mix), "m3")
        for sector, share in sectors.items()
        for source, mix in sources.items()
        if round(total * share / added * mix) > 0
    ]
    services.water_inventory_replace_lines(inventory=inventory, lines=lines, user=user)
    quality = {
        "compliant_share": round(rng.uniform(92, 100), 1),
        "e_coli": 0 if rng.random() < 0.8 else rng.randint(1, 3),
        "turbidity": round(rng.uniform(0.1, 1.5), 2),
        "nitrate": round(rng.uniform(3, 48), 1),
    }
    for indicator, value in quality.items():
        services.water_quality_save(
            inventory=inventory,
            indicator=indicator,
            value=value,
            samples=rng.randint(50, 2000),
            user=user,
        )
    return inventory


def _benefits(rng: random.Random, members: list[LocalGovernment], user) -> int:
    """Benefits of the members' water actions under way, by the action's own
    estimate where it is in m³, else drawn."""
    actions = (
        Action.objects.filter(
            local_government__in=members,
            status__in=[Action.Status.IN_PROGRESS, Action.Status.COMPLETED],
        )
        .filter(campaign__code="water")
        .select_related("local_government__country")
        .order_by("pk")
    )
    count = 0
    for action in actions:
        if rng.random() < 0.25:
            continue  # not every action has its benefits quantified yet
        if action.impact_unit in ("m3", "m³") and action.impact_amount:
            amount = abs(action.impact_amount)
        else:
            amount = round(rng.uniform(500, 50_000))
        own = rng.random() < 0.2  # a utility's own energy audit
        services.water_benefit_save(
            action=action,
            amount=amount,
            unit="m3",
            energy_intensity=round(rng.uniform(0.3, 1.2), 2) if own else None,
            energy_intensity_source="Utility energy audit (demo)" if own else "",
            user=user,
        )
        count += 1
    return count


def build_demo_water(*, seed: int, progress: Progress = no_progress) -> dict[str, int]:
    rng = random.Random(f"water-{seed}")
    secretariat = User.objects.filter(username="secretariat").first()
    counts = {"members": 0, "inventories": 0, "verified": 0, "benefits": 0}
    if secretariat is None:
        return counts
    members = _members(rng)
    with transaction.atomic():
        for lg in progress(members, "Water accounts"):
            per_person = rng.uniform(110, 300)
            first = rng.choice(range(FIRST_YEAR, LAST_YEAR))
            for year in range(first, LAST_YEAR + 1):
                inventory = _inventory(rng, lg, year, per_person, secretariat)
                services.water_inventory_submit(inventory=inventory, user=secretariat)
                counts["inventories"] += 1
                if year < LAST_YEAR or rng.random() < 0.6:
                    services.water_inventory_verify(inventory=inventory, user=secretariat)
                    counts["verified"] += 1
                per_person *= rng.uniform(0.95, 1.0)  # saving a little every year
            counts["members"] += 1
        counts["benefits"] = _benefits(rng, members, secretariat)
    return counts


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    built = build_demo_water(seed=seed, progress=progress)
    return (
        f"{built['inventories']} water inventories ({built['verified']} verified) of "
        f"{built['members']} members, {built['benefits']} water actions with quantified benefits"
    )
