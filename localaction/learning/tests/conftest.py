"""A short live course for the tests: one module of two lessons and a quiz
(a single-choice and a numeric question), and a final quiz (a multiple-choice
question with partial credit); its trainer, and the cast's editor enrolled."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from localaction.conftest import make_user
from localaction.learning import services
from localaction.learning.models import Choice, Course, Enrolment, Lesson, Module, Question, Quiz


@dataclass
class Built:
    course: Course
    module: Module
    lessons: list[Lesson]
    quiz: Quiz
    final: Quiz
    single: Question
    numeric: Question
    multiple: Question
    trainer: User

    def right_answers(self) -> dict:
        return {
            self.single.pk: [self.single.choices.get(correct=True).pk],
            self.numeric.pk: "20.2",
        }

    def final_answers(self) -> dict:
        return {self.multiple.pk: [c.pk for c in self.multiple.choices.filter(correct=True)]}


def build_course(
    *, slug: str = "first-inventory", live: bool = True, trainer=None,
    title: str = "Your first GHG inventory",
) -> Built:  # fmt: skip
    course = Course.objects.create(
        title=title,
        slug=slug,
        summary="GPC BASIC in three steps.",
        language="en",
        instruments=["ghg-inventory"],
        live=live,
    )
    trainer = trainer or make_user(f"trainer-{slug}")
    course.trainers.add(trainer)
    module = Module.objects.create(course=course, order=1, title="Boundaries")
    lessons = [
        Lesson.objects.create(
            module=module, order=1, title="The city's boundary", content="<p>One</p>"
        ),
        Lesson.objects.create(module=module, order=2, title="Scopes", content="<p>Two</p>"),
    ]
    quiz = Quiz.objects.create(course=course, module=module, title="Boundaries quiz", pass_mark=50)
    single = Question.objects.create(quiz=quiz, order=1, kind="single", text="Scope 1 is…")
    Choice.objects.create(question=single, order=1, text="In the boundary", correct=True,
                          feedback="Yes: emissions within the boundary.")  # fmt: skip
    Choice.objects.create(question=single, order=2, text="From grid electricity",
                          feedback="No: that is scope 2.")  # fmt: skip
    numeric = Question.objects.create(
        quiz=quiz, order=2, kind="numeric", text="2 × 10 t?", expected=20, tolerance=0.5,
        feedback_right="Right.", feedback_wrong="Twice ten is twenty.",
    )  # fmt: skip
    final = Quiz.objects.create(course=course, title="Final quiz", pass_mark=60, attempts_allowed=2)
    multiple = Question.objects.create(
        quiz=final, order=1, kind="multiple", text="BASIC covers…", rule="partial", points=2
    )
    for order, (text, correct) in enumerate(
        (("Stationary energy", True), ("Transportation", True), ("IPPU", False)), start=1
    ):
        Choice.objects.create(question=multiple, order=order, text=text, correct=correct)
    return Built(course, module, lessons, quiz, final, single, numeric, multiple, trainer)


@pytest.fixture
def built(cast) -> Built:
    return build_course()


@pytest.fixture
def enrolment(built, cast) -> Enrolment:
    return services.course_enrol(course=built.course, user=cast.editor)


def complete(built: Built, enrolment: Enrolment) -> None:
    for lesson in built.lessons:
        services.lesson_mark_done(enrolment=enrolment, lesson=lesson)
    services.attempt_submit(enrolment=enrolment, quiz=built.quiz, answers=built.right_answers())
    services.attempt_submit(enrolment=enrolment, quiz=built.final, answers=built.final_answers())
