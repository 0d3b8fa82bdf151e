"""Open data: the network report as files, every published inventory line as one
CSV, and a member's record shaped like the GCoM Common Reporting Framework.

The formats are documented in docs/formats/open-data.md; change the two together.

Only published data leaves here: lines of published inventories of published
local governments; a member's published inventory, adopted and published
targets and published actions. The network report is published-only by
construction (reports/services.py).

The line file is the one large file: it is streamed (`iter_open_data_lines`
reads lines in chunks with `values_list(...).iterator()`, `csv_chunks` turns
rows into bytes as they come), so memory stays bounded however many lines the
network holds.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import cache
from typing import BinaryIO, Literal

from localaction.campaigns.models import Action, Target
from localaction.campaigns.services import target_figures, target_summary
from localaction.core import gpc
from localaction.core.gwp import GAS_GROUPS, in_basket_order
from localaction.inventories.models import Inventory, InventoryLine, InventoryTotal
from localaction.inventories.services import BIOGENIC_CO2, inventory_results
from localaction.network.models import LocalGovernment
from localaction.reports.services import Counted, Excluded, Group, Report
from localaction.tables import Sheet, csv_chunks, write_table, write_workbook

ReportFormat = Literal["csv", "xlsx", "json", "pdf"]
REPORT_FORMATS: tuple[ReportFormat, ...] = ("csv", "xlsx", "json", "pdf")
CRF_FORMATS = ("xlsx", "json")

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
"""The licence published data is offered under (one place to change it)."""

# The network report


# (table name in the CSV, sheet title in the XLSX, the report's attribute)
BREAKDOWNS = (
    ("region", "By region", "by_region"),
    ("country", "By country", "by_country"),
    ("kind", "By kind", "by_kind"),
    ("population_band", "By population band", "by_population_band"),
    ("campaign", "By campaign", "by_campaign"),
    ("sector", "By sector", "by_sector"),
    ("scope", "By scope", "by_scope"),
    ("gas", "By gas", "by_gas"),
)

REPORT_CSV_COLUMNS = ("table", "key", "name", "members", "population", "tco2e", "targets")
"""The report as one long table: a `total` row, a row per group of every
breakdown, then a `commitments` row per target year (`key` the year, `tco2e`
the committed reduction, `targets` how many targets)."""

_GROUP_COLUMNS = ("key", "name", "members", "population", "tco2e")


def write_report(report: Report, format: ReportFormat, target: BinaryIO) -> None:
    """Write the network report to `target` as CSV, XLSX, JSON or PDF.

    Figures are t CO2e under the report's GWP set, populations in inhabitants.
    """
    if format == "json":
        text = json.dumps(report.as_json(), ensure_ascii=False, indent=2)
        target.write(text.encode())
    elif format == "csv":
        write_table(_report_rows(report), columns=REPORT_CSV_COLUMNS, format="csv", target=target)
    elif format == "xlsx":
        write_workbook(_report_sheets(report), target=target)
    elif format == "pdf":
        # Another module's work, loaded only when a PDF is asked for.
        from localaction.reports.pdf import report_pdf

        target.write(report_pdf(report))
    else:
        raise ValueError(f"'{format}' is not a report format; the formats are {REPORT_FORMATS}")


def _group_row(group: Group) -> list[object]:
    return [group.key, group.name, group.members, group.population, group.tco2e]


def _report_rows(report: Report) -> Iterator[list[object]]:
    scope = report.scope
    yield [
        "total",
        scope.level,
        f"{scope.year} {scope.gwp}",
        report.members_reporting,
        report.population_covered,
        report.total_tco2e,
        None,
    ]
    for table, _title, attribute in BREAKDOWNS:
        for group in getattr(report, attribute):
            yield [table, *_group_row(group), None]
    for commitment in report.commitments:
        yield [
            "commitments",
            commitment.year,
            None,
            None,
            None,
            commitment.committed_reduction_tco2e,
            commitment.targets,
        ]


def _report_sheets(report: Report) -> list[Sheet]:
    scope = report.scope
    summary = [[name, value] for name, value in dataclasses.asdict(scope).items()] + [
        ["members_reporting", report.members_reporting],
        ["population_covered", report.population_covered],
        ["world_population", report.world_population],
        ["population_share", report.population_share],
        ["total_tco2e", report.total_tco2e],
        ["members_with_target", report.members_with_target],
        ["members_on_track", report.members_on_track],
        ["targets_on_track", report.targets_on_track],
        ["targets_off_track", report.targets_off_track],
        *([f"{gas}_kg", kg] for gas, kg in in_basket_order(report.gas_kg)),
    ]
    sheets = [Sheet("Summary", ("name", "value"), summary)]
    sheets += [
        Sheet(title, _GROUP_COLUMNS, [_group_row(group) for group in getattr(report, attribute)])
        for _table, title, attribute in BREAKDOWNS
    ]
    sheets.append(
        Sheet(
            "Commitments",
            ("target_year", "targets", "committed_reduction_tco2e"),
            [[c.year, c.targets, c.committed_reduction_tco2e] for c in report.commitments],
        )
    )
    sheets.append(
        Sheet(
            "Targets by type",
            ("type", "targets"),
            [[kind, count] for kind, count in report.targets_by_type.items()],
        )
    )
    sheets.append(
        Sheet(
            "Actions by status",
            ("status", "actions", "impact_tco2e"),
            [[status, count, t] for status, (count, t) in report.actions_by_status.items()],
        )
    )
    counted_columns = tuple(field.name for field in dataclasses.fields(Counted))
    sheets.append(
        Sheet(
            "Counted",
            counted_columns,
            [list(dataclasses.astuple(member)) for member in report.counted],
        )
    )
    sheets.append(
        Sheet(
            "Excluded",
            tuple(field.name for field in dataclasses.fields(Excluded)),
            [list(dataclasses.astuple(member)) for member in report.excluded],
        )
    )
    return sheets


# Every published inventory line

LINE_COLUMNS = (
    "member",
    "country",
    "region",
    "year",
    "gpc_ref",
    "scope",
    "sector",
    "activity",
    "amount",
    "unit",
)
"""The line file's columns before the gases; `line_columns` gives them all."""

LINE_COLUMNS_AFTER_GASES = (
    "biogenic_co2_kg",
    "notation_key",
    "explanation",
    "data_quality",
    "source",
)

COMMON_GASES = ("CO2", "CH4", "N2O")
"""Gases the line file always has a column for; other gases get one when a
published line reports them."""


def published_lines():
    """Every line of every published inventory of a published local government."""
    return InventoryLine.objects.filter(
        inventory__status=Inventory.Status.PUBLISHED,
        local_government__is_published=True,
    )


def line_gases() -> list[str]:
    """The line file's gases, in basket order: CO2, CH4 and N2O, then every other
    gas a published line reports.

    Read from the per-cell totals, which hold a row for every gas any line of
    the inventory has: one small query, not a pass over the lines.
    """
    present = set(
        InventoryTotal.objects.filter(
            inventory__status=Inventory.Status.PUBLISHED,
            local_government__is_published=True,
        )
        .exclude(gas=BIOGENIC_CO2)
        .values_list("gas", flat=True)
        .distinct()
    )
    present.update(COMMON_GASES)
    return [name for name, _ in in_basket_order(dict.fromkeys(present, 0.0))]


def line_columns(gases: Sequence[str]) -> tuple[str, ...]:
    """The line file's header for these gases: `co2_kg`, `hfc134a_kg` …"""
    return (*LINE_COLUMNS, *(f"{name.lower()}_kg" for name in gases), *LINE_COLUMNS_AFTER_GASES)


@cache
def _cell(ref: str) -> gpc.Cell:
    return gpc.cell(ref)


# Lines a typical inventory has (for batching the line file's queries), and the
# most inventories one query names (under SQLite's limit on bound parameters).
LINES_PER_INVENTORY = 40
MAX_INVENTORIES_PER_QUERY = 900


def iter_open_data_lines(
    chunk_size: int = 5000, *, gases: Sequence[str] | None = None
) -> Iterator[list[object]]:
    """Rows of the line file (`line_columns(gases)`), one per published line, ordered
    by member, year, GPC reference and position.

    The published inventories are listed in that order first (one small row
    each); their lines are then read about `chunk_size` at a time, a batch of
    inventories per query through the index on the inventory. No query sorts
    all the lines at once, so the first row comes at once and memory stays
    bounded. Gas masses are kg; a gas the line does not report is blank.
    """
    if gases is None:
        gases = line_gases()
    inventories = list(
        Inventory.objects.filter(
            status=Inventory.Status.PUBLISHED, local_government__is_published=True
        )
        .order_by("local_government__code", "year", "pk")
        .values_list(
            "pk",
            "local_government__code",
            "local_government__country_id",
            "local_government__country__region__code",
            "year",
        )
    )
    per_batch = max(1, min(chunk_size // LINES_PER_INVENTORY, MAX_INVENTORIES_PER_QUERY))
    for start in range(0, len(inventories), per_batch):
        batch = inventories[start : start + per_batch]
        lines: dict[int, list[tuple]] = defaultdict(list)
        for inventory_id, *line in (
            InventoryLine.objects.filter(inventory_id__in=[row[0] for row in batch])
            .order_by("inventory_id", "gpc_ref", "position", "pk")
            .values_list(
                "inventory_id",
                "gpc_ref",
                "activity",
                "amount",
                "unit",
                "gases_kg",
                "biogenic_co2_kg",
                "notation_key",
                "explanation",
                "data_quality",
                "source",
            )
        ):
            lines[inventory_id].append(line)
        for inventory_id, member, country, region, year in batch:
            for (
                gpc_ref,
                activity,
                amount,
                unit,
                gases_kg,
                biogenic,
                notation,
                explanation,
                quality,
                source,
            ) in lines[inventory_id]:
                cell = _cell(gpc_ref)
                yield [
                    member,
                    country,
                    region,
                    year,
                    gpc_ref,
                    cell.scope,
                    cell.sector,
                    activity,
                    amount,
                    unit,
                    *((gases_kg or {}).get(name) for name in gases),
                    biogenic or None,
                    notation,
                    explanation,
                    quality,
                    source,
                ]


def open_data_csv(chunk_size: int = 5000) -> Iterator[bytes]:
    """The line file as CSV bytes, streamed."""
    gases = line_gases()
    return csv_chunks(iter_open_data_lines(chunk_size, gases=gases), columns=line_columns(gases))


# A member's record as the GCoM Common Reporting Framework lays it out

# The CRF reports these gases and gas groups, each in t CO2e.
CRF_GASES = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3")
_GROUP_OF = {name: group for group, members in GAS_GROUPS.items() for name in members}

CRF_INVENTORY_COLUMNS = (
    "gpc_ref",
    "sector",
    "sector_name",
    "subsector",
    "subsector_name",
    "scope",
    "levels",
    *(f"{name.lower()}_tco2e" for name in CRF_GASES),
    "total_tco2e",
    "biogenic_co2_t",
    "notation_keys",
    "explanation",
)

CRF_TARGET_COLUMNS = (
    "id",
    "title",
    "type",
    "base_year",
    "target_year",
    "reduction_percent",
    "level_tco2e",
    "coverage",
    "gwp",
    "conditional",
    "adopted_on",
    "campaign",
    "base_tco2e",
    "target_tco2e",
    "bau_tco2e",
    "committed_reduction_tco2e",
    "indicator",
    "unit",
    "base_value",
    "target_value",
    "problem",
)

CRF_ACTION_COLUMNS = (
    "id",
    "title",
    "kind",
    "sector",
    "status",
    "starts_on",
    "ends_on",
    "cost",
    "currency",
    "funding_source",
    "impact_tco2e",
    "impact_amount",
    "impact_unit",
    "co_benefits",
    "plan",
    "target",
)


def crf_document(local_government: LocalGovernment) -> dict:
    """The member's published record as plain data in the CRF's shape.

    `inventory` is the latest published inventory, a row per GPC cell (a
    sector's sub-sector in one scope) with t CO2e of each CRF gas under the
    inventory's GWP set, or the notation keys its lines give; None when no
    inventory is published. `targets` are the adopted, published targets
    with their figures from published inventories; `actions` the published
    actions.
    """
    published = Inventory.objects.filter(local_government=local_government).published()
    inventory = published.order_by("-year").first()
    country = local_government.country
    return {
        "member": {
            "code": local_government.code,
            "name": local_government.name,
            "country": country.code,
            "region": country.region.code if country.region_id else None,
            "population": local_government.population,
            "population_year": local_government.population_year,
        },
        "inventory": None if inventory is None else _crf_inventory(inventory),
        "targets": _crf_targets(local_government, published),
        "actions": _crf_actions(local_government),
    }


def _crf_inventory(inventory: Inventory) -> dict:
    results = inventory_results(inventory)
    cell_gases = results.lines.cell_gases_kg
    notes: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    notation_lines: dict[str, int] = defaultdict(int)
    for ref, key, explanation in (
        inventory.lines.exclude(notation_key="")
        .order_by("gpc_ref", "position", "pk")
        .values_list("gpc_ref", "notation_key", "explanation")
    ):
        notation_lines[ref] += 1
        keys, explanations = notes[ref]
        if key not in keys:
            keys.append(key)
        if explanation and explanation not in explanations:
            explanations.append(explanation)
    co2e = results.cell_co2e_kg
    biogenic = results.lines.cell_biogenic_co2_kg
    line_counts = results.lines.cell_line_counts
    cells = []
    for index, cell in enumerate(gpc.CELLS):
        keys, explanations = notes.get(cell.ref, ([], []))
        # A cell without a line that gives a number shows its notation keys, no zeros.
        has_value = int(line_counts[index]) > notation_lines[cell.ref]
        by_gas: dict[str, float | None] = dict.fromkeys(CRF_GASES, 0.0 if has_value else None)
        if has_value:
            for j, (name, gwp) in enumerate(zip(results.gases, results.gwp_values, strict=True)):
                group = _GROUP_OF.get(name, name)
                by_gas[group] = (by_gas[group] or 0.0) + float(cell_gases[index, j] * gwp) / 1000
        cells.append(
            {
                "gpc_ref": cell.ref,
                "sector": cell.sector,
                "sector_name": gpc.sector(cell.sector).name,
                "subsector": cell.subsector,
                "subsector_name": gpc.subsector(cell.subsector).name,
                "scope": cell.scope,
                "levels": sorted(str(level) for level in cell.levels),
                "tco2e": by_gas,
                "total_tco2e": float(co2e[index]) / 1000 if has_value else None,
                "biogenic_co2_t": float(biogenic[index]) / 1000 if has_value else None,
                "notation_keys": keys,
                "explanation": " ".join(explanations),
            }
        )
    return {
        "year": inventory.year,
        "gwp": results.gwp,
        "totals_tco2e": {
            "basic": results.total_co2e_kg(gpc.Level.BASIC) / 1000,
            "basic_plus": results.total_co2e_kg(gpc.Level.BASIC_PLUS) / 1000,
            "territorial": results.total_co2e_kg(gpc.Level.TERRITORIAL) / 1000,
        },
        "cells": cells,
    }


def _crf_targets(local_government: LocalGovernment, published) -> list[dict]:
    targets = (
        Target.objects.adopted()
        .filter(local_government=local_government, is_published=True)
        .select_related("local_government", "campaign")
        .order_by("target_year", "pk")
    )
    return [target_summary(target_figures(target, published)) for target in targets]


def _crf_actions(local_government: LocalGovernment) -> list[dict]:
    actions = (
        Action.objects.filter(local_government=local_government, is_published=True)
        .select_related("plan", "target")
        .order_by("pk")
    )
    return [
        {
            "id": action.pk,
            "title": action.title,
            "kind": action.kind,
            "sector": action.sector or None,
            "status": action.status,
            "starts_on": action.starts_on.isoformat() if action.starts_on else None,
            "ends_on": action.ends_on.isoformat() if action.ends_on else None,
            "cost": None if action.cost is None else float(action.cost),
            "currency": action.currency or None,
            "funding_source": action.funding_source or None,
            "impact_tco2e": action.impact_tco2e,
            "impact_amount": action.impact_amount,
            "impact_unit": action.impact_unit or None,
            "co_benefits": list(action.co_benefits),
            # An unpublished plan or target stays unnamed, even beside a published action.
            "plan": action.plan.title if action.plan and action.plan.is_published else None,
            "target": action.target_id if action.target and action.target.is_published else None,
        }
        for action in actions
    ]


def write_crf(local_government: LocalGovernment, format: str, target: BinaryIO) -> None:
    """Write the member's CRF export as JSON or as an XLSX workbook with the
    sheets About, Inventory, Targets and Actions."""
    document = crf_document(local_government)
    if format == "json":
        target.write(json.dumps(document, ensure_ascii=False, indent=2).encode())
    elif format == "xlsx":
        write_workbook(crf_sheets(document), target=target)
    else:
        raise ValueError(f"'{format}' is not a CRF format; the formats are {CRF_FORMATS}")


def crf_sheets(document: dict) -> list[Sheet]:
    """The CRF document as worksheets."""
    member, inventory = document["member"], document["inventory"]
    about = [[name, value] for name, value in member.items()]
    about += [
        ["inventory_year", inventory["year"] if inventory else None],
        ["gwp", inventory["gwp"] if inventory else None],
        *(
            [f"{level}_tco2e", total]
            for level, total in (inventory["totals_tco2e"] if inventory else {}).items()
        ),
        ["licence", LICENCE],
    ]
    cells = inventory["cells"] if inventory else []
    inventory_rows = [
        [
            cell["gpc_ref"],
            cell["sector"],
            cell["sector_name"],
            cell["subsector"],
            cell["subsector_name"],
            cell["scope"],
            " ".join(cell["levels"]),
            *(cell["tco2e"][name] for name in CRF_GASES),
            cell["total_tco2e"],
            cell["biogenic_co2_t"],
            " ".join(cell["notation_keys"]),
            cell["explanation"],
        ]
        for cell in cells
    ]
    return [
        Sheet("About", ("name", "value"), about),
        Sheet("Inventory", CRF_INVENTORY_COLUMNS, inventory_rows),
        Sheet(
            "Targets",
            CRF_TARGET_COLUMNS,
            [[target.get(c) for c in CRF_TARGET_COLUMNS] for target in document["targets"]],
        ),
        Sheet(
            "Actions",
            CRF_ACTION_COLUMNS,
            [
                [" ".join(v) if isinstance(v := action[c], list) else v for c in CRF_ACTION_COLUMNS]
                for action in document["actions"]
            ],
        ),
    ]


# Workbooks of several sheets
