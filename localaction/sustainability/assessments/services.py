"""Writes and reads of self-assessments that span several records: loading a
questionnaire version, inviting respondents, saving answers, closing and
publishing an assessment, and its result (scored by core/assessments.py)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from localaction.core import assessments as engine
from localaction.core.quantities import DATE, DESCRIPTION_LENGTH, QuantityError
from localaction.core.units import UnitError, multiplier, parse_unit
from localaction.core.units import dimension as unit_dimension
from localaction.network.models import LocalGovernment
from localaction.sustainability.assessments.library import create_version
from localaction.sustainability.assessments.models import (
    Assessment,
    AssessmentAnswer,
    AssessmentRespondent,
    Questionnaire,
    QuestionnaireQuestion,
    QuestionnaireSection,
)
from localaction.tables import CellError, to_number

MAX_NUMBER = 1e15
"""The largest number answer taken, either way, in the question's unit."""


# Questionnaires -----------------------------------------------------------------


@transaction.atomic
def questionnaire_load(data: dict) -> tuple[Questionnaire, bool]:
    """Load a questionnaire file's content as a new version; returns the version
    and whether it was created. The same content loaded again is the version
    already there; other content under an existing version is refused: a
    changed questionnaire is a new version, so that answers keep theirs."""
    try:
        structure = engine.read_questionnaire(data)
    except engine.QuestionnaireError as error:
        raise ValidationError(
            _("The questionnaire cannot be read: %(error)s") % {"error": error}
        ) from None
    existing = Questionnaire.objects.filter(code=structure.code, version=structure.version).first()
    if existing is not None:
        if _canonical(existing.definition) == _canonical(data):
            return existing, False
        raise ValidationError(
            _(
                "%(code)s version %(version)s is already loaded with other content: "
                "give the changed questionnaire a new version number."
            )
            % {"code": structure.code, "version": structure.version}
        )
    questionnaire = create_version(
        data,
        questionnaire_model=Questionnaire,
        section_model=QuestionnaireSection,
        question_model=QuestionnaireQuestion,
    )
    return questionnaire, True


def _canonical(data: dict) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


# Assessments and respondents ------------------------------------------------------


def assessment_create(
    *,
    local_government: LocalGovernment,
    questionnaire: Questionnaire,
    title: str,
    assessed_on: date,
    user=None,
) -> Assessment:
    """Start a member's assessment against a questionnaire version."""
    try:
        DATE.check(assessed_on)
    except QuantityError as error:
        raise ValidationError({"assessed_on": str(error)}) from None
    if not title.strip():
        raise ValidationError({"title": _("A title is required.")})
    return Assessment.objects.create(
        local_government=local_government,
        questionnaire=questionnaire,
        title=title.strip(),
        assessed_on=assessed_on,
        created_by=user if user is not None and user.is_authenticated else None,
    )


def _refuse_if_finished(assessment: Assessment) -> None:
    if not assessment.is_open:
        raise ValidationError(
            _("The assessment is %(status)s: its respondents and answers can no longer change.")
            % {"status": assessment.get_status_display()},
            code="closed",
        )


def respondent_invite(
    *,
    assessment: Assessment,
    group: str,
    name: str,
    organisation: str = "",
    email: str = "",
    user=None,
    send: bool = True,
) -> AssessmentRespondent:
    """Invite a person or group to answer the assessment on their own; one with
    an e-mail address is sent the private link (unless `send` is False)."""
    _refuse_if_finished(assessment)
    errors = {}
    if group not in AssessmentRespondent.Group.values:
        errors["group"] = _("The group must be the local authority or a stakeholder.")
    if group == AssessmentRespondent.Group.STAKEHOLDER and not organisation.strip():
        errors["organisation"] = _("A stakeholder's organisation is required.")
    if not name.strip():
        errors["name"] = _("A name is required.")
    if user is not None and assessment.respondents.filter(user=user).exists():
        errors["user"] = _("This person is already invited to the assessment.")
    if errors:
        raise ValidationError(errors)
    respondent = AssessmentRespondent(
        assessment=assessment,
        group=group,
        name=name.strip(),
        organisation=organisation.strip(),
        email=email.strip(),
        user=user,
    )
    respondent.full_clean(exclude=["token"])
    respondent.save()
    if respondent.email and send:
        from localaction.sustainability.assessments.tasks import send_respondent_invitation

        # Queued in this transaction: a refused request queues nothing.
        send_respondent_invitation.enqueue(respondent.pk, translation.get_language() or "en")
    return respondent


def respondent_of(assessment: Assessment, user) -> AssessmentRespondent | None:
    """The respondent the assessment invited as this platform user, if any."""
    if not user.is_authenticated:
        return None
    return assessment.respondents.filter(user=user).first()


# Answers ----------------------------------------------------------------------


def _parse_number(value: object, question: QuestionnaireQuestion) -> float:
    if isinstance(value, bool):
        raise ValidationError(_("The answer must be a number."))
    if isinstance(value, str):
        text = value.strip()
        try:
            number = to_number(text)
        except CellError as error:
            if "decimal separator" in str(error):
                raise ValidationError(
                    _("'%(value)s' is not a number; use a dot as the decimal separator.")
                    % {"value": text[:40]}
                ) from None
            if _not_finite(text):
                raise ValidationError(
                    _("The answer must be a finite number from -1e15 to 1e15, not %(value)s.")
                    % {"value": text[:40]}
                ) from None
            raise ValidationError(
                _("'%(value)s' is not a number.") % {"value": text[:40]}
            ) from None
    elif isinstance(value, int | float):
        number = float(value)
    else:
        raise ValidationError(_("The answer must be a number."))
    if not math.isfinite(number) or abs(number) > MAX_NUMBER:
        raise ValidationError(
            _("The answer must be a finite number from -1e15 to 1e15, not %(value)s.")
            % {"value": str(value)[:40]}
        )
    return number


def _not_finite(text: str) -> bool:
    """Whether Python reads `text` as a number beyond floats ("nan", "inf", "1e400")."""
    try:
        return not math.isfinite(float(text))
    except ValueError:
        return False


def _in_question_unit(number: float, unit: str, question: QuestionnaireQuestion) -> float:
    if not unit or unit == question.unit:
        return number
    try:
        parse_unit(unit)
    except UnitError as error:
        raise ValidationError(str(error)) from None
    if parse_unit(unit).dimensionality != parse_unit(question.unit).dimensionality:
        raise ValidationError(
            _(
                "'%(unit)s' is %(dimension)s but the question asks for %(expected)s "
                "('%(question_unit)s'): a unit of the wrong dimension."
            )
            % {
                "unit": unit,
                "dimension": unit_dimension(unit),
                "expected": unit_dimension(question.unit),
                "question_unit": question.unit,
            }
        )
    converted = number * multiplier(unit, question.unit)
    if not math.isfinite(converted) or abs(converted) > MAX_NUMBER:
        raise ValidationError(
            _("The answer is too large once converted to %(unit)s.") % {"unit": question.unit}
        )
    return converted


def _answer_fields(question: QuestionnaireQuestion, value: object, unit: str) -> dict:
    """The answer's fields for `value` (given in `unit` for a number), or
    ValidationError saying why the question cannot take it."""
    spec = question.spec()
    if question.kind == QuestionnaireQuestion.Kind.TEXT:
        text = str(value).strip()
        if len(text) > DESCRIPTION_LENGTH:
            raise ValidationError(
                _("The answer is longer than %(limit)s characters.") % {"limit": DESCRIPTION_LENGTH}
            )
        return {"text": text}
    if question.kind == QuestionnaireQuestion.Kind.CHOICE:
        choice = str(value).strip()
        try:
            spec.score(choice)
        except engine.AnswerError:
            known = ", ".join(code for code, _label in question.choice_options())
            raise ValidationError(
                _("'%(value)s' is not one of the choices (%(known)s).")
                % {"value": choice[:40], "known": known}
            ) from None
        return {"choice": choice}
    number = _parse_number(value, question)
    if question.kind == QuestionnaireQuestion.Kind.SCALE:
        if unit:
            raise ValidationError(_("A scale answer takes no unit."))
        if number != int(number) or not spec.scale_min <= number <= spec.scale_max:
            raise ValidationError(
                _("%(value)s is outside the scale: a whole number from %(min)s to %(max)s.")
                % {"value": str(value)[:40], "min": spec.scale_min, "max": spec.scale_max}
            )
        return {"number": number}
    converted = _in_question_unit(number, unit, question)
    return {"number": converted, "given_number": number, "given_unit": unit or question.unit}


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@transaction.atomic
def answers_save(
    *,
    assessment: Assessment,
    respondent: AssessmentRespondent,
    answers: dict[str, object],
    units: dict[str, str] | None = None,
) -> int:
    """Save a respondent's answers (by question code; a blank answer clears the
    question's). All or nothing: ValidationError with each refused answer by
    question code. Returns how many answers were written or cleared."""
    if respondent.assessment_id != assessment.pk:
        raise ValidationError(
            _("%(name)s is not invited to this assessment: only its respondents may answer.")
            % {"name": respondent.name},
            code="not_invited",
        )
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _refuse_if_finished(assessment)
    units = units or {}
    questions = {
        q.code: q
        for q in QuestionnaireQuestion.objects.filter(code__in=list(answers))
        .select_related("questionnaire")
        .filter(questionnaire=assessment.questionnaire)
    }
    errors: dict[str, list[str]] = {}
    writes: dict[QuestionnaireQuestion, dict | None] = {}
    for code, value in answers.items():
        question = questions.get(code)
        if question is None:
            other = QuestionnaireQuestion.objects.filter(
                code=code, questionnaire__code=assessment.questionnaire.code
            ).exists()
            errors[code] = [
                _(
                    "%(code)s is a question of another version of %(name)s: this assessment "
                    "answers version %(version)s."
                )
                % {
                    "code": code,
                    "name": assessment.questionnaire.name,
                    "version": assessment.questionnaire.version,
                }
                if other
                else _("%(code)s is not a question of %(name)s version %(version)s.")
                % {
                    "code": code,
                    "name": assessment.questionnaire.name,
                    "version": assessment.questionnaire.version,
                }
            ]
            continue
        question.questionnaire = assessment.questionnaire
        if _blank(value):
            writes[question] = None
            continue
        try:
            writes[question] = _answer_fields(question, value, (units.get(code) or "").strip())
        except ValidationError as error:
            errors[code] = error.messages
    if errors:
        raise ValidationError(errors)
    existing = {
        answer.question_id: answer
        for answer in AssessmentAnswer.objects.filter(
            respondent=respondent, question__in=[q.pk for q in writes]
        )
    }
    cleared = [
        existing[q.pk].pk for q, fields in writes.items() if fields is None and q.pk in existing
    ]
    AssessmentAnswer.objects.filter(pk__in=cleared).delete()
    blank = {"number": None, "given_number": None, "given_unit": "", "choice": "", "text": ""}
    created, changed = [], []
    now = timezone.now()
    for question, fields in writes.items():
        if fields is None:
            continue
        answer = existing.get(question.pk) or AssessmentAnswer(
            respondent=respondent, question=question
        )
        for name, value in (blank | fields | {"updated_at": now}).items():
            setattr(answer, name, value)
        (changed if answer.pk else created).append(answer)
    # One query each way, however many answers a section or a file holds.
    AssessmentAnswer.objects.bulk_create(created)
    AssessmentAnswer.objects.bulk_update(changed, [*blank, "updated_at"])
    return len(writes)


def answer_question(
    *,
    assessment: Assessment,
    respondent: AssessmentRespondent,
    question: QuestionnaireQuestion,
    value,
    unit="",
) -> None:
    """Save one answer, refusing a question of another questionnaire version."""
    if question.questionnaire_id != assessment.questionnaire_id:
        raise ValidationError(
            _(
                "%(code)s is a question of another questionnaire version: this assessment "
                "answers version %(version)s."
            )
            % {"code": question.code, "version": assessment.questionnaire.version},
            code="version",
        )
    answers_save(
        assessment=assessment,
        respondent=respondent,
        answers={question.code: value},
        units={question.code: unit},
    )


def respondent_submit(*, respondent: AssessmentRespondent) -> AssessmentRespondent:
    """The respondent says their answers are complete (they may still change
    them until the assessment closes)."""
    _refuse_if_finished(respondent.assessment)
    if not respondent.answers.exists():
        raise ValidationError(_("Answer at least one question before submitting."))
    respondent.submitted_at = timezone.now()
    respondent.save(update_fields=["submitted_at"])
    return respondent


# Status --------------------------------------------------------------------------


@transaction.atomic
def assessment_close(*, assessment: Assessment) -> Assessment:
    """End the answering: the answers are final and the result counts (unnamed)
    in the network's benchmarks."""
    _refuse_if_finished(assessment)
    if not AssessmentAnswer.objects.filter(respondent__assessment=assessment).exists():
        raise ValidationError(_("An assessment without answers cannot be closed."), code="empty")
    assessment.status = Assessment.Status.CLOSED
    assessment.closed_at = timezone.now()
    assessment.save(update_fields=["status", "closed_at", "updated_at"])
    return assessment


def assessment_publish(*, assessment: Assessment) -> Assessment:
    """Publish a closed assessment: its result becomes public and may be named
    in the network's benchmarks."""
    if assessment.status != Assessment.Status.CLOSED:
        raise ValidationError(_("Only a closed assessment can be published."), code="status")
    assessment.status = Assessment.Status.PUBLISHED
    assessment.published_at = timezone.now()
    assessment.save(update_fields=["status", "published_at", "updated_at"])
    return assessment


def assessment_withdraw(*, assessment: Assessment) -> Assessment:
    """Take a published assessment back to closed: no longer public nor named."""
    if not assessment.is_published:
        raise ValidationError(_("Only a published assessment can be withdrawn."), code="status")
    assessment.status = Assessment.Status.CLOSED
    assessment.published_at = None
    assessment.save(update_fields=["status", "published_at", "updated_at"])
    return assessment


# Results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentResult:
    assessment: Assessment
    combined: engine.Result
    rule: str
    groups: dict[str, engine.Result]
    respondents: int
    """How many respondents answered at all."""


def respondents_of(assessment: Assessment) -> list[engine.Respondent]:
    """The engine's respondents of an assessment: each respondent's answers."""
    by_respondent: dict[int, tuple[str, dict]] = {}
    for respondent in assessment.respondents.all():
        by_respondent[respondent.pk] = (respondent.group, {})
    answers = AssessmentAnswer.objects.filter(respondent__assessment=assessment).select_related(
        "question"
    )
    for answer in answers:
        by_respondent[answer.respondent_id][1][answer.question.code] = answer.value
    return [engine.Respondent(group, values) for group, values in by_respondent.values() if values]


def result_of(assessment: Assessment) -> AssessmentResult:
    """The assessment's result: combined by its questionnaire's rule, and per group."""
    structure = assessment.questionnaire.structure()
    respondents = respondents_of(assessment)
    return AssessmentResult(
        assessment=assessment,
        combined=engine.combine(structure, respondents, assessment.questionnaire.combination),
        rule=assessment.questionnaire.combination,
        groups=engine.by_group(structure, respondents),
        respondents=len(respondents),
    )


def previous_of(assessment: Assessment) -> Assessment | None:
    """The member's latest finished assessment of the same instrument before this one."""
    return (
        Assessment.objects.finished()
        .filter(
            local_government=assessment.local_government,
            questionnaire__instrument=assessment.questionnaire.instrument,
            questionnaire__level=assessment.questionnaire.level,
            assessed_on__lt=assessment.assessed_on,
        )
        .exclude(pk=assessment.pk)
        .select_related("questionnaire")
        .order_by("-assessed_on", "-pk")
        .first()
    )


def combined_results(assessments: list[Assessment]) -> dict[int, engine.Result]:
    """The combined result of each assessment (by primary key), read with one
    query of their answers."""
    respondents: dict[int, dict[int, tuple[str, dict]]] = {a.pk: {} for a in assessments}
    answers = (
        AssessmentAnswer.objects.filter(respondent__assessment__in=[a.pk for a in assessments])
        .select_related("question", "respondent")
        .order_by("pk")
    )
    for answer in answers:
        respondent = answer.respondent
        entry = respondents[respondent.assessment_id].setdefault(
            respondent.pk, (respondent.group, {})
        )
        entry[1][answer.question.code] = answer.value
    return {
        a.pk: engine.combine(
            a.questionnaire.structure(),
            [engine.Respondent(group, values) for group, values in respondents[a.pk].values()],
            a.questionnaire.combination,
        )
        for a in assessments
    }
