"""Loading questionnaires, answering, closing and publishing, and every refusal."""

import copy
import datetime

import pytest
from django.core.exceptions import ValidationError

from localaction.sustainability.assessments import services
from localaction.sustainability.assessments.library import shipped
from localaction.sustainability.assessments.models import (
    Assessment,
    AssessmentAnswer,
    Questionnaire,
    QuestionnaireQuestion,
)


def test_the_migration_loads_la21_version_1(la21):
    assert la21.sections.count() == 10
    assert la21.questions.count() == 41
    assert la21.campaign_code == "local-agenda-21"
    assert la21.sections.first().title == "Commitment"
    assert la21.questions.get(code="commitment.leadership").scale_options()[0] == (0, "Not at all")


def test_texts_fall_back_to_english(la21):
    from django.utils import translation

    question = la21.questions.get(code="commitment.leadership")
    with translation.override("fr"):
        assert la21.name == "Auto-évaluation de l'Agenda 21 local"
        assert question.text.startswith("How far do the mayor")  # no French text: English


def test_loading_the_same_version_again_changes_nothing(la21):
    again, created = services.questionnaire_load(shipped("la21"))
    assert (again, created) == (la21, False)


def test_a_changed_questionnaire_needs_a_new_version(la21):
    changed = shipped("la21")
    changed["sections"][0]["questions"][1]["text"] = "Reworded"
    with pytest.raises(ValidationError, match="new version"):
        services.questionnaire_load(changed)
    changed["version"] = 2
    version_2, created = services.questionnaire_load(changed)
    assert created and version_2.version == 2
    assert list(Questionnaire.objects.filter(code="la21").latest_versions()) == [version_2]


def test_a_faulty_file_is_refused_and_nothing_is_written(db):
    data = copy.deepcopy(shipped("la21"))
    data["version"] = 3
    data["sections"][9]["questions"][0]["choices"] = []
    with pytest.raises(ValidationError, match=r"reporting\.report"):
        services.questionnaire_load(data)
    assert not Questionnaire.objects.filter(version=3).exists()


def test_answers_are_kept_and_scored(answered, officer):
    result = services.result_of(answered)
    assert result.respondents == 2
    # The mean rule: leadership (3 + 1)/2 = 2, mandate (3 + 1)/2 = 2 → 4 of 8 = 50 %
    commitment = result.combined.section("commitment")
    assert commitment.points == pytest.approx(4)
    assert commitment.percent == pytest.approx(50)
    # participation.people 0.8 % lies in the band below 1 → 2 of 4
    assert result.combined.section("participation").percent == pytest.approx(50)
    assert result.groups["authority"].section("commitment").percent == pytest.approx(75)
    assert result.groups["stakeholder"].section("commitment").percent == pytest.approx(25)
    people = AssessmentAnswer.objects.get(respondent=officer, question__code="participation.people")
    assert (people.number, people.given_unit) == (0.8, "percent")


def test_a_number_in_another_unit_of_the_same_dimension_is_converted(assessment, officer):
    services.answers_save(
        assessment=assessment,
        respondent=officer,
        answers={"participation.people": "0.02"},
        units={"participation.people": "dimensionless"},
    )
    answer = AssessmentAnswer.objects.get(question__code="participation.people")
    assert answer.number == pytest.approx(2.0)
    assert (answer.given_number, answer.given_unit) == (0.02, "dimensionless")


def test_a_blank_answer_clears_the_question(answered, officer):
    services.answers_save(
        assessment=answered, respondent=officer, answers={"commitment.leadership": " "}
    )
    assert not officer.answers.filter(question__code="commitment.leadership").exists()


@pytest.mark.parametrize(
    ("code", "value", "unit", "message"),
    [
        ("commitment.leadership", "5", "", "outside the scale"),
        ("commitment.leadership", "2.5", "", "outside the scale"),
        ("commitment.leadership", "-1", "", "outside the scale"),
        ("commitment.mandate", "perhaps", "", "not one of the choices"),
        ("participation.people", "12", "kg", "wrong dimension"),
        ("participation.people", "12", "furlongs of", "not a unit"),
        ("participation.people", "nan", "", "finite"),
        ("participation.people", "inf", "", "finite"),
        ("participation.people", "1e300", "", "finite"),
        ("participation.people", "many", "", "not a number"),
        ("participation.people", "0,8", "", "decimal separator"),
        ("nonexistent.question", "1", "", "not a question of"),
    ],
)
def test_answers_a_question_cannot_take_are_refused(
    assessment, officer, code, value, unit, message
):
    with pytest.raises(ValidationError) as refused:
        services.answers_save(
            assessment=assessment,
            respondent=officer,
            answers={"commitment.charter": "2", code: value},
            units={code: unit},
        )
    assert message in " ".join(refused.value.message_dict[code])
    assert not AssessmentAnswer.objects.exists()  # nothing half-written


def test_an_answer_to_a_question_of_another_version_is_refused(assessment, officer, la21):
    changed = shipped("la21")
    changed["version"] = 2
    changed["sections"][0]["questions"].append(
        {"code": "commitment.new", "text": "New", "kind": "scale", "scale": {"min": 0, "max": 4}}
    )
    version_2, _created = services.questionnaire_load(changed)
    with pytest.raises(ValidationError, match="another version"):
        services.answers_save(
            assessment=assessment, respondent=officer, answers={"commitment.new": "2"}
        )
    question = QuestionnaireQuestion.objects.get(
        questionnaire=version_2, code="commitment.leadership"
    )
    with pytest.raises(ValidationError, match="another questionnaire version"):
        services.answer_question(
            assessment=assessment, respondent=officer, question=question, value="2"
        )


def test_answers_from_a_respondent_not_invited_are_refused(assessment, la21, cast):
    other = services.assessment_create(
        local_government=cast.nairobi,
        questionnaire=la21,
        title="Nairobi 2024",
        assessed_on=datetime.date(2024, 3, 1),
    )
    intruder = services.respondent_invite(assessment=other, group="authority", name="Someone")
    with pytest.raises(ValidationError, match="not invited"):
        services.answers_save(
            assessment=assessment, respondent=intruder, answers={"commitment.leadership": "4"}
        )
    assert not AssessmentAnswer.objects.exists()


def test_nothing_changes_after_the_assessment_closed(closed, officer):
    for attempt in (
        lambda: services.answers_save(
            assessment=closed, respondent=officer, answers={"commitment.leadership": "4"}
        ),
        lambda: services.respondent_invite(assessment=closed, group="authority", name="Late"),
        lambda: services.assessment_close(assessment=closed),
    ):
        with pytest.raises(ValidationError, match="closed"):
            attempt()
    assert officer.answers.get(question__code="commitment.leadership").number == 3


def test_an_assessment_without_answers_cannot_close(assessment):
    with pytest.raises(ValidationError, match="without answers"):
        services.assessment_close(assessment=assessment)


def test_publish_and_withdraw(closed):
    services.assessment_publish(assessment=closed)
    assert closed.status == Assessment.Status.PUBLISHED and closed.published_at
    with pytest.raises(ValidationError):
        services.assessment_publish(assessment=closed)
    services.assessment_withdraw(assessment=closed)
    assert closed.status == Assessment.Status.CLOSED


def test_a_stakeholder_names_an_organisation(assessment):
    with pytest.raises(ValidationError, match="organisation"):
        services.respondent_invite(assessment=assessment, group="stakeholder", name="Someone")
    with pytest.raises(ValidationError, match="group"):
        services.respondent_invite(assessment=assessment, group="mayor", name="Someone")


def test_the_same_user_is_invited_once(officer, cast):
    with pytest.raises(ValidationError, match="already invited"):
        services.respondent_invite(
            assessment=officer.assessment, group="authority", name="Again", user=cast.editor
        )


def test_previous_assessment_of_the_same_instrument(closed, la21, cast):
    later = services.assessment_create(
        local_government=cast.freiburg,
        questionnaire=la21,
        title="LA21 self-assessment 2026",
        assessed_on=datetime.date(2026, 5, 1),
    )
    assert services.previous_of(later) == closed
    assert services.previous_of(closed) is None


def test_a_respondent_with_an_address_is_sent_the_private_link(assessment, mailoutbox):
    stakeholder = services.respondent_invite(
        assessment=assessment,
        group="stakeholder",
        name="Anna Berger",
        organisation="Nature conservation association",
        email="anna@example.org",
    )
    (message,) = mailoutbox
    assert message.to == ["anna@example.org"]
    assert stakeholder.get_answer_url() in message.body
    assert "Freiburg im Breisgau" in message.subject
    services.respondent_invite(assessment=assessment, group="authority", name="No address")
    assert len(mailoutbox) == 1


def test_no_link_is_sent_once_the_assessment_closed(closed, stakeholder, mailoutbox):
    from localaction.sustainability.assessments.tasks import send_respondent_invitation

    mailoutbox.clear()
    assert send_respondent_invitation.call(stakeholder.pk) is False
    assert mailoutbox == []
