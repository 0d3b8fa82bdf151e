"""Self-assessments: questionnaires, their scoring, and benchmarks.

A questionnaire (the Local Agenda 21 self-assessment, the resilience
scorecard, the City Biodiversity Index) is data: sections of questions, each
question of one kind —

- ``scale``: an integer from the scale's minimum to its maximum; the score is
  the value;
- ``choice``: one of the question's options; the score is the option's;
- ``number``: a quantity in the question's unit (callers convert answers given
  in another unit of the same dimension first); the score is that of the first
  band whose ``below`` is greater than the value, the last band having no
  ``below``;
- ``text``: never scored.

**The scoring rule.** A section's score is the weighted mean of its answered,
scored questions' scores, as points (the weighted sum of the scores, out of
the weighted sum of their maxima) and as a share of the maximum
(points / maximum, 0–100 %). Unanswered questions count neither way; the
result says how many were answered. The total is the mean of the sections'
shares weighted by the sections' weights (sections without an answer left
out), and its points are the sum of the sections' points weighted likewise.

**Several respondents** (the local authority and its stakeholders) answer on
their own. Their answers combine question by question, on the scores: the
mean of the respondents' scores (``mean``), their median (``median``) or the
local authority's respondents' only, averaged when there are several
(``authority``); the combined scores are then scored as one respondent's.

**Benchmarks** are the median and quartiles of members' total shares,
computed as ``statistics.quantiles(values, n=4, method="inclusive")``: linear
interpolation between order statistics, where the data's minimum and maximum
are the 0th and 100th percentiles (Hyndman and Fan's definition 7, the
default of R's ``quantile`` and of spreadsheets' QUARTILE.INC).

This module knows nothing of where questionnaires and answers are kept;
`read_questionnaire` checks a questionnaire file's content.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from localaction.core.units import UnitError, parse_unit

KINDS = ("scale", "choice", "number", "text")
"""The kinds of question."""
SCORED_KINDS = ("scale", "choice", "number")
COMBINATIONS = ("mean", "median", "authority")
"""How respondents' answers combine."""
GROUPS = ("authority", "stakeholder")
"""The respondent groups: the local authority's people, and its stakeholders."""
INSTRUMENTS = ("la21", "resilience", "biodiversity")
LANGUAGES = ("en", "es", "fr", "pt")
"""The languages a questionnaire's texts may be written in; English is required."""
MAX_WEIGHT = 1_000.0
MAX_SCORE = 1_000_000.0
"""Scores and weights beyond these are refused as mistakes."""
MAX_SCALE_STEPS = 100

Text = Mapping[str, str]
"""A text in several languages, by language code; "en" is always there."""


class QuestionnaireError(ValueError):
    """A questionnaire file that cannot be read; the message says where and why."""


class AnswerError(ValueError):
    """An answer a question cannot take; the message says why."""


@dataclass(frozen=True)
class Choice:
    code: str
    score: float
    label: Text = field(default_factory=dict)


@dataclass(frozen=True)
class Band:
    """Values below `below` (and at or above the previous band's) score `score`;
    `below` is None for the last band, which takes every value left."""

    below: float | None
    score: float


@dataclass(frozen=True)
class Question:
    code: str
    kind: str
    weight: float = 1.0
    text: Text = field(default_factory=dict)
    help: Text = field(default_factory=dict)
    scale_min: int = 0
    scale_max: int = 0
    scale_labels: Mapping[int, Text] = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()
    unit: str = ""
    bands: tuple[Band, ...] = ()

    @property
    def is_scored(self) -> bool:
        return self.kind in SCORED_KINDS

    @property
    def maximum(self) -> float:
        """The highest score the question can give (0 for a text question)."""
        if self.kind == "scale":
            return float(self.scale_max)
        if self.kind == "choice":
            return max(choice.score for choice in self.choices)
        if self.kind == "number":
            return max(band.score for band in self.bands)
        return 0.0

    def score(self, answer: float | str) -> float:
        """The score of `answer`: a scale value, a choice's code, or a number in
        the question's unit. AnswerError for an answer the question cannot take."""
        if self.kind == "scale":
            if isinstance(answer, bool) or not isinstance(answer, int | float):
                raise AnswerError(f"{self.code}: the answer must be a whole number on the scale")
            if not math.isfinite(answer) or answer != int(answer):
                raise AnswerError(f"{self.code}: the answer must be a whole number on the scale")
            if not self.scale_min <= answer <= self.scale_max:
                raise AnswerError(
                    f"{self.code}: {answer:g} is outside the scale "
                    f"({self.scale_min} to {self.scale_max})"
                )
            return float(answer)
        if self.kind == "choice":
            for choice in self.choices:
                if choice.code == answer:
                    return choice.score
            known = ", ".join(choice.code for choice in self.choices)
            raise AnswerError(f"{self.code}: {answer!r} is not one of the choices ({known})")
        if self.kind == "number":
            if isinstance(answer, bool) or not isinstance(answer, int | float):
                raise AnswerError(f"{self.code}: the answer must be a number")
            if not math.isfinite(answer):
                raise AnswerError(f"{self.code}: the answer must be a finite number")
            for band in self.bands:
                if band.below is None or answer < band.below:
                    return band.score
        raise AnswerError(f"{self.code}: a {self.kind} question is not scored")


@dataclass(frozen=True)
class Section:
    code: str
    questions: tuple[Question, ...]
    weight: float = 1.0
    title: Text = field(default_factory=dict)
    description: Text = field(default_factory=dict)

    @property
    def scored(self) -> tuple[Question, ...]:
        return tuple(question for question in self.questions if question.is_scored)


@dataclass(frozen=True)
class Questionnaire:
    code: str
    version: int
    sections: tuple[Section, ...]
    name: Text = field(default_factory=dict)
    instrument: str = "la21"
    level: str = ""
    source: str = ""
    licence: str = ""
    combination: str = "mean"
    campaign: str = ""

    @property
    def questions(self) -> dict[str, Question]:
        """Every question, by code."""
        return {q.code: q for section in self.sections for q in section.questions}


@dataclass(frozen=True)
class SectionScore:
    code: str
    points: float | None
    """The weighted sum of the answered questions' scores (None: none answered)."""
    maximum: float
    """The weighted sum of the answered questions' maxima."""
    percent: float | None
    """points / maximum, 0–100."""
    answered: int
    questions: int
    """How many scored questions the section has."""
    weight: float = 1.0


@dataclass(frozen=True)
class Result:
    sections: tuple[SectionScore, ...]
    points: float | None
    maximum: float
    percent: float | None
    answered: int
    questions: int

    def section(self, code: str) -> SectionScore:
        for section in self.sections:
            if section.code == code:
                return section
        raise KeyError(code)


def score(questionnaire: Questionnaire, scores: Mapping[str, float]) -> Result:
    """The result of question scores (by question code) by the scoring rule
    (module docstring). Codes of text or unknown questions are ignored, as are
    questions without a score."""
    sections = []
    for section in questionnaire.sections:
        answered = [(q, scores[q.code]) for q in section.scored if q.code in scores]
        points = sum(q.weight * value for q, value in answered) if answered else None
        maximum = sum(q.weight * q.maximum for q, _value in answered)
        percent = None
        if points is not None:
            percent = 100.0 * points / maximum if maximum else 0.0
        sections.append(
            SectionScore(
                code=section.code,
                points=points,
                maximum=maximum,
                percent=percent,
                answered=len(answered),
                questions=len(section.scored),
                weight=section.weight,
            )
        )
    counted = [s for s in sections if s.percent is not None and s.weight > 0]
    total_weight = sum(s.weight for s in counted)
    percent = None
    points = None
    if counted and total_weight:
        percent = sum(s.weight * (s.percent or 0.0) for s in counted) / total_weight
        points = sum(s.weight * (s.points or 0.0) for s in counted)
    return Result(
        sections=tuple(sections),
        points=points,
        maximum=sum(s.weight * s.maximum for s in counted),
        percent=percent,
        answered=sum(s.answered for s in sections),
        questions=sum(s.questions for s in sections),
    )


def question_scores(
    questionnaire: Questionnaire, answers: Mapping[str, float | str]
) -> dict[str, float]:
    """The score of each answered scored question; AnswerError for an answer to
    a question the questionnaire does not have, or one its question cannot take."""
    questions = questionnaire.questions
    scores = {}
    for code, answer in answers.items():
        if code not in questions:
            raise AnswerError(
                f"{code}: no such question in {questionnaire.code} version {questionnaire.version}"
            )
        question = questions[code]
        if question.is_scored:
            scores[code] = question.score(answer)
    return scores


def score_answers(questionnaire: Questionnaire, answers: Mapping[str, float | str]) -> Result:
    """One respondent's result: `answers` by question code (scale values,
    choice codes, numbers in the question's unit, texts)."""
    return score(questionnaire, question_scores(questionnaire, answers))


@dataclass(frozen=True)
class Respondent:
    """One respondent's answers, with the group they answered in."""

    group: str
    answers: Mapping[str, float | str]


def combine_scores(per_respondent: Sequence[Mapping[str, float]], rule: str) -> dict[str, float]:
    """Question scores combined over respondents: the mean or the median of the
    scores given to each question (respondents who left it out do not count)."""
    if rule not in ("mean", "median"):
        raise ValueError(f"scores combine by mean or median, not {rule!r}")
    given: dict[str, list[float]] = {}
    for scores in per_respondent:
        for code, value in scores.items():
            given.setdefault(code, []).append(value)
    how = statistics.fmean if rule == "mean" else statistics.median
    return {code: float(how(values)) for code, values in given.items()}


def combine(questionnaire: Questionnaire, respondents: Sequence[Respondent], rule: str) -> Result:
    """The combined result of several respondents by `rule` (COMBINATIONS):
    "mean" or "median" of every respondent's score per question, or
    "authority": the mean of the local authority's respondents' only."""
    if rule not in COMBINATIONS:
        raise ValueError(f"the combination rule must be one of {COMBINATIONS}, not {rule!r}")
    counted = respondents
    if rule == "authority":
        counted = [r for r in respondents if r.group == "authority"]
    per_respondent = [question_scores(questionnaire, r.answers) for r in counted]
    return score(
        questionnaire, combine_scores(per_respondent, "median" if rule == "median" else "mean")
    )


def by_group(questionnaire: Questionnaire, respondents: Sequence[Respondent]) -> dict[str, Result]:
    """Each respondent group's result (the mean of its respondents' scores per
    question), for the groups that have respondents, in GROUPS order."""
    results = {}
    for group in GROUPS:
        members = [r for r in respondents if r.group == group]
        if members:
            results[group] = combine(questionnaire, members, "mean")
    return results


@dataclass(frozen=True)
class SectionChange:
    code: str
    previous: float
    current: float

    @property
    def delta(self) -> float:
        """The change in percentage points."""
        return self.current - self.previous


def progress(previous: Result, current: Result) -> tuple[SectionChange, ...]:
    """How each section's share moved from `previous` to `current`, for the
    sections both results scored (matched by section code)."""
    before = {s.code: s.percent for s in previous.sections if s.percent is not None}
    return tuple(
        SectionChange(s.code, before[s.code], s.percent)
        for s in current.sections
        if s.percent is not None and s.code in before
    )


@dataclass(frozen=True)
class Benchmark:
    """The distribution of members' values: their count, median and quartiles
    (statistics.quantiles, method "inclusive"), minimum and maximum."""

    count: int
    lower_quartile: float
    median: float
    upper_quartile: float
    minimum: float
    maximum: float

    def quartile_of(self, value: float) -> int:
        """In which quartile `value` falls: 1 (at or below the lower quartile) to 4
        (above the upper)."""
        if value <= self.lower_quartile:
            return 1
        if value <= self.median:
            return 2
        if value <= self.upper_quartile:
            return 3
        return 4


def benchmark(values: Iterable[float]) -> Benchmark | None:
    """The benchmark of `values` (None without any); non-finite values are refused."""
    data = sorted(values)
    if not data:
        return None
    if not all(math.isfinite(value) for value in data):
        raise ValueError("a benchmark takes finite numbers only")
    if len(data) == 1:
        lower = middle = upper = data[0]
    else:
        lower, middle, upper = statistics.quantiles(data, n=4, method="inclusive")
    return Benchmark(
        count=len(data),
        lower_quartile=lower,
        median=middle,
        upper_quartile=upper,
        minimum=data[0],
        maximum=data[-1],
    )


SIZE_BANDS: tuple[tuple[str, int | None], ...] = (
    ("small", 50_000),
    ("medium", 250_000),
    ("large", 1_000_000),
    ("metropolitan", None),
)
"""Population bands of benchmarks: below 50,000 people (small), 50,000 to
249,999 (medium), 250,000 to 999,999 (large), one million and more
(metropolitan)."""


def size_band(population: int | None) -> str | None:
    """The size band (SIZE_BANDS) of a population; None when it is not known."""
    if population is None or population < 0:
        return None
    for code, below in SIZE_BANDS:
        if below is None or population < below:
            return code
    raise AssertionError("the last size band has no upper limit")


# Reading a questionnaire file ------------------------------------------------


def _where(*parts: object) -> str:
    return " › ".join(str(part) for part in parts if part != "")


def _text(value: Any, where: str, *, required: bool = True) -> dict[str, str]:
    if value is None or value == "":
        if required:
            raise QuestionnaireError(f"{where}: a text is required")
        return {}
    if isinstance(value, str):
        return {"en": value.strip()}
    if not isinstance(value, Mapping):
        raise QuestionnaireError(f"{where}: a text is a string or an object of languages")
    unknown = sorted(set(value) - set(LANGUAGES))
    if unknown:
        raise QuestionnaireError(f"{where}: unknown language {', '.join(unknown)}")
    if not isinstance(value.get("en"), str) or not value["en"].strip():
        raise QuestionnaireError(f"{where}: the English text is required")
    if not all(isinstance(text, str) for text in value.values()):
        raise QuestionnaireError(f"{where}: every translation is a string")
    return {language: text.strip() for language, text in value.items() if text.strip()}


def _number(value: Any, where: str, *, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise QuestionnaireError(f"{where}: must be a number, not {value!r}")
    if not (math.isfinite(value) and low <= value <= high):
        raise QuestionnaireError(f"{where}: must be a finite number from {low:g} to {high:g}")
    return float(value)


def _code(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value or len(value) > 60:
        raise QuestionnaireError(f"{where}: a code of 1 to 60 characters is required")
    if not all(c.isascii() and (c.isalnum() or c in "-_.") for c in value):
        raise QuestionnaireError(f"{where}: the code {value!r} may hold letters, digits, - _ .")
    return value


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _question(data: Any, where: str) -> Question:
    if not isinstance(data, Mapping):
        raise QuestionnaireError(f"{where}: a question is an object")
    code = _code(data.get("code"), _where(where, "code"))
    where = _where(where, code)
    kind = data.get("kind")
    if kind not in KINDS:
        raise QuestionnaireError(f"{where}: kind must be one of {', '.join(KINDS)}")
    weight = _number(data.get("weight", 1), _where(where, "weight"), low=0, high=MAX_WEIGHT)
    question: dict[str, Any] = {
        "code": code,
        "kind": kind,
        "weight": weight,
        "text": _text(data.get("text"), _where(where, "text")),
        "help": _text(data.get("help"), _where(where, "help"), required=False),
    }
    if kind == "scale":
        scale = data.get("scale")
        if not isinstance(scale, Mapping):
            raise QuestionnaireError(f"{where}: a scale question needs its scale")
        low, high = scale.get("min"), scale.get("max")
        if not (_whole(low) and _whole(high)):
            raise QuestionnaireError(f"{where}: the scale's min and max are whole numbers")
        assert isinstance(low, int) and isinstance(high, int)
        if not 0 <= low < high <= MAX_SCALE_STEPS:
            raise QuestionnaireError(
                f"{where}: the scale runs from a min of 0 or more to a greater max "
                f"of at most {MAX_SCALE_STEPS}"
            )
        labels = {}
        for key, label in (scale.get("labels") or {}).items():
            if not str(key).isdigit() or not low <= int(key) <= high:
                raise QuestionnaireError(f"{where}: the scale label {key!r} is not on the scale")
            labels[int(key)] = _text(label, _where(where, "scale", key))
        question |= {"scale_min": low, "scale_max": high, "scale_labels": labels}
    elif kind == "choice":
        raw = data.get("choices")
        if not isinstance(raw, list) or len(raw) < 2:
            raise QuestionnaireError(f"{where}: a choice question needs two choices or more")
        choices: list[Choice] = []
        for index, choice in enumerate(raw, start=1):
            if not isinstance(choice, Mapping):
                raise QuestionnaireError(f"{where}: choice {index} is an object")
            choices.append(
                Choice(
                    code=_code(choice.get("code"), _where(where, "choice", index)),
                    score=_number(
                        choice.get("score"), _where(where, "choice", index), low=0, high=MAX_SCORE
                    ),
                    label=_text(choice.get("label"), _where(where, "choice", index, "label")),
                )
            )
        if len({c.code for c in choices}) != len(choices):
            raise QuestionnaireError(f"{where}: two choices have the same code")
        question["choices"] = tuple(choices)
    elif kind == "number":
        unit = data.get("unit")
        if not isinstance(unit, str) or not unit:
            raise QuestionnaireError(f"{where}: a number question needs its unit")
        try:
            parse_unit(unit)
        except UnitError as error:
            raise QuestionnaireError(f"{where}: {error}") from None
        raw = data.get("bands")
        if not isinstance(raw, list) or len(raw) < 2:
            raise QuestionnaireError(f"{where}: a number question needs two bands or more")
        bands: list[Band] = []
        for index, band in enumerate(raw, start=1):
            if not isinstance(band, Mapping):
                raise QuestionnaireError(f"{where}: band {index} is an object")
            last = index == len(raw)
            if last != ("below" not in band):
                raise QuestionnaireError(
                    f"{where}: every band but the last has a 'below', the last has none"
                )
            below = None
            if not last:
                below = _number(band["below"], _where(where, "band", index), low=-1e15, high=1e15)
                if bands and bands[-1].below is not None and below <= bands[-1].below:
                    raise QuestionnaireError(f"{where}: the bands' limits must rise")
            bands.append(
                Band(
                    below,
                    _number(band.get("score"), _where(where, "band", index), low=0, high=MAX_SCORE),
                )
            )
        question |= {"unit": unit, "bands": tuple(bands)}
    result = Question(**question)
    if result.is_scored and result.maximum <= 0:
        raise QuestionnaireError(f"{where}: the highest score must be above 0")
    return result


def read_questionnaire(data: Any) -> Questionnaire:
    """The questionnaire a file's JSON content describes (docs: the questionnaire
    data format), or QuestionnaireError naming the first fault and where it is."""
    if not isinstance(data, Mapping):
        raise QuestionnaireError("a questionnaire is a JSON object")
    code = _code(data.get("code"), "code")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= 10_000:
        raise QuestionnaireError("version: a whole number from 1 is required")
    instrument = data.get("instrument")
    if instrument not in INSTRUMENTS:
        raise QuestionnaireError(f"instrument: must be one of {', '.join(INSTRUMENTS)}")
    combination = data.get("combination", "mean")
    if combination not in COMBINATIONS:
        raise QuestionnaireError(f"combination: must be one of {', '.join(COMBINATIONS)}")
    for key in ("level", "source", "licence", "campaign"):
        if not isinstance(data.get(key, ""), str):
            raise QuestionnaireError(f"{key}: must be a string")
    if not str(data.get("source", "")).strip() or not str(data.get("licence", "")).strip():
        raise QuestionnaireError("source and licence: both must be named")
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise QuestionnaireError("sections: at least one section is required")
    sections = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_sections, start=1):
        if not isinstance(raw, Mapping):
            raise QuestionnaireError(f"section {index}: a section is an object")
        section_code = _code(raw.get("code"), _where("section", index, "code"))
        where = _where("section", section_code)
        questions_raw = raw.get("questions")
        if not isinstance(questions_raw, list) or not questions_raw:
            raise QuestionnaireError(f"{where}: at least one question is required")
        questions = tuple(_question(q, where) for q in questions_raw)
        for question in questions:
            if question.code in seen:
                raise QuestionnaireError(
                    f"{where}: the question code {question.code} is used twice"
                )
            seen.add(question.code)
        sections.append(
            Section(
                code=section_code,
                questions=questions,
                weight=_number(
                    raw.get("weight", 1), _where(where, "weight"), low=0, high=MAX_WEIGHT
                ),
                title=_text(raw.get("title"), _where(where, "title")),
                description=_text(
                    raw.get("description"), _where(where, "description"), required=False
                ),
            )
        )
    if len({s.code for s in sections}) != len(sections):
        raise QuestionnaireError("sections: two sections have the same code")
    return Questionnaire(
        code=code,
        version=version,
        sections=tuple(sections),
        name=_text(data.get("name"), "name"),
        instrument=instrument,
        level=data.get("level", ""),
        source=data["source"].strip(),
        licence=data["licence"].strip(),
        combination=combination,
        campaign=data.get("campaign", ""),
    )
