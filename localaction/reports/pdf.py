"""The annual Report to the global community as a PDF.

WeasyPrint prints `reports/report_pdf.html`, which holds the dashboard's own
body (`reports/_report.html`: the same figures, charts as inline SVG and
tables) and a method section. Nothing is fetched from another host: the
style sheet is inline, the charts are inline, and the URL fetcher refuses
every address but `data:` ones.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from localaction.core.gwp import TITLES
from localaction.pdf import LocalOnlyFetcher
from localaction.reports.figures import Reports, render_body
from localaction.reports.services import Report


class _SVGStyleNoise(logging.Filter):
    """WeasyPrint's CSS parser warns about every SVG presentation property it
    meets in a `style` attribute (fill, stroke …), though its SVG renderer
    draws them: hundreds of lines per report that hide real warnings."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "unknown property" not in record.getMessage()


@contextmanager
def _quiet_svg_styles():
    logger, noise = logging.getLogger("weasyprint"), _SVGStyleNoise()
    logger.addFilter(noise)
    try:
        yield
    finally:
        logger.removeFilter(noise)


def report_html(report: Report, reports: Reports | None = None) -> str:
    """The printable HTML of the report: its body and the method section; its
    charts' figures read through `reports` (the latest computed by default)."""
    scope = report.scope
    reports = reports or Reports.now()
    return render_to_string(
        "reports/report_pdf.html",
        {
            "report": report,
            "scope": scope,
            "gwp_title": TITLES.get(scope.gwp, scope.gwp),
            "first_year": scope.year - scope.window,
            "generated_on": timezone.localdate(),
            "site_url": settings.SITE_URL,
            "body": render_body(
                report,
                by_year=reports.by_year(scope),
                funnels=reports.funnels(scope),
                printed=True,
            ),
        },
    )


def report_pdf(report: Report, reports: Reports | None = None) -> bytes:
    """The report as PDF bytes (A4, numbered pages)."""
    # Links in the PDF (each figure's provenance page) resolve against the site's address.
    document = HTML(
        string=report_html(report, reports),
        base_url=settings.SITE_URL,
        url_fetcher=LocalOnlyFetcher(),
    )
    with _quiet_svg_styles():
        return document.write_pdf()
