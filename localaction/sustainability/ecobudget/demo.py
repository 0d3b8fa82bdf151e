"""ecoBUDGET in the demo: a share of members run the full cycle over 2021–2024.

Two dozen published members with a population — the demo editor's city
first — prepare a master budget of 5–10 standard indicators each year, have
it adopted, link some of their actions as measures, report mid-year, enter
the balance and have it adopted; the next year starts from that balance.
GHG emissions per person are budgeted by members whose inventories are
published for every year, and their actual values are read from those
inventories. The editor's city leaves the balance of the last year as a draft,
so that the last step can be tried. Every figure is illustrative, drawn with
the seed; everything goes through the services.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from localaction.accounts.models import Role
from localaction.campaigns.models import Action
from localaction.core.ecobudget import Value
from localaction.network.demo import Progress, no_progress
from localaction.network.models import LocalGovernment
from localaction.sustainability import sources
from localaction.sustainability.ecobudget import services
from localaction.sustainability.ecobudget.models import EcoIndicator

YEARS = (2021, 2022, 2023, 2024)
MEMBERS = 24

# Illustrative starting values: per person for quantities that add up (scaled
# by the member's population), as they are for figures per person.
STARTING = {
    "energy_use": (20.0, True),
    "renewable_electricity": (1.2, True),
    "pm10_mean": (24.0, False),
    "no2_mean": (30.0, False),
    "water_per_person": (135.0, False),
    "water_losses": (14.0, True),
    "sealed_land": (0.02, True),
    "green_space_per_person": (18.0, False),
    "protected_area": (0.01, True),
    "tree_cover": (0.015, True),
    "waste_per_person": (190.0, False),
    "recycled_waste": (0.14, True),
}


@dataclass(frozen=True)
class BuiltEcobudget:
    members: int
    budgets: int
    measures: int


def _editor_city() -> LocalGovernment | None:
    role = (
        Role.objects.filter(user__username="editor", kind=Role.Kind.EDITOR)
        .select_related("local_government")
        .first()
    )
    return role.local_government if role else None


def _has_emissions(local_government: LocalGovernment) -> bool:
    return all(
        sources.value_of("ghg_emissions_per_person", local_government, year) is not None
        for year in YEARS
    )


def _members(rng: random.Random) -> list[tuple[LocalGovernment, bool]]:
    """The members that run ecoBUDGET, each with whether it budgets emissions
    per person (its inventories are published for every year)."""
    editor_city = _editor_city()
    candidates = list(
        LocalGovernment.objects.filter(is_published=True, population__gt=0)
        .exclude(pk=getattr(editor_city, "pk", None))
        .order_by("code")
    )
    rng.shuffle(candidates)
    chosen = ([editor_city] if editor_city and editor_city.population else []) + candidates
    chosen = chosen[:MEMBERS]
    return [(member, _has_emissions(member)) for member in chosen]


def _start(code: str, population: int) -> float:
    value, scales = STARTING[code]
    return value * population if scales else value


def _round(value: float) -> float:
    return float(f"{value:.4g}")


def build_demo_ecobudget(*, seed: int, progress: Progress = no_progress) -> BuiltEcobudget:
    rng = random.Random(f"{seed}-ecobudget")
    library = {indicator.code: indicator for indicator in EcoIndicator.objects.standard()}
    members = _members(rng)
    editor_city = _editor_city()
    budgets = measures = 0
    for member, emissions in progress(members, "ecoBUDGET cycles"):
        population = member.population or 1
        codes = rng.sample(sorted(STARTING), rng.randint(5, 9 if emissions else 10))
        if emissions:
            codes = ["ghg_per_person", *codes]
        actions = list(Action.objects.filter(local_government=member).order_by("pk")[:6])
        level = {code: _start(code, population) * rng.uniform(0.7, 1.3) for code in STARTING}
        budget = None
        for year in YEARS:
            if budget is None:
                budget = services.budget_create(local_government=member, year=year)
                for code in codes:
                    previous = None if code == "ghg_per_person" else _round(level[code])
                    services.budget_set_line(
                        budget=budget,
                        indicator=library[code],
                        reference=None if previous is None else Value(previous),
                        reference_year=year - 1,
                        previous=None if previous is None else Value(previous),
                        long_term_year=2030,
                        long_term_target=None
                        if previous is None
                        else Value(_round(previous * (0.7 if _less(library[code]) else 1.3))),
                    )
            else:
                budget = services.budget_next_year(budget=budget)
            targets = {}
            for line in budget.lines.select_related("indicator"):
                base = line.previous_value
                if base is None and line.indicator.source:
                    found = sources.value_of(line.indicator.source, member, year - 1)
                    found = found or sources.value_of(line.indicator.source, member, year)
                    base = found.value if found else None
                if base is None:
                    base = level.get(line.indicator.code, 5.0)
                step = rng.uniform(0.02, 0.05)
                targets[line.indicator.code] = Value(
                    _round(base * (1 - step if _less(line.indicator) else 1 + step))
                )
            services.budget_set_targets(budget=budget, targets=targets)
            adopted_on = date(year, 2, 1) + timedelta(days=rng.randint(0, 40))
            services.budget_adopt(
                budget=budget,
                adopted_on=adopted_on,
                decision=f"Council resolution {year}/{rng.randint(3, 60)}",
            )
            budgets += 1
            lines = list(budget.lines.select_related("indicator"))
            for action in rng.sample(actions, min(len(actions), 2)):
                services.measure_link(line=rng.choice(lines), action=action)
                measures += 1
            if member == editor_city:
                services.mid_year_report_add(
                    budget=budget,
                    reported_on=date(year, 7, 15),
                    text="Half-way through the year: the measures run as planned.",
                    values={},
                )
            actuals = {}
            for line in lines:
                if line.is_sourced:
                    continue
                drift = rng.uniform(-0.02, 0.08)
                previous = line.previous_value or level[line.indicator.code]
                actual = previous * (1 - drift if _less(line.indicator) else 1 + drift)
                level[line.indicator.code] = actual
                actuals[line.indicator.code] = Value(_round(actual))
            services.balance_enter(budget=budget, actuals=actuals)
            if member == editor_city and year == YEARS[-1]:
                break  # the last balance stays a draft, for the demo's editor to adopt
            services.balance_adopt(
                budget=budget,
                adopted_on=date(year + 1, 3, 1) + timedelta(days=rng.randint(0, 60)),
                decision=f"Council resolution {year + 1}/{rng.randint(3, 60)}",
            )
    return BuiltEcobudget(members=len(members), budgets=budgets, measures=measures)


def _less(indicator: EcoIndicator) -> bool:
    return indicator.direction == "less"


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    built = build_demo_ecobudget(seed=seed, progress=progress)
    return (
        f"{built.budgets} ecoBUDGET budgets of {built.members} members "
        f"with {built.measures} measures"
    )
