"""Fee invoices (events, services): issued whole or not at all, numbered in the
office's one series, totalling their lines, naming their customer."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from djmoney.money import Money

from localaction.finance.fees import Customer, FeeLine, issue_fee_invoice
from localaction.finance.models import Invoice, InvoiceLine, InvoiceNumberSeries
from localaction.finance.services import next_number

pytestmark = pytest.mark.django_db

ON = datetime.date(2027, 3, 10)
GUEST = Customer(
    name="Ana Ruiz, Universidad de Sevilla",
    postal_address="Calle San Fernando 4\n41004 Sevilla\nSpain",
    email="ana.ruiz@example.org",
)


def fee_invoice(cast, *, lines, customer=GUEST, purpose=Invoice.Purpose.EVENT, **kwargs):
    return issue_fee_invoice(
        office=cast.europe_office,
        customer=customer,
        purpose=purpose,
        lines=lines,
        by=cast.staff,
        language=kwargs.pop("language", "es"),
        issued_on=kwargs.pop("issued_on", ON),
        **kwargs,
    )


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def test_a_fee_invoice_keeps_its_customer_its_lines_in_order_and_totals_them(cast):
    lines = [
        FeeLine("Registration, World Congress 2027 (non-member)", eur("480.00")),
        FeeLine("Study tour, Freiburg Vauban", eur("95.50")),
        FeeLine("Early-bird discount", eur("-48.00"), kind=InvoiceLine.Kind.DISCOUNT),
    ]
    invoice = fee_invoice(cast, lines=lines)

    invoice.refresh_from_db()
    assert invoice.purpose == Invoice.Purpose.EVENT
    assert (invoice.customer_name, invoice.customer_email) == (GUEST.name, GUEST.email)
    assert invoice.customer_address == GUEST.postal_address
    assert invoice.local_government is None and invoice.membership is None
    assert invoice.year is None and invoice.schedule is None
    assert [(line.position, line.description, line.amount) for line in invoice.lines.all()] == [
        (number, line.description, line.amount) for number, line in enumerate(lines, start=1)
    ]
    # Worked out by hand: 480.00 + 95.50 − 48.00.
    assert invoice.total == eur("527.50") == invoice.lines_total
    assert invoice.due_on == ON + datetime.timedelta(days=30)
    assert invoice.created_by == cast.staff
    assert invoice.status() == Invoice.Status.OPEN


def test_a_member_customer_is_linked_to_its_local_government(cast):
    member = Customer(name=cast.freiburg.name, local_government=cast.freiburg)
    invoice = fee_invoice(
        cast,
        customer=member,
        purpose=Invoice.Purpose.SERVICES,
        lines=[FeeLine("GHG inventory support, 4 days", eur("2400.00"))],
        due_days=45,
    )
    assert invoice.local_government == cast.freiburg
    assert invoice.purpose == Invoice.Purpose.SERVICES
    assert invoice.due_on == ON + datetime.timedelta(days=45)


def test_fee_invoices_share_the_office_series_with_dues_and_credit_notes(cast):
    with transaction.atomic():
        dues_number = next_number(cast.europe_office, 2027)
    first = fee_invoice(cast, lines=[FeeLine("Webinar", eur("20.00"))])
    second = fee_invoice(cast, lines=[FeeLine("Webinar", eur("20.00"))])
    next_year = fee_invoice(
        cast, lines=[FeeLine("Webinar", eur("20.00"))], issued_on=ON.replace(2028)
    )

    assert dues_number == "EUROPE-2027-000001"
    assert [first.number, second.number] == ["EUROPE-2027-000002", "EUROPE-2027-000003"]
    assert next_year.number == "EUROPE-2028-000001"
    assert first.series_year == 2027
    series = InvoiceNumberSeries.objects.get(office=cast.europe_office, year=2027)
    assert series.last_number == 3


def test_a_free_registration_is_invoiced_at_zero(cast):
    invoice = fee_invoice(
        cast, lines=[FeeLine("Member delegate (free under the schedule)", eur("0"))]
    )
    assert invoice.total == eur("0")


@pytest.mark.parametrize(
    ("lines", "customer", "field", "message"),
    [
        ([], GUEST, "lines", "at least one line"),
        (
            [FeeLine("Registration", eur("100")), FeeLine("Dinner", Money("30", "USD"))],
            GUEST,
            "lines",
            "Line 2: it is in USD, the first line in EUR",
        ),
        (
            [
                FeeLine("Registration", eur("100")),
                FeeLine("Discount", eur("-150"), kind=InvoiceLine.Kind.DISCOUNT),
            ],
            GUEST,
            "lines",
            "add up to -50.00 EUR",
        ),
        ([FeeLine("Registration", eur("-1"))], GUEST, "lines", "a fee is not negative"),
        (
            [FeeLine("Discount", eur("5"), kind=InvoiceLine.Kind.DISCOUNT)],
            GUEST,
            "lines",
            "a discount is written as a negative amount",
        ),
        ([FeeLine("x" * 301, eur("1"))], GUEST, "lines", "301 characters; at most 300"),
        ([FeeLine("  ", eur("1"))], GUEST, "lines", "needs a description"),
        ([FeeLine("Registration", eur("1.005"))], GUEST, "lines", "whole cents"),
        ([FeeLine("Registration", eur("1e15"))], GUEST, "lines", "not an amount"),
        ([FeeLine("Registration", eur("1"), kind="annual-fee")], GUEST, "lines", "not a kind"),
        ([FeeLine("Registration", eur("1"))], Customer(name="  "), "customer", "Name the customer"),
        (
            [FeeLine("Registration", eur("1"))],
            Customer(name="x" * 201),
            "customer",
            "201 characters; at most 200",
        ),
        (
            [FeeLine("Registration", eur("1"))],
            Customer(name="Ana", email="=cmd|' /C calc'!A0"),
            "customer_email",
            "not an e-mail address",
        ),
    ],
)
def test_a_bad_fee_invoice_is_refused_whole_naming_what_is_wrong(
    cast, lines, customer, field, message
):
    with pytest.raises(ValidationError) as refused:
        fee_invoice(cast, lines=lines, customer=customer)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Invoice.objects.exists()
    assert not InvoiceLine.objects.exists()
    # The refused invoice took no number.
    assert not InvoiceNumberSeries.objects.filter(last_number__gt=0).exists()


@pytest.mark.parametrize(
    ("purpose", "language", "field"),
    [("dues", "es", "purpose"), ("gift", "es", "purpose"), ("event", "xx", "language")],
)
def test_only_event_and_services_fees_in_a_platform_language(cast, purpose, language, field):
    with pytest.raises(ValidationError) as refused:
        fee_invoice(cast, lines=[FeeLine("Fee", eur("1"))], purpose=purpose, language=language)
    assert field in refused.value.message_dict


def test_the_callers_record_and_the_invoice_land_together_or_not_at_all(cast):
    with pytest.raises(RuntimeError), transaction.atomic():
        fee_invoice(cast, lines=[FeeLine("Registration", eur("100"))])
        raise RuntimeError("the registration could not be written")
    assert not Invoice.objects.exists()
    again = fee_invoice(cast, lines=[FeeLine("Registration", eur("100"))])
    assert again.number == "EUROPE-2027-000001"


def test_a_fee_invoice_is_never_edited(cast):
    invoice = fee_invoice(cast, lines=[FeeLine("Registration", eur("100"))])
    invoice.customer_name = "Someone else"
    with pytest.raises(ValidationError, match="credit note"):
        invoice.save()


def test_the_database_refuses_a_fee_invoice_without_a_customer(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(
            office=cast.europe_office,
            purpose=Invoice.Purpose.SERVICES,
            number="X-1",
            payment_reference="RF1",
            issued_on=ON,
            due_on=ON,
            total=eur("1"),
            language="en",
        )


def test_the_database_refuses_dues_without_their_snapshot(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(
            office=cast.europe_office,
            purpose=Invoice.Purpose.DUES,
            customer_name="Freiburg",
            local_government=cast.freiburg,
            number="X-1",
            payment_reference="RF1",
            issued_on=ON,
            due_on=ON,
            total=eur("1"),
            language="en",
        )


def test_a_dues_invoice_names_its_member_as_customer(issue):
    # `issue` (conftest) creates a dues invoice without naming a customer.
    invoice = issue()
    assert invoice.customer_name == invoice.local_government.name
    assert invoice.is_dues and invoice.series_year == 2027
