"""A course's learners and their progress as CSV or XLSX (the trainer's
dashboard), through the platform's one spreadsheet pipeline (tables.py)."""

from __future__ import annotations

from typing import BinaryIO

from localaction.learning.models import Course
from localaction.learning.progress import learner_rows
from localaction.tables import Format, write_table

COLUMNS = (
    "learner",
    "name",
    "member",
    "cohort",
    "enrolled_on",
    "lessons_done",
    "lessons",
    "quizzes_passed",
    "quizzes",
    "completed_on",
    "certificate",
)


def export_learners(course: Course, enrolments, *, format: Format, target: BinaryIO) -> None:
    rows = (
        (
            row.enrolment.user.username,
            row.enrolment.user.get_full_name(),
            row.enrolment.local_government.name if row.enrolment.local_government else None,
            row.enrolment.cohort.name if row.enrolment.cohort else None,
            row.enrolment.enrolled_at.date(),
            row.completion.lessons_done,
            row.completion.lessons,
            row.completion.quizzes_passed,
            row.completion.quizzes,
            row.enrolment.completed_at.date() if row.enrolment.completed_at else None,
            row.certificate_state,
        )
        for row in learner_rows(course, enrolments)
    )
    write_table(rows, columns=COLUMNS, format=format, target=target)
