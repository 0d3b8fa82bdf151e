"""Freiburg's ecoBUDGET for the tests: three standard indicators of the library,
one for each direction and one per person.

- water_per_person (l / person / day, less): reference 140, previous 130,
  target 125, actual 120: balance 125 − 120 = +5 (met)
- protected_area (ha, more): reference 500, previous 520, target 550,
  actual 540: balance 540 − 550 = −10 (missed)
- waste_per_person (kg / person, less): reference 200, previous 190, target
  180, actual 0.185 t = 185 kg: balance 180 − 185 = −5 (missed)
"""

from datetime import date

import pytest

from localaction.core.ecobudget import Value
from localaction.sustainability.ecobudget import services
from localaction.sustainability.ecobudget.models import EcoBudget, EcoIndicator

LINES = {
    "water_per_person": (140, 130, 125),
    "protected_area": (500, 520, 550),
    "waste_per_person": (200, 190, 180),
}
ACTUALS = {
    "water_per_person": Value(120),
    "protected_area": Value(540, "ha"),
    "waste_per_person": Value(0.185, "t / person"),
}


def indicator(code: str) -> EcoIndicator:
    return EcoIndicator.objects.standard().get(code=code)


def draft_budget(local_government, year: int = 2024) -> EcoBudget:
    budget = services.budget_create(local_government=local_government, year=year)
    for code, (reference, previous, target) in LINES.items():
        services.budget_set_line(
            budget=budget,
            indicator=indicator(code),
            reference=Value(reference),
            reference_year=2020,
            previous=Value(previous),
            target=Value(target),
        )
    return budget


def adopted_budget(local_government, year: int = 2024) -> EcoBudget:
    budget = draft_budget(local_government, year)
    return services.budget_adopt(
        budget=budget, adopted_on=date(year, 2, 10), decision=f"Council resolution {year}/7"
    )


def balanced_budget(local_government, year: int = 2024) -> EcoBudget:
    budget = adopted_budget(local_government, year)
    services.balance_enter(budget=budget, actuals=ACTUALS)
    return services.balance_adopt(
        budget=budget, adopted_on=date(year + 1, 3, 5), decision=f"Council resolution {year + 1}/12"
    )


@pytest.fixture
def draft(cast) -> EcoBudget:
    return draft_budget(cast.freiburg)


@pytest.fixture
def adopted(cast) -> EcoBudget:
    return adopted_budget(cast.freiburg)


@pytest.fixture
def balanced(cast) -> EcoBudget:
    return balanced_budget(cast.freiburg)
