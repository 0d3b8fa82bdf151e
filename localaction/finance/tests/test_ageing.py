"""Receivables ageing (finance/ageing.py) against hand-worked invoices: every
bucket edge, payments and credit notes up to the day, levels adding up, the
converted total naming its rate, and `localaction dues ageing`."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from localaction.core.dues import AGEING_BUCKETS, ageing_bucket
from localaction.finance.ageing import CSV_COLUMNS, ageing
from localaction.finance.models import ExchangeRate, Invoice
from localaction.finance.permissions import invoices_readable_by
from localaction.finance.tests.receivables import credit, invoice, pay

pytestmark = pytest.mark.django_db

ON = datetime.date(2027, 6, 30)

# Days past due on ON → the bucket, worked by hand from the rule of
# core.dues.ageing_bucket (the due date itself is day 0).
EDGES = [
    (-1, "current"),
    (0, "0-30"),
    (30, "0-30"),
    (31, "31-60"),
    (60, "31-60"),
    (61, "61-90"),
    (90, "61-90"),
    (91, "over-90"),
]


def _due(days_past_due: int) -> datetime.date:
    return ON - datetime.timedelta(days=days_past_due)


@pytest.fixture
def edges(cast):
    """Freiburg owes 100, 101, 102 … euros, one invoice per edge (one year each)."""
    return [
        invoice(
            cast.freiburg,
            office=cast.europe_office,
            year=2010 + index,
            total=str(100 + index),
            due_on=_due(days),
        )
        for index, (days, _bucket) in enumerate(EDGES)
    ]


def test_each_edge_falls_in_its_bucket(edges):
    result = ageing(ON)
    (member,) = result.members
    expected = dict.fromkeys(AGEING_BUCKETS, Decimal("0"))
    for index, (_days, bucket) in enumerate(EDGES):
        expected[bucket] += 100 + index
    # current 100; 0-30: 101 + 102; 31-60: 103 + 104; 61-90: 105 + 106; over-90: 107.
    assert expected == {
        "current": 100,
        "0-30": 203,
        "31-60": 207,
        "61-90": 211,
        "over-90": 107,
    }
    assert member.buckets == expected
    assert member.total == sum(100 + index for index in range(len(EDGES))) == 828
    assert member.invoices == len(EDGES)


def test_the_sql_buckets_agree_with_the_core_rule_day_by_day(cast):
    for days in range(-3, 125):
        invoice(
            cast.freiburg, office=cast.europe_office, year=1900 + days, total="1", due_on=_due(days)
        )
    counted = dict.fromkeys(AGEING_BUCKETS, 0)
    for day in range(-3, 125):
        counted[ageing_bucket(_due(day), ON)] += 1
    (member,) = ageing(ON).members
    assert member.buckets == {name: Decimal(count) for name, count in counted.items()}


def test_payments_and_credit_notes_count_up_to_the_day(cast, edges, finance):
    over_90 = edges[-1]  # 107.00
    pay(over_90, "50.00", on=ON, by=finance)
    pay(over_90, "7.00", on=ON + datetime.timedelta(days=1), by=finance)  # not yet received
    credit(over_90, "20.00", on=ON - datetime.timedelta(days=5), by=finance)
    credit(edges[0], "100.00", on=ON + datetime.timedelta(days=2), by=finance)  # later
    paid = edges[1]  # 101.00, paid in full
    pay(paid, "101.00", on=ON, by=finance)
    overpaid = edges[2]  # 102.00, overpaid: the member's credit, not a receivable
    pay(overpaid, "150.00", on=ON, by=finance)
    (member,) = ageing(ON).members
    assert member.buckets["over-90"] == Decimal("37.00")  # 107 − 50 − 20
    assert member.buckets["current"] == Decimal("100.00")
    assert member.buckets["0-30"] == Decimal("0.00")
    assert member.invoices == len(EDGES) - 2


def test_an_invoice_issued_after_the_day_is_not_owed_yet(cast):
    invoice(
        cast.freiburg,
        office=cast.europe_office,
        year=2027,
        total="450.00",
        issued_on=ON + datetime.timedelta(days=1),
        due_on=ON + datetime.timedelta(days=31),
    )
    assert ageing(ON).totals == []
    (total,) = ageing(ON + datetime.timedelta(days=1)).totals
    assert total.buckets["current"] == Decimal("450.00")


@pytest.fixture
def network(cast, edges):
    """Beside Freiburg's 828 euros in Europe, Nairobi owes the Africa office
    1,000.50 euros (45 days late) and 20,000 shillings (120 days late)."""
    invoice(cast.nairobi, office=cast.africa_office, year=2026, total="1000.50", due_on=_due(45))
    invoice(
        cast.nairobi,
        office=cast.africa_office,
        year=2025,
        total="20000.00",
        due_on=_due(120),
        currency="KES",
    )


def test_members_offices_and_regions_each_add_up_to_the_total(network):
    result = ageing(ON)
    totals = {line.currency: line for line in result.totals}
    assert totals["EUR"].total == Decimal("1828.50")
    assert totals["KES"].total == Decimal("20000.00")
    for level in (result.members, result.offices, result.regions):
        for currency, total in totals.items():
            lines = [line for line in level if line.currency == currency]
            for name in AGEING_BUCKETS:
                assert sum(line.buckets[name] for line in lines) == total.buckets[name]
            assert sum(line.invoices for line in lines) == total.invoices
    regions = {(line.code, line.currency): line.total for line in result.regions}
    assert regions == {
        ("europe", "EUR"): Decimal("828"),
        ("africa", "EUR"): Decimal("1000.50"),
        ("africa", "KES"): Decimal("20000.00"),
    }


def test_one_office_only(cast, network):
    result = ageing(ON, office=cast.africa_office)
    assert {line.code for line in result.offices} == {"africa"}
    assert {line.code for line in result.members} == {"ke-nairobi"}


def test_only_the_invoices_the_reader_may_read(cast, network):
    staff = invoices_readable_by(cast.staff, Invoice.objects.all())
    result = ageing(ON, invoices=staff)
    assert {line.code for line in result.regions} == {"europe"}


def test_converted_total_names_its_rate_and_adds_up(cast, network, secretariat_user):
    ExchangeRate.objects.create(
        on=ON - datetime.timedelta(days=10),
        from_currency="KES",
        to_currency="EUR",
        rate=Decimal("0.0071"),
        source="Test rate",
        entered_by=secretariat_user,
    )
    ExchangeRate.objects.create(  # after the day: not used
        on=ON + datetime.timedelta(days=1),
        from_currency="KES",
        to_currency="EUR",
        rate=Decimal("0.0100"),
        entered_by=secretariat_user,
    )
    result = ageing(ON, currency="EUR")
    # 20,000 KES × 0.0071 = 142.00 EUR, all over 90 days.
    assert result.converted_total.total == Decimal("1828.50") + Decimal("142.00")
    assert result.converted_total.buckets["over-90"] == Decimal("107") + Decimal("142.00")
    assert [(rate.from_currency, rate.rate) for rate in result.rates] == [
        ("KES", Decimal("0.0071"))
    ]
    assert sum(line.total for line in result.converted_regions) == result.converted_total.total
    assert sum(line.total for line in result.converted_offices) == result.converted_total.total
    document = result.as_json()
    assert document["converted"]["rates"][0]["rate"] == "0.0071"


def test_a_missing_rate_is_named(network):
    with pytest.raises(ValidationError, match="No exchange rate from KES to EUR"):
        ageing(ON, currency="EUR")


@pytest.fixture
def secretariat_user(cast):
    return cast.secretariat


def test_command_prints_json(network):
    out = io.StringIO()
    call_command("dues", "ageing", "--format", "json", "--on", ON.isoformat(), stdout=out)
    document = json.loads(out.getvalue())
    assert document["on"] == "2027-06-30"
    totals = {line["currency"]: line for line in document["totals"]}
    assert totals["EUR"]["total"] == "1828.50"
    assert totals["KES"]["buckets"]["over-90"] == "20000.00"


def test_command_prints_csv_for_one_office(network):
    out = io.StringIO()
    call_command(
        "dues", "ageing", "--format", "csv", "--office", "europe", "--on", "2027-06-30", stdout=out
    )
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    member = next(row for row in rows if row["level"] == "member")
    assert member["code"] == "de-freiburg"
    assert Decimal(member["total"]) == Decimal("828")
    assert {row["code"] for row in rows if row["level"] == "office"} == {"europe"}


def test_command_names_the_offices_for_an_unknown_code(network):
    with pytest.raises(CommandError, match=r"No office has the code 'nowhere'.*europe"):
        call_command("dues", "ageing", "--office", "nowhere", stdout=io.StringIO())
