"""The web evaluation facility's pages, for every role.

Roles (localaction/conftest.py): Freiburg's editor and colleague (viewer), an
outsider (Nairobi's editor), the European office's staff (covering Freiburg),
the African office's staff (not), the secretariat, and anonymous visitors.
"""

import pytest
from django.urls import reverse

from localaction.sustainability.assessments import services
from localaction.sustainability.assessments.models import Assessment

INSIDERS = ("editor", "colleague", "staff", "secretariat")
OUTSIDERS = ("outsider", "other_staff", "anonymous")
MANAGERS = ("editor", "staff", "secretariat")
NOT_MANAGERS = ("colleague", "outsider", "other_staff")


def _url(name, assessment, *extra):
    return reverse(
        f"assessments:{name}", args=[assessment.local_government.code, assessment.pk, *extra]
    )


@pytest.mark.parametrize("who", INSIDERS)
def test_insiders_see_a_draft_with_its_respondents(client_as, answered, who):
    response = client_as(who).get(answered.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Anna Berger" in body and "Nature conservation association" in body
    assert "<svg" in body and 'role="img"' in body  # the radar chart
    assert "Scores by section" in body and 'scope="row"' in body
    assert "mean of the scores the respondents gave it" in body  # the rule stated
    assert (answered.respondents.get(name="Anna Berger").token in body) == (who in MANAGERS)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_others_do_not_see_a_draft(client_as, answered, who):
    assert client_as(who).get(answered.get_absolute_url()).status_code == 404
    listing = client_as(who).get(reverse("assessments:member", args=["de-freiburg"]))
    assert listing.status_code == 200
    assert answered.title not in listing.content.decode()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_a_published_result_is_public_without_its_respondents(client_as, closed, who):
    services.assessment_publish(assessment=closed)
    response = client_as(who).get(closed.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Scores by section" in body
    assert "Anna Berger" not in body and closed.respondents.first().token not in body
    assert client_as(who).get(_url("answers-download", closed, "csv")).status_code in (302, 403)


@pytest.mark.parametrize("who", MANAGERS)
def test_managers_start_an_assessment(client_as, la21, who):
    response = client_as(who).post(
        reverse("assessments:member", args=["de-freiburg"]),
        {"questionnaire": la21.pk, "title": "Spring review", "assessed_on": "2025-04-01"},
    )
    assessment = Assessment.objects.get(title="Spring review")
    assert response.status_code == 302 and response.url == assessment.get_absolute_url()


@pytest.mark.parametrize("who", (*NOT_MANAGERS, "anonymous"))
def test_others_cannot_start_one(client_as, la21, who):
    response = client_as(who).post(
        reverse("assessments:member", args=["de-freiburg"]),
        {"questionnaire": la21.pk, "title": "Spring review", "assessed_on": "2025-04-01"},
    )
    assert response.status_code == 403
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("who", MANAGERS)
def test_managers_invite_close_publish_and_withdraw(client_as, answered, who):
    client = client_as(who)
    invited = client.post(
        _url("invite", answered),
        {"group": "stakeholder", "name": "Chamber", "organisation": "IHK", "email": ""},
    )
    assert invited.status_code == 302
    assert answered.respondents.filter(name="Chamber").exists()
    for action, status in (("close", "closed"), ("publish", "published"), ("withdraw", "closed")):
        assert client.post(_url(action, answered)).status_code == 302
        answered.refresh_from_db()
        assert answered.status == status


@pytest.mark.parametrize("who", NOT_MANAGERS)
def test_others_cannot_invite_nor_close(client_as, answered, who):
    client = client_as(who)
    expected = 403 if who == "colleague" else 404
    assert client.get(_url("invite", answered)).status_code == expected
    assert client.post(_url("close", answered)).status_code == expected
    answered.refresh_from_db()
    assert answered.is_open


def test_anonymous_is_sent_to_sign_in(client_as, answered):
    assert client_as("anonymous").post(_url("close", answered)).status_code == 302
    answered.refresh_from_db()
    assert answered.is_open


def test_publishing_a_draft_is_refused_with_reasons(client_as, answered):
    response = client_as("editor").post(_url("publish", answered))
    assert response.status_code == 400
    assert "Only a closed assessment" in response.content.decode()


def test_a_stakeholder_answers_through_the_private_link(client, stakeholder, assessment):
    url = stakeholder.get_answer_url()
    page = client.get(url)
    assert page.status_code == 200
    assert "Commitment" in page.content.decode() and "<legend>" in page.content.decode()
    response = client.post(
        url + "?section=commitment",
        {"commitment.leadership": "2", "commitment.mandate": "resolved_funded", "next": "1"},
    )
    assert response.status_code == 302 and response.url.endswith("?section=participation")
    assert stakeholder.answers.count() == 2
    refused = client.post(
        url + "?section=participation",
        {"participation.people": "3", "participation.people__unit": "kg"},
    )
    assert refused.status_code == 400
    assert "wrong dimension" in refused.content.decode()
    client.post(url + "?section=reporting", {"reporting.notes": "Fine", "submit": "1"})
    stakeholder.refresh_from_db()
    assert stakeholder.submitted_at is not None


def test_an_unknown_link_answers_nothing(client, assessment):
    assert client.get(reverse("assessments:answer", args=["not-a-token"])).status_code == 404


def test_nothing_is_answered_after_closing(client, closed, stakeholder):
    response = client.post(stakeholder.get_answer_url(), {"commitment.leadership": "4"})
    assert response.status_code == 400
    assert stakeholder.answers.get(question__code="commitment.leadership").number == 1


@pytest.mark.parametrize("who", ("colleague", "outsider", "staff", "secretariat"))
def test_only_the_invited_user_answers_signed_in(client_as, officer, who):
    response = client_as(who).get(_url("answer-signed-in", officer.assessment))
    assert response.status_code == 403


def test_the_invited_user_answers_signed_in(client_as, officer):
    client = client_as("editor")
    url = _url("answer-signed-in", officer.assessment)
    assert client.get(url).status_code == 200
    client.post(url + "?section=commitment", {"commitment.leadership": "4"})
    assert officer.answers.get().number == 4


@pytest.mark.parametrize("who", INSIDERS)
def test_insiders_download_the_answers(client_as, answered, who):
    response = client_as(who).get(_url("answers-download", answered, "csv"))
    assert response.status_code == 200
    assert "commitment.leadership" in response.content.decode("utf-8-sig")


@pytest.mark.parametrize("who", ("outsider", "other_staff"))
def test_outsiders_do_not_download_the_answers(client_as, answered, who):
    assert client_as(who).get(_url("answers-download", answered, "csv")).status_code == 404


@pytest.mark.parametrize("who", (*NOT_MANAGERS, "anonymous"))
def test_only_managers_import(client_as, answered, who):
    assert client_as(who).get(_url("answers-import", answered)).status_code in (302, 403, 404)


@pytest.mark.parametrize("who", ("editor", "anonymous", "outsider"))
def test_the_questionnaire_page_is_public(client_as, la21, who):
    response = client_as(who).get(la21.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Agenda 21, chapter 28" in body and "weighted mean" in body


def test_the_member_list_shows_totals(client_as, closed):
    response = client_as("colleague").get(reverse("assessments:member", args=["de-freiburg"]))
    assert closed.title in response.content.decode()
    assert "Start an assessment" not in response.content.decode()


def test_the_radar_chart_is_accessible_and_checks_its_input():
    from localaction.sustainability.assessments.radar import Polygon, radar_chart

    svg = radar_chart(
        ["Commitment", "Participation", "Vision"],
        [Polygon("2024", [50.0, None, 100.0]), Polygon("2021", [25.0, 25.0, 25.0])],
        title="Scores by section",
        description="Shares of the maximum",
        chart_id="radar-test",
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert '<title id="radar-test-title">Scores by section</title>' in svg
    assert "Participation" in svg and "<script" not in svg
    with pytest.raises(ValueError, match="three axes"):
        radar_chart(["a", "b"], [], title="t", description="d", chart_id="x")
    with pytest.raises(ValueError, match="one value per axis"):
        radar_chart(
            ["a", "b", "c"], [Polygon("p", [1.0])], title="t", description="d", chart_id="x"
        )


@pytest.mark.parametrize("who", (*INSIDERS, *OUTSIDERS))
def test_a_hidden_member_s_assessments_are_for_insiders_only(client_as, cast, la21, who):
    import datetime

    hidden = services.assessment_create(
        local_government=cast.hidden,
        questionnaire=la21,
        title="Hidden",
        assessed_on=datetime.date(2024, 1, 1),
    )
    expected = 200 if who in ("staff", "secretariat") else 404
    assert client_as(who).get(hidden.get_absolute_url()).status_code == expected
