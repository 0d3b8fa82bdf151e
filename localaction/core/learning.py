"""Quiz grading for the International Training Centre: pure functions of the
questions and a learner's answers.

The rules (the quiz page states them too):

- **single choice**: the question's points when the one choice picked is a
  correct one, else nothing;
- **multiple choice, all or nothing**: the points when the choices picked are
  exactly the correct ones, else nothing;
- **multiple choice, partial credit**: each correct choice picked earns an equal
  share of the points, each wrong choice picked takes one share away, never below
  nothing: points × max(0, (right picked − wrong picked) / correct choices);
- **numeric**: the points when the answer is within the tolerance of the
  expected value — absolute (|answer − expected| ≤ tolerance) or relative
  (|answer − expected| ≤ tolerance × |expected|), bounds included;
- a quiz is **passed** when the points earned are at least the pass mark (a
  percentage) of the points available.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

Kind = Literal["single", "multiple", "numeric"]
MultipleRule = Literal["all-or-nothing", "partial"]
ToleranceKind = Literal["absolute", "relative"]

# Beyond any figure a course asks for, short of numbers that lose meaning.
MAX_NUMBER = 1e12


class AnswerError(ValueError):
    """An answer that cannot be graded (not a number, not finite, too large, a
    choice the question does not have, several choices to a single-choice one)."""


@dataclass(frozen=True)
class Question:
    """One question as the grader needs it. `correct` holds the keys of the
    correct choices and `choices` every key (choice questions); `expected` and
    `tolerance` the numeric answer (numeric questions)."""

    key: str
    kind: Kind
    points: float = 1.0
    choices: frozenset[str] = frozenset()
    correct: frozenset[str] = frozenset()
    rule: MultipleRule = "all-or-nothing"
    expected: float = 0.0
    tolerance: float = 0.0
    tolerance_kind: ToleranceKind = "absolute"


@dataclass(frozen=True)
class Answer:
    """A learner's answer to one question: the choice keys picked, or a number."""

    picked: frozenset[str] = frozenset()
    number: float | None = None


@dataclass(frozen=True)
class Marked:
    """One question's result."""

    key: str
    points: float  # earned
    available: float
    correct: bool  # full points


@dataclass(frozen=True)
class Grade:
    """A quiz's result: points earned of the points available, as a percentage,
    and whether it reaches the pass mark."""

    points: float
    available: float
    percent: float
    passed: bool
    questions: tuple[Marked, ...]


def parse_number(text: str) -> float:
    """The number a learner typed ("12.5", "1e3", "-4"; a comma as the decimal
    mark is accepted when there is no point), refusing what is not a finite
    number within ±MAX_NUMBER."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise AnswerError(f"{text.strip()!r} is not a number.") from None
    return check_number(value)


def check_number(value: float) -> float:
    """`value` if finite and within ±MAX_NUMBER, else AnswerError."""
    if not math.isfinite(value):
        raise AnswerError("The answer must be a finite number.")
    if abs(value) > MAX_NUMBER:
        raise AnswerError(f"The answer must lie between -{MAX_NUMBER:g} and {MAX_NUMBER:g}.")
    return value


def within_tolerance(value: float, expected: float, tolerance: float, kind: ToleranceKind) -> bool:
    """Whether `value` is within the tolerance of `expected` (bounds included)."""
    allowed = tolerance if kind == "absolute" else tolerance * abs(expected)
    # A hair of slack for binary fractions: 0.1 + 0.2 is within 0.3 ± 0.
    return abs(value - expected) <= allowed + 1e-9 * max(1.0, abs(expected))


def mark(question: Question, answer: Answer) -> Marked:
    """The points `answer` earns on `question`."""
    earned = 0.0
    if question.kind == "numeric":
        if answer.number is None:
            raise AnswerError(f"Question {question.key}: a number is expected.")
        value = check_number(answer.number)
        if within_tolerance(value, question.expected, question.tolerance, question.tolerance_kind):
            earned = question.points
    else:
        unknown = answer.picked - question.choices
        if unknown:
            raise AnswerError(f"Question {question.key}: no such choice {sorted(unknown)}.")
        if question.kind == "single":
            if len(answer.picked) > 1:
                raise AnswerError(f"Question {question.key}: pick one choice only.")
            if answer.picked and answer.picked <= question.correct:
                earned = question.points
        elif question.rule == "all-or-nothing":
            if answer.picked == question.correct:
                earned = question.points
        elif question.correct:
            right = len(answer.picked & question.correct)
            wrong = len(answer.picked - question.correct)
            earned = question.points * max(0.0, (right - wrong) / len(question.correct))
    return Marked(
        key=question.key,
        points=earned,
        available=question.points,
        correct=math.isclose(earned, question.points),
    )


def grade(
    questions: Sequence[Question], answers: Mapping[str, Answer], *, pass_mark: float
) -> Grade:
    """Every question marked with its answer (by key; a question without one
    earns nothing), the total, its percentage and whether it reaches
    `pass_mark` (percent, 0–100)."""
    if not 0 <= pass_mark <= 100:
        raise ValueError("The pass mark is a percentage between 0 and 100.")
    marked = tuple(
        mark(q, answers[q.key])
        if q.key in answers
        else Marked(key=q.key, points=0.0, available=q.points, correct=False)
        for q in questions
    )
    points = sum(m.points for m in marked)
    available = sum(m.available for m in marked)
    percent = 100.0 * points / available if available else 100.0
    # Rounded before comparing, so that float noise (69.99999999 for 7 of 10) never fails a mark.
    return Grade(
        points=points,
        available=available,
        percent=percent,
        passed=round(percent, 6) >= pass_mark,
        questions=marked,
    )
