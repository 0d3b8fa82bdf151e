"""The assessments engine against answers scored by hand, and benchmarks
against an independent computation."""

import json
import statistics
from pathlib import Path

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localaction.core import assessments as engine
from localaction.core.assessments import (
    AnswerError,
    QuestionnaireError,
    Respondent,
    benchmark,
    by_group,
    combine,
    progress,
    read_questionnaire,
    score_answers,
    size_band,
)

# A small questionnaire worked by hand:
#   section "a" (weight 2): a1 scale 0–4 (weight 1); a2 choice no 0 / partly 1 / yes 3 (weight 2)
#   section "b" (weight 1): b1 number in percent, bands <1:0 <7:1 <14:2 <20:3 else 4;
#                           b2 scale 1–5; b3 text (never scored)
SMALL = {
    "code": "small",
    "version": 1,
    "name": "A small questionnaire",
    "instrument": "la21",
    "source": "Written for the tests",
    "licence": "CC BY 4.0",
    "combination": "mean",
    "sections": [
        {
            "code": "a",
            "title": {"en": "Section A", "fr": "Section A"},
            "weight": 2,
            "questions": [
                {"code": "a1", "text": "A one", "kind": "scale", "scale": {"min": 0, "max": 4}},
                {
                    "code": "a2",
                    "text": "A two",
                    "kind": "choice",
                    "weight": 2,
                    "choices": [
                        {"code": "no", "label": "No", "score": 0},
                        {"code": "partly", "label": "Partly", "score": 1},
                        {"code": "yes", "label": "Yes", "score": 3},
                    ],
                },
            ],
        },
        {
            "code": "b",
            "title": "Section B",
            "questions": [
                {
                    "code": "b1",
                    "text": "Natural areas",
                    "kind": "number",
                    "unit": "percent",
                    "bands": [
                        {"below": 1, "score": 0},
                        {"below": 7, "score": 1},
                        {"below": 14, "score": 2},
                        {"below": 20, "score": 3},
                        {"score": 4},
                    ],
                },
                {"code": "b2", "text": "B two", "kind": "scale", "scale": {"min": 1, "max": 5}},
                {"code": "b3", "text": "Notes", "kind": "text"},
            ],
        },
    ],
}

AUTHORITY = Respondent("authority", {"a1": 3, "a2": "partly", "b1": 15.0, "b2": 2, "b3": "ok"})
STAKEHOLDER_1 = Respondent("stakeholder", {"a1": 1, "a2": "yes", "b1": 0.5})
STAKEHOLDER_2 = Respondent("stakeholder", {"a1": 4, "a2": "no", "b1": 20.0, "b2": 5})
EVERYONE = [AUTHORITY, STAKEHOLDER_1, STAKEHOLDER_2]


@pytest.fixture
def small():
    return read_questionnaire(SMALL)


def test_one_respondent_scored_by_hand(small):
    result = score_answers(small, AUTHORITY.answers)
    # a: 1×3 + 2×1 = 5 points of 1×4 + 2×3 = 10 → 50 %
    assert result.section("a").points == pytest.approx(5)
    assert result.section("a").maximum == pytest.approx(10)
    assert result.section("a").percent == pytest.approx(50)
    # b: 15 % falls in the band below 20 → 3; b2 = 2 → 5 points of 4 + 5 = 9 → 55.56 %
    assert result.section("b").points == pytest.approx(5)
    assert result.section("b").percent == pytest.approx(500 / 9)
    # total: (2 × 50 + 1 × 55.56) / 3 = 51.85 %; points 2 × 5 + 5 = 15 of 29
    assert result.percent == pytest.approx((100 + 500 / 9) / 3)
    assert result.points == pytest.approx(15)
    assert result.maximum == pytest.approx(29)
    assert (result.answered, result.questions) == (4, 4)


def test_a_band_limit_belongs_to_the_band_above(small):
    b1 = small.questions["b1"]
    assert [b1.score(v) for v in (0, 0.999, 1, 6.99, 7, 19.99, 20, 1e6)] == [0, 0, 1, 1, 2, 3, 4, 4]


def test_unanswered_questions_count_neither_way(small):
    result = score_answers(small, STAKEHOLDER_1.answers)
    # b has only b1 = 0.5 % → 0 of 4
    assert result.section("b").percent == 0
    assert result.section("b").answered == 1
    assert score_answers(small, {}).percent is None


def test_respondents_combine_by_mean(small):
    result = combine(small, EVERYONE, "mean")
    # a1 (3+1+4)/3 = 8/3; a2 (1+3+0)/3 = 4/3 → a = 8/3 + 8/3 = 16/3 of 10
    assert result.section("a").percent == pytest.approx(160 / 3)
    # b1 (3+0+4)/3 = 7/3; b2 (2+5)/2 = 3.5 → b = 35/6 of 9
    assert result.section("b").percent == pytest.approx(100 * 35 / 54)
    assert result.percent == pytest.approx((2 * 160 / 3 + 100 * 35 / 54) / 3)


def test_respondents_combine_by_median(small):
    result = combine(small, EVERYONE, "median")
    # a1 med(3,1,4) = 3; a2 med(1,3,0) = 1 → 5 of 10; b1 med(3,0,4) = 3; b2 3.5 → 6.5 of 9
    assert result.section("a").percent == pytest.approx(50)
    assert result.section("b").percent == pytest.approx(650 / 9)


def test_authority_rule_counts_the_local_authority_only(small):
    assert combine(small, EVERYONE, "authority") == score_answers(small, AUTHORITY.answers)


def test_results_per_group(small):
    groups = by_group(small, EVERYONE)
    assert list(groups) == ["authority", "stakeholder"]
    # stakeholders: a1 2.5, a2 1.5 → 5.5 of 10; b1 (0+4)/2 = 2, b2 5 → 7 of 9
    assert groups["stakeholder"].section("a").percent == pytest.approx(55)
    assert groups["stakeholder"].section("b").percent == pytest.approx(700 / 9)


def test_combined_equals_an_independent_recomputation(small):
    """The mean rule recomputed from scratch: each question's mean score, then
    the section and total shares straight from their definitions."""
    scores = {}
    for code, question in small.questions.items():
        if not question.is_scored:
            continue
        given = [question.score(r.answers[code]) for r in EVERYONE if code in r.answers]
        if given:
            scores[code] = sum(given) / len(given)
    shares, weights = [], []
    for section in small.sections:
        points = sum(q.weight * scores[q.code] for q in section.scored if q.code in scores)
        most = sum(q.weight * q.maximum for q in section.scored if q.code in scores)
        shares.append(100 * points / most)
        weights.append(section.weight)
    expected = sum(w * s for w, s in zip(weights, shares, strict=True)) / sum(weights)
    assert combine(small, EVERYONE, "mean").percent == pytest.approx(expected)


@pytest.mark.parametrize(
    ("code", "answer", "message"),
    [
        ("a1", 5, "outside the scale"),
        ("a1", -1, "outside the scale"),
        ("a1", 2.5, "whole number"),
        ("a2", "maybe", "not one of the choices"),
        ("b1", float("nan"), "finite"),
        ("b1", float("inf"), "finite"),
        ("b1", "12", "must be a number"),
        ("zz", 1, "no such question"),
    ],
)
def test_answers_a_question_cannot_take_are_refused(small, code, answer, message):
    with pytest.raises(AnswerError, match=message):
        score_answers(small, {code: answer})


def test_progress_between_two_results(small):
    before = score_answers(small, STAKEHOLDER_1.answers)
    after = score_answers(small, AUTHORITY.answers)
    changes = {change.code: change.delta for change in progress(before, after)}
    # a: 1 + 2×3 = 7 of 10 (70 %) → 50 %; b: 0 % → 55.56 %
    assert changes["a"] == pytest.approx(-20)
    assert changes["b"] == pytest.approx(500 / 9)


# Benchmarks: quartiles by linear interpolation, Hyndman & Fan definition 7.
# Worked by hand for 10, 20, …, 80 (n = 8): the p-quantile lies at position
# h = (n − 1)p = 1.75, 3.5, 5.25 (counting from 0) → 27.5, 45, 62.5.


def test_benchmark_worked_by_hand():
    found = benchmark([80, 10, 30, 20, 50, 40, 70, 60])
    assert (found.lower_quartile, found.median, found.upper_quartile) == (27.5, 45, 62.5)
    assert (found.count, found.minimum, found.maximum) == (8, 10, 80)
    assert found.quartile_of(27.5) == 1
    assert found.quartile_of(44) == 2
    assert found.quartile_of(62.5) == 3
    assert found.quartile_of(63) == 4


@settings(deadline=None, max_examples=500)  # a shared machine: no timing, but many cases
@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=2, max_size=60))
def test_benchmark_matches_numpy_linear_percentiles(values):
    found = benchmark(values)
    expected = numpy.percentile(values, [25, 50, 75], method="linear")
    assert [found.lower_quartile, found.median, found.upper_quartile] == pytest.approx(
        list(expected), abs=1e-9
    )
    assert found.median == pytest.approx(statistics.median(values))


def test_benchmark_edge_cases():
    assert benchmark([]) is None
    one = benchmark([42.0])
    assert (one.lower_quartile, one.median, one.upper_quartile) == (42.0, 42.0, 42.0)
    with pytest.raises(ValueError, match="finite"):
        benchmark([1.0, float("nan")])


@pytest.mark.parametrize(
    ("population", "band"),
    [
        (None, None),
        (0, "small"),
        (49_999, "small"),
        (50_000, "medium"),
        (249_999, "medium"),
        (250_000, "large"),
        (999_999, "large"),
        (1_000_000, "metropolitan"),
    ],
)
def test_size_bands(population, band):
    assert size_band(population) == band


def _changed(**changes):
    data = json.loads(json.dumps(SMALL))
    for path, value in changes.items():
        target = data
        *steps, last = path.split("__")
        for step in steps:
            target = target[int(step)] if step.isdigit() else target[step]
        target[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"version": 0}, "version"),
        ({"instrument": "water"}, "instrument"),
        ({"combination": "max"}, "combination"),
        ({"licence": ""}, "licence"),
        ({"name": {"fr": "Sans anglais"}}, "English"),
        ({"name": {"en": "x", "de": "y"}}, "unknown language"),
        ({"sections__0__questions__0__kind": "slider"}, "kind"),
        ({"sections__0__questions__0__scale": {"min": 3, "max": 3}}, "scale"),
        ({"sections__0__questions__0__weight": float("inf")}, "weight"),
        ({"sections__0__questions__1__choices": [{"code": "y", "label": "Y", "score": 1}]}, "two"),
        ({"sections__1__questions__0__unit": "parsecs of cheese"}, "b1"),
        ({"sections__1__questions__0__bands__4": {"below": 30, "score": 4}}, "last has none"),
        ({"sections__1__questions__0__bands__1": {"below": 0.5, "score": 1}}, "rise"),
        ({"sections__1__questions__1__code": "a1"}, "used twice"),
        ({"sections__1__code": "a"}, "same code"),
    ],
)
def test_faulty_questionnaires_are_refused_with_where_and_why(changes, message):
    with pytest.raises(QuestionnaireError, match=message):
        read_questionnaire(_changed(**changes))


def test_the_shipped_la21_questionnaire_reads():
    path = Path(engine.__file__).parents[1] / "sustainability/assessments/data/la21.json"
    la21 = read_questionnaire(json.loads(path.read_text()))
    assert [s.code for s in la21.sections] == [
        "commitment",
        "participation",
        "vision",
        "targets",
        "action_plan",
        "implementation",
        "monitoring",
        "evaluation",
        "integration",
        "reporting",
    ]
    assert all(3 <= len(s.questions) <= 5 for s in la21.sections)
    assert la21.campaign == "local-agenda-21"
    # Every scored question's best answers give 100 %.
    best = {}
    for code, question in la21.questions.items():
        if question.kind == "scale":
            best[code] = question.scale_max
        elif question.kind == "choice":
            best[code] = max(question.choices, key=lambda c: c.score).code
        elif question.kind == "number":
            best[code] = 1e6
    assert score_answers(la21, best).percent == pytest.approx(100)
