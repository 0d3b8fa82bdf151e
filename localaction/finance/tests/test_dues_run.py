"""The annual dues run against hand-worked fees, its idempotence, its dry run,
the members it does not invoice, and its gapless numbers.

Fees are those of the shipped example schedule (core.dues.EXAMPLE_SCHEDULE,
example data): high-income fees by band 450, 700, 1,050, 1,500, … 5,985 EUR;
upper-middle 60 %, lower-middle 30 %, low 15 % of them rounded to whole euros
half up; flat fees 2,620 (national) and 1,870 (subnational associations) —
issue 12's published reference point for the ends and the flat fees.
"""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from djmoney.money import Money

from localaction.finance.dues_run import offices_by_country, run_dues
from localaction.finance.models import (
    Invoice,
    InvoiceLine,
    InvoiceNumberSeries,
    Reduction,
    payment_reference,
)
from localaction.finance.services import adopt_schedule, decide_reduction, invoicing_office
from localaction.network.models import (
    Country,
    LocalGovernment,
    Membership,
    MembershipCategory,
    Office,
)

pytestmark = pytest.mark.django_db

ON = datetime.date(2027, 1, 4)


@pytest.fixture
def adopted(cast, example_schedule):
    return adopt_schedule(
        example_schedule,
        adopted_on=datetime.date(2026, 11, 20),
        adopted_by="Council",
        by=cast.secretariat,
    )


def member(code: str, country: str, population: int | None, **membership) -> LocalGovernment:
    kind = membership.pop("kind", LocalGovernment.Kind.MUNICIPALITY)
    lg = LocalGovernment.objects.create(
        code=code, name=code.title(), country_id=country, population=population, kind=kind
    )
    Membership.objects.create(
        local_government=lg,
        status=Membership.Status.ACTIVE,
        applied_on=datetime.date(2020, 1, 1),
        started_on=membership.pop("started_on", datetime.date(2020, 2, 1)),
        **membership,
    )
    return lg


def invoice_of(lg: LocalGovernment) -> Invoice:
    return Invoice.objects.get(local_government=lg, year=2027)


def lines_of(invoice: Invoice) -> list[tuple[str, Decimal]]:
    return [(line.kind, line.amount.amount) for line in invoice.lines.order_by("position")]


def test_fees_on_the_invoices_are_the_hand_worked_ones(cast, adopted):
    # Band edges (lower end inclusive): 249,999 in band 3, 250,000 in band 4 (high income).
    below = member("de-below", "DE", 249_999)
    edge = member("de-edge", "DE", 250_000)
    # Band 1 (under 50,000) in each income group: 450 high, 270 upper-middle
    # (60 %), 135 lower-middle (30 %), 67.5 → 68 low (15 %, half up).
    groups = {
        "DE": ("high", "450.00"),
        "AL": ("upper-middle", "270.00"),
        "KE": ("lower-middle", "135.00"),
        "AF": ("low", "68.00"),
    }
    small = {country: member(f"{country.lower()}-small", country, 10_000) for country in groups}
    association = member(
        "de-association",
        "DE",
        None,
        kind=LocalGovernment.Kind.ASSOCIATION,
        type=Membership.Type.ASSOCIATION,
        category=MembershipCategory.objects.get(code="national-association"),
    )
    outcome = run_dues(year=2027, on=ON)

    assert outcome.not_invoiced == []
    assert lines_of(invoice_of(cast.freiburg)) == [("annual-fee", Decimal("1050.00"))]
    assert invoice_of(below).total == Money("1050.00", "EUR")
    assert invoice_of(edge).total == Money("1500.00", "EUR")
    for country, (group, fee) in groups.items():
        invoice = invoice_of(small[country])
        assert (invoice.income_group, invoice.total) == (group, Money(fee, "EUR"))
        assert invoice.income_group_fiscal_year == 2024
        assert invoice.population == 10_000
    flat = invoice_of(association)
    assert lines_of(flat) == [("flat-fee", Decimal("2620.00"))]
    assert (flat.fee_basis, flat.population, flat.income_group) == ("flat", None, "")
    # Independent recomputation: every total is the sum of its lines.
    for invoice in Invoice.objects.all():
        assert invoice.lines_total == invoice.total
    assert sum(outcome.totals().values()) == Decimal("1050") * 2 + Decimal("1500") + Decimal(
        "450"
    ) + Decimal("270") + Decimal("135") + Decimal("68") + Decimal("2620")


def test_a_member_joining_during_the_year_pays_pro_rata(cast, adopted):
    # Joined 15 March: 10 of 12 months (March included) of 1,050 = 875.00.
    late = member("de-late", "DE", 231_195, started_on=datetime.date(2027, 3, 15))
    run_dues(year=2027, on=datetime.date(2027, 4, 1))
    invoice = invoice_of(late)
    assert lines_of(invoice) == [
        ("annual-fee", Decimal("1050.00")),
        ("pro-rata", Decimal("-175.00")),
    ]
    assert invoice.total == Money("875.00", "EUR")
    assert "10 of 12 months" in invoice.lines.get(kind="pro-rata").description


def test_a_granted_reduction_is_a_line_of_its_own(cast, adopted, finance):
    membership = cast.freiburg.memberships.get()
    reduction = Reduction.objects.create(
        membership=membership,
        year=2027,
        percent=Decimal("25"),
        reason="Flood",
        requested_by=cast.editor,
    )
    decide_reduction(reduction, grant=True, by=finance, note="Documented damage")
    run_dues(year=2027, on=ON)
    # 1,050 less 25 % = 787.50.
    invoice = invoice_of(cast.freiburg)
    assert lines_of(invoice) == [
        ("annual-fee", Decimal("1050.00")),
        ("reduction", Decimal("-262.50")),
    ]
    assert invoice.total == Money("787.50", "EUR")


def test_members_not_invoiced_are_listed_with_their_reason_never_charged_zero(cast, adopted):
    nameless = member("de-nopop", "DE", None)
    venezuela = member("ve-caracas", "VE", 2_000_000)  # unclassified by the World Bank
    honorary = MembershipCategory.objects.create(
        code="honorary", name="Honorary", membership_type="full", pays_dues=False, fee_basis="none"
    )
    free = member("de-honorary", "DE", 10_000, category=honorary)
    outcome = run_dues(year=2027, on=ON)
    reasons = {item.code: item.reason for item in outcome.not_invoiced}
    assert reasons == {
        "de-nopop": "no-population",
        "ve-caracas": "no-income-group",
        "de-honorary": "no-dues",
    }
    assert not Invoice.objects.filter(local_government__in=[nameless, venezuela, free]).exists()
    texts = {item.code: item.text for item in outcome.not_invoiced}
    assert "population" in texts["de-nopop"] and "income group" in texts["ve-caracas"]


def test_running_twice_creates_nothing_new(cast, adopted):
    member("de-other", "DE", 80_000)
    first = run_dues(year=2027, on=ON)
    state = list(Invoice.objects.values_list("number", "total"))
    second = run_dues(year=2027, on=ON)
    assert (first.invoices, second.invoices, second.already_invoiced) == (2, 0, 2)
    assert list(Invoice.objects.values_list("number", "total")) == state
    assert InvoiceNumberSeries.objects.get().last_number == 2


def test_a_dry_run_writes_nothing(cast, adopted):
    member("de-other", "DE", 80_000)
    out = StringIO()
    call_command("dues", "run", "--year", "2027", "--on", "2027-01-04", "--dry-run", stdout=out)
    assert not Invoice.objects.exists()
    assert not InvoiceLine.objects.exists()
    assert not InvoiceNumberSeries.objects.exists()
    text = out.getvalue()
    assert "nothing was written" in text
    assert "Invoices it would issue: 2" in text
    # 1,050 (Freiburg) + 700 (80,000: band 2, high income).
    assert "Total EUR: 1,750.00" in text


def test_numbers_are_gapless_across_two_runs(cast, adopted):
    for i in range(3):
        member(f"de-town-{i}", "DE", 10_000 + i)
    run_dues(year=2027, on=ON)
    member("de-newcomer", "DE", 60_000, started_on=datetime.date(2027, 6, 1))
    second = run_dues(year=2027, on=datetime.date(2027, 6, 10))
    assert second.numbers == ["EUROPE-2027-000005"]
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == [f"EUROPE-2027-{n:06d}" for n in range(1, 6)]
    for invoice in Invoice.objects.all():
        assert invoice.payment_reference == payment_reference(invoice.number)
        assert invoice.due_on == invoice.issued_on + datetime.timedelta(days=30)


def test_the_population_is_the_one_on_record_on_the_reference_date(cast, adopted):
    town = member("de-grown", "DE", 45_000)
    history = LocalGovernment.history.model
    history.objects.filter(id=town.pk).update(
        history_date=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    )
    town.population = 55_000  # after the reference date: a new band (700)
    town.save()
    run_dues(year=2027, on=datetime.date(2026, 11, 15))
    invoice = invoice_of(town)
    assert (invoice.population, invoice.total) == (45_000, Money("450.00", "EUR"))


def test_the_run_for_one_office_invoices_only_its_members(cast, adopted):
    member("ke-mombasa", "KE", 1_200_000)
    outcome = run_dues(year=2027, on=ON, office=cast.africa_office)
    assert [planned.code for planned in outcome.planned] == ["ke-mombasa"]
    assert Invoice.objects.get().number == "AFRICA-2027-000001"


def test_offices_are_chosen_as_invoicing_office_chooses_them(cast):
    Office.objects.create(code="de-office", name="Germany", kind=Office.Kind.COUNTRY).countries.add(
        "DE"
    )
    countries = Country.objects.filter(code__in=["DE", "KE", "FR", "VE", "US", "AF"])
    chosen = offices_by_country(countries)
    for country in countries:
        lg = LocalGovernment(country=country)
        assert chosen[country.pk] == invoicing_office(lg), country


def test_the_command_refuses_an_unknown_office_and_a_missing_schedule(cast, example_schedule):
    with pytest.raises(CommandError, match="No office has the code 'nowhere'"):
        call_command("dues", "run", "--year", "2027", "--office", "nowhere")
    with pytest.raises(CommandError, match="No adopted fee schedule for 2027"):
        call_command("dues", "run", "--year", "2027", "--office", "europe")
    assert not Invoice.objects.exists()


def test_the_command_prints_its_summary(cast, adopted):
    member("de-nopop", "DE", None)
    out = StringIO()
    call_command("dues", "run", "--year", "2027", "--on", "2027-01-04", stdout=out)
    text = out.getvalue()
    assert "Invoices issued: 1" in text
    assert "EUROPE-2027-000001 to EUROPE-2027-000001" in text
    assert "Total EUR: 1,050.00" in text
    assert "Not invoiced: 1" in text
    assert "de-nopop" in text


def test_a_failing_batch_rolls_back_whole_and_gives_its_numbers_back(cast, adopted, monkeypatch):
    for i in range(4):
        member(f"de-town-{i}", "DE", 10_000 + i)
    calls = {"n": 0}
    real = InvoiceLine.objects.bulk_create

    def failing(objs, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(objs, *args, **kwargs)

    monkeypatch.setattr(InvoiceLine.objects, "bulk_create", failing)
    with pytest.raises(RuntimeError):
        run_dues(year=2027, on=ON, batch_size=3, send=False)
    # The first batch stands; the second left nothing, not even its numbers.
    assert Invoice.objects.count() == 3
    assert InvoiceNumberSeries.objects.get().last_number == 3
    monkeypatch.undo()
    again = run_dues(year=2027, on=ON, send=False)
    assert again.numbers == ["EUROPE-2027-000004", "EUROPE-2027-000005"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's test database is one in-memory connection: no two writers to race",
)
def test_two_runs_at_once_issue_each_invoice_once_without_gaps(cast, example_schedule):
    adopt_schedule(
        example_schedule,
        adopted_on=datetime.date(2026, 11, 20),
        adopted_by="Council",
        by=cast.secretariat,
    )
    for i in range(30):
        member(f"de-town-{i:02d}", "DE", 10_000 + i)
    start = threading.Barrier(2)
    outcomes, errors = [], []

    def run():
        try:
            start.wait()
            outcomes.append(run_dues(year=2027, on=ON, send=False, batch_size=7))
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(outcome.invoices for outcome in outcomes) == 31
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == [f"EUROPE-2027-{n:06d}" for n in range(1, 32)]
    assert InvoiceNumberSeries.objects.get().last_number == 31
