"""The ledger's rules: issued invoices stay as issued; credit notes, payments."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from djmoney.money import Money

from localaction.finance.models import CreditNote, Invoice, Payment, payment_reference
from localaction.finance.services import credit_invoice, next_number

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("number", "reference"),
    [
        # ISO 11649's own example: RF18 5390 0754 7034.
        ("539007547034", "RF18539007547034"),
    ],
)
def test_payment_references_carry_iso_11649_check_digits(number, reference):
    assert payment_reference(number) == reference


def test_every_payment_reference_passes_the_iso_7064_check():
    # Independent recomputation: moving RFcc to the end, the number mod 97 is 1.
    for number in ("EUROPE-2027-000001", "AFRICA-2031-123456", "X-2000-000009"):
        reference = payment_reference(number)
        moved = reference[4:] + reference[:4]
        assert int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def test_numbers_follow_each_other_per_office_and_year(cast):
    with transaction.atomic():
        numbers = [next_number(cast.europe_office, 2027) for _ in range(3)]
        other_year = next_number(cast.europe_office, 2028)
        other_office = next_number(cast.africa_office, 2027)
    assert numbers == ["EUROPE-2027-000001", "EUROPE-2027-000002", "EUROPE-2027-000003"]
    assert other_year == "EUROPE-2028-000001"
    assert other_office == "AFRICA-2027-000001"


def test_a_rolled_back_document_gives_its_number_back(cast):
    with pytest.raises(RuntimeError), transaction.atomic():
        next_number(cast.europe_office, 2027)
        raise RuntimeError("the invoice could not be written")
    with transaction.atomic():
        assert next_number(cast.europe_office, 2027) == "EUROPE-2027-000001"


def test_an_issued_invoice_is_never_edited_or_deleted(issue):
    invoice = issue()
    invoice.total = Money("1.00", "EUR")
    with pytest.raises(ValidationError, match="credit note"):
        invoice.save()
    invoice.refresh_from_db()
    with pytest.raises(ValidationError):
        invoice.delete()
    with pytest.raises(ValidationError):
        Invoice.objects.all().delete()
    with pytest.raises(ValidationError):
        invoice.lines.get().delete()
    assert Invoice.objects.get(pk=invoice.pk).total == Money("450.00", "EUR")


def test_what_was_done_with_an_invoice_may_still_be_recorded(issue):
    invoice = issue()
    invoice.emailed_at = datetime.datetime(2027, 1, 15, 9, tzinfo=datetime.UTC)
    invoice.save(update_fields=["emailed_at"])
    assert Invoice.objects.get(pk=invoice.pk).emailed_at is not None


def test_the_total_is_the_sum_of_the_lines(issue):
    invoice = issue("1234.56")
    assert invoice.lines_total == invoice.total


def test_a_credit_note_takes_the_next_number_and_at_most_what_is_uncredited(issue, finance):
    invoice = issue("450.00")
    note = credit_invoice(
        invoice, amount=Money("200.00", "EUR"), reason="Population corrected", by=finance
    )
    assert note.number == "EUROPE-2027-000002"  # the invoice had 000001
    with pytest.raises(ValidationError, match="not yet credited"):
        credit_invoice(invoice, amount=Money("250.01", "EUR"), reason="Too much", by=finance)
    credit_invoice(invoice, amount=Money("250.00", "EUR"), reason="Waived", by=finance)
    assert invoice.status() == Invoice.Status.CREDITED
    assert CreditNote.objects.filter(invoice=invoice).count() == 2


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Money("-1.00", "EUR"), "positive"),
        (Money("0.00", "EUR"), "positive"),
        (Money("10.00", "USD"), "is in EUR, not USD"),
    ],
)
def test_a_bad_credit_note_is_refused(issue, finance, amount, message):
    invoice = issue()
    with pytest.raises(ValidationError, match=message):
        credit_invoice(invoice, amount=amount, reason="x", by=finance)
    assert not CreditNote.objects.exists()


def test_credit_notes_are_issued_by_the_offices_finance_staff(issue, cast):
    invoice = issue()
    for person in (cast.staff, cast.secretariat, cast.editor):
        with pytest.raises(PermissionDenied):
            credit_invoice(invoice, amount=Money("1.00", "EUR"), reason="x", by=person)


def _payment(invoice, amount, by, currency="EUR"):
    return Payment(
        office=invoice.office,
        received_on=datetime.date(2027, 2, 1),
        amount=Money(amount, currency),
        method=Payment.Method.BANK_TRANSFER,
        reference=invoice.payment_reference,
        invoice=invoice,
        recorded_by=by,
    )


def test_partial_payments_then_overpayment_kept_as_credit(issue, finance):
    invoice = issue("450.00")
    _payment(invoice, "200.00", finance).save()
    assert invoice.status() == Invoice.Status.PARTLY_PAID
    _payment(invoice, "300.00", finance).save()
    balance = invoice.balance()
    assert balance["open_amount"] == Money("-50.00", "EUR")
    assert invoice.status() == Invoice.Status.OVERPAID
    # total − credited − paid = open, recomputed by hand: 450 − 0 − 500.
    assert balance["paid"] == Money("500.00", "EUR")


def test_a_payment_in_another_currency_than_its_invoice_is_refused(issue, finance):
    payment = _payment(issue(), "450.00", finance, currency="USD")
    with pytest.raises(ValidationError, match="in USD, its invoice EUROPE-2027-000001 in EUR"):
        payment.full_clean()


def test_a_negative_payment_is_refused(issue, finance):
    payment = _payment(issue(), "-5.00", finance)
    with pytest.raises(ValidationError):
        payment.full_clean()


def test_an_unmatched_payment_is_kept(cast, finance):
    payment = Payment.objects.create(
        office=cast.europe_office,
        received_on=datetime.date(2027, 2, 1),
        amount=Money("99.00", "EUR"),
        method=Payment.Method.BANK_TRANSFER,
        reference="RF00UNKNOWN",
        recorded_by=finance,
    )
    assert not payment.is_matched
    assert Payment.objects.filter(invoice=None).count() == 1


def test_one_dues_invoice_per_membership_and_year(issue):
    from django.db import IntegrityError

    issue()
    with pytest.raises(IntegrityError):
        issue()
