"""What every PDF the platform prints shares: WeasyPrint reaches no network.

The report to the global community (reports/pdf.py) and the invoices
(finance/invoice_pdf.py) inline their styles and images, so the fetcher
refuses every address but `data:` ones: a printed page never makes a request.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

import segno
from django.conf import settings
from weasyprint import HTML, URLFetcher


class LocalOnlyFetcher(URLFetcher):
    """Fetches `data:` URLs only: a printed document must not reach the network."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


class _SVGStyleNoise(logging.Filter):
    """WeasyPrint's CSS parser warns about every SVG presentation property it
    meets in a `style` attribute (fill, stroke …), though its SVG renderer
    draws them: hundreds of lines per report that hide real warnings."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "unknown property" not in record.getMessage()


@contextmanager
def quiet_svg_styles():
    """WeasyPrint's warnings about the charts' SVG styles silenced while printing."""
    logger, noise = logging.getLogger("weasyprint"), _SVGStyleNoise()
    logger.addFilter(noise)
    try:
        yield
    finally:
        logger.removeFilter(noise)


def write_pdf(html: str) -> bytes:
    """`html` printed as a PDF: no request made, the charts' style noise silenced."""
    document = HTML(string=html, base_url=settings.SITE_URL, url_fetcher=LocalOnlyFetcher())
    with quiet_svg_styles():
        return document.write_pdf()


def qr_data_uri(text: str) -> str:
    """A QR code of `text` as an SVG data URI, printed with the page (error
    correction M: readable with a smudge on paper)."""
    return segno.make(text, error="m", micro=False).svg_data_uri(scale=4, dark="#1b2a2f")
