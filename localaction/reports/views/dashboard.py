"""The public network dashboard, the provenance of its figures, and the published
annual reports.

Everything here is public and shows published data only (the engine,
reports/services.py, reads nothing else); generating a publication is the
secretariat's act.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from localaction.accounts.access import access_of
from localaction.background.progress import Progress
from localaction.core.aggregate import DEFAULT_WINDOW
from localaction.core.gwp import GWP_SETS, TITLES
from localaction.network.models import LocalGovernment
from localaction.report_sections import sections as report_sections
from localaction.reports.figures import (
    Preparing,
    Reports,
    population_band,
    scope_params,
    stated_rules,
)
from localaction.reports.models import NetworkReport
from localaction.reports.services import (
    BAND_NAMES,
    DEFAULT_GWP,
    LEVEL_NAMES,
    MAX_WINDOW,
    POPULATION_BANDS,
    ReportError,
    Scope,
)
from localaction.reports.tasks import issue_annual_report

MEMBERS_PAGE_SIZE = 50


class ScopeForm(forms.Form):
    """What a report covers. The form only shows the choices; `Reports.scope`,
    the one judge of a scope (the API's and the files' too), checks the values
    and its errors land on their fields."""

    year = forms.CharField(label=gettext_lazy("Report year"), required=False)
    gwp = forms.CharField(label=gettext_lazy("GWP set"), required=False)
    level = forms.CharField(label=gettext_lazy("Level"), required=False)
    window = forms.CharField(label=gettext_lazy("Window (years)"), required=False)
    region = forms.CharField(label=gettext_lazy("Region"), required=False)
    country = forms.CharField(label=gettext_lazy("Country"), required=False)
    campaign = forms.CharField(label=gettext_lazy("Campaign"), required=False)

    def __init__(self, data, *, reports: Reports, **kwargs) -> None:
        self.reports = reports
        self.default_year = reports.default_year()
        defaults = {
            "year": str(self.default_year),
            "gwp": DEFAULT_GWP,
            "level": LEVEL_NAMES[0][0],
            "window": str(DEFAULT_WINDOW),
        }
        given = {
            name: value for name, value in data.items() if value != "" and name in self.base_fields
        }
        super().__init__({**defaults, **given}, **kwargs)
        years = sorted({*reports.years(), timezone.localdate().year}, reverse=True)
        self.fields["year"].widget = forms.Select(choices=[(str(y), str(y)) for y in years])
        self.fields["gwp"].widget = forms.Select(
            choices=[(name, f"{name} — {TITLES[name]}") for name in GWP_SETS]
        )
        self.fields["level"].widget = forms.Select(choices=LEVEL_NAMES)
        self.fields["window"].widget = forms.NumberInput(attrs={"min": 0, "max": MAX_WINDOW})
        choices = reports.choices()
        everything = {
            "region": _("All regions"),
            "country": _("All countries"),
            "campaign": _("All campaigns"),
        }
        for name in ("region", "country", "campaign"):
            if name in self.fields:
                self.fields[name].widget = forms.Select(
                    choices=[("", everything[name])] + choices[name]
                )
        self.scope: Scope | None = None

    def clean(self):
        cleaned = super().clean()
        try:
            self.scope = self.reports.scope(self.data)
        except ReportError as error:
            self.refuse(error)
        return cleaned

    def refuse(self, error: ReportError) -> None:
        """The error on its field (the scope is then no more)."""
        self.scope = None
        self.add_error(error.field if error.field in self.fields else None, str(error))


class MembersForm(ScopeForm):
    """The scope, narrowed further by the breakdowns that have no scope field."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("All kinds")), *LocalGovernment.Kind.choices],
    )
    band = forms.ChoiceField(
        label=gettext_lazy("Inhabitants"),
        required=False,
        choices=[("", gettext_lazy("All sizes"))]
        + [(key, BAND_NAMES[key]) for key, _low, _high in POPULATION_BANDS]
        + [("unknown", BAND_NAMES["unknown"])],
    )


def _query(form: ScopeForm, **extra) -> str:
    """The page's query string without its page number, for links and pagination."""
    params = scope_params(form.scope, **extra) if form.scope else {}
    return urlencode(params)


def preparing_page(request, waiting: Preparing, *, form: ScopeForm | None = None):
    """The page for figures nobody asked for before: being prepared (202), or
    refused for a while when too many are (503); either says when to ask again."""
    response = render(
        request,
        "reports/preparing.html",
        {"form": form, "busy": waiting.busy, "retry_after": waiting.retry_after},
        status=503 if waiting.busy else 202,
    )
    response["Retry-After"] = str(waiting.retry_after)
    add_never_cache_headers(response)
    return response


def _fresh_or_not_kept(response, reports: Reports):
    """Figures older than the data are served, but not kept as the page of this
    version of the data (newer ones come without a change of the data's stamp)."""
    if reports.preparing:
        add_never_cache_headers(response)
    return response


def dashboard(request):
    reports = Reports.now()
    form = ScopeForm(request.GET, reports=reports)
    figures = None
    if form.is_valid():
        try:
            figures = reports.body_figures(form.scope)
        except Preparing as waiting:
            return preparing_page(request, waiting, form=form)
        except ReportError as error:
            form.refuse(error)
    reports.queue_recomputation()
    response = render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "scope": form.scope,
            "instruments": report_sections(),
            "body": figures.value if figures else "",
            "as_of": reports.as_of,
            "preparing": reports.preparing,
            "query": _query(form),
        },
    )
    return _fresh_or_not_kept(response, reports)


def members(request):
    reports = Reports.now()
    form = MembersForm(request.GET, reports=reports)
    report = None
    if form.is_valid():
        try:
            report = reports.report(form.scope)
        except Preparing as waiting:
            return preparing_page(request, waiting, form=None)
        except ReportError as error:
            form.refuse(error)
    if report is None:
        return render(request, "reports/members.html", {"form": form, "scope": None})
    reports.queue_recomputation()
    kind, band = form.cleaned_data["kind"], form.cleaned_data["band"]
    counted = [
        row
        for row in report.counted
        if (not kind or row.kind == kind) and (not band or population_band(row.population) == band)
    ]
    page = Paginator(counted, MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    country_names = dict(reports.choices()["country"])
    narrowing = {"kind": kind or None, "band": band or None}
    response = render(
        request,
        "reports/members.html",
        {
            "form": form,
            "scope": form.scope,
            "report": report,
            "page": page,
            "rows": [(row, country_names.get(row.country, row.country)) for row in page],
            "report_rules": stated_rules(form.scope),
            "members": len(counted),
            "population": sum(row.population or 0 for row in counted),
            "tco2e": sum(row.tco2e for row in counted),
            "kind": LocalGovernment.Kind(kind).label if kind else "",
            "band": BAND_NAMES.get(band, ""),
            "excluded": report.excluded,
            "query": _query(form, **narrowing),
            "scope_query": _query(form),
            "dashboard_url": f"{reverse('reports:dashboard')}?{_query(form)}",
        },
    )
    return _fresh_or_not_kept(response, reports)


def publications(request):
    return render(
        request,
        "reports/publications.html",
        {
            "publications": NetworkReport.objects.select_related("generated_by"),
            "can_publish": access_of(request.user).is_secretariat,
        },
    )


class PublicationForm(ScopeForm):
    """The annual report covers the whole network: its year and rules, no filters."""

    region = None
    country = None
    campaign = None


@login_required
def publication_new(request):
    if not access_of(request.user).is_secretariat:
        raise PermissionDenied
    reports = Reports.now()
    form = PublicationForm(request.POST if request.method == "POST" else {}, reports=reports)
    if request.method == "POST" and form.is_valid():
        # Computing the figures anew and rendering the PDF take a while: a task
        # does it, and the secretariat watches its progress.
        progress = Progress.create(
            label=_("Annual report %(year)s") % {"year": form.scope.year},
            owner=request.user.pk,
            next_url=reverse("reports:publications"),
        )
        issue_annual_report.enqueue(
            scope=scope_params(form.scope),
            user_id=request.user.pk,
            progress=progress.key,
            language=get_language(),
        )
        return redirect("background:progress", key=progress.key)
    return render(request, "reports/publication_form.html", {"form": form})


def publication_download(request, pk: int):
    publication = get_object_or_404(NetworkReport, pk=pk)
    if not publication.pdf:
        raise Http404
    return FileResponse(
        publication.pdf.open("rb"),
        content_type="application/pdf",
        filename=publication.filename,
    )
