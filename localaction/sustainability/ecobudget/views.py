"""A member's ecoBUDGET pages: its budgets, the master budget and the balance as
the council reads them, the steps of the cycle, charts, PDF and files.

Thin views: each finds the member and budget the person may see
(permissions.py), lets the services change anything, and renders.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localaction.campaigns.permissions import actions_visible_to
from localaction.charts import Series, line_chart
from localaction.core.ecobudget import Value
from localaction.network.models import LocalGovernment
from localaction.network.permissions import visible_local_government_or_404
from localaction.sustainability.ecobudget import files, services
from localaction.sustainability.ecobudget.forms import (
    AdoptionForm,
    BalanceForm,
    BudgetFileForm,
    BudgetForm,
    LineForm,
    MeasureForm,
    MidYearReportForm,
    OwnIndicatorForm,
)
from localaction.sustainability.ecobudget.models import EcoBudget, EcoIndicator, EcoMeasure
from localaction.sustainability.ecobudget.pdf import statement_pdf
from localaction.sustainability.ecobudget.permissions import (
    budgets_visible_to,
    can_edit_budgets,
    can_view_budget,
    shows_actuals,
)
from localaction.tables import CONTENT_TYPES, FORMATS, ImportFailed

KINDS = ("budget", "balance")


def _budget(request, code: str, year: int) -> EcoBudget:
    """The member's budget of `year`, or 404 for those who may not see it."""
    local_government = visible_local_government_or_404(request.user, code)
    budget = get_object_or_404(
        EcoBudget.objects.select_related("local_government__country__region"),
        local_government=local_government,
        year=year,
    )
    if not can_view_budget(request.user, budget):
        raise Http404
    return budget


def _editable_budget(request, code: str, year: int) -> EcoBudget:
    budget = _budget(request, code, year)
    if not can_edit_budgets(request.user, budget.local_government):
        raise PermissionDenied
    return budget


def _editable_member(request, code: str) -> LocalGovernment:
    local_government = visible_local_government_or_404(request.user, code)
    if not can_edit_budgets(request.user, local_government):
        raise PermissionDenied
    return local_government


def _refusal(form, error: ValidationError) -> None:
    """A service's refusal shown on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def _number(value: float | None) -> str:
    return "—" if value is None else number_format(round(value, 3), force_grouping=True)


def indicator_charts(budgets: list[EcoBudget], user) -> list[dict]:
    """One line chart per indicator over the budget years: target and actual."""
    series: dict[int, dict] = {}
    for budget in sorted(budgets, key=lambda one: one.year):
        with_actuals = shows_actuals(user, budget)
        for line in budget.lines.all():
            entry = series.setdefault(
                line.indicator_id,
                {"indicator": line.indicator, "targets": [], "actuals": [], "rows": []},
            )
            if line.target is not None:
                entry["targets"].append((budget.year, line.target))
            actual = line.actual if with_actuals else None
            if actual is not None:
                entry["actuals"].append((budget.year, actual))
            entry["rows"].append({"year": budget.year, "target": line.target, "actual": actual})
    charts = []
    for entry in series.values():
        indicator = entry["indicator"]
        if len(entry["rows"]) < 2:
            continue
        description = "; ".join(
            _("%(year)s: target %(target)s, actual %(actual)s")
            % {
                "year": row["year"],
                "target": _number(row["target"]),
                "actual": _number(row["actual"]),
            }
            for row in entry["rows"]
        )
        charts.append(
            {
                "indicator": indicator,
                "rows": entry["rows"],
                "svg": line_chart(
                    [
                        Series(_("Target"), entry["targets"], style="dashed"),
                        Series(_("Actual"), entry["actuals"], style="line"),
                    ],
                    title=_("%(name)s: target and actual by year") % {"name": indicator.name},
                    description=f"{indicator.unit}. {description}",
                    unit=indicator.unit,
                    chart_id=f"ecobudget-{indicator.code}",
                ),
            }
        )
    return charts


def budgets(request, code: str):
    """The member's budgets, newest first, with each indicator's chart over the years."""
    local_government = visible_local_government_or_404(request.user, code)
    can_edit = can_edit_budgets(request.user, local_government)
    form = BudgetForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                budget = services.budget_create(
                    local_government=local_government,
                    year=form.cleaned_data["year"],
                    notes=form.cleaned_data["notes"],
                )
            except ValidationError as error:
                _refusal(form, error)
            else:
                return redirect(budget.get_absolute_url())
    shown = list(
        budgets_visible_to(request.user)
        .filter(local_government=local_government)
        .prefetch_related("lines__indicator")
        .order_by("-year")
    )
    return render(
        request,
        "sustainability/ecobudget/budgets.html",
        {
            "lg": local_government,
            "budgets": shown,
            "charts": indicator_charts(shown, request.user),
            "can_edit": can_edit,
            "form": form,
            "indicator_form": OwnIndicatorForm() if can_edit else None,
            "own_indicators": EcoIndicator.objects.filter(local_government=local_government),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def indicator_new(request, code: str):
    """A member's own indicator."""
    local_government = _editable_member(request, code)
    form = OwnIndicatorForm(request.POST or None)
    if request.method == "POST":
        form.instance.local_government = local_government
        if form.is_valid():
            form.save()
            return redirect("ecobudget:budgets", code=local_government.code)
    return render(
        request,
        "sustainability/ecobudget/indicator_form.html",
        {"lg": local_government, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _statement_context(request, budget: EcoBudget, *, kind: str) -> dict:
    with_actuals = kind == "balance" and shows_actuals(request.user, budget)
    statement = services.statement(budget, with_actuals=with_actuals)
    return {
        "lg": budget.local_government,
        "budget": budget,
        "statement": statement,
        "kind": kind,
        "can_edit": can_edit_budgets(request.user, budget.local_government),
        "with_actuals": with_actuals,
    }


def budget(request, code: str, year: int):
    """The master budget; for editors of a draft, the form to add or change indicators."""
    budget = _budget(request, code, year)
    context = _statement_context(request, budget, kind="budget")
    line_form = None
    if request.method == "POST":
        budget = _editable_budget(request, code, year)
        line_form = LineForm(request.POST, local_government=budget.local_government)
        if line_form.is_valid():
            data = line_form.cleaned_data
            unit = data["unit"] or data["indicator"].unit

            def value(name: str) -> Value | None:
                return None if data[name] is None else Value(data[name], unit)

            try:
                services.budget_set_line(
                    budget=budget,
                    indicator=data["indicator"],
                    reference=value("reference"),
                    reference_year=data["reference_year"],
                    previous=value("previous"),
                    target=value("target"),
                    long_term_target=value("long_term_target"),
                    long_term_year=data["long_term_year"],
                    comment=data["comment"],
                )
            except ValidationError as error:
                _refusal(line_form, error)
            else:
                return redirect(budget.get_absolute_url())
    elif context["can_edit"] and budget.status == EcoBudget.Status.DRAFT:
        line_form = LineForm(local_government=budget.local_government)
    measures = EcoMeasure.objects.filter(line__budget=budget).select_related(
        "action", "line__indicator"
    )
    visible_actions = actions_visible_to(request.user).filter(
        local_government=budget.local_government
    )
    shown_actions = set(visible_actions.values_list("pk", flat=True))
    context.update(
        {
            "line_form": line_form,
            "measures": [one for one in measures if one.action_id in shown_actions],
            "measure_form": MeasureForm(
                budget=budget,
                actions=visible_actions,
            )
            if context["can_edit"] and budget.lines.exists()
            else None,
            "reports": budget.reports.prefetch_related("values__line__indicator")
            if context["can_edit"] or shows_actuals(request.user, budget)
            else [],
            "may_report": context["can_edit"]
            and budget.status in (EcoBudget.Status.ADOPTED, EcoBudget.Status.BALANCE),
            "next_exists": EcoBudget.objects.filter(
                local_government=budget.local_government, year=budget.year + 1
            ).exists(),
        }
    )
    return render(
        request,
        "sustainability/ecobudget/budget.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def line_remove(request, code: str, year: int, indicator: str):
    budget = _editable_budget(request, code, year)
    line = get_object_or_404(budget.lines.select_related("indicator"), indicator__code=indicator)
    try:
        services.budget_remove_line(budget=budget, indicator=line.indicator)
    except ValidationError:
        raise PermissionDenied from None
    return redirect(budget.get_absolute_url())


def _adoption(request, code: str, year: int, *, kind: str):
    budget = _editable_budget(request, code, year)
    form = AdoptionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        adopt = services.budget_adopt if kind == "budget" else services.balance_adopt
        try:
            adopt(
                budget=budget,
                adopted_on=data["adopted_on"],
                decision=data["decision"],
                document=data["document"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                renamed = {
                    field.removeprefix("balance_"): messages
                    for field, messages in error.message_dict.items()
                }
                error = ValidationError(renamed)
            _refusal(form, error)
        else:
            target = "ecobudget:budget" if kind == "budget" else "ecobudget:balance"
            return redirect(target, code=code, year=year)
    return render(
        request,
        "sustainability/ecobudget/adopt.html",
        {"lg": budget.local_government, "budget": budget, "kind": kind, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def budget_adopt(request, code: str, year: int):
    """The council's first ratification: the master budget."""
    return _adoption(request, code, year, kind="budget")


@login_required
def balance_adopt(request, code: str, year: int):
    """The council's second ratification: the balance."""
    return _adoption(request, code, year, kind="balance")


def balance(request, code: str, year: int):
    """The budget balance: actual values against targets, surplus or deficit."""
    budget = _budget(request, code, year)
    return render(
        request,
        "sustainability/ecobudget/balance.html",
        _statement_context(request, budget, kind="balance"),
    )


@login_required
def balance_edit(request, code: str, year: int):
    """Actual values of a budget the council adopted (those the platform keeps
    elsewhere are read from there)."""
    budget = _editable_budget(request, code, year)
    lines = list(budget.lines.select_related("indicator"))
    form = BalanceForm(request.POST or None, lines=lines)
    if request.method == "POST" and form.is_valid():
        actuals = {
            code: None if value is None else Value(value)
            for code, value in form.cleaned_data.items()
        }
        try:
            services.balance_enter(budget=budget, actuals=actuals)
        except ValidationError as error:
            _refusal(form, error)
        else:
            return redirect("ecobudget:balance", code=code, year=year)
    elif request.method == "GET":
        try:
            services.check_balance_open(budget)
        except ValidationError as error:
            form.add_error(None, error.messages)
    return render(
        request,
        "sustainability/ecobudget/balance_form.html",
        {"lg": budget.local_government, "budget": budget, "form": form, "lines": lines},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def next_year(request, code: str, year: int):
    """The next year's draft, starting from this year's adopted balance."""
    budget = _editable_budget(request, code, year)
    try:
        following = services.budget_next_year(budget=budget)
    except ValidationError as error:
        return render(
            request,
            "sustainability/ecobudget/refused.html",
            {"lg": budget.local_government, "budget": budget, "messages_": error.messages},
            status=400,
        )
    return redirect(following.get_absolute_url())


@login_required
def report_new(request, code: str, year: int):
    """A mid-year report with interim values."""
    budget = _editable_budget(request, code, year)
    lines = list(budget.lines.select_related("indicator"))
    form = MidYearReportForm(request.POST or None, lines=lines)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {
            code: Value(data[name]) for name, code in form.codes if data.get(name) is not None
        }
        try:
            services.mid_year_report_add(
                budget=budget, reported_on=data["reported_on"], text=data["text"], values=values
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                error = ValidationError(
                    {
                        (
                            f"interim_{field}" if f"interim_{field}" in form.fields else field
                        ): messages
                        for field, messages in error.message_dict.items()
                    }
                )
            _refusal(form, error)
        else:
            return redirect(budget.get_absolute_url())
    return render(
        request,
        "sustainability/ecobudget/report_form.html",
        {"lg": budget.local_government, "budget": budget, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def measure_add(request, code: str, year: int):
    """Link an action of the member's to an indicator of the budget."""
    budget = _editable_budget(request, code, year)
    form = MeasureForm(
        request.POST,
        budget=budget,
        actions=actions_visible_to(request.user).filter(local_government=budget.local_government),
    )
    if form.is_valid():
        try:
            services.measure_link(
                line=form.cleaned_data["line"], action=form.cleaned_data["action"]
            )
        except ValidationError as error:
            _refusal(form, error)
    if form.errors:
        return render(
            request,
            "sustainability/ecobudget/refused.html",
            {
                "lg": budget.local_government,
                "budget": budget,
                "messages_": [error for errors in form.errors.values() for error in errors],
            },
            status=400,
        )
    return redirect(budget.get_absolute_url())


def document(request, code: str, year: int, kind: str):
    """The council's decision on the budget or on the balance."""
    budget = _budget(request, code, year)
    if kind not in KINDS:
        raise Http404
    stored = budget.document if kind == "budget" else budget.balance_document
    if (
        kind == "balance"
        and not budget.balance_is_adopted
        and not shows_actuals(request.user, budget)
    ):
        raise Http404
    if not stored:
        raise Http404
    try:
        opened = stored.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(opened, as_attachment=True, filename=Path(stored.name).name)


def pdf(request, code: str, year: int, kind: str):
    """The master budget or the balance as a PDF for the council."""
    if kind not in KINDS:
        raise Http404
    budget = _budget(request, code, year)
    context = _statement_context(request, budget, kind=kind)
    response = HttpResponse(
        statement_pdf(context["statement"], kind=kind), content_type=CONTENT_TYPES["pdf"]
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{budget.local_government.code}-ecobudget-{year}-{kind}.pdf"'
    )
    return response


def download(request, code: str, year: int, kind: str, file_format: str):
    """The master budget or the balance as CSV or XLSX (docs/formats/ecobudget.md)."""
    if kind not in KINDS or file_format not in FORMATS:
        raise Http404
    budget = _budget(request, code, year)
    statement = _statement_context(request, budget, kind=kind)["statement"]
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    filename = f"{budget.local_government.code}-ecobudget-{year}-{kind}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    export = files.export_budget if kind == "budget" else files.export_balance
    export(statement, format=file_format, target=response)
    return response


@login_required
def file_import(request, code: str, year: int, kind: str):
    """A master budget (draft) or a balance (adopted budget) from a file: whole or not at all."""
    if kind not in KINDS:
        raise Http404
    budget = _editable_budget(request, code, year)
    form = BudgetFileForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        read = files.import_budget if kind == "budget" else files.import_balance
        try:
            read(budget, upload.read(), filename=upload.name)
        except ImportFailed as failed:
            problems = failed.errors
        else:
            target = "ecobudget:budget" if kind == "budget" else "ecobudget:balance"
            return redirect(target, code=code, year=year)
    return render(
        request,
        "sustainability/ecobudget/import.html",
        {
            "lg": budget.local_government,
            "budget": budget,
            "kind": kind,
            "form": form,
            "problems": problems,
        },
        status=400 if request.method == "POST" else 200,
    )
