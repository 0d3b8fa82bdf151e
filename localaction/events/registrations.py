"""Registrations' writes, each whole or not at all: registering (confirmed
while places remain, else on the waiting list), cancelling (the freed place
goes to the first waiting, who is told), an organiser's promotion, check-in,
and certificates of attendance issued and revoked.

Never an overbooking: every write that confirms someone first locks the
event's row (`select_for_update`: a row lock on PostgreSQL; SQLite's write
lock serialises writers anyway) and counts the confirmed registrations under
that lock, so two requests never take the last place together.

Fees (core/events.py) are invoiced when a registration is confirmed — at
registration, or when promoted from the waiting list, never while waiting —
through the finance app's `issue_fee_invoice`, in the same transaction; a
free registration has no invoice. Cancelling leaves the invoice as it is:
whether a fee is refunded (a credit note) is the finance staff's decision
under the event's terms, taken on the invoice's own page.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from djmoney.money import Money

from localaction.accounts.access import access_of
from localaction.accounts.notifications import language_of, notify
from localaction.core.events import Fee
from localaction.events.calendars import event_calendar
from localaction.events.models import Event, Registration, RegistrationCategory
from localaction.events.permissions import organises
from localaction.finance.fees import Customer, FeeLine, issue_fee_invoice
from localaction.finance.models import Invoice
from localaction.finance.standing import in_good_standing
from localaction.network.models import LocalGovernment

# --- What a registration costs ---------------------------------------------------------


def fee_today(
    category: RegistrationCategory,
    local_government: LocalGovernment | None,
    on: datetime.date | None = None,
) -> tuple[Money, Fee]:
    """The fee for one more registration in `category` (for a member's delegate,
    counting the member's confirmed delegates: free places go to the first)."""
    return category.fee_for(local_government, on or timezone.localdate())


def fee_reason(fee: Fee, category: RegistrationCategory) -> str:
    """Why this fee applies, in words (the registration page and e-mail)."""
    if fee.reason == "free-member-place":
        return _(
            "Free: each member's first %(places)s delegates come at no charge, and your "
            "member has not used them all."
        ) % {"places": category.members_free}
    if fee.reason == "early-bird":
        return _("The early-bird fee, up to and including %(day)s.") % {
            "day": date_format(category.early_until)
        }
    if category.early_until is not None:
        return _("The regular fee (the early-bird fee ended on %(day)s).") % {
            "day": date_format(category.early_until)
        }
    return _("The category's fee.")


# --- Registering -----------------------------------------------------------------------


def _check_open(event: Event, today: datetime.date) -> None:
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(_("%(event)s does not take registrations.") % {"event": event})
    if event.registration_opens_on and today < event.registration_opens_on:
        raise ValidationError(
            _("Registration for %(event)s opens on %(day)s.")
            % {"event": event, "day": date_format(event.registration_opens_on)}
        )
    closes = event.registration_closes_on or event.ends_on
    if today > closes:
        raise ValidationError(
            _("Registration for %(event)s closed on %(day)s.")
            % {"event": event, "day": date_format(closes)}
        )


def _check_category(
    person, event: Event, category: RegistrationCategory, local_government, today
) -> None:
    if category.event_id != event.pk:
        raise ValidationError({"category": _("That category belongs to another event.")})
    if category.kind == RegistrationCategory.Kind.MEMBER_DELEGATE:
        if local_government is None:
            raise ValidationError(
                {"local_government": _("A member delegate names the member they represent.")}
            )
        if local_government.pk not in access_of(person).member_of:
            raise ValidationError(
                {
                    "local_government": _(
                        "You do not work for %(member)s: a member delegate represents the "
                        "local government they work for."
                    )
                    % {"member": local_government.name}
                }
            )
        if not local_government.memberships.filter(status="active").exists():
            raise ValidationError(
                {
                    "local_government": _("%(member)s is not a member.")
                    % {"member": local_government}
                }
            )
        if not in_good_standing(local_government, today):
            raise ValidationError(
                {
                    "local_government": _(
                        "%(member)s has dues unpaid past the grace period: its delegates "
                        "register once they are paid, or in another category."
                    )
                    % {"member": local_government.name}
                }
            )
    elif local_government is not None:
        raise ValidationError(
            {"local_government": _("Only member delegates register on behalf of a member.")}
        )


@transaction.atomic
def register(
    *,
    event: Event,
    person,
    category: RegistrationCategory,
    local_government: LocalGovernment | None = None,
    country=None,
    organisation: str = "",
    postal_address: str = "",
    today: datetime.date | None = None,
) -> Registration:
    """Register `person` for `event`: confirmed (and invoiced when there is a
    fee) while places remain, else on the waiting list. One live registration
    per person and event. The confirmation e-mail (with the event's .ics) goes
    out with the transaction."""
    today = today or timezone.localdate()
    # The lock first: everything after is counted with the event held.
    event = Event.objects.select_for_update().get(pk=event.pk)
    _check_open(event, today)
    _check_category(person, event, category, local_government, today)
    existing = Registration.objects.live().filter(event=event, person=person).first()
    if existing is not None:
        raise ValidationError(
            _("You are already registered for %(event)s (%(status)s).")
            % {"event": event, "status": existing.get_status_display()}
        )
    registration = Registration(
        event=event,
        person=person,
        category=category,
        local_government=local_government,
        country=local_government.country if local_government is not None else country,
        organisation=organisation.strip(),
        postal_address=postal_address.strip(),
        status=Registration.Status.WAITING,
    )
    if registration.country_id is None:
        raise ValidationError({"country": _("Say which country you come from.")})
    registration.full_clean(exclude=["badge_code", "status"], validate_constraints=False)
    if event.capacity is None or _confirmed_count(event) < event.capacity:
        _confirm(registration, by=person, today=today, fee_day=today)
    else:
        registration.save()
    _send_confirmation(registration)
    return registration


def _confirmed_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()


def _confirm(
    registration: Registration, *, by, today: datetime.date, fee_day: datetime.date
) -> None:
    """Confirm (the caller holds the event's lock and has counted a free place)
    and invoice the fee of `fee_day`, if any, issued `today`."""
    # Free member places go to the member's first confirmed delegates.
    amount, fee = registration.category.fee_for(
        registration.local_government, fee_day, besides=registration
    )
    registration.status = Registration.Status.CONFIRMED
    registration.confirmed_at = timezone.now()
    registration.save()
    if amount.amount > 0 and registration.invoice_id is None:
        registration.invoice = _invoice(registration, amount, fee, by=by, today=today)
        registration.save(update_fields=["invoice"])


def _invoice(registration: Registration, amount: Money, fee: Fee, *, by, today):
    person = registration.person
    member = registration.local_government
    if member is not None:
        customer = Customer(
            name=member.name,
            postal_address=registration.postal_address,
            email=person.email,
            local_government=member,
        )
    else:
        customer = Customer(
            name=registration.organisation or registration.person_name,
            postal_address=registration.postal_address,
            email=person.email,
        )
    language = language_of(person)
    with translation.override(language):
        description = _("%(event)s: registration of %(person)s (%(category)s)") % {
            "event": registration.event.title,
            "person": registration.person_name,
            "category": registration.category.name,
        }
        if fee.reason == "early-bird":
            description += " — " + _("early-bird fee")
    return issue_fee_invoice(
        office=registration.event.organiser,
        customer=customer,
        purpose=Invoice.Purpose.EVENT,
        lines=[FeeLine(description=description[:300], amount=amount)],
        by=by,
        language=language,
        issued_on=today,
    )


def _send_confirmation(registration: Registration) -> None:
    """The e-mail on registering, in the person's language: confirmed or on the
    waiting list (with the position), with the event's .ics attached."""
    person = registration.person
    if not person.email:
        return
    event = registration.event
    with translation.override(language_of(person)):
        facts = {
            "event": event.title,
            "dates": _dates(event),
            "category": registration.category.name,
            "badge": registration.badge_code,
        }
        if registration.status == Registration.Status.CONFIRMED:
            subject = _("Registered: %(event)s") % facts
            body = (
                _(
                    "Your registration for %(event)s (%(dates)s) as %(category)s is confirmed.\n\n"
                    "Your badge code is %(badge)s; print your badge from your registrations page "
                    "or show this code at the entrance."
                )
                % facts
            )
            if registration.invoice_id:
                body += "\n\n" + _(
                    "Invoice %(number)s for %(total)s is issued to %(customer)s."
                ) % {
                    "number": registration.invoice.number,
                    "total": registration.invoice.total,
                    "customer": registration.invoice.customer_name,
                }
        else:
            facts["position"] = registration.waiting_position()
            subject = _("On the waiting list: %(event)s") % facts
            body = (
                _(
                    "%(event)s (%(dates)s) is full: you are number %(position)s on its "
                    "waiting list as %(category)s. When a place is freed it goes to the first "
                    "waiting, who is told by e-mail; nothing is invoiced before then."
                )
                % facts
            )
        body += "\n\n" + _("Your registrations: %(url)s") % {
            "url": _full_url("events:my-registrations")
        }
    message = EmailMessage(subject, body, None, [person.email])
    ics = event_calendar(event, settings.SITE_URL.rstrip("/"))
    message.attach(f"{event.slug}.ics", ics, "text/calendar")
    message.send()


def _full_url(name: str, *args) -> str:
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _dates(event: Event) -> str:
    if event.starts_on == event.ends_on:
        return date_format(event.starts_on)
    return f"{date_format(event.starts_on)} – {date_format(event.ends_on)}"


# --- Cancelling and the waiting list ---------------------------------------------------


def can_cancel(user, registration: Registration) -> bool:
    return registration.person_id == user.pk or organises(user, registration.event)


@transaction.atomic
def cancel(
    *, registration: Registration, by, today: datetime.date | None = None
) -> Registration | None:
    """Cancel a registration (by its person or an organiser). A confirmed place
    freed goes to the first waiting, confirmed and told in the same
    transaction; returns the registration promoted, if any."""
    if not can_cancel(by, registration):
        raise PermissionDenied
    today = today or timezone.localdate()
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise ValidationError(_("This registration is already cancelled."))
    if registration.checked_in_at is not None:
        raise ValidationError(_("This person has checked in: the registration stays."))
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if event.capacity is not None and _confirmed_count(event) >= event.capacity:
        return None
    first = Registration.objects.filter(event=event).waiting().first()
    if first is None:
        return None
    _promote(first, by=by, today=today)
    return first


@transaction.atomic
def promote(*, registration: Registration, by, today: datetime.date | None = None) -> None:
    """An organiser confirms a waiting registration (out of turn, e.g. a
    speaker), only while a place is free."""
    if not organises(by, registration.event):
        raise PermissionDenied
    today = today or timezone.localdate()
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.WAITING:
        raise ValidationError(_("Only a registration on the waiting list is promoted."))
    if event.capacity is not None and _confirmed_count(event) >= event.capacity:
        raise ValidationError(
            _(
                "%(event)s is full (%(places)s places): cancel a confirmed registration or "
                "add places first."
            )
            % {"event": event, "places": event.capacity}
        )
    _promote(registration, by=by, today=today)


def _promote(registration: Registration, *, by, today: datetime.date) -> None:
    # The early-bird fee is that of the day of registering: waiting for a
    # place does not cost the person the early bird.
    registered_on = timezone.localdate(registration.registered_at)
    _confirm(registration, by=by, today=today, fee_day=min(today, registered_on))
    amount = registration.invoice.total if registration.invoice_id else None
    notify(
        "event_place_offered",
        recipients=[registration.person],
        params={
            "event": registration.event.title,
            "dates": f"{registration.event.starts_on} – {registration.event.ends_on}",
            "category": registration.category.name,
            "fee": str(amount) if amount is not None else "0",
        },
        url=reverse("events:my-registrations"),
    )


# --- Check-in --------------------------------------------------------------------------


def find_badge(event: Event, code: str) -> Registration:
    """The registration of the badge `code` at `event`, or a ValidationError
    that says why not (unknown, another event's, not confirmed)."""
    code = code.strip().upper()
    if not code or len(code) > 40:
        raise ValidationError(_("Type or scan a badge code."))
    registration = (
        Registration.objects.select_related("event", "person", "category")
        .filter(badge_code=code)
        .first()
    )
    if registration is None:
        raise ValidationError(_("No badge has the code %(code)s.") % {"code": code})
    if registration.event_id != event.pk:
        raise ValidationError(
            _("This badge is for %(other)s, not this one.") % {"other": registration.event.title}
        )
    return registration


@transaction.atomic
def check_in(*, event: Event, registration: Registration, by) -> Registration:
    """Mark a confirmed registration as arrived (once)."""
    if not organises(by, event):
        raise PermissionDenied
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.event_id != event.pk:
        raise ValidationError(
            _("This badge is for %(other)s, not this one.") % {"other": registration.event.title}
        )
    if registration.status == Registration.Status.WAITING:
        raise ValidationError(
            _("%(person)s is on the waiting list, not confirmed: no entry.")
            % {"person": registration.person_name}
        )
    if registration.status == Registration.Status.CANCELLED:
        raise ValidationError(
            _("%(person)s's registration is cancelled: no entry.")
            % {"person": registration.person_name}
        )
    if registration.checked_in_at is not None:
        moment = timezone.localtime(registration.checked_in_at, event.zone)
        raise ValidationError(
            _("%(person)s already checked in at %(time)s.")
            % {"person": registration.person_name, "time": time_format(moment, "H:i")}
        )
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = by
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    return registration


# --- Certificates of attendance --------------------------------------------------------


@transaction.atomic
def certificate_issue(*, registration: Registration, by) -> Registration:
    """Issue the certificate of attendance of a checked-in registration (once;
    a revoked one is issued again under a new code)."""
    from localaction.events.models.registration import certificate_code

    if not organises(by, registration.event):
        raise PermissionDenied
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.checked_in_at is None:
        raise ValidationError(
            _("%(person)s did not check in: a certificate attests attendance.")
            % {"person": registration.person_name}
        )
    if registration.has_certificate:
        return registration
    registration.certificate_code = certificate_code()
    registration.certificate_issued_at = timezone.now()
    registration.certificate_revoked_at = None
    registration.certificate_revoked_reason = ""
    registration.save()
    return registration


@transaction.atomic
def certificate_revoke(*, registration: Registration, by, reason: str) -> None:
    if not organises(by, registration.event):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    if len(reason) > 2000:
        raise ValidationError({"reason": _("At most 2,000 characters.")})
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.has_certificate:
        raise ValidationError(_("This registration has no valid certificate."))
    registration.certificate_revoked_at = timezone.now()
    registration.certificate_revoked_reason = reason
    registration.save()
