"""Fee schedules: the shipped example, checking and adopting."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from djmoney.money import Money

from localaction.core import dues
from localaction.finance.models import Fee, FeeBand, FeeSchedule
from localaction.finance.services import adopt_schedule, copy_schedule

pytestmark = pytest.mark.django_db

# Issue 12's published reference point: in one schedule the highest-income group
# ran from €450 (smallest band) to €5,985 (largest), with flat fees of €2,620
# (national associations) and €1,870 (subnational).
PUBLISHED = {"smallest": Decimal("450"), "largest": Decimal("5985")}


def test_the_shipped_schedule_is_example_data_with_the_published_values(example_schedule):
    assert example_schedule.is_example and not example_schedule.is_adopted
    assert "EXAMPLE DATA" in example_schedule.note
    table = example_schedule.table()
    assert len(table.bands) == 10
    assert table.bands[0] == dues.Band(0, 50_000)
    assert table.bands[-1] == dues.Band(4_000_000, None)
    assert dues.annual_fee(table, population=49_999, income_group="high") == PUBLISHED["smallest"]
    assert dues.annual_fee(table, population=4_000_000, income_group="high") == PUBLISHED["largest"]
    assert dues.flat_fee(table, "national-association") == Decimal("2620.00")
    assert dues.flat_fee(table, "subnational-association") == Decimal("1870.00")


def test_the_shipped_schedule_is_the_cores_example_cell_by_cell(example_schedule):
    # Recomputed independently: the database holds exactly core.dues.EXAMPLE_SCHEDULE.
    assert example_schedule.table() == dues.EXAMPLE_SCHEDULE
    assert example_schedule.problems() == []


def test_a_missing_fee_is_named_by_its_cell(example_schedule):
    Fee.objects.get(
        band__schedule=example_schedule, band__lower=100_000, income_group="low"
    ).delete()
    assert example_schedule.problems() == ["No fee for band 3 (100,000–249,999) × low income."]


def test_overlapping_bands_are_named(example_schedule):
    band = FeeBand.objects.get(schedule=example_schedule, lower=50_000)
    band.upper = 120_000
    band.save()
    problems = example_schedule.problems()
    assert (
        "Bands 2 (50,000–119,999) and 3 (100,000–249,999) overlap from 100,000 to 119,999."
        in problems
    )


def test_a_gap_is_named(example_schedule):
    band = FeeBand.objects.get(schedule=example_schedule, lower=50_000)
    band.upper = 90_000
    band.save()
    assert "No band covers 90,000–99,999." in example_schedule.problems()


def test_a_fee_in_another_currency_is_named(example_schedule):
    fee = Fee.objects.get(band__schedule=example_schedule, band__lower=0, income_group="high")
    fee.amount = Money(450, "USD")
    fee.save()
    (problem,) = example_schedule.problems()
    assert problem.startswith("Band 0–50,000 × High income: ") and problem.endswith(
        "is not in EUR."
    )


def test_adoption_refuses_a_schedule_with_problems_and_changes_nothing(cast, example_schedule):
    Fee.objects.get(band__schedule=example_schedule, band__lower=0, income_group="high").delete()
    with pytest.raises(ValidationError) as error:
        adopt_schedule(
            example_schedule,
            adopted_on=datetime.date(2026, 11, 20),
            adopted_by="Council",
            by=cast.secretariat,
        )
    assert error.value.messages == ["No fee for band 1 (under 50,000) × high income."]
    example_schedule.refresh_from_db()
    assert not example_schedule.is_adopted


def test_only_the_secretariat_adopts(cast, example_schedule):
    with pytest.raises(PermissionDenied):
        adopt_schedule(
            example_schedule,
            adopted_on=datetime.date(2026, 11, 20),
            adopted_by="Council",
            by=cast.staff,
        )


def test_an_adopted_schedule_is_fixed(cast, example_schedule):
    adopt_schedule(
        example_schedule,
        adopted_on=datetime.date(2026, 11, 20),
        adopted_by="Council",
        by=cast.secretariat,
    )
    fee = Fee.objects.get(band__schedule=example_schedule, band__lower=0, income_group="high")
    fee.amount = Money(1, "EUR")
    with pytest.raises(ValidationError):
        fee.save()
    with pytest.raises(ValidationError):
        FeeBand.objects.filter(schedule=example_schedule).first().delete()
    example_schedule.grace_days = 1
    with pytest.raises(ValidationError):
        example_schedule.save()
    example_schedule.refresh_from_db()
    example_schedule.note = "A note may still be added."
    example_schedule.save()
    with pytest.raises(ValidationError):
        adopt_schedule(
            example_schedule,
            adopted_on=datetime.date(2026, 11, 21),
            adopted_by="Council",
            by=cast.secretariat,
        )


def test_an_offices_own_schedule_overrides_the_associations(cast, example_schedule):
    adopt_schedule(
        example_schedule,
        adopted_on=datetime.date(2026, 11, 20),
        adopted_by="Council",
        by=cast.secretariat,
    )
    assert FeeSchedule.objects.in_force(year=2027, office=cast.europe_office) == example_schedule
    own = copy_schedule(example_schedule, year=2027, office=cast.europe_office, by=cast.secretariat)
    # A draft is not in force; adopted, it is, for its office only.
    assert FeeSchedule.objects.in_force(year=2027, office=cast.europe_office) == example_schedule
    adopt_schedule(
        own, adopted_on=datetime.date(2026, 12, 1), adopted_by="European Board", by=cast.secretariat
    )
    assert FeeSchedule.objects.in_force(year=2027, office=cast.europe_office) == own
    assert FeeSchedule.objects.in_force(year=2027, office=cast.africa_office) == example_schedule
    assert FeeSchedule.objects.in_force(year=2028, office=cast.europe_office) is None


def test_a_second_schedule_for_the_same_year_and_office_is_refused(cast, example_schedule):
    with pytest.raises(ValidationError):
        copy_schedule(example_schedule, year=2027, by=cast.secretariat)


def test_a_copy_for_next_year_has_the_same_fees(cast, example_schedule):
    copy = copy_schedule(example_schedule, year=2028, by=cast.secretariat)
    assert copy.table() == example_schedule.table()
    assert not copy.is_adopted
