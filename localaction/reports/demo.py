"""The demo's published network report: the annual report of the latest year
with published inventories, issued by the secretariat as the "Issue the
annual report" button does (figures and PDF kept), so that advocacy can cite
its figures (`localaction demo`)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.utils import translation

from localaction.network.demo import Progress, no_progress
from localaction.reports.figures import Reports
from localaction.reports.models import NetworkReport
from localaction.reports.pdf import report_pdf
from localaction.reports.services import (
    ReportError,
    latest_report_year,
    network_report,
    parse_scope,
)


def build_demo_report() -> NetworkReport | None:
    """The issued report, or None when the demo's data make none."""
    secretariat = User.objects.filter(username="secretariat").first()
    scope = parse_scope({}, default_year=latest_report_year())
    with translation.override("en"):
        try:
            report = network_report(scope)
        except ReportError:
            return None
        return NetworkReport.record(
            report, pdf=report_pdf(report, Reports.recomputing()), user=secretariat
        )


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    issued = build_demo_report()
    if issued is None:
        return "no network report issued (no published inventory counts)"
    return f"the network report {issued.year} issued"
