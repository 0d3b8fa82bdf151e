"""Fees invoiced through the finance app: on confirmation only (never while
waiting; when promoted, then), in the same transaction; the member invoiced
for its delegate, the person (their organisation and address) otherwise; a
free registration has no invoice; each member's first two delegates free."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from djmoney.money import Money

from localaction.accounts.models import Role
from localaction.conftest import make_user
from localaction.events import registrations as services
from localaction.events.models import Registration
from localaction.events.tests.registrations.conftest import EARLY_UNTIL, TODAY
from localaction.finance.models import Invoice

pytestmark = pytest.mark.django_db


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def register(built, person, category, today=TODAY, **kwargs):
    kwargs.setdefault("country", None if kwargs.get("local_government") else built.germany)
    return services.register(
        event=built.event, person=person, category=category, today=today, **kwargs
    )


def test_a_non_member_is_invoiced_the_fee_of_the_day(built):
    person = make_user("ana")
    registration = register(
        built, person, built.non_member, organisation="Universidad de Sevilla",
        postal_address="Calle San Fernando 4\n41004 Sevilla",
    )  # fmt: skip
    invoice = registration.invoice
    assert invoice.purpose == Invoice.Purpose.EVENT
    assert invoice.total == eur("450.00")
    assert invoice.customer_name == "Universidad de Sevilla"
    assert invoice.customer_address == "Calle San Fernando 4\n41004 Sevilla"
    assert invoice.office == built.event.organiser
    assert invoice.issued_on == TODAY
    assert [line.amount for line in invoice.lines.all()] == [eur("450.00")]


def test_the_early_bird_fee_up_to_and_including_its_last_day(built):
    registration = register(built, make_user("early"), built.non_member, today=EARLY_UNTIL)
    assert registration.invoice.total == eur("350.00")
    assert "early-bird fee" in registration.invoice.lines.get().description


def test_a_members_first_two_delegates_are_free_the_third_pays_the_member(cast, built):
    colleagues = [cast.editor, cast.colleague]
    third = make_user("third")
    Role.objects.create(user=third, kind=Role.Kind.VIEWER, local_government=cast.freiburg)
    made = [
        register(built, person, built.delegate, local_government=cast.freiburg)
        for person in [*colleagues, third]
    ]
    assert [r.invoice_id for r in made[:2]] == [None, None]
    invoice = made[2].invoice
    assert invoice.total == eur("300.00")
    assert invoice.local_government == cast.freiburg
    assert invoice.customer_name == "Freiburg im Breisgau"


def test_nothing_is_invoiced_while_waiting_and_the_fee_when_promoted(cast, built):
    for n in range(5):
        register(built, make_user(f"guest-{n}"), built.press)
    waiting = register(built, make_user("late"), built.partner)
    assert waiting.status == "waiting" and waiting.invoice_id is None
    assert not Invoice.objects.filter(purpose="event").exists()
    first = Registration.objects.filter(event=built.event).confirmed().first()
    services.cancel(registration=first, by=cast.staff, today=TODAY)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert waiting.invoice.total == eur("200.00")
    # Cancelling leaves the invoice: a refund is the finance staff's credit note.
    services.cancel(registration=waiting, by=waiting.person, today=TODAY)
    waiting.refresh_from_db()
    assert waiting.invoice.status() == Invoice.Status.OPEN


def test_an_invoice_refused_leaves_no_registration(built):
    person = make_user("nameless")
    person.email = "not-an-address"
    person.save()
    with pytest.raises(ValidationError):
        register(built, person, built.non_member)
    assert not Registration.objects.exists()
    assert not Invoice.objects.filter(purpose="event").exists()


def test_the_report_adds_invoiced_and_paid(cast, built):
    from localaction.events.report import event_report

    register(built, make_user("a"), built.non_member)
    register(built, make_user("b"), built.partner)
    register(built, make_user("c"), built.press)
    (income,) = event_report(built.event).income
    invoices = Invoice.objects.filter(event_registration__event=built.event)
    assert income.invoices == invoices.count() == 2
    assert income.invoiced == sum(i.total.amount for i in invoices) == Decimal("650.00")
    assert income.paid == Decimal("0.00")
    assert income.open == income.invoiced - income.paid - income.credited


def test_waiting_does_not_cost_the_early_bird(cast, built):
    import datetime

    for n in range(5):
        register(built, make_user(f"guest-{n}"), built.press, today=EARLY_UNTIL)
    waiting = register(built, make_user("patient"), built.non_member, today=EARLY_UNTIL)
    Registration.objects.filter(pk=waiting.pk).update(
        registered_at=datetime.datetime(2027, 3, 30, 12, tzinfo=datetime.UTC)
    )
    first = Registration.objects.filter(event=built.event).confirmed().first()
    services.cancel(registration=first, by=cast.staff, today=TODAY)
    waiting.refresh_from_db()
    assert waiting.invoice.total == eur("350.00")
    assert waiting.invoice.issued_on == TODAY
