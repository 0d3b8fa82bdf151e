"""The pages of Triple Bottom Line reporting: a member's TBL page (reports,
values, targets, own indicators), a report and its PDF, the forms that write
them, files in and out, and the network's page (`/report/tbl/`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localaction.core.quantities import YEAR
from localaction.forms import show_refusal
from localaction.network.permissions import visible_local_government_or_404
from localaction.sustainability.tbl import files, pdf, services
from localaction.sustainability.tbl.forms import (
    IndicatorForm,
    ReportForm,
    TargetForm,
    ValueForm,
    ValuesFileForm,
)
from localaction.sustainability.tbl.models import (
    SECTIONS,
    TBLIndicator,
    TBLReport,
    TBLTarget,
    TBLValue,
)
from localaction.sustainability.tbl.permissions import (
    can_edit_tbl,
    can_see_workings,
    can_view_report,
    reports_visible_to,
)
from localaction.tables import CONTENT_TYPES, FORMATS, ImportFailed


def _editable(request, code: str):
    local_government = visible_local_government_or_404(request.user, code)
    if not can_edit_tbl(request.user, local_government):
        raise PermissionDenied
    return local_government


def _visible_report(request, code: str, year: int) -> TBLReport:
    local_government = visible_local_government_or_404(request.user, code)
    if not YEAR.accepts(year):
        raise Http404
    report = get_object_or_404(
        TBLReport.objects.select_related("local_government__country"),
        local_government=local_government,
        year=year,
    )
    if not can_view_report(request.user, report):
        raise Http404
    return report


def member(request, code: str):
    """The member's TBL reports the person may see and, for insiders, its
    values, targets and own indicators."""
    local_government = visible_local_government_or_404(request.user, code)
    reports = reports_visible_to(request.user).filter(local_government=local_government)
    insider = can_see_workings(request.user, local_government)
    context = {
        "lg": local_government,
        "reports": reports.order_by("-year"),
        "insider": insider,
        "can_edit": can_edit_tbl(request.user, local_government),
        "years_to_write": [timezone.localdate().year - 1, timezone.localdate().year],
    }
    if insider:
        context |= {
            "values": TBLValue.objects.filter(local_government=local_government)
            .select_related("indicator")
            .order_by("indicator__dimension", "indicator__code", "year"),
            "targets": TBLTarget.objects.filter(local_government=local_government)
            .select_related("indicator")
            .order_by("indicator__code"),
            "own_indicators": TBLIndicator.objects.filter(local_government=local_government),
        }
    return render(request, "sustainability/tbl/member.html", context)


def report(request, code: str, year: int):
    report = _visible_report(request, code, year)
    return render(
        request,
        "sustainability/tbl/report.html",
        {
            "lg": report.local_government,
            "report": report,
            "dimensions": services.report_tables(report),
            "sections": _sections(report),
            "can_edit": can_edit_tbl(request.user, report.local_government),
            "language": services.report_language(report.local_government),
        },
    )


def _sections(report: TBLReport) -> dict[str, dict]:
    return {
        name: {
            "label": services.section_label(name),
            "text": getattr(report, name),
            "required": required,
        }
        for name, required in SECTIONS
    }


def report_pdf(request, code: str, year: int):
    """The report as a PDF, in the member's language."""
    report = _visible_report(request, code, year)
    with translation.override(services.report_language(report.local_government)):
        content = pdf.report_pdf(report)
    response = HttpResponse(content, content_type=CONTENT_TYPES["pdf"])
    filename = f"{report.local_government.code}-tbl-{report.year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def report_edit(request, code: str, year: int):
    """Write (or start) the member's report of a year."""
    local_government = _editable(request, code)
    if not YEAR.accepts(year):
        raise Http404
    existing = TBLReport.objects.filter(local_government=local_government, year=year).first()
    indicators = TBLIndicator.objects.available_to(local_government)
    initial = {}
    if existing is not None:
        initial = {name: getattr(existing, name) for name, _required in SECTIONS}
        initial["indicators"] = list(existing.indicators.all())
    form = ReportForm(request.POST or None, initial=initial, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.report_save(
                local_government=local_government,
                year=year,
                sections={name: data[name] for name, _required in SECTIONS},
                indicators=list(data["indicators"]),
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return redirect(saved)
    return render(
        request,
        "sustainability/tbl/report_form.html",
        {"lg": local_government, "year": year, "report": existing, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def report_publish(request, code: str, year: int):
    report = _visible_report(request, code, year)
    if not can_edit_tbl(request.user, report.local_government):
        raise PermissionDenied
    try:
        services.report_publish(report=report, user=request.user)
    except ValidationError as error:
        return render(
            request,
            "sustainability/tbl/report.html",
            {
                "lg": report.local_government,
                "report": report,
                "dimensions": services.report_tables(report),
                "sections": _sections(report),
                "can_edit": True,
                "publish_errors": error.messages,
            },
            status=400,
        )
    return redirect(report)


@login_required
@require_POST
def report_withdraw(request, code: str, year: int):
    report = _visible_report(request, code, year)
    if not can_edit_tbl(request.user, report.local_government):
        raise PermissionDenied
    services.report_withdraw(report=report, user=request.user)
    return redirect(report)


def _entry(request, code: str, *, form_class, save, title: str):
    """A form that writes one value, target or indicator of the member."""
    local_government = _editable(request, code)
    indicators = TBLIndicator.objects.available_to(local_government)
    kwargs = {} if form_class is IndicatorForm else {"indicators": indicators}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            save(local_government, form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return redirect("tbl:member", local_government.code)
    return render(
        request,
        "sustainability/tbl/entry_form.html",
        {"lg": local_government, "form": form, "title": title},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def value_new(request, code: str):
    def save(local_government, data):
        services.value_set(local_government=local_government, **data)

    return _entry(request, code, form_class=ValueForm, save=save, title=_("Enter a value"))


@login_required
def target_new(request, code: str):
    def save(local_government, data):
        services.target_set(local_government=local_government, **data)

    return _entry(request, code, form_class=TargetForm, save=save, title=_("Set a target"))


@login_required
def indicator_new(request, code: str):
    def save(local_government, data):
        services.indicator_create(local_government=local_government, **data)

    return _entry(
        request, code, form_class=IndicatorForm, save=save, title=_("Add an own indicator")
    )


def values_download(request, code: str, file_format: str):
    """The member's typed values, for those who see its workings."""
    if file_format not in FORMATS:
        raise Http404
    local_government = visible_local_government_or_404(request.user, code)
    if not can_see_workings(request.user, local_government):
        raise PermissionDenied
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    filename = f"{local_government.code}-tbl-values-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    files.export_values(local_government, format=file_format, target=response)
    return response


@login_required
def values_import(request, code: str):
    """Import values from a file: every row or none, each problem on its row."""
    local_government = _editable(request, code)
    form = ValuesFileForm(request.POST or None, request.FILES or None)
    problems: list = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = files.import_values(local_government, upload.read(), filename=upload.name)
        except ImportFailed as failed:
            problems = failed.errors
        else:
            return render(
                request,
                "sustainability/tbl/values_import.html",
                {"lg": local_government, "form": ValuesFileForm(), "imported": count},
            )
    return render(
        request,
        "sustainability/tbl/values_import.html",
        {"lg": local_government, "form": form, "problems": problems},
        status=400 if request.method == "POST" else 200,
    )


def network(request):
    """Which members report TBL, year by year, and the indicators most used."""
    return render(
        request,
        "sustainability/tbl/network.html",
        {"summary": services.network_summary(TBLReport.objects.all())},
    )
