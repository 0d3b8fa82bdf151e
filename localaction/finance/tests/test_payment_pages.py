"""The payment pages (finance/views/payments.py): who may open each one, and
that each obeys the services' rules (a refusal shows their message, nothing written)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from djmoney.money import Money

from localaction.accounts.models import Role
from localaction.conftest import make_user
from localaction.finance.models import Payment
from localaction.finance.payments import record_payment
from localaction.network.models import Membership

pytestmark = pytest.mark.django_db

HEADER = "date,amount,currency,reference,payer,transaction_id\n"


@pytest.fixture
def people(cast, finance, world_finance):
    """Everyone the permission table names, by name (None: signed out)."""
    return {
        "finance": finance,
        "world_finance": world_finance,
        "africa_finance": make_user(
            "africa_fin", kind=Role.Kind.FINANCE, office=cast.africa_office
        ),
        "staff": cast.staff,
        "secretariat": cast.secretariat,
        "editor": cast.editor,
        "anonymous": None,
    }


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def unmatched(cast, finance):
    return record_payment(
        office=cast.europe_office,
        received_on=datetime.date(2027, 3, 1),
        amount=Money("450.00", "EUR"),
        method=Payment.Method.BANK_TRANSFER,
        reference="dues",
        by=finance,
    )


# Finance staff of the office and of the World Secretariat: yes. Office staff
# without the role, another office's finance staff, the secretariat's staff
# without the role, a member's editors: no. Signed out: to the login page.
ALLOWED = {"finance": 200, "world_finance": 200}
DENIED = {"africa_finance": 403, "staff": 403, "secretariat": 403, "editor": 403, "anonymous": 302}
TABLE = [*ALLOWED.items(), *DENIED.items()]


@pytest.mark.parametrize(("who", "status"), TABLE)
@pytest.mark.parametrize("page", ["payments", "payment-record", "bank-import", "standing"])
def test_who_opens_the_office_pages(people, cast, page, who, status):
    url = reverse(f"finance:{page}", args=[cast.europe_office.code])
    assert client_for(people[who]).get(url).status_code == status


@pytest.mark.parametrize(
    ("who", "status", "goes_to"),
    [
        ("finance", 302, "/finance/offices/europe/payments/"),
        ("africa_finance", 302, "/finance/offices/africa/payments/"),
        ("world_finance", 200, None),
        ("staff", 403, None),
        ("secretariat", 403, None),
        ("editor", 403, None),
        ("anonymous", 302, "/accounts/login/"),
    ],
)
def test_the_payments_entry_leads_to_the_offices_one_handles(people, who, status, goes_to):
    response = client_for(people[who]).get(reverse("finance:payment-offices"))
    assert response.status_code == status
    if goes_to:
        assert response["Location"].startswith(goes_to)
    if status == 200:
        text = response.content.decode()
        assert "/finance/offices/europe/payments/" in text
        assert "/finance/offices/africa/payments/" in text


@pytest.mark.parametrize(("who", "status"), TABLE)
def test_who_records_a_payment(people, issue, cast, who, status):
    invoice = issue("450.00")
    url = reverse("finance:payment-record", args=[cast.europe_office.code])
    response = client_for(people[who]).post(
        url,
        {
            "received_on": "2027-03-01",
            "amount": "200.00",
            "currency": "EUR",
            "method": "bank_transfer",
            "invoice": invoice.number,
        },
    )
    expected = 302 if status == 200 else status
    assert response.status_code == expected
    assert Payment.objects.filter(invoice=invoice).count() == (1 if status == 200 else 0)


@pytest.mark.parametrize(("who", "status"), TABLE)
def test_who_assigns_an_unmatched_payment(people, issue, unmatched, who, status):
    invoice = issue("450.00")
    response = client_for(people[who]).post(
        reverse("finance:payment-assign", args=[unmatched.pk]),
        {f"p{unmatched.pk}-invoice": invoice.payment_reference},
    )
    unmatched.refresh_from_db()
    assert response.status_code == (302 if status == 200 else status)
    assert unmatched.invoice == (invoice if status == 200 else None)


@pytest.mark.parametrize(("who", "status"), TABLE)
def test_who_confirms_a_lapse(people, issue, cast, who, status, monkeypatch):
    from localaction.finance import standing

    invoice = issue("450.00")
    monkeypatch.setattr(standing, "_today", lambda on: on or datetime.date(2027, 6, 1))
    response = client_for(people[who]).post(
        reverse("finance:lapse-confirm", args=[cast.europe_office.code, invoice.membership.pk])
    )
    assert response.status_code == (302 if status == 200 else status)
    invoice.membership.refresh_from_db()
    lapsed = invoice.membership.status == Membership.Status.LAPSED
    assert lapsed == (status == 200)


def test_the_payments_page_lists_unmatched_payments_with_an_assign_form(people, unmatched, cast):
    page = client_for(people["finance"]).get(reverse("finance:payments", args=["europe"]))
    text = page.content.decode()
    assert "€450.00" in text and "dues" in text
    assert reverse("finance:payment-assign", args=[unmatched.pk]) in text
    assert f'name="p{unmatched.pk}-invoice"' in text


def test_a_refused_payment_shows_the_services_reason_and_writes_nothing(people, issue):
    invoice = issue("450.00")
    response = client_for(people["finance"]).post(
        reverse("finance:payment-record", args=["europe"]),
        {
            "received_on": "2027-03-01",
            "amount": "100.00",
            "currency": "USD",
            "method": "bank_transfer",
            "invoice": invoice.number,
        },
    )
    assert response.status_code == 400
    assert "in USD and invoice EUROPE-2027-000001 in EUR" in response.content.decode()
    response = client_for(people["finance"]).post(
        reverse("finance:payment-record", args=["europe"]),
        {"received_on": "2027-03-01", "amount": "-1", "currency": "EUR", "method": "cash"},
    )
    assert response.status_code == 400
    assert "positive amount" in response.content.decode()
    assert not Payment.objects.exists()


def test_an_unknown_invoice_is_named_on_the_form(people):
    response = client_for(people["finance"]).post(
        reverse("finance:payment-record", args=["europe"]),
        {
            "received_on": "2027-03-01",
            "amount": "1.00",
            "currency": "EUR",
            "method": "cash",
            "invoice": "EUROPE-2027-999999",
        },
    )
    assert response.status_code == 400
    assert "no invoice numbered or referenced" in response.content.decode()


def test_a_bad_assignment_is_told_and_changes_nothing(people, unmatched):
    client = client_for(people["finance"])
    response = client.post(
        reverse("finance:payment-assign", args=[unmatched.pk]),
        {f"p{unmatched.pk}-invoice": "nothing"},
        follow=True,
    )
    assert "is not assigned" in response.content.decode()
    unmatched.refresh_from_db()
    assert unmatched.invoice is None


def test_an_uploaded_statement_is_imported_in_the_background(people, issue):
    invoice = issue("450.00")
    content = (
        HEADER
        + f"2027-03-01,450.00,EUR,{invoice.payment_reference},Freiburg,TX-1\n"
        + "2027-03-02,9.00,EUR,?,X,TX-2\n"
    )
    client = client_for(people["finance"])
    response = client.post(
        reverse("finance:bank-import", args=["europe"]),
        {"file": SimpleUploadedFile("march.csv", content.encode(), content_type="text/csv")},
    )
    assert response.status_code == 302
    key = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    record = client.get(reverse("background:progress-json", args=[key])).json()
    assert record["status"] == "finished"
    assert record["outcome"] == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "matched": 1,
        "unmatched": 1,
    }
    assert record["message"] == (
        "march.csv: matched 1 (€450.00); unmatched 1 (€9.00); imported before 0."
    )
    assert invoice.status() == invoice.Status.PAID
    assert Payment.objects.filter(invoice=None).count() == 1


def test_a_bad_statement_is_refused_with_its_rows_named(people):
    client = client_for(people["finance"])
    response = client.post(
        reverse("finance:bank-import", args=["europe"]),
        {
            "file": SimpleUploadedFile(
                "bad.csv", (HEADER + "2027-03-01,-4,EUR,x,X,TX-1\n").encode(), "text/csv"
            )
        },
    )
    key = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    record = client.get(reverse("background:progress-json", args=[key])).json()
    assert record["status"] == "failed"
    assert any("row 2, `amount`" in error for error in record["errors"])
    assert not Payment.objects.exists()


def test_the_standing_page_lists_members_past_grace(people, issue, monkeypatch):
    from localaction.finance.views import payments as views

    invoice = issue("450.00")
    page = client_for(people["finance"]).get(reverse("finance:standing", args=["europe"]))
    assert "Freiburg" not in page.content.decode()  # today is before the due date
    monkeypatch.setattr(views.timezone, "localdate", lambda: datetime.date(2027, 6, 1))
    page = client_for(people["finance"]).get(reverse("finance:standing", args=["europe"]))
    text = page.content.decode()
    assert "Freiburg im Breisgau" in text and invoice.number in text
    assert reverse("finance:lapse-confirm", args=["europe", invoice.membership.pk]) in text


# The admin is another door to the same rules.


def _admin_payment(office, invoice="", amount="100.00", currency="EUR") -> dict:
    return {
        "office": office.pk,
        "received_on": "2027-03-01",
        "amount_0": amount,
        "amount_1": currency,
        "method": "cash",
        "reference": "",
        "payer": "",
        "invoice": invoice,
        "note": "",
    }


def test_the_admin_records_and_assigns_through_the_services(people, issue, cast):
    invoice = issue("450.00")
    admin = client_for(people["world_finance"])
    response = admin.post("/admin/finance/payment/add/", _admin_payment(cast.europe_office))
    assert response.status_code == 302, response.content.decode()
    payment = Payment.objects.get()
    assert payment.invoice is None and payment.recorded_by == people["world_finance"]
    change = _admin_payment(cast.europe_office, invoice=invoice.pk)
    response = admin.post(f"/admin/finance/payment/{payment.pk}/change/", change)
    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.invoice == invoice
    assert invoice.balance()["open_amount"] == Money("350.00", "EUR")  # 450 − 100
    page = admin.get(f"/admin/finance/payment/{payment.pk}/change/").content.decode()
    assert 'name="invoice"' not in page  # matched, it stays with its invoice


def test_the_admin_refuses_another_currency_and_the_secretariat_without_the_role(
    people, issue, cast
):
    invoice = issue("450.00")
    admin = client_for(people["world_finance"])
    form = _admin_payment(cast.europe_office, invoice=invoice.pk, currency="USD")
    response = admin.post("/admin/finance/payment/add/", form)
    assert response.status_code == 200
    assert "in USD, its invoice EUROPE-2027-000001 in EUR" in response.content.decode()
    response = client_for(people["secretariat"]).post(
        "/admin/finance/payment/add/", _admin_payment(cast.europe_office)
    )
    assert response.status_code == 403
    assert not Payment.objects.exists()


def test_the_record_form_offers_the_currency_the_office_invoices_in(people, issue):
    url = reverse("finance:payment-record", args=["europe"])
    assert 'name="currency" value="EUR"' in client_for(people["finance"]).get(url).content.decode()
    issue("450.00", currency="USD")
    assert 'name="currency" value="USD"' in client_for(people["finance"]).get(url).content.decode()
