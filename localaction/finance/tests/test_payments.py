"""Payments recorded by finance staff (finance/payments.py): partial payments,
overpayments kept as the member's credit, other currencies refused unless
converted at a dated rate, negative amounts refused, unmatched payments
assigned later, and who may do it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from djmoney.money import Money
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localaction.finance.models import ExchangeRate, Invoice, Payment
from localaction.finance.payments import (
    assign_payment,
    credit_of,
    find_invoice,
    record_payment,
    unmatched_payments,
)
from localaction.finance.services import credit_invoice

pytestmark = pytest.mark.django_db

RECEIVED = datetime.date(2027, 3, 5)


def pay(office, amount, by, *, currency="EUR", invoice=None, **extra):
    return record_payment(
        office=office,
        received_on=RECEIVED,
        amount=Money(Decimal(amount), currency),
        method=Payment.Method.BANK_TRANSFER,
        by=by,
        invoice=invoice,
        **extra,
    )


@pytest.fixture
def usd_rate(cast):
    return ExchangeRate.objects.create(
        on=datetime.date(2027, 3, 1),
        from_currency="USD",
        to_currency="EUR",
        rate=Decimal("0.9137"),
        source="test",
        entered_by=cast.secretariat,
    )


def test_a_partial_payment_leaves_the_rest_open(issue, finance):
    invoice = issue("450.00")
    pay(invoice.office, "200.00", finance, invoice=invoice)
    assert invoice.status() == Invoice.Status.PARTLY_PAID
    assert invoice.balance()["open_amount"] == Money("250.00", "EUR")  # 450 − 200


def test_an_overpayment_is_the_members_credit(issue, finance, cast):
    invoice = issue("450.00")
    pay(invoice.office, "200.00", finance, invoice=invoice)
    pay(invoice.office, "300.00", finance, invoice=invoice)
    assert invoice.status() == Invoice.Status.OVERPAID
    assert invoice.balance()["open_amount"] == Money("-50.00", "EUR")  # 450 − 500
    assert credit_of(cast.freiburg) == {"EUR": Money("50.00", "EUR")}
    assert credit_of(cast.nairobi) == {}


def test_crediting_a_paid_invoice_leaves_the_payment_as_credit(issue, finance, cast):
    invoice = issue("450.00")
    pay(invoice.office, "450.00", finance, invoice=invoice)
    credit_invoice(
        invoice, amount=Money("100.00", "EUR"), reason="population corrected", by=finance
    )
    assert credit_of(cast.freiburg) == {"EUR": Money("100.00", "EUR")}


def test_a_payment_in_another_currency_is_refused_and_nothing_written(issue, finance):
    invoice = issue("450.00")
    with pytest.raises(ValidationError, match="in USD and invoice EUROPE-2027-000001 in EUR"):
        pay(invoice.office, "450.00", finance, currency="USD", invoice=invoice)
    assert not Payment.objects.exists()


def test_converted_explicitly_it_names_the_rate_used(issue, finance, usd_rate):
    invoice = issue("450.00")
    payment = pay(invoice.office, "123.45", finance, currency="USD", invoice=invoice, convert=True)
    # By hand: 123.45 × 0.9137 = 112.796265, rounded half up to the cent.
    assert payment.amount == Money("112.80", "EUR")
    assert payment.received == Money("123.45", "USD")
    assert payment.exchange_rate == usd_rate
    assert invoice.balance()["open_amount"] == Money("337.20", "EUR")  # 450 − 112.80


def test_no_rate_on_or_before_the_day_received_refuses_the_conversion(issue, finance, usd_rate):
    invoice = issue("450.00")
    with pytest.raises(ValidationError, match="No exchange rate from USD to EUR"):
        record_payment(
            office=invoice.office,
            received_on=datetime.date(2027, 2, 28),  # the rate starts on 1 March
            amount=Money("10.00", "USD"),
            method=Payment.Method.CASH,
            by=finance,
            invoice=invoice,
            convert=True,
        )
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5.00", "positive amount"),
        ("0.00", "positive amount"),
        ("10.005", "in cents"),
    ],
)
def test_a_bad_amount_is_refused(issue, finance, amount, message):
    invoice = issue()
    with pytest.raises(ValidationError, match=message):
        pay(invoice.office, amount, finance, invoice=invoice)
    with pytest.raises(ValidationError, match=message):
        pay(invoice.office, amount, finance)
    assert not Payment.objects.exists()


def test_an_unmatched_payment_is_kept_and_assigned_later(issue, finance):
    invoice = issue("450.00")
    payment = pay(invoice.office, "450.00", finance, reference="dues Freiburg")
    assert list(unmatched_payments(invoice.office)) == [payment]
    assign_payment(payment, invoice=invoice, by=finance)
    assert not unmatched_payments(invoice.office).exists()
    assert invoice.status() == Invoice.Status.PAID
    with pytest.raises(ValidationError, match="already assigned to invoice EUROPE-2027-000001"):
        assign_payment(payment, invoice=invoice, by=finance)


def test_assigning_in_another_currency_needs_the_conversion(issue, finance, usd_rate):
    invoice = issue("450.00")
    payment = pay(invoice.office, "100.00", finance, currency="USD")
    with pytest.raises(ValidationError, match="convert it"):
        assign_payment(payment, invoice=invoice, by=finance)
    payment.refresh_from_db()
    assert payment.invoice is None and payment.amount == Money("100.00", "USD")
    assign_payment(payment, invoice=invoice, by=finance, convert=True)
    payment.refresh_from_db()
    assert payment.amount == Money("91.37", "EUR")  # 100 × 0.9137
    assert payment.received == Money("100.00", "USD")


def test_a_payment_goes_to_an_invoice_of_its_own_office(issue, finance, cast, world_finance):
    invoice = issue()
    with pytest.raises(ValidationError, match="another office's"):
        pay(cast.africa_office, "10.00", world_finance, invoice=invoice)
    payment = pay(cast.africa_office, "10.00", world_finance)
    with pytest.raises(ValidationError, match="another office's"):
        assign_payment(payment, invoice=invoice, by=world_finance)


def test_payments_are_recorded_by_the_offices_finance_staff(issue, finance, world_finance, cast):
    from localaction.accounts.models import Role
    from localaction.conftest import make_user

    africa_finance = make_user("africa_finance", kind=Role.Kind.FINANCE, office=cast.africa_office)
    invoice = issue()
    for person in (cast.staff, cast.secretariat, cast.editor, africa_finance):
        with pytest.raises(PermissionDenied):
            pay(invoice.office, "1.00", person, invoice=invoice)
    unmatched = pay(invoice.office, "1.00", finance)
    with pytest.raises(PermissionDenied):
        assign_payment(unmatched, invoice=invoice, by=africa_finance)
    assign_payment(unmatched, invoice=invoice, by=world_finance)
    assert Payment.objects.count() == 1


def test_an_invoice_is_found_by_its_number_or_reference_as_typed(issue, cast):
    invoice = issue()
    assert find_invoice(cast.europe_office, "europe-2027-000001") == invoice
    spaced = " ".join(invoice.payment_reference[i : i + 4] for i in range(0, 20, 4))
    assert find_invoice(cast.europe_office, spaced.lower()) == invoice
    assert find_invoice(cast.africa_office, invoice.number) is None


cents = st.integers(min_value=1, max_value=200_000).map(lambda c: Decimal(c) / 100)
moves = st.lists(st.tuples(st.sampled_from(["pay", "credit"]), cents), max_size=8)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(total=cents, moves=moves)
def test_payments_and_credit_notes_reconcile_with_the_invoice(issue, finance, cast, total, moves):
    """Whatever is paid and credited through the services: open = total −
    credited − paid, and the member's credit is exactly what was overpaid."""
    with transaction.atomic():
        invoice = issue(str(total))
        credited = paid = Decimal("0.00")
        for kind, amount in moves:
            if kind == "pay":
                pay(invoice.office, str(amount), finance, invoice=invoice)
                paid += amount
            else:
                try:
                    credit_invoice(invoice, amount=Money(amount, "EUR"), reason="t", by=finance)
                except ValidationError:
                    assert credited + amount > total
                else:
                    credited += amount
        balance = invoice.balance()
        assert balance["open_amount"].amount == total - credited - paid
        overpaid = max(Decimal("0"), paid - (total - credited))
        assert credit_of(cast.freiburg).get("EUR", Money(0, "EUR")).amount == overpaid
        transaction.set_rollback(True)


def test_a_converted_payment_names_a_rate_between_its_two_currencies(issue, finance, usd_rate):
    invoice = issue("450.00")
    payment = pay(invoice.office, "100.00", finance, currency="USD", invoice=invoice, convert=True)
    payment.received = Money("100.00", "GBP")
    with pytest.raises(ValidationError, match="does not convert GBP into EUR"):
        payment.full_clean()
    payment.received = None
    with pytest.raises(ValidationError, match="keeps both what was received and the rate"):
        payment.full_clean()
