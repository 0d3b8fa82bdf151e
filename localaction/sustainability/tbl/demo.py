"""The demo's Triple Bottom Line reports: some fifteen members (the demo
editor's city among them) with values of library indicators over six years,
targets, and reports of the last two years — the earlier published, the later
published too except for a few drafts (the editor's city's among them, to
work on). Emissions are read from the members' published inventories (the
`ghg_emissions` sources), never typed. Values are illustrative.

Everything is written through services.py, as the pages write it.
"""

from __future__ import annotations

import random

from django.contrib.auth.models import User
from django.utils import timezone

from localaction.accounts.models import Role
from localaction.inventories.models import Inventory
from localaction.network.demo import Progress, no_progress
from localaction.network.models import LocalGovernment
from localaction.sustainability.tbl import services
from localaction.sustainability.tbl.models import TBLIndicator

MEMBERS = 15
DRAFT_SHARE = 0.2
# Typed indicators: (code, starting value range, yearly change range, target change by 2030).
TYPED = (
    ("renewable_electricity_share", (15, 45), (0.5, 3.0), 20.0),
    ("municipal_waste_per_person", (350, 600), (-12, 4), -80.0),
    ("green_space_share", (8, 20), (-0.2, 0.4), 3.0),
    ("public_transport_access", (55, 85), (-0.5, 1.5), 8.0),
    ("poverty_share", (6, 25), (-0.8, 0.3), -4.0),
    ("school_completion", (80, 97), (-0.2, 0.8), 3.0),
    ("unemployment_rate", (4, 14), (-0.7, 0.5), -2.0),
    ("local_procurement_share", (20, 55), (-1.0, 2.0), 10.0),
)
SOURCED = ("ghg_emissions", "ghg_emissions_per_person", "footprint_per_person")
YEARS = 6

NARRATIVE = {
    "introduction": (
        "This report gives an account of {name}'s sustainability in {year}: how the "
        "environment, the community and the local economy fared, measured by the "
        "indicators the council adopted, and against the targets it set."
    ),
    "environmental": (
        "Emissions are taken from the published GHG inventory. Renewable electricity "
        "grew with the new solar programme; waste per person fell as separate "
        "collection reached every district."
    ),
    "social": (
        "Access to public transport widened with two new bus lines. Poverty and "
        "school completion moved slowly; the social services plan addresses both."
    ),
    "economic": (
        "Unemployment eased. The procurement rules of last year raised the share "
        "of the municipal budget spent with local suppliers."
    ),
    "outlook": (
        "Next year the council reviews the targets for 2030 and adds an indicator of "
        "energy poverty."
    ),
}


def _members(rng: random.Random) -> list[LocalGovernment]:
    editor_city = (
        Role.objects.filter(user__username="editor", kind=Role.Kind.EDITOR)
        .values_list("local_government", flat=True)
        .first()
    )
    with_inventories = sorted(
        set(
            Inventory.objects.filter(
                status=Inventory.Status.PUBLISHED, local_government__is_published=True
            ).values_list("local_government", flat=True)
        )
        - {editor_city}
    )
    chosen = rng.sample(with_inventories, min(MEMBERS - 1, len(with_inventories)))
    if editor_city is not None:
        chosen.insert(0, editor_city)
    members = LocalGovernment.objects.in_bulk(chosen)
    return [members[pk] for pk in chosen]


def build_demo_tbl(*, seed: int, progress: Progress = no_progress) -> tuple[int, int, int]:
    """Build the reports; (members, published reports, drafts)."""
    rng = random.Random(f"tbl-{seed}")
    last = timezone.localdate().year - 1
    years = range(last - YEARS + 1, last + 1)
    library = {indicator.code: indicator for indicator in TBLIndicator.objects.library()}
    members = _members(rng)
    published = drafts = 0
    for index, member in enumerate(progress(members, "TBL reports")):
        chosen = rng.sample(TYPED, 5)
        for code, (low, high), (down, up), by_2030 in chosen:
            value = rng.uniform(low, high)
            for year in years:
                services.value_set(
                    local_government=member,
                    indicator=library[code],
                    year=year,
                    value=round(value, 1),
                )
                value = max(0.0, value + rng.uniform(down, up))
            if rng.random() < 0.7:
                services.target_set(
                    local_government=member,
                    indicator=library[code],
                    target_year=2030,
                    value=round(max(0.0, value + by_2030), 1),
                )
        indicators = [library[code] for code, *_rest in chosen] + [
            library[code] for code in SOURCED
        ]
        for year in (last - 1, last):
            report = services.report_save(
                local_government=member,
                year=year,
                sections={
                    name: text.format(name=member.name, year=year)
                    for name, text in NARRATIVE.items()
                },
                indicators=indicators,
            )
            draft = year == last and (index == 0 or rng.random() < DRAFT_SHARE)
            if draft:
                drafts += 1
            else:
                services.report_publish(report=report, user=_publisher(member))
                published += 1
    return len(members), published, drafts


def _publisher(member: LocalGovernment) -> User:
    """The member's editor; the secretariat for members without one."""
    role = (
        Role.objects.filter(local_government=member, kind=Role.Kind.EDITOR)
        .select_related("user")
        .first()
    )
    if role is not None:
        return role.user
    return User.objects.get(username="secretariat")


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    members, published, drafts = build_demo_tbl(seed=seed, progress=progress)
    return (
        f"Triple Bottom Line reports of {members} members ({published} published, {drafts} drafts)"
    )
