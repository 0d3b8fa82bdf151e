"""Answers as CSV/XLSX: export, import, the round trip, and row-level errors."""

import io

import pytest

from localaction.sustainability.assessments import files
from localaction.sustainability.assessments.models import AssessmentAnswer
from localaction.tables import ImportFailed


def _export(assessment, file_format):
    target = io.BytesIO()
    files.export_answers(assessment, format=file_format, target=target)
    return target.getvalue()


def _answers(respondent):
    return sorted(
        AssessmentAnswer.objects.filter(respondent=respondent).values_list(
            "question__code", "number", "given_number", "given_unit", "choice", "text"
        )
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_and_import_round_trip(answered, officer, stakeholder, file_format):
    content = _export(answered, file_format)
    officers, stakeholders = _answers(officer), _answers(stakeholder)
    AssessmentAnswer.objects.all().delete()
    # The download holds both respondents' rows; each import reads its own.
    filename = f"answers.{file_format}"
    assert files.import_answers(answered, officer, content, filename=filename) == len(officers)
    assert files.import_answers(answered, stakeholder, content, filename=filename) == len(
        stakeholders
    )
    assert (_answers(officer), _answers(stakeholder)) == (officers, stakeholders)


def test_formula_like_text_is_neutralised_on_export(answered, officer):
    from localaction.sustainability.assessments import services

    services.answers_save(
        assessment=answered, respondent=officer, answers={"reporting.notes": "=HYPERLINK(1)"}
    )
    assert "'=HYPERLINK(1)" in _export(answered, "csv").decode("utf-8-sig")


def test_an_import_with_faults_lands_nothing_and_names_each_row(assessment, officer):
    content = (
        b"question,answer,unit\n"
        b"commitment.leadership,3,\n"
        b"commitment.charter,7,\n"
        b"commitment.mandate,perhaps,\n"
        b"participation.people,5,kg\n"
        b"no.such,1,\n"
        b"commitment.leadership,2,\n"
    )
    with pytest.raises(ImportFailed) as failed:
        files.import_answers(assessment, officer, content, filename="a.csv")
    messages = [str(e) for e in failed.value.errors]
    assert messages == ["row 7, `question`: commitment.leadership is already on row 2"]
    content = content.rsplit(b"commitment.leadership,2,\n", 1)[0]
    with pytest.raises(ImportFailed) as failed:
        files.import_answers(assessment, officer, content, filename="a.csv")
    where = [(e.row, e.column) for e in failed.value.errors]
    assert where == [(3, "answer"), (4, "answer"), (5, "answer"), (6, "question")]
    assert "outside the scale" in str(failed.value.errors[0])
    assert "wrong dimension" in str(failed.value.errors[2])
    assert not AssessmentAnswer.objects.exists()


def test_a_file_without_the_question_column_is_refused(assessment, officer):
    with pytest.raises(ImportFailed, match="question"):
        files.import_answers(assessment, officer, b"answer,unit\n3,\n", filename="a.csv")
