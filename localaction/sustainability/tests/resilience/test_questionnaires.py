"""The questionnaires written for this package (assessments/data/*.json) are
complete and score as their sources say.

Bands are read by the shared format's rule (the first band whose `below` is
greater than the value; the last band has none) — `_band_score` below is that
rule written out independently of the engine.
"""

import json
from pathlib import Path

import pytest

from localaction.core import assessments as engine
from localaction.core.units import parse_unit

DATA = Path(__file__).parents[2] / "assessments" / "data"
LANGUAGES = {"en", "es", "fr", "pt"}


def _load(code):
    return json.loads((DATA / f"{code}.json").read_text(encoding="utf-8"))


def _text_ok(value):
    if isinstance(value, dict):
        return "en" in value and set(value) <= LANGUAGES and all(value.values())
    return isinstance(value, str) and value.strip() != ""


def _scored(questionnaire):
    return [
        (section, question)
        for section in questionnaire["sections"]
        for question in section["questions"]
        if question["kind"] != "text"
    ]


def _max(question):
    if question["kind"] == "scale":
        return question["scale"]["max"]
    if question["kind"] == "number":
        return max(band["score"] for band in question["bands"])
    return max(choice["score"] for choice in question["choices"])


def _band_score(question, value):
    for band in question["bands"]:
        if "below" not in band or value < band["below"]:
            return band["score"]
    raise AssertionError("the last band must have no `below`")


def _cbi():
    return {q["code"]: q for _section, q in _scored(_load("cbi"))}


@pytest.mark.parametrize("code", ["cbi", "resilience-preliminary", "resilience-detailed"])
def test_every_file_is_complete_in_the_shared_format(code):
    questionnaire = _load(code)
    engine.read_questionnaire(questionnaire)  # the engine's own checks
    assert questionnaire["code"] == code and questionnaire["version"] == 1
    for field in ("name", "source", "licence"):
        assert _text_ok(questionnaire[field]), field
    assert questionnaire["combination"] in {"mean", "median", "authority"}
    codes = [q["code"] for section in questionnaire["sections"] for q in section["questions"]]
    assert len(codes) == len(set(codes)), "question codes are unique"
    for section in questionnaire["sections"]:
        assert _text_ok(section["title"]) and section["weight"] > 0
        for question in section["questions"]:
            assert _text_ok(question["text"])
            assert question["kind"] in {"scale", "choice", "number", "text"}
            if question["kind"] == "scale":
                scale = question["scale"]
                assert set(scale["labels"]) == {
                    str(v) for v in range(scale["min"], scale["max"] + 1)
                }
                assert all(_text_ok(label) for label in scale["labels"].values())
            if question["kind"] == "number":
                parse_unit(question["unit"])  # a unit the platform reads
                bands = question["bands"]
                assert "below" not in bands[-1]
                limits = [band["below"] for band in bands[:-1]]
                assert limits == sorted(limits) and len(set(limits)) == len(limits)


def test_the_cbi_has_23_indicators_in_the_manuals_three_parts_out_of_92():
    """User's Manual on the Singapore Index on Cities' Biodiversity (2014), Table 1:
    native biodiversity 1–10, ecosystem services 11–14, governance and
    management 15–23; each scored 0–4, 92 at most."""
    questionnaire = _load("cbi")
    assert questionnaire["instrument"] == "biodiversity"
    parts = {
        section["code"]: [q["code"] for q in section["questions"]]
        for section in questionnaire["sections"]
    }
    assert parts == {
        "native": [f"cbi.{n}" for n in range(1, 11)],
        "services": [f"cbi.{n}" for n in range(11, 15)],
        "governance": [f"cbi.{n}" for n in range(15, 24)],
    }
    scored = _scored(questionnaire)
    assert len(scored) == 23
    assert all(min_score(q) == 0 and _max(q) == 4 for _section, q in scored)
    assert sum(_max(q) for _section, q in scored) == 92
    # Equal section weights: the engine's total points are the sum of the
    # parts' points, out of 92, as the manual adds them.
    assert all(section["weight"] == 1 for section in questionnaire["sections"])


def min_score(question):
    if question["kind"] == "scale":
        return question["scale"]["min"]
    return min(band["score"] for band in question["bands"])


# Worked by hand from the manual's scoring tables (User's Manual on the
# Singapore Index, 2014): (indicator, value in the question's unit, points).
MANUAL_EXAMPLES = [
    ("cbi.1", 0.5, 0),  # < 1 % natural area
    ("cbi.1", 6.9, 1),  # 1 %–6.9 %
    ("cbi.1", 7.0, 2),  # 7 %–13.9 %
    ("cbi.1", 20.0, 3),  # 14 %–20 %
    ("cbi.1", 21.0, 4),  # > 20 %
    ("cbi.2", 200, 0),  # effective mesh size ≤ 200 ha
    ("cbi.2", 750, 2),  # 501–1,000 ha
    ("cbi.2", 1600, 4),  # > 1,500 ha
    ("cbi.3", 18, 0),  # < 19 bird species in built-up areas
    ("cbi.3", 27, 1),  # 19–27
    ("cbi.3", 68, 3),  # 47–68
    ("cbi.3", 69, 4),  # > 68
    ("cbi.4", -3, 0),  # a decrease in native plant species
    ("cbi.4", 0, 0),  # maintained
    ("cbi.4", 2, 2),
    ("cbi.4", 9, 4),  # 4 or more
    ("cbi.9", 1.3, 0),  # < 1.4 % protected
    ("cbi.9", 7.3, 1),  # 1.4 %–7.3 %
    ("cbi.9", 19.4, 3),  # 11.2 %–19.4 %
    ("cbi.10", 0.5, 4),  # < 1 % invasive alien species: lower is better
    ("cbi.10", 11.0, 3),  # 1 %–11 %
    ("cbi.10", 25.0, 1),  # 20.1 %–30 %
    ("cbi.10", 31.0, 0),  # > 30 %
    ("cbi.11", 33.0, 0),  # < 33.1 % permeable
    ("cbi.11", 70.0, 3),  # 64.3 %–75 %
    ("cbi.12", 19.1, 1),  # 10.5 %–19.1 % canopy
    ("cbi.12", 60.0, 4),  # > 59.7 %
    ("cbi.13", 0.5, 0),  # 0.05 ha / 1,000 persons = 0.5 m² / person: < 0.1
    ("cbi.13", 5.0, 2),  # 0.5 ha / 1,000 persons: 0.4–0.6
    ("cbi.13", 12.0, 4),  # 1.2 ha / 1,000 persons: > 0.9
    ("cbi.14", 0, 0),
    ("cbi.14", 3, 3),
    ("cbi.14", 4, 4),  # more than 3 visits
    ("cbi.15", 2.5, 2),  # 2.3 %–2.7 % of the budget
    ("cbi.16", 40, 3),  # 40–71 projects
    ("cbi.19", 2, 0),  # 1 or 2 agencies
    ("cbi.19", 6, 4),  # more than 5
    ("cbi.21", 0, 0),
    ("cbi.21", 13, 3),  # 13–19 partners
    ("cbi.23", 300, 3),  # 150–300 events
    ("cbi.23", 301, 4),
]


@pytest.mark.parametrize(("code", "value", "points"), MANUAL_EXAMPLES)
def test_the_cbi_bands_score_as_the_manual(code, value, points):
    assert _band_score(_cbi()[code], value) == points
    question = engine.read_questionnaire(_load("cbi")).questions[code]
    assert question.score(value) == points


def test_a_worked_city_totals_its_points_out_of_92():
    """A city scored by hand, indicator by indicator (values chosen to land in
    known bands): 4+2+1+0+1+2+0+0+3+3 = 16 native; 2+3+2+1 = 8 services;
    governance 1+1+3+2+2+4+4+1+2 = 20; 44 of 92."""
    cbi = _cbi()
    numbers = {
        "cbi.1": 25,
        "cbi.2": 750,
        "cbi.3": 20,
        "cbi.4": 0,
        "cbi.5": 1,
        "cbi.6": 2,
        "cbi.7": -1,
        "cbi.8": 0,
        "cbi.9": 15,
        "cbi.10": 5,
        "cbi.11": 50,
        "cbi.12": 30,
        "cbi.13": 4,
        "cbi.14": 1,
        "cbi.15": 1.0,
        "cbi.16": 15,
        "cbi.18": 2,
        "cbi.19": 4,
        "cbi.21": 30,
        "cbi.23": 100,
    }
    scales = {"cbi.17": 3, "cbi.20": 4, "cbi.22": 1}
    points = {code: _band_score(cbi[code], value) for code, value in numbers.items()} | scales
    native = sum(points[f"cbi.{n}"] for n in range(1, 11))
    services = sum(points[f"cbi.{n}"] for n in range(11, 15))
    governance = sum(points[f"cbi.{n}"] for n in range(15, 24))
    assert (native, services, governance) == (16, 8, 20)
    assert native + services + governance == 44
    # The engine scores the same answers the same way (its own band rule).
    result = engine.score_answers(engine.read_questionnaire(_load("cbi")), numbers | scales)
    assert (result.points, result.maximum) == (44, 92)
    assert [s.points for s in result.sections] == [16, 8, 20]
    assert result.section("native").percent == pytest.approx(100 * 16 / 40)


ESSENTIALS = [f"e{n}" for n in range(1, 11)]


@pytest.mark.parametrize(
    ("level", "top", "least", "most"),
    [("preliminary", 3, 3, 5), ("detailed", 5, 6, 8)],
)
def test_the_scorecard_has_the_ten_essentials_at_each_level(level, top, least, most):
    """UNDRR Disaster Resilience Scorecard for Cities (2017): the preliminary
    level scores 0–3, the detailed level 0–5, across the Ten Essentials."""
    questionnaire = _load(f"resilience-{level}")
    assert questionnaire["instrument"] == "resilience" and questionnaire["level"] == level
    assert questionnaire["campaign"] == "resilient-communities"
    assert [s["code"] for s in questionnaire["sections"]] == ESSENTIALS
    for number, section in enumerate(questionnaire["sections"], 1):
        assert section["title"].startswith(f"Essential {number}:")
        scored = [q for q in section["questions"] if q["kind"] != "text"]
        assert least <= len(scored) <= most
        assert all(q["kind"] == "scale" for q in scored)
        assert all((q["scale"]["min"], q["scale"]["max"]) == (0, top) for q in scored)


def test_a_scorecard_is_scored_by_essential():
    """Preliminary level, worked by hand: Essential 1 answered 3, 2, 1, 0 → 6 of
    12 points, 50 %; Essential 2 answered 3, 3, 3, 3 → 12 of 12, 100 %; the
    others unanswered count neither way: total 18 of 24, 75 %."""
    questionnaire = engine.read_questionnaire(_load("resilience-preliminary"))
    answers = {"e1.1": 3, "e1.2": 2, "e1.3": 1, "e1.4": 0} | {f"e2.{n}": 3 for n in range(1, 5)}
    result = engine.score_answers(questionnaire, answers)
    assert (result.section("e1").points, result.section("e1").percent) == (6, 50)
    assert (result.section("e2").points, result.section("e2").percent) == (12, 100)
    assert result.section("e3").points is None
    assert (result.points, result.maximum, result.percent) == (18, 24, 75)


def test_an_answer_outside_the_scale_is_refused():
    questionnaire = engine.read_questionnaire(_load("resilience-preliminary"))
    with pytest.raises(engine.AnswerError):
        engine.score_answers(questionnaire, {"e1.1": 4})  # preliminary: 0–3
    detailed = engine.read_questionnaire(_load("resilience-detailed"))
    assert engine.score_answers(detailed, {"e1.1": 5}).points == 5
    with pytest.raises(engine.AnswerError):
        engine.score_answers(detailed, {"e1.1": 6})
