"""A member's resilience scorecards (questionnaires of the assessments engine,
instrument "resilience"): the finished ones the person may see, scored by the
engine, as the Ten Essentials' shares over time.

Everyone sees a published scorecard of a published member; insiders (the
member's people, the offices covering it, the secretariat) also see closed
ones, whose answers are final but whose result the member has not published.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from localaction.network.models import LocalGovernment
from localaction.sustainability.assessments import services as engine_services
from localaction.sustainability.assessments.models import Assessment, Questionnaire
from localaction.sustainability.resilience.permissions import is_insider

ESSENTIALS = tuple(f"e{n}" for n in range(1, 11))


def finished_visible(
    user, local_government: LocalGovernment, instrument: str
) -> QuerySet[Assessment]:
    """The member's finished assessments of an instrument the person may see, oldest first."""
    assessments = Assessment.objects.filter(
        local_government=local_government, questionnaire__instrument=instrument
    ).select_related("questionnaire", "local_government")
    if is_insider(user, local_government):
        assessments = assessments.finished()
    elif local_government.is_published:
        assessments = assessments.published()
    else:
        assessments = assessments.none()
    return assessments.order_by("assessed_on", "pk")


@dataclass(frozen=True)
class ScorecardRow:
    assessment: Assessment
    level: str
    essentials: tuple[float | None, ...]  # share of the maximum (0–100) per essential, E1..E10
    percent: float | None
    answered: int
    questions: int


def scorecard_rows(user, local_government: LocalGovernment) -> list[ScorecardRow]:
    rows = []
    for assessment in finished_visible(user, local_government, "resilience"):
        result = engine_services.result_of(assessment).combined
        shares = {section.code: section.percent for section in result.sections}
        rows.append(
            ScorecardRow(
                assessment=assessment,
                level=assessment.questionnaire.level,
                essentials=tuple(shares.get(code) for code in ESSENTIALS),
                percent=result.percent,
                answered=result.answered,
                questions=result.questions,
            )
        )
    return rows


def assessment_record(
    *,
    local_government: LocalGovernment,
    code: str,
    title: str,
    assessed_on,
    answers: dict[str, object],
    publish: bool,
    units: dict[str, str] | None = None,
) -> Assessment:
    """A finished self-assessment answered by the local authority alone, through
    the engine's services (the demo's scorecards and CBI; tests): created,
    answered, closed and, if asked, published."""
    questionnaire = Questionnaire.objects.latest_versions().get(code=code)
    assessment = engine_services.assessment_create(
        local_government=local_government,
        questionnaire=questionnaire,
        title=title,
        assessed_on=assessed_on,
    )
    respondent = engine_services.respondent_invite(
        assessment=assessment, group="authority", name=str(local_government.name)
    )
    engine_services.answers_save(
        assessment=assessment, respondent=respondent, answers=answers, units=units
    )
    assessment = engine_services.assessment_close(assessment=assessment)
    if publish:
        assessment = engine_services.assessment_publish(assessment=assessment)
    return assessment
