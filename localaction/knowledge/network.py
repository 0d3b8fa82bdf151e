"""The network report's section of recognition (registered from setup.py):
the awards and good-practice labels offices gave published members in the
report's year, by region and kind."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from localaction.knowledge.models import Recognition


@dataclass(frozen=True)
class RegionRecognitions:
    region: str
    awards: int
    labels: int

    @property
    def total(self) -> int:
        return self.awards + self.labels


@dataclass(frozen=True)
class NetworkRecognitions:
    year: int
    awards: int
    labels: int
    members: int
    regions: list[RegionRecognitions] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.awards + self.labels


def network_recognitions(year: int) -> NetworkRecognitions:
    """Recognitions of `year` given to published members, by region and kind."""
    rows = list(
        Recognition.objects.public()
        .filter(year=year)
        .values_list("local_government_id", "local_government__country__region__name", "kind")
    )
    counts = Counter((region, kind) for _lg, region, kind in rows)
    regions = [
        RegionRecognitions(
            region,
            counts[region, Recognition.Kind.AWARD],
            counts[region, Recognition.Kind.LABEL],
        )
        for region in sorted({region for region, _kind in counts})
    ]
    return NetworkRecognitions(
        year=year,
        awards=sum(one.awards for one in regions),
        labels=sum(one.labels for one in regions),
        members=len({lg for lg, _region, _kind in rows}),
        regions=regions,
    )
