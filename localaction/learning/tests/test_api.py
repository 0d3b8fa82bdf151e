"""The training centre's API against the permission matrix: the catalogue is
public (live courses only), enrolments are one's own, and the actions go
through the services' rules."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from localaction.learning.models import Attempt, Certificate
from localaction.learning.tests.conftest import build_course

pytestmark = pytest.mark.django_db

PEOPLE = ("editor", "colleague", "outsider", "staff", "other_staff", "secretariat", "anonymous")


def api_as(cast, who: str) -> APIClient:
    client = APIClient()
    user = getattr(cast, who)
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("who", PEOPLE)
def test_the_catalogue_is_public_and_hides_drafts(built, cast, who):
    build_course(slug="draft", live=False)
    response = api_as(cast, who).get("/api/learning/courses/")
    assert response.status_code == 200
    slugs = [course["slug"] for course in response.json()["results"]]
    expected = {"first-inventory", "draft"} if who == "secretariat" else {"first-inventory"}
    assert set(slugs) == expected
    assert api_as(cast, who).get("/api/learning/courses/draft/").status_code == (
        200 if who == "secretariat" else 404
    )


@pytest.mark.parametrize("who", PEOPLE)
def test_enrolments_are_ones_own(built, enrolment, cast, who):
    response = api_as(cast, who).get("/api/learning/enrolments/")
    if who == "anonymous":
        assert response.status_code in (401, 403)
        return
    ids = [row["id"] for row in response.json()["results"]]
    assert ids == ([enrolment.pk] if who == "editor" else [])
    detail = api_as(cast, who).get(f"/api/learning/enrolments/{enrolment.pk}/")
    assert detail.status_code == (200 if who == "editor" else 404)


def test_a_learner_takes_the_course_through_the_api(built, cast):
    client = api_as(cast, "colleague")
    response = client.post("/api/learning/courses/first-inventory/enrol/", {}, format="json")
    assert response.status_code == 201, response.json()
    enrolment = response.json()["id"]
    again = client.post("/api/learning/courses/first-inventory/enrol/", {}, format="json")
    assert again.status_code == 400 and "already" in str(again.json())
    for lesson in built.lessons:
        done = client.post(f"/api/learning/enrolments/{enrolment}/lessons/{lesson.pk}/done/")
        assert done.status_code == 200
    assert done.json()["completion"]["lessons_done"] == 2
    bad = client.post(
        f"/api/learning/enrolments/{enrolment}/quizzes/{built.quiz.pk}/attempts/",
        {"answers": [{"question": built.single.pk, "choices": [built.single.choices.first().pk]},
                     {"question": built.numeric.pk, "number": "NaN"}]},
        format="json",
    )  # fmt: skip
    assert bad.status_code == 400 and "finite" in str(bad.json())
    assert not Attempt.objects.exists()
    right = built.right_answers()
    attempt = client.post(
        f"/api/learning/enrolments/{enrolment}/quizzes/{built.quiz.pk}/attempts/",
        {"answers": [{"question": built.single.pk, "choices": right[built.single.pk]},
                     {"question": built.numeric.pk, "number": "20.2"}]},
        format="json",
    )  # fmt: skip
    assert attempt.status_code == 201 and attempt.json()["passed"]
    feedback = attempt.json()["answers"]
    assert feedback[0]["feedback"] == ["Yes: emissions within the boundary."]
    final = client.post(
        f"/api/learning/enrolments/{enrolment}/quizzes/{built.final.pk}/attempts/",
        {"answers": [{"question": built.multiple.pk,
                      "choices": built.final_answers()[built.multiple.pk]}]},
        format="json",
    )  # fmt: skip
    assert final.status_code == 201
    mine = client.get(f"/api/learning/enrolments/{enrolment}/").json()
    assert mine["completion"]["complete"] and mine["certificate"].endswith(
        f"/learning/certificates/{Certificate.objects.get().code}/"
    )


def test_nobody_acts_on_another_persons_enrolment(built, enrolment, cast):
    for who in ("colleague", "staff", "secretariat"):
        response = api_as(cast, who).post(
            f"/api/learning/enrolments/{enrolment.pk}/lessons/{built.lessons[0].pk}/done/"
        )
        assert response.status_code == 404
    anonymous = APIClient().post("/api/learning/courses/first-inventory/enrol/", {}, format="json")
    assert anonymous.status_code in (401, 403)
