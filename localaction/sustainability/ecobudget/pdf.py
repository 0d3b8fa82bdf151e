"""The master budget and the balance as PDF documents for the council.

WeasyPrint prints `sustainability/ecobudget/statement_pdf.html` with the
statement the page shows; styles are inline and the fetcher refuses every
address but `data:` ones (localaction/pdf.py), so printing makes no request.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from localaction.pdf import LocalOnlyFetcher, quiet_svg_styles
from localaction.sustainability.ecobudget.services import Statement


def statement_html(statement: Statement, *, kind: str) -> str:
    """`kind` is "budget" (the master budget) or "balance"."""
    return render_to_string(
        "sustainability/ecobudget/statement_pdf.html",
        {
            "statement": statement,
            "budget": statement.budget,
            "lg": statement.budget.local_government,
            "kind": kind,
            "printed_on": timezone.localdate(),
        },
    )


def statement_pdf(statement: Statement, *, kind: str) -> bytes:
    document = HTML(
        string=statement_html(statement, kind=kind),
        base_url=settings.SITE_URL,
        url_fetcher=LocalOnlyFetcher(),
    )
    with quiet_svg_styles():
        return document.write_pdf()
