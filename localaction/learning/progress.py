"""Learners' progress as the dashboards show it: one row per enrolment, with
its completion counted in a few queries for the whole course."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from localaction.learning.models import Attempt, Certificate, Course, Enrolment, LessonProgress
from localaction.learning.services import Completion


@dataclass(frozen=True)
class LearnerRow:
    enrolment: Enrolment
    completion: Completion
    certificate: Certificate | None

    @property
    def certificate_state(self) -> str:
        if self.certificate is None:
            return ""
        return "revoked" if self.certificate.is_revoked else "valid"


def learner_rows(course: Course, enrolments) -> list[LearnerRow]:
    enrolments = list(
        enrolments.filter(course=course).select_related("user", "local_government", "cohort")
    )
    ids = [e.pk for e in enrolments]
    lessons = course.lessons().count()
    quizzes = course.quiz_set.count()
    done = Counter(
        LessonProgress.objects.filter(
            enrolment__in=ids, done_at__isnull=False, lesson__module__course=course
        ).values_list("enrolment_id", flat=True)
    )
    passed = Counter(
        enrolment
        for enrolment, _quiz in set(
            Attempt.objects.filter(enrolment__in=ids, passed=True).values_list(
                "enrolment_id", "quiz_id"
            )
        )
    )
    certificates = {c.enrolment_id: c for c in Certificate.objects.filter(enrolment__in=ids)}
    return [
        LearnerRow(
            enrolment=e,
            completion=Completion(done[e.pk], lessons, passed[e.pk], quizzes),
            certificate=certificates.get(e.pk),
        )
        for e in enrolments
    ]
