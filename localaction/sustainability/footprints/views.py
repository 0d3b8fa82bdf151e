"""Pages of the Ecological Footprint: a member's footprints (list, detail, report
a study or an estimate, verify, files), the reference values, and the
network's footprint at each World Congress (page, PDF, open data).

Thin views: permission (permissions.py), then the services or the network's
figures; a refused request changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localaction.charts import Series, bar_chart, line_chart
from localaction.network.models import LocalGovernment
from localaction.network.permissions import visible_local_government_or_404
from localaction.sustainability.footprints import files, network, pdf, permissions, services
from localaction.sustainability.footprints.forms import (
    BiocapacityForm,
    CongressRoundForm,
    EstimateForm,
    FootprintFileForm,
    NationalFootprintForm,
    StudyForm,
    add_errors,
)
from localaction.sustainability.footprints.models import (
    Biocapacity,
    CongressRound,
    Footprint,
    NationalFootprint,
)
from localaction.tables import CONTENT_TYPES, FORMATS, ImportFailed


def _attachment(name: str, file_format: str) -> HttpResponse:
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{timezone.localdate():%Y-%m-%d}.{file_format}"'
    )
    return response


def _footprint_or_404(request, code: str, pk: int) -> tuple[LocalGovernment, Footprint]:
    local_government = visible_local_government_or_404(request.user, code)
    footprint = get_object_or_404(
        Footprint.objects.select_related("round", "reference__country", "local_government"),
        pk=pk,
        local_government=local_government,
    )
    if not permissions.can_view_footprint(request.user, footprint):
        raise Http404
    return local_government, footprint


def _per_person_chart(rows, footprint: Footprint, *, chart_id: str, title: str) -> str:
    return bar_chart(
        [name for _key, name, _value in rows],
        [value / footprint.population for _key, _name, value in rows],
        title=title,
        description=_("Global hectares per person of %(name)s, %(year)s.")
        % {"name": footprint.local_government.name, "year": footprint.year},
        unit="gha / person",
        chart_id=chart_id,
        number_format=lambda value: f"{value:.2f}",
    )


# A member's footprints


def footprint_list(request, code: str):
    local_government = visible_local_government_or_404(request.user, code)
    footprints = (
        permissions.footprints_visible_to(request.user)
        .filter(local_government=local_government)
        .select_related("round")
        .order_by("-round__year")
    )
    trend = [(one.year, one.per_person) for one in footprints if one.is_verified]
    chart = None
    if len(trend) > 1:
        chart = line_chart(
            [Series(_("Footprint per person (verified)"), sorted(trend))],
            title=_("Footprint per person over the years"),
            description=_("Verified footprints of %(name)s, in gha per person.")
            % {"name": local_government.name},
            unit="gha / person",
            chart_id="footprint-trend",
        )
    return render(
        request,
        "sustainability/footprints/footprint_list.html",
        {
            "lg": local_government,
            "footprints": footprints,
            "chart": chart,
            "can_report": permissions.can_report_footprint(request.user, local_government),
            "rounds": CongressRound.objects.exists(),
        },
    )


def footprint_detail(request, code: str, pk: int):
    local_government, footprint = _footprint_or_404(request, code, pk)
    biocapacity = footprint.round.biocapacity()
    charts = {}
    if footprint.by_category:
        charts["by_category"] = _per_person_chart(
            footprint.categories(),
            footprint,
            chart_id="by-category",
            title=_("By consumption category"),
        )
    if footprint.by_land_type:
        charts["by_land_type"] = _per_person_chart(
            footprint.land_types(), footprint, chart_id="by-land-type", title=_("By land type")
        )
    comparison = None
    if biocapacity:
        comparison = bar_chart(
            [local_government.name, _("World biocapacity per person")],
            [footprint.per_person, biocapacity.per_person],
            title=_("Footprint against world biocapacity"),
            description=_("Global hectares per person."),
            unit="gha / person",
            chart_id="vs-biocapacity",
            number_format=lambda value: f"{value:.2f}",
        )
    return render(
        request,
        "sustainability/footprints/footprint.html",
        {
            "lg": local_government,
            "footprint": footprint,
            "biocapacity": biocapacity,
            "earths": footprint.per_person / biocapacity.per_person if biocapacity else None,
            "charts": charts,
            "comparison": comparison,
            "can_verify": permissions.can_verify_footprint(request.user, footprint),
            "can_withdraw": not footprint.is_verified
            and permissions.can_report_footprint(request.user, local_government),
            "can_view_document": permissions.can_view_document(request.user, footprint),
        },
    )


def _report(request, code: str, *, kind: str):
    local_government = visible_local_government_or_404(request.user, code)
    if not permissions.can_report_footprint(request.user, local_government):
        raise PermissionDenied
    form_class = StudyForm if kind == Footprint.Kind.STUDY else EstimateForm
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "local_government": local_government,
            "round": data["round"],
            "year": data["year"],
            "population": data["population"],
            "user": request.user,
        }
        try:
            if kind == Footprint.Kind.STUDY:
                footprint = services.footprint_report_study(
                    **common,
                    total=data["total"],
                    unit=data["unit"],
                    by_category=form.breakdown("category_", files.CATEGORIES),
                    by_land_type=form.breakdown("land_", files.LAND_TYPES),
                    parts_in=data["parts_in"],
                    method_name=data["method"],
                    source=data["source"],
                    document=data["document"],
                )
            else:
                footprint = services.footprint_report_estimate(
                    **common, factors=form.factors(), evidence=form.evidence()
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The footprint is reported; its office will verify it."))
            return redirect(footprint)
    return render(
        request,
        "sustainability/footprints/footprint_form.html",
        {"lg": local_government, "form": form, "kind": kind},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def footprint_study_new(request, code: str):
    return _report(request, code, kind=Footprint.Kind.STUDY)


@login_required
def footprint_estimate_new(request, code: str):
    return _report(request, code, kind=Footprint.Kind.ESTIMATE)


@login_required
@require_POST
def footprint_verify(request, code: str, pk: int):
    _local_government, footprint = _footprint_or_404(request, code, pk)
    try:
        services.footprint_verify(footprint=footprint, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The footprint is verified."))
    return redirect(footprint)


@login_required
@require_POST
def footprint_withdraw(request, code: str, pk: int):
    local_government, footprint = _footprint_or_404(request, code, pk)
    try:
        services.footprint_withdraw(footprint=footprint, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(footprint)
    messages.success(request, _("The footprint is withdrawn."))
    return redirect("footprints:list", code=local_government.code)


@login_required
def footprint_document(request, code: str, pk: int):
    _local_government, footprint = _footprint_or_404(request, code, pk)
    if not footprint.document or not permissions.can_view_document(request.user, footprint):
        raise Http404
    return FileResponse(footprint.document.open("rb"), as_attachment=True)


def footprints_download(request, code: str, file_format: str):
    if file_format not in FORMATS:
        raise Http404
    local_government = visible_local_government_or_404(request.user, code)
    footprints = permissions.footprints_visible_to(request.user).filter(
        local_government=local_government
    )
    response = _attachment(f"{local_government.code}-footprints", file_format)
    files.export_footprints(footprints.order_by("round__year"), format=file_format, target=response)
    return response


def _import_page(request, *, title: str, back: str, run, template_context: dict):
    form = FootprintFileForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            done = run(upload.read(), upload.name)
        except ImportFailed as failure:
            errors = failure.errors
        else:
            messages.success(request, _("%(count)s rows imported.") % {"count": len(done)})
            return redirect(back)
    return render(
        request,
        "sustainability/footprints/import.html",
        {"form": form, "errors": errors, "title": title, "back": back, **template_context},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def footprints_import(request, code: str):
    local_government = visible_local_government_or_404(request.user, code)
    if not permissions.can_report_footprint(request.user, local_government):
        raise PermissionDenied
    return _import_page(
        request,
        title=_("Import footprints of %(name)s") % {"name": local_government.name},
        back=reverse("footprints:list", args=[local_government.code]),
        run=lambda content, name: files.import_footprints(
            content, filename=name, local_government=local_government, user=request.user
        ),
        template_context={"lg": local_government, "kind": "footprints"},
    )


# Reference values


def references(request):
    return render(
        request,
        "sustainability/footprints/references.html",
        {
            "nationals": NationalFootprint.objects.select_related("country"),
            "biocapacities": Biocapacity.objects.all(),
            "rounds": CongressRound.objects.select_related("meeting"),
            "can_edit": permissions.can_edit_references(request.user),
        },
    )


def _reference_form(request, form_class, save, *, title: str):
    if not permissions.can_edit_references(request.user):
        raise PermissionDenied
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("footprints:references")
    return render(
        request,
        "sustainability/footprints/reference_form.html",
        {"form": form, "title": title},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def national_new(request):
    def save(form):
        data = form.cleaned_data
        services.national_footprint_save(
            country=data["country"],
            year=data["year"],
            by_category=form.breakdown("category_", files.CATEGORIES),
            by_land_type=form.breakdown("land_", files.LAND_TYPES),
            source=data["source"],
            source_url=data["source_url"],
            licence=data["licence"],
            is_illustrative=data["is_illustrative"],
            user=request.user,
        )

    return _reference_form(
        request, NationalFootprintForm, save, title=_("National footprint per person")
    )


@login_required
def biocapacity_new(request):
    def save(form):
        services.biocapacity_save(**form.cleaned_data, user=request.user)

    return _reference_form(request, BiocapacityForm, save, title=_("World biocapacity per person"))


@login_required
def round_new(request):
    def save(form):
        services.congress_round_save(**form.cleaned_data, user=request.user)

    return _reference_form(request, CongressRoundForm, save, title=_("World Congress round"))


def references_download(request, file_format: str):
    if file_format not in FORMATS:
        raise Http404
    response = _attachment("national-footprints", file_format)
    files.export_references(
        NationalFootprint.objects.order_by("country", "year"), format=file_format, target=response
    )
    return response


@login_required
def references_import(request):
    if not permissions.can_edit_references(request.user):
        raise PermissionDenied
    return _import_page(
        request,
        title=_("Import national footprints"),
        back=reverse("footprints:references"),
        run=lambda content, name: files.import_references(
            content, filename=name, user=request.user
        ),
        template_context={"kind": "references"},
    )


# The network's footprint


def _chosen_round(request) -> CongressRound | None:
    """The Congress asked for; by default the latest with a footprint counted
    (the next Congress's round, open for reports, has none yet)."""
    rounds = CongressRound.objects.order_by("-year")
    year = request.GET.get("congress")
    if year:
        if not year.isdigit() or len(year) > 4:
            raise Http404
        return get_object_or_404(rounds, year=int(year))
    counted = rounds.filter(
        footprints__status=Footprint.Status.VERIFIED,
        footprints__local_government__is_published=True,
    )
    return counted.first() or rounds.first()


def network_page(request):
    chosen = _chosen_round(request)
    return render(
        request,
        "sustainability/footprints/network.html",
        {
            "chosen": chosen,
            "choices": CongressRound.objects.order_by("-year"),
            **network.network_context(chosen),
        },
    )


def network_pdf(request):
    chosen = _chosen_round(request)
    if chosen is None:
        raise Http404
    response = HttpResponse(
        pdf.network_pdf(network.network_context(chosen)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="network-footprint-{chosen.year}.pdf"'
    return response


def network_download(request, file_format: str):
    if file_format not in FORMATS:
        raise Http404
    response = _attachment("network-footprint", file_format)
    files.export_network(network.trend(), format=file_format, target=response)
    return response
