"""Exact money: whatever payments and credit notes an invoice receives, what is
credited, paid and open always add up to its total, to the cent."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from djmoney.money import Money
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localaction.finance.models import Invoice, Payment
from localaction.finance.services import credit_invoice

pytestmark = pytest.mark.django_db

cents = st.integers(min_value=1, max_value=200_000).map(lambda c: Decimal(c) / 100)
moves = st.lists(st.tuples(st.sampled_from(["pay", "credit"]), cents), max_size=8)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(total=cents, moves=moves)
def test_credited_paid_and_open_add_up_to_the_total(issue, finance, total, moves):
    with transaction.atomic():
        invoice = issue(str(total))
        credited = paid = Decimal("0.00")
        for kind, amount in moves:
            if kind == "pay":
                Payment.objects.create(
                    office=invoice.office,
                    received_on=invoice.issued_on,
                    amount=Money(amount, "EUR"),
                    method=Payment.Method.BANK_TRANSFER,
                    invoice=invoice,
                    recorded_by=finance,
                )
                paid += amount
            else:
                try:
                    credit_invoice(invoice, amount=Money(amount, "EUR"), reason="test", by=finance)
                except ValidationError:
                    assert credited + amount > total  # refused only when over the invoice
                else:
                    credited += amount
        balance = Invoice.objects.with_balance().get(pk=invoice.pk)
        assert balance.credited == credited <= total
        assert balance.paid == paid
        assert balance.open_amount == total - credited - paid
        assert balance.credited + balance.paid + balance.open_amount == invoice.total.amount
        transaction.set_rollback(True)
