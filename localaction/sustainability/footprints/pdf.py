"""The network's Ecological Footprint as a PDF: a standalone document, and a
section (`sustainability/footprints/_network_pdf_section.html`) that the
network report's PDF includes with the same context (views.network_context).

WeasyPrint prints with the platform's local-only fetcher (localaction/pdf.py):
styles and charts are inline, printing makes no request."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from localaction.pdf import LocalOnlyFetcher, quiet_svg_styles


def network_pdf(context: dict) -> bytes:
    """The network footprint at the chosen Congress (with the trend) as PDF bytes."""
    html = render_to_string(
        "sustainability/footprints/network_pdf.html", {**context, "site_url": settings.SITE_URL}
    )
    document = HTML(string=html, base_url=settings.SITE_URL, url_fetcher=LocalOnlyFetcher())
    with quiet_svg_styles():
        return document.write_pdf()
