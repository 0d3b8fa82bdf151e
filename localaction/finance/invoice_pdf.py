"""An invoice as a PDF, in its language, and its e-mail to the member's editors
or, for fees, to the customer.

WeasyPrint prints `finance/invoice_pdf.html` (as `reports/pdf.py` prints the
annual report: the style sheet inline, nothing fetched but `data:` URLs). The
invoice says who sends it (the office, its postal address and bank account:
`OfficeBankAccount`), to whom, what it was computed from on its reference date,
its lines, total, due date and payment reference.

The dues run queues `render_and_email` for each batch it issues (a fee
invoice's caller may queue it too); the task renders each PDF once (kept in
`Invoice.pdf`) and e-mails its recipients (`services.invoice_recipients`)
once (`Invoice.emailed_at`), so a retried task does only what is left. The
e-mail goes through the platform's mail queue, which carries text and no
attachments: it links to the invoice's page, where editors download the PDF.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from weasyprint import HTML

from localaction.background.tasks import background
from localaction.finance.models import Invoice, OfficeBankAccount
from localaction.finance.services import invoice_recipients
from localaction.pdf import LocalOnlyFetcher


def _invoices(ids) -> list[Invoice]:
    return list(
        Invoice.objects.filter(pk__in=ids)
        .select_related("office", "office__country", "local_government__country", "category")
        .prefetch_related("lines")
        .order_by("number")
    )


def invoice_html(invoice: Invoice) -> str:
    """The printable invoice in its own language."""
    with translation.override(invoice.language):
        return render_to_string(
            "finance/invoice_pdf.html",
            {
                "invoice": invoice,
                "office": invoice.office,
                "member": invoice.local_government,
                "lines": list(invoice.lines.all()),
                "account": OfficeBankAccount.for_invoice(invoice.office, invoice.currency),
                "currency": invoice.currency,
            },
        )


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice as PDF bytes (A4)."""
    return HTML(
        string=invoice_html(invoice), base_url=settings.SITE_URL, url_fetcher=LocalOnlyFetcher()
    ).write_pdf()


def pdf_filename(invoice: Invoice) -> str:
    return f"{invoice.number}.pdf"


def stored_pdf(invoice: Invoice) -> Invoice:
    """Render the invoice's PDF once and keep it (an issued invoice does not
    change, so neither does its PDF)."""
    if not invoice.pdf:
        invoice.pdf.save(
            f"{invoice.series_year}/{pdf_filename(invoice)}",
            ContentFile(invoice_pdf(invoice)),
            save=False,
        )
        invoice.save(update_fields=["pdf"])
    return invoice


def email_invoice(invoice: Invoice) -> int:
    """Send the new invoice, the PDF attached, to each of its recipients (a
    member's editors in their language; a fee invoice's customer), once;
    returns how many e-mails were queued (0: nobody to send to, or sent before)."""
    if invoice.emailed_at is not None:
        return 0
    url = settings.SITE_URL.rstrip("/") + reverse("finance:invoice", args=[invoice.pk])
    with stored_pdf(invoice).pdf.open("rb") as stored:
        pdf = stored.read()
    sent = 0
    with transaction.atomic():
        # Queued in the transaction that stamps `emailed_at`: both or neither.
        for address, language in invoice_recipients(invoice):
            with translation.override(language):
                if invoice.is_dues:
                    subject = gettext("Invoice %(number)s: membership dues %(year)s") % {
                        "number": invoice.number,
                        "year": invoice.year,
                    }
                else:
                    subject = gettext("Invoice %(number)s from %(office)s") % {
                        "number": invoice.number,
                        "office": invoice.office.name,
                    }
                body = render_to_string(
                    "finance/invoice_email.txt", {"invoice": invoice, "url": url}
                )
            message = EmailMessage(subject, body, None, [address])
            message.attach(pdf_filename(invoice), pdf, "application/pdf")
            message.send()
            sent += 1
        invoice.emailed_at = timezone.now()
        invoice.save(update_fields=["emailed_at"])
    return sent


@background(attempts=3)
def render_and_email(*, invoice_ids: list[int]) -> dict:
    """Render and e-mail the PDFs of invoices the dues run issued (what a
    previous attempt did is not done again)."""
    rendered = emailed = 0
    for invoice in _invoices(invoice_ids):
        if not invoice.pdf:
            stored_pdf(invoice)
            rendered += 1
        emailed += email_invoice(invoice)
    return {"rendered": rendered, "emailed": emailed}
