"""Open data on the web: the network report as files, every published inventory
line, and a member's CRF export (docs/formats/open-data.md).

Everything here is public and holds published data only; a member's CRF
export is for those who may see the member, and even then holds only its
published record.
"""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from localaction.core.gwp import GWP_SETS
from localaction.network.permissions import visible_local_government_or_404
from localaction.reports.figures import Preparing, Reports
from localaction.reports.files import (
    CRF_FORMATS,
    LICENCE,
    LICENCE_URL,
    REPORT_FORMATS,
    open_data_csv,
    write_crf,
)
from localaction.reports.services import (
    DEFAULT_GWP,
    LEVELS,
    ReportError,
    report_years,
)
from localaction.reports.views.dashboard import preparing_page
from localaction.sustainability.ecobudget.network import budget_years
from localaction.tables import CONTENT_TYPES


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def report_download(request, file_format: str):
    """The network report for the scope the query asks for (year, gwp, level,
    window, region, country, campaign), as CSV, XLSX, JSON or PDF."""
    if file_format not in REPORT_FORMATS:
        raise Http404
    reports = Reports.now()
    try:
        scope = reports.scope(request.GET)
        # Files are written once from the computed figures, not per download.
        if file_format == "pdf":
            content = reports.pdf(scope)
        else:
            content = reports.report_file(scope, file_format)
    except Preparing as waiting:
        return preparing_page(request, waiting)
    except ReportError as error:
        return render(
            request,
            "reports/report_error.html",
            {"message": str(error), "field": error.field},
            status=400,
        )
    reports.queue_recomputation()
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    level = scope.level.lower().replace("+", "-plus")
    return _attachment(response, f"network-report-{scope.year}-{scope.gwp}-{level}.{file_format}")


def open_data(request):
    """What can be downloaded, in which formats, under which licence.

    The report's year, GWP set and level chosen in the page's form go into the
    download links; the download checks them.
    """
    years = report_years()
    chosen = {
        "year": request.GET.get("year") or (str(years[-1]) if years else ""),
        "gwp": request.GET.get("gwp") or DEFAULT_GWP,
        "level": request.GET.get("level") or str(LEVELS[0]),
    }
    return render(
        request,
        "reports/open_data.html",
        {
            "years": [str(year) for year in years],
            "chosen": chosen,
            "query": urlencode({name: value for name, value in chosen.items() if value}),
            "gwp_sets": GWP_SETS,
            "levels": [str(level) for level in LEVELS],
            "report_formats": REPORT_FORMATS,
            "crf_formats": CRF_FORMATS,
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "ecobudget_years": budget_years(),
        },
    )


def lines_download(request):
    """Every line of every published inventory of a published member, streamed."""
    response = StreamingHttpResponse(open_data_csv(), content_type=CONTENT_TYPES["csv"])
    return _attachment(response, f"inventory-lines-{timezone.localdate():%Y-%m-%d}.csv")


def crf_download(request, code: str, file_format: str):
    """A member's published inventory, targets and actions in the CRF's shape."""
    if file_format not in CRF_FORMATS:
        raise Http404
    local_government = visible_local_government_or_404(request.user, code)
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    try:
        write_crf(local_government, file_format, response)
    except ValidationError as error:  # lines stored before the bounds were checked
        return HttpResponse(
            " ".join(error.messages), status=400, content_type="text/plain; charset=utf-8"
        )
    filename = f"{local_government.code}-crf-{timezone.localdate():%Y-%m-%d}.{file_format}"
    return _attachment(response, filename)
