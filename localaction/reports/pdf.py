"""The annual Report to the global community as a PDF.

WeasyPrint prints `reports/report_pdf.html`, which holds the dashboard's own
body (`reports/_report.html`: the same figures, charts as inline SVG and
tables) and a method section. Nothing is fetched from another host: the
style sheet is inline, the charts are inline, and the URL fetcher refuses
every address but `data:` ones.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from localaction.core.gwp import TITLES
from localaction.pdf import LocalOnlyFetcher, quiet_svg_styles
from localaction.reports.figures import Reports, render_body
from localaction.reports.services import Report


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
    with quiet_svg_styles():
        return document.write_pdf()
