"""The plan's progress report as a PDF for the Council and the Executive
Committee: every goal with its indicators, values, status and trend.

WeasyPrint prints `results/report_pdf.html` with the dashboard's own figures;
its style sheet and charts are inline and the URL fetcher refuses every
address but `data:` ones (localaction/pdf.py), so printing makes no request.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from localaction.pdf import LocalOnlyFetcher, quiet_svg_styles
from localaction.results.dashboard import Dashboard


def report_html(figures: Dashboard) -> str:
    return render_to_string(
        "results/report_pdf.html", {"dashboard": figures, "site_url": settings.SITE_URL}
    )


def report_pdf(figures: Dashboard) -> bytes:
    """The report as PDF bytes (A4, numbered pages)."""
    document = HTML(
        string=report_html(figures), base_url=settings.SITE_URL, url_fetcher=LocalOnlyFetcher()
    )
    with quiet_svg_styles():
        return document.write_pdf()
