"""Pages of a member's climate action: its campaigns and milestones, the BAU
forecast, targets with their progress, local action plans and actions.

Who may see or change what is `permissions`' call; the figures are `services`'.
Something one may not see is a 404; a change one may not make a 403, and
nothing changes. Figures count only the inventories the reader may count
(`permissions.inventories_for_figures`), so an unpublished inventory never
shows through a public target.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localaction import charts
from localaction.campaigns.forms import ActionForm, ActionPlanForm, ForecastForm, TargetForm
from localaction.campaigns.models import Action, ActionPlan, Forecast, Target
from localaction.campaigns.permissions import (
    action_plans_visible_to,
    actions_visible_to,
    can_edit_commitments,
    can_view_commitment,
    can_view_forecast,
    inventories_for_figures,
    targets_visible_to,
)
from localaction.campaigns.services import (
    Coverage,
    TargetFigures,
    emissions_by_sector_t,
    latest_forecast,
    milestone_states,
    target_figures,
)
from localaction.core import gpc
from localaction.core.forecast import LAST_YEAR
from localaction.core.gwp import GWPError
from localaction.core.targets import Progress
from localaction.inventories.gpc_names import gpc_name
from localaction.network.models import LocalGovernment
from localaction.network.permissions import visible_local_government_or_404

PROGRESS = {
    Progress.ON_TRACK: gettext_lazy("On track"),
    Progress.OFF_TRACK: gettext_lazy("Off track"),
}
# The forecast's summary years: the horizon of many targets, and mid-century.
SUMMARY_YEARS = (2030, LAST_YEAR)


def _editable_member(request, code: str) -> LocalGovernment:
    local_government = visible_local_government_or_404(request.user, code)
    if not can_edit_commitments(request.user, local_government):
        raise PermissionDenied
    return local_government


def _visible(request, model: type[models.Model], code: str, pk: int):
    """A target, plan or action of the member, or 404 for those who may not see it."""
    commitment = get_object_or_404(
        model.objects.select_related("local_government__country__region"),
        local_government__code=code,
        pk=pk,
    )
    if not can_view_commitment(request.user, commitment):
        raise Http404
    return commitment


def _editable(request, model: type[models.Model], code: str, pk: int):
    commitment = _visible(request, model, code, pk)
    if not can_edit_commitments(request.user, commitment.local_government):
        raise PermissionDenied
    return commitment


def _t(value: float) -> str:
    """Tonnes for a chart's description, rounded for reading."""
    return number_format(round(value), force_grouping=True)


def _unit() -> str:
    return _("t CO2e")


# The overview


def overview(request, code: str):
    local_government = visible_local_government_or_404(request.user, code)
    user = request.user
    counting = inventories_for_figures(user, local_government)
    participations = list(
        local_government.participations.select_related("campaign__methodology").order_by(
            "campaign__name"
        )
    )
    states = milestone_states(participations)
    campaigns = [
        {
            "participation": participation,
            "states": states[participation.pk],
            "achieved": sum(state.is_achieved for state in states[participation.pk]),
        }
        for participation in participations
    ]
    targets = (
        targets_visible_to(user)
        .filter(local_government=local_government)
        .select_related("campaign", "local_government")
    )
    actions = list(
        actions_visible_to(user)
        .filter(local_government=local_government)
        .select_related("plan", "campaign", "target")
    )
    plans = list(
        action_plans_visible_to(user)
        .filter(local_government=local_government)
        .select_related("campaign")
    )
    for plan in plans:
        plan.visible_actions = sum(action.plan_id == plan.pk for action in actions)
    show_forecast = can_view_forecast(user, local_government)
    forecast, problem = (
        _latest_forecast(local_government, counting) if show_forecast else (None, "")
    )
    return render(
        request,
        "campaigns/commitments.html",
        {
            "lg": local_government,
            "campaigns": campaigns,
            "targets": [target_figures(target, counting) for target in targets],
            "plans": plans,
            "actions": actions,
            "show_forecast": show_forecast,
            "forecast": forecast,
            "forecast_problem": problem,
            "forecast_base_t": forecast.total_t(forecast.base_year) if forecast else None,
            "forecast_years": [
                (year, forecast.total_t(year))
                for year in SUMMARY_YEARS
                if year > forecast.base_year
            ]
            if forecast
            else [],
            "can_edit": can_edit_commitments(user, local_government),
            "progress_labels": PROGRESS,
        },
    )


def _latest_forecast(local_government: LocalGovernment, counting):
    """The BAU forecast (BASIC, AR6) from the latest counting inventory, and why
    there is none."""
    try:
        forecast = latest_forecast(local_government, counting)
    except GWPError as error:
        return None, str(error)
    if forecast is None:
        return None, _("No inventory counts yet: the forecast starts from the latest one.")
    return forecast, ""


# The forecast


def forecast(request, code: str):
    local_government = visible_local_government_or_404(request.user, code)
    user = request.user
    if not can_view_forecast(user, local_government):
        raise Http404
    can_edit = can_edit_commitments(user, local_government)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    # The page draws the forecast as saved: figures first, before a form
    # changes a copy of the assumptions in memory.
    figures = _forecast_figures(local_government, inventories_for_figures(user, local_government))
    form = None
    if can_edit:
        saved = Forecast.objects.filter(local_government=local_government).first()
        form = ForecastForm(
            request.POST if request.method == "POST" else None,
            instance=saved or Forecast(local_government=local_government),
        )
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("The forecast's growth rates are saved."))
            return redirect("campaigns:forecast", local_government.code)
    return render(
        request,
        "campaigns/forecast.html",
        {"lg": local_government, "form": form, "can_edit": can_edit, **figures},
    )


def _forecast_figures(local_government: LocalGovernment, counting) -> dict:
    forecast, problem = _latest_forecast(local_government, counting)
    try:
        saved = local_government.forecast
    except Forecast.DoesNotExist:
        saved = None
    figures = {
        "forecast": forecast,
        "problem": problem,
        "saved": saved,
        "population_growth": local_government.population_growth_percent,
    }
    if forecast is None:
        return figures
    years = dict(counting.values_list("pk", "year"))
    try:
        emissions = emissions_by_sector_t(years, Coverage())
    except GWPError:
        # An older inventory with a gas the GWP set lacks: the forecast stands alone.
        emissions = {}
    past = sorted((years[pk], sum(sectors.values())) for pk, sectors in emissions.items())
    names = {sector.ref: gpc_name(sector) for sector in gpc.SECTORS}
    sectors = [
        {
            "ref": ref,
            "name": names.get(ref, ref),
            "base_t": tonnes,
            "rate": forecast.rate_percent(ref),
            "own_rate": ref in forecast.growth_percent,
            "later_t": [forecast.sector_t(year)[ref] for year in SUMMARY_YEARS],
        }
        for ref, tonnes in sorted(
            forecast.base_t.items(), key=lambda item: list(names).index(item[0])
        )
    ]
    by_year = dict(past)
    shown = sorted(
        set(by_year)
        | {forecast.base_year, LAST_YEAR}
        | set(range(forecast.base_year - forecast.base_year % 5 + 5, LAST_YEAR, 5))
    )
    rows = [
        {
            "year": year,
            "inventory_t": by_year.get(year),
            "bau_t": forecast.total_t(year) if year >= forecast.base_year else None,
        }
        for year in shown
    ]
    title = _("Business-as-usual forecast to %(year)s") % {"year": LAST_YEAR}
    description = "; ".join(
        [
            _("Inventories: %(points)s")
            % {"points": ", ".join(f"{year} {_t(t)} {_unit()}" for year, t in past)},
            _("forecast from %(year)s: %(points)s")
            % {
                "year": forecast.base_year,
                "points": ", ".join(
                    f"{year} {_t(forecast.total_t(year))} {_unit()}" for year in SUMMARY_YEARS
                ),
            },
        ]
    )
    figures.update(
        sectors=sectors,
        summary_years=SUMMARY_YEARS,
        rows=rows,
        chart_title=title,
        chart=charts.line_chart(
            [
                charts.Series(_("Inventories"), past, style="markers"),
                charts.Series(_("BAU forecast"), forecast.series_t()),
            ],
            title=title,
            description=description,
            unit=_unit(),
            chart_id="forecast",
        ),
    )
    return figures


# Targets


def target(request, code: str, pk: int):
    target = _visible(request, Target, code, pk)
    local_government = target.local_government
    user = request.user
    figures = target_figures(target, inventories_for_figures(user, local_government))
    return render(
        request,
        "campaigns/target.html",
        {
            "lg": local_government,
            "target": target,
            "figures": figures,
            "rows": _progress_rows(figures),
            "chart": _progress_chart(figures),
            "actions": actions_visible_to(user).filter(target=target),
            "can_edit": can_edit_commitments(user, local_government),
        },
    )


def _progress_rows(figures: TargetFigures) -> list[dict]:
    """The chart's figures by year: inventories, BAU, the trajectory, on or off track."""
    target = figures.target
    if not target.is_ghg:
        return []
    inventories = dict(figures.inventories_t)
    status = {year: state for year, _t, state in figures.progress}
    forecast = figures.forecast
    rows = []
    for year in sorted(set(inventories) | {target.base_year, target.target_year}):
        on_line = target.base_year <= year <= target.target_year
        rows.append(
            {
                "year": year,
                "inventory_t": inventories.get(year),
                "bau_t": forecast.total_t(year)
                if forecast and year >= forecast.base_year
                else None,
                "trajectory_t": figures.trajectory_t(year) if on_line else None,
                "status": status.get(year, ""),
                "status_label": PROGRESS.get(status.get(year), ""),
                "is_target": year == target.target_year,
            }
        )
    return rows


def _progress_chart(figures: TargetFigures) -> str:
    target = figures.target
    if not target.is_ghg or not (figures.inventories_t or figures.target_t is not None):
        return ""
    series = [charts.Series(_("Inventories"), figures.inventories_t, style="markers")]
    forecast = figures.forecast
    if forecast is not None:
        until = max(target.target_year, forecast.base_year)
        series.append(charts.Series(_("BAU forecast"), forecast.series_t(until)))
    parts = [
        _("Inventories: %(points)s")
        % {"points": ", ".join(f"{y} {_t(t)} {_unit()}" for y, t in figures.inventories_t)}
    ]
    if figures.bau_t is not None:
        parts.append(
            _("BAU in %(year)s: %(t)s %(unit)s")
            % {"year": target.target_year, "t": _t(figures.bau_t), "unit": _unit()}
        )
    if figures.base_t is not None and figures.target_t is not None:
        series.append(
            charts.Series(
                _("Trajectory"),
                [(target.base_year, figures.base_t), (target.target_year, figures.target_t)],
                style="dashed",
            )
        )
    if figures.target_t is not None:
        series.append(
            charts.Series(_("Target"), [(target.target_year, figures.target_t)], style="markers")
        )
        parts.append(
            _("target in %(year)s: %(t)s %(unit)s")
            % {"year": target.target_year, "t": _t(figures.target_t), "unit": _unit()}
        )
    title = _("Progress towards %(title)s") % {"title": target.title}
    return charts.line_chart(
        series, title=title, description="; ".join(parts), unit=_unit(), chart_id="progress"
    )


@login_required
def target_new(request, code: str):
    local_government = _editable_member(request, code)
    return _target_form(request, Target(local_government=local_government))


@login_required
def target_edit(request, code: str, pk: int):
    return _target_form(request, _editable(request, Target, code, pk))


def _target_form(request, target: Target):
    form = TargetForm(request.POST if request.method == "POST" else None, instance=target)
    if request.method == "POST" and form.is_valid():
        target = form.save()
        messages.success(request, _("The target “%(title)s” is saved.") % {"title": target})
        return redirect(target)
    return render(
        request,
        "campaigns/target_form.html",
        {"lg": target.local_government, "form": form, "target": target},
    )


@login_required
def target_delete(request, code: str, pk: int):
    target = _editable(request, Target, code, pk)
    return _delete(
        request,
        target,
        consequence=_("Actions serving it stay, without a target."),
        cancel=target.get_absolute_url(),
    )


def _delete(request, commitment, *, consequence: str, cancel: str):
    """A confirmation page on GET; the deletion on POST only."""
    local_government = commitment.local_government
    if request.method == "POST":
        commitment.delete()
        messages.success(request, _("“%(title)s” is deleted.") % {"title": commitment})
        return redirect("campaigns:commitments", local_government.code)
    return render(
        request,
        "campaigns/confirm_delete.html",
        {
            "lg": local_government,
            "object": commitment,
            "kind": commitment._meta.verbose_name,
            "consequence": consequence,
            "cancel": cancel,
        },
    )


# Local action plans


def action_plan(request, code: str, pk: int):
    plan = _visible(request, ActionPlan, code, pk)
    user = request.user
    return render(
        request,
        "campaigns/action_plan.html",
        {
            "lg": plan.local_government,
            "plan": plan,
            "actions": actions_visible_to(user).filter(plan=plan).select_related("target"),
            "can_edit": can_edit_commitments(user, plan.local_government),
        },
    )


def action_plan_document(request, code: str, pk: int):
    plan = _visible(request, ActionPlan, code, pk)
    if not plan.document:
        raise Http404
    try:
        document = plan.document.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(document, as_attachment=True, filename=Path(plan.document.name).name)


@login_required
def action_plan_new(request, code: str):
    local_government = _editable_member(request, code)
    return _action_plan_form(request, ActionPlan(local_government=local_government))


@login_required
def action_plan_edit(request, code: str, pk: int):
    return _action_plan_form(request, _editable(request, ActionPlan, code, pk))


def _action_plan_form(request, plan: ActionPlan):
    posted = request.method == "POST"
    form = ActionPlanForm(
        request.POST if posted else None, request.FILES if posted else None, instance=plan
    )
    if posted and form.is_valid():
        plan = form.save()
        messages.success(request, _("The action plan “%(title)s” is saved.") % {"title": plan})
        return redirect(plan)
    return render(
        request,
        "campaigns/action_plan_form.html",
        {"lg": plan.local_government, "form": form, "plan": plan},
    )


@login_required
def action_plan_delete(request, code: str, pk: int):
    plan = _editable(request, ActionPlan, code, pk)
    return _delete(
        request,
        plan,
        consequence=_("Its actions stay, without a plan."),
        cancel=plan.get_absolute_url(),
    )


# Actions


def action(request, code: str, pk: int):
    action = _visible(request, Action, code, pk)
    user = request.user

    def shown(related):
        # A link only to what the reader may see: an unpublished plan stays unnamed.
        return related if related is not None and can_view_commitment(user, related) else None

    return render(
        request,
        "campaigns/action.html",
        {
            "lg": action.local_government,
            "action": action,
            "plan": shown(action.plan),
            "target": shown(action.target),
            "co_benefits": [
                Action.CoBenefit(code).label
                for code in action.co_benefits
                if code in Action.CoBenefit.values
            ],
            "can_edit": can_edit_commitments(user, action.local_government),
        },
    )


@login_required
def action_new(request, code: str):
    local_government = _editable_member(request, code)
    action = Action(local_government=local_government)
    # "Add an action" from a plan's or a target's page starts with it chosen.
    initial = {}
    for name, model in (("plan", ActionPlan), ("target", Target)):
        pk = request.GET.get(name, "")
        if pk.isdigit():
            initial[name] = model.objects.filter(local_government=local_government, pk=pk).first()
    return _action_form(request, action, initial)


@login_required
def action_edit(request, code: str, pk: int):
    return _action_form(request, _editable(request, Action, code, pk), {})


def _action_form(request, action: Action, initial: dict):
    form = ActionForm(
        request.POST if request.method == "POST" else None, instance=action, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        action = form.save()
        messages.success(request, _("The action “%(title)s” is saved.") % {"title": action})
        return redirect(action)
    return render(
        request,
        "campaigns/action_form.html",
        {"lg": action.local_government, "form": form, "action": action},
    )


@login_required
def action_delete(request, code: str, pk: int):
    action = _editable(request, Action, code, pk)
    return _delete(
        request,
        action,
        consequence="",
        cancel=reverse("campaigns:action", args=[code, action.pk]),
    )
