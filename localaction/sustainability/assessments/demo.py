"""The demo's self-assessments: some forty published members assess their
Local Agenda 21 process — the local authority and two or three stakeholders
answering each — about a third of them twice, three years apart (progress to
show), most closed and about a fifth published (named in the benchmarks). The
demo editor's city has an earlier closed assessment and an open one to work
on. Answers are illustrative, drawn around each member's level of maturity.

Everything is written through services.py, as the pages write it.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from localaction.accounts.models import Role
from localaction.network.demo import Progress, no_progress
from localaction.network.models import LocalGovernment
from localaction.sustainability.assessments import services
from localaction.sustainability.assessments.models import Assessment, Questionnaire

MEMBERS = 40
TWICE_SHARE = 0.35
PUBLISHED_SHARE = 0.2
STAKEHOLDERS = (
    ("Local Agenda 21 forum", "Citizens' round table"),
    ("Chamber of commerce", "Business association"),
    ("Friends of the Earth local group", "Environmental NGO"),
    ("Youth council", "Youth organisation"),
    ("Trade union council", "Workers' organisation"),
    ("University sustainability office", "Research institute"),
)


def _members(rng: random.Random) -> list[LocalGovernment]:
    editor_city = (
        Role.objects.filter(user__username="editor", kind=Role.Kind.EDITOR)
        .values_list("local_government", flat=True)
        .first()
    )
    published = sorted(
        set(LocalGovernment.objects.published().values_list("pk", flat=True)) - {editor_city}
    )
    chosen = rng.sample(published, min(MEMBERS - 1, len(published)))
    if editor_city is not None:
        chosen.insert(0, editor_city)
    members = LocalGovernment.objects.in_bulk(chosen)
    return [members[pk] for pk in chosen]


def _answers(rng: random.Random, questionnaire: Questionnaire, level: float) -> dict:
    """One respondent's answers around `level` (0–1 of each question's maximum)."""
    answers: dict[str, object] = {}
    for question in questionnaire.questions.all():
        if rng.random() < 0.05:
            continue  # a question left out
        aim = min(1.0, max(0.0, rng.gauss(level, 0.18)))
        if question.kind == "scale":
            low, high = question.scale["min"], question.scale["max"]
            answers[question.code] = str(round(low + aim * (high - low)))
        elif question.kind == "choice":
            choices = sorted(question.choices, key=lambda choice: choice["score"])
            answers[question.code] = choices[round(aim * (len(choices) - 1))]["code"]
        elif question.kind == "number":
            answers[question.code] = f"{aim * 4:.2f}"
    return answers


def _assessment(rng, member, questionnaire, *, assessed_on, level, finish: bool) -> Assessment:
    assessment = services.assessment_create(
        local_government=member,
        questionnaire=questionnaire,
        title=f"Local Agenda 21 self-assessment {assessed_on.year}",
        assessed_on=assessed_on,
    )
    respondents = [
        services.respondent_invite(
            assessment=assessment,
            group="authority",
            name="Sustainability office",
            email=f"la21@{member.code}.example.org",
            send=False,
        )
    ]
    for name, organisation in rng.sample(STAKEHOLDERS, rng.randint(2, 3)):
        respondents.append(
            services.respondent_invite(
                assessment=assessment, group="stakeholder", name=name, organisation=organisation
            )
        )
    for index, respondent in enumerate(respondents):
        # Stakeholders tend to judge the process a little more severely.
        bias = 0.0 if index == 0 else rng.uniform(-0.15, 0.05)
        services.answers_save(
            assessment=assessment,
            respondent=respondent,
            answers=_answers(rng, questionnaire, level + bias),
        )
        if finish or rng.random() < 0.5:
            services.respondent_submit(respondent=respondent)
    if finish:
        services.assessment_close(assessment=assessment)
    return assessment


def build_demo_assessments(*, seed: int, progress: Progress = no_progress) -> tuple[int, int, int]:
    """Build the assessments; (members, assessments, published)."""
    rng = random.Random(f"assessments-{seed}")
    questionnaire = Questionnaire.objects.filter(code="la21").order_by("-version").first()
    if questionnaire is None:
        return 0, 0, 0
    today = timezone.localdate()
    members = _members(rng)
    count = published = 0
    for index, member in enumerate(progress(members, "Self-assessments")):
        level = rng.uniform(0.2, 0.8)
        latest = datetime.date(today.year - 1, rng.randint(1, 12), rng.randint(1, 28))
        if index == 0 or rng.random() < TWICE_SHARE:
            earlier = latest.replace(year=latest.year - 3)
            _assessment(
                rng, member, questionnaire, assessed_on=earlier, level=level - 0.15, finish=True
            )
            count += 1
        editors_draft = index == 0
        assessment = _assessment(
            rng,
            member,
            questionnaire,
            assessed_on=today if editors_draft else latest,
            level=level,
            finish=not editors_draft,
        )
        count += 1
        if not editors_draft and rng.random() < PUBLISHED_SHARE:
            services.assessment_publish(assessment=assessment)
            published += 1
    return len(members), count, published


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    members, assessments, published = build_demo_assessments(seed=seed, progress=progress)
    return (
        f"LA21 self-assessments of {members} members "
        f"({assessments} assessments, {published} published)"
    )
