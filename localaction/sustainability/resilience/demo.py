"""The demo's hazard profiles: some thirty published members (the demo
editor's city among them), each with a profile of last year and, for about
half, one of three years before, rating six to ten hazards drawn from those
a city commonly faces. Published except the editor's city's latest (to work
on). Ratings are illustrative; everything is written through services.py.
"""

from __future__ import annotations

import random

from django.utils import timezone

from localaction.accounts.models import Role
from localaction.network.demo import Progress, no_progress
from localaction.network.models import LocalGovernment
from localaction.sustainability.resilience import services

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


def build_demo_resilience(*, seed: int, progress: Progress = no_progress) -> tuple[int, int]:
    """Build the profiles; (members, profiles)."""
    rng = random.Random(f"resilience-{seed}")
    last = timezone.localdate().year - 1
    profiles = 0
    for index, member in enumerate(progress(_members(rng), "Hazard profiles")):
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
    return index + 1 if profiles else 0, profiles


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    members, profiles = build_demo_resilience(seed=seed, progress=progress)
    return f"Hazard profiles of {members} members ({profiles} profiles)"
