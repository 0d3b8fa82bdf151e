"""The demo's hazard profiles: some thirty published members (the demo
editor's city among them), each with a profile of last year and, for about
half, one of three years before, rating six to ten hazards drawn from those
a city commonly faces. Published except the editor's city's latest (to work
on). Each member also has a preliminary resilience scorecard and about half a
detailed one, answered by the local authority and published (the editor's
city's detailed one only closed). Ratings and answers are illustrative;
everything is written through the services.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from localaction.accounts.models import Role
from localaction.network.demo import Progress, no_progress
from localaction.network.models import LocalGovernment
from localaction.sustainability.resilience import services
from localaction.sustainability.resilience.scorecards import ESSENTIALS, assessment_record

MEMBERS = 30
COMMON = (
    "riverine_flood",
    "surface_flood",
    "flash_flood",
    "coastal_flood",
    "storm",
    "heatwave",
    "drought",
    "wildfire",
    "earthquake",
    "landslide",
    "epidemic",
    "infrastructure_failure",
    "industrial_accident",
    "cyber",
    "air_pollution",
    "cold_wave",
    "urban_fire",
)


def _members(rng: random.Random) -> list[LocalGovernment]:
    editor_city = (
        Role.objects.filter(user__username="editor", kind=Role.Kind.EDITOR)
        .values_list("local_government", flat=True)
        .first()
    )
    published = sorted(
        set(LocalGovernment.objects.filter(is_published=True).values_list("pk", flat=True))
        - {editor_city}
    )
    chosen = rng.sample(published, min(MEMBERS - 1, len(published)))
    if editor_city is not None:
        chosen.insert(0, editor_city)
    members = LocalGovernment.objects.in_bulk(chosen)
    return [members[pk] for pk in chosen]


def build_demo_resilience(*, seed: int, progress: Progress = no_progress) -> tuple[int, int, int]:
    """Build the profiles and scorecards; (members, profiles, members with scorecards)."""
    rng = random.Random(f"resilience-{seed}")
    last = timezone.localdate().year - 1
    profiles = scorecards = 0
    members = _members(rng)
    for index, member in enumerate(progress(members, "Hazard profiles")):
        hazards = rng.sample(COMMON, rng.randint(6, 10))
        levels = {hazard: (rng.randint(1, 5), rng.randint(1, 5)) for hazard in hazards}
        years = [last - 3, last] if rng.random() < 0.5 else [last]
        for year in years:
            profile = services.profile_save(
                local_government=member,
                year=year,
                notes=f"Rated by the risk working group of {member.name}.",
            )
            for hazard, (likelihood, impact) in levels.items():
                services.rating_set(
                    profile=profile, hazard=hazard, likelihood=likelihood, impact=impact
                )
            if not (index == 0 and year == last):
                services.profile_publish(profile=profile, published=True)
            profiles += 1
            # Three years on, the city has worked on some of its risks.
            levels = {
                hazard: (max(1, likelihood - rng.randint(0, 1)), impact)
                for hazard, (likelihood, impact) in levels.items()
            }
        _scorecards(member, rng, last, draft_city=index == 0)
        scorecards += 1
    return len(members), profiles, scorecards


def _scorecards(member: LocalGovernment, rng: random.Random, last: int, *, draft_city: bool):
    """A preliminary scorecard three years ago and, for about half, a detailed
    one last year; a member's strength varies by essential."""
    strength = [rng.uniform(0.2, 0.9) for _essential in ESSENTIALS]
    levels = [("preliminary", 3, 4, last - 2)]
    if rng.random() < 0.5:
        levels.append(("detailed", 5, 6, last))
    for level, top, questions, year in levels:
        answers = {
            f"{essential}.{n}": min(top, max(0, round(rng.gauss(strength[i] * top, 0.8))))
            for i, essential in enumerate(ESSENTIALS)
            for n in range(1, questions + 1)
        }
        assessment_record(
            local_government=member,
            code=f"resilience-{level}",
            title=f"Resilience scorecard ({level}) {year}",
            assessed_on=datetime.date(year, rng.randint(2, 11), rng.randint(1, 28)),
            answers=answers,
            publish=not draft_city or level == "preliminary",
        )
        strength = [min(1.0, share + rng.uniform(0.0, 0.1)) for share in strength]


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    members, profiles, scorecards = build_demo_resilience(seed=seed, progress=progress)
    return (
        f"Hazard profiles of {members} members ({profiles} profiles), "
        f"resilience scorecards of {scorecards}"
    )
