"""Requesting a hardship reduction or waiver, deciding it, telling the member, and
the next dues run applying it (the services every door calls).

Fees are those of the shipped example schedule (example data): Freiburg,
231,195 inhabitants in a high-income country, pays 1,050 EUR for 2027; its
office (the European Secretariat) decides reductions up to the schedule's 50 %.
"""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from djmoney.money import Money

from localaction.finance.dues_run import run_dues
from localaction.finance.models import Invoice, Reduction
from localaction.finance.services import (
    adopt_schedule,
    decide_reduction,
    reduction_limit,
    request_reduction,
)
from localaction.network.models import Membership

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 5)


@pytest.fixture
def membership(cast):
    """Freiburg's membership, active since 2020 (so that the years asked are
    the same whatever day the tests run)."""
    Membership.objects.filter(local_government=cast.freiburg).update(
        applied_on=datetime.date(2020, 1, 10), started_on=datetime.date(2020, 2, 1)
    )
    return cast.freiburg.memberships.get()


@pytest.fixture
def adopted(cast, example_schedule):
    return adopt_schedule(
        example_schedule,
        adopted_on=datetime.date(2026, 11, 20),
        adopted_by="Council",
        by=cast.secretariat,
    )


def ask(membership, by, *, year=2027, percent="30", reason="Flood damage to the city budget"):
    return request_reduction(
        membership=membership, year=year, percent=percent, reason=reason, by=by, on=TODAY
    )


def test_an_editor_requests_a_reduction(cast, membership):
    reduction = ask(membership, cast.editor, percent="30.5")
    assert (reduction.status, reduction.percent, reduction.year) == (
        Reduction.Status.REQUESTED,
        Decimal("30.50"),
        2027,
    )
    assert (reduction.requested_by, reduction.requested_on) == (cast.editor, TODAY)
    assert reduction.history.get().history_user == cast.editor


def test_a_waiver_is_a_request_of_100_percent(cast, membership):
    assert ask(membership, cast.editor, percent="100").is_waiver


@pytest.mark.parametrize("who", ["colleague", "outsider", "staff", "secretariat"])
def test_only_the_members_editors_request(cast, membership, who):
    with pytest.raises(PermissionDenied, match="member's editors"):
        ask(membership, getattr(cast, who))
    assert not Reduction.objects.exists()


def test_finance_staff_do_not_request_for_a_member(membership, finance):
    with pytest.raises(PermissionDenied):
        ask(membership, finance)


def test_one_open_request_per_membership_and_year(cast, membership, adopted, finance):
    first = ask(membership, cast.editor)
    with pytest.raises(ValidationError) as refused:
        ask(membership, cast.editor, percent="20")
    assert refused.value.message_dict["year"] == [
        "A reduction of the 2027 dues was requested on 2026-12-05 and is requested: "
        "one request per membership and year is open at a time."
    ]
    # Another year is another request.
    ask(membership, cast.editor, year=2026)
    # Granted, it stays the year's one; refused, a new request may follow.
    decide_reduction(first, grant=False, by=finance, note="No evidence of the damage")
    again = ask(membership, cast.editor, percent="20", reason="Flood: the damage report")
    decide_reduction(again, grant=True, by=finance, note="Report received")
    with pytest.raises(ValidationError, match="is granted"):
        ask(membership, cast.editor, percent="10")
    assert Reduction.objects.filter(year=2027).count() == 2


@pytest.mark.parametrize(
    ("field", "changes", "message"),
    [
        ("percent", {"percent": "0"}, "more than 0 and at most 100 percent"),
        ("percent", {"percent": "100.01"}, "more than 0 and at most 100 percent"),
        ("percent", {"percent": "-5"}, "more than 0 and at most 100 percent"),
        ("percent", {"percent": "12.345"}, "hundredths of a percent"),
        ("percent", {"percent": "a lot"}, "number of percent"),
        ("percent", {"percent": "NaN"}, "number of percent"),
        ("reason", {"reason": "   "}, "Say why"),
        ("year", {"year": 2019}, "from 2020 (the application) to 2027"),
        ("year", {"year": 2028}, "from 2020 (the application) to 2027"),
    ],
)
def test_bad_requests_are_refused_by_field(cast, membership, field, changes, message):
    with pytest.raises(ValidationError) as refused:
        ask(membership, cast.editor, **changes)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Reduction.objects.exists()


def test_a_withdrawn_membership_has_no_dues_to_reduce(cast, membership):
    membership.move_to(Membership.Status.WITHDRAWN, on=TODAY)
    with pytest.raises(ValidationError, match="withdrawn: it has no dues to reduce"):
        ask(membership, cast.editor)


def test_an_invoiced_year_is_a_credit_note_not_a_reduction(cast, membership, issue):
    invoice = issue()
    with pytest.raises(ValidationError) as refused:
        ask(membership, cast.editor)
    assert refused.value.message_dict["year"] == [
        f"The dues of 2027 are already invoiced ({invoice.number}): a reduction now is a "
        "credit note, which European Secretariat issues on request."
    ]


def test_the_limit_is_the_schedule_in_force(cast, membership, adopted):
    reduction = ask(membership, cast.editor)
    assert reduction_limit(reduction) == (cast.europe_office, Decimal("50"))
    later = ask(membership, cast.editor, year=2026)
    assert reduction_limit(later) == (cast.europe_office, None)  # no 2026 schedule


def test_the_office_grants_less_than_requested_within_its_limit(cast, membership, adopted, finance):
    # Requested 80 %: above the office's 50 %, but it may grant 50 %.
    reduction = ask(membership, cast.editor, percent="80")
    with pytest.raises(PermissionDenied, match="above 50 % is decided by the secretariat"):
        decide_reduction(reduction, grant=True, by=finance, note="Documented")
    with pytest.raises(PermissionDenied, match="above 50 %"):
        decide_reduction(reduction, grant=False, by=finance, note="Not for us")
    decide_reduction(reduction, grant=True, percent="50", by=finance, note="Half the damage")
    reduction.refresh_from_db()
    assert (reduction.status, reduction.percent) == (Reduction.Status.GRANTED, Decimal("50.00"))
    # The request as made is in the history.
    assert reduction.history.earliest().percent == Decimal("80.00")


def test_a_grant_is_never_more_than_the_request(cast, membership, adopted):
    reduction = ask(membership, cast.editor, percent="20")
    with pytest.raises(ValidationError, match="more than the 20 % requested"):
        decide_reduction(reduction, grant=True, percent="25", by=cast.secretariat, note="x")
    reduction.refresh_from_db()
    assert reduction.status == Reduction.Status.REQUESTED


def test_the_secretariat_decides_above_the_limit(cast, membership, adopted, finance):
    waiver = ask(membership, cast.editor, percent="100", reason="Earthquake")
    decide_reduction(waiver, grant=True, by=cast.secretariat, note="Earthquake", on=TODAY)
    waiver.refresh_from_db()
    assert (waiver.status, waiver.decided_by, waiver.decided_on) == (
        Reduction.Status.GRANTED,
        cast.secretariat,
        TODAY,
    )


def test_finance_staff_of_another_office_do_not_decide(cast, membership, adopted):
    from localaction.accounts.models import Role
    from localaction.conftest import make_user

    africa_finance = make_user("africa_finance", kind=Role.Kind.FINANCE, office=cast.africa_office)
    reduction = ask(membership, cast.editor, percent="10")
    with pytest.raises(PermissionDenied, match="office's finance staff"):
        decide_reduction(reduction, grant=True, by=africa_finance, note="x")


def test_the_editors_are_told_of_the_decision(cast, membership, adopted, finance):
    reduction = ask(membership, cast.editor, percent="40")
    mail.outbox.clear()
    decide_reduction(
        reduction, grant=True, by=finance, note="The flood report shows the damage.", on=TODAY
    )
    (message,) = mail.outbox
    assert message.to == ["editor@example.org"]
    assert "granted" in message.subject
    assert "40 %" in message.body
    assert "The flood report shows the damage." in message.body


def test_a_refusal_is_told_with_its_reasons(cast, membership, adopted, finance):
    reduction = ask(membership, cast.editor, percent="40")
    mail.outbox.clear()
    decide_reduction(reduction, grant=False, by=finance, note="No damage report", on=TODAY)
    (message,) = mail.outbox
    assert "refused" in message.subject
    assert "No damage report" in message.body


def test_a_refused_decision_sends_nothing(cast, membership, adopted, finance):
    reduction = ask(membership, cast.editor, percent="80")
    mail.outbox.clear()
    with pytest.raises(PermissionDenied):
        decide_reduction(reduction, grant=True, by=finance, note="x")
    assert mail.outbox == []


def test_the_next_dues_run_invoices_the_granted_reduction(cast, membership, adopted, finance):
    reduction = ask(membership, cast.editor, percent="60")
    decide_reduction(reduction, grant=True, percent="40", by=finance, note="Flood report")
    run_dues(year=2027, on=datetime.date(2027, 1, 4), send=False)
    invoice = Invoice.objects.get(membership=membership, year=2027)
    # 1,050 EUR less 40 % (420.00) = 630.00.
    assert [(line.kind, line.amount.amount) for line in invoice.lines.order_by("position")] == [
        ("annual-fee", Decimal("1050.00")),
        ("reduction", Decimal("-420.00")),
    ]
    assert invoice.total == Money("630.00", "EUR")
    # Once invoiced, the year takes no new request.
    with pytest.raises(ValidationError, match="already invoiced"):
        ask(membership, cast.editor, year=2027)


def test_a_refused_reduction_is_not_invoiced(cast, membership, adopted, finance):
    reduction = ask(membership, cast.editor, percent="40")
    decide_reduction(reduction, grant=False, by=finance, note="No report")
    run_dues(year=2027, on=datetime.date(2027, 1, 4), send=False)
    invoice = Invoice.objects.get(membership=membership, year=2027)
    assert invoice.total == Money("1050.00", "EUR")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_requests_at_once_make_one(cast, membership):
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def request(percent: str) -> None:
        barrier.wait()
        try:
            ask(membership, cast.editor, percent=percent)
            outcomes.append("requested")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=request, args=(p,)) for p in ("10", "20")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "requested"]
    assert Reduction.objects.filter(membership=membership, year=2027).count() == 1
