"""The finance API (finance/api.py): each endpoint for each person, the rules of
recording a payment, money as exact strings, and the OpenAPI schema kept
(Schemathesis over the finance endpoints, as test_fuzz.py does for all).

The people: anonymous; `outsider` edits another member (Nairobi); `editor`
edits Freiburg, the member invoiced; `staff` is office staff of the European
secretariat, which invoices Freiburg; `finance` is its finance staff;
`africa_finance` finance staff of the African secretariat; `secretariat`
staff of the World Secretariat.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from decimal import Decimal

import pytest
import schemathesis
from django.db import transaction
from django.test import Client
from django.utils import timezone
from djmoney.money import Money
from hypothesis import HealthCheck, Phase, given, seed, settings, strategies
from knox.models import AuthToken
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from localaction.accounts.models import Role
from localaction.conftest import make_user
from localaction.core.dues import AGEING_BUCKETS, ageing_bucket
from localaction.finance import api, payments, permissions
from localaction.finance.models import (
    ExchangeRate,
    FeeSchedule,
    Invoice,
    InvoiceLine,
    Payment,
    payment_reference,
)
from localaction.finance.serializers import MoneyField
from localaction.finance.services import adopt_schedule, credit_invoice, next_number
from localaction.network.models import Country, Membership, Office
from localaction.wsgi import application

pytestmark = pytest.mark.django_db

PEOPLE = ("anonymous", "outsider", "editor", "staff", "finance", "africa_finance", "secretariat")
TODAY = datetime.date(2027, 6, 30)


@pytest.fixture
def africa_finance(cast):
    return make_user("africa_finance", kind=Role.Kind.FINANCE, office=cast.africa_office)


@pytest.fixture
def people(cast, finance, africa_finance):
    return {
        "anonymous": None,
        "outsider": cast.outsider,
        "editor": cast.editor,
        "staff": cast.staff,
        "finance": finance,
        "africa_finance": africa_finance,
        "secretariat": cast.secretariat,
    }


@pytest.fixture
def as_(people):
    def signed_in(who: str) -> Client:
        client = Client()
        if people[who] is not None:
            client.force_login(people[who])
        return client

    return signed_in


def _issue(
    local_government,
    office,
    schedule,
    total: str,
    *,
    currency: str = "EUR",
    issued_on=datetime.date(2027, 1, 15),
    due_on=datetime.date(2027, 2, 14),
    year: int = 2027,
    lines: tuple[tuple[str, str], ...] | None = None,
) -> Invoice:
    """An invoice as a dues run issues it (numbered in its office's series)."""
    membership = local_government.memberships.get()
    with transaction.atomic():
        number = next_number(office, year)
        invoice = Invoice.objects.create(
            office=office,
            local_government=local_government,
            membership=membership,
            year=year,
            schedule=schedule,
            number=number,
            payment_reference=payment_reference(number),
            issued_on=issued_on,
            due_on=due_on,
            reference_date=datetime.date(year, 1, 1),
            total=Money(Decimal(total), currency),
            category=membership.category,
            fee_basis=membership.category.fee_basis,
            population=local_government.population,
            income_group="high",
            income_group_fiscal_year=2024,
            language="en",  # one of settings.LANGUAGES, as a dues run gives
        )
        for position, (kind, amount) in enumerate(lines or (("annual-fee", total),), start=1):
            InvoiceLine.objects.create(
                invoice=invoice,
                position=position,
                kind=kind,
                description=kind,
                amount=Money(Decimal(amount), currency),
            )
    return invoice


@pytest.fixture
def ledger(cast, example_schedule, finance):
    """Freiburg's 2027 invoice from the European secretariat (450.00 less a
    pro-rata line: 412.50) and Nairobi's from the African one (300.00)."""
    Membership.objects.create(
        local_government=cast.nairobi, status=Membership.Status.ACTIVE, type=Membership.Type.FULL
    )
    freiburg = _issue(
        cast.freiburg,
        cast.europe_office,
        example_schedule,
        "412.50",
        lines=(("annual-fee", "450.00"), ("pro-rata", "-37.50")),
    )
    nairobi = _issue(cast.nairobi, cast.africa_office, example_schedule, "300.00")
    return {"freiburg": freiburg, "nairobi": nairobi}


def _pay(invoice: Invoice, amount: str, by, on=datetime.date(2027, 3, 1)) -> Payment:
    return payments.record_payment(
        office=invoice.office,
        invoice=invoice,
        by=by,
        received_on=on,
        amount=Money(Decimal(amount), invoice.currency),
        method=Payment.Method.BANK_TRANSFER,
    )


def _world_finance():
    return make_user(
        "world_finance_api", kind=Role.Kind.FINANCE, office=Office.objects.get(kind="world")
    )


# Who reads what: every endpoint × every person

# Invoices each person reads (by member): the issuing office's staff, offices
# covering the member, the secretariat, the member's own editors.
READS_INVOICES = {
    "anonymous": None,
    "outsider": {"nairobi"},
    "editor": {"freiburg"},
    "staff": {"freiburg"},
    "finance": {"freiburg"},
    "africa_finance": {"nairobi"},
    "secretariat": {"freiburg", "nairobi"},
}


@pytest.mark.parametrize("who", PEOPLE)
def test_invoices_each_person_reads(as_, ledger, who):
    response = as_(who).get("/api/invoices/")

    if READS_INVOICES[who] is None:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    numbers = {row["number"] for row in response.json()["results"]}
    assert numbers == {ledger[name].number for name in READS_INVOICES[who]}
    for name, invoice in ledger.items():
        detail = as_(who).get(f"/api/invoices/{invoice.pk}/")
        assert detail.status_code == (200 if name in READS_INVOICES[who] else 404)


@pytest.mark.parametrize("who", PEOPLE)
def test_the_api_reads_invoices_by_the_rule_of_the_pages(ledger, people, who):
    """The list is `permissions.can_read_invoice`, invoice by invoice."""
    person = people[who]
    if person is None:
        return
    seen = set(
        permissions.invoices_readable_by(person, Invoice.objects.all()).values_list("pk", flat=True)
    )
    assert seen == {
        invoice.pk for invoice in ledger.values() if permissions.can_read_invoice(person, invoice)
    }


@pytest.mark.parametrize("who", PEOPLE)
def test_fee_schedules_are_read_by_anyone_signed_in(as_, example_schedule, who):
    adopt_schedule(
        example_schedule,
        adopted_on=datetime.date(2026, 11, 20),
        adopted_by="Council",
        by=_secretariat(),
    )
    FeeSchedule.objects.create(year=2028, currency="EUR")  # a draft

    response = as_(who).get("/api/fee-schedules/")

    if who == "anonymous":
        assert response.status_code == 401
        assert as_(who).get(f"/api/fee-schedules/{example_schedule.pk}/").status_code == 401
        return
    assert response.status_code == 200
    years = [row["year"] for row in response.json()["results"]]
    # Drafts are prepared by the offices and the secretariat.
    office_people = {"staff", "finance", "africa_finance", "secretariat"}
    assert years == ([2028, 2027] if who in office_people else [2027])
    assert as_(who).get(f"/api/fee-schedules/{example_schedule.pk}/").status_code == 200


def _secretariat():
    return Role.objects.get(user__username="secretariat").user


@pytest.mark.parametrize("who", PEOPLE)
def test_income_groups_are_read_by_anyone_signed_in(as_, who):
    response = as_(who).get("/api/income-groups/", {"country": "de"})

    if who == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    rows = response.json()["results"]
    assert rows and {row["country"] for row in rows} == {"DE"}
    assert {row["income_group"] for row in rows} == {"high"}
    assert as_(who).get(f"/api/income-groups/{rows[0]['id']}/").status_code == 200


# Payments each person reads (by what they pay): matched ones with the invoice,
# the unmatched one with the European secretariat's finances.
READS_PAYMENTS = {
    "anonymous": None,
    "outsider": {"nairobi"},
    "editor": {"freiburg"},
    "staff": {"freiburg", "unmatched"},
    "finance": {"freiburg", "unmatched"},
    "africa_finance": {"nairobi"},
    "secretariat": {"freiburg", "nairobi", "unmatched"},
}


@pytest.fixture
def paid(cast, ledger, finance, africa_finance):
    payments = {
        "freiburg": _pay(ledger["freiburg"], "100.00", finance),
        "nairobi": _pay(ledger["nairobi"], "50.00", africa_finance),
        "unmatched": Payment.objects.create(
            office=cast.europe_office,
            received_on=datetime.date(2027, 3, 2),
            amount=Money("75.00", "EUR"),
            method=Payment.Method.BANK_TRANSFER,
            reference="no reference given",
            note="Call the payer",
            recorded_by=finance,
        ),
    }
    return payments


@pytest.mark.parametrize("who", PEOPLE)
def test_payments_each_person_reads(as_, paid, who):
    response = as_(who).get("/api/payments/")

    if READS_PAYMENTS[who] is None:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {paid[name].pk for name in READS_PAYMENTS[who]}
    for name, payment in paid.items():
        detail = as_(who).get(f"/api/payments/{payment.pk}/")
        assert detail.status_code == (200 if name in READS_PAYMENTS[who] else 404)


def test_a_members_editors_do_not_read_the_offices_notes_on_a_payment(as_, paid):
    own = as_("editor").get(f"/api/payments/{paid['freiburg'].pk}/").json()
    office = as_("finance").get(f"/api/payments/{paid['freiburg'].pk}/").json()

    assert own["recorded_by"] is None and own["note"] is None
    assert own["amount"] == {"amount": "100.00", "currency": "EUR"}
    assert office["recorded_by"] == "finance"


@pytest.mark.parametrize("who", PEOPLE)
def test_offices_whose_finances_a_person_reads_are_those_of_the_rule(people, cast, who):
    country_office = Office.objects.create(
        code="de", name="Germany office", kind=Office.Kind.COUNTRY, country=cast.freiburg.country
    )
    country_office.countries.add(cast.freiburg.country)
    person = people[who]
    if person is None:
        return
    readable = set(api.offices_with_finances_readable_by(person))
    assert readable == {
        office
        for office in Office.objects.all()
        if permissions.can_read_office_finances(person, office)
    }


# Recording a payment

# Received today: the API refuses a payment received in the future.
BODY = {
    "received_on": timezone.localdate().isoformat(),
    "amount": {"amount": "100.00", "currency": "EUR"},
    "method": "bank_transfer",
    "reference": "RF18 EU2027000001",
}


def _post(client: Client, paying: Invoice, **changes):
    body = {**BODY, "invoice": paying.number, **changes}
    return client.post("/api/payments/", json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 401),
        ("outsider", 403),
        ("editor", 403),
        ("staff", 403),
        ("finance", 201),
        ("africa_finance", 400),  # another office's invoice it cannot read: unknown
        ("secretariat", 403),  # reads everything, handles no money
    ],
)
def test_who_records_a_payment_of_the_european_invoice(as_, ledger, who, expected):
    response = _post(as_(who), ledger["freiburg"])

    assert response.status_code == expected, response.content
    assert Payment.objects.count() == (1 if expected == 201 else 0)
    if expected == 400:
        assert "invoice" in response.json()


def test_world_secretariat_finance_staff_record_any_offices_payment(ledger):
    client = Client()
    client.force_login(_world_finance())

    response = _post(client, ledger["nairobi"], amount={"amount": "300.00", "currency": "EUR"})

    assert response.status_code == 201
    assert ledger["nairobi"].status() == Invoice.Status.PAID


def test_finance_staff_who_read_an_invoice_of_another_office_do_not_record_its_payment(
    as_, cast, example_schedule, finance
):
    """The European secretariat's finance staff read a German country office's
    invoices (their region's), but record only their own office's payments."""
    germany = Office.objects.create(
        code="de", name="Germany office", kind=Office.Kind.COUNTRY, country=cast.freiburg.country
    )
    germany.countries.add(cast.freiburg.country)
    invoice = _issue(cast.freiburg, germany, example_schedule, "450.00")

    response = _post(as_("finance"), invoice)

    assert response.status_code == 403
    assert "Germany office" in response.json()["detail"]
    assert not Payment.objects.exists()


def test_a_payment_answers_with_what_was_recorded(as_, ledger):
    response = _post(as_("finance"), ledger["freiburg"], payer="Stadt Freiburg")

    payment = Payment.objects.get()
    assert response.json() == {
        "id": payment.pk,
        "office": "europe",
        "received_on": BODY["received_on"],
        "amount": {"amount": "100.00", "currency": "EUR"},
        "method": "bank_transfer",
        "reference": "RF18 EU2027000001",
        "payer": "Stadt Freiburg",
        "invoice": ledger["freiburg"].number,
        "received": None,
        "exchange_rate": None,
        "recorded_at": response.json()["recorded_at"],
        "recorded_by": "finance",
        "note": "",
        "bank_file": "",
        "bank_file_line": None,
    }
    assert payment.amount == Money("100.00", "EUR")
    assert payment.recorded_by.username == "finance"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"amount": {"amount": "-10.00", "currency": "EUR"}}, "amount", "positive"),
        ({"amount": {"amount": "0.00", "currency": "EUR"}}, "amount", "positive"),
        ({"amount": {"amount": "10.00", "currency": "XYZ"}}, "amount", "ISO 4217"),
        ({"amount": {"amount": "10.00", "currency": "eur"}}, "amount", "ISO 4217"),
        ({"amount": {"amount": "10.00", "currency": "USD"}}, "amount", "USD"),
        ({"amount": {"amount": "1e30", "currency": "EUR"}}, "amount", "not an amount"),
        ({"amount": {"amount": "1000000000000.00", "currency": "EUR"}}, "amount", "larger"),
        ({"amount": {"amount": "9" * 5000, "currency": "EUR"}}, "amount", "not an amount"),
        ({"amount": {"amount": "1" * 39, "currency": "EUR"}}, "amount", "larger"),
        ({"amount": {"amount": "0." + "1" * 37, "currency": "EUR"}}, "amount", "two decimal"),
        ({"amount": {"amount": "NaN", "currency": "EUR"}}, "amount", "not an amount"),
        ({"amount": {"amount": "Infinity", "currency": "EUR"}}, "amount", "not an amount"),
        ({"amount": {"amount": "10.005", "currency": "EUR"}}, "amount", "two decimal"),
        ({"amount": {"amount": 10.5, "currency": "EUR"}}, "amount", "string"),
        ({"amount": {"amount": True, "currency": "EUR"}}, "amount", "string"),
        ({"amount": "10.00"}, "amount", '{"amount"'),
        ({"amount": {"amount": "10.00"}}, "amount", "currency"),
        ({"received_on": "2027-02-30"}, "received_on", "Date"),
        ({"received_on": "2999-01-01"}, "received_on", "from 1900-01-01"),
        ({"received_on": "2100-01-01"}, "received_on", "future"),
        ({"method": "barter"}, "method", "barter"),
        ({"invoice": "EU-2027-999999"}, "invoice", "EU-2027-999999"),
        ({"invoice": 12}, "invoice", "Invalid"),
        ({"reference": "x" * 201}, "reference", "200"),
        ({"convert": "yes"}, "convert", "true or false"),
        ({"invoice": None}, "invoice", "office of an unmatched payment"),
        ({"office": "africa"}, "office", "leave the office out"),
        ({"office": "nowhere"}, "office", "nowhere"),
    ],
)
def test_a_bad_payment_is_refused_naming_its_field_and_nothing_is_written(
    as_, ledger, changes, field, words
):
    response = _post(as_("finance"), ledger["freiburg"], **changes)

    assert response.status_code == 400
    refusal = response.json()
    assert set(refusal) == {field}
    assert words.lower() in json.dumps(refusal, ensure_ascii=False).lower()
    assert not Payment.objects.exists()


def test_a_body_without_the_required_fields_names_each(as_, ledger):
    response = as_("finance").post("/api/payments/", {}, content_type="application/json")

    assert response.status_code == 400
    assert set(response.json()) == {"received_on", "amount", "method"}


@pytest.mark.parametrize(
    ("who", "expected"),
    [("finance", 201), ("africa_finance", 403), ("staff", 403), ("secretariat", 403)],
)
def test_an_unmatched_payment_is_recorded_by_its_offices_finance_staff(as_, ledger, who, expected):
    body = {**BODY, "office": "europe", "reference": "no reference"}

    response = as_(who).post("/api/payments/", json.dumps(body), content_type="application/json")

    assert response.status_code == expected
    if expected == 201:
        assert response.json()["invoice"] is None
        assert Payment.objects.get().office.code == "europe"
    else:
        assert not Payment.objects.exists()


def test_a_payment_in_another_currency_is_converted_only_when_asked(as_, ledger, cast):
    """100.00 USD at 0.92 EUR a dollar (entered for the day before) is 92.00 EUR."""
    ExchangeRate.objects.create(
        on=timezone.localdate() - datetime.timedelta(days=1),
        from_currency="USD",
        to_currency="EUR",
        rate=Decimal("0.92"),
        source="Test rate",
        entered_by=cast.secretariat,
    )
    dollars = {"amount": "100.00", "currency": "USD"}
    client = as_("finance")

    refused = _post(client, ledger["freiburg"], amount=dollars)
    converted = _post(client, ledger["freiburg"], amount=dollars, convert=True)

    assert refused.status_code == 400 and "USD" in refused.json()["amount"][0]
    assert converted.status_code == 201
    data = converted.json()
    assert data["amount"] == {"amount": "92.00", "currency": "EUR"}
    assert data["received"] == {"amount": "100.00", "currency": "USD"}
    assert data["exchange_rate"]["rate"] == "0.9200000000"
    assert data["exchange_rate"]["from_currency"] == "USD"
    assert Payment.objects.count() == 1


def test_partial_payments_and_an_overpayment_add_up_exactly(as_, ledger):
    """412.50 paid as 0.10 + 0.20 + 412.30 + 1.00: 0.10 + 0.20 is 0.30 exactly
    (0.30000000000000004 in binary floating point), and the last euro is the
    member's credit."""
    client = as_("finance")
    invoice = ledger["freiburg"]
    url = f"/api/invoices/{invoice.pk}/"

    for amount in ("0.10", "0.20"):
        assert (
            _post(client, invoice, amount={"amount": amount, "currency": "EUR"}).status_code == 201
        )
    after_two = client.get(url).json()
    assert after_two["paid"] == {"amount": "0.30", "currency": "EUR"}
    assert after_two["open"] == {"amount": "412.20", "currency": "EUR"}
    assert after_two["status"] == "partly_paid"

    _post(client, invoice, amount={"amount": "412.30", "currency": "EUR"})
    _post(client, invoice, amount={"amount": "1.00", "currency": "EUR"})
    final = client.get(url).json()
    assert final["paid"] == {"amount": "413.60", "currency": "EUR"}
    assert final["open"] == {"amount": "-1.10", "currency": "EUR"}
    assert final["status"] == "overpaid" == invoice.status()


# Money as JSON


def test_an_invoice_reads_with_its_lines_and_money_as_exact_strings(as_, ledger, finance):
    invoice = ledger["freiburg"]
    credit_invoice(invoice, amount=Money("12.50", "EUR"), reason="Population corrected", by=finance)
    _pay(invoice, "100.00", finance)

    data = as_("editor").get(f"/api/invoices/{invoice.pk}/").json()

    assert data["number"] == invoice.number == "EUROPE-2027-000001"
    assert data["payment_reference"] == payment_reference(invoice.number)
    assert data["office"] == "europe" and data["local_government"] == "de-freiburg"
    assert data["total"] == {"amount": "412.50", "currency": "EUR"}
    assert data["lines"] == [
        {
            "position": 1,
            "kind": "annual-fee",
            "description": "annual-fee",
            "amount": {"amount": "450.00", "currency": "EUR"},
        },
        {
            "position": 2,
            "kind": "pro-rata",
            "description": "pro-rata",
            "amount": {"amount": "-37.50", "currency": "EUR"},
        },
    ]
    assert data["credit_notes"] == [
        {
            "number": "EUROPE-2027-000002",
            "issued_on": data["credit_notes"][0]["issued_on"],
            "amount": {"amount": "12.50", "currency": "EUR"},
            "reason": "Population corrected",
        }
    ]
    # 412.50 − 12.50 − 100.00, by hand.
    assert data["credited"] == {"amount": "12.50", "currency": "EUR"}
    assert data["paid"] == {"amount": "100.00", "currency": "EUR"}
    assert data["open"] == {"amount": "300.00", "currency": "EUR"}
    assert data["status"] == "partly_paid" == invoice.status()
    assert data["income_group"] == "high" and data["population"] == 231_195


def test_the_example_fee_schedule_reads_as_its_published_reference_point(as_, example_schedule):
    """Issue 12's one published reference point: the high-income group from
    €450 (smallest band) to €5,985 (largest); flat fees €2,620 (national
    associations) and €1,870 (subnational)."""
    data = as_("staff").get(f"/api/fee-schedules/{example_schedule.pk}/").json()

    assert data["is_example"] is True and data["is_adopted"] is False
    assert data["adopted_on"] is None and data["currency"] == "EUR"
    bands = data["bands"]
    assert len(bands) == 10
    assert (bands[0]["lower"], bands[0]["upper"]) == (0, 50_000)
    assert (bands[-1]["lower"], bands[-1]["upper"]) == (4_000_000, None)
    high = [next(f for f in band["fees"] if f["income_group"] == "high") for band in bands]
    assert high[0]["amount"] == {"amount": "450.00", "currency": "EUR"}
    assert high[-1]["amount"] == {"amount": "5985.00", "currency": "EUR"}
    assert all(len(band["fees"]) == 4 for band in bands)
    flat = {row["category"]: row["amount"]["amount"] for row in data["flat_fees"]}
    assert flat == {"national-association": "2620.00", "subnational-association": "1870.00"}
    assert data["reminder_days"] == [14, 30, 60]


@given(
    amount=strategies.decimals(
        min_value=Decimal("-999999999999.99"),
        max_value=Decimal("999999999999.99"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    ),
    currency=strategies.sampled_from(["EUR", "USD", "KES", "JPY", "BRL"]),
)
@settings(max_examples=300, deadline=None)
def test_money_reads_back_as_it_was_written(amount, currency):
    field = MoneyField()
    shown = field.to_representation(Money(amount, currency))

    assert shown["amount"] == f"{amount:.2f}"
    assert isinstance(shown["amount"], str)
    assert field.to_internal_value(json.loads(json.dumps(shown))) == Money(amount, currency)


# Filters


def test_invoices_filter_by_year_status_office_and_member(
    as_, ledger, example_schedule, cast, finance
):
    older = _issue(cast.freiburg, cast.europe_office, example_schedule, "200.00", year=2026,
                   issued_on=datetime.date(2026, 1, 15),
                   due_on=datetime.date(2026, 2, 14))  # fmt: skip
    _pay(older, "200.00", finance)
    client = as_("secretariat")

    def numbers(**query):
        response = client.get("/api/invoices/", query)
        assert response.status_code == 200, response.content
        return {row["number"] for row in response.json()["results"]}

    assert numbers(year=2026) == {older.number}
    assert numbers(status="paid") == {older.number}
    assert numbers(status="open") == {ledger["freiburg"].number, ledger["nairobi"].number}
    assert numbers(office="africa") == {ledger["nairobi"].number}
    assert numbers(member="de-freiburg") == {older.number, ledger["freiburg"].number}
    assert numbers(member="de-freiburg", year=2027) == {ledger["freiburg"].number}


def test_the_status_filter_agrees_with_each_invoices_status(as_, cast, example_schedule, finance):
    """Every status, each invoice's own `status()` against the filter that lists it."""
    make = lambda total: _issue(cast.freiburg, cast.europe_office, example_schedule, total,  # noqa: E731
                                year=next(years))  # fmt: skip
    years = iter(range(2020, 2030))
    open_, partly, paid, overpaid, credited, waived = (make(t) for t in
        ("100.00", "100.00", "100.00", "100.00", "100.00", "0.00"))  # fmt: skip
    _pay(partly, "40.00", finance)
    _pay(paid, "60.00", finance)
    _pay(paid, "40.00", finance)
    _pay(overpaid, "100.01", finance)
    credit_invoice(credited, amount=Money("100.00", "EUR"), reason="Left", by=finance)
    client = as_("finance")

    listed = {}
    for value, _label in Invoice.Status.choices:
        rows = client.get("/api/invoices/", {"status": value}).json()["results"]
        for row in rows:
            listed.setdefault(row["number"], []).append(value)
            assert row["status"] == value
    invoices = (open_, partly, paid, overpaid, credited, waived)
    assert listed == {invoice.number: [invoice.status()] for invoice in invoices}
    assert [listed[invoice.number][0] for invoice in invoices] == [
        "open", "partly_paid", "paid", "overpaid", "credited", "credited",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "query", "parameter"),
    [
        ("/api/invoices/", {"year": "twenty"}, "year"),
        ("/api/invoices/", {"year": "1e30"}, "year"),
        ("/api/invoices/", {"status": "lost"}, "status"),
        ("/api/invoices/", {"office": "nowhere"}, "office"),
        ("/api/invoices/", {"member": "de-hidden-nope"}, "member"),
        ("/api/payments/", {"matched": "perhaps"}, "matched"),
        ("/api/payments/", {"office": "nowhere"}, "office"),
        ("/api/fee-schedules/", {"year": "99999999999999999999"}, "year"),
        ("/api/income-groups/", {"country": "XX"}, "country"),
        ("/api/ageing/", {"on": "2027-13-01"}, "on"),
        ("/api/ageing/", {"on": "3000-01-01"}, "on"),
        ("/api/ageing/", {"office": "nowhere"}, "office"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(as_, ledger, path, query, parameter):
    response = as_("secretariat").get(path, query)

    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_a_member_filter_cannot_reveal_a_member_one_may_not_see(as_, ledger):
    # Nairobi's editor names Freiburg: no such member for them, not an empty list.
    response = as_("outsider").get("/api/invoices/", {"member": "de-hidden"})

    assert response.status_code == 400


def test_payments_filter_by_matched_invoice_and_member(as_, paid):
    client = as_("secretariat")

    def ids(**query):
        return {row["id"] for row in client.get("/api/payments/", query).json()["results"]}

    assert ids(matched="false") == {paid["unmatched"].pk}
    assert ids(matched="true") == {paid["freiburg"].pk, paid["nairobi"].pk}
    assert ids(invoice=paid["nairobi"].invoice.number) == {paid["nairobi"].pk}
    assert ids(member="de-freiburg") == {paid["freiburg"].pk}
    assert ids(office="europe") == {paid["freiburg"].pk, paid["unmatched"].pk}


# Ageing

AGEING_BY = {
    # who: (status without an office, with office=europe, with office=africa)
    "anonymous": (401, 401, 401),
    "outsider": (403, 403, 403),
    "editor": (403, 403, 403),
    "staff": (200, 200, 403),
    "finance": (200, 200, 403),
    "africa_finance": (200, 403, 200),
    "secretariat": (200, 200, 200),
}


@pytest.mark.parametrize("who", PEOPLE)
def test_who_reads_the_ageing(as_, ledger, who):
    client = as_(who)
    statuses = tuple(
        client.get("/api/ageing/", {"on": "2027-04-01", **office}).status_code
        for office in ({}, {"office": "europe"}, {"office": "africa"})
    )

    assert statuses == AGEING_BY[who]


def test_ageing_on_a_day_counts_what_was_owed_then(as_, ledger, finance, africa_finance, cast):
    """Freiburg owes 412.50 due 14 February 2027, pays 100.00 on 1 March and
    50.00 on 10 April; Nairobi owes 300.00, also due 14 February, in KES after
    a credit note (its invoice is re-issued below in another currency).
    On 1 April 2027 (46 days past due): Freiburg 412.50 − 100.00 = 312.50 in
    31-60, the April payment not yet received."""
    _pay(ledger["freiburg"], "100.00", finance, on=datetime.date(2027, 3, 1))
    _pay(ledger["freiburg"], "50.00", finance, on=datetime.date(2027, 4, 10))
    kes = _issue(cast.nairobi, cast.africa_office, ledger["nairobi"].schedule, "25000.00",
                 currency="KES", year=2026, issued_on=datetime.date(2026, 12, 1),
                 due_on=datetime.date(2026, 12, 31))  # fmt: skip

    data = as_("secretariat").get("/api/ageing/", {"on": "2027-04-01"}).json()

    assert data["on"] == "2027-04-01" and data["office"] is None
    totals = {line["currency"]: line for line in data["totals"]}
    assert set(totals) == {"EUR", "KES"}
    eur = {b["bucket"]: b["amount"]["amount"] for b in totals["EUR"]["buckets"]}
    assert [b["bucket"] for b in totals["EUR"]["buckets"]] == list(AGEING_BUCKETS)
    # Freiburg 312.50 and Nairobi 300.00, both 46 days past due.
    assert eur == {"current": "0.00", "0-30": "0.00", "31-60": "612.50", "61-90": "0.00",
                   "over-90": "0.00"}  # fmt: skip
    assert totals["EUR"]["total"] == {"amount": "612.50", "currency": "EUR"}
    assert totals["EUR"]["invoices"] == 2
    # 91 days past due on 1 April.
    assert ageing_bucket(kes.due_on, datetime.date(2027, 4, 1)) == "over-90"
    kes_buckets = {b["bucket"]: b["amount"] for b in totals["KES"]["buckets"]}
    assert kes_buckets["over-90"] == {"amount": "25000.00", "currency": "KES"}
    offices = {
        (line["office"], line["currency"]): line["total"]["amount"] for line in data["offices"]
    }
    assert offices == {("europe", "EUR"): "312.50", ("africa", "EUR"): "300.00",
                       ("africa", "KES"): "25000.00"}  # fmt: skip


def test_ageing_converted_into_one_currency_names_its_rates(as_, ledger, cast):
    """Nairobi also owes 25,000.00 KES (due 31 December 2026: over 90 days on
    1 April 2027). At 0.0072 EUR a shilling (entered 31 March) that is 180.00
    EUR; with Freiburg's 412.50 and Nairobi's 300.00 EUR (31-60), 892.50 EUR."""
    _issue(cast.nairobi, cast.africa_office, ledger["nairobi"].schedule, "25000.00",
           currency="KES", year=2026, issued_on=datetime.date(2026, 12, 1),
           due_on=datetime.date(2026, 12, 31))  # fmt: skip
    client = as_("secretariat")
    query = {"on": "2027-04-01", "currency": "EUR"}

    missing = client.get("/api/ageing/", query)
    ExchangeRate.objects.create(
        on=datetime.date(2027, 3, 31),
        from_currency="KES",
        to_currency="EUR",
        rate=Decimal("0.0072"),
        source="Central bank",
        entered_by=cast.secretariat,
    )
    data = client.get("/api/ageing/", query).json()

    assert missing.status_code == 400
    assert "KES" in missing.json()["currency"][0]
    converted = data["converted"]
    assert converted["currency"] == "EUR"
    buckets = {b["bucket"]: b["amount"]["amount"] for b in converted["total"]["buckets"]}
    assert buckets == {"current": "0.00", "0-30": "0.00", "31-60": "712.50", "61-90": "0.00",
                       "over-90": "180.00"}  # fmt: skip
    assert converted["total"]["total"] == {"amount": "892.50", "currency": "EUR"}
    (rate,) = converted["rates"]
    assert (rate["from_currency"], rate["to_currency"], rate["rate"], rate["on"]) == (
        "KES", "EUR", "0.0072000000", "2027-03-31",
    )  # fmt: skip
    assert client.get("/api/ageing/", {"on": "2027-04-01"}).json()["converted"] is None


@pytest.mark.parametrize("currency", ["eur", "XYZ", "EURO", "€"])
def test_ageing_refuses_an_unknown_currency(as_, ledger, currency):
    response = as_("secretariat").get("/api/ageing/", {"currency": currency})

    assert response.status_code == 400
    assert list(response.json()) == ["currency"]


def test_ageing_agrees_with_each_invoice_aged_by_itself(as_, cast, example_schedule, finance):
    """Invoices due on every bucket's edges, aged by the API and one by one
    with core.dues.ageing_bucket and the invoice's own balance."""
    on = datetime.date(2027, 6, 30)
    days_past_due = (-1, 0, 30, 31, 60, 61, 90, 91, 400)
    invoices = []
    for year, days in enumerate(days_past_due, start=2000):
        due = on - datetime.timedelta(days=days)
        issued = min(due, on) - datetime.timedelta(days=30)
        invoice = _issue(cast.freiburg, cast.europe_office, example_schedule, f"{100 + days}.25",
                         year=year, issued_on=issued, due_on=due)  # fmt: skip
        invoices.append(invoice)
    _pay(invoices[3], "10.10", finance, on=on)

    data = as_("finance").get("/api/ageing/", {"on": on.isoformat(), "office": "europe"}).json()

    expected = dict.fromkeys(AGEING_BUCKETS, Decimal("0.00"))
    for invoice in invoices:
        expected[ageing_bucket(invoice.due_on, on)] += invoice.balance()["open_amount"].amount
    (line,) = data["totals"]
    assert {b["bucket"]: Decimal(b["amount"]["amount"]) for b in line["buckets"]} == expected
    assert line["invoices"] == len(days_past_due)


# The schema tells the truth


@pytest.fixture(scope="module")
def api_schema(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        return json.loads(Client().get("/api/schema/", {"format": "json"}).content)


@pytest.mark.parametrize(
    ("path", "method", "codes"),
    [
        ("/api/fee-schedules/", "get", {"200", "400", "401", "403"}),
        ("/api/fee-schedules/{id}/", "get", {"200", "401", "403", "404"}),
        ("/api/income-groups/", "get", {"200", "400", "401", "403"}),
        ("/api/invoices/", "get", {"200", "400", "401", "403"}),
        ("/api/invoices/{id}/", "get", {"200", "401", "403", "404"}),
        ("/api/payments/", "get", {"200", "400", "401", "403"}),
        ("/api/payments/", "post", {"201", "400", "401", "403"}),
        ("/api/payments/{id}/", "get", {"200", "401", "403", "404"}),
        ("/api/ageing/", "get", {"200", "400", "401", "403"}),
    ],
)
def test_every_finance_operation_documents_its_answers_and_needs_a_person(
    api_schema, path, method, codes
):
    operation = api_schema["paths"][path][method]

    assert set(operation["responses"]) == codes
    assert operation["security"] and {} not in operation["security"]


def test_money_is_documented_as_strings(api_schema):
    money = api_schema["components"]["schemas"]["Money"]

    assert money["properties"]["amount"]["type"] == "string"
    assert money["required"] == ["amount", "currency"]


FINANCE_PATHS = r"^/api/(fee-schedules|income-groups|invoices|payments|ageing)/"
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/?format=json", application, config=schemathesis.Config(seed=2007)
).include(path_regex=FINANCE_PATHS)


@pytest.fixture
def in_test_transaction():
    """As test_fuzz.py: keep the connection (and the test's transaction) across requests."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _fuzz(headers: dict[str, str], records: dict[str, dict[str, object]]):
    """(operations, failures, answers by status) over the finance operations."""
    operations, failures, statuses = 0, [], Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        variants = [
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        ]
        known = records.get(operation.path.split("/")[2], {})
        names = {parameter.name for parameter in operation.path_parameters}
        existing = {name: value for name, value in known.items() if name in names}
        if existing:
            variants.append(
                operation.as_strategy(GenerationMode.POSITIVE, path_parameters=existing)
            )

        @seed(2007)
        @settings(max_examples=40, deadline=None, database=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        @given(case=strategies.one_of(variants))
        def call(case):
            response = case.call_and_validate(
                headers=headers,
                checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
            )
            statuses[response.status_code] += 1

        try:
            call()
        except Exception as failure:
            failures.append(f"{operation.label}: {failure}")
    return operations, failures, statuses


@pytest.mark.fuzz
@pytest.mark.parametrize("who", ["anonymous", "secretariat", "finance"])
def test_the_finance_api_keeps_its_schema(paid, people, example_schedule, in_test_transaction, who):
    headers = {}
    if people[who] is not None:
        _, key = AuthToken.objects.create(user=people[who])
        headers = {"Authorization": f"Token {key}"}
    records = {
        "fee-schedules": {"id": example_schedule.pk},
        "income-groups": {"id": Country.objects.get(code="DE").income_groups.first().pk},
        "invoices": {"id": paid["freiburg"].invoice_id},
        "payments": {"id": paid["freiburg"].pk},
    }

    operations, failures, statuses = _fuzz(headers, records)

    print(who, sorted(statuses.items()))
    assert operations == 10
    assert failures == []
    if who == "anonymous":
        # 404: an id the route does not take (`/api/invoices/null/`) meets no view.
        assert statuses[401] and set(statuses) <= {401, 404}
    else:
        assert statuses[200] and statuses[400] and statuses[404]
