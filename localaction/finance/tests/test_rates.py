"""Dated exchange rates, entered by the secretariat, and conversions that name them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from djmoney.money import Money

from localaction.finance.models import ExchangeRate
from localaction.finance.services import convert

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(cast):
    def rate(on, value):
        return ExchangeRate.objects.create(
            on=on,
            from_currency="EUR",
            to_currency="USD",
            rate=Decimal(value),
            entered_by=cast.secretariat,
        )

    return rate(datetime.date(2027, 1, 1), "1.0850"), rate(datetime.date(2027, 2, 1), "1.1000")


def test_convert_uses_the_latest_rate_on_or_before_the_day_and_names_it(rates):
    january, february = rates
    amount, used = convert(Money("5985.00", "EUR"), "USD", on=datetime.date(2027, 1, 31))
    assert used == january
    # 5,985.00 × 1.0850 = 6,493.725 → 6,493.73 (half a cent up), by hand.
    assert amount == Money("6493.73", "USD")
    amount, used = convert(Money("5985.00", "EUR"), "USD", on=datetime.date(2027, 2, 1))
    assert (amount, used) == (Money("6583.50", "USD"), february)


def test_convert_without_a_rate_says_which_is_missing(rates):
    with pytest.raises(
        ValidationError, match="No exchange rate from EUR to USD on or before 2026-12-31"
    ):
        convert(Money("1.00", "EUR"), "USD", on=datetime.date(2026, 12, 31))
    with pytest.raises(ValidationError, match="from USD to KES"):
        convert(Money("1.00", "USD"), "KES", on=datetime.date(2027, 3, 1))


def test_the_same_currency_needs_no_rate():
    assert convert(Money("2620.00", "EUR"), "EUR", on=datetime.date(2027, 1, 1)) == (
        Money("2620.00", "EUR"),
        None,
    )


def test_a_rate_is_never_edited(rates):
    january, _ = rates
    january.rate = Decimal("2")
    with pytest.raises(ValidationError):
        january.save()


def test_a_rate_is_between_two_currencies(cast):
    rate = ExchangeRate(
        on=datetime.date(2027, 1, 1),
        from_currency="EUR",
        to_currency="EUR",
        rate=1,
        entered_by=cast.secretariat,
    )
    with pytest.raises(ValidationError):
        rate.full_clean()
