"""Freiburg's Local Agenda 21 self-assessment for the tests.

The LA21 questionnaire (version 1, loaded by the data migration) is answered
by Freiburg's environment officer for the local authority (a respondent who is
the platform user `cast.editor`) and by a stakeholder (the regional nature
conservation association, answering through its private link).
"""

import datetime

import pytest

from localaction.sustainability.assessments import services
from localaction.sustainability.assessments.models import Questionnaire

# Authority: commitment.leadership 3, commitment.mandate "resolved" (3),
# participation.people 0.8 % (band below 1 → 2).
AUTHORITY_ANSWERS = {
    "commitment.leadership": "3",
    "commitment.mandate": "resolved",
    "participation.people": "0.8",
    "reporting.notes": "The council debates the report every spring.",
}
STAKEHOLDER_ANSWERS = {"commitment.leadership": "1", "commitment.mandate": "proposed"}


@pytest.fixture
def la21(db):
    return Questionnaire.objects.get(code="la21", version=1)


@pytest.fixture
def assessment(cast, la21):
    return services.assessment_create(
        local_government=cast.freiburg,
        questionnaire=la21,
        title="LA21 self-assessment 2024",
        assessed_on=datetime.date(2024, 5, 1),
        user=cast.editor,
    )


@pytest.fixture
def officer(assessment, cast):
    return services.respondent_invite(
        assessment=assessment,
        group="authority",
        name="Environment office",
        email="umwelt@example.org",
        user=cast.editor,
    )


@pytest.fixture
def stakeholder(assessment):
    return services.respondent_invite(
        assessment=assessment,
        group="stakeholder",
        name="Anna Berger",
        organisation="Nature conservation association",
        email="anna@example.org",
    )


@pytest.fixture
def answered(assessment, officer, stakeholder):
    services.answers_save(assessment=assessment, respondent=officer, answers=AUTHORITY_ANSWERS)
    services.answers_save(
        assessment=assessment, respondent=stakeholder, answers=STAKEHOLDER_ANSWERS
    )
    return assessment


@pytest.fixture
def closed(answered):
    return services.assessment_close(assessment=answered)
