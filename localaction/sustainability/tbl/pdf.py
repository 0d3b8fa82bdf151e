"""A member's TBL report as a PDF (WeasyPrint), for its council and citizens.

Printed in whatever language is active (the view chooses the member's); the
style sheet and charts are inline and the fetcher refuses every address but
`data:` ones (localaction/pdf.py), so printing makes no request.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from localaction.pdf import LocalOnlyFetcher, quiet_svg_styles
from localaction.sustainability.tbl import services
from localaction.sustainability.tbl.models import SECTIONS, TBLReport


def report_html(report: TBLReport) -> str:
    return render_to_string(
        "sustainability/tbl/report_pdf.html",
        {
            "report": report,
            "lg": report.local_government,
            "introduction": report.introduction,
            "outlook": report.outlook,
            "labels": {name: services.section_label(name) for name, _required in SECTIONS},
            "dimensions": services.report_tables(report),
            "site_url": settings.SITE_URL,
        },
    )


def report_pdf(report: TBLReport) -> bytes:
    """The report as PDF bytes (A4, numbered pages)."""
    document = HTML(
        string=report_html(report), base_url=settings.SITE_URL, url_fetcher=LocalOnlyFetcher()
    )
    with quiet_svg_styles():
        return document.write_pdf()
