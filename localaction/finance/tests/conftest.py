"""Finance staff beside the shared cast (localaction/conftest.py), and a way to
issue a plain invoice for the ledger's rules."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from djmoney.money import Money

from localaction.accounts.models import Role
from localaction.conftest import make_user
from localaction.finance.models import FeeSchedule, Invoice, InvoiceLine, payment_reference
from localaction.finance.services import next_number


@pytest.fixture
def finance(cast):
    """Finance staff of the European secretariat."""
    return make_user("finance", kind=Role.Kind.FINANCE, office=cast.europe_office)


@pytest.fixture
def world_finance(cast):
    """Finance staff of the World Secretariat: they act for every office."""
    return make_user("world_finance", kind=Role.Kind.FINANCE, office=cast.world_office)


@pytest.fixture
def example_schedule(db) -> FeeSchedule:
    return FeeSchedule.objects.get(year=2027, is_example=True)


@pytest.fixture
def issue(cast, example_schedule):
    """Issue an invoice of `total` euros to Freiburg (its full membership) for 2027."""

    def issue(total: str = "450.00", *, currency: str = "EUR") -> Invoice:
        membership = cast.freiburg.memberships.get()
        with transaction.atomic():
            number = next_number(cast.europe_office, 2027)
            invoice = Invoice.objects.create(
                office=cast.europe_office,
                local_government=cast.freiburg,
                membership=membership,
                year=2027,
                schedule=example_schedule,
                number=number,
                payment_reference=payment_reference(number),
                issued_on=datetime.date(2027, 1, 15),
                due_on=datetime.date(2027, 2, 14),
                reference_date=datetime.date(2027, 1, 1),
                total=Money(Decimal(total), currency),
                category=membership.category,
                fee_basis=membership.category.fee_basis,
                population=cast.freiburg.population,
                income_group="high",
                income_group_fiscal_year=2024,
                language="de",
            )
            InvoiceLine.objects.create(
                invoice=invoice,
                position=1,
                kind=InvoiceLine.Kind.ANNUAL_FEE,
                description="Annual fee",
                amount=Money(Decimal(total), currency),
            )
        return invoice

    return issue
