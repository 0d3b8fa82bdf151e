"""Invoices, payments and credit notes made directly for the tests of ageing and
the dashboard: each with the day it was issued, fell due or was received, so
that a test can work its figures out by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from djmoney.money import Money

from localaction.finance.models import (
    CreditNote,
    FeeSchedule,
    Invoice,
    InvoiceLine,
    Payment,
    payment_reference,
)
from localaction.finance.services import next_number
from localaction.network.models import LocalGovernment, Membership, Office


def membership_of(local_government: LocalGovernment) -> Membership:
    membership = local_government.memberships.first()
    if membership is None:
        membership = Membership.objects.create(
            local_government=local_government,
            status=Membership.Status.ACTIVE,
            type=Membership.Type.FULL,
        )
    return membership


def invoice(
    local_government: LocalGovernment,
    *,
    office: Office,
    year: int,
    total: str,
    due_on: datetime.date,
    issued_on: datetime.date | None = None,
    currency: str = "EUR",
) -> Invoice:
    """An issued invoice of `total` for one membership year (one per year and member)."""
    membership = membership_of(local_government)
    issued_on = issued_on or due_on - datetime.timedelta(days=30)
    with transaction.atomic():
        number = next_number(office, year)
        issued = Invoice.objects.create(
            office=office,
            local_government=local_government,
            membership=membership,
            year=year,
            schedule=FeeSchedule.objects.get(year=2027, is_example=True),
            number=number,
            payment_reference=payment_reference(number),
            issued_on=issued_on,
            due_on=due_on,
            reference_date=issued_on,
            total=Money(Decimal(total), currency),
            category=membership.category,
            fee_basis=membership.category.fee_basis,
            population=local_government.population or 1,
            income_group="high",
            income_group_fiscal_year=2024,
            language="en",
        )
        InvoiceLine.objects.create(
            invoice=issued,
            position=1,
            kind=InvoiceLine.Kind.ANNUAL_FEE,
            description="Annual fee",
            amount=Money(Decimal(total), currency),
        )
    return issued


def pay(invoice: Invoice, amount: str, *, on: datetime.date, by) -> Payment:
    return Payment.objects.create(
        office=invoice.office,
        received_on=on,
        amount=Money(Decimal(amount), invoice.currency),
        method=Payment.Method.BANK_TRANSFER,
        invoice=invoice,
        recorded_by=by,
    )


def credit(invoice: Invoice, amount: str, *, on: datetime.date, by) -> CreditNote:
    with transaction.atomic():
        return CreditNote.objects.create(
            invoice=invoice,
            number=next_number(invoice.office, invoice.series_year),
            issued_on=on,
            amount=Money(Decimal(amount), invoice.currency),
            reason="Correction",
            created_by=by,
        )
