"""The questionnaires shipped with the platform (data/*.json) and how a
questionnaire file becomes records — shared by services.questionnaire_load and
the data migrations, which pass their historical models."""

from __future__ import annotations

import json
from pathlib import Path

from localaction.core import assessments as engine

DATA = Path(__file__).resolve().parent / "data"


def shipped(code: str) -> dict:
    """The content of a shipped questionnaire file, data/<code>.json."""
    with (DATA / f"{code}.json").open(encoding="utf-8") as file:
        return json.load(file)


def create_version(data: dict, *, questionnaire_model, section_model, question_model):
    """Create a questionnaire version's records from a file's content (checked by
    the engine; QuestionnaireError otherwise). The caller checks the version is new."""
    structure = engine.read_questionnaire(data)
    questionnaire = questionnaire_model.objects.create(
        code=structure.code,
        version=structure.version,
        instrument=structure.instrument,
        level=structure.level,
        name_texts=dict(structure.name),
        source=structure.source,
        licence=structure.licence,
        combination=structure.combination,
        campaign_code=structure.campaign,
        definition=data,
    )
    for order, section in enumerate(structure.sections, start=1):
        record = section_model.objects.create(
            questionnaire=questionnaire,
            code=section.code,
            order=order,
            weight=section.weight,
            title_texts=dict(section.title),
            description_texts=dict(section.description),
        )
        question_model.objects.bulk_create(
            question_model(
                questionnaire=questionnaire,
                section=record,
                code=question.code,
                order=position,
                kind=question.kind,
                weight=question.weight,
                text_texts=dict(question.text),
                help_texts=dict(question.help),
                scale=_scale(question),
                choices=[
                    {"code": c.code, "label": dict(c.label), "score": c.score}
                    for c in question.choices
                ],
                unit=question.unit,
                bands=[{"below": b.below, "score": b.score} for b in question.bands],
            )
            for position, question in enumerate(section.questions, start=1)
        )
    return questionnaire


def _scale(question: engine.Question) -> dict:
    if question.kind != "scale":
        return {}
    return {
        "min": question.scale_min,
        "max": question.scale_max,
        "labels": {str(value): dict(label) for value, label in question.scale_labels.items()},
    }
