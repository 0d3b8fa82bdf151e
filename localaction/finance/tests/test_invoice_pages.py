"""Invoice pages for every role: the member's editors see their own invoices,
office staff their office's, finance staff issue credit notes and run the
dues, the secretariat sees all; everyone else gets 403 or 404."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from localaction.background.progress import Progress
from localaction.finance.models import CreditNote, Invoice
from localaction.finance.services import adopt_schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def adopted(cast, example_schedule):
    return adopt_schedule(
        example_schedule,
        adopted_on=datetime.date(2026, 11, 20),
        adopted_by="Council",
        by=cast.secretariat,
    )


@pytest.fixture
def invoice(issue):
    return issue("1050.00")


def _as(client_as, cast, who, finance=None):
    if who == "finance":
        from django.test import Client

        client = Client()
        client.force_login(finance)
        return client
    return client_as(who)


# Who gets what: 200 allowed, 404 not told the invoice exists, 403 refused,
# 302 sent to log in.
DETAIL = {
    "editor": 200,
    "colleague": 404,  # viewers do not read the member's money
    "outsider": 404,
    "staff": 200,
    "other_staff": 404,
    "secretariat": 200,
    "finance": 200,
    "anonymous": 302,
}


@pytest.mark.parametrize(("who", "status"), DETAIL.items())
def test_invoice_detail_and_pdf(client_as, cast, finance, invoice, who, status):
    client = _as(client_as, cast, who, finance)
    response = client.get(reverse("finance:invoice", args=[invoice.pk]))
    assert response.status_code == status
    pdf = client.get(reverse("finance:invoice-pdf", args=[invoice.pk]))
    assert pdf.status_code == status
    if status == 200:
        assert "1,050.00" in response.content.decode()
        assert pdf["Content-Type"] == "application/pdf"
        assert b"".join(pdf.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(("who", "status"), DETAIL.items())
def test_member_invoices(client_as, cast, finance, invoice, who, status):
    response = _as(client_as, cast, who, finance).get(
        reverse("finance:member-invoices", args=[cast.freiburg.code])
    )
    assert response.status_code == status
    if status == 200:
        assert invoice.number in response.content.decode()


def test_the_profile_shows_the_dues_to_those_who_read_them(client_as, cast, invoice):
    url = cast.freiburg.get_absolute_url()
    assert invoice.number in client_as("editor").get(url).content.decode()
    assert invoice.number not in client_as("colleague").get(url).content.decode()
    assert invoice.number not in client_as("anonymous").get(url).content.decode()


@pytest.mark.parametrize(
    ("who", "status", "sees"),
    [
        ("editor", 403, False),
        ("colleague", 403, False),
        ("outsider", 403, False),
        ("staff", 200, True),
        ("other_staff", 200, False),
        ("secretariat", 200, True),
        ("finance", 200, True),
        ("anonymous", 302, False),
    ],
)
def test_office_invoice_list(client_as, cast, finance, invoice, who, status, sees):
    response = _as(client_as, cast, who, finance).get(reverse("finance:invoices"))
    assert response.status_code == status
    if status == 200:
        assert (invoice.number in response.content.decode()) is sees


def test_the_list_filters_by_year_and_status(client_as, cast, invoice):
    client = client_as("secretariat")
    url = reverse("finance:invoices")
    assert invoice.number in client.get(url, {"year": 2027, "status": "open"}).content.decode()
    assert invoice.number not in client.get(url, {"year": 2026}).content.decode()
    assert invoice.number not in client.get(url, {"status": "paid"}).content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("editor", 403),
        ("colleague", 404),
        ("staff", 403),  # office staff read, finance staff act
        ("other_staff", 404),
        ("secretariat", 403),
        ("anonymous", 302),
    ],
)
def test_only_finance_staff_issue_credit_notes(client_as, cast, invoice, who, status):
    response = client_as(who).post(
        reverse("finance:invoice-credit", args=[invoice.pk]), {"amount": "10.00", "reason": "x"}
    )
    assert response.status_code == status
    assert not CreditNote.objects.exists()


def test_finance_staff_issue_a_credit_note_with_its_reason(client, finance, invoice):
    client.force_login(finance)
    url = reverse("finance:invoice-credit", args=[invoice.pk])
    too_much = client.post(url, {"amount": "1050.01", "reason": "Wrong band"})
    assert too_much.status_code == 400
    assert "not yet credited" in too_much.content.decode()
    response = client.post(url, {"amount": "150.00", "reason": "Wrong band"})
    assert response.status_code == 302
    note = CreditNote.objects.get()
    assert (note.number, str(note.amount.amount), note.reason) == (
        "EUROPE-2027-000002",
        "150.00",
        "Wrong band",
    )


@pytest.mark.parametrize("who", ["editor", "colleague", "outsider", "staff", "secretariat"])
def test_the_dues_run_page_is_for_finance_staff(client_as, cast, who):
    assert client_as(who).get(reverse("finance:dues-run")).status_code == 403


def test_finance_staff_preview_then_run_the_dues(client, cast, finance, adopted):
    client.force_login(finance)
    url = reverse("finance:dues-run")
    assert client.get(url).status_code == 200
    form = {"office": "europe", "year": 2027, "on": "2027-01-04"}
    preview = client.post(url, {**form, "preview": "1"})
    assert preview.status_code == 200
    assert "1 invoice would be issued." in preview.content.decode()
    assert not Invoice.objects.exists()
    started = client.post(url, {**form, "run": "1"})
    assert started.status_code == 302 and "/background/" in started["Location"]
    progress = client.get(started["Location"])
    assert progress.status_code == 200
    record = Progress.read(started["Location"].rstrip("/").rsplit("/", 1)[1])
    assert (record.status, record.message) == ("finished", "1 invoice issued.")
    assert Invoice.objects.get().number == "EUROPE-2027-000001"


def test_finance_staff_cannot_run_another_offices_dues(client, cast, finance, adopted):
    client.force_login(finance)
    response = client.post(
        reverse("finance:dues-run"),
        {"office": "africa", "year": 2027, "on": "2027-01-04", "run": "1"},
    )
    assert response.status_code == 200  # the form refuses an office not offered
    assert "office" in response.context["form"].errors
    assert not Invoice.objects.exists()
