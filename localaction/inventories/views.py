"""Pages of GHG inventories: a new inventory, the editor laid out by the GPC, its
status steps, its lines as a file (downloaded, or imported by a background
task), the results under any GWP set, and the GPC summary table.

Who may see or do what is `permissions`' call; what happens is `services`'.
An inventory one may not see is a 404; an action one may not take a 403, and
nothing changes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localaction import charts
from localaction.background.progress import Progress
from localaction.background.tasks import enqueue
from localaction.background.uploads import save_upload
from localaction.core import gpc
from localaction.core.gpc import Level
from localaction.core.gwp import GASES, GWP_SETS, TITLES
from localaction.inventories.forms import (
    FactorFilterForm,
    FactorForm,
    InventoryForm,
    LineForm,
    LinesFileForm,
    factor_levels_for,
)
from localaction.inventories.gpc_names import gpc_name, sector_label
from localaction.inventories.lines import FORMATS as LINE_FORMATS
from localaction.inventories.lines import export_lines
from localaction.inventories.models import EmissionFactor, Inventory
from localaction.inventories.permissions import (
    can_create_inventory,
    can_edit_factor,
    can_edit_inventory,
    can_move_inventory,
    can_view_inventory,
    factors_usable_by,
    factors_visible_to,
    inventories_visible_to,
    latest_versions_visible_to,
)
from localaction.inventories.services import (
    TRANSITIONS,
    LinesInvalid,
    LinesUnusable,
    inventory_add_line,
    inventory_correct,
    inventory_delete_line,
    inventory_move,
    inventory_recalculate,
    inventory_results,
)
from localaction.inventories.tasks import import_inventory_lines
from localaction.network.permissions import (
    can_edit_local_government,
    visible_local_government_or_404,
)
from localaction.tables import CONTENT_TYPES, FORMATS, write_table

STEPS = {
    "submit": gettext_lazy("Submit for verification"),
    "return": gettext_lazy("Return to draft"),
    "verify": gettext_lazy("Mark as verified"),
    "publish": gettext_lazy("Publish"),
}
FACTOR_LEVELS = {
    "local_government": gettext_lazy("the member's own factor"),
    "country": gettext_lazy("the country's factor"),
    "default": gettext_lazy("IPCC default"),
}
LEVEL_NAMES = {
    Level.BASIC: gettext_lazy("BASIC"),
    Level.BASIC_PLUS: gettext_lazy("BASIC+"),
    Level.TERRITORIAL: gettext_lazy("Territorial"),
}
SUMMARY_COLUMNS = (
    "row",
    "gpc_ref",
    "name",
    "scope_1_tco2e",
    "scope_2_tco2e",
    "scope_3_tco2e",
    "basic_tco2e",
    "basic_plus_tco2e",
    "territorial_tco2e",
)


def _visible_inventory(request, code: str, year: int) -> Inventory:
    """The version asked for (`?version=N`), else the year's latest version the
    person may see; 404 for those who may not know it exists.

    The inventory carries `version_query`: what its pages add to their links so
    that they stay on this version when the year has several."""
    found = Inventory.objects.select_related(
        "local_government__country__region",
        "submitted_by",
        "verified_by",
        "published_by",
        "superseded_by",
        "supersedes",
    ).filter(local_government__code=code, year=year)
    asked = request.GET.get("version", "")
    if asked:
        if not asked.isdigit():
            raise Http404
        inventory = found.filter(version=int(asked)).first()
    else:
        inventory = found.filter(pk__in=latest_versions_visible_to(request.user)).first()
    if inventory is None or not can_view_inventory(request.user, inventory):
        raise Http404
    several = inventories_visible_to(request.user).filter(
        local_government=inventory.local_government_id, year=year
    )
    inventory.version_query = f"?version={inventory.version}" if several.count() > 1 else ""
    return inventory


def _editable_inventory(request, code: str, year: int) -> Inventory:
    inventory = _visible_inventory(request, code, year)
    if not can_edit_inventory(request.user, inventory):
        raise PermissionDenied
    return inventory


def _tonnes(kg: float) -> float:
    return kg / 1000


# A new inventory


@login_required
def inventory_new(request, code: str):
    local_government = visible_local_government_or_404(request.user, code)
    if not can_create_inventory(request.user, local_government):
        raise PermissionDenied
    form = InventoryForm(
        request.POST or None, instance=Inventory(local_government=local_government)
    )
    if request.method == "POST" and form.is_valid():
        inventory = form.save()
        messages.success(
            request,
            _("The %(year)s inventory is created as a draft. Add its lines cell by cell.")
            % {"year": inventory.year},
        )
        return redirect(inventory)
    return render(request, "inventories/inventory_new.html", {"form": form, "lg": local_government})


# The editor


def inventory(request, code: str, year: int):
    inventory = _visible_inventory(request, code, year)
    add = request.GET.get("add", "")
    form = None
    if add and can_edit_inventory(request.user, inventory):
        try:
            form = LineForm(initial={"gpc_ref": gpc.cell(add).ref})
        except gpc.GPCError:
            form = None
    return _editor(request, inventory, form, open_cell=request.GET.get("cell", ""))


def _versions(request, inventory: Inventory) -> list[dict]:
    """The year's versions the person may see, oldest first, each with its status
    changes (from the history of the record): when, to what, by whom."""
    versions = []
    for version in (
        inventories_visible_to(request.user)
        .filter(local_government=inventory.local_government_id, year=inventory.year)
        .order_by("version")
    ):
        changes, status = [], None
        for record in version.history.select_related("history_user").order_by("history_date"):
            if record.status != status:
                status = record.status
                changes.append(
                    {
                        "at": record.history_date,
                        "status": Inventory.Status(status),
                        "by": record.history_user,
                    }
                )
        versions.append({"inventory": version, "changes": changes})
    return versions


def _editor(request, inventory: Inventory, form: LineForm | None, *, open_cell: str = ""):
    """The inventory page, with `form` (adding a line) shown in its cell, and the
    sector of that cell (or of `open_cell`) open."""
    user = request.user
    try:
        results = inventory_results(inventory)
    except LinesUnusable as unusable:
        # Lines saved before the bounds were checked: shown, to be corrected,
        # and left out of the figures.
        results = inventory_results(inventory, leave_out_unusable=True)
        messages.error(request, " ".join(unusable.messages))
    missing = results.completeness(Level.BASIC).missing
    form_cell = form["gpc_ref"].value() if form else None
    pages = _cell_pages(
        inventory,
        results,
        paged_cell=open_cell or form_cell or "",
        page=request.GET.get("page", 1),
    )
    can_edit = can_edit_inventory(user, inventory)
    return render(
        request,
        "inventories/inventory.html",
        {
            "inventory": inventory,
            "lg": inventory.local_government,
            "results": results,
            "totals": _totals(results),
            "sectors": _gpc_tree(
                results, pages, missing=missing, open_cells={form_cell, open_cell}
            ),
            "missing": missing,
            "missing_plus": results.completeness(Level.BASIC_PLUS).missing,
            "steps": [
                (step, label)
                for step, label in STEPS.items()
                if TRANSITIONS[step][0] == inventory.status
                and can_move_inventory(user, inventory, step)
            ],
            "can_edit": can_edit,
            "can_correct": inventory.status == Inventory.Status.PUBLISHED
            and can_move_inventory(user, inventory, "correct"),
            "versions": _versions(request, inventory),
            "file_form": LinesFileForm() if can_edit else None,
            "line_formats": LINE_FORMATS,
            "form": form,
            "form_cell": form_cell,
            "factors": factors_usable_by(inventory.local_government).valid_in(inventory.year)
            if can_edit
            else [],
            "gwp_title": TITLES.get(inventory.gwp_set, inventory.gwp_set),
        },
    )


def _totals(results) -> list[dict]:
    return [
        {"level": level, "name": LEVEL_NAMES[level], "t": _tonnes(results.total_co2e_kg(level))}
        for level in Level
    ]


#: Lines shown at once in one cell of the inventory page; a cell with more
#: (an imported file can put 50,000 in one) is shown a page at a time.
LINES_PER_PAGE = 100


def _cell_pages(inventory: Inventory, results, *, paged_cell: str, page) -> dict[str, Page]:
    """Each cell's page of lines: the first, or page `page` of `paged_cell`.

    Only the lines shown are read whole; every line's emissions come from
    `results` (its lines in the same order), so the cost of the page does not
    grow with the inventory."""
    positions: dict[str, list[tuple[int, int]]] = {}
    ordered = inventory.lines.order_by("position", "pk").values_list("pk", "gpc_ref")
    for index, (pk, ref) in enumerate(ordered):
        positions.setdefault(ref, []).append((index, pk))
    pages = {
        ref: Paginator(rows, LINES_PER_PAGE).get_page(page if ref == paged_cell else 1)
        for ref, rows in positions.items()
    }
    shown = [pk for cell_page in pages.values() for _index, pk in cell_page.object_list]
    lines = inventory.lines.select_related("factor").in_bulk(shown)
    for cell_page in pages.values():
        rows, cell_page.object_list = cell_page.object_list, []
        for index, pk in rows:
            line = lines[pk]
            line.tco2e = _tonnes(float(results.line_co2e_kg[index]))
            line.factor_level = FACTOR_LEVELS[line.factor.level] if line.factor else ""
            line.notation = gpc.NotationKey(line.notation_key) if line.notation_key else None
            cell_page.object_list.append(line)
    return pages


def _gpc_tree(results, pages: dict[str, Page], *, missing, open_cells) -> list[dict]:
    """Sectors → subsectors → cells, each cell with its page of lines, its
    number of lines, tCO2e and notation keys."""
    co2e = results.by_cell_co2e_kg()
    sector_co2e = results.by_sector_co2e_kg()
    notations = results.notations()
    tree = []
    for sector in gpc.SECTORS:
        subsectors = []
        for subsector in gpc.SUBSECTORS:
            if subsector.sector != sector.ref:
                continue
            cells = [
                {
                    "cell": cell,
                    "lines": pages.get(cell.ref),
                    "count": pages[cell.ref].paginator.count if cell.ref in pages else 0,
                    "t": _tonnes(co2e[cell.ref]),
                    "notations": notations.get(cell.ref, ()),
                    "missing": cell.ref in missing,
                    "levels": [LEVEL_NAMES[level] for level in Level if cell.counts_in(level)],
                }
                for cell in gpc.CELLS
                if cell.subsector == subsector.ref
            ]
            subsectors.append({"subsector": subsector, "cells": cells})
        all_cells = [c for s in subsectors for c in s["cells"]]
        tree.append(
            {
                "sector": sector,
                "subsectors": subsectors,
                "t": _tonnes(sector_co2e[sector.ref]),
                "lines": sum(c["count"] for c in all_cells),
                "missing": sum(c["missing"] for c in all_cells),
                "open": any(c["cell"].ref in open_cells for c in all_cells),
            }
        )
    return tree


@require_POST
@login_required
def line_add(request, code: str, year: int):
    inventory = _editable_inventory(request, code, year)
    form = LineForm(request.POST)
    if form.is_valid():
        try:
            line = inventory_add_line(inventory=inventory, data=form.line_data())
        except LinesInvalid as invalid:
            for error in invalid.errors:
                form.add_line_error(error.field, error.reason)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The line is added to %(cell)s.") % {"cell": line.gpc_ref})
            return redirect(f"{inventory.get_absolute_url()}#cell-{line.gpc_ref}")
    return _editor(request, inventory, form)


@require_POST
@login_required
def line_delete(request, code: str, year: int, pk: int):
    inventory = _visible_inventory(request, code, year)
    line = get_object_or_404(inventory.lines, pk=pk)
    if not can_edit_inventory(request.user, inventory):
        raise PermissionDenied
    inventory_delete_line(line=line)
    messages.success(request, _("The line is deleted from %(cell)s.") % {"cell": line.gpc_ref})
    return redirect(f"{inventory.get_absolute_url()}#cell-{line.gpc_ref}")


@require_POST
@login_required
def inventory_recalculate_view(request, code: str, year: int):
    inventory = _editable_inventory(request, code, year)
    changed = inventory_recalculate(inventory=inventory)
    messages.success(
        request,
        _("Recalculated with the library's current factors. Lines changed: %(count)s.")
        % {"count": changed},
    )
    return redirect(inventory)


@require_POST
@login_required
def inventory_correct_view(request, code: str, year: int):
    """The office reopens a published inventory as a correction: a new draft version."""
    inventory = _visible_inventory(request, code, year)
    if not can_move_inventory(request.user, inventory, "correct"):
        raise PermissionDenied
    try:
        correction = inventory_correct(inventory=inventory, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(inventory.get_version_url())
    messages.success(
        request,
        _(
            "Version %(version)s is open as a draft correction of version %(previous)s, "
            "which stays published until the correction is."
        )
        % {"version": correction.version, "previous": inventory.version},
    )
    return redirect(correction)


@require_POST
@login_required
def inventory_move_view(request, code: str, year: int, step: str):
    if step not in TRANSITIONS:
        raise Http404
    inventory = _visible_inventory(request, code, year)
    if not can_move_inventory(request.user, inventory, step):
        raise PermissionDenied
    try:
        inventory_move(inventory=inventory, step=step, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The inventory is now %(status)s.") % {"status": inventory.get_status_display()},
        )
    return redirect(inventory)


# The lines as a file


def lines_download(request, code: str, year: int, file_format: str):
    """The inventory's lines in the inventory-lines format (docs/formats/inventory.md)."""
    if file_format not in LINE_FORMATS:
        raise Http404
    inventory = _visible_inventory(request, code, year)
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    filename = f"{inventory.local_government.code}-{inventory.year}-lines.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    export_lines(inventory, format=file_format, target=response)
    return response


@login_required
def lines_import(request, code: str, year: int):
    """Replace the draft's lines with a file's: saved for a worker, imported by a task
    whose progress the person then watches. A refusal changes nothing and says why."""
    inventory = _visible_inventory(request, code, year)
    if not can_edit_local_government(request.user, inventory.local_government):
        raise PermissionDenied
    context = {
        "inventory": inventory,
        "lg": inventory.local_government,
        "line_formats": LINE_FORMATS,
    }
    if not inventory.is_draft:
        context["refusal"] = _(
            "Only a draft inventory takes an import; this one is %(status)s. Nothing was changed."
        ) % {"status": inventory.get_status_display()}
        status = 409 if request.method == "POST" else 200
        return render(request, "inventories/lines_import.html", context, status=status)
    form = LinesFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        progress = Progress.create(
            label=_("Importing %(file)s into the %(year)s inventory of %(name)s")
            % {"file": upload.name, "year": inventory.year, "name": inventory.local_government},
            owner=request.user.pk,
            next_url=inventory.get_absolute_url(),
        )
        enqueue(
            import_inventory_lines,
            inventory=inventory.pk,
            upload=save_upload(upload),
            filename=upload.name,
            progress=progress.key,
            language=get_language(),
        )
        return redirect("background:progress", key=progress.key)
    context["form"] = form
    status = 400 if request.method == "POST" else 200
    return render(request, "inventories/lines_import.html", context, status=status)


# Results under any GWP set


class _BadChoice(Exception):
    pass


def _chosen_results(request, inventory: Inventory):
    """The results under the GWP set asked for (?gwp=), or _BadChoice saying why not."""
    name = request.GET.get("gwp") or inventory.gwp_set
    try:
        return inventory_results(inventory, name)
    except ValidationError as error:
        raise _BadChoice(" ".join(error.messages)) from None


def _chosen_level(request) -> Level:
    text = request.GET.get("total") or Level.BASIC_PLUS
    try:
        return Level(text)
    except ValueError:
        raise _BadChoice(
            _("'%(total)s' is not a GPC total; the totals are %(totals)s.")
            % {"total": text, "totals": ", ".join(Level)}
        ) from None


def _bad_choice(request, inventory: Inventory, template: str, message: str):
    return render(
        request,
        template,
        {
            "inventory": inventory,
            "lg": inventory.local_government,
            "error": message,
            **_switch_context(request, inventory),
        },
        status=400,
    )


def _switch_context(request, inventory: Inventory) -> dict:
    return {
        "gwp_sets": [(name, TITLES[name]) for name in GWP_SETS],
        "chosen_gwp": request.GET.get("gwp") or inventory.gwp_set,
        "levels": [(level.value, LEVEL_NAMES[level]) for level in Level],
        "chosen_level": request.GET.get("total") or Level.BASIC_PLUS.value,
    }


def _format_t(value: float) -> str:
    return number_format(round(value), force_grouping=True)


def results(request, code: str, year: int):
    inventory = _visible_inventory(request, code, year)
    try:
        results = _chosen_results(request, inventory)
        level = _chosen_level(request)
    except _BadChoice as bad:
        return _bad_choice(request, inventory, "inventories/results.html", str(bad))
    level_name = LEVEL_NAMES[level]
    gwp = results.gwp
    by_sector = [
        (sector_label(s), _tonnes(results.by_sector_co2e_kg(level)[s.ref])) for s in gpc.SECTORS
    ]
    by_scope = [
        (_("Scope %(scope)s") % {"scope": scope}, _tonnes(kg))
        for scope, kg in results.by_scope_co2e_kg(level).items()
    ]
    gases = results.by_gas_co2e_kg(level)
    by_gas = [(gas, _tonnes(gases[gas])) for gas in GASES if gas in gases]
    trend = _trend(request, inventory, gwp)
    unit = _("t CO2e (%(gwp)s)") % {"gwp": gwp}
    figures = [
        {
            "id": "by-sector",
            "title": _("Emissions by sector, %(total)s") % {"total": level_name},
            "rows": by_sector,
            "horizontal": True,
        },
        {
            "id": "by-scope",
            "title": _("Emissions by scope, %(total)s") % {"total": level_name},
            "rows": by_scope,
            "horizontal": True,
        },
        {
            "id": "by-gas",
            "title": _("Emissions by gas, %(total)s") % {"total": level_name},
            "rows": by_gas,
            "horizontal": True,
        },
        {
            "id": "trend",
            "title": _("BASIC total by year"),
            "rows": trend,
            "horizontal": False,
        },
    ]
    for figure in figures:
        labels = [label for label, _value in figure["rows"]]
        values = [value for _label, value in figure["rows"]]
        figure["description"] = "; ".join(
            f"{label}: {_format_t(value)} {unit}" for label, value in figure["rows"]
        ) or _("No figures.")
        figure["svg"] = (
            charts.bar_chart(
                labels,
                values,
                title=figure["title"],
                description=figure["description"],
                unit=unit,
                chart_id=figure["id"],
                horizontal=figure["horizontal"],
            )
            if figure["rows"]
            else ""
        )
    return render(
        request,
        "inventories/results.html",
        {
            "inventory": inventory,
            "lg": inventory.local_government,
            "results": results,
            "gwp_title": TITLES[gwp],
            "totals": _totals(results),
            "biogenic_t": _tonnes(results.biogenic_co2_kg()),
            "level_name": level_name,
            "figures": figures,
            "unit": unit,
            "missing": results.completeness(Level.BASIC).missing,
            **_switch_context(request, inventory),
        },
    )


def _trend(request, inventory: Inventory, gwp: str) -> list[tuple[str, float]]:
    """The BASIC total of each of the member's inventories the person may see, in one GWP set."""
    points = []
    for other in (
        latest_versions_visible_to(request.user)
        .filter(local_government=inventory.local_government)
        .order_by("year")
    ):
        try:
            total = inventory_results(other, gwp).total_co2e_kg(Level.BASIC)
        except ValidationError:
            continue  # a gas the set has no GWP for: no comparable total
        points.append((str(other.year), _tonnes(total)))
    return points


# The GPC summary table


def _summary_rows(inventory: Inventory, results) -> list[dict]:
    """Sectors, subsectors (and the cells that share a scope with another) × scopes, in tCO2e
    or notation keys, with each row's part of the BASIC, BASIC+ and territorial totals.

    A subsector row holds one cell per scope; a second cell of the same scope
    (I.4.4 supplied to the grid, III.x.3 waste from outside) gets a row of its
    own, so that no figure is hidden or added to another.
    """
    co2e = results.by_cell_co2e_kg()
    notations = results.notations()
    valued = set(
        inventory.lines.filter(notation_key="").values_list("gpc_ref", flat=True).distinct()
    )

    def entry(cell) -> dict:
        keys = ", ".join(notations.get(cell.ref, ()))
        has_value = cell.ref in valued
        return {
            "ref": cell.ref,
            "t": _tonnes(co2e[cell.ref]) if has_value else None,
            "keys": "" if has_value else keys,
        }

    def row(kind: str, ref: str, name: str, cells) -> dict:
        scopes = {1: None, 2: None, 3: None}
        for cell in cells:
            scopes[cell.scope] = entry(cell)
        return {
            "row": kind,
            "ref": ref,
            "name": name,
            "scopes": [scopes[1], scopes[2], scopes[3]],
            "levels": [
                _tonnes(sum(co2e[c.ref] for c in cells if c.counts_in(level))) for level in Level
            ],
        }

    rows = []
    for sector in gpc.SECTORS:
        sector_cells = [c for c in gpc.CELLS if c.sector == sector.ref]
        rows.append(_sum_row("sector", sector.ref, gpc_name(sector), sector_cells, co2e))
        for subsector in gpc.SUBSECTORS:
            if subsector.sector != sector.ref:
                continue
            first, extra, scopes = [], [], set()
            for cell in gpc.CELLS:
                if cell.subsector != subsector.ref:
                    continue
                (extra if cell.scope in scopes else first).append(cell)
                scopes.add(cell.scope)
            rows.append(row("subsector", subsector.ref, gpc_name(subsector), first))
            rows.extend(row("cell", cell.ref, cell.description, [cell]) for cell in extra)
    rows.append(_sum_row("total", "", _("Total"), gpc.CELLS, co2e))
    return rows


def _sum_row(kind: str, ref: str, name: str, cells, co2e) -> dict:
    return {
        "row": kind,
        "ref": ref,
        "name": name,
        "scopes": [
            {"t": _tonnes(sum(co2e[c.ref] for c in cells if c.scope == scope)), "keys": ""}
            for scope in (1, 2, 3)
        ],
        "levels": [
            _tonnes(sum(co2e[c.ref] for c in cells if c.counts_in(level))) for level in Level
        ],
    }


def summary(request, code: str, year: int):
    inventory = _visible_inventory(request, code, year)
    try:
        results = _chosen_results(request, inventory)
    except _BadChoice as bad:
        return _bad_choice(request, inventory, "inventories/summary.html", str(bad))
    return render(
        request,
        "inventories/summary.html",
        {
            "inventory": inventory,
            "lg": inventory.local_government,
            "results": results,
            "gwp_title": TITLES[results.gwp],
            "rows": _summary_rows(inventory, results),
            "level_names": [LEVEL_NAMES[level] for level in Level],
            "missing": results.completeness(Level.BASIC).missing,
            **_switch_context(request, inventory),
        },
    )


def summary_download(request, code: str, year: int, file_format: str):
    if file_format not in FORMATS:
        raise Http404
    inventory = _visible_inventory(request, code, year)
    try:
        results = _chosen_results(request, inventory)
    except _BadChoice as bad:
        return HttpResponse(str(bad), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    filename = f"{inventory.local_government.code}-{inventory.year}-gpc-{results.gwp}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'

    def value(entry):
        if entry is None:
            return None
        return round(entry["t"], 6) if entry["t"] is not None else entry["keys"] or None

    write_table(
        (
            [
                row["row"],
                row["ref"],
                str(row["name"]),
                *(value(entry) for entry in row["scopes"]),
                *(round(t, 6) for t in row["levels"]),
            ]
            for row in _summary_rows(inventory, results)
        ),
        columns=SUMMARY_COLUMNS,
        format=file_format,
        target=response,
    )
    return response


# The emission-factor library

FACTORS_PAGE_SIZE = 25
FACTOR_LEVEL_NAMES = {
    "default": gettext_lazy("Default (IPCC)"),
    "country": gettext_lazy("Country"),
    "local_government": gettext_lazy("Local government"),
}


def _factor_number(value: float) -> str:
    if value == int(value):
        return number_format(int(value), force_grouping=True)
    return number_format(value, force_grouping=True)


def _factor_row(factor: EmissionFactor) -> dict:
    gases = " · ".join(
        f"{gas} {_factor_number(value)}" for gas, value in factor.kg_per_unit_in_order
    )
    if factor.local_government_id:
        place = factor.local_government
    elif factor.country_id:
        place = factor.country.display_name
    else:
        place = ""
    if factor.valid_from is None and factor.valid_to is None:
        validity = ""
    elif factor.valid_from == factor.valid_to:
        validity = str(factor.valid_from)
    else:
        validity = f"{factor.valid_from or ''}–{factor.valid_to or ''}"
    return {
        "factor": factor,
        "kg": f"{gases} kg/{factor.unit}" if gases else "",
        "biogenic": (
            None
            if factor.biogenic_co2_kg_per_unit is None
            else f"{_factor_number(factor.biogenic_co2_kg_per_unit)} kg/{factor.unit}"
        ),
        "ncv": (
            "" if factor.ncv is None else f"{_factor_number(factor.ncv)} {factor.ncv_unit}".strip()
        ),
        "level": FACTOR_LEVEL_NAMES[factor.level],
        "place": place,
        "validity": validity,
    }


def factors(request):
    """The library of emission factors, as far as the person may see it."""
    visible = factors_visible_to(request.user).select_related(
        "country", "local_government__country"
    )
    activities = visible.order_by("activity").values_list("activity", flat=True).distinct()
    filters = FactorFilterForm(request.GET or None, activities=list(activities))
    found = visible
    if filters.is_bound:
        filters.is_valid()
        chosen = filters.cleaned_data
        if chosen.get("activity"):
            found = found.filter(activity=chosen["activity"])
        if chosen.get("category"):
            found = found.filter(category=chosen["category"])
        if chosen.get("country"):
            found = found.filter(
                Q(country=chosen["country"]) | Q(local_government__country=chosen["country"])
            )
        level = chosen.get("level")
        if level == "default":
            found = found.filter(country=None, local_government=None)
        elif level == "country":
            found = found.filter(local_government=None).exclude(country=None)
        elif level == "local_government":
            found = found.exclude(local_government=None)
    page = Paginator(found, FACTORS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "inventories/factors.html",
        {
            "filters": filters,
            "page": page,
            "rows": [_factor_row(factor) for factor in page],
            "query": query.urlencode(),
            "can_add": bool(factor_levels_for(request.user)),
        },
    )


@login_required
def factor_new(request):
    """A new factor, at a level of the library the person may add to."""
    if not factor_levels_for(request.user):
        raise PermissionDenied
    form = FactorForm(request.POST or None, user=request.user, instance=EmissionFactor())
    if request.method == "POST" and form.is_valid():
        factor = form.save(commit=False)
        if not can_edit_factor(
            request.user, country=factor.country, local_government=factor.local_government
        ):
            raise PermissionDenied
        factor.created_by = request.user
        factor.save()
        messages.success(
            request,
            _("The factor %(code)s is in the library.") % {"code": factor.code},
        )
        query = urlencode({"activity": factor.activity})
        return redirect(f"{reverse('inventories:factors')}?{query}")
    return render(request, "inventories/factor_form.html", {"form": form})
