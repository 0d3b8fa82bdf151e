"""The training centre's writes, each whole or not at all: enrolling (oneself,
or a member's staff by an office), progress per lesson, submitting a quiz
attempt, completing a course and issuing its certificate, revoking one;
adding a video to a lesson and removing one.

The completion rule (stated on the course page): a course is complete when
every lesson is marked done and every quiz of the course (its modules' and
its final one) has a passed attempt. The certificate is issued at that moment,
and never for an incomplete course.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from localaction.accounts.models import Role
from localaction.core import learning as grading
from localaction.learning.models import (
    Attempt,
    AttemptAnswer,
    Certificate,
    Cohort,
    Course,
    Enrolment,
    Lesson,
    LessonProgress,
    LessonVideo,
    Question,
    Quiz,
)
from localaction.learning.permissions import can_revoke, enrollable_people, runs_course
from localaction.network.models import LocalGovernment

# --- Enrolment ---------------------------------------------------------------------


def _member_of(user) -> LocalGovernment | None:
    role = (
        Role.objects.filter(user=user, kind__in=[Role.Kind.EDITOR, Role.Kind.VIEWER])
        .select_related("local_government")
        .order_by("pk")
        .first()
    )
    return role.local_government if role else None


def _check_cohort(course: Course, cohort: Cohort | None, *, today) -> None:
    if course.pacing == Course.Pacing.SELF:
        if cohort is not None:
            raise ValidationError(_("This course is self-paced: it has no cohorts."))
        return
    if cohort is None:
        raise ValidationError(_("Choose a cohort of this course."))
    if cohort.course_id != course.pk:
        raise ValidationError(_("That cohort belongs to another course."))
    if not cohort.is_open(today):
        raise ValidationError(
            _("Enrolment in %(cohort)s is open from %(opens)s to %(closes)s.")
            % {
                "cohort": cohort.name,
                "opens": cohort.enrolment_opens,
                "closes": cohort.enrolment_closes,
            }
        )
    # Counted under the write lock (SQLite's IMMEDIATE transaction; the row
    # lock on PostgreSQL), so two people never take the last place together.
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    if cohort.enrolments.count() >= cohort.capacity:
        raise ValidationError(
            _("%(cohort)s is full (%(places)s places).")
            % {"cohort": cohort.name, "places": cohort.capacity}
        )


@transaction.atomic
def course_enrol(
    *,
    course: Course,
    user,
    cohort: Cohort | None = None,
    by=None,
    local_government: LocalGovernment | None = None,
) -> Enrolment:
    """Enrol `user` in a live course, in `cohort` if it is cohort-based (within
    its enrolment window and places). `by` is the office staff enrolling a
    member's staff (for `local_government`, a member they cover where `user`
    holds a role); without `by`, the person enrols themselves."""
    if not user.is_authenticated:
        raise PermissionDenied
    if not course.live:
        raise ValidationError(_("This course is not published."))
    if Enrolment.objects.filter(course=course, user=user).exists():
        raise ValidationError(_("%(user)s is enrolled in this course already.") % {"user": user})
    if by is not None and by != user:
        roles = enrollable_people(by).filter(user=user)
        if local_government is not None:
            roles = roles.filter(local_government=local_government)
        role = roles.first()
        if role is None:
            raise PermissionDenied(_("You may enrol only the staff of members your office covers."))
        local_government = role.local_government
    else:
        by = user
        local_government = _member_of(user)
    _check_cohort(course, cohort, today=timezone.localdate())
    return Enrolment.objects.create(
        course=course,
        cohort=cohort,
        user=user,
        local_government=local_government,
        enrolled_by=by,
    )


# --- Progress ---------------------------------------------------------------------


def _check_lesson(enrolment: Enrolment, lesson: Lesson) -> None:
    if lesson.module.course_id != enrolment.course_id:
        raise ValidationError(_("That lesson belongs to another course."))


def lesson_reach(*, enrolment: Enrolment, lesson: Lesson) -> LessonProgress:
    """Record that the learner opened the lesson (once)."""
    _check_lesson(enrolment, lesson)
    progress, _created = LessonProgress.objects.get_or_create(enrolment=enrolment, lesson=lesson)
    return progress


@transaction.atomic
def lesson_mark_done(*, enrolment: Enrolment, lesson: Lesson) -> LessonProgress:
    """Mark the lesson done (once; its first time stays) and complete the course
    if this was all that was missing."""
    _check_lesson(enrolment, lesson)
    progress, _created = LessonProgress.objects.get_or_create(enrolment=enrolment, lesson=lesson)
    if progress.done_at is None:
        progress.done_at = timezone.now()
        progress.save(update_fields=["done_at"])
    enrolment_complete_if_done(enrolment=enrolment)
    return progress


# --- Completion -------------------------------------------------------------------


@dataclass(frozen=True)
class Completion:
    lessons_done: int
    lessons: int
    quizzes_passed: int
    quizzes: int

    @property
    def complete(self) -> bool:
        return self.lessons_done == self.lessons and self.quizzes_passed == self.quizzes

    @property
    def percent(self) -> int:
        steps = self.lessons + self.quizzes
        return round(100 * (self.lessons_done + self.quizzes_passed) / steps) if steps else 100


def completion_of(enrolment: Enrolment) -> Completion:
    course = enrolment.course
    lessons = course.lessons()
    quizzes = course.quiz_set.all()
    return Completion(
        lessons_done=enrolment.progress.filter(done_at__isnull=False, lesson__in=lessons).count(),
        lessons=lessons.count(),
        quizzes_passed=quizzes.filter(attempts__enrolment=enrolment, attempts__passed=True)
        .distinct()
        .count(),
        quizzes=quizzes.count(),
    )


@transaction.atomic
def enrolment_complete_if_done(*, enrolment: Enrolment) -> Certificate | None:
    """Complete the enrolment and issue its certificate when the completion
    rule is met; nothing otherwise."""
    if enrolment.completed_at is not None or not completion_of(enrolment).complete:
        return None
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])
    return certificate_issue(enrolment=enrolment)


@transaction.atomic
def certificate_issue(*, enrolment: Enrolment) -> Certificate:
    """The course's certificate for a complete enrolment; refused otherwise."""
    if not completion_of(enrolment).complete or enrolment.completed_at is None:
        raise ValidationError(
            _("No certificate for an incomplete course: every lesson done and every quiz passed.")
        )
    if Certificate.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(_("This course's certificate was issued already."))
    return Certificate.objects.create(enrolment=enrolment, issued_at=enrolment.completed_at)


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    if not can_revoke(by, certificate):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    if certificate.is_revoked:
        raise ValidationError(_("This certificate was revoked already."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revocation_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    return certificate


# --- Quizzes ----------------------------------------------------------------------

# A learner's raw answer to a question: choice ids, or the number as typed.
RawAnswer = list[int] | str


def graded_question(question: Question) -> grading.Question:
    choices = list(question.choices.all())
    return grading.Question(
        key=str(question.pk),
        kind=question.kind,
        points=float(question.points),
        choices=frozenset(str(c.pk) for c in choices),
        correct=frozenset(str(c.pk) for c in choices if c.correct),
        rule=question.rule,
        expected=question.expected or 0.0,
        tolerance=question.tolerance,
        tolerance_kind=question.tolerance_kind,
    )


def attempts_left(enrolment: Enrolment, quiz: Quiz) -> int:
    return max(0, quiz.attempts_allowed - quiz.attempts.filter(enrolment=enrolment).count())


def _parse(question: Question, raw: RawAnswer | None) -> grading.Answer:
    if question.kind == Question.Kind.NUMERIC:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            raise grading.AnswerError(_("Answer every question."))
        if not isinstance(raw, str | int | float) or isinstance(raw, bool):
            raise grading.AnswerError(_("A number is expected."))
        number = grading.parse_number(str(raw))
        return grading.Answer(number=number)
    if not raw or isinstance(raw, str):
        raise grading.AnswerError(_("Answer every question."))
    return grading.Answer(picked=frozenset(str(choice) for choice in raw))


@transaction.atomic
def attempt_submit(
    *, enrolment: Enrolment, quiz: Quiz, answers: Mapping[int, RawAnswer | None]
) -> Attempt:
    """Grade and keep an attempt at `quiz` with an answer to every question (by
    question id); refused after the deadline, beyond the attempts allowed, or
    with an answer that cannot be graded — then nothing is written."""
    if quiz.course_id != enrolment.course_id:
        raise ValidationError(_("That quiz belongs to another course."))
    deadline = enrolment.deadline(quiz)
    if deadline is not None and timezone.localdate() > deadline:
        raise ValidationError(
            _("The deadline of this quiz was %(day)s: attempts are closed.") % {"day": deadline}
        )
    # Counted under the write lock so that two submissions never both take the last attempt.
    Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
    done = quiz.attempts.filter(enrolment=enrolment).count()
    if done >= quiz.attempts_allowed:
        raise ValidationError(
            _("You have used the %(count)s attempts allowed at this quiz.")
            % {"count": quiz.attempts_allowed}
        )
    questions = list(quiz.questions.prefetch_related("choices"))
    unknown = set(answers) - {q.pk for q in questions}
    if unknown:
        raise ValidationError(_("Answers to questions of another quiz."))
    errors: dict[str, str] = {}
    parsed: dict[str, grading.Answer] = {}
    for position, question in enumerate(questions, start=1):
        try:
            parsed[str(question.pk)] = _parse(question, answers.get(question.pk))
        except grading.AnswerError as error:
            errors[f"question-{question.pk}"] = _("Question %(n)s: %(error)s") % {
                "n": position,
                "error": error,
            }
    graded = [graded_question(q) for q in questions]
    if not errors:
        for question, asked in zip(questions, graded, strict=True):
            try:
                grading.mark(asked, parsed[asked.key])
            except grading.AnswerError as error:
                errors[f"question-{question.pk}"] = str(error)
    if errors:
        raise ValidationError(errors)
    result = grading.grade(graded, parsed, pass_mark=quiz.pass_mark)
    attempt = Attempt.objects.create(
        enrolment=enrolment,
        quiz=quiz,
        number=done + 1,
        points=result.points,
        available=result.available,
        percent=result.percent,
        passed=result.passed,
    )
    for question, marked in zip(questions, result.questions, strict=True):
        answer = parsed[marked.key]
        row = AttemptAnswer.objects.create(
            attempt=attempt,
            question=question,
            number=answer.number,
            points=marked.points,
            correct=marked.correct,
        )
        if answer.picked:
            row.choices.set([int(key) for key in answer.picked])
    if result.passed:
        enrolment_complete_if_done(enrolment=enrolment)
    return attempt


# --- Lesson videos ---------------------------------------------------------------


def _runner(by, course: Course) -> None:
    if not runs_course(by, course):
        raise PermissionDenied(_("The videos of a course are kept by the people who run it."))


@transaction.atomic
def video_add(*, by, lesson: Lesson, title: str, upload, language: str = "") -> LessonVideo:
    """A video for the lesson: MP4 or WebM by its content, within the size
    limit (video.py). A refused file is never stored."""
    _runner(by, lesson.course)
    video = LessonVideo(lesson=lesson, title=title, language=language, file=upload)
    video.full_clean()
    try:
        video.save()
    except BaseException:
        # The file is stored just before the row is written: if the row is not,
        # the file must not stay behind.
        if video.file.name and getattr(video.file, "_committed", False):
            video.file.storage.delete(video.file.name)
        raise
    return video


@transaction.atomic
def video_remove(*, by, video: LessonVideo) -> None:
    """Remove the video and, once that is committed, its file."""
    _runner(by, video.lesson.course)
    storage, name = video.file.storage, video.file.name
    video.delete()
    transaction.on_commit(lambda: storage.delete(name))
