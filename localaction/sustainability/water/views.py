"""Pages of water accounts: a member's water accounts (years, trends, targets),
an inventory (tables, chart, water balance, quality), its edit forms and files,
the benefits of the member's actions, and the network's water figures.

Thin views: permission (permissions.py), then the services; a refused request
changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localaction.campaigns.models import Action
from localaction.campaigns.permissions import actions_visible_to
from localaction.charts import Series, bar_chart, line_chart, stacked_bar_chart
from localaction.core import water as method
from localaction.network.models import LocalGovernment
from localaction.network.permissions import visible_local_government_or_404
from localaction.sustainability.water import figures, files, network, permissions, services
from localaction.sustainability.water.forms import (
    BenefitForm,
    InventoryForm,
    LineForm,
    QualityForm,
    WaterFileForm,
    add_errors,
)
from localaction.sustainability.water.models import (
    QUALITY_NAMES,
    SECTOR_NAMES,
    SOURCE_NAMES,
    WaterBenefit,
    WaterConsumption,
    WaterInventory,
    WaterQuality,
)
from localaction.tables import CONTENT_TYPES, FORMATS, ImportFailed


def _inventory_or_404(request, code: str, year: int) -> tuple[LocalGovernment, WaterInventory]:
    local_government = visible_local_government_or_404(request.user, code)
    inventory = get_object_or_404(
        WaterInventory.objects.select_related("local_government__country"),
        local_government=local_government,
        year=year,
    )
    if not permissions.can_view_inventory(request.user, inventory):
        raise Http404
    return local_government, inventory


def _editable_or_403(request, code: str, year: int) -> tuple[LocalGovernment, WaterInventory]:
    local_government, inventory = _inventory_or_404(request, code, year)
    if not permissions.can_keep_inventories(request.user, local_government):
        raise PermissionDenied
    return local_government, inventory


# A member's water accounts


def _trend_charts(local_government: LocalGovernment, inventories: list[WaterInventory]) -> dict:
    """Consumption by sector and per person, and non-revenue water, over the years."""
    reported = sorted((one for one in inventories if not one.is_draft), key=lambda one: one.year)
    if len(reported) < 2:
        return {}
    totals = {one.year: one.totals() for one in reported}
    charts = {
        "by_sector": line_chart(
            [
                Series(str(name), [(year, t.by_sector[key] / 1e6) for year, t in totals.items()])
                for key, name in SECTOR_NAMES.items()
            ],
            title=_("Consumption by user sector over the years"),
            description=_("Million m³ a year of %(name)s, submitted and verified inventories.")
            % {"name": local_government.name},
            unit="million m³",
            chart_id="water-by-sector-trend",
        ),
        "per_person": line_chart(
            [
                Series(
                    _("Litres per person and day"),
                    [(one.year, one.litres_per_person_day) for one in reported],
                )
            ],
            title=_("Consumption per person over the years"),
            description=_("Litres per person served and day."),
            unit="l / person / day",
            chart_id="water-per-person-trend",
        ),
    }
    losses = [(one.year, one.balance().non_revenue_percent) for one in reported if one.balance()]
    if len(losses) > 1:
        charts["losses"] = line_chart(
            [Series(_("Non-revenue water"), losses)],
            title=_("Non-revenue water over the years"),
            description=_("Share of the system input volume not billed, %."),
            unit="%",
            chart_id="water-losses-trend",
        )
    return charts


def member_water(request, code: str):
    local_government = visible_local_government_or_404(request.user, code)
    inventories = list(
        permissions.inventories_visible_to(request.user)
        .filter(local_government=local_government)
        .prefetch_related("lines")
        .order_by("-year")
    )
    targets = figures.water_targets(request.user, local_government)
    can_keep = permissions.can_keep_inventories(request.user, local_government)
    return render(
        request,
        "sustainability/water/member.html",
        {
            "lg": local_government,
            "inventories": inventories,
            "charts": _trend_charts(local_government, inventories),
            "targets": figures.target_progress(targets, inventories),
            "can_keep": can_keep,
            "form": InventoryForm(new=True) if can_keep else None,
        },
    )


@login_required
def inventory_new(request, code: str):
    local_government = visible_local_government_or_404(request.user, code)
    if not permissions.can_keep_inventories(request.user, local_government):
        raise PermissionDenied
    form = InventoryForm(request.POST or None, new=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inventory = services.water_inventory_create(
                local_government=local_government,
                year=data["year"],
                population_served=data["population_served"],
                losses=_losses(data),
                source=data["source"],
                note=data["note"],
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The inventory is started: add its consumption."))
            return redirect("water:edit", code=local_government.code, year=inventory.year)
    return render(
        request,
        "sustainability/water/inventory_form.html",
        {"lg": local_government, "form": form, "inventory": None},
        status=400 if request.method == "POST" else 200,
    )


def _losses(data: dict) -> services.Losses:
    return services.Losses(
        system_input=data.get("system_input"),
        billed=data.get("billed"),
        unbilled=data.get("unbilled"),
        apparent_losses=data.get("apparent_losses"),
        unit=data.get("losses_unit") or "m3",
    )


def _by_sector_chart(inventory: WaterInventory, totals: method.Totals) -> str | None:
    if not totals.total:
        return None
    return stacked_bar_chart(
        [str(name) for name in SECTOR_NAMES.values()],
        [
            (
                str(source_name),
                [
                    totals.by_sector_and_source.get((sector, source), 0.0) / 1e6
                    for sector in SECTOR_NAMES
                ],
            )
            for source, source_name in SOURCE_NAMES.items()
            if totals.by_source[source]
        ],
        title=_("Consumption by user sector and source"),
        description=_("Million m³ of %(name)s in %(year)s, each sector's bar made of its sources.")
        % {"name": inventory.local_government.name, "year": inventory.year},
        unit="million m³",
        chart_id="water-by-sector",
    )


def _matrix(totals: method.Totals) -> list[tuple[str, list[float], float]]:
    """(sector name, m³ per source, sector total) rows of the sector × source table."""
    return [
        (
            str(name),
            [totals.by_sector_and_source.get((sector, source), 0.0) for source in SOURCE_NAMES],
            totals.by_sector[sector],
        )
        for sector, name in SECTOR_NAMES.items()
    ]


def inventory_detail(request, code: str, year: int):
    local_government, inventory = _inventory_or_404(request, code, year)
    lines = list(inventory.lines.all())
    totals = inventory.totals(lines)
    quality = [
        (one, QUALITY_NAMES[one.indicator], one.definition) for one in inventory.quality.all()
    ]
    user = request.user
    return render(
        request,
        "sustainability/water/inventory.html",
        {
            "lg": local_government,
            "inventory": inventory,
            "lines": lines,
            "totals": totals,
            "matrix": _matrix(totals),
            "sources": list(SOURCE_NAMES.values()),
            "source_totals": [totals.by_source[key] for key in SOURCE_NAMES],
            "balance": inventory.balance(),
            "quality": quality,
            "chart": _by_sector_chart(inventory, totals),
            "can_edit": permissions.can_edit_inventory(user, inventory),
            "can_verify": permissions.can_verify_inventory(user, inventory),
            "can_reopen": permissions.can_reopen_inventory(user, inventory),
        },
    )


@login_required
def inventory_edit(request, code: str, year: int):
    local_government, inventory = _editable_or_403(request, code, year)
    if not inventory.is_draft:
        messages.error(request, _("Only a draft changes; reopen the inventory first."))
        return redirect(inventory)
    balance = {
        "losses_unit": "m3",
        "system_input": inventory.system_input_m3,
        "billed": inventory.billed_m3,
        "unbilled": inventory.unbilled_m3,
        "apparent_losses": inventory.apparent_losses_m3,
    }
    form = InventoryForm(
        request.POST or None,
        new=False,
        initial={
            "population_served": inventory.population_served,
            "source": inventory.source,
            "note": inventory.note,
            **balance,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.water_inventory_update(
                inventory=inventory,
                population_served=data["population_served"],
                losses=_losses(data),
                source=data["source"],
                note=data["note"],
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("water:edit", code=local_government.code, year=inventory.year)
    return _edit_page(request, local_government, inventory, form=form)


def _edit_page(
    request, local_government, inventory, *, form=None, line_form=None, quality_form=None
):
    failed = request.method == "POST"
    return render(
        request,
        "sustainability/water/inventory_form.html",
        {
            "lg": local_government,
            "inventory": inventory,
            "form": form
            or InventoryForm(
                new=False,
                initial={
                    "population_served": inventory.population_served,
                    "source": inventory.source,
                    "note": inventory.note,
                    "losses_unit": "m3",
                    "system_input": inventory.system_input_m3,
                    "billed": inventory.billed_m3,
                    "unbilled": inventory.unbilled_m3,
                    "apparent_losses": inventory.apparent_losses_m3,
                },
            ),
            "line_form": line_form or LineForm(),
            "quality_form": quality_form or QualityForm(),
            "lines": inventory.lines.all(),
            "quality": inventory.quality.all(),
        },
        status=400 if failed else 200,
    )


@login_required
@require_POST
def line_save(request, code: str, year: int):
    local_government, inventory = _editable_or_403(request, code, year)
    form = LineForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.water_line_save(
                inventory=inventory,
                data=services.LineData(
                    data["sector"], data["source"], data["amount"], data["unit"], data["note"]
                ),
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("water:edit", code=local_government.code, year=inventory.year)
    return _edit_page(request, local_government, inventory, line_form=form)


@login_required
@require_POST
def line_delete(request, code: str, year: int, pk: int):
    local_government, inventory = _editable_or_403(request, code, year)
    line = get_object_or_404(WaterConsumption, pk=pk, inventory=inventory)
    try:
        services.water_line_delete(line=line, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("water:edit", code=local_government.code, year=inventory.year)


@login_required
@require_POST
def quality_save(request, code: str, year: int):
    local_government, inventory = _editable_or_403(request, code, year)
    form = QualityForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.water_quality_save(inventory=inventory, user=request.user, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("water:edit", code=local_government.code, year=inventory.year)
    return _edit_page(request, local_government, inventory, quality_form=form)


@login_required
@require_POST
def quality_delete(request, code: str, year: int, pk: int):
    local_government, inventory = _editable_or_403(request, code, year)
    quality = get_object_or_404(WaterQuality, pk=pk, inventory=inventory)
    try:
        services.water_quality_delete(quality=quality, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("water:edit", code=local_government.code, year=inventory.year)


def _step(request, code: str, year: int, run, done: str):
    _local_government, inventory = _inventory_or_404(request, code, year)
    try:
        run(inventory=inventory, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(inventory)


@login_required
@require_POST
def inventory_submit(request, code: str, year: int):
    return _step(
        request, code, year, services.water_inventory_submit,
        _("The inventory is submitted; its office will verify it."),
    )  # fmt: skip


@login_required
@require_POST
def inventory_verify(request, code: str, year: int):
    return _step(
        request, code, year, services.water_inventory_verify, _("The inventory is verified.")
    )


@login_required
@require_POST
def inventory_reopen(request, code: str, year: int):
    return _step(
        request, code, year, services.water_inventory_reopen, _("The inventory is a draft again.")
    )


@login_required
@require_POST
def inventory_delete(request, code: str, year: int):
    local_government, inventory = _inventory_or_404(request, code, year)
    try:
        services.water_inventory_delete(inventory=inventory, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(inventory)
    messages.success(request, _("The draft is deleted."))
    return redirect("water:member", code=local_government.code)


def _attachment(name: str, file_format: str) -> HttpResponse:
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{timezone.localdate():%Y-%m-%d}.{file_format}"'
    )
    return response


def inventory_download(request, code: str, year: int, file_format: str):
    if file_format not in FORMATS:
        raise Http404
    local_government, inventory = _inventory_or_404(request, code, year)
    response = _attachment(f"{local_government.code}-water-{inventory.year}", file_format)
    files.export_lines(inventory, format=file_format, target=response)
    return response


@login_required
def inventory_import(request, code: str, year: int):
    local_government, inventory = _editable_or_403(request, code, year)
    form = WaterFileForm(request.POST or None, request.FILES or None)
    errors = []
    if not inventory.is_draft:
        errors = [_("Only a draft's lines are replaced; reopen the inventory first.")]
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            done = files.import_lines(
                upload.read(), filename=upload.name, inventory=inventory, user=request.user
            )
        except ImportFailed as failure:
            errors = failure.errors
        else:
            messages.success(request, _("%(count)s rows imported.") % {"count": len(done)})
            return redirect(inventory)
    return render(
        request,
        "sustainability/water/import.html",
        {"lg": local_government, "inventory": inventory, "form": form, "errors": errors},
        status=400 if request.method == "POST" or errors else 200,
    )


# The benefits of actions


def benefits(request, code: str):
    local_government = visible_local_government_or_404(request.user, code)
    actions = list(
        actions_visible_to(request.user)
        .filter(local_government=local_government)
        .select_related("campaign", "water_benefit")
        .order_by("-status", "title")
    )
    recorded = [action.water_benefit for action in actions if hasattr(action, "water_benefit")]
    under_way = [
        one
        for one in recorded
        if one.action.status in (Action.Status.IN_PROGRESS, Action.Status.COMPLETED)
    ]
    chart = None
    if under_way:
        chart = bar_chart(
            [one.action.title for one in under_way],
            [one.m3_saved for one in under_way],
            title=_("Water saved a year by action"),
            description=_("m³ a year, actions in progress or completed."),
            unit="m³ / year",
            chart_id="water-benefits",
        )
    return render(
        request,
        "sustainability/water/benefits.html",
        {
            "lg": local_government,
            "actions": actions,
            "under_way": {
                "m3": sum(one.m3_saved for one in under_way),
                "kwh": sum(one.kwh_saved for one in under_way),
                "t_co2e": sum(one.t_co2e_avoided or 0.0 for one in under_way),
            },
            "chart": chart,
            "can_record": permissions.can_keep_inventories(request.user, local_government),
            "default_intensity": method.DEFAULT_ENERGY_INTENSITY_KWH_PER_M3,
            "default_source": method.DEFAULT_ENERGY_INTENSITY_SOURCE,
        },
    )


def _action_or_404(request, code: str, pk: int) -> tuple[LocalGovernment, Action]:
    local_government = visible_local_government_or_404(request.user, code)
    action = get_object_or_404(
        actions_visible_to(request.user).select_related("local_government__country"),
        pk=pk,
        local_government=local_government,
    )
    if not permissions.can_record_benefit(request.user, action):
        raise PermissionDenied
    return local_government, action


@login_required
def benefit_edit(request, code: str, pk: int):
    local_government, action = _action_or_404(request, code, pk)
    existing = WaterBenefit.objects.filter(action=action).first()
    initial = {}
    if existing:
        default = existing.energy_intensity_source == method.DEFAULT_ENERGY_INTENSITY_SOURCE
        initial = {
            "amount": existing.amount,
            "unit": existing.unit,
            "energy_intensity": None if default else existing.energy_intensity,
            "energy_intensity_source": "" if default else existing.energy_intensity_source,
            "year": existing.factor_year,
            "quality_benefit": existing.quality_benefit,
        }
    form = BenefitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.water_benefit_save(action=action, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The action's benefits are saved."))
            return redirect("water:benefits", code=local_government.code)
    year = form["year"].value() or (
        action.starts_on.year if action.starts_on else timezone.localdate().year
    )
    try:
        factor = services.grid_factor(local_government, int(year))
    except (TypeError, ValueError):
        factor = None
    return render(
        request,
        "sustainability/water/benefit_form.html",
        {
            "lg": local_government,
            "action": action,
            "form": form,
            "benefit": existing,
            "factor": factor,
            "factor_year": year,
            "default_intensity": method.DEFAULT_ENERGY_INTENSITY_KWH_PER_M3,
            "default_source": method.DEFAULT_ENERGY_INTENSITY_SOURCE,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def benefit_delete(request, code: str, pk: int):
    local_government, action = _action_or_404(request, code, pk)
    benefit = get_object_or_404(WaterBenefit, action=action)
    services.water_benefit_delete(benefit=benefit, user=request.user)
    messages.success(request, _("The action's benefits are deleted."))
    return redirect("water:benefits", code=local_government.code)


# The network


def network_page(request):
    years = network.report_years()
    year = request.GET.get("year")
    if year:
        if not year.isdigit() or len(year) != 4:
            raise Http404
        year = int(year)
    else:
        year = years[0] if years else timezone.localdate().year
    result = network.network_water(year)
    return render(
        request,
        "sustainability/water/network.html",
        {"figures": result, "years": years, "year": year, "chart": network.by_sector_chart(result)},
    )


def network_download(request, file_format: str):
    if file_format not in FORMATS:
        raise Http404
    year = request.GET.get("year", "")
    if not (year.isdigit() and len(year) == 4):
        years = network.report_years()
        year = years[0] if years else timezone.localdate().year
    result = network.network_water(int(year))
    response = _attachment(f"network-water-{year}", file_format)
    network.export_members(result, format=file_format, target=response)
    return response
