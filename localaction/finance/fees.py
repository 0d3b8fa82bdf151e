"""Invoices for fees: an event's registration fees, technical services and
consultancy (issue 18), to members or anyone else.

The apps that sell something (events, consultancy) call `issue_fee_invoice`
from their own service, inside their own `transaction.atomic`, so that their
record (a registration, an engagement) and its invoice are written together
or not at all; they keep a unique link to the invoice so nothing is invoiced
twice, and they check who may cause the invoice (a registrant causes one for
their own registration): this module checks the invoice, not the person.

Fee invoices take their numbers from the office's one series (the year of
issue), beside its dues and credit notes, so the series stays gapless; they
are read, paid, reminded, credited and aged like dues, but never counted in
the dues figures (`Invoice.purpose`).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from djmoney.money import Money

from localaction.finance.models import Invoice, InvoiceLine, payment_reference
from localaction.finance.models.schedules import AMOUNT_DIGITS
from localaction.finance.services import next_number
from localaction.network.models import LocalGovernment, Office

CENT = Decimal("0.01")
MAX_MONEY = Decimal(10) ** (AMOUNT_DIGITS - 2) - CENT  # what the amount columns hold
FEE_PURPOSES = (Invoice.Purpose.EVENT, Invoice.Purpose.SERVICES)


@dataclass(frozen=True)
class Customer:
    """Who is invoiced, as they stand at issue (the invoice keeps a copy)."""

    name: str
    postal_address: str = ""
    email: str = ""
    local_government: LocalGovernment | None = None  # set when the customer is a member


@dataclass(frozen=True)
class FeeLine:
    """One line of a fee invoice: a fee (zero or more) or a discount (zero or less)."""

    description: str
    amount: Money
    kind: str = InvoiceLine.Kind.FEE


def _field_limit(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _check_customer(customer: Customer) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = customer.name.strip()
    if not name:
        errors["customer"] = gettext("Name the customer the invoice is for.")
    elif len(name) > (limit := _field_limit(Invoice, "customer_name")):
        errors["customer"] = gettext(
            "The customer's name has %(length)s characters; at most %(limit)s fit."
        ) % {"length": len(name), "limit": limit}
    if len(customer.postal_address.strip()) > (limit := _field_limit(Invoice, "customer_address")):
        errors["customer_address"] = gettext(
            "The customer's postal address has %(length)s characters; at most %(limit)s fit."
        ) % {"length": len(customer.postal_address.strip()), "limit": limit}
    if email := customer.email.strip():
        try:
            validate_email(email)
        except ValidationError:
            errors["customer_email"] = gettext("'%(email)s' is not an e-mail address.") % {
                "email": email
            }
    return errors


def _check_lines(lines: Sequence[FeeLine]) -> tuple[str, Decimal]:
    """The lines' currency and total, or the first problem found, naming the line."""
    if not lines:
        raise ValidationError({"lines": gettext("A fee invoice has at least one line.")})
    limit = _field_limit(InvoiceLine, "description")
    currency = str(lines[0].amount.currency)
    total = Decimal("0")
    for number, line in enumerate(lines, start=1):
        problem = None
        amount = line.amount.amount
        description = line.description.strip()
        if line.kind not in (InvoiceLine.Kind.FEE, InvoiceLine.Kind.DISCOUNT):
            problem = gettext("'%(kind)s' is not a kind of fee line (fee or discount).") % {
                "kind": line.kind
            }
        elif not description:
            problem = gettext("it needs a description.")
        elif len(description) > limit:
            problem = gettext(
                "its description has %(length)s characters; at most %(limit)s fit."
            ) % {"length": len(description), "limit": limit}
        elif str(line.amount.currency) != currency:
            problem = gettext(
                "it is in %(currency)s, the first line in %(first)s: one invoice, one currency."
            ) % {"currency": line.amount.currency, "first": currency}
        elif not amount.is_finite() or abs(amount) > MAX_MONEY:
            problem = gettext("%(amount)s is not an amount an invoice can carry.") % {
                "amount": amount
            }
        elif amount != amount.quantize(CENT):
            problem = gettext("%(amount)s is not in whole cents.") % {"amount": amount}
        elif line.kind == InvoiceLine.Kind.FEE and amount < 0:
            problem = gettext("a fee is not negative; give a reduction as a discount line.")
        elif line.kind == InvoiceLine.Kind.DISCOUNT and amount > 0:
            problem = gettext("a discount is written as a negative amount.")
        if problem:
            raise ValidationError(
                {
                    "lines": gettext("Line %(number)s: %(problem)s")
                    % {"number": number, "problem": problem}
                }
            )
        total += amount
    total = total.quantize(CENT)
    if total < 0:
        raise ValidationError(
            {
                "lines": gettext(
                    "The lines add up to %(total)s %(currency)s: an invoice is not negative."
                )
                % {"total": total, "currency": currency}
            }
        )
    if total > MAX_MONEY:
        raise ValidationError(
            {"lines": gettext("The lines add up to more than an invoice can carry.")}
        )
    return currency, total


@transaction.atomic
def issue_fee_invoice(
    *,
    office: Office,
    customer: Customer,
    purpose: str,
    lines: Sequence[FeeLine],
    by,
    language: str,
    issued_on: datetime.date | None = None,
    due_days: int = 30,
) -> Invoice:
    """Issue an invoice of event fees or services (`purpose`) from `office` to
    `customer`, its lines in the order given and its total their sum.

    Numbered from the office's series for the year of issue in this
    transaction (call it inside the caller's own, so both land together).
    `by` is recorded as the issuer (None: the platform itself). Raises
    `ValidationError` naming the field: no lines, a line without or with an
    over-long description, mixed currencies, a fee below or a discount above
    zero, a negative total, no customer name, an unknown purpose or language.
    """
    errors = _check_customer(customer)
    if purpose not in FEE_PURPOSES:
        errors["purpose"] = gettext(
            "'%(purpose)s' is not a purpose of a fee invoice (event or services)."
        ) % {"purpose": purpose}
    if language not in dict(settings.LANGUAGES):
        errors["language"] = gettext("'%(language)s' is not a language of the platform.") % {
            "language": language
        }
    if not 0 <= due_days <= 365:
        errors["due_days"] = gettext(
            "An invoice falls due 0 to 365 days after issue, not %(days)s."
        ) % {"days": due_days}
    try:
        currency, total = _check_lines(lines)
    except ValidationError as error:
        errors.update({key: " ".join(value) for key, value in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    issued_on = issued_on or timezone.localdate()
    number = next_number(office, issued_on.year)
    invoice = Invoice.objects.create(
        office=office,
        purpose=purpose,
        customer_name=customer.name.strip(),
        customer_address=customer.postal_address.strip(),
        customer_email=customer.email.strip(),
        local_government=customer.local_government,
        number=number,
        payment_reference=payment_reference(number),
        issued_on=issued_on,
        due_on=issued_on + datetime.timedelta(days=due_days),
        total=Money(total, currency),
        language=language,
        created_by=by,
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=invoice,
            position=position,
            kind=line.kind,
            description=line.description.strip(),
            amount=line.amount,
        )
        for position, line in enumerate(lines, start=1)
    )
    return invoice
