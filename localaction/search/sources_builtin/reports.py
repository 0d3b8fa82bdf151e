"""Published network reports: every issued report is public (its PDF is served
to everyone), found by its year and the figures it published."""

from __future__ import annotations

from django.conf import settings

from localaction.reports.models import NetworkReport

KIND = "report"
WATCHED = (NetworkReport,)


def _entry(report: NetworkReport) -> dict:
    snapshot = report.snapshot if isinstance(report.snapshot, dict) else {}
    figures = [
        f"{name.replace('_', ' ')}: {value}"
        for name, value in snapshot.items()
        if isinstance(value, int | float | str) and not isinstance(value, bool)
    ]
    return {
        "object": report,
        "kind": KIND,
        "key": str(report.pk),
        "language": settings.LANGUAGE_CODE,
        "title": f"Network report {report.year}",
        "body": "\n".join(
            [
                f"The network report of {report.year}: emissions under {report.gwp}, "
                f"{report.level} level, over a {report.window}-year window.",
                *figures,
            ]
        ),
        "url": report.get_absolute_url(),
        "region_id": None,
        "country_code": "",
        "themes": [],
        "year": report.year,
    }


def entries():
    for report in NetworkReport.objects.exclude(pdf="").iterator(chunk_size=200):
        yield _entry(report)


def entry_for(obj) -> dict | None:
    report = NetworkReport.objects.filter(pk=obj.pk).first()
    return _entry(report) if report and report.pdf else None
