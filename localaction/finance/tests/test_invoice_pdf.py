"""Invoice PDFs: the amounts, the payment reference and the office's bank
account in the text of the PDF, the member's language, under a second each;
and the e-mail to the member's editors, once."""

from __future__ import annotations

import datetime
import io
import time

import pytest
from django.core import mail
from django.test import override_settings
from pypdf import PdfReader

from localaction.accounts.models import Person
from localaction.finance.dues_run import run_dues
from localaction.finance.invoice_pdf import email_invoice, invoice_html, invoice_pdf
from localaction.finance.models import Invoice, OfficeBankAccount
from localaction.finance.models.billing import validate_iban
from localaction.finance.services import adopt_schedule

pytestmark = pytest.mark.django_db
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
# The IBAN of the ECBS's published example (DE89 3704 0044 0532 0130 00).
IBAN = "DE89 3704 0044 0532 0130 00"


@pytest.fixture
def invoiced(cast, example_schedule):
    adopt_schedule(
        example_schedule,
        adopted_on=datetime.date(2026, 11, 20),
        adopted_by="Council",
        by=cast.secretariat,
    )
    OfficeBankAccount.objects.create(
        office=cast.europe_office,
        postal_address="Leopoldring 3\n79098 Freiburg\nGermany",
        account_holder="European Secretariat",
        bank_name="Example Bank",
        iban=IBAN,
        bic="COBADEFFXXX",
    )
    with override_settings(EMAIL_DELIVERY_BACKEND=LOCMEM):
        run_dues(year=2027, on=datetime.date(2027, 1, 4))
    return Invoice.objects.get(local_government=cast.freiburg)


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_has_the_amount_reference_account_and_due_date(invoiced):
    started = time.perf_counter()
    data = invoice_pdf(invoiced)
    seconds = time.perf_counter() - started
    text = " ".join(pdf_text(data).split())
    assert data.startswith(b"%PDF")
    # Freiburg, 231,195 people, high income: band 3 of the example schedule, EUR 1,050.
    assert "EUR 1,050.00" in text
    assert invoiced.payment_reference in text.replace(" ", "")
    assert invoiced.number in text
    assert "DE89 3704 0044 0532 0130 00" in text
    assert "Leopoldring 3" in text
    assert "Due on Feb. 3, 2027" in text  # 30 days after 4 January
    assert "Population 231,195 (2022)" in text
    assert seconds < 1.0


def test_the_run_rendered_and_kept_the_pdf_and_emailed_the_editors_once(cast, invoiced):
    assert invoiced.pdf and invoiced.emailed_at is not None
    assert " ".join(pdf_text(invoiced.pdf.read()).split()).count("1,050.00") >= 2
    (message,) = mail.outbox
    assert message.to == [cast.editor.email]
    assert invoiced.number in message.subject
    assert invoiced.payment_reference in message.body
    assert f"/finance/invoices/{invoiced.pk}/" in message.body
    # The PDF travels attached, through the mail queue, as it was stored.
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == (f"{invoiced.number}.pdf", "application/pdf")
    invoiced.pdf.seek(0)
    assert content == invoiced.pdf.read()
    assert email_invoice(invoiced) == 0  # sent before: not again


def test_the_invoice_is_in_the_members_language(cast, example_schedule):
    adopt_schedule(
        example_schedule,
        adopted_on=datetime.date(2026, 11, 20),
        adopted_by="Council",
        by=cast.secretariat,
    )
    cast.freiburg.languages = ["de", "fr"]  # German is not a platform language; French is
    cast.freiburg.save()
    run_dues(year=2027, on=datetime.date(2027, 1, 4), send=False)
    invoice = Invoice.objects.get(local_government=cast.freiburg)
    assert invoice.language == "fr"
    assert '<html lang="fr">' in invoice_html(invoice)


def test_without_a_platform_language_the_editors_choice_then_english(cast, example_schedule):
    adopt_schedule(
        example_schedule,
        adopted_on=datetime.date(2026, 11, 20),
        adopted_by="Council",
        by=cast.secretariat,
    )
    Person.objects.create(user=cast.editor, language="pt")
    run_dues(year=2027, on=datetime.date(2027, 1, 4), send=False)
    assert Invoice.objects.get(local_government=cast.freiburg).language == "pt"


def test_without_a_bank_account_the_pdf_says_to_ask_the_office(cast, example_schedule):
    adopt_schedule(
        example_schedule,
        adopted_on=datetime.date(2026, 11, 20),
        adopted_by="Council",
        by=cast.secretariat,
    )
    run_dues(year=2027, on=datetime.date(2027, 1, 4), send=False)
    invoice = Invoice.objects.get(local_government=cast.freiburg)
    assert invoice.language == "en" and not invoice.pdf
    assert "Ask the office for its bank details." in invoice_html(invoice)


def test_a_mistyped_iban_is_refused_by_its_check_digits():
    validate_iban(IBAN)
    with pytest.raises(Exception, match="check digits"):
        validate_iban("DE89 3704 0044 0532 0130 01")
