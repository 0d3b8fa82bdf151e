"""A member's City Biodiversity Index results (questionnaire "cbi" of the
assessments engine): its finished self-assessments the person may see, with
the points of the three parts and the total out of 92, and the network's
benchmark of totals (engine.benchmark over members' latest finished CBI,
named only where published).
"""

from __future__ import annotations

from dataclasses import dataclass

from localaction.core import assessments as engine
from localaction.network.models import LocalGovernment
from localaction.sustainability.assessments import services as engine_services
from localaction.sustainability.assessments.models import Assessment
from localaction.sustainability.resilience.scorecards import finished_visible

PARTS = ("native", "services", "governance")


@dataclass(frozen=True)
class CBIRow:
    assessment: Assessment
    year: int
    parts: tuple[float | None, ...]  # points of native biodiversity, ecosystem services, governance
    total: float | None  # out of `maximum`
    maximum: float
    answered: int
    questions: int


def _row(assessment: Assessment) -> CBIRow:
    result = engine_services.result_of(assessment).combined
    points = {section.code: section.points for section in result.sections}
    return CBIRow(
        assessment=assessment,
        year=assessment.assessed_on.year,
        parts=tuple(points.get(code) for code in PARTS),
        total=result.points,
        maximum=result.maximum,
        answered=result.answered,
        questions=result.questions,
    )


def cbi_rows(user, local_government: LocalGovernment) -> list[CBIRow]:
    return [_row(a) for a in finished_visible(user, local_government, "biodiversity")]


def latest_totals(year: int | None = None) -> dict[int, tuple[Assessment, float]]:
    """Each published member's latest finished CBI (assessed by the end of
    `year` when given) and its total points."""
    latest: dict[int, Assessment] = {}
    assessments = Assessment.objects.finished().filter(
        questionnaire__code="cbi", local_government__is_published=True
    )
    if year is not None:
        assessments = assessments.filter(assessed_on__year__lte=year)
    for assessment in assessments.select_related("questionnaire", "local_government").order_by(
        "local_government_id", "-assessed_on", "-pk"
    ):
        latest.setdefault(assessment.local_government_id, assessment)
    totals = {}
    for member, assessment in latest.items():
        total = _row(assessment).total
        if total is not None:
            totals[member] = (assessment, total)
    return totals


def network_benchmark() -> engine.Benchmark | None:
    """Median and quartiles of the members' latest CBI totals (points of 92)."""
    return engine.benchmark(total for _assessment, total in latest_totals().values())
