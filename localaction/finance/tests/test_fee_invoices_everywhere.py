"""Fee invoices where invoices are read: the PDF, the e-mail, the pages and
filters, the API, the admin, payments, credit notes, reminders and ageing —
and never in the dues figures (dues by region, a member's standing, the dues
run); the dashboard's income by purpose against an independent sum."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from djmoney.money import Money
from pypdf import PdfReader

from localaction.finance.ageing import ageing
from localaction.finance.dashboard import dues_by_region, income_by_purpose
from localaction.finance.dues_run import plan_run
from localaction.finance.fees import Customer, FeeLine, issue_fee_invoice
from localaction.finance.invoice_pdf import email_invoice, invoice_pdf
from localaction.finance.models import Invoice, InvoiceLine, Payment
from localaction.finance.payments import record_payment
from localaction.finance.services import credit_invoice
from localaction.finance.standing import in_good_standing, past_grace, send_reminders

pytestmark = pytest.mark.django_db
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
ISSUED = datetime.date(2027, 3, 10)
GUEST = Customer(
    name="Ana Ruiz, Universidad de Sevilla",
    postal_address="Calle San Fernando 4\n41004 Sevilla",
    email="ana.ruiz@example.org",
)


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


@pytest.fixture
def guest_invoice(cast):
    """Event fees to a non-member: 480.00 less a 48.00 early-bird discount = 432.00 EUR."""
    return issue_fee_invoice(
        office=cast.europe_office,
        customer=GUEST,
        purpose=Invoice.Purpose.EVENT,
        lines=[
            FeeLine("Registration, World Congress 2027", eur("480.00")),
            FeeLine("Early-bird discount", eur("-48.00"), kind=InvoiceLine.Kind.DISCOUNT),
        ],
        by=cast.staff,
        language="en",
        issued_on=ISSUED,
    )


@pytest.fixture
def member_services(cast):
    """Consultancy for Freiburg, a member: 2,400.00 EUR, due 30 days after issue."""
    return issue_fee_invoice(
        office=cast.europe_office,
        customer=Customer(name=cast.freiburg.name, local_government=cast.freiburg),
        purpose=Invoice.Purpose.SERVICES,
        lines=[FeeLine("GHG inventory support, 4 days", eur("2400.00"))],
        by=cast.staff,
        language="en",
        issued_on=ISSUED,
    )


def pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split()
    )


def test_the_pdf_prints_the_customer_and_the_fee_lines(guest_invoice):
    text = pdf_text(invoice_pdf(guest_invoice))
    assert "Ana Ruiz, Universidad de Sevilla" in text
    assert "Calle San Fernando 4" in text
    assert "Registration, World Congress 2027" in text
    assert "-48.00" in text
    assert "EUR 432.00" in text
    assert "Event fees" in text
    assert "Membership dues" not in text and "Member code" not in text
    assert guest_invoice.payment_reference in text.replace(" ", "")


def test_a_fee_invoice_is_emailed_to_the_customer_once(guest_invoice):
    with override_settings(EMAIL_DELIVERY_BACKEND=LOCMEM):
        assert email_invoice(guest_invoice) == 1
        assert email_invoice(guest_invoice) == 0
    (message,) = mail.outbox
    assert message.to == ["ana.ruiz@example.org"]
    assert guest_invoice.number in message.subject
    assert "Registration, World Congress 2027" in message.body
    assert "432.00" in message.body
    ((filename, _content, mimetype),) = message.attachments
    assert (filename, mimetype) == (f"{guest_invoice.number}.pdf", "application/pdf")


def test_a_members_fee_invoice_without_an_address_goes_to_its_editors(cast, member_services):
    with override_settings(EMAIL_DELIVERY_BACKEND=LOCMEM):
        assert email_invoice(member_services) == 1
    assert mail.outbox[0].to == [cast.editor.email]


def test_a_fee_invoice_is_paid_and_credited_in_its_years_series(cast, finance, guest_invoice):
    record_payment(
        office=cast.europe_office,
        received_on=datetime.date(2027, 3, 20),
        amount=eur("400.00"),
        method=Payment.Method.BANK_TRANSFER,
        invoice=guest_invoice,
        by=finance,
    )
    assert guest_invoice.status() == Invoice.Status.PARTLY_PAID
    note = credit_invoice(guest_invoice, amount=eur("32.00"), reason="Dinner not taken", by=finance)
    # The invoice took EUROPE-2027-000001; its credit note the next of that series.
    assert (guest_invoice.number, note.number) == ("EUROPE-2027-000001", "EUROPE-2027-000002")
    assert guest_invoice.status() == Invoice.Status.PAID  # 432 − 400 − 32 = 0


def test_pages_show_the_customer_and_filter_by_purpose(
    cast, client_as, finance, guest_invoice, issue
):
    dues = issue()
    page = client_as("secretariat")
    listed = page.get(reverse("finance:invoices"), {"purpose": "event"}).content.decode()
    assert guest_invoice.number in listed and dues.number not in listed
    assert "Ana Ruiz, Universidad de Sevilla" in listed
    listed = page.get(reverse("finance:invoices"), {"purpose": "dues"}).content.decode()
    assert dues.number in listed and guest_invoice.number not in listed
    found = page.get(reverse("finance:invoices"), {"q": "Sevilla"}).content.decode()
    assert guest_invoice.number in found
    detail = page.get(reverse("finance:invoice", args=[guest_invoice.pk])).content.decode()
    assert "Calle San Fernando 4" in detail and "ana.ruiz@example.org" in detail
    assert "Early-bird discount" in detail
    assert page.get(reverse("finance:invoice-pdf", args=[guest_invoice.pk])).status_code == 200


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("staff", 200),
        ("secretariat", 200),
        ("other_staff", 404),
        ("editor", 404),
        ("outsider", 404),
    ],
)
def test_a_non_members_invoice_is_read_by_the_issuing_office_and_the_secretariat(
    client_as, guest_invoice, who, status
):
    response = client_as(who).get(reverse("finance:invoice", args=[guest_invoice.pk]))
    assert response.status_code == status


def test_a_members_fee_invoice_is_on_its_invoices_page(client_as, member_services):
    page = client_as("editor").get(reverse("finance:member-invoices", args=["de-freiburg"]))
    assert member_services.number in page.content.decode()
    assert "Services" in page.content.decode()


def test_the_api_gives_purpose_and_customer_and_filters_by_purpose(client_as, guest_invoice, issue):
    issue()
    api = client_as("secretariat")
    rows = api.get("/api/invoices/", {"purpose": "event"}).json()["results"]
    assert [row["number"] for row in rows] == [guest_invoice.number]
    (row,) = rows
    assert row["purpose"] == "event"
    assert row["customer_name"] == GUEST.name
    assert row["local_government"] is None and row["year"] is None
    assert [line["amount"] for line in row["lines"]] == [
        {"amount": "480.00", "currency": "EUR"},
        {"amount": "-48.00", "currency": "EUR"},
    ]
    assert len(api.get("/api/invoices/").json()["results"]) == 2


def test_the_admin_lists_and_shows_a_fee_invoice(client_as, guest_invoice):
    admin = client_as("secretariat")
    listed = admin.get("/admin/finance/invoice/", {"purpose__exact": "event"}).content.decode()
    assert guest_invoice.number in listed
    assert admin.get(f"/admin/finance/invoice/{guest_invoice.pk}/change/").status_code == 200


def test_a_fee_invoice_is_reminded_to_the_customer_not_counted_in_standing(
    cast, member_services, guest_invoice, django_capture_on_commit_callbacks
):
    due = guest_invoice.due_on
    long_after = due + datetime.timedelta(days=200)
    # Unpaid far beyond any grace period: still no member loses good standing.
    assert in_good_standing(cast.freiburg, on=long_after)
    assert not past_grace(long_after).exists()
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_reminders(on=due + datetime.timedelta(days=14))
    assert sorted(reminder.invoice.number for reminder in sent) == sorted(
        [guest_invoice.number, member_services.number]
    )
    to_guest = next(message for message in mail.outbox if guest_invoice.number in message.subject)
    assert to_guest.to == ["ana.ruiz@example.org"]
    assert "432.00" in to_guest.body and "membership dues" not in to_guest.body


def test_ageing_counts_a_non_member_by_name(cast, guest_invoice, issue):
    on = guest_invoice.due_on + datetime.timedelta(days=45)
    aged = ageing(on)
    members = {line.name: line for line in aged.members}
    guest = members["Ana Ruiz, Universidad de Sevilla"]
    assert guest.code == "" and guest.buckets["31-60"] == Decimal("432.00")
    # Each level is still the sum of the one below.
    (total,) = aged.totals
    assert total.total == sum((line.total for line in aged.members), Decimal(0))
    assert total.total == sum((line.total for line in aged.regions), Decimal(0))


def test_fee_invoices_never_enter_the_dues_figures(cast, issue, member_services, guest_invoice):
    dues = issue("450.00")
    rows = dues_by_region(2027, Invoice.objects.all())
    assert sum(row.invoices for row in rows) == 1
    assert sum((row.invoiced for row in rows), Decimal(0)) == dues.total.amount
    # The dues run still sees Freiburg's dues of 2027 as the one invoiced.
    outcome = plan_run(year=2027, on=ISSUED)
    assert outcome.already_invoiced == 1


def test_income_by_purpose_equals_an_independent_sum(cast, finance, issue, guest_invoice):
    dues = issue("450.00")
    services = issue_fee_invoice(
        office=cast.europe_office,
        customer=Customer(name="Stadtwerke Freiburg"),
        purpose=Invoice.Purpose.SERVICES,
        lines=[FeeLine("Energy audit", eur("1200.00")), FeeLine("Travel", eur("80.50"))],
        by=finance,
        language="en",
        issued_on=datetime.date(2027, 11, 2),
    )
    # Issued in 2026: not the year's.
    issue_fee_invoice(
        office=cast.europe_office,
        customer=Customer(name="Earlier client"),
        purpose=Invoice.Purpose.SERVICES,
        lines=[FeeLine("Workshop", eur("999.00"))],
        by=finance,
        language="en",
        issued_on=datetime.date(2026, 12, 31),
    )
    for invoice, amount in ((dues, "300.00"), (guest_invoice, "432.00"), (services, "100.00")):
        record_payment(
            office=cast.europe_office,
            received_on=datetime.date(2027, 12, 1),
            amount=eur(amount),
            method=Payment.Method.CARD,
            invoice=invoice,
            by=finance,
        )
    credit_invoice(services, amount=eur("80.50"), reason="Travel not due", by=finance)

    rows = {row.purpose: row for row in income_by_purpose(2027, Invoice.objects.all())}

    # Independently, invoice by invoice: total less credit notes; payments matched.
    def expected(purpose):
        chosen = [
            invoice
            for invoice in Invoice.objects.all()
            if invoice.purpose == purpose
            and (invoice.year == 2027 if invoice.is_dues else invoice.issued_on.year == 2027)
        ]
        invoiced = sum(
            (i.total.amount - sum(n.amount.amount for n in i.credit_notes.all()) for i in chosen),
            Decimal(0),
        )
        paid = sum((p.amount.amount for i in chosen for p in i.payments.all()), Decimal(0))
        return len(chosen), invoiced, paid

    for purpose in Invoice.Purpose.values:
        row = rows[purpose]
        assert (row.invoices, row.invoiced, row.paid) == expected(purpose)
    assert (rows["services"].invoiced, rows["services"].paid) == (
        Decimal("1200.00"),
        Decimal("100.00"),
    )
    assert (rows["event"].invoiced, rows["dues"].invoiced) == (Decimal("432.00"), Decimal("450.00"))


def test_the_dashboard_shows_income_by_purpose(client_as, guest_invoice, issue):
    issue()
    page = client_as("secretariat").get(
        reverse("finance:dashboard"), {"year": "2027", "on": "2027-06-30", "currency": "EUR"}
    )
    text = page.content.decode()
    assert "Income of 2027 by purpose" in text
    assert "Event fees" in text and "432.00" in text
