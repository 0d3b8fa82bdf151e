"""Finance pages: the dashboard and its downloads, the fee schedule in force,
budgets and actuals (routed by `urls`, which finance/urls.py includes).

Thin views: each checks the reader's permission first (finance/dashboard.py
and finance/permissions.py say who reads and who keeps what), then calls
the figures or the services of finance/budgets.py.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from localaction import charts
from localaction.background.progress import Progress
from localaction.background.uploads import ImportFileForm, save_upload
from localaction.core.dues import AGEING_BUCKETS
from localaction.finance import permissions
from localaction.finance.ageing import CSV_COLUMNS as AGEING_COLUMNS
from localaction.finance.budgets import (
    actual_record,
    budget_create,
    budget_set_lines,
    compare,
    headings,
    import_actuals,
)
from localaction.finance.dashboard import (
    BUDGET_COLUMNS,
    DUES_COLUMNS,
    FUNDING_COLUMNS,
    PURPOSE_COLUMNS,
    Dashboard,
    may_read_finances,
    may_read_schedules,
    offices_readable_by,
)
from localaction.finance.dashboard import (
    dashboard as dashboard_figures,
)
from localaction.finance.models import (
    Actual,
    Budget,
    ExpenseCategory,
    FeeSchedule,
    Flow,
    IncomeGroup,
    IncomeSource,
)
from localaction.network.models import Office
from localaction.tables import CONTENT_TYPES, FORMATS, Sheet, write_table, write_workbook

CURRENCIES = ("EUR", "USD")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# The dashboard


class DashboardForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Membership year"), min_value=2000, max_value=2100)
    on = forms.DateField(
        label=gettext_lazy("Receivables on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    currency = forms.RegexField(
        label=gettext_lazy("Totals in"),
        regex=r"^[A-Z]{3}$",
        error_messages={"invalid": gettext_lazy("An ISO 4217 code, e.g. EUR.")},
    )

    def __init__(self, data, **kwargs) -> None:
        today = timezone.localdate()
        defaults = {"year": str(today.year), "on": today.isoformat(), "currency": "EUR"}
        given = {name: data[name] for name in defaults if data.get(name)}
        super().__init__({**defaults, **given}, **kwargs)


def _figures(request) -> tuple[DashboardForm, Dashboard | None]:
    _require(may_read_finances(request.user))
    form = DashboardForm(request.GET)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, dashboard_figures(
        request.user, year=data["year"], on=data["on"], currency=data["currency"]
    )


def _number(value: Decimal | None) -> float:
    # Chart coordinates only: the tables beside each chart carry the exact amounts.
    return float(value or 0)


def _charts(figures: Dashboard) -> dict[str, str]:
    """The dashboard's charts, each beside a table of the same figures."""
    result = {}
    currency = figures.currency
    if figures.dues_in_currency:
        result["outstanding"] = charts.bar_chart(
            [row.name for row in figures.dues_in_currency],
            [_number(row.outstanding) for row in figures.dues_in_currency],
            title=_("Dues outstanding by region, %(year)s") % {"year": figures.year},
            description=_("Dues of the membership year still unpaid, in %(currency)s.")
            % {"currency": currency},
            unit=currency,
            chart_id="finance-outstanding",
        )
        result["collection"] = charts.bar_chart(
            [row.name for row in figures.dues_in_currency],
            [_number(row.collection_rate) for row in figures.dues_in_currency],
            title=_("Collection rate by region, %(year)s") % {"year": figures.year},
            description=_("Dues collected as a percentage of dues invoiced."),
            unit="%",
            chart_id="finance-collection",
            number_format=lambda value: f"{value:.1f} %",
        )
    converted = figures.ageing.converted_total
    if converted is not None and converted.total:
        result["ageing"] = charts.bar_chart(
            [str(label) for label in _bucket_labels()],
            [_number(amount) for amount in converted.amounts()],
            title=_("Receivables by days past due"),
            description=_("What members owe on %(on)s, in %(currency)s, by days past due.")
            % {"on": figures.on.isoformat(), "currency": currency},
            unit=currency,
            chart_id="finance-ageing",
            horizontal=False,
        )
    if figures.funding is not None and sum(figures.funding.actual.values()):
        result["funding"] = charts.bar_chart(
            [str(label) for label in _funding_labels().values()],
            [_number(amount) for amount in figures.funding.actual.values()],
            title=_("Income by kind of funding, %(year)s") % {"year": figures.year},
            description=_("Actual income: core (dues), project (project funds and grants), other."),
            unit=currency,
            chart_id="finance-funding",
        )
    if figures.budgets and not figures.conversion_error:  # all in one currency
        result["budgets"] = charts.bar_chart(
            [comparison.office.name for comparison in figures.budgets],
            [_number(comparison.expense_actual) for comparison in figures.budgets],
            title=_("Actual expenses by office, %(year)s") % {"year": figures.year},
            description=_(
                "Expenses so far in %(currency)s; the table gives the budget beside them."
            )
            % {"currency": currency},
            unit=currency,
            chart_id="finance-budgets",
        )
    return result


def _bucket_labels() -> list[str]:
    labels = {
        "current": _("Not yet due"),
        "0-30": _("0–30 days"),
        "31-60": _("31–60 days"),
        "61-90": _("61–90 days"),
        "over-90": _("Over 90 days"),
    }
    return [labels[name] for name in AGEING_BUCKETS]


def _funding_labels() -> dict[str, str]:
    return {
        "core": _("Core funding (dues)"),
        "project": _("Project funding (project funds, grants)"),
        "other": _("Other income"),
    }


@login_required
def dashboard(request):
    form, figures = _figures(request)
    context = {"form": form, "figures": figures, "query": request.GET.urlencode()}
    if figures is not None:
        budgeted_share = actual_share = {}
        if figures.funding is not None:
            budgeted_share = figures.funding.share(figures.funding.budgeted)
            actual_share = figures.funding.share(figures.funding.actual)
        context.update(
            charts=_charts(figures),
            bucket_labels=_bucket_labels(),
            funding_rows=[
                (
                    label,
                    figures.funding.budgeted[kind],
                    budgeted_share[kind],
                    figures.funding.actual[kind],
                    actual_share[kind],
                )
                for kind, label in _funding_labels().items()
            ]
            if figures.funding
            else [],
            tables=DOWNLOADS,
        )
    return render(
        request,
        "finance/dashboard.html",
        context,
        status=200 if figures is not None else 400,
    )


DOWNLOADS = ("dues", "income", "ageing", "budgets", "funding")


def _rates_cell(rates) -> str:
    return "; ".join(str(rate) for rate in rates)


def _download_sheets(figures: Dashboard) -> dict[str, Sheet]:
    """Every table of the dashboard, as the files carry it; converted rows name their rates."""
    rates = _rates_cell(figures.rates)
    dues = [[*row.row(), ""] for row in [*figures.dues, *figures.dues_totals]]
    if figures.dues_total_in_currency is not None:
        dues += [[*row.row(), rates] for row in figures.dues_in_currency]
        dues.append([*figures.dues_total_in_currency.row(), rates])
    ageing = figures.ageing
    ageing_rows = [
        [*line.row(), ""]
        for line in [*ageing.totals, *ageing.regions, *ageing.offices, *ageing.members]
    ]
    if ageing.converted_total is not None:
        converted = [ageing.converted_total, *ageing.converted_regions, *ageing.converted_offices]
        ageing_rows += [[*line.row(), _rates_cell(ageing.rates)] for line in converted]
    budgets = [
        [*row, _rates_cell(comparison.rates)]
        for row, comparison in zip(figures.budget_rows(), figures.budgets, strict=True)
    ]
    funding = []
    if figures.funding is not None:
        funding = [[*row, figures.currency, rates] for row in figures.funding.rows()]
    return {
        "dues": Sheet("Dues", (*DUES_COLUMNS, "rates"), dues),
        "income": Sheet(
            "Income by purpose", PURPOSE_COLUMNS, [r.row() for r in figures.by_purpose]
        ),
        "ageing": Sheet("Ageing", (*AGEING_COLUMNS, "rates"), ageing_rows),
        "budgets": Sheet("Budget vs actual", (*BUDGET_COLUMNS, "rates"), budgets),
        "funding": Sheet("Funding", (*FUNDING_COLUMNS, "currency", "rates"), funding),
    }


@login_required
def dashboard_download(request, table: str, file_format: str):
    """One table of the dashboard as CSV, or XLSX (`table` "all": every table, a sheet each)."""
    if file_format not in FORMATS or table not in (*DOWNLOADS, "all"):
        raise Http404
    if table == "all" and file_format == "csv":  # one sheet per table: a workbook only
        raise Http404
    form, figures = _figures(request)
    if figures is None:
        return HttpResponse(
            "\n".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    sheets = _download_sheets(figures)
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    filename = f"finance-{table}-{figures.year}-{figures.on:%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if table == "all":
        write_workbook(list(sheets.values()), target=response)
    else:
        sheet = sheets[table]
        write_table(sheet.rows, columns=sheet.columns, format=file_format, target=response)
    return response


def _year(request) -> int:
    """The year a page is asked for (`?year=`), this year by default."""
    text = request.GET.get("year") or str(timezone.localdate().year)
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise BadRequest(_("A year is written with four digits, from 2000 to 2100."))
    return int(text)


# The fee schedule


@login_required
def schedule(request, pk: int | None = None):
    """The fee schedule as a table: bands × income groups, and the flat fees.

    Without `pk`: the schedule of the Association in force for the year asked
    (default this year), else the latest adopted, else the latest draft — each
    said as such."""
    _require(may_read_schedules(request.user))
    schedules = FeeSchedule.objects.select_related("office")
    if pk is not None:
        shown = get_object_or_404(schedules, pk=pk)
    else:
        year = _year(request)
        shown = (
            schedules.adopted().filter(office=None, year=year).first()
            or schedules.adopted().filter(office=None, year__lte=year).order_by("-year").first()
            or schedules.filter(office=None).order_by("-year").first()
        )
    rows = []
    groups = IncomeGroup.choices
    flat_fees = []
    if shown is not None:
        for band in shown.bands.order_by("lower").prefetch_related("fees"):
            fees = {fee.income_group: fee.amount for fee in band.fees.all()}
            rows.append((band, [fees.get(value) for value, _label in groups]))
        flat_fees = list(shown.flat_fees.select_related("category").order_by("category__name"))
    return render(
        request,
        "finance/schedule.html",
        {
            "schedule": shown,
            "groups": [label for _value, label in groups],
            "rows": rows,
            "flat_fees": flat_fees,
            "others": schedules.order_by("-year", "office__code"),
        },
    )


# Budgets


@login_required
def budget_list(request):
    _require(may_read_finances(request.user))
    offices = offices_readable_by(request.user)
    return render(
        request,
        "finance/budget_list.html",
        {
            "budgets": Budget.objects.filter(office__in=offices).select_related("office"),
            "offices": [
                (office, permissions.can_keep_budget(request.user, office)) for office in offices
            ],
            "can_create": any(permissions.can_keep_budget(request.user, o) for o in offices),
        },
    )


class BudgetForm(forms.ModelForm):
    class Meta:
        model = Budget
        fields = ["office", "year", "currency", "note"]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["office"].queryset = Office.objects.filter(
            pk__in=[o.pk for o in Office.objects.all() if permissions.can_keep_budget(user, o)]
        )
        self.fields["year"].initial = timezone.localdate().year
        self.fields["currency"].initial = "EUR"


@login_required
def budget_new(request):
    form = BudgetForm(request.POST or None, user=request.user)
    _require(form.fields["office"].queryset.exists())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            budget = budget_create(
                office=data["office"],
                year=data["year"],
                currency=data["currency"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("finance:budget-lines", pk=budget.pk)
    return render(
        request,
        "finance/budget_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _budget_or_403(request, pk: int) -> Budget:
    budget = get_object_or_404(Budget.objects.select_related("office"), pk=pk)
    _require(permissions.can_read_office_finances(request.user, budget.office))
    return budget


@login_required
def budget_detail(request, pk: int):
    budget = _budget_or_403(request, pk)
    comparison, error = None, ""
    try:
        comparison = compare(budget.office, budget.year)
    except ValidationError as refused:
        error = " ".join(refused.messages)
    return render(
        request,
        "finance/budget.html",
        {
            "budget": budget,
            "comparison": comparison,
            "error": error,
            "can_keep": permissions.can_keep_budget(request.user, budget.office),
        },
    )


class BudgetLinesForm(forms.Form):
    """One amount per income source and expense category; blank: no line."""

    def __init__(self, *args, budget: Budget, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.budget = budget
        current = {
            (line.flow, line.income_source or line.expense_category): line.amount.amount
            for line in budget.lines.all()
        }
        for flow, key, label in headings():
            self.fields[f"{flow}-{key}"] = forms.DecimalField(
                label=label,
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
                initial=current.get((flow, key)),
            )

    def amounts(self) -> dict[tuple[str, str], Decimal | None]:
        return {(flow, key): self.cleaned_data[f"{flow}-{key}"] for flow, key, _label in headings()}

    def income_fields(self):
        return [self[f"income-{key}"] for key in IncomeSource.values]

    def expense_fields(self):
        return [self[f"expense-{key}"] for key in ExpenseCategory.values]


@login_required
def budget_lines(request, pk: int):
    budget = _budget_or_403(request, pk)
    _require(permissions.can_keep_budget(request.user, budget.office))
    form = BudgetLinesForm(request.POST or None, budget=budget)
    if request.method == "POST" and form.is_valid():
        try:
            budget_set_lines(budget, amounts=form.amounts(), by=request.user)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                form.add_error(name if name in form.fields else None, messages)
        else:
            return redirect("finance:budget", pk=budget.pk)
    return render(
        request,
        "finance/budget_lines_form.html",
        {"budget": budget, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# Actuals


def _office_or_403(request, code: str, *, keep: bool = False) -> Office:
    office = get_object_or_404(Office, code=code)
    if keep:
        _require(permissions.can_keep_budget(request.user, office))
    else:
        _require(permissions.can_read_office_finances(request.user, office))
    return office


@login_required
def actual_list(request, office: str):
    chosen = _office_or_403(request, office)
    year = _year(request)
    actuals = Actual.objects.filter(office=chosen, on__year=year).select_related("entered_by")
    years = sorted(
        {day.year for day in Actual.objects.filter(office=chosen).dates("on", "year")} | {year},
        reverse=True,
    )
    return render(
        request,
        "finance/actual_list.html",
        {
            "office": chosen,
            "year": year,
            "years": years,
            "actuals": actuals,
            "can_keep": permissions.can_keep_budget(request.user, chosen),
        },
    )


class ActualForm(forms.ModelForm):
    class Meta:
        model = Actual
        fields = [
            "on",
            "flow",
            "income_source",
            "expense_category",
            "amount",
            "reference",
            "description",
        ]
        widgets = {"on": forms.DateInput(attrs={"type": "date"})}


@login_required
def actual_new(request, office: str):
    chosen = _office_or_403(request, office, keep=True)
    form = ActualForm(
        request.POST or None, initial={"on": timezone.localdate(), "flow": Flow.INCOME}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actual_record(
                office=chosen,
                on=data["on"],
                flow=data["flow"],
                income_source=data["income_source"],
                expense_category=data["expense_category"],
                amount=data["amount"],
                reference=data["reference"],
                description=data["description"],
                by=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, messages in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, messages)
            else:
                form.add_error(None, error)
        else:
            return redirect(
                f"{reverse('finance:actuals', args=[chosen.code])}?year={data['on'].year}"
            )
    return render(
        request,
        "finance/actual_form.html",
        {"office": chosen, "form": form},
        status=400 if request.method == "POST" else 200,
    )


class ActualsFileForm(ImportFileForm):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV (UTF-8) or XLSX with the columns of the format."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


@login_required
def actuals_import_page(request, office: str):
    """Saved for a worker, imported by a task whose progress the person watches."""
    chosen = _office_or_403(request, office, keep=True)
    form = ActualsFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        progress = Progress.create(
            label=_("Import actuals of %(office)s") % {"office": chosen.name},
            owner=request.user.pk,
            next_url=reverse("finance:actuals", args=[chosen.code]),
        )
        import_actuals.enqueue(
            office=chosen.pk,
            upload=save_upload(upload),
            filename=upload.name,
            importer=request.user.pk,
            progress=progress.key,
            language=get_language(),
        )
        return redirect("background:progress", key=progress.key)
    return render(
        request,
        "finance/actual_import.html",
        {"office": chosen, "form": form},
        status=400 if request.method == "POST" else 200,
    )


urls: list[URLPattern] = [
    path("finance/", dashboard, name="dashboard"),
    path(
        "finance/dashboard/<slug:table>.<str:file_format>",
        dashboard_download,
        name="dashboard-download",
    ),
    path("finance/schedule/", schedule, name="schedule"),
    path("finance/schedules/<int:pk>/", schedule, name="schedule-detail"),
    path("finance/budgets/", budget_list, name="budgets"),
    path("finance/budgets/new/", budget_new, name="budget-new"),
    path("finance/budgets/<int:pk>/", budget_detail, name="budget"),
    path("finance/budgets/<int:pk>/lines/", budget_lines, name="budget-lines"),
    path("finance/offices/<slug:office>/actuals/", actual_list, name="actuals"),
    path("finance/offices/<slug:office>/actuals/new/", actual_new, name="actual-new"),
    path(
        "finance/offices/<slug:office>/actuals/import/",
        actuals_import_page,
        name="actuals-import",
    ),
]
