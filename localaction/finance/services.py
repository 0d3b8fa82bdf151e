"""Writes that span several records, with the rules every door obeys.

Each takes the person acting (`by`) and checks their permission itself
(`finance.permissions`), so that a page, the API, the admin and a command
cannot differ. Each is atomic: refused, it writes nothing.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from djmoney.money import Money

from localaction.finance import permissions
from localaction.finance.models import (
    CountryIncomeGroup,
    CreditNote,
    ExchangeRate,
    Fee,
    FeeBand,
    FeeSchedule,
    FlatFee,
    Invoice,
    InvoiceNumberSeries,
    Reduction,
)
from localaction.network.models import Country, LocalGovernment, Membership, Office

CENT = Decimal("0.01")


# Offices


def invoicing_office(local_government: LocalGovernment) -> Office:
    """The office that invoices a member: the country office covering its country,
    else the regional secretariat covering its region, else the World Secretariat.
    (With several at one level, the one with the smallest code, so the choice is stable.)"""
    country = local_government.country
    for offices in (
        Office.objects.filter(kind=Office.Kind.COUNTRY, countries=country),
        Office.objects.filter(kind=Office.Kind.REGIONAL, regions=country.region_id),
        Office.objects.filter(kind=Office.Kind.REGIONAL, countries=country),
    ):
        if office := offices.order_by("code").first():
            return office
    world = Office.objects.world_secretariat()
    if world is None:
        raise ValidationError(gettext("The register has no World Secretariat to invoice from."))
    return world


# Income groups


def set_income_group(
    *, country: Country, fiscal_year: int, group: str, source: str, by
) -> CountryIncomeGroup:
    """Set (or correct) a country's income group for a classification year; the
    history keeps who changed it, when, and the previous group."""
    if not permissions.can_keep_reference_data(by):
        raise PermissionDenied(gettext("Only the secretariat sets income groups."))
    record = CountryIncomeGroup.objects.filter(country=country, fiscal_year=fiscal_year).first()
    record = record or CountryIncomeGroup(country=country, fiscal_year=fiscal_year)
    record.group, record.source = group, source
    record.full_clean()
    record._history_user = by
    record.save()
    return record


# Fee schedules


def check_schedule(schedule: FeeSchedule) -> None:
    """Refuse a schedule that cannot price every member, naming each bad cell."""
    if problems := schedule.problems():
        raise ValidationError(problems)


@transaction.atomic
def adopt_schedule(
    schedule: FeeSchedule, *, adopted_on: datetime.date, adopted_by: str, by
) -> FeeSchedule:
    """Record that a body adopted the schedule on a day; from then on it is fixed."""
    if not permissions.can_keep_reference_data(by):
        raise PermissionDenied(gettext("Only the secretariat records the adoption of a schedule."))
    schedule = FeeSchedule.objects.select_for_update().get(pk=schedule.pk)
    if schedule.is_adopted:
        raise ValidationError(gettext("%(schedule)s is already adopted.") % {"schedule": schedule})
    if not adopted_by.strip():
        raise ValidationError({"adopted_by": gettext("Name the body that adopted the schedule.")})
    check_schedule(schedule)
    schedule.adopted_on, schedule.adopted_by, schedule.adopted_recorded_by = (
        adopted_on,
        adopted_by.strip(),
        by,
    )
    schedule._history_user = by
    schedule.save()
    return schedule


@transaction.atomic
def copy_schedule(
    schedule: FeeSchedule, *, year: int, by, office: Office | str | None = "same"
) -> FeeSchedule:
    """A draft with the same terms, bands and fees for another membership year
    (the usual start of next year's schedule) or for one office (`office`)."""
    if not permissions.can_keep_reference_data(by):
        raise PermissionDenied(gettext("Only the secretariat keeps fee schedules."))
    copy = FeeSchedule(
        year=year,
        office=schedule.office if office == "same" else office,
        currency=schedule.currency,
        pro_rata=schedule.pro_rata,
        due_days=schedule.due_days,
        grace_days=schedule.grace_days,
        reminder_days=schedule.reminder_days,
        reduction_limit_percent=schedule.reduction_limit_percent,
        is_example=schedule.is_example,
        note=schedule.note,
    )
    copy.full_clean()
    copy._history_user = by
    copy.save()
    for band in schedule.bands.order_by("lower"):
        new_band = FeeBand.objects.create(schedule=copy, lower=band.lower, upper=band.upper)
        for fee in band.fees.all():
            Fee.objects.create(band=new_band, income_group=fee.income_group, amount=fee.amount)
    for flat in schedule.flat_fees.all():
        FlatFee.objects.create(schedule=copy, category=flat.category, amount=flat.amount)
    return copy


# Money


def convert(
    money: Money, to_currency: str, *, on: datetime.date
) -> tuple[Money, ExchangeRate | None]:
    """`money` in `to_currency` at the most recent rate entered for that pair on
    or before `on`, rounded to cents half up; with the rate used (None when no
    conversion was needed), so that every converted total can name it."""
    from_currency = str(money.currency)
    if from_currency == to_currency:
        return money, None
    rate = (
        ExchangeRate.objects.filter(
            from_currency=from_currency, to_currency=to_currency, on__lte=on
        )
        .order_by("-on")
        .first()
    )
    if rate is None:
        raise ValidationError(
            gettext(
                "No exchange rate from %(from)s to %(to)s on or before %(on)s: enter one first."
            )
            % {"from": from_currency, "to": to_currency, "on": on.isoformat()}
        )
    amount = (money.amount * rate.rate).quantize(CENT, rounding=ROUND_HALF_UP)
    return Money(amount, to_currency), rate


# Numbers


def next_number(office: Office, year: int) -> str:
    """The next number of the office's series for the year, e.g. `EU-2027-000123`.

    The year is the membership year of the invoice (a dues run for 2027 numbers
    EU-2027-…); a credit note takes the next number of its invoice's series.

    Call it inside the transaction that creates the invoice or credit note:
    the series row stays locked (SELECT … FOR UPDATE on PostgreSQL; SQLite
    locks the whole database for the write) until that transaction ends, so
    numbers are given one at a time, and a document rolled back gives its
    number back — the series has no gaps.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("next_number runs inside the transaction that uses the number.")
    InvoiceNumberSeries.objects.get_or_create(
        office=office, year=year, defaults={"prefix": _prefix(office)}
    )
    series = InvoiceNumberSeries.objects.select_for_update().get(office=office, year=year)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return series.format(series.last_number)


def _prefix(office: Office) -> str:
    return "".join(ch for ch in office.code.upper() if ch.isalnum())[:8] or "INV"


# Corrections


@transaction.atomic
def credit_invoice(
    invoice: Invoice, *, amount: Money, reason: str, by, on: datetime.date | None = None
) -> CreditNote:
    """Correct an issued invoice by a credit note in the office's series.

    It is numbered in its invoice's series (office and membership year). The
    amount is positive, in the invoice's currency, and at most what is
    not yet credited of the invoice — checked with the invoice locked, so two
    credit notes at once cannot together credit more than the invoice.
    """
    if not permissions.can_issue_invoices(by, invoice.office):
        raise PermissionDenied(gettext("Only the office's finance staff issue credit notes."))
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if not reason.strip():
        raise ValidationError({"reason": gettext("Say why the invoice is credited.")})
    if str(amount.currency) != invoice.currency:
        raise ValidationError(
            {
                "amount": gettext("Invoice %(number)s is in %(currency)s, not %(other)s.")
                % {"number": invoice.number, "currency": invoice.currency, "other": amount.currency}
            }
        )
    if amount.amount <= 0 or amount.amount != amount.amount.quantize(CENT):
        raise ValidationError({"amount": gettext("A credit note is a positive amount in cents.")})
    if amount > invoice.uncredited:
        raise ValidationError(
            {
                "amount": gettext(
                    "%(amount)s is more than the %(left)s of invoice %(number)s not yet credited."
                )
                % {"amount": amount, "left": invoice.uncredited, "number": invoice.number}
            }
        )
    on = on or timezone.localdate()
    return CreditNote.objects.create(
        invoice=invoice,
        number=next_number(invoice.office, invoice.series_year),
        issued_on=on,
        amount=amount,
        reason=reason.strip(),
        created_by=by,
    )


# Reductions


def reduction_limit(reduction: Reduction) -> tuple[Office, Decimal | None]:
    """The office that decides a reduction (the member's invoicing office) and the
    percent up to which it may: the limit of the schedule in force for the year,
    None when no schedule is in force (then only the secretariat decides)."""
    office = invoicing_office(reduction.membership.local_government)
    schedule = FeeSchedule.objects.in_force(year=reduction.year, office=office)
    return office, schedule.reduction_limit_percent if schedule else None


def _percent(value) -> Decimal:
    """A percentage of the dues as the ledger keeps it: above 0, at most 100, in
    hundredths; anything else is refused with the field named."""
    try:
        percent = Decimal(str(value))
    except ArithmeticError:
        percent = None
    if percent is None or not percent.is_finite():
        raise ValidationError({"percent": gettext("Give the reduction as a number of percent.")})
    if not Decimal("0") < percent <= Decimal("100"):
        raise ValidationError(
            {
                "percent": gettext(
                    "A reduction is more than 0 and at most 100 percent (100 is a waiver)."
                )
            }
        )
    if percent != percent.quantize(CENT):
        raise ValidationError(
            {"percent": gettext("A reduction is given in hundredths of a percent.")}
        )
    return percent.quantize(CENT)


@transaction.atomic
def request_reduction(
    *,
    membership: Membership,
    year: int,
    percent,
    reason: str,
    by,
    on: datetime.date | None = None,
) -> Reduction:
    """Request a hardship reduction (a percent) or waiver (100 %) of one
    membership's dues for one membership year, with the reason.

    The member's editors request it; the membership is open (applied, approved
    or active); the year is not before the membership's application and not
    after next year; the year's dues are not yet invoiced (an issued invoice is
    corrected only by a credit note, which the office issues); and there is one
    open request (requested or granted) per membership and year — checked with
    the membership locked, so that two requests at once cannot both pass.
    """
    if not permissions.can_request_reduction(by, membership.local_government):
        raise PermissionDenied(
            gettext("Only the member's editors request a reduction of its dues.")
        )
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    on = on or timezone.localdate()
    if membership.status not in Membership.OPEN_STATUSES:
        raise ValidationError(
            gettext("This membership is %(status)s: it has no dues to reduce.")
            % {"status": membership.get_status_display().lower()}
        )
    errors: dict[str, str] = {}
    if not isinstance(year, int) or not membership.applied_on.year <= year <= on.year + 1:
        errors["year"] = gettext(
            "A reduction is for a membership year from %(first)s (the application) to %(last)s."
        ) % {"first": membership.applied_on.year, "last": on.year + 1}
    try:
        percent = _percent(percent)
    except ValidationError as error:
        errors.update(error.message_dict)
    if not (reason or "").strip():
        errors["reason"] = gettext("Say why the member needs the reduction.")
    if errors:
        raise ValidationError(errors)
    invoice = Invoice.objects.filter(membership=membership, year=year).order_by("pk").first()
    if invoice is not None:
        raise ValidationError(
            {
                "year": gettext(
                    "The dues of %(year)s are already invoiced (%(number)s): a reduction now "
                    "is a credit note, which %(office)s issues on request."
                )
                % {"year": year, "number": invoice.number, "office": invoice.office.name}
            }
        )
    existing = (
        membership.reductions.filter(
            year=year, status__in=[Reduction.Status.REQUESTED, Reduction.Status.GRANTED]
        )
        .order_by("pk")
        .first()
    )
    if existing is not None:
        raise ValidationError(
            {
                "year": gettext(
                    "A reduction of the %(year)s dues was requested on %(date)s and is %(status)s: "
                    "one request per membership and year is open at a time."
                )
                % {
                    "year": year,
                    "date": existing.requested_on.isoformat(),
                    "status": existing.get_status_display().lower(),
                }
            }
        )
    reduction = Reduction(
        membership=membership,
        year=year,
        percent=percent,
        reason=reason.strip(),
        requested_by=by,
        requested_on=on,
    )
    reduction.full_clean(validate_constraints=False)
    reduction._history_user = by
    reduction.save()
    return reduction


@transaction.atomic
def decide_reduction(
    reduction: Reduction,
    *,
    grant: bool,
    by,
    note: str,
    on: datetime.date | None = None,
    percent=None,
) -> Reduction:
    """Grant or refuse a requested reduction, dated and explained; the member's
    editors are told by e-mail (queued with the decision: no decision, no mail).

    The invoicing office's finance staff decide up to the limit of the
    schedule in force for the year; above it only the secretariat does. With
    no schedule in force yet, the limit is unknown and only the secretariat decides.
    A grant may be for less than was requested (`percent`, at most the
    request's); the limit applies to what is granted. The request as made
    stays in the reduction's history.
    """
    reduction = Reduction.objects.select_for_update().get(pk=reduction.pk)
    if reduction.status != Reduction.Status.REQUESTED:
        raise ValidationError(
            gettext("This reduction is already decided (%(status)s).")
            % {"status": reduction.get_status_display()}
        )
    if not note.strip():
        raise ValidationError({"decision_note": gettext("Give the reasons for the decision.")})
    if grant and percent is not None:
        percent = _percent(percent)
        if percent > reduction.percent:
            raise ValidationError(
                {
                    "percent": gettext(
                        "%(percent)s %% is more than the %(requested)s %% requested."
                    )
                    % {"percent": _plain(percent), "requested": _plain(reduction.percent)}
                }
            )
        reduction.percent = percent
    office, limit = reduction_limit(reduction)
    limit = Decimal("0") if limit is None else limit
    if not permissions.can_decide_reduction(
        by, percent=reduction.percent, limit=limit, office=office
    ):
        if reduction.percent > limit:
            raise PermissionDenied(
                gettext("A reduction above %(limit)s %% is decided by the secretariat.")
                % {"limit": _plain(limit)}
            )
        raise PermissionDenied(gettext("Only the office's finance staff decide reductions."))
    reduction.status = Reduction.Status.GRANTED if grant else Reduction.Status.REFUSED
    reduction.decided_by, reduction.decided_on = by, on or timezone.localdate()
    reduction.decision_note = note.strip()
    reduction._history_user = by
    reduction.save()
    _tell_editors_of_decision(reduction, office)
    return reduction


def _plain(percent: Decimal) -> str:
    return format(percent.normalize(), "f")


def _tell_editors_of_decision(reduction: Reduction, office: Office) -> None:
    """E-mail the decision to the member's editors, in its first working language
    the platform writes (else English). Sent through the mail queue inside the
    decision's transaction: a decision rolled back sends nothing."""
    from localaction.accounts.notifications import editors_of

    local_government = reduction.membership.local_government
    addresses = sorted({user.email for user in editors_of(local_government) if user.email})
    if not addresses:
        return
    written = {code for code, _name in settings.LANGUAGES}
    language = next((code for code in local_government.languages or [] if code in written), "en")
    with translation.override(language):
        facts = {
            "local_government": local_government.name,
            "year": reduction.year,
            "percent": _plain(reduction.percent),
            "requested_on": date_format(reduction.requested_on),
            "decided_on": date_format(reduction.decided_on),
            "note": reduction.decision_note,
            "office": office.name,
        }
        if reduction.status == Reduction.Status.GRANTED:
            subject = gettext("Reduction of the %(year)s dues granted") % facts
            outcome = (
                gettext(
                    "A reduction of %(percent)s %% of the membership dues of %(year)s is granted "
                    "on %(decided_on)s; the invoice for %(year)s will show it."
                )
                % facts
            )
        else:
            subject = gettext("Reduction of the %(year)s dues refused") % facts
            outcome = (
                gettext(
                    "The reduction of the membership dues of %(year)s requested on "
                    "%(requested_on)s is refused on %(decided_on)s."
                )
                % facts
            )
        body = "\n\n".join(
            [
                gettext("Dear colleagues of %(local_government)s,") % facts,
                outcome,
                gettext("The reasons for the decision:") + "\n" + reduction.decision_note,
                office.name,
            ]
        )
    EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        addresses,
        reply_to=[office.email] if office.email else None,
    ).send()
