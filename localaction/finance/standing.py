"""Reminders, good standing and lapse: what follows when dues stay unpaid.

The terms are those of the schedule an invoice was computed from
(`FeeSchedule.reminder_days`, `grace_days`), so that a later schedule never
changes what an issued invoice promised.

- A reminder goes at each of the schedule's reminder days after the due date
  while the invoice is unpaid: once per invoice and day (a `Reminder` row),
  e-mailed to the member's editors through the mail queue. A worker that was
  down for days sends only the latest step due, never a burst of old ones.
  It is an e-mail, not a notification: the kinds of notification are one
  registry in accounts/notifications.py, and a reminder is a letter about a
  debt, not a preference someone may turn off.
- Good standing: a member with an invoice still unpaid after its grace period
  (the due date plus `grace_days`; the last day of grace is still in good
  standing) is not in good standing. It is about dues only; whether a
  membership is active is the membership's status. The elections use
  `in_good_standing` and `not_in_good_standing`.
- Lapse: the office lists its active members past the grace period
  (`lapse_candidates`); only when its finance staff confirm (`confirm_lapse`)
  does the membership move to lapsed, through the membership's own status
  machine (`Membership.move_to`).
- Fee invoices (events, services) have no schedule: they are reminded at
  `FEE_REMINDER_DAYS` after their due date, e-mailed to the customer
  (`services.invoice_recipients`); they never touch a member's standing.

What is open counts payments received and credit notes issued on or before
the day asked about, so that a past day's standing reads as it stood then.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Round
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from djmoney.money import Money

from localaction.finance import permissions
from localaction.finance.models import CreditNote, FeeSchedule, Invoice, Payment, Reminder
from localaction.finance.models.schedules import AMOUNT_DIGITS
from localaction.finance.services import invoice_recipients
from localaction.network.models import LocalGovernment, Membership, Office

# The reminder days of fee invoices (the dues schedules' usual ones).
FEE_REMINDER_DAYS = (14, 30, 60)


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def open_on(invoices: QuerySet[Invoice], on: datetime.date) -> QuerySet[Invoice]:
    """Annotate `open_on`: the invoice's total less what was credited and paid on
    or before `on` (rounded to cents in SQL, as `with_balance` is)."""
    money = DecimalField(max_digits=AMOUNT_DIGITS, decimal_places=2)
    zero = Value(Decimal("0"), output_field=money)

    def total_of(model, date_field: str):
        rows = (
            model.objects.filter(invoice=OuterRef("pk"), **{f"{date_field}__lte": on})
            .order_by()
            .values("invoice")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        return Coalesce(Subquery(rows), zero)

    return invoices.annotate(
        open_on=Round(
            F("total") - total_of(CreditNote, "issued_on") - total_of(Payment, "received_on"),
            2,
            output_field=money,
        )
    )


def _days_after_due(days_of, on: datetime.date) -> Q:
    """Invoices due more than `days_of(schedule)` days before `on`, each by the
    terms of its own schedule (a handful of schedules: one condition each)."""
    condition = Q(pk__in=[])
    schedules = FeeSchedule.objects.filter(pk__in=Invoice.objects.values("schedule"))
    for schedule in schedules:
        cutoff = on - datetime.timedelta(days=days_of(schedule))
        condition |= Q(schedule=schedule, due_on__lt=cutoff)
    return condition


def past_grace(on: datetime.date | None = None) -> QuerySet[Invoice]:
    """Invoices still unpaid on `on` after their grace period ended (the day after
    the due date plus the schedule's grace days)."""
    on = _today(on)
    invoices = Invoice.objects.filter(
        _days_after_due(lambda s: s.grace_days, on), purpose=Invoice.Purpose.DUES
    )
    return open_on(invoices, on).filter(open_on__gt=0)


def not_in_good_standing(
    local_governments: QuerySet[LocalGovernment] | None = None, *, on: datetime.date | None = None
) -> QuerySet[LocalGovernment]:
    """Those of `local_governments` (all by default) with dues unpaid past the grace period."""
    queryset = LocalGovernment.objects.all() if local_governments is None else local_governments
    return queryset.filter(pk__in=past_grace(on).values("local_government"))


def in_good_standing_among(
    local_governments: QuerySet[LocalGovernment] | None = None, *, on: datetime.date | None = None
) -> QuerySet[LocalGovernment]:
    """Those of `local_governments` (all by default) with no dues unpaid past the
    grace period: the queryset the elections filter voters by."""
    queryset = LocalGovernment.objects.all() if local_governments is None else local_governments
    return queryset.exclude(pk__in=past_grace(on).values("local_government"))


def in_good_standing(local_government: LocalGovernment, on: datetime.date | None = None) -> bool:
    """Whether the member has no dues unpaid past the grace period on `on` (today)."""
    return not past_grace(on).filter(local_government=local_government).exists()


# Reminders


def _remind(invoice: Invoice, days: int, on: datetime.date, open_amount: Money) -> bool:
    """Record and e-mail one reminder; False if it was already sent (by another
    worker: the row is unique per invoice and day)."""
    try:
        with transaction.atomic():
            Reminder.objects.create(invoice=invoice, days=days, sent_on=on)
            addresses = sorted({address for address, _language in invoice_recipients(invoice)})
            if addresses:
                # Queued in this transaction (the mail queue is the task queue):
                # a reminder not recorded is not sent.
                _reminder_email(invoice, open_amount, addresses).send()
    except IntegrityError:
        return False
    return True


def _reminder_email(invoice: Invoice, open_amount: Money, to: list[str]) -> EmailMessage:
    with translation.override(invoice.language):
        facts = {
            "number": invoice.number,
            "local_government": invoice.customer_name,
            "office": invoice.office.name,
            "due": date_format(invoice.due_on),
            "open": open_amount,
            "total": invoice.total,
            "reference": invoice.payment_reference,
            "year": invoice.year,
        }
        subject = gettext("Reminder: invoice %(number)s is unpaid") % facts
        fees = gettext(
            "Dear %(local_government)s,\n\n"
            "Invoice %(number)s (%(total)s) fell due on %(due)s; %(open)s of it is still "
            "open. Please pay it with the payment reference %(reference)s, or tell "
            "%(office)s if it has been paid.\n\n"
            "%(office)s"
        )
        body = (
            fees % facts
            if not invoice.is_dues
            else (
                gettext(
                    "Dear colleagues of %(local_government)s,\n\n"
                    "Invoice %(number)s for the membership dues of %(year)s (%(total)s) fell due "
                    "on %(due)s; %(open)s of it is still open. Please pay it with the payment "
                    "reference %(reference)s, or tell %(office)s if it has been paid.\n\n"
                    "%(office)s"
                )
                % facts
            )
        )
    return EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        to,
        reply_to=[invoice.office.email] if invoice.office.email else None,
    )


def send_reminders(on: datetime.date | None = None) -> list[Reminder]:
    """Remind the members whose invoices are unpaid at a reminder day after the
    due date; returns the reminders sent. For each invoice only the latest
    step reached is sent, and none once a later step was."""
    on = _today(on)
    first_step = _days_after_due(lambda s: min(s.reminder_day_list) - 1, on) | Q(
        ~Q(purpose=Invoice.Purpose.DUES),
        due_on__lt=on - datetime.timedelta(days=min(FEE_REMINDER_DAYS) - 1),
    )
    unpaid = (
        open_on(Invoice.objects.filter(first_step), on)
        .filter(open_on__gt=0)
        .select_related("schedule", "local_government", "office")
        .prefetch_related("reminders")
    )
    sent = []
    for invoice in unpaid:
        late = (on - invoice.due_on).days
        days_of = invoice.schedule.reminder_day_list if invoice.schedule else FEE_REMINDER_DAYS
        reached = [days for days in days_of if days <= late]
        done = [reminder.days for reminder in invoice.reminders.all()]
        if not reached or any(days >= max(reached) for days in done):
            continue
        if _remind(invoice, max(reached), on, Money(invoice.open_on, invoice.currency)):
            sent.append(invoice.reminders.get(days=max(reached)))
    return sent


# Lapse


def lapse_candidates(office: Office, on: datetime.date | None = None) -> QuerySet[Membership]:
    """Active memberships with an invoice of `office` unpaid past its grace period:
    the list the office confirms lapses from."""
    overdue = past_grace(on).filter(office=office)
    return (
        Membership.objects.filter(
            status=Membership.Status.ACTIVE, pk__in=overdue.values("membership")
        )
        .select_related("local_government")
        .order_by("local_government__name")
    )


@transaction.atomic
def confirm_lapse(
    membership: Membership, *, office: Office, by, on: datetime.date | None = None
) -> Membership:
    """The office's finance staff confirm that an active membership with dues of
    `office` unpaid past the grace period lapses (the membership's status machine
    moves it and tells the member's editors)."""
    if not permissions.can_record_payments(by, office):
        raise PermissionDenied(
            gettext("Only the finance staff of %(office)s confirm lapses.")
            % {"office": office.name}
        )
    on = _today(on)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not lapse_candidates(office, on).filter(pk=membership.pk).exists():
        raise ValidationError(
            gettext(
                "%(local_government)s has no dues of %(office)s unpaid past the grace period "
                "on %(on)s, or its membership is not active: it does not lapse."
            )
            % {
                "local_government": membership.local_government.name,
                "office": office.name,
                "on": on.isoformat(),
            }
        )
    membership.move_to(Membership.Status.LAPSED, by=by, on=on)
    return membership
