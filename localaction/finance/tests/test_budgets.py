"""Budgets by income source and expense category; actuals entered or imported."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from djmoney.money import Money

from localaction.finance.models import Actual, Budget, BudgetLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(cast):
    return Budget.objects.create(office=cast.europe_office, year=2027, currency="EUR")


def test_an_income_has_a_source_and_an_expense_a_category(budget):
    BudgetLine(
        budget=budget, flow="income", income_source="dues", amount=Money(1000, "EUR")
    ).full_clean()
    BudgetLine(
        budget=budget, flow="expense", expense_category="staff", amount=Money(900, "EUR")
    ).full_clean()
    for wrong in (
        {"flow": "income", "expense_category": "staff"},
        {"flow": "expense", "income_source": "grants"},
        {"flow": "income", "income_source": "dues", "expense_category": "staff"},
    ):
        with pytest.raises(ValidationError):
            BudgetLine(budget=budget, amount=Money(1, "EUR"), **wrong).full_clean()
    with pytest.raises(IntegrityError):
        BudgetLine.objects.create(
            budget=budget, flow="income", expense_category="staff", amount=Money(1, "EUR")
        )


def test_a_budget_line_is_in_its_budgets_currency(budget):
    line = BudgetLine(budget=budget, flow="income", income_source="grants", amount=Money(5, "USD"))
    with pytest.raises(ValidationError, match="EUR"):
        line.full_clean()


def test_a_negative_amount_is_refused(budget):
    line = BudgetLine(budget=budget, flow="income", income_source="grants", amount=Money(-5, "EUR"))
    with pytest.raises(ValidationError):
        line.full_clean()


def test_one_budget_per_office_and_year(budget):
    with pytest.raises(IntegrityError):
        Budget.objects.create(office=budget.office, year=2027, currency="USD")


def test_an_imported_actual_names_its_file(cast, finance):
    common = {
        "office": cast.europe_office,
        "on": datetime.date(2027, 3, 31),
        "flow": "expense",
        "expense_category": "travel",
        "amount": Money("312.40", "EUR"),
        "entered_by": finance,
    }
    Actual.objects.create(origin="entered", **common)
    Actual.objects.create(
        origin="imported", imported_from="ledger-2027-q1.csv", imported_line=14, **common
    )
    with pytest.raises(IntegrityError):
        Actual.objects.create(origin="imported", **common)
