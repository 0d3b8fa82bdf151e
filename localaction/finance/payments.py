"""Payments received by an office: recorded by hand, imported from a bank
statement file (docs/formats/bank-statement.md), matched to invoices by their
payment reference, and what is paid above an invoice kept as the member's credit.

Every rule lives here, so that the pages, the API, the admin and the command
obey the same ones:

- a payment is a positive amount in cents, recorded by the office's finance
  staff (`permissions.can_record_payments`); from the command line (`by=None`)
  by the server's operator;
- matched to an invoice, it is in the invoice's currency and office. A payment
  in another currency is refused unless it is converted explicitly
  (`convert=True`) at the exchange rate in force on the day it was received
  (`services.convert`): the payment keeps what was received and the rate used;
- a payment above what is open on its invoice is the member's credit: the
  ledger shows it as the invoice's negative open amount (`Invoice.with_balance`),
  and `credit_of` adds it up per currency;
- a payment that matches no invoice is kept unmatched, never lost, and listed
  for a person to assign (`assign_payment`);
- a bank statement lands whole or not at all; each bank transaction is counted
  once (its `transaction_id`), however often the file is imported.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePath
from typing import BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext
from djmoney.money import Money
from moneyed import CURRENCIES
from simple_history.utils import bulk_create_with_history

from localaction.finance import permissions, services
from localaction.finance.models import Invoice, Payment
from localaction.network.models import LocalGovernment, Office
from localaction.tables import ImportFailed, RowError, in_file_order, read_table

CENT = Decimal("0.01")

# The bank statement format (docs/formats/bank-statement.md).
BANK_COLUMNS = ("date", "amount", "currency", "reference", "payer", "transaction_id")
BANK_REQUIRED = ("date", "amount", "currency", "transaction_id")
_AMOUNT = re.compile(r"\+?\d+(\.\d+)?")
_TEXT_LIMITS = {"reference": 200, "payer": 200, "transaction_id": 100}
# An ISO 11649 reference: RF, two check digits, 1 to 21 letters or digits.
_REFERENCE_START = re.compile(r"R\s?F\s?\d\s?\d")
_LONGEST_REFERENCE = 25


# Rules of one payment


def _may_record(by, office: Office) -> None:
    """`by` None is the command line: the server's operator."""
    if by is not None and not permissions.can_record_payments(by, office):
        raise PermissionDenied(
            gettext("Only the finance staff of %(office)s record its payments.")
            % {"office": office.name}
        )


def _check_amount(amount: Money) -> None:
    if amount.amount <= 0:
        raise ValidationError(
            {
                "amount": gettext("A payment is a positive amount; %(amount)s is not.")
                % {"amount": amount}
            }
        )
    if amount.amount != amount.amount.quantize(CENT):
        raise ValidationError(
            {
                "amount": gettext("A payment is in cents; %(amount)s has more decimals.")
                % {"amount": amount.amount}
            }
        )


def _in_invoice_currency(
    amount: Money, invoice: Invoice, *, convert: bool, on: datetime.date
) -> tuple[Money, Money | None, object]:
    """The amount as the invoice counts it, with what was received and the rate
    used when it had to be converted; a payment in another currency without
    `convert` is refused."""
    if str(amount.currency) == invoice.currency:
        return amount, None, None
    if not convert:
        raise ValidationError(
            {
                "amount": gettext(
                    "This payment is in %(paid)s and invoice %(number)s in %(invoiced)s: "
                    "convert it at the exchange rate of the day it was received, "
                    "or record it unmatched."
                )
                % {"paid": amount.currency, "number": invoice.number, "invoiced": invoice.currency}
            }
        )
    converted, rate = services.convert(amount, invoice.currency, on=on)
    if converted.amount <= 0:
        raise ValidationError(
            {
                "amount": gettext("%(amount)s converts to nothing in %(currency)s.")
                % {"amount": amount, "currency": invoice.currency}
            }
        )
    return converted, amount, rate


@transaction.atomic
def record_payment(
    *,
    office: Office,
    received_on: datetime.date,
    amount: Money,
    method: str,
    by,
    reference: str = "",
    payer: str = "",
    invoice: Invoice | None = None,
    note: str = "",
    convert: bool = False,
) -> Payment:
    """Record money received by `office`, against `invoice` or unmatched.

    A part of the invoice's open amount is a partial payment; more than it
    leaves the rest as the member's credit. In another currency than the
    invoice's it is refused unless `convert` asks for the conversion at the
    rate in force on `received_on` (named on the payment)."""
    _may_record(by, office)
    _check_amount(amount)
    counted, received, rate = amount, None, None
    if invoice is not None:
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        counted, received, rate = _in_invoice_currency(
            amount, invoice, convert=convert, on=received_on
        )
    payment = Payment(
        office=office,
        received_on=received_on,
        amount=counted,
        received=received,
        exchange_rate=rate,
        method=method,
        reference=reference.strip(),
        payer=payer.strip(),
        invoice=invoice,
        note=note.strip(),
        recorded_by=by,
    )
    payment.full_clean()
    payment._history_user = by
    payment.save()
    return payment


@transaction.atomic
def assign_payment(payment: Payment, *, invoice: Invoice, by, convert: bool = False) -> Payment:
    """Match an unmatched payment to an invoice of its office, as `record_payment`
    would have (the same currency rule; converted at the rate of the day it
    was received)."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    _may_record(by, payment.office)
    if payment.invoice_id is not None:
        raise ValidationError(
            {
                "invoice": gettext("This payment is already assigned to invoice %(number)s.")
                % {"number": payment.invoice.number}
            }
        )
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.office_id != payment.office_id:
        raise ValidationError(
            {
                "invoice": gettext("Invoice %(number)s is another office's.")
                % {"number": invoice.number}
            }
        )
    payment.amount, payment.received, payment.exchange_rate = _in_invoice_currency(
        payment.amount, invoice, convert=convert, on=payment.received_on
    )
    payment.invoice = invoice
    payment.full_clean()
    payment._history_user = by
    payment.save()
    return payment


def unmatched_payments(office: Office) -> QuerySet[Payment]:
    """The office's payments waiting for a person to assign them, oldest first."""
    return Payment.objects.filter(office=office, invoice=None).order_by("received_on", "pk")


def credit_of(local_government: LocalGovernment) -> dict[str, Money]:
    """The member's credit by currency: what it paid above its invoices' open
    amounts (an invoice's negative open amount). Currencies without credit are
    left out."""
    credit: dict[str, Money] = {}
    overpaid = (
        Invoice.objects.filter(local_government=local_government)
        .with_balance()
        .filter(open_amount__lt=0)
        .values_list("open_amount", "total_currency")
    )
    for open_amount, currency in overpaid:
        credit[currency] = credit.get(currency, Money(0, currency)) - Money(open_amount, currency)
    return credit


def find_invoice(office: Office, text: str) -> Invoice | None:
    """The office's invoice named by its number or payment reference (as people
    type them: any case, spaces allowed)."""
    compact = "".join(text.split()).upper()
    if not compact:
        return None
    return (
        Invoice.objects.filter(office=office).filter(number__iexact=compact).first()
        or Invoice.objects.filter(office=office, payment_reference=compact).first()
    )


# Payment references in free text


def _is_reference(candidate: str) -> bool:
    """Whether `candidate` (RF + check digits + body) passes the ISO 11649 check."""
    rearranged = candidate[4:] + candidate[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def references_in(text: str) -> list[str]:
    """Every well-formed ISO 11649 reference written in `text`, in order: alone
    (`RF18EU2027000123`), printed in groups (`RF18 EU20 2700 0123`), or inside
    remittance text (`Dues 2027 ref RF18EU2027000123, thank you`). A reference
    runs into the words after it when they are not separated by more than a
    space, so every length that passes the check digits is a candidate; only
    those an invoice has count (`match`)."""
    upper = text.upper()
    found: list[str] = []
    for start in _REFERENCE_START.finditer(upper):
        chars: list[str] = []
        for ch in upper[start.start() :]:
            if ch.isalnum() and ch.isascii():
                chars.append(ch)
            elif ch != " ":
                break
            if len(chars) == _LONGEST_REFERENCE:
                break
        compact = "".join(chars)
        for end in range(len(compact), 4, -1):
            candidate = compact[:end]
            if _is_reference(candidate) and candidate not in found:
                found.append(candidate)
    return found


# The bank statement


@dataclass(frozen=True)
class _Line:
    row: int
    received_on: datetime.date
    amount: Money
    reference: str
    payer: str
    transaction_id: str


@dataclass
class BankImport:
    """What one bank statement import did. `created`, `updated` and `unchanged`
    are what every import reports (background.uploads.import_upload): new
    payments, none, and transactions imported before."""

    filename: str
    matched: list[Payment] = field(default_factory=list)
    unmatched: list[Payment] = field(default_factory=list)
    unchanged: int = 0
    updated: int = 0

    @property
    def created(self) -> int:
        return len(self.matched) + len(self.unmatched)

    @staticmethod
    def _totals(payments: list[Payment]) -> dict[str, Money]:
        totals: dict[str, Money] = {}
        for payment in payments:
            currency = str(payment.amount.currency)
            totals[currency] = totals.get(currency, Money(0, currency)) + payment.amount
        return dict(sorted(totals.items()))

    @property
    def matched_totals(self) -> dict[str, Money]:
        return self._totals(self.matched)

    @property
    def unmatched_totals(self) -> dict[str, Money]:
        return self._totals(self.unmatched)


def _date(text: str) -> datetime.date:
    # A workbook's date cell reads as an ISO date-time at midnight.
    if text.endswith("T00:00:00"):
        text = text[:10]
    return datetime.date.fromisoformat(text)


def _lines(table) -> tuple[list[_Line], list[RowError]]:
    """The statement's rows as payments to be, and every problem with them."""
    errors = list(table.errors)
    lines: list[_Line] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        values = row.values
        problems = len(errors)

        def refuse(column: str, message: str, number=row.number) -> None:
            errors.append(RowError(number, column, message))

        received_on = amount = currency = None
        if text := values.get("date"):
            try:
                received_on = _date(text)
            except ValueError:
                refuse(
                    "date", gettext("'%(value)s' is not a date; write YYYY-MM-DD") % {"value": text}
                )
        if text := values.get("currency"):
            currency = text.upper()
            if currency not in CURRENCIES or len(currency) != 3:
                refuse(
                    "currency",
                    gettext("'%(value)s' is not an ISO 4217 currency code, e.g. EUR")
                    % {"value": text},
                )
                currency = None
        if text := values.get("amount"):
            try:
                amount = Decimal(text) if _AMOUNT.fullmatch(text.lstrip("-")) else None
            except InvalidOperation:
                amount = None
            if amount is None:
                hint = gettext("; use a dot as the decimal separator") if "," in text else ""
                refuse("amount", gettext("'%(value)s' is not an amount") % {"value": text} + hint)
            elif amount <= 0:
                refuse(
                    "amount",
                    gettext(
                        "%(value)s: a payment is a positive amount; leave debits out of the file"
                    )
                    % {"value": text},
                )
            elif amount != amount.quantize(CENT):
                refuse(
                    "amount", gettext("'%(value)s' has more than two decimals") % {"value": text}
                )
        for column, limit in _TEXT_LIMITS.items():
            if len(values.get(column) or "") > limit:
                refuse(column, gettext("longer than %(limit)s characters") % {"limit": limit})
        transaction_id = values.get("transaction_id") or ""
        if transaction_id in seen:
            refuse(
                "transaction_id",
                gettext("the same transaction id as row %(row)s") % {"row": seen[transaction_id]},
            )
        elif transaction_id:
            seen[transaction_id] = row.number
        if len(errors) == problems and None not in (received_on, amount, currency):
            lines.append(
                _Line(
                    row=row.number,
                    received_on=received_on,
                    amount=Money(amount, currency),
                    reference=values.get("reference") or "",
                    payer=values.get("payer") or "",
                    transaction_id=transaction_id,
                )
            )
    return lines, errors


def _invoices_named(office: Office, lines: list[_Line]) -> dict[str, Invoice]:
    """The office's invoices whose payment references the lines name, by reference."""
    wanted = sorted({ref for line in lines for ref in references_in(line.reference)})
    found: dict[str, Invoice] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for invoice in Invoice.objects.filter(office=office, payment_reference__in=chunk):
            found[invoice.payment_reference] = invoice
    return found


def _match(line: _Line, invoices: dict[str, Invoice]) -> tuple[Invoice | None, str]:
    """The invoice a line pays, or None with the reason it is left for a person."""
    named = {
        invoices[ref].pk: invoices[ref] for ref in references_in(line.reference) if ref in invoices
    }
    if not named:
        return None, ""
    if len(named) > 1:
        numbers = ", ".join(sorted(invoice.number for invoice in named.values()))
        return None, gettext(
            "The text names several invoices (%(numbers)s): assign it by hand."
        ) % {"numbers": numbers}
    invoice = next(iter(named.values()))
    if invoice.currency != str(line.amount.currency):
        return None, gettext(
            "Names invoice %(number)s, which is in %(invoiced)s: assign it with a conversion."
        ) % {"number": invoice.number, "invoiced": invoice.currency}
    return invoice, ""


def import_bank_statement(
    source: bytes | BinaryIO, *, filename: str, office: Office, by
) -> BankImport:
    """Import a bank statement of `office`'s account, all or nothing.

    Each line becomes a payment matched to the invoice its reference text names
    (exactly or inside free text), or an unmatched payment listed for a person
    to assign. A transaction imported before (its `transaction_id`) is
    counted once; the same id with another date or amount refuses the file.
    A bad row refuses the whole file, naming its row and column
    (`ImportFailed`); nothing is written."""
    _may_record(by, office)
    table = read_table(source, filename=filename, columns=BANK_COLUMNS, required=BANK_REQUIRED)
    lines, errors = _lines(table)
    if errors:
        raise ImportFailed(in_file_order(errors, BANK_COLUMNS))
    name = PurePath(filename).name
    result = BankImport(filename=name)
    with transaction.atomic():
        # One import at a time per office: two imports of the same file at once
        # would otherwise both find its transactions new.
        Office.objects.select_for_update().get(pk=office.pk)
        before = {
            payment.bank_transaction_id: payment
            for payment in Payment.objects.filter(
                office=office, bank_transaction_id__in=[line.transaction_id for line in lines]
            )
        }
        conflicts = [
            RowError(
                line.row,
                "transaction_id",
                gettext(
                    "transaction %(id)s was imported before as %(amount)s on %(date)s, "
                    "not %(this_amount)s on %(this_date)s"
                )
                % {
                    "id": line.transaction_id,
                    "amount": before[line.transaction_id].amount
                    if before[line.transaction_id].received is None
                    else before[line.transaction_id].received,
                    "date": before[line.transaction_id].received_on.isoformat(),
                    "this_amount": line.amount,
                    "this_date": line.received_on.isoformat(),
                },
            )
            for line in lines
            if line.transaction_id in before and not _same(before[line.transaction_id], line)
        ]
        if conflicts:
            raise ImportFailed(conflicts)
        new = [line for line in lines if line.transaction_id not in before]
        result.unchanged = len(lines) - len(new)
        invoices = _invoices_named(office, new)
        payments = []
        for line in new:
            invoice, reason = _match(line, invoices)
            payment = Payment(
                office=office,
                received_on=line.received_on,
                amount=line.amount,
                method=Payment.Method.BANK_TRANSFER,
                reference=line.reference,
                payer=line.payer,
                invoice=invoice,
                bank_file=name[:200],
                bank_file_line=line.row,
                bank_transaction_id=line.transaction_id,
                note=reason,
                recorded_by=by,
            )
            payments.append(payment)
            (result.matched if invoice else result.unmatched).append(payment)
        bulk_create_with_history(payments, Payment, default_user=by)
    return result


def _same(payment: Payment, line: _Line) -> bool:
    received = payment.received if payment.received is not None else payment.amount
    return received == line.amount and payment.received_on == line.received_on


def describe_import(result: BankImport) -> str:
    """What an import did, in a sentence with its totals per currency."""

    def totals(amounts: dict[str, Money]) -> str:
        return ", ".join(str(money) for money in amounts.values()) or "0"

    return gettext(
        "%(file)s: matched %(matched)s (%(matched_total)s); unmatched %(unmatched)s "
        "(%(unmatched_total)s); imported before %(unchanged)s."
    ) % {
        "file": result.filename,
        "matched": len(result.matched),
        "matched_total": totals(result.matched_totals),
        "unmatched": len(result.unmatched),
        "unmatched_total": totals(result.unmatched_totals),
        "unchanged": result.unchanged,
    }


def command(self, *, file: str, office: str, **options) -> None:
    """`localaction dues payments import FILE --office CODE`."""
    chosen = Office.objects.filter(code__iexact=office).first()
    if chosen is None:
        codes = ", ".join(Office.objects.order_by("code").values_list("code", flat=True))
        raise CommandError(f"No office has the code '{office}'; the codes are: {codes}.")
    try:
        content = Path(file).read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
    try:
        result = import_bank_statement(content, filename=file, office=chosen, by=None)
    except ImportFailed as failure:
        for error in failure.errors:
            self.stderr.write(str(error))
        count = len(failure.errors)
        raise CommandError(
            f"{file} was not imported ({count} problem{'s' * (count != 1)}); nothing has changed."
        ) from None
    self.stdout.write(describe_import(result))
    if result.unmatched:
        self.stdout.write(
            f"{len(result.unmatched)} unmatched payments wait on the office's payments page "
            "to be assigned to invoices."
        )
