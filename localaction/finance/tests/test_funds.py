"""Project funds: recorded by the office's people, spread over the years of
their period in exact cents, shown beside the budgeted "Project funds"."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from djmoney.money import Money
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localaction.finance.budgets import budget_set_lines, compare
from localaction.finance.funds import record_project_fund, spread_by_days
from localaction.finance.models import Budget, ExchangeRate, ProjectFund

D = datetime.date


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


@pytest.mark.parametrize(
    ("amount", "starts_on", "ends_on", "parts"),
    [
        # One day: all of it in that year.
        ("1000.00", D(2027, 7, 1), D(2027, 7, 1), {2027: "1000.00"}),
        # 2 days in 2027 (30, 31 Dec) and 1 in 2028: 6,666⅔ and 3,333⅓ cents, the
        # cent left over to 2027, whose fraction is the larger.
        ("100.00", D(2027, 12, 30), D(2028, 1, 1), {2027: "66.67", 2028: "33.33"}),
        # Leap year 2028: 366 days of 732 from 1 Jan 2027 to 1 Jan 2029 (365 + 366 + 1).
        # 73,200 cents × 365 / 732 = 36,500; × 366 / 732 = 36,600; × 1 / 732 = 100.
        (
            "732.00",
            D(2027, 1, 1),
            D(2029, 1, 1),
            {2027: "365.00", 2028: "366.00", 2029: "1.00"},
        ),
        # 29 Feb 2028 alone, and the whole of 2028 (366 days).
        ("0.01", D(2028, 2, 29), D(2028, 2, 29), {2028: "0.01"}),
        ("366.00", D(2028, 1, 1), D(2028, 12, 31), {2028: "366.00"}),
        # 0.01 over two years of equal days: the one cent to the earlier year.
        ("0.01", D(2027, 12, 31), D(2028, 1, 1), {2027: "0.01", 2028: "0.00"}),
        # 1 July 2027 – 30 June 2030: 184 + 366 + 365 + 181 = 1,096 days;
        # 1,000,000.00 → 167,883.21 (184 d), 333,941.61 (366), 333,029.20 (365),
        # 165,145.98 (181): shares worked out as cents × days / 1,096, rounded by
        # largest remainder (the whole cents fall 2 short: one each to 2029's
        # fraction .708 and 2028's .58).
        (
            "1000000.00",
            D(2027, 7, 1),
            D(2030, 6, 30),
            {
                2027: "167883.21",
                2028: "333941.61",
                2029: "333029.20",
                2030: "165145.98",
            },
        ),
    ],
)
def test_a_fund_is_spread_over_its_years_by_days(amount, starts_on, ends_on, parts):
    spread = spread_by_days(eur(amount), starts_on, ends_on)
    assert spread == {year: eur(part) for year, part in parts.items()}
    assert sum(spread.values(), eur("0")) == eur(amount)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cents=st.integers(min_value=1, max_value=10**13),
    start=st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31)),
    days=st.integers(min_value=0, max_value=4000),
)
def test_the_parts_add_up_and_none_is_a_cent_off_its_exact_share(cents, start, days):
    end = min(start + datetime.timedelta(days=days), D(2100, 12, 31))
    amount = Money(Decimal(cents) / 100, "EUR")
    spread = spread_by_days(amount, start, end)
    assert sum(part.amount for part in spread.values()) == amount.amount
    total_days = (end - start).days + 1
    for year, part in spread.items():
        first, last = max(start, D(year, 1, 1)), min(end, D(year, 12, 31))
        exact = Decimal(cents) * ((last - first).days + 1) / total_days
        assert abs(part.amount * 100 - exact) < 1


def record(cast, by, **changes):
    values = {
        "office": cast.europe_office,
        "funder": "European Commission, Horizon Europe",
        "title": "Nature-based solutions for coastal cities",
        "amount": eur("1000000.00"),
        "starts_on": D(2027, 7, 1),
        "ends_on": D(2030, 6, 30),
        "awarded_on": D(2027, 5, 15),
        "reference": "101056789",
        "by": by,
    }
    values.update(changes)
    return record_project_fund(**values)


@pytest.mark.django_db
def test_the_offices_staff_and_the_secretariat_record_its_funds(cast, finance):
    fund = record(cast, cast.staff)
    assert fund.created_by == cast.staff
    assert fund.history.get().history_user == cast.staff
    record(cast, finance, reference="2")
    record(cast, cast.secretariat, reference="3")
    for person in (cast.other_staff, cast.editor, cast.outsider):
        with pytest.raises(PermissionDenied):
            record(cast, person, reference="4")
    assert ProjectFund.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"funder": "  "}, "funder"),
        ({"title": "x" * 301}, "title"),
        ({"amount": eur("0")}, "amount"),
        ({"amount": eur("-5")}, "amount"),
        ({"amount": eur("10.001")}, "amount"),
        ({"amount": eur("1e15")}, "amount"),
        ({"ends_on": D(2027, 6, 30)}, "ends_on"),
    ],
)
def test_a_bad_fund_is_refused_naming_the_field(cast, changes, field):
    with pytest.raises(ValidationError) as refused:
        record(cast, cast.staff, **changes)
    assert field in refused.value.message_dict
    assert not ProjectFund.objects.exists()


@pytest.mark.django_db
def test_a_funders_award_is_recorded_once(cast):
    record(cast, cast.staff)
    with pytest.raises(ValidationError, match="already recorded"):
        record(cast, cast.staff)
    # Another funder may use the same reference.
    record(cast, cast.staff, funder="Global Environment Facility")


@pytest.mark.django_db
def test_the_budget_shows_the_funds_awarded_for_its_year_beside_project_funds(cast, finance):
    budget = Budget.objects.create(office=cast.europe_office, year=2028, currency="EUR")
    budget_set_lines(budget, amounts={("income", "project_funds"): Decimal("400000")}, by=finance)
    record(cast, cast.staff)  # 333,941.61 EUR in 2028 (above)
    record(
        cast,
        cast.staff,
        funder="Global Environment Facility",
        title="Urban water pilots",
        amount=Money("20000.00", "USD"),
        starts_on=D(2028, 1, 1),
        ends_on=D(2028, 12, 31),
        reference="GEF-11",
    )
    record(cast, cast.staff, reference="other-year", starts_on=D(2029, 1, 1), ends_on=D(2029, 2, 1))
    ExchangeRate.objects.create(
        on=D(2028, 1, 1),
        from_currency="USD",
        to_currency="EUR",
        rate=Decimal("0.9"),
        entered_by=cast.secretariat,
    )

    comparison = compare(cast.europe_office, 2028)

    line = next(line for line in comparison.lines if line.key == "project_funds")
    # 333,941.61 + 20,000 USD × 0.9 = 351,941.61 EUR.
    assert line.budgeted == Decimal("400000")
    assert line.awarded == Decimal("333941.61") + Decimal("18000.00")
    assert comparison.project_funds_awarded == line.awarded
    assert [part.fund.reference for part in comparison.project_funds] == ["101056789", "GEF-11"]
    assert all(other.awarded is None for other in comparison.lines if other is not line)


@pytest.mark.django_db
def test_the_budget_page_lists_the_funds_of_its_year(cast, finance, client):
    budget = Budget.objects.create(office=cast.europe_office, year=2028, currency="EUR")
    record(cast, cast.staff)
    client.force_login(finance)
    page = client.get(reverse("finance:budget", args=[budget.pk])).content.decode()
    assert "Nature-based solutions for coastal cities" in page
    assert "333,941.61" in page
    client.force_login(cast.other_staff)
    assert client.get(reverse("finance:budget", args=[budget.pk])).status_code == 403


@pytest.mark.django_db
def test_a_year_without_funds_or_a_budget_line_has_no_project_funds_line(cast, finance):
    comparison = compare(cast.europe_office, 2028)
    assert comparison.lines == [] and comparison.project_funds_awarded == 0
