"""What every PDF the platform prints shares: WeasyPrint reaches no network.

The report to the global community (reports/pdf.py) and the invoices
(finance/invoice_pdf.py) inline their styles and images, so the fetcher
refuses every address but `data:` ones: a printed page never makes a request.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

from weasyprint import URLFetcher


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
