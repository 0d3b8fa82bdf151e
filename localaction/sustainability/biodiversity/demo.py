"""The demo's biodiversity network: some twenty-five published members (the
demo editor's city among them) with a commitment each — most the Durban
Commitment or Local Action for Biodiversity, a few the CBD Plan of Action or
their own — adopted between 2008 and last year, covering three to six areas
of action; a few fulfilled. The first fifteen also assess themselves with
the City Biodiversity Index (a third of them twice, three years apart, with
gains), most publishing the result. Illustrative; written through the services.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from localaction.accounts.models import Role
from localaction.network.demo import Progress, no_progress
from localaction.network.models import LocalGovernment
from localaction.sustainability.assessments.library import shipped
from localaction.sustainability.biodiversity import services
from localaction.sustainability.biodiversity.models import AREAS, BiodiversityCommitment
from localaction.sustainability.resilience.scorecards import assessment_record

MEMBERS = 25
CBI_MEMBERS = 15
KINDS = (
    (BiodiversityCommitment.Kind.DURBAN, "Durban Commitment", 2008, 0.4),
    (BiodiversityCommitment.Kind.LAB, "Local Action for Biodiversity", 2008, 0.3),
    (BiodiversityCommitment.Kind.CBD_PLAN, "Plan of Action for cities and biodiversity", 2011, 0.2),
    (BiodiversityCommitment.Kind.OWN, "Nature in the city pledge", 2012, 0.1),
)


def _members(rng: random.Random) -> list[LocalGovernment]:
    editor_city = (
        Role.objects.filter(user__username="editor", kind=Role.Kind.EDITOR)
        .values_list("local_government", flat=True)
        .first()
    )
    published = sorted(
        set(LocalGovernment.objects.filter(is_published=True).values_list("pk", flat=True))
        - {editor_city}
    )
    chosen = rng.sample(published, min(MEMBERS - 1, len(published)))
    if editor_city is not None:
        chosen.insert(0, editor_city)
    members = LocalGovernment.objects.in_bulk(chosen)
    return [members[pk] for pk in chosen]


def build_demo_biodiversity(*, seed: int, progress: Progress = no_progress) -> tuple[int, int]:
    """Build the commitments and CBI assessments; (commitments, members assessed)."""
    rng = random.Random(f"biodiversity-{seed}")
    last = timezone.localdate().year - 1
    count = 0
    assessed: list[LocalGovernment] = []
    for member in progress(_members(rng), "Biodiversity commitments"):
        kind, name, since, _weight = rng.choices(KINDS, weights=[k[3] for k in KINDS])[0]
        year = rng.randint(since, last)
        adopted_on = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        services.commitment_save(
            local_government=member,
            kind=kind,
            title=f"{member.name}: {name}",
            statement=(
                f"{member.name} commits to assess its biodiversity, to adopt a local strategy "
                "and action plan, and to report on its progress."
            ),
            adopted_on=adopted_on,
            council_decision=f"Council decision {rng.randint(1, 250)}/{year}",
            areas=sorted(rng.sample(list(AREAS), rng.randint(3, 6))),
            status=(
                BiodiversityCommitment.Status.FULFILLED
                if year < last - 8 and rng.random() < 0.3
                else BiodiversityCommitment.Status.ACTIVE
            ),
        )
        count += 1
        if len(assessed) < CBI_MEMBERS:
            assessed.append(member)
    for index, member in enumerate(assessed):
        _cbi(member, rng, last, again=index % 3 == 0)
    return count, len(assessed)


def _value_for(question: dict, score: int, rng: random.Random) -> float:
    """A value of a number question that its bands score `score`: inside the band."""
    bands = question["bands"]
    limits = [band.get("below") for band in bands]
    index = next(i for i, band in enumerate(bands) if band["score"] == score)
    low = limits[index - 1] if index > 0 else None
    high = limits[index]
    if low is None:
        return round(high - rng.uniform(0.5, 1.0) * (abs(high) or 1) * 0.5, 1) if high else -1.0
    if high is None:
        return round(low * rng.uniform(1.05, 1.5) + 1, 1)
    return round(rng.uniform(low, high - (high - low) * 0.1), 1)


def _cbi(member: LocalGovernment, rng: random.Random, last: int, *, again: bool) -> None:
    """A CBI assessment of four years ago (and, if `again`, last year's with gains)."""
    questions = [
        question for section in shipped("cbi")["sections"] for question in section["questions"]
    ]
    strength = rng.uniform(0.25, 0.75)
    for year in [last - 3, last] if again else [last - 1]:
        answers: dict[str, object] = {}
        for question in questions:
            score = min(4, max(0, round(rng.gauss(strength * 4, 1.0))))
            if question["kind"] == "scale":
                answers[question["code"]] = score
            else:
                answers[question["code"]] = _value_for(question, score, rng)
        assessment_record(
            local_government=member,
            code="cbi",
            title=f"City Biodiversity Index {year}",
            assessed_on=datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
            answers=answers,
            publish=rng.random() < 0.8,
        )
        strength = min(1.0, strength + rng.uniform(0.02, 0.12))


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    count, assessed = build_demo_biodiversity(seed=seed, progress=progress)
    return f"Biodiversity commitments of {count} members, City Biodiversity Index of {assessed}"
