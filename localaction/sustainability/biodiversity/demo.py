"""The demo's biodiversity network: some twenty-five published members (the
demo editor's city among them) with a commitment each — most the Durban
Commitment or Local Action for Biodiversity, a few the CBD Plan of Action or
their own — adopted between 2008 and last year, covering three to six areas
of action; a few fulfilled. Illustrative; written through services.py.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from localaction.accounts.models import Role
from localaction.network.demo import Progress, no_progress
from localaction.network.models import LocalGovernment
from localaction.sustainability.biodiversity import services
from localaction.sustainability.biodiversity.models import AREAS, BiodiversityCommitment

MEMBERS = 25
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


def build_demo_biodiversity(*, seed: int, progress: Progress = no_progress) -> int:
    """Build the commitments; how many."""
    rng = random.Random(f"biodiversity-{seed}")
    last = timezone.localdate().year - 1
    count = 0
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
    return count


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    count = build_demo_biodiversity(seed=seed, progress=progress)
    return f"Biodiversity commitments of {count} members"
