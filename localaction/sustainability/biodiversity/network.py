"""The biodiversity network's figures: which published members committed,
by region and by kind of commitment, as of the end of a year.

A member counts once however many commitments it made; a member and one
that contains it (a county and its town) each count, since each made its own
commitment — there is no quantity here that nesting would add up twice.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from localaction.core import assessments as engine
from localaction.sustainability.biodiversity.cbi import latest_totals
from localaction.sustainability.biodiversity.models import BiodiversityCommitment


@dataclass(frozen=True)
class NetworkBiodiversity:
    year: int
    committed: int  # published members with a standing commitment adopted by the year's end
    by_region: tuple[tuple[str, int], ...]  # (region name, members), most first
    by_kind: tuple[tuple[str, int], ...]  # (kind label, members), most first
    new_in_year: int  # members whose first commitment was adopted in the year
    cbi_members: int  # published members with a finished CBI assessed by the year's end
    cbi_median: float | None  # median of their latest totals, points of 92


def _standing_by(year: int):
    return BiodiversityCommitment.objects.public().filter(
        adopted_on__lte=datetime.date(year, 12, 31)
    )


def network_figures(year: int | None = None) -> NetworkBiodiversity:
    """The network's figures at the end of `year` (this year when not given)."""
    year = year or datetime.date.today().year
    rows = list(
        _standing_by(year).values_list(
            "local_government_id", "local_government__country__region__name", "kind", "adopted_on"
        )
    )
    regions: dict[int, str] = {}
    first: dict[int, datetime.date] = {}
    kinds: dict[str, set[int]] = {}
    for member, region, kind, adopted_on in rows:
        regions[member] = region or ""
        first[member] = min(adopted_on, first.get(member, adopted_on))
        kinds.setdefault(kind, set()).add(member)
    labels = dict(BiodiversityCommitment.Kind.choices)
    benchmark = engine.benchmark(total for _assessment, total in latest_totals(year).values())
    return NetworkBiodiversity(
        year=year,
        committed=len(regions),
        by_region=tuple(Counter(regions.values()).most_common()),
        by_kind=tuple(
            sorted(
                ((str(labels[kind]), len(members)) for kind, members in kinds.items()),
                key=lambda pair: (-pair[1], pair[0]),
            )
        ),
        new_in_year=sum(1 for adopted_on in first.values() if adopted_on.year == year),
        cbi_members=benchmark.count if benchmark else 0,
        cbi_median=benchmark.median if benchmark else None,
    )


def directory() -> list[dict]:
    """Published members with a standing commitment, grouped by region and
    listed by name with their commitments."""
    commitments = (
        BiodiversityCommitment.objects.public()
        .select_related("local_government__country__region")
        .order_by("local_government__country__region__name", "local_government__name", "adopted_on")
    )
    regions: dict[str, dict] = {}
    for commitment in commitments:
        local_government = commitment.local_government
        region = local_government.country.region
        group = regions.setdefault(region.name if region else "", {"region": region, "members": {}})
        entry = group["members"].setdefault(
            local_government.pk, {"lg": local_government, "commitments": []}
        )
        entry["commitments"].append(commitment)
    return [
        {"region": group["region"], "members": list(group["members"].values())}
        for group in regions.values()
    ]
