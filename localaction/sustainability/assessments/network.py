"""The network's figures of self-assessments for a year, for the network
report (the integrator wires them in; partial
`sustainability/assessments/_network_report.html` renders them as `figures`).

A member counts once per instrument: its latest assessment closed or
published in the year or before, assessed no earlier than WINDOW years
before it (core.aggregate's window, as the report's inventories). A member
and one that contains it (a region and its city) both count, each a member
assessing itself: self-assessments are not summed, so nothing is counted
twice.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from localaction.core.aggregate import DEFAULT_WINDOW
from localaction.sustainability.assessments import services
from localaction.sustainability.assessments.models import Assessment, Instrument

WINDOW = DEFAULT_WINDOW


@dataclass(frozen=True)
class InstrumentFigures:
    instrument: str
    label: str
    members: int
    """Members with a closed or published assessment (counted once)."""
    published: int
    """Of them, those whose latest assessment is published."""
    median_total: float | None
    """The median of their total shares, in percent."""


@dataclass(frozen=True)
class NetworkAssessments:
    year: int
    instruments: tuple[InstrumentFigures, ...]

    @property
    def members(self) -> int:
        return sum(figures.members for figures in self.instruments)


def network_figures(year: int) -> NetworkAssessments:
    finished = (
        Assessment.objects.finished()
        .filter(
            assessed_on__lte=date(year, 12, 31),
            assessed_on__gte=date(year - WINDOW + 1, 1, 1),
        )
        .select_related("questionnaire")
        .order_by("local_government_id", "-assessed_on", "-pk")
    )
    latest: dict[tuple[str, int], Assessment] = {}
    for assessment in finished:
        latest.setdefault(
            (assessment.questionnaire.instrument, assessment.local_government_id), assessment
        )
    results = services.combined_results(list(latest.values()))
    figures = []
    for instrument in Instrument:
        chosen = [a for (kind, _lg), a in latest.items() if kind == instrument.value]
        if not chosen:
            continue
        totals = [results[a.pk].percent for a in chosen if results[a.pk].percent is not None]
        figures.append(
            InstrumentFigures(
                instrument=instrument.value,
                label=str(instrument.label),
                members=len(chosen),
                published=sum(1 for a in chosen if a.is_published),
                median_total=statistics.median(totals) if totals else None,
            )
        )
    return NetworkAssessments(year=year, instruments=tuple(figures))
