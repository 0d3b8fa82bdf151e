"""Every page of the training centre against the permission matrix (the
cast's editor is the enrolled learner; the course's trainer runs it; the
European office covers Freiburg, the learner's member)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from localaction.learning import services
from localaction.learning.models import Attempt, Certificate, Enrolment, LessonVideo
from localaction.learning.tests.conftest import build_course, complete
from localaction.learning.tests.test_services import MP4

pytestmark = pytest.mark.django_db

PEOPLE = ("editor", "colleague", "outsider", "staff", "other_staff", "secretariat", "anonymous")


def client_for(cast, built, who: str) -> Client:
    client = Client()
    user = built.trainer if who == "trainer" else getattr(cast, who)
    if user is not None:
        client.force_login(user)
    return client


def status_of(cast, built, who, url, method="get", **data):
    return getattr(client_for(cast, built, who), method)(url, data).status_code


@pytest.mark.parametrize("who", (*PEOPLE, "trainer"))
def test_the_catalogue_and_a_live_course_are_public(built, enrolment, cast, who):
    assert status_of(cast, built, who, reverse("learning:catalogue")) == 200
    assert status_of(cast, built, who, built.course.get_absolute_url()) == 200


@pytest.mark.parametrize(
    ("who", "status"),
    [("editor", 404), ("staff", 404), ("anonymous", 404), ("trainer", 200), ("secretariat", 200)],
)
def test_a_draft_is_seen_only_by_the_people_who_run_it(cast, who, status):
    draft = build_course(slug="draft", live=False)
    assert status_of(cast, draft, who, draft.course.get_absolute_url()) == status
    catalogue = client_for(cast, draft, who).get(reverse("learning:catalogue")).content.decode()
    assert ("Your first GHG inventory" in catalogue) == (status == 200)


# Lessons, videos, quizzes: the learner and the people who run the course.
STUDY = {
    "editor": 200,
    "trainer": 200,
    "secretariat": 200,
    "colleague": 403,
    "outsider": 403,
    "staff": 403,
    "other_staff": 403,
    "anonymous": 403,
}


@pytest.mark.parametrize("who", STUDY)
def test_lessons_quizzes_and_videos_are_for_learners_and_trainers(built, enrolment, cast, who):
    lesson = built.lessons[0]
    video = LessonVideo.objects.create(
        lesson=lesson, title="Intro", file=SimpleUploadedFile("intro.mp4", MP4)
    )
    assert status_of(cast, built, who, lesson.get_absolute_url()) == STUDY[who]
    assert status_of(cast, built, who, built.quiz.get_absolute_url()) == STUDY[who]
    url = reverse("learning:video", args=[built.course.slug, video.pk])
    assert status_of(cast, built, who, url) == STUDY[who]


def test_a_video_seeks_by_byte_ranges(built, enrolment, cast):
    video = LessonVideo.objects.create(
        lesson=built.lessons[0], title="Intro", file=SimpleUploadedFile("intro.mp4", MP4)
    )
    url = reverse("learning:video", args=[built.course.slug, video.pk])
    client = client_for(cast, built, "editor")
    whole = client.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert b"".join(whole.streaming_content) == MP4
    part = client.get(url, headers={"Range": "bytes=4-11"})
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 4-11/{len(MP4)}"
    assert b"".join(part.streaming_content) == b"ftypmp42"
    tail = client.get(url, headers={"Range": "bytes=-4"})
    assert b"".join(tail.streaming_content) == MP4[-4:]
    beyond = client.get(url, headers={"Range": f"bytes={len(MP4)}-"})
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{len(MP4)}"


def test_the_lesson_page_marks_done_and_moves_on(built, enrolment, cast):
    client = client_for(cast, built, "editor")
    first, second = built.lessons
    page = client.get(first.get_absolute_url()).content.decode()
    assert "Lesson 1 of 2" in page and "Mark as done" in page and second.title in page
    response = client.post(reverse("learning:lesson-done", args=[built.course.slug, first.pk]))
    assert response.url == second.get_absolute_url()
    assert enrolment.progress.get(lesson=first).done_at is not None
    # Others may not mark a learner's lessons.
    assert (
        status_of(
            cast,
            built,
            "colleague",
            reverse("learning:lesson-done", args=[built.course.slug, first.pk]),
            "post",
        )
        == 403
    )


def test_the_quiz_page_submits_grades_and_shows_feedback(built, enrolment, cast):
    client = client_for(cast, built, "editor")
    page = client.get(built.quiz.get_absolute_url()).content.decode()
    assert "partial credit" in page and "Pass mark: 50%" in page
    wrong = built.single.choices.get(correct=False)
    response = client.post(
        built.quiz.get_absolute_url(),
        {f"question-{built.single.pk}": wrong.pk, f"question-{built.numeric.pk}": "inf"},
    )
    assert response.status_code == 400
    assert "finite" in response.content.decode()
    assert not Attempt.objects.exists()
    response = client.post(
        built.quiz.get_absolute_url(),
        {f"question-{built.single.pk}": wrong.pk, f"question-{built.numeric.pk}": "25"},
    )
    attempt = Attempt.objects.get()
    assert response.url == attempt.get_absolute_url()
    result = client.get(attempt.get_absolute_url()).content.decode()
    assert "No: that is scope 2." in result and "Twice ten is twenty." in result
    assert "Not passed" in result


ATTEMPT = {
    "editor": 200,
    "trainer": 200,
    "secretariat": 200,
    "staff": 200,  # the European office covers the learner's member
    "colleague": 403,
    "outsider": 403,
    "other_staff": 403,
    "anonymous": 403,
}


@pytest.mark.parametrize("who", ATTEMPT)
def test_who_reads_an_attempts_result(built, enrolment, cast, who):
    attempt = services.attempt_submit(
        enrolment=enrolment, quiz=built.quiz, answers=built.right_answers()
    )
    assert status_of(cast, built, who, attempt.get_absolute_url()) == ATTEMPT[who]


DASHBOARD = {
    "trainer": 200,
    "secretariat": 200,
    "editor": 403,
    "colleague": 403,
    "outsider": 403,
    "staff": 403,
    "other_staff": 403,
    "anonymous": 302,
}


@pytest.mark.parametrize("who", DASHBOARD)
def test_the_trainers_dashboard_and_its_files(built, enrolment, cast, who):
    url = reverse("learning:learners", args=[built.course.slug])
    assert status_of(cast, built, who, url) == DASHBOARD[who]
    for file_format in ("csv", "xlsx"):
        download = reverse("learning:learners-download", args=[built.course.slug, file_format])
        assert status_of(cast, built, who, download) == DASHBOARD[who]


def test_the_dashboard_file_lists_learners_with_escaped_names(built, enrolment, cast):
    cast.editor.first_name = "=HYPERLINK(1)"
    cast.editor.save()
    client = client_for(cast, built, "trainer")
    content = client.get(
        reverse("learning:learners-download", args=[built.course.slug, "csv"])
    ).content.decode("utf-8-sig")
    assert "editor" in content and "'=HYPERLINK(1)" in content
    assert "Freiburg im Breisgau" in content


def test_the_office_of_the_courses_trainers_sees_its_dashboard(built, enrolment, cast):
    built.course.office = cast.africa_office
    built.course.save()
    url = reverse("learning:learners", args=[built.course.slug])
    assert status_of(cast, built, "other_staff", url) == 200


OFFICE = {
    "staff": 200,
    "secretariat": 200,
    "other_staff": 403,
    "editor": 403,
    "colleague": 403,
    "outsider": 403,
    "anonymous": 302,
}


@pytest.mark.parametrize("who", OFFICE)
def test_an_offices_view_of_its_members_staff(built, enrolment, cast, who):
    response = client_for(cast, built, who).get(reverse("learning:office", args=["europe"]))
    assert response.status_code == OFFICE[who]
    if response.status_code == 200:
        assert "Freiburg im Breisgau" in response.content.decode()


def test_the_africa_office_does_not_see_european_learners(built, enrolment, cast):
    page = client_for(cast, built, "other_staff").get(reverse("learning:office", args=["africa"]))
    assert page.status_code == 200
    assert "Freiburg im Breisgau" not in page.content.decode()
    office_page = client_for(cast, built, "staff").get(reverse("network:office", args=["europe"]))
    assert reverse("learning:office", args=["europe"]) in office_page.content.decode()


@pytest.mark.parametrize(
    ("who", "enrolled"),
    [("staff", True), ("secretariat", True), ("other_staff", False), ("editor", False)],
)
def test_an_office_enrols_a_members_staff_from_the_course_page(built, cast, who, enrolled):
    role = cast.colleague.roles.get()
    response = client_for(cast, built, who).post(
        reverse("learning:enrol-staff", args=[built.course.slug]), {"person": role.pk}
    )
    assert response.status_code in (302, 403)
    assert Enrolment.objects.filter(user=cast.colleague).exists() == enrolled


def test_self_enrolment_from_the_course_page(built, cast):
    client = client_for(cast, built, "outsider")
    client.post(reverse("learning:enrol", args=[built.course.slug]))
    assert Enrolment.objects.get(user=cast.outsider).local_government == cast.nairobi
    anonymous = Client().post(reverse("learning:enrol", args=[built.course.slug]))
    assert anonymous.status_code == 302 and "/login/" in anonymous.url


CERTIFICATE_PDF = {
    "editor": 200,
    "trainer": 200,
    "staff": 200,
    "secretariat": 200,
    "colleague": 403,
    "outsider": 403,
    "other_staff": 403,
    "anonymous": 403,
}


@pytest.mark.parametrize("who", CERTIFICATE_PDF)
def test_certificates_verify_publicly_and_print_for_those_who_see_the_learner(
    built, enrolment, cast, who
):
    complete(built, enrolment)
    certificate = Certificate.objects.get()
    page = client_for(cast, built, who).get(certificate.get_absolute_url())
    assert page.status_code == 200 and "Valid" in page.content.decode()
    url = reverse("learning:certificate", args=[certificate.code])
    assert status_of(cast, built, who, url) == CERTIFICATE_PDF[who]


REVOKE = {
    "trainer": True,
    "secretariat": True,
    "editor": False,
    "colleague": False,
    "outsider": False,
    "staff": False,
    "other_staff": False,
    "anonymous": False,
}


@pytest.mark.parametrize("who", REVOKE)
def test_who_revokes_a_certificate(built, enrolment, cast, who):
    complete(built, enrolment)
    certificate = Certificate.objects.get()
    client_for(cast, built, who).post(
        reverse("learning:revoke", args=[certificate.code]), {"reason": "Copied answers"}
    )
    certificate.refresh_from_db()
    assert certificate.is_revoked == REVOKE[who]
    if REVOKE[who]:
        page = Client().get(certificate.get_absolute_url()).content.decode()
        assert "Revoked" in page and "Copied answers" in page


def test_an_unknown_code_verifies_nothing(cast):
    assert Client().get(reverse("learning:verify", args=["not-a-code"])).status_code == 404


def test_my_learning_lists_progress_and_certificates(built, enrolment, cast):
    client = client_for(cast, built, "editor")
    assert "0 of 2 lessons done" in client.get(reverse("learning:mine")).content.decode()
    complete(built, enrolment)
    page = client.get(reverse("learning:mine")).content.decode()
    assert reverse("learning:certificate", args=[Certificate.objects.get().code]) in page
    assert Client().get(reverse("learning:mine")).status_code == 302


@pytest.mark.parametrize("who", STUDY)
def test_lesson_documents_are_for_learners_and_trainers_at_both_addresses(
    built, enrolment, cast, who
):
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="GPC summary table", file=SimpleUploadedFile("gpc.pdf", b"%PDF-1.4\n%%EOF\n")
    )
    built.lessons[0].documents.add(document)
    ours = reverse("learning:document", args=[built.course.slug, document.pk])
    assert status_of(cast, built, who, ours) == STUDY[who]
    wagtails = status_of(cast, built, who, document.url)
    # Refused there as a document that does not exist (knowledge/wagtail_hooks.py).
    assert (wagtails == 404) == (STUDY[who] == 403)
