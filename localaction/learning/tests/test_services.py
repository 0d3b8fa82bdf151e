"""Enrolment, progress, quiz attempts, completion and certificates: the rules
every door (pages, API, admin, commands) goes through."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from localaction.learning import services
from localaction.learning.models import (
    Attempt,
    AttemptAnswer,
    Certificate,
    Cohort,
    Course,
    Lesson,
    LessonVideo,
)
from localaction.learning.tests.conftest import build_course, complete

pytestmark = pytest.mark.django_db


def test_a_learner_enrols_in_a_live_self_paced_course_for_their_member(built, cast):
    enrolment = services.course_enrol(course=built.course, user=cast.editor)
    assert enrolment.local_government == cast.freiburg
    with pytest.raises(ValidationError, match="enrolled in this course already"):
        services.course_enrol(course=built.course, user=cast.editor)


def test_nobody_enrols_in_a_draft(cast):
    draft = build_course(slug="draft", live=False)
    with pytest.raises(ValidationError, match="not published"):
        services.course_enrol(course=draft.course, user=cast.editor)


def test_a_cohort_takes_enrolments_within_its_window_and_places(built, cast):
    course = built.course
    course.pacing = Course.Pacing.COHORT
    course.save()
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        course=course, name="Spring", starts_on=today, ends_on=today + datetime.timedelta(30),
        enrolment_opens=today - datetime.timedelta(5), enrolment_closes=today, capacity=1,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="Choose a cohort"):
        services.course_enrol(course=course, user=cast.editor)
    services.course_enrol(course=course, user=cast.editor, cohort=cohort)
    with pytest.raises(ValidationError, match="full"):
        services.course_enrol(course=course, user=cast.colleague, cohort=cohort)
    closed = Cohort.objects.create(
        course=course, name="Later", starts_on=today + datetime.timedelta(40),
        ends_on=today + datetime.timedelta(60), enrolment_opens=today + datetime.timedelta(1),
        enrolment_closes=today + datetime.timedelta(20), capacity=10,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="open from"):
        services.course_enrol(course=course, user=cast.colleague, cohort=closed)


def test_an_office_enrols_the_staff_of_members_it_covers_only(built, cast):
    enrolment = services.course_enrol(course=built.course, user=cast.colleague, by=cast.staff)
    assert (enrolment.enrolled_by, enrolment.local_government) == (cast.staff, cast.freiburg)
    with pytest.raises(PermissionDenied):
        services.course_enrol(course=built.course, user=cast.editor, by=cast.other_staff)
    with pytest.raises(PermissionDenied):
        services.course_enrol(course=built.course, user=cast.outsider, by=cast.staff)
    # The secretariat covers every member.
    services.course_enrol(course=built.course, user=cast.outsider, by=cast.secretariat)


def test_an_attempt_is_graded_and_kept_whole(built, enrolment):
    attempt = services.attempt_submit(
        enrolment=enrolment,
        quiz=built.quiz,
        answers={built.single.pk: [built.single.choices.get(correct=False).pk],
                 built.numeric.pk: "20.4"},
    )  # fmt: skip
    assert (attempt.points, attempt.available, attempt.percent, attempt.passed) == (1, 2, 50, True)
    assert attempt.answers.count() == 2
    assert attempt.answers.get(question=built.numeric).number == 20.4


@pytest.mark.parametrize(
    ("numeric", "message"),
    [("", "Answer every question"), ("nan", "finite"), ("1e300", "between"), ("x", "not a number")],
)
def test_an_attempt_with_an_ungradable_answer_writes_nothing(built, enrolment, numeric, message):
    with pytest.raises(ValidationError, match=message):
        services.attempt_submit(
            enrolment=enrolment,
            quiz=built.quiz,
            answers={built.single.pk: [built.single.choices.first().pk], built.numeric.pk: numeric},
        )
    assert Attempt.objects.count() == AttemptAnswer.objects.count() == 0


def test_no_attempt_beyond_those_allowed_or_after_the_deadline(built, enrolment):
    wrong = {built.multiple.pk: [built.multiple.choices.get(correct=False).pk]}
    for _ in range(2):
        services.attempt_submit(enrolment=enrolment, quiz=built.final, answers=wrong)
    with pytest.raises(ValidationError, match="used the 2 attempts"):
        services.attempt_submit(enrolment=enrolment, quiz=built.final, answers=wrong)
    built.quiz.due_on = timezone.localdate() - datetime.timedelta(days=1)
    built.quiz.save()
    with pytest.raises(ValidationError, match="deadline"):
        services.attempt_submit(enrolment=enrolment, quiz=built.quiz, answers=built.right_answers())
    assert Attempt.objects.count() == 2


def test_a_cohorts_end_is_the_deadline_when_the_quiz_has_none(built, enrolment):
    today = timezone.localdate()
    enrolment.cohort = Cohort.objects.create(
        course=built.course, name="Past", starts_on=today - datetime.timedelta(60),
        ends_on=today - datetime.timedelta(1), enrolment_opens=today - datetime.timedelta(90),
        enrolment_closes=today - datetime.timedelta(30), capacity=5,
    )  # fmt: skip
    enrolment.save()
    with pytest.raises(ValidationError, match="deadline"):
        services.attempt_submit(enrolment=enrolment, quiz=built.quiz, answers=built.right_answers())


def test_a_submitted_attempt_is_never_changed(built, enrolment):
    attempt = services.attempt_submit(
        enrolment=enrolment, quiz=built.quiz, answers=built.right_answers()
    )
    attempt.passed = False
    with pytest.raises(ValidationError, match="never changed"):
        attempt.save()
    with pytest.raises(ValidationError, match="never deleted"):
        attempt.delete()


def test_completion_issues_the_certificate_and_only_then(built, enrolment):
    with pytest.raises(ValidationError, match="incomplete"):
        services.certificate_issue(enrolment=enrolment)
    for lesson in built.lessons:
        services.lesson_mark_done(enrolment=enrolment, lesson=lesson)
    services.attempt_submit(enrolment=enrolment, quiz=built.quiz, answers=built.right_answers())
    assert services.completion_of(enrolment).percent == 75
    assert not Certificate.objects.exists()
    services.attempt_submit(enrolment=enrolment, quiz=built.final, answers=built.final_answers())
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert len(certificate.code) >= 22
    with pytest.raises(ValidationError, match="issued already"):
        services.certificate_issue(enrolment=enrolment)


def test_a_lesson_added_later_does_not_unissue_but_blocks_new_certificates(built, enrolment, cast):
    other = services.course_enrol(course=built.course, user=cast.colleague)
    complete(built, enrolment)
    Lesson.objects.create(module=built.module, order=3, title="New", content="<p>3</p>")
    for lesson in built.lessons:
        services.lesson_mark_done(enrolment=other, lesson=lesson)
    assert not services.completion_of(other).complete
    assert Certificate.objects.count() == 1


def test_revocation_by_the_people_who_run_the_course_with_a_reason(built, enrolment, cast):
    complete(built, enrolment)
    certificate = Certificate.objects.get()
    for person in (cast.outsider, cast.staff, cast.editor):
        with pytest.raises(PermissionDenied):
            services.certificate_revoke(certificate=certificate, by=person, reason="x")
    with pytest.raises(ValidationError, match="Say why"):
        services.certificate_revoke(certificate=certificate, by=built.trainer, reason="  ")
    services.certificate_revoke(certificate=certificate, by=built.trainer, reason="Plagiarism")
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_by == built.trainer
    with pytest.raises(ValidationError, match="already"):
        services.certificate_revoke(certificate=certificate, by=cast.secretariat, reason="again")


@pytest.mark.parametrize(
    "html",
    [
        "<p>Hi<script>alert(1)</script></p>",
        '<p onclick="alert(1)">Hi</p>',
        '<p><a href="javascript:alert(1)">Hi</a></p>',
        '<p><a href="JaVa\tScRiPt:alert(1)">Hi</a></p>',
        '<p><img src="x" onerror="alert(1)">Hi</p>',
        '<p>Hi</p><iframe src="https://evil.example"></iframe><style>p{}</style>',
    ],
)
def test_rich_text_never_carries_a_script(built, html):
    lesson = built.lessons[0]
    lesson.content = html
    lesson.save()
    lesson.refresh_from_db()
    lowered = lesson.content.lower()
    for bad in ("<script", "onclick", "onerror", "javascript", "<iframe", "<style", "alert"):
        assert bad not in lowered.replace("\t", "")
    assert "Hi" in lesson.content
    built.course.description = html
    built.course.save()
    assert "script" not in Course.objects.get(pk=built.course.pk).description.lower()


MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 100
WEBM = (
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm"
    + b"\x00" * 50
)


def test_videos_are_checked_by_their_content_and_size(built, settings):
    lesson = built.lessons[0]
    video = LessonVideo(lesson=lesson, title="Intro", file=SimpleUploadedFile("intro.mp4", MP4))
    video.full_clean()
    video.save()
    assert video.content_type == "video/mp4"
    webm = LessonVideo(lesson=lesson, title="W", file=SimpleUploadedFile("w.webm", WEBM))
    webm.save()
    assert webm.content_type == "video/webm"
    for name, content, message in (
        ("setup.mp4", b"MZ\x90\x00" + b"\x00" * 100, "Only MP4 or WebM"),
        ("intro.exe", MP4, "name says otherwise"),
    ):
        bad = LessonVideo(lesson=lesson, title="Bad", file=SimpleUploadedFile(name, content))
        with pytest.raises(ValidationError, match=message):
            bad.full_clean()
    settings.LEARNING_VIDEO_MAX_BYTES = 64
    big = LessonVideo(lesson=lesson, title="Big", file=SimpleUploadedFile("big.mp4", MP4))
    with pytest.raises(ValidationError, match="at most"):
        big.full_clean()


def test_instruments_are_keys_the_platform_knows(built):
    built.course.instruments = ["ghg-inventory", "astrology"]
    with pytest.raises(ValidationError, match="astrology"):
        built.course.full_clean()


def test_a_draft_revision_leaves_the_live_course_as_it_was(built, cast):
    course = built.course
    course.title = "Retitled in a draft"
    course.save_revision(user=cast.secretariat)
    assert Course.objects.get(pk=course.pk).title == "Your first GHG inventory"
    course.latest_revision.publish(user=cast.secretariat)
    assert Course.objects.get(pk=course.pk).title == "Retitled in a draft"
    assert course.revisions.count() == 1


def test_the_secretariat_keeps_courses_in_wagtail(built, client_as):
    listing = client_as("secretariat").get("/cms/snippets/learning/course/")
    assert listing.status_code == 200 and "Your first GHG inventory" in listing.content.decode()
    edit = client_as("secretariat").get(f"/cms/snippets/learning/course/edit/{built.course.pk}/")
    assert edit.status_code == 200
    assert client_as("editor").get("/cms/snippets/learning/course/").status_code in (302, 403)
