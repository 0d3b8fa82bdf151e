"""The demo's Ecological Footprints: two World Congress rounds (the governance
demo's last Congress and the one before; and the next Congress's, open for
reports), illustrative national footprints for
the countries of the members who report, a world biocapacity per person, and
footprints of about 25 members in each round — a few from own studies, most
estimated, most verified — among them the demo editor's city.

Every national value and the biocapacity are marked illustrative: the demo
invents no figure presented as published data. Everything goes through the
services, as the secretariat (references), the member's office (reports)
and the secretariat again (verification).
"""

from __future__ import annotations

import random

from django.contrib.auth.models import User
from django.db import transaction

from localaction.accounts.models import Role
from localaction.core import footprint as method
from localaction.governance.models import Meeting
from localaction.network.demo import Progress, no_progress
from localaction.network.models import LocalGovernment, Membership
from localaction.sustainability.footprints import services
from localaction.sustainability.footprints.models import CongressRound

CONGRESS_EVERY = 3
FALLBACK_LAST_CONGRESS = 2024
MEMBERS_PER_ROUND = 25
STUDY_SHARE = 0.2
VERIFIED_SHARE = 0.85

ILLUSTRATIVE_SOURCE = "Illustrative values for the demo, not published data"
# The Global Footprint Network's accounts give a world biocapacity of about
# 1.5-1.6 gha per person in recent years; the demo's values are rounded
# stand-ins of that order, marked illustrative.
BIOCAPACITY_SOURCE = (
    "Global Footprint Network, National Footprint and Biocapacity Accounts "
    "(illustrative value of the order they publish, not a quoted figure)"
)
BIOCAPACITY_URL = "https://data.footprintnetwork.org/"

# Illustrative national footprint per person by category (gha / person):
# ranges chosen so that totals run from ~1.5 to ~8 gha per person.
CATEGORY_RANGES = {
    "food": (0.5, 1.6),
    "housing": (0.2, 1.6),
    "personal_transport": (0.1, 1.4),
    "goods": (0.2, 1.4),
    "services": (0.1, 1.0),
    "government_capital": (0.3, 1.2),
}
LAND_TYPE_SHARES = {  # % of the total, varied a little per study
    "cropland": 18,
    "grazing_land": 6,
    "forest_products": 10,
    "fishing_grounds": 4,
    "built_up_land": 2,
    "carbon": 60,
}
STUDY_METHODS = (
    "Global Footprint Network city footprint (consumption-based)",
    "Environmentally extended input-output analysis",
    "Component-based footprint (activity data × footprint intensities)",
)
EVIDENCE = {
    "housing": "Household energy survey: heating demand {delta} the national average.",
    "personal_transport": "Mobility survey: car share of trips {delta} the national average.",
    "food": "Household budget survey: meat consumption {delta} the national average.",
    "goods": "Retail sales per person {delta} the national average.",
}


def _congress_years() -> list[tuple[int, Meeting | None]]:
    meeting = (
        Meeting.objects.filter(body__code="COUNCIL", title__icontains="World Congress")
        .order_by("-held_on")
        .first()
    )
    last = meeting.held_on.year if meeting else FALLBACK_LAST_CONGRESS
    earlier = Meeting.objects.filter(
        body__code="COUNCIL", title__icontains="World Congress", held_on__year=last - CONGRESS_EVERY
    ).first()
    return [(last - CONGRESS_EVERY, earlier), (last, meeting)]


def _members(rng: random.Random, editor_city: LocalGovernment | None) -> list[LocalGovernment]:
    candidates = list(
        LocalGovernment.objects.filter(
            is_published=True,
            population__gt=0,
            memberships__status=Membership.Status.ACTIVE,
        )
        .select_related("country")
        .distinct()
        .order_by("pk")
    )
    chosen = rng.sample(candidates, min(len(candidates), MEMBERS_PER_ROUND + 5))
    if editor_city is not None and editor_city.population:
        chosen = [editor_city, *[lg for lg in chosen if lg.pk != editor_city.pk]]
    return chosen


def _editor_city() -> LocalGovernment | None:
    role = (
        Role.objects.filter(user__username="editor", kind=Role.Kind.EDITOR)
        .select_related("local_government__country")
        .first()
    )
    return role.local_government if role else None


def build_demo_footprints(*, seed: int, progress: Progress = no_progress) -> dict[str, int]:
    rng = random.Random(f"footprints-{seed}")
    secretariat = User.objects.filter(username="secretariat").first()
    if secretariat is None:
        return {"rounds": 0, "footprints": 0, "verified": 0, "references": 0}
    editor_city = _editor_city()
    members = _members(rng, editor_city)
    counts = {"rounds": 0, "footprints": 0, "verified": 0, "references": 0}
    with transaction.atomic():
        rounds = []
        for year, meeting in _congress_years():
            round = services.congress_round_save(
                year=year,
                first_year=year - CONGRESS_EVERY,
                last_year=year - 1,
                meeting=meeting,
                user=secretariat,
            )
            rounds.append(round)
            counts["rounds"] += 1
        # The next Congress, open for reports: the demo editor can report one.
        upcoming = rounds[-1].year + CONGRESS_EVERY
        services.congress_round_save(
            year=upcoming,
            first_year=upcoming - CONGRESS_EVERY,
            last_year=upcoming - 1,
            user=secretariat,
        )
        counts["rounds"] += 1
        for round, value in zip(rounds, (1.6, 1.5), strict=True):
            services.biocapacity_save(
                year=round.first_year,
                per_person=value,
                source=BIOCAPACITY_SOURCE,
                source_url=BIOCAPACITY_URL,
                is_illustrative=True,
                user=secretariat,
            )
        countries = {lg.country_id: lg.country for lg in members}
        for code in sorted(countries):
            base = {key: rng.uniform(*bounds) for key, bounds in CATEGORY_RANGES.items()}
            for index, round in enumerate(rounds):
                # A little lower at the later Congress: an illustrative trend.
                drift = 1.0 - 0.04 * index
                services.national_footprint_save(
                    country=countries[code],
                    year=round.first_year,
                    by_category={key: round_to(value * drift) for key, value in base.items()},
                    source=ILLUSTRATIVE_SOURCE,
                    licence="CC0 (demo data)",
                    is_illustrative=True,
                    user=secretariat,
                )
                counts["references"] += 1
        for round in progress(rounds, "Footprints"):
            reporting = members[:1] + rng.sample(
                members[1:], min(len(members) - 1, MEMBERS_PER_ROUND - 1)
            )
            for lg in reporting:
                footprint = _report(rng, lg, round, secretariat, showcase=lg == editor_city)
                counts["footprints"] += 1
                if lg == editor_city or rng.random() < VERIFIED_SHARE:
                    services.footprint_verify(footprint=footprint, user=secretariat)
                    counts["verified"] += 1
    return counts


def round_to(value: float) -> float:
    return round(value, 2)


def _report(rng, lg: LocalGovernment, round: CongressRound, user, *, showcase: bool):
    year = round.last_year - rng.randint(0, 1)
    if showcase or rng.random() < STUDY_SHARE:
        estimate = method.estimate(
            services.national_reference(lg.country, year).by_category,
            {key: rng.uniform(0.8, 1.2) for key in method.CATEGORIES},
            lg.population,
        )
        shares = {key: share * rng.uniform(0.85, 1.15) for key, share in LAND_TYPE_SHARES.items()}
        added = sum(shares.values())
        return services.footprint_report_study(
            local_government=lg,
            round=round,
            year=year,
            total=round_to(estimate.total),
            by_category={
                key: round_to(100 * value / estimate.total)
                for key, value in estimate.by_category.items()
            },
            by_land_type={key: round_to(100 * value / added) for key, value in shares.items()},
            parts_in=services.PARTS_IN_PERCENT,
            method_name=rng.choice(STUDY_METHODS),
            source=f"{lg.name}: Ecological Footprint study {year} (demo)",
            user=user,
        )
    factors, evidence = {}, {}
    for key, text in EVIDENCE.items():
        if rng.random() < 0.5:
            factor = round_to(rng.uniform(0.7, 1.3))
            factors[key] = factor
            evidence[key] = text.format(delta="below" if factor < 1 else "above")
    return services.footprint_report_estimate(
        local_government=lg, round=round, year=year, factors=factors, evidence=evidence, user=user
    )


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    built = build_demo_footprints(seed=seed, progress=progress)
    return (
        f"{built['footprints']} Ecological Footprints ({built['verified']} verified) at "
        f"{built['rounds'] - 1} World Congresses, with {built['references']} illustrative "
        "national references"
    )
