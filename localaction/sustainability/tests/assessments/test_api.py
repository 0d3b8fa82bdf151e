"""The assessments API, for every role."""

import pytest

from localaction.sustainability.assessments import services

INSIDERS = ("editor", "colleague", "staff", "secretariat")
OUTSIDERS = ("outsider", "other_staff", "anonymous")


@pytest.mark.parametrize("who", (*INSIDERS, *OUTSIDERS))
def test_questionnaires_are_public(client_as, la21, who):
    response = client_as(who).get("/api/assessments/questionnaires/")
    assert response.status_code == 200
    codes = [(q["code"], q["version"]) for q in response.json()["results"]]
    assert ("la21", 1) in codes
    detail = client_as(who).get(f"/api/assessments/questionnaires/{la21.pk}/").json()
    assert len(detail["definition"]["sections"]) == 10


@pytest.mark.parametrize("who", INSIDERS)
def test_insiders_read_a_draft_and_its_result(client_as, answered, who):
    listing = client_as(who).get("/api/assessments/?member=de-freiburg").json()
    assert [a["id"] for a in listing["results"]] == [answered.pk]
    detail = client_as(who).get(f"/api/assessments/{answered.pk}/").json()
    assert detail["result"]["rule"] == "mean"
    commitment = next(
        s for s in detail["result"]["combined"]["sections"] if s["code"] == "commitment"
    )
    assert commitment["percent"] == pytest.approx(50)
    assert {r["name"] for r in detail["respondents"]} == {"Environment office", "Anna Berger"}


@pytest.mark.parametrize("who", OUTSIDERS)
def test_others_read_only_published_results(client_as, closed, who):
    assert client_as(who).get(f"/api/assessments/{closed.pk}/").status_code == 404
    assert client_as(who).get("/api/assessments/").json()["results"] == []
    services.assessment_publish(assessment=closed)
    detail = client_as(who).get(f"/api/assessments/{closed.pk}/").json()
    assert detail["result"]["combined"]["percent"] is not None
    assert "respondents" not in detail


def test_a_respondent_answers_through_the_token(client, stakeholder):
    url = f"/api/assessments/answers/{stakeholder.token}/"
    response = client.post(
        url,
        {
            "answers": {"commitment.leadership": "3", "participation.people": "0.03"},
            "units": {"participation.people": "dimensionless"},
            "submit": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    answers = response.json()["answers"]
    assert answers["commitment.leadership"] == {"value": 3.0}
    assert answers["participation.people"] == {"value": 0.03, "unit": "dimensionless"}
    assert response.json()["submitted_at"]
    refused = client.post(
        url, {"answers": {"commitment.leadership": "9"}}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert "outside the scale" in refused.json()["commitment.leadership"][0]
    assert client.get("/api/assessments/answers/wrong/").status_code == 404


def test_only_the_invited_user_answers_signed_in(client_as, officer):
    url = f"/api/assessments/{officer.assessment_id}/my-answers/"
    ok = client_as("editor").post(
        url, {"answers": {"commitment.leadership": "2"}}, content_type="application/json"
    )
    assert ok.status_code == 200
    for who in ("colleague", "staff", "secretariat", "outsider"):
        assert client_as(who).get(url).status_code == 403
    assert client_as("anonymous").get(url).status_code in (401, 403)


def test_no_answer_after_closing(client, closed, stakeholder):
    response = client.post(
        f"/api/assessments/answers/{stakeholder.token}/",
        {"answers": {"commitment.leadership": "4"}},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "closed" in str(response.json())
