"""The writes of an engagement that span several records or must hold under
concurrent requests: a request received, a status changed (and dated, by
whom), time recorded, the engagement invoiced once, the client's feedback.

Each is atomic: a refused step leaves nothing half-written. Every refusal is a
ValidationError naming the field and the reason.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from localaction.accounts.notifications import editors_of, notify
from localaction.consultancy.models import (
    Consultant,
    Deliverable,
    Engagement,
    Feedback,
    Service,
    StatusChange,
    TeamMember,
    TimeEntry,
)
from localaction.finance.fees import Customer, FeeLine, issue_fee_invoice
from localaction.finance.models import Invoice
from localaction.network.models import LocalGovernment, Office

Status = Engagement.Status


def office_staff(office: Office):
    from django.contrib.auth import get_user_model

    from localaction.accounts.models import Role

    return (
        get_user_model()
        .objects.filter(is_active=True, roles__office=office, roles__kind__in=Role.OFFICE_KINDS)
        .distinct()
    )


@transaction.atomic
def engagement_request(
    *,
    service: Service,
    office: Office,
    by,
    request: str,
    local_government: LocalGovernment | None = None,
    client_name: str = "",
    client_contact: str = "",
    client_email: str = "",
    client_address: str = "",
    language: str = "en",
    on: datetime.date | None = None,
) -> Engagement:
    """A client asks for `service` from `office` (`on` today, unless a record of
    an earlier request is entered); the office's staff are told."""
    if not service.active:
        raise ValidationError({"service": _("This service is not offered at the moment.")})
    if not service.offices.filter(pk=office.pk).exists():
        raise ValidationError({"office": _("This office does not offer the service.")})
    currency = str(service.price.currency) if service.price is not None else "EUR"
    engagement = Engagement(
        service=service,
        office=office,
        title=service.name + " — " + (local_government.name if local_government else client_name),
        local_government=local_government,
        client_name="" if local_government else client_name,
        client_contact=client_contact,
        client_email=client_email,
        client_address=client_address,
        requested_by=by,
        request=request,
        language=language,
        currency=currency,
    )
    engagement.title = engagement.title[:200]
    engagement.full_clean()
    engagement.save()
    StatusChange.objects.create(
        engagement=engagement, status=Status.REQUEST, on=on or timezone.localdate(), by=by
    )
    notify(
        "consultancy_requested",
        recipients=office_staff(office),
        params={"service": service.name, "client": engagement.client, "office": office.name},
        url=engagement.get_absolute_url(),
    )
    return engagement


def _checked_for(engagement: Engagement, status: str) -> None:
    """What a status needs before an engagement enters it."""
    if status == Status.PROPOSAL:
        missing = []
        if not engagement.scope.strip():
            missing.append(("scope", _("Describe the scope before sending the proposal.")))
        if not (engagement.starts_on and engagement.ends_on):
            missing.append(("starts_on", _("Set the period before sending the proposal.")))
        if engagement.fee_basis == Engagement.FeeBasis.FIXED and engagement.fixed_fee is None:
            missing.append(("fixed_fee", _("A fixed-fee proposal states its fee.")))
        if engagement.fee_basis == Engagement.FeeBasis.TIME and not engagement.team.exists():
            missing.append(("fee_basis", _("A time-based proposal names its team first.")))
        if missing:
            raise ValidationError(dict(missing))
    if status == Status.CONTRACT and not (engagement.signed_on and engagement.contract_reference):
        raise ValidationError(
            {"signed_on": _("Record the contract (signed on, reference) before this step.")}
        )


@transaction.atomic
def engagement_move(
    *, engagement: Engagement, status: str, by, on: datetime.date | None = None, note: str = ""
) -> Engagement:
    """Move the engagement to `status`, if allowed from where it stands; dated `on`
    (today by default) and recorded with who did it. The client hears of a
    proposal sent."""
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if status not in engagement.next_statuses():
        raise ValidationError(
            {
                "status": _("An engagement goes from “%(from)s” to %(allowed)s, not to “%(to)s”.")
                % {
                    "from": engagement.get_status_display(),
                    "allowed": ", ".join(f"“{Status(s).label}”" for s in engagement.next_statuses())
                    or _("nowhere (it has ended)"),
                    "to": Status(status).label if status in Status.values else status,
                }
            }
        )
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": _("A step is dated today or earlier.")})
    last = engagement.steps.order_by("-on").values_list("on", flat=True).first()
    if last and on < last:
        raise ValidationError(
            {"on": _("A step is dated on or after the previous one (%(date)s).") % {"date": last}}
        )
    _checked_for(engagement, status)
    engagement.status = status
    engagement.save(update_fields=["status"])
    StatusChange.objects.create(engagement=engagement, status=status, on=on, by=by, note=note)
    if status == Status.PROPOSAL:
        notify(
            "consultancy_proposal_sent",
            recipients=clients_of(engagement),
            params={"service": engagement.service.name, "office": engagement.office.name},
            url=engagement.get_absolute_url(),
        )
    return engagement


def clients_of(engagement: Engagement):
    """Who speaks for the client: the requester, and the member's editors."""
    from django.contrib.auth import get_user_model

    people = set()
    if engagement.requested_by_id:
        people.add(engagement.requested_by_id)
    if engagement.local_government_id:
        people.update(editors_of(engagement.local_government).values_list("pk", flat=True))
    return get_user_model().objects.filter(pk__in=people, is_active=True)


@transaction.atomic
def team_add(
    *, engagement: Engagement, consultant: Consultant, planned_days: Decimal, day_rate=None
) -> TeamMember:
    """Put a consultant on the team; the rate defaults to theirs when it is in
    the engagement's currency."""
    if engagement.ended:
        raise ValidationError({"consultant": _("The engagement has ended.")})
    if day_rate is None:
        day_rate = consultant.day_rate
    member = TeamMember(
        engagement=engagement, consultant=consultant, planned_days=planned_days, day_rate=day_rate
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def deliverable_add(*, engagement: Engagement, title: str, due_on: datetime.date) -> Deliverable:
    deliverable = Deliverable(engagement=engagement, title=title, due_on=due_on)
    deliverable.full_clean()
    deliverable.save()
    return deliverable


@transaction.atomic
def time_record(
    *,
    engagement: Engagement,
    consultant: Consultant,
    date: datetime.date,
    days: Decimal,
    note: str = "",
    by,
) -> TimeEntry:
    """Record `days` of `consultant`'s work on `date`: only for a consultant on
    the team, within the engagement's period, while it is under contract, in
    progress or being delivered."""
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if engagement.status not in (Status.CONTRACT, Status.IN_PROGRESS, Status.DELIVERED):
        message = _(
            "Time is recorded on an engagement under contract or in progress, not on one "
            "that is “%(status)s”."
        )
        raise ValidationError({"date": message % {"status": engagement.get_status_display()}})
    if engagement.invoice_id:
        raise ValidationError({"date": _("The engagement is invoiced: its time is final.")})
    if not engagement.team.filter(consultant=consultant).exists():
        raise ValidationError(
            {"consultant": _("%(name)s is not on the team.") % {"name": consultant}}
        )
    if not engagement.in_period(date):
        raise ValidationError(
            {
                "date": _("Time is recorded within the engagement's period (%(start)s – %(end)s).")
                % {"start": engagement.starts_on, "end": engagement.ends_on}
            }
        )
    if date > timezone.localdate():
        raise ValidationError({"date": _("Time is recorded for today or earlier.")})
    if TimeEntry.objects.filter(engagement=engagement, consultant=consultant, date=date).exists():
        raise ValidationError(
            {
                "date": _("%(name)s already recorded time on %(date)s.")
                % {"name": consultant, "date": date}
            }
        )
    entry = TimeEntry(
        engagement=engagement,
        consultant=consultant,
        date=date,
        days=days,
        note=note,
        recorded_by=by,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def engagement_invoice(
    *, engagement: Engagement, by, issued_on: datetime.date | None = None
) -> Invoice:
    """Invoice the engagement's fee, once: the row is locked, so a second
    request (a double click) waits and then finds it invoiced. The invoice is
    read by its own query once the lock is held: a row joined to the locked
    one would still be the one seen before the wait (PostgreSQL)."""
    engagement = (
        Engagement.objects.select_for_update(of=("self",))
        .select_related("office", "service", "local_government")
        .get(pk=engagement.pk)
    )
    if engagement.invoice_id:
        raise ValidationError(
            {"invoice": _("This engagement is already invoiced (invoice %(number)s).")
             % {"number": Invoice.objects.get(pk=engagement.invoice_id).number}}
        )  # fmt: skip
    if engagement.status not in Engagement.INVOICEABLE:
        raise ValidationError(
            {"invoice": _("An engagement is invoiced once delivered, not while “%(status)s”.")
             % {"status": engagement.get_status_display()}}
        )  # fmt: skip
    lines = [
        FeeLine(description=text[:300], amount=amount) for text, amount in engagement.fee_lines()
    ]
    if not lines:
        raise ValidationError({"invoice": _("There is no fee to invoice: no time is recorded.")})
    lg = engagement.local_government
    if lg is not None:
        customer = Customer(
            name=lg.name,
            postal_address=engagement.client_address,
            email=engagement.client_email,
            local_government=lg,
        )
    else:
        customer = Customer(
            name=engagement.client_name,
            postal_address=engagement.client_address,
            email=engagement.client_email,
        )
    invoice = issue_fee_invoice(
        office=engagement.office,
        customer=customer,
        purpose=Invoice.Purpose.SERVICES,
        lines=lines,
        by=by,
        language=engagement.language,
        issued_on=issued_on,
    )
    engagement.invoice = invoice
    engagement.save(update_fields=["invoice"])
    return invoice


@transaction.atomic
def feedback_give(*, engagement: Engagement, by, rating: int, comment: str = "") -> Feedback:
    """The client's rating (1–5) and comment, once the engagement is delivered."""
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if engagement.status not in (Status.DELIVERED, Status.CLOSED):
        raise ValidationError({"rating": _("Feedback is given once the engagement is delivered.")})
    if Feedback.objects.filter(engagement=engagement).exists():
        raise ValidationError({"rating": _("Feedback on this engagement is already given.")})
    feedback = Feedback(engagement=engagement, by=by, rating=rating, comment=comment)
    feedback.full_clean()
    feedback.save()
    return feedback
