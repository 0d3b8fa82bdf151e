"""Reminders, good standing and lapse (finance/standing.py), by the terms of the
invoice's schedule: the example schedule reminds 14, 30 and 60 days after the
due date and has a grace period of 90 days. The test invoice falls due on
14 February 2027."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from djmoney.money import Money

from localaction.finance.models import Payment, Reminder
from localaction.finance.payments import record_payment
from localaction.finance.services import credit_invoice
from localaction.finance.standing import (
    confirm_lapse,
    in_good_standing,
    in_good_standing_among,
    lapse_candidates,
    not_in_good_standing,
    send_reminders,
)
from localaction.finance.tasks import remind_unpaid_dues
from localaction.network.models import LocalGovernment, Membership

pytestmark = pytest.mark.django_db

DUE = datetime.date(2027, 2, 14)


def days_after_due(days: int) -> datetime.date:
    return DUE + datetime.timedelta(days=days)


# 14 Feb 2027 + 90 days = 15 May 2027: the last day of grace.
LAST_DAY_OF_GRACE = datetime.date(2027, 5, 15)


def test_the_terms_are_those_of_the_example_schedule(issue):
    invoice = issue()
    assert invoice.due_on == DUE
    assert invoice.schedule.grace_days == 90
    assert invoice.schedule.reminder_day_list == [14, 30, 60]
    assert days_after_due(90) == LAST_DAY_OF_GRACE


def test_good_standing_is_lost_the_day_after_the_grace_period(issue, cast):
    issue("450.00")
    assert in_good_standing(cast.freiburg, on=LAST_DAY_OF_GRACE)
    assert not in_good_standing(cast.freiburg, on=LAST_DAY_OF_GRACE + datetime.timedelta(days=1))
    assert in_good_standing(cast.nairobi, on=LAST_DAY_OF_GRACE + datetime.timedelta(days=1))


def test_one_cent_short_after_grace_is_not_good_standing(issue, finance, cast):
    invoice = issue("450.00")
    after = LAST_DAY_OF_GRACE + datetime.timedelta(days=1)
    record_payment(
        office=invoice.office,
        received_on=LAST_DAY_OF_GRACE,
        amount=Money("449.99", "EUR"),
        method=Payment.Method.BANK_TRANSFER,
        invoice=invoice,
        by=finance,
    )
    assert in_good_standing(cast.freiburg, on=LAST_DAY_OF_GRACE)
    assert not in_good_standing(cast.freiburg, on=after)  # one cent short
    later = after + datetime.timedelta(days=10)
    credit_invoice(invoice, amount=Money("0.01", "EUR"), reason="rounding", by=finance, on=later)
    assert in_good_standing(cast.freiburg, on=later)
    # Read as it stood before the credit note was issued: still not.
    assert not in_good_standing(cast.freiburg, on=later - datetime.timedelta(days=1))


def test_a_payment_received_later_does_not_rewrite_a_past_day(issue, finance, cast):
    invoice = issue("450.00")
    late = datetime.date(2027, 6, 1)
    record_payment(
        office=invoice.office,
        received_on=late,
        amount=Money("450.00", "EUR"),
        method=Payment.Method.CASH,
        invoice=invoice,
        by=finance,
    )
    assert not in_good_standing(cast.freiburg, on=late - datetime.timedelta(days=1))
    assert in_good_standing(cast.freiburg, on=late)


def test_the_queryset_helpers_split_the_register(issue, cast):
    issue("450.00")
    after = LAST_DAY_OF_GRACE + datetime.timedelta(days=1)
    everyone = set(LocalGovernment.objects.all())
    bad = set(not_in_good_standing(on=after))
    good = set(in_good_standing_among(on=after))
    assert bad == {cast.freiburg}
    assert good == everyone - bad
    only_freiburg = LocalGovernment.objects.filter(pk=cast.freiburg.pk)
    assert not in_good_standing_among(only_freiburg, on=after).exists()
    assert in_good_standing_among(only_freiburg, on=LAST_DAY_OF_GRACE).get() == cast.freiburg


# Reminders


def test_a_reminder_goes_at_each_step_once(issue, cast, mailoutbox):
    invoice = issue("450.00")
    assert send_reminders(on=days_after_due(13)) == []
    sent = send_reminders(on=days_after_due(14))
    assert [(r.invoice, r.days) for r in sent] == [(invoice, 14)]
    assert send_reminders(on=days_after_due(14)) == []
    assert send_reminders(on=days_after_due(29)) == []
    assert [r.days for r in send_reminders(on=days_after_due(30))] == [30]
    assert sorted(Reminder.objects.values_list("days", flat=True)) == [14, 30]


def test_a_late_run_sends_only_the_latest_step(issue):
    issue("450.00")
    assert [r.days for r in send_reminders(on=days_after_due(75))] == [60]
    assert send_reminders(on=days_after_due(76)) == []


def test_a_paid_invoice_is_not_reminded(issue, finance):
    invoice = issue("450.00")
    record_payment(
        office=invoice.office,
        received_on=DUE,
        amount=Money("450.00", "EUR"),
        method=Payment.Method.CARD,
        invoice=invoice,
        by=finance,
    )
    assert send_reminders(on=days_after_due(14)) == []


def test_the_reminder_is_emailed_to_the_members_editors_through_the_queue(
    issue, cast, django_capture_on_commit_callbacks
):
    invoice = issue("450.00")
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(on=days_after_due(14))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cast.editor.email]
    assert invoice.number in message.subject
    assert invoice.payment_reference in message.body
    assert "450" in message.body


def test_the_daily_task_sends_todays_reminders_once(issue, monkeypatch):
    from localaction.background.tasks import _DAILY
    from localaction.finance import standing

    assert remind_unpaid_dues in _DAILY
    issue("450.00")
    monkeypatch.setattr(standing, "_today", lambda on: on or days_after_due(30))
    assert remind_unpaid_dues.call() == 1
    assert remind_unpaid_dues.call() == 0


# Lapse


def test_a_membership_lapses_only_when_the_office_confirms(issue, finance, cast):
    invoice = issue("450.00")
    after = LAST_DAY_OF_GRACE + datetime.timedelta(days=1)
    membership = invoice.membership
    assert list(lapse_candidates(cast.europe_office, on=after)) == [membership]
    assert not lapse_candidates(cast.europe_office, on=LAST_DAY_OF_GRACE).exists()
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE  # listed, not moved
    confirm_lapse(membership, office=cast.europe_office, by=finance, on=after)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LAPSED
    assert membership.ended_on == after
    assert not lapse_candidates(cast.europe_office, on=after).exists()


def test_a_member_within_grace_does_not_lapse(issue, finance, cast):
    invoice = issue("450.00")
    with pytest.raises(ValidationError, match="does not lapse"):
        confirm_lapse(
            invoice.membership, office=cast.europe_office, by=finance, on=LAST_DAY_OF_GRACE
        )
    invoice.membership.refresh_from_db()
    assert invoice.membership.status == Membership.Status.ACTIVE


def test_a_lapse_is_confirmed_by_the_offices_finance_staff(issue, cast, world_finance):
    invoice = issue("450.00")
    after = LAST_DAY_OF_GRACE + datetime.timedelta(days=1)
    for person in (cast.staff, cast.editor, cast.secretariat, cast.other_staff):
        with pytest.raises(PermissionDenied):
            confirm_lapse(invoice.membership, office=cast.europe_office, by=person, on=after)
    confirm_lapse(invoice.membership, office=cast.europe_office, by=world_finance, on=after)
