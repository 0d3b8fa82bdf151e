"""Hardship reductions and waivers: decided by the office up to the schedule's
limit, by the secretariat above it; dated and explained."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from localaction.finance.models import Reduction
from localaction.finance.services import adopt_schedule, decide_reduction, invoicing_office

pytestmark = pytest.mark.django_db


@pytest.fixture
def adopted(cast, example_schedule):
    # The example schedule's limit: the office decides up to 50 %.
    assert example_schedule.reduction_limit_percent == Decimal("50")
    return adopt_schedule(
        example_schedule,
        adopted_on=datetime.date(2026, 11, 20),
        adopted_by="Council",
        by=cast.secretariat,
    )


@pytest.fixture
def request_reduction(cast):
    def request(percent: str) -> Reduction:
        return Reduction.objects.create(
            membership=cast.freiburg.memberships.get(),
            year=2027,
            percent=Decimal(percent),
            reason="Flood damage to the city budget",
            requested_by=cast.editor,
        )

    return request


def test_freiburg_is_invoiced_by_the_european_secretariat(cast):
    assert invoicing_office(cast.freiburg) == cast.europe_office


def test_the_offices_finance_staff_decide_up_to_the_limit(adopted, request_reduction, finance):
    reduction = decide_reduction(
        request_reduction("50"),
        grant=True,
        by=finance,
        note="Documented",
        on=datetime.date(2027, 1, 5),
    )
    assert (reduction.status, reduction.decided_by, reduction.decided_on) == (
        Reduction.Status.GRANTED,
        finance,
        datetime.date(2027, 1, 5),
    )
    assert reduction.history.first().history_user == finance


def test_above_the_limit_only_the_secretariat_decides(adopted, request_reduction, finance, cast):
    reduction = request_reduction("50.01")
    with pytest.raises(PermissionDenied, match="above 50 %"):
        decide_reduction(reduction, grant=True, by=finance, note="Documented")
    reduction.refresh_from_db()
    assert reduction.status == Reduction.Status.REQUESTED
    decide_reduction(reduction, grant=False, by=cast.secretariat, note="Not documented")
    reduction.refresh_from_db()
    assert reduction.status == Reduction.Status.REFUSED


def test_a_waiver_is_the_secretariats(adopted, request_reduction, finance, cast):
    waiver = request_reduction("100")
    assert waiver.is_waiver
    with pytest.raises(PermissionDenied):
        decide_reduction(waiver, grant=True, by=finance, note="War")
    decide_reduction(waiver, grant=True, by=cast.secretariat, note="War")


def test_without_a_schedule_in_force_only_the_secretariat_decides(request_reduction, finance):
    with pytest.raises(PermissionDenied):
        decide_reduction(request_reduction("10"), grant=True, by=finance, note="x")


def test_other_people_do_not_decide(adopted, request_reduction, cast):
    reduction = request_reduction("10")
    for person in (cast.staff, cast.other_staff, cast.editor):
        with pytest.raises(PermissionDenied):
            decide_reduction(reduction, grant=True, by=person, note="x")


def test_a_decision_is_explained_and_made_once(adopted, request_reduction, finance):
    reduction = request_reduction("10")
    with pytest.raises(ValidationError):
        decide_reduction(reduction, grant=True, by=finance, note="  ")
    decide_reduction(reduction, grant=True, by=finance, note="Documented")
    with pytest.raises(ValidationError, match="already decided"):
        decide_reduction(reduction, grant=False, by=finance, note="Changed my mind")


def test_one_open_request_per_membership_and_year(request_reduction):
    request_reduction("10")
    with pytest.raises(IntegrityError):
        request_reduction("20")
