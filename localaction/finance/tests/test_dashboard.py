"""The finance dashboard and its pages: figures against hand-worked dues,
who reads what (secretariat all, office staff their region, finance staff
their office, members nothing), downloads, the fee schedule page, and the
budget and actuals pages."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from djmoney.money import Money

from localaction.accounts.models import Role
from localaction.conftest import make_user
from localaction.finance.dashboard import dashboard, dues_by_region, dues_totals
from localaction.finance.models import Actual, Budget, ExchangeRate, Invoice
from localaction.finance.tests.receivables import credit, invoice, pay
from localaction.network.models import Country, LocalGovernment

pytestmark = pytest.mark.django_db

YEAR = 2027
ON = datetime.date(2027, 6, 30)
QUERY = {"year": "2027", "on": "2027-06-30", "currency": "EUR"}


@pytest.fixture
def dues(cast, finance):
    """Dues of 2027, worked by hand (EUR):

    Europe — Freiburg 450.00, credited 50.00, paid 200.00: invoiced 400.00,
    collected 200.00, outstanding 200.00; Kehl 1,000.00 paid in full.
    Europe: 1,400.00 invoiced, 1,200.00 collected, 200.00 outstanding, 85.7 %
    (1,200 / 1,400 = 85.714…). Africa — Nairobi 300.00 unpaid: 0.0 %.
    Total 1,700.00, 1,200.00, 500.00: 70.6 % (1,200 / 1,700 = 70.588…).
    """
    due = datetime.date(2027, 2, 14)
    freiburg = invoice(
        cast.freiburg, office=cast.europe_office, year=YEAR, total="450.00", due_on=due
    )
    credit(freiburg, "50.00", on=datetime.date(2027, 3, 1), by=finance)
    pay(freiburg, "200.00", on=datetime.date(2027, 3, 2), by=finance)
    kehl = LocalGovernment.objects.create(
        code="de-kehl", name="=Kehl", country=Country.objects.get(code="DE"), population=36_000
    )
    paid = invoice(kehl, office=cast.europe_office, year=YEAR, total="1000.00", due_on=due)
    pay(paid, "1000.00", on=datetime.date(2027, 2, 1), by=finance)
    invoice(cast.nairobi, office=cast.africa_office, year=YEAR, total="300.00", due_on=due)
    # Another year: not counted in 2027's dues.
    invoice(cast.nairobi, office=cast.africa_office, year=2026, total="999.00", due_on=due)


def test_dues_by_region_hand_worked(dues):
    rows = {row.code: row for row in dues_by_region(YEAR, Invoice.objects.all())}
    europe, africa = rows["europe"], rows["africa"]
    assert (europe.invoiced, europe.collected, europe.outstanding) == (
        Decimal("1400.00"),
        Decimal("1200.00"),
        Decimal("200.00"),
    )
    assert europe.collection_rate == Decimal("85.7")
    assert (africa.invoiced, africa.collected, africa.outstanding) == (
        Decimal("300.00"),
        Decimal("0.00"),
        Decimal("300.00"),
    )
    assert africa.collection_rate == Decimal("0.0")
    (total,) = dues_totals(list(rows.values()))
    assert (total.invoiced, total.collected, total.outstanding) == (
        Decimal("1700.00"),
        Decimal("1200.00"),
        Decimal("500.00"),
    )
    assert total.collection_rate == Decimal("70.6")
    # The total is the sum of the regions, and the same as every invoice read one by one.
    balances = [i.balance() for i in Invoice.objects.filter(year=YEAR)]
    assert total.collected == sum(b["paid"].amount for b in balances)
    assert total.outstanding == sum(max(b["open_amount"].amount, 0) for b in balances)


def test_the_secretariat_reads_every_region(cast, dues):
    figures = dashboard(cast.secretariat, year=YEAR, on=ON, currency="EUR")
    assert {row.code for row in figures.dues} == {"europe", "africa"}
    assert figures.dues_total_in_currency.outstanding == Decimal("500.00")
    assert figures.rates == []


def test_office_staff_read_their_region_only(cast, dues):
    figures = dashboard(cast.staff, year=YEAR, on=ON, currency="EUR")
    assert {row.code for row in figures.dues} == {"europe"}
    assert {line.code for line in figures.ageing.regions} == {"europe"}


def test_finance_staff_read_their_office(cast, dues, finance):
    Budget.objects.create(office=cast.europe_office, year=YEAR, currency="EUR")
    Budget.objects.create(office=cast.africa_office, year=YEAR, currency="EUR")
    figures = dashboard(finance, year=YEAR, on=ON, currency="EUR")
    assert {comparison.office.code for comparison in figures.budgets} == {"europe"}
    assert {line.code for line in figures.ageing.offices} == {"europe"}


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("secretariat", 200),
        ("staff", 200),
        ("other_staff", 200),
        ("editor", 403),
        ("colleague", 403),
    ],
)
def test_who_opens_the_dashboard(client_as, dues, who, status):
    response = client_as(who).get(reverse("finance:dashboard"), QUERY)
    assert response.status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client_as):
    for name, args in (
        ("finance:dashboard", []),
        ("finance:dashboard-download", ["dues", "csv"]),
        ("finance:schedule", []),
        ("finance:budgets", []),
        ("finance:actuals", ["europe"]),
    ):
        response = client_as("anonymous").get(reverse(name, args=args))
        assert response.status_code == 302 and "/login" in response["Location"]


def test_finance_staff_open_the_dashboard_with_their_figures(cast, dues, finance):
    client = Client()
    client.force_login(finance)
    response = client.get(reverse("finance:dashboard"), QUERY)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nairobi" not in body and "Freiburg" in body
    assert "<svg" in body and "85.7 %" in body


def test_the_page_shows_the_hand_worked_total_and_the_rate_used(cast, client_as, dues, finance):
    invoice(
        cast.nairobi,
        office=cast.africa_office,
        year=2025,
        total="10000.00",
        due_on=datetime.date(2025, 2, 14),
        currency="KES",
    )
    ExchangeRate.objects.create(
        on=datetime.date(2027, 1, 1),
        from_currency="KES",
        to_currency="EUR",
        rate=Decimal("0.0071"),
        source="Central bank",
        entered_by=cast.secretariat,
    )
    response = client_as("secretariat").get(reverse("finance:dashboard"), QUERY)
    body = response.content.decode()
    assert "1 KES = 0.0071 EUR (2027-01-01)" in body
    figures = response.context["figures"]
    # Owed on 2027-06-30: Freiburg 200.00, Nairobi 300.00 and 999.00 (its 2026
    # invoice), and 10,000 KES × 0.0071 = 71.00.
    assert figures.ageing.converted_total.total == Decimal("200.00") + 300 + 999 + Decimal("71.00")


def test_a_missing_rate_is_said_and_the_currencies_stand(cast, client_as, dues):
    invoice(
        cast.nairobi,
        office=cast.africa_office,
        year=2025,
        total="10000.00",
        due_on=datetime.date(2025, 2, 14),
        currency="KES",
    )
    response = client_as("secretariat").get(reverse("finance:dashboard"), QUERY)
    assert response.status_code == 200
    assert "No exchange rate from KES to EUR" in response.content.decode()
    assert {line.currency for line in response.context["figures"].ageing.totals} == {"EUR", "KES"}


def test_a_bad_choice_is_refused_on_its_field(client_as):
    response = client_as("secretariat").get(reverse("finance:dashboard"), {"currency": "euro"})
    assert response.status_code == 400
    assert "ISO 4217" in response.content.decode()


def test_the_dues_csv_escapes_formulas_and_matches_the_page(client_as, dues):
    response = client_as("secretariat").get(
        reverse("finance:dashboard-download", args=["ageing", "csv"]), QUERY
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    members = {row["code"]: row for row in rows if row["level"] == "member"}
    assert set(members) == {"de-freiburg", "ke-nairobi"}  # Kehl owes nothing
    regions = [row for row in rows if row["level"] == "region" and row["currency"] == "EUR"]
    totals = [row for row in rows if row["level"] == "total" and row["currency"] == "EUR"]
    assert sum(Decimal(row["total"]) for row in regions) == Decimal(totals[0]["total"])
    dues_rows = client_as("secretariat").get(
        reverse("finance:dashboard-download", args=["dues", "csv"]), QUERY
    )
    table = list(csv.DictReader(io.StringIO(dues_rows.content.decode("utf-8-sig"))))
    europe = next(row for row in table if row["region"] == "europe")
    assert (europe["invoiced"], europe["collected"], europe["collection_rate_percent"]) == (
        "1400.00",
        "1200.00",
        "85.7",
    )


def test_a_name_that_reads_as_a_formula_is_written_as_text(cast, client_as, dues):
    invoice(
        LocalGovernment.objects.get(code="de-kehl"),
        office=cast.europe_office,
        year=2026,
        total="10.00",
        due_on=datetime.date(2026, 2, 14),
    )
    response = client_as("secretariat").get(
        reverse("finance:dashboard-download", args=["ageing", "csv"]), QUERY
    )
    assert "'=Kehl" in response.content.decode("utf-8-sig")
    workbook_response = client_as("secretariat").get(
        reverse("finance:dashboard-download", args=["all", "xlsx"]), QUERY
    )
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_response.content))
    assert workbook.sheetnames == [
        "Dues",
        "Income by purpose",
        "Ageing",
        "Budget vs actual",
        "Funding",
    ]
    names = [row[2] for row in workbook["Ageing"].iter_rows(min_row=2, values_only=True)]
    assert "'=Kehl" in names
    dues_sheet = list(workbook["Dues"].iter_rows(min_row=2, values_only=True))
    europe = next(row for row in dues_sheet if row[0] == "europe")
    assert europe[4] == 1400  # a number, not text


def test_downloads_follow_the_dashboards_rules(client_as, dues):
    url = reverse("finance:dashboard-download", args=["dues", "csv"])
    assert client_as("editor").get(url, QUERY).status_code == 403
    staff = client_as("staff").get(url, QUERY).content.decode("utf-8-sig")
    assert "europe" in staff and "africa" not in staff
    assert (
        client_as("secretariat")
        .get(reverse("finance:dashboard-download", args=["x", "csv"]))
        .status_code
        == 404
    )


def test_the_navigation_shows_finance_to_staff_only(client_as):
    link = 'href="/finance/"'
    assert link in client_as("staff").get("/").content.decode()
    assert link not in client_as("editor").get("/").content.decode()


# The fee schedule


@pytest.mark.parametrize(
    ("who", "status"), [("editor", 200), ("staff", 200), ("secretariat", 200), ("colleague", 403)]
)
def test_the_fee_schedule_is_read_by_staff_and_editors(client_as, who, status):
    response = client_as(who).get(reverse("finance:schedule"), {"year": "2027"})
    assert response.status_code == status


def test_a_year_that_is_not_one_is_refused(client_as):
    assert client_as("editor").get(reverse("finance:schedule"), {"year": "2o27"}).status_code == 400
    url = reverse("finance:actuals", args=["europe"])
    assert client_as("staff").get(url, {"year": "-1"}).status_code == 400


def test_the_example_schedule_says_so_and_shows_its_published_ends(client_as):
    body = client_as("editor").get(reverse("finance:schedule"), {"year": "2027"}).content.decode()
    assert "Example data." in body
    assert "Not adopted" in body
    # Issue 12's published reference point: high income 450 for the smallest band,
    # 5,985 for the largest; flat fees 2,620 and 1,870.
    for amount in ("450.00", "5,985.00", "2,620.00", "1,870.00"):
        assert amount in body


# Budgets and actuals pages


GOOD = (
    b"date,flow,income_source,expense_category,amount,currency,reference,description\n"
    b"2027-01-31,income,dues,,12000.00,EUR,GL-1,Dues\n"
    b"2027-03-31,expense,,staff,8000.50,EUR,GL-3,Salaries\n"
)


def test_finance_staff_create_a_budget_and_its_lines(cast, finance):
    client = Client()
    client.force_login(finance)
    response = client.post(
        reverse("finance:budget-new"),
        {"office": cast.europe_office.pk, "year": "2027", "currency": "EUR", "note": ""},
    )
    budget = Budget.objects.get()
    assert response.status_code == 302
    response = client.post(
        reverse("finance:budget-lines", args=[budget.pk]),
        {"income-dues": "20000", "expense-staff": "15000.50"},
    )
    assert response.status_code == 302
    page = client.get(reverse("finance:budget", args=[budget.pk])).content.decode()
    assert "15,000.50" in page
    refused = client.post(reverse("finance:budget-lines", args=[budget.pk]), {"income-dues": "-1"})
    assert refused.status_code == 400
    assert budget.lines.count() == 2


def test_budget_pages_follow_the_rules(cast, client_as, finance):
    budget = Budget.objects.create(office=cast.europe_office, year=YEAR, currency="EUR")
    assert client_as("staff").get(reverse("finance:budget", args=[budget.pk])).status_code == 200
    assert (
        client_as("other_staff").get(reverse("finance:budget", args=[budget.pk])).status_code == 403
    )
    assert client_as("editor").get(reverse("finance:budget", args=[budget.pk])).status_code == 403
    # Office staff read; only finance staff keep.
    assert (
        client_as("staff").get(reverse("finance:budget-lines", args=[budget.pk])).status_code == 403
    )
    assert client_as("staff").get(reverse("finance:budget-new")).status_code == 403
    assert client_as("staff").get(reverse("finance:actual-new", args=["europe"])).status_code == 403
    assert (
        client_as("staff").get(reverse("finance:actuals-import", args=["europe"])).status_code
        == 403
    )
    assert client_as("editor").get(reverse("finance:budgets")).status_code == 403


def test_an_actual_is_entered_on_its_page(cast, finance):
    client = Client()
    client.force_login(finance)
    url = reverse("finance:actual-new", args=["europe"])
    response = client.post(
        url,
        {
            "on": "2027-05-02",
            "flow": "income",
            "income_source": "grants",
            "amount_0": "250.00",
            "amount_1": "EUR",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Actual.objects.get().amount.amount == Decimal("250.00")
    wrong = client.post(
        url, {"on": "2027-05-02", "flow": "income", "amount_0": "1", "amount_1": "EUR"}
    )
    assert wrong.status_code == 400
    assert Actual.objects.count() == 1


def test_an_actuals_file_is_imported_from_its_page(cast, finance):
    client = Client()
    client.force_login(finance)
    url = reverse("finance:actuals-import", args=["europe"])
    upload = io.BytesIO(GOOD)
    upload.name = "gl-2027.csv"
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    assert Actual.objects.count() == 2
    listing = client.get(reverse("finance:actuals", args=["europe"]), {"year": "2027"})
    assert "gl-2027.csv, row 3" in listing.content.decode()


def test_a_bad_actuals_file_from_the_page_imports_nothing(cast, finance):
    client = Client()
    client.force_login(finance)
    upload = io.BytesIO(GOOD + b"2027-04-01,expense,,staff,1,5,EUR,,\n")
    upload.name = "bad.csv"
    response = client.post(reverse("finance:actuals-import", args=["europe"]), {"file": upload})
    assert response.status_code == 302
    progress = client.get(response["Location"]).content.decode()
    assert "row 4" in progress
    assert not Actual.objects.exists()


def test_world_finance_staff_keep_any_offices_budget(cast, world_finance):
    client = Client()
    client.force_login(world_finance)
    assert client.get(reverse("finance:actual-new", args=["africa"])).status_code == 200


def test_a_person_with_a_finance_role_elsewhere_does_not_keep_this_office(cast):
    africa_finance = make_user("africa_finance", kind=Role.Kind.FINANCE, office=cast.africa_office)
    client = Client()
    client.force_login(africa_finance)
    assert client.get(reverse("finance:actual-new", args=["europe"])).status_code == 403


def test_core_and_project_funding_shares_hand_worked(cast, finance, world_finance):
    # Europe received 300.00 of dues, Africa 100.00 of grants and 100.00 of fees:
    # core 300 / 500 = 60.0 %, project 20.0 %, other 20.0 %.
    for office, source, amount in (
        (cast.europe_office, "dues", "300.00"),
        (cast.africa_office, "grants", "100.00"),
        (cast.africa_office, "fees_for_services", "100.00"),
    ):
        Actual.objects.create(
            office=office,
            on=datetime.date(YEAR, 3, 1),
            flow="income",
            income_source=source,
            amount=Money(Decimal(amount), "EUR"),
            origin="entered",
            entered_by=world_finance,
        )
    figures = dashboard(cast.secretariat, year=YEAR, on=ON, currency="EUR")
    assert figures.funding.actual == {
        "core": Decimal("300.00"),
        "project": Decimal("100.00"),
        "other": Decimal("100.00"),
    }
    assert figures.funding.share(figures.funding.actual) == {
        "core": Decimal("60.0"),
        "project": Decimal("20.0"),
        "other": Decimal("20.0"),
    }
    by_office = {c.office.code: c.income_actual for c in figures.budgets}
    assert by_office == {"europe": Decimal("300.00"), "africa": Decimal("200.00")}
    assert sum(by_office.values()) == sum(figures.funding.actual.values())
    # Office staff of Europe see Europe's budget and actuals only.
    staff = dashboard(cast.staff, year=YEAR, on=ON, currency="EUR")
    assert [c.office.code for c in staff.budgets] == ["europe"]
