"""The network's resilience figures for a year: how many published members
have a published hazard profile of that year or up to four years before (their
latest counts), which hazards they most often rate as a high or very high risk
(likelihood × impact ≥ 10), and the median of their latest finished
scorecards' shares by essential (either level: shares of the maximum compare).

A member counts once, with its latest profile in the window. Each member
rates the hazards of its own territory, so a member and one that contains it
each count: there is no quantity here that nesting would add up twice.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass

from localaction.sustainability.assessments import services as engine_services
from localaction.sustainability.assessments.models import Assessment
from localaction.sustainability.resilience.hazards import vocabulary
from localaction.sustainability.resilience.models import ResilienceHazardProfile
from localaction.sustainability.resilience.scorecards import ESSENTIALS

WINDOW = 5  # years a profile stays the member's current one
HIGH = 10  # the lowest risk of the "high" band (core.risk.BANDS)


@dataclass(frozen=True)
class FrequentRisk:
    hazard: str
    name: str
    members: int  # members rating it high or very high
    share: float  # of the members with a profile, 0–1


@dataclass(frozen=True)
class NetworkResilience:
    year: int
    members: int  # published members with a current published profile
    hazards_rated: int  # ratings in those profiles
    frequent_high_risks: tuple[FrequentRisk, ...]  # most frequent first, at most ten
    scorecards: int  # published members with a finished scorecard assessed by the year's end
    essentials_median: tuple[float | None, ...]  # median share (0–100) per essential, E1..E10


def network_figures(year: int) -> NetworkResilience:
    profiles = (
        ResilienceHazardProfile.objects.published()
        .filter(year__lte=year, year__gt=year - WINDOW)
        .order_by("local_government_id", "-year")
        .prefetch_related("ratings")
    )
    latest: dict[int, ResilienceHazardProfile] = {}
    for profile in profiles:
        latest.setdefault(profile.local_government_id, profile)
    high: Counter[str] = Counter()
    rated = 0
    for profile in latest.values():
        for rating in profile.ratings.all():
            rated += 1
            if rating.likelihood * rating.impact >= HIGH:
                high[rating.hazard] += 1
    hazards = vocabulary().hazards
    members = len(latest)
    frequent = sorted(high.items(), key=lambda pair: (-pair[1], pair[0]))[:10]
    shares = _latest_scorecard_shares(year)
    return NetworkResilience(
        year=year,
        scorecards=len(shares),
        essentials_median=tuple(
            _median([member[index] for member in shares if member[index] is not None])
            for index in range(len(ESSENTIALS))
        ),
        members=members,
        hazards_rated=rated,
        frequent_high_risks=tuple(
            FrequentRisk(
                hazard=code,
                name=hazards[code].label if code in hazards else code,
                members=count,
                share=count / members,
            )
            for code, count in frequent
        ),
    )


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _latest_scorecard_shares(year: int) -> list[tuple[float | None, ...]]:
    """Each published member's latest finished scorecard (either level)
    assessed by the end of `year`: its share of the maximum per essential."""
    latest: dict[int, Assessment] = {}
    for assessment in (
        Assessment.objects.finished()
        .filter(
            questionnaire__instrument="resilience",
            local_government__is_published=True,
            assessed_on__year__lte=year,
        )
        .select_related("questionnaire")
        .order_by("local_government_id", "-assessed_on", "-pk")
    ):
        latest.setdefault(assessment.local_government_id, assessment)
    rows = []
    for assessment in latest.values():
        result = engine_services.result_of(assessment).combined
        by_code = {section.code: section.percent for section in result.sections}
        rows.append(tuple(by_code.get(code) for code in ESSENTIALS))
    return rows
