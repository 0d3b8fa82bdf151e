"""A case study as a PDF (WeasyPrint), from the page's own context: the same
figures, read live from the members' data."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from localaction.pdf import LocalOnlyFetcher, quiet_svg_styles


def case_study_pdf(context: dict) -> bytes:
    html = render_to_string("knowledge/case_study_pdf.html", context)
    document = HTML(string=html, base_url=settings.SITE_URL, url_fetcher=LocalOnlyFetcher())
    with quiet_svg_styles():
        return document.write_pdf()
