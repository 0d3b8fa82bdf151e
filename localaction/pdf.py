"""What every PDF the platform prints shares: WeasyPrint reaches no network.

The report to the global community (reports/pdf.py) and the invoices
(finance/invoice_pdf.py) inline their styles and images, so the fetcher
refuses every address but `data:` ones: a printed page never makes a request.
"""

from __future__ import annotations

from weasyprint import URLFetcher


class LocalOnlyFetcher(URLFetcher):
    """Fetches `data:` URLs only: a printed document must not reach the network."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=1)
