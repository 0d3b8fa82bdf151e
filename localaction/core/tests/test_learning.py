"""Quiz grading against hand-worked cases (core/learning.py's rules)."""

import math

import pytest

from localaction.core.learning import (
    Answer,
    AnswerError,
    Question,
    grade,
    mark,
    parse_number,
    within_tolerance,
)

ABCD = frozenset("abcd")
SINGLE = Question("q1", "single", choices=ABCD, correct=frozenset("b"))
ALL = Question("q2", "multiple", points=2, choices=ABCD, correct=frozenset("ac"))
PARTIAL = Question(
    "q3", "multiple", points=3, choices=ABCD, correct=frozenset("abc"), rule="partial"
)
ABSOLUTE = Question("q4", "numeric", expected=20.0, tolerance=0.5)
RELATIVE = Question("q5", "numeric", expected=200.0, tolerance=0.05, tolerance_kind="relative")


def picked(keys: str) -> Answer:
    return Answer(picked=frozenset(keys))


@pytest.mark.parametrize(
    ("question", "answer", "points"),
    [
        (SINGLE, picked("b"), 1),
        (SINGLE, picked("a"), 0),
        (SINGLE, picked(""), 0),
        (ALL, picked("ac"), 2),
        (ALL, picked("a"), 0),  # one of two correct: nothing, all or nothing
        (ALL, picked("acd"), 0),
        # Partial, 3 points over 3 correct choices, 1 point a share:
        (PARTIAL, picked("abc"), 3),
        (PARTIAL, picked("ab"), 2),  # 2 right
        (PARTIAL, picked("abd"), 1),  # 2 right − 1 wrong = 1 share
        (PARTIAL, picked("ad"), 0),  # 1 − 1
        (PARTIAL, picked("d"), 0),  # never below nothing
        (PARTIAL, picked("abcd"), 2),
        # 20 ± 0.5: bounds included.
        (ABSOLUTE, Answer(number=20.5), 1),
        (ABSOLUTE, Answer(number=19.5), 1),
        (ABSOLUTE, Answer(number=20.51), 0),
        # 200 ± 5 % = 190 … 210.
        (RELATIVE, Answer(number=210.0), 1),
        (RELATIVE, Answer(number=189.9), 0),
    ],
)
def test_hand_worked_marks(question, answer, points):
    assert mark(question, answer).points == pytest.approx(points)


def test_a_quiz_totals_its_questions_and_compares_with_the_pass_mark():
    # 1 + 0 + 2 + 1 + 0 = 4 of 8 points = 50 %.
    answers = {
        "q1": picked("b"),
        "q2": picked("a"),
        "q3": picked("ab"),
        "q4": Answer(number=20.2),
        "q5": Answer(number=100.0),
    }
    questions = [SINGLE, ALL, PARTIAL, ABSOLUTE, RELATIVE]
    result = grade(questions, answers, pass_mark=50)
    assert (result.points, result.available, result.percent) == (4, 8, 50)
    assert result.passed
    assert not grade(questions, answers, pass_mark=51).passed
    assert result.points == sum(m.points for m in result.questions)


def test_seven_of_ten_passes_seventy_percent_despite_float_noise():
    questions = [Question(f"q{i}", "numeric", points=0.1, expected=1) for i in range(10)]
    answers = {f"q{i}": Answer(number=1.0 if i < 7 else 0.0) for i in range(10)}
    assert grade(questions, answers, pass_mark=70).passed


def test_an_unanswered_question_earns_nothing():
    assert grade([SINGLE], {}, pass_mark=0).points == 0


def test_floating_point_sums_are_within_a_zero_tolerance():
    assert within_tolerance(0.1 + 0.2, 0.3, 0.0, "absolute")


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "1e309", "1e13", "twelve", ""])
def test_numbers_that_cannot_be_graded_are_refused(text):
    with pytest.raises(AnswerError):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "value"), [("12.5", 12.5), ("12,5", 12.5), ("1e3", 1000), (" -4 ", -4)]
)
def test_numbers_as_typed(text, value):
    assert parse_number(text) == value


def test_non_finite_numbers_are_refused_at_marking_too():
    with pytest.raises(AnswerError, match="finite"):
        mark(ABSOLUTE, Answer(number=math.nan))


def test_unknown_or_several_choices_are_refused():
    with pytest.raises(AnswerError, match="no such choice"):
        mark(SINGLE, picked("z"))
    with pytest.raises(AnswerError, match="one choice"):
        mark(SINGLE, picked("ab"))
