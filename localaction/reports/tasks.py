"""The network report's background work: recomputing figures after the data
changed, and issuing an annual report (its PDF is rendered here, not in a
request)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from localaction.accounts import notifications
from localaction.background.progress import Progress
from localaction.background.tasks import background, on_beat
from localaction.reports.figures import STAMP_KEY, Reports, data_version
from localaction.reports.models import NetworkReport
from localaction.reports.services import ReportError, parse_scope


@on_beat
def refresh_stamp() -> None:
    """Keep the stamp of the data fresh for readers (every worker, every beat);
    it outlives a few missed beats, then readers read it themselves."""
    cache.set(STAMP_KEY, data_version(), 3 * settings.BACKGROUND["HEARTBEAT_SECONDS"])


@background(attempts=3)
def recompute(*, scope: dict, language: str, lock: str, pdf: bool = False) -> dict:
    """Make the figures of one scope in one language that are missing or older
    than the data (a recomputation overwrites: running it twice is harmless);
    its PDF too when `pdf` or when one was rendered before."""
    try:
        with translation.override(language):
            reports = Reports.recomputing()
            try:
                chosen = reports.scope(scope)
            except ReportError as error:
                # The scope no longer exists (a region or campaign was removed).
                return {"version": reports.version, "skipped": str(error)}
            reports.choices()
            try:
                # Each figure that is missing (never made, or dropped by the cache).
                reports.report(chosen)
                reports.body_figures(chosen)
                if pdf or reports.has_pdf(chosen):
                    reports.pdf(chosen)
            except ReportError as error:
                # The data make no report of this scope: its readers are told why.
                reports.refuse(chosen, error)
                return {"version": reports.version, "refused": str(error)}
            return {"version": reports.version}
    finally:
        cache.delete(lock)


@background(attempts=2)
def issue_annual_report(*, scope: dict, user_id: int, progress: str, language: str) -> int:
    """Issue the annual report for `scope`: its figures as they are now, and its PDF."""
    task_progress = Progress(progress)
    with translation.override(language):
        task_progress.start(3, _("Computing the figures"))
        reports = Reports.recomputing()
        chosen = parse_scope(scope, default_year=reports.default_year())
        report = reports.report(chosen)
        task_progress.advance(1, _("Rendering the PDF"))
        pdf = reports.pdf(chosen)
        task_progress.advance(2, _("Publishing"))
        user = get_user_model().objects.filter(pk=user_id).first()
        publication = NetworkReport.record(report, pdf=pdf, user=user)
        notifications.notify(
            "report_published",
            recipients=notifications.subscribers("report_published"),
            params={"year": publication.year},
            url=reverse("reports:publications"),
        )
        task_progress.finish(
            _("The report for %(year)s is published.") % {"year": publication.year},
            publication=publication.pk,
        )
    return publication.pk
