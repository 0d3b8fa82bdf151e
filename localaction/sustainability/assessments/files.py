"""An assessment's answers as CSV/XLSX files.

Export writes one row per answer: the respondent, their group and
organisation, the question's section and code, the answer (a scale value, a
choice's code, a number as given, a text) and its unit, and the question's
text for people reading it. Import reads one respondent's answers by question
code (columns `question`, `answer`, `unit`), all rows or none, every problem
reported with its row and column. A file with a `respondent` column (a
download) may hold others' answers too: only the rows of the respondent
imported for (by name), or with a blank respondent, are read — so a download,
edited, imports back respondent by respondent.
"""

from __future__ import annotations

from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction

from localaction.sustainability.assessments import services
from localaction.sustainability.assessments.models import (
    Assessment,
    AssessmentAnswer,
    AssessmentRespondent,
    QuestionnaireQuestion,
)
from localaction.tables import (
    PAGE_IMPORT_ROWS,
    Format,
    ImportFailed,
    RowError,
    in_file_order,
    read_table,
    write_table,
)

COLUMNS = (
    "respondent",
    "group",
    "organisation",
    "section",
    "question",
    "answer",
    "unit",
    "question_text",
)
IMPORT_COLUMNS = ("question", "answer", "unit")
REQUIRED = ("question",)


def _answer_cell(answer: AssessmentAnswer) -> tuple[object, str]:
    kind = answer.question.kind
    if kind == QuestionnaireQuestion.Kind.CHOICE:
        return answer.choice, ""
    if kind == QuestionnaireQuestion.Kind.TEXT:
        return answer.text, ""
    if kind == QuestionnaireQuestion.Kind.SCALE:
        return int(answer.number), ""
    return answer.given_number, answer.given_unit


def export_answers(assessment: Assessment, *, format: Format, target: BinaryIO) -> None:
    answers = (
        AssessmentAnswer.objects.filter(respondent__assessment=assessment)
        .select_related("respondent", "question__section")
        .order_by(
            "respondent__group",
            "respondent__name",
            "respondent_id",
            "question__section__order",
            "question__order",
        )
    )
    rows = []
    for answer in answers:
        value, unit = _answer_cell(answer)
        rows.append(
            (
                answer.respondent.name,
                answer.respondent.group,
                answer.respondent.organisation,
                answer.question.section.code,
                answer.question.code,
                value,
                unit,
                answer.question.text,
            )
        )
    write_table(rows, columns=COLUMNS, format=format, target=target)


def import_answers(
    assessment: Assessment, respondent: AssessmentRespondent, content: bytes, *, filename: str
) -> int:
    """Save a respondent's answers from a file (blank answers clear the
    question's); the number of rows read, or ImportFailed (nothing written)."""
    table = read_table(
        content, filename=filename, columns=COLUMNS, required=REQUIRED, max_rows=PAGE_IMPORT_ROWS
    )
    errors = list(table.errors)
    answers: dict[str, object] = {}
    units: dict[str, str] = {}
    rows: dict[str, int] = {}
    for row in table.rows:
        code = row.values.get("question")
        named = row.values.get("respondent")
        if code is None or (named is not None and named != respondent.name):
            continue
        if code in rows:
            errors.append(
                RowError(row.number, "question", f"{code} is already on row {rows[code]}")
            )
            continue
        rows[code] = row.number
        answers[code] = row.values.get("answer") or ""
        units[code] = row.values.get("unit") or ""
    if not errors:
        try:
            with transaction.atomic():
                services.answers_save(
                    assessment=assessment, respondent=respondent, answers=answers, units=units
                )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise ImportFailed([RowError(None, None, m) for m in error.messages]) from None
            known = set(assessment.questionnaire.questions.values_list("code", flat=True))
            for code, messages in error.message_dict.items():
                column = "answer" if code in known else "question"
                errors.extend(RowError(rows.get(code), column, m) for m in messages)
    if errors:
        raise ImportFailed(in_file_order(errors, COLUMNS))
    return len(rows)
