"""The demo's sustainable procurement: the demo editor's city, Procura+
participants (up to PARTICIPANTS of them) and a few other members, each with a
council commitment and tenders of four years in several product groups (more
of them greener each year; those of electricity, vehicles and lighting with
the offer's figures for the savings estimate), and a few professionals in the
directory with questions on the boards. Deterministic for a seed; amounts are
illustrative, in the member's country's currency where the platform knows it,
else EUR.

Tenders are written through services.py, as the pages write them.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import User
from django.utils import timezone

from localaction.accounts.models import Role
from localaction.campaigns.models import Participation
from localaction.network.demo import Progress, no_progress
from localaction.network.models import LocalGovernment
from localaction.sustainability.procurement import services
from localaction.sustainability.procurement.models import (
    ProcurementAnswer,
    ProcurementCommitment,
    ProcurementCriterion,
    ProcurementProductGroup,
    ProcurementQuestion,
)

PARTICIPANTS = 24  # at most, so that the part stays quick on a large demo network
OTHERS = 4
YEARS = 4
# Country → currency for the demo's countries; others tender in EUR.
CURRENCIES = {"DE": "EUR", "FR": "EUR", "ES": "EUR", "IT": "EUR", "SE": "SEK", "GB": "GBP",
              "US": "USD", "CA": "CAD", "BR": "BRL", "ZA": "ZAR", "KE": "KES", "IN": "INR",
              "JP": "JPY", "KR": "KRW", "AU": "AUD", "MX": "MXN"}  # fmt: skip
TITLES = {
    "electricity": "Electricity supply {year}–{next}",
    "vehicles": "Fleet vehicles, lot {n}",
    "buildings": "Renovation of the town hall annex",
    "ict": "Notebooks and monitors for the administration",
    "food": "School catering {year}–{next}",
    "cleaning": "Cleaning of municipal buildings",
    "paper": "Office paper framework",
    "lighting": "LED street lighting, district {n}",
    "furniture": "Office furniture",
    "textiles": "Workwear for the parks service",
}
QUESTIONS = (
    (
        "electricity",
        "How do you verify guarantees of origin?",
        "Our supplier offers certificates from another country. "
        "Do they count for the core criterion?",
        "They count when cancelled for your consumption in a registry the guarantees "
        "of origin system recognises; ask for the cancellation statement each year.",
    ),
    (
        "food",
        "Organic share in school catering: by value or by weight?",
        "Our caterer reports by weight; the criterion speaks of purchase value.",
        "We ask for invoices and compute by value: weight favours cheap staples.",
    ),
    (
        "vehicles",
        "Zero-emission buses and the Clean Vehicles Directive",
        "Which share of our bus tender must be zero-emission?",
        None,
    ),
)


def _members(rng: random.Random) -> list[LocalGovernment]:
    editor_city = (
        Role.objects.filter(user__username="editor", kind=Role.Kind.EDITOR)
        .values_list("local_government", flat=True)
        .first()
    )
    participants = sorted(
        set(
            Participation.objects.filter(
                campaign__code="procura", withdrawn_on__isnull=True
            ).values_list("local_government", flat=True)
        )
    )
    others = sorted(
        set(
            LocalGovernment.objects.filter(is_published=True)
            .exclude(pk__in=participants)
            .values_list("pk", flat=True)
        )
    )
    chosen = [pk for pk in [editor_city] if pk is not None]
    participants = [pk for pk in participants if pk not in chosen]
    chosen += rng.sample(participants, min(PARTICIPANTS, len(participants)))
    pool = [pk for pk in others if pk not in chosen]
    chosen += rng.sample(pool, min(OTHERS, len(pool)))
    found = LocalGovernment.objects.in_bulk(chosen)
    return [found[pk] for pk in chosen]


def _figures(calculator: str, rng: random.Random) -> dict:
    if calculator == "renewable_electricity":
        return {
            "mwh": round(rng.uniform(800, 20_000)),
            "grid_kg_per_mwh": rng.choice([350, 420, 480]),
        }
    if calculator == "efficient_vehicle":
        baseline = round(rng.uniform(6.5, 9.0), 1)
        return {
            "km": round(rng.uniform(50_000, 400_000), -3),
            "baseline_l_per_100km": baseline,
            "offered_l_per_100km": round(baseline - rng.uniform(1.0, 2.5), 1),
            "fuel": rng.choice(["gas_diesel_oil", "motor_gasoline"]),
            "price_per_l": round(rng.uniform(1.4, 1.9), 2),
        }
    if calculator == "led_lighting":
        return {
            "lamps": rng.randrange(200, 3000, 50),
            "old_w": rng.choice([70, 100, 150]),
            "new_w": rng.choice([25, 35, 45]),
            "hours": 4100,
            "price_per_kwh": round(rng.uniform(0.15, 0.30), 2),
            "grid_kg_per_mwh": rng.choice([350, 420, 480]),
        }
    return {}


def build_demo_procurement(*, seed: int, progress: Progress = no_progress) -> tuple[int, int]:
    """Build the records; (members, tenders)."""
    rng = random.Random(f"procurement-{seed}")
    today = timezone.localdate()
    last = today.year - 1
    groups = list(ProcurementProductGroup.objects.all())
    criteria: dict[int, list[ProcurementCriterion]] = {}
    for criterion in ProcurementCriterion.objects.current():
        criteria.setdefault(criterion.group_id, []).append(criterion)
    members = _members(rng)
    tenders = 0
    for member in progress(members, "Procurement"):
        currency = CURRENCIES.get(member.country_id, "EUR")
        ProcurementCommitment.objects.create(
            local_government=member,
            adopted_on=datetime.date(last - YEARS, rng.randint(1, 12), rng.randint(1, 28)),
            decision=(
                f"The council of {member.name} commits to apply sustainability criteria "
                "in its tenders of priority product groups and to report each year."
            ),
        )
        for offset, year in enumerate(range(last - YEARS + 1, last + 1)):
            for n, group in enumerate(rng.sample(groups, rng.randint(3, 6)), start=1):
                applied = rng.random() < 0.3 + 0.15 * offset
                options = criteria.get(group.pk, [])
                chosen = rng.sample(options, rng.randint(1, len(options))) if applied else []
                services.tender_save(
                    local_government=member,
                    group=group,
                    title=TITLES[group.code].format(year=year, next=year + 2, n=n),
                    reference=f"{member.code.upper()}-{year}-{n:03d}",
                    value=f"{rng.uniform(20_000, 2_000_000):.2f}",
                    currency=currency,
                    awarded_on=datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                    criteria_applied=applied,
                    criteria=chosen,
                    supplier=f"Supplier {rng.randint(1, 40)}",
                    figures=_figures(group.calculator, rng) if applied else {},
                )
                tenders += 1
    _professionals(rng, groups)
    return len(members), tenders


def _professionals(rng: random.Random, groups: list[ProcurementProductGroup]) -> None:
    people = []
    for user in User.objects.filter(username__in=["editor", "staff", "colleague"]).order_by("pk"):
        role = (
            Role.objects.filter(user=user)
            .select_related("local_government__country", "office")
            .first()
        )
        region = None
        if role is not None and role.local_government_id:
            region = role.local_government.country.region
        elif role is not None and role.office_id:
            region = role.office.regions.first()
        if region is None:
            continue
        people.append(
            services.professional_join(
                user=user,
                region=region,
                groups=rng.sample(groups, 3),
                organisation="",
                about="Buyer with experience of green tenders.",
            )
        )
    if not people:
        return
    by_code = {group.code: group for group in groups}
    for index, (code, title, body, answer) in enumerate(QUESTIONS):
        question = ProcurementQuestion.objects.create(
            group=by_code[code], author=people[index % len(people)], title=title, body=body
        )
        if answer:
            ProcurementAnswer.objects.create(
                question=question, author=people[(index + 1) % len(people)], body=answer
            )


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    members, tenders = build_demo_procurement(seed=seed, progress=progress)
    return f"Sustainable procurement of {members} members ({tenders} tenders)"
