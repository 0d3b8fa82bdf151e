"""A budget of the European Secretariat for 2026 with two expense lines
(`budget`), that office's draft programme of 2026 (`programme`), activities
added through the service (`add`), and decisions of any body (`decide`)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from djmoney.money import Money

from localaction.finance.models import Budget, BudgetLine, ExpenseCategory, Flow
from localaction.governance import decisions
from localaction.governance.models import Body, Decision, Meeting
from localaction.programmes import services
from localaction.strategy.models import Goal, StrategicPlan

YEAR = 2026


@pytest.fixture
def goals(db) -> list[Goal]:
    """Goals of the Cape Town Plan, which the migration loads adopted."""
    plan = StrategicPlan.objects.get(first_year=2007, last_year=2012)
    assert plan.status == StrategicPlan.Status.ADOPTED
    return list(Goal.objects.filter(area__plan=plan).order_by("area__number", "letter")[:4])


def _line(budget: Budget, category: str, amount: str) -> BudgetLine:
    return BudgetLine.objects.create(
        budget=budget,
        flow=Flow.EXPENSE,
        expense_category=category,
        amount=Money(Decimal(amount), budget.currency),
    )


@pytest.fixture
def budget(cast) -> Budget:
    budget = Budget.objects.create(office=cast.europe_office, year=YEAR, currency="EUR")
    _line(budget, ExpenseCategory.TRAVEL, "10000.00")
    _line(budget, ExpenseCategory.EVENTS, "5000.00")
    return budget


@pytest.fixture
def travel(budget) -> BudgetLine:
    return budget.lines.get(expense_category=ExpenseCategory.TRAVEL)


@pytest.fixture
def events(budget) -> BudgetLine:
    return budget.lines.get(expense_category=ExpenseCategory.EVENTS)


@pytest.fixture
def programme(cast):
    return services.create_programme(
        office=cast.europe_office, year=YEAR, by=cast.staff, summary="Our year."
    )


@pytest.fixture
def add(cast, goals):
    """An activity added to a programme by the office's staff; any field overridden."""

    def add(programme, **fields):
        values = {
            "title": "Regional workshop",
            "goals": goals[:1],
            "office": programme.office,
            "starts_on": datetime.date(programme.year, 3, 1),
            "ends_on": datetime.date(programme.year, 6, 30),
            "funding": [],
            **fields,
        }
        return services.save_activity(programme, by=cast.staff, **values)

    return add


@pytest.fixture
def decide(cast):
    """A decision of the body (by code) taken by consensus at a meeting of last year."""

    def decide(code: str = "EXCOM", outcome: str = Decision.Outcome.ADOPTED) -> Decision:
        meeting = Meeting.objects.create(
            body=Body.objects.get(code=code),
            title="Meeting",
            held_on=datetime.date.today() - datetime.timedelta(days=365),
            place="Bonn",
        )
        return decisions.record_decision(
            meeting,
            by=cast.secretariat,
            title="Work programme",
            motion="The body approves the work programme.",
            method=Decision.Method.CONSENSUS,
            outcome=outcome,
            without_quorum=True,
        )

    return decide
