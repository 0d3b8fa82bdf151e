"""ecoBUDGET's demo part: full cycles through the services, the editor's city's
last balance left as a draft, the same seed giving the same budgets."""

import pytest

from localaction.sustainability.ecobudget.demo import YEARS, build_demo_ecobudget, demo_part
from localaction.sustainability.ecobudget.models import EcoBudget, EcoBudgetLine

pytestmark = pytest.mark.django_db


def test_full_cycles_with_the_editors_last_balance_as_a_draft(cast):
    built = build_demo_ecobudget(seed=3)
    # The cast's published members with a population: Freiburg (the editor's) and Nairobi.
    assert built.members == 2 and built.budgets == 2 * len(YEARS)
    statuses = dict(
        EcoBudget.objects.filter(year=YEARS[-1]).values_list("local_government__code", "status")
    )
    assert statuses == {"de-freiburg": "balance", "ke-nairobi": "balance_adopted"}
    for budget in EcoBudget.objects.filter(year__lt=YEARS[-1]):
        assert budget.status == "balance_adopted"
        assert 5 <= budget.lines.count() <= 10
    # Each year starts from the last: 2022's previous values are 2021's actuals.
    for code in ("de-freiburg", "ke-nairobi"):
        before = dict(
            EcoBudgetLine.objects.filter(
                budget__local_government__code=code, budget__year=YEARS[0]
            ).values_list("indicator__code", "actual")
        )
        after = dict(
            EcoBudgetLine.objects.filter(
                budget__local_government__code=code, budget__year=YEARS[1]
            ).values_list("indicator__code", "previous_value")
        )
        assert after == before
    assert cast.freiburg.ecobudgets.get(year=YEARS[0]).reports.exists()


def test_the_same_seed_builds_the_same_budgets(cast):
    assert "ecoBUDGET budgets of 2 members" in demo_part(seed=5)
    first = list(
        EcoBudgetLine.objects.order_by(
            "budget__local_government__code", "budget__year", "indicator__code"
        ).values_list("target", "actual")
    )
    EcoBudget.objects.all().delete()
    build_demo_ecobudget(seed=5)
    again = list(
        EcoBudgetLine.objects.order_by(
            "budget__local_government__code", "budget__year", "indicator__code"
        ).values_list("target", "actual")
    )
    assert again == first
