"""A member's tenders as CSV/XLSX files.

Columns: product_group (a library code), title, reference, value, currency
(ISO 4217), status, awarded_on (YYYY-MM-DD), criteria_applied (yes/no),
criteria (library criterion codes of the group, separated by spaces), supplier,
offered_value, figures (the calculator's figures as name=value pairs separated
by semicolons), note. Export writes every tender; import adds the file's
tenders through `services.tender_save`, all rows or none: every problem of
every row is reported at once, with its row and column.
"""

from __future__ import annotations

import datetime
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction

from localaction.network.models import LocalGovernment
from localaction.sustainability.procurement import services
from localaction.sustainability.procurement.models import (
    ProcurementCriterion,
    ProcurementProductGroup,
    ProcurementTender,
)
from localaction.tables import (
    PAGE_IMPORT_ROWS,
    Format,
    ImportFailed,
    RowError,
    in_file_order,
    read_table,
    write_table,
)

COLUMNS = (
    "product_group",
    "title",
    "reference",
    "value",
    "currency",
    "status",
    "awarded_on",
    "criteria_applied",
    "criteria",
    "supplier",
    "offered_value",
    "figures",
    "note",
)
REQUIRED = ("product_group", "title", "value", "currency", "status")
YES = {"yes", "true", "1", "y"}
NO = {"no", "false", "0", "n", ""}


def _figures_text(figures: dict) -> str:
    return "; ".join(f"{name}={value}" for name, value in sorted(figures.items()))


def export_tenders(local_government: LocalGovernment, *, format: Format, target: BinaryIO) -> None:
    tenders = (
        ProcurementTender.objects.filter(local_government=local_government)
        .select_related("group")
        .prefetch_related("criteria")
        .order_by("awarded_on", "pk")
    )
    write_table(
        (
            (
                tender.group.code,
                tender.title,
                tender.reference,
                tender.value,
                tender.currency,
                tender.status,
                tender.awarded_on.isoformat() if tender.awarded_on else "",
                "yes" if tender.criteria_applied else "no",
                " ".join(sorted(c.code for c in tender.criteria.all())),
                tender.supplier,
                "" if tender.offered_value is None else tender.offered_value,
                _figures_text(tender.figures),
                tender.note,
            )
            for tender in tenders
        ),
        columns=COLUMNS,
        format=format,
        target=target,
    )


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _parse_figures(text: str) -> dict:
    figures = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f"'{part.strip()}' is not name=value")
        figures[name.strip()] = value.strip()
    return figures


def import_tenders(local_government: LocalGovernment, content: bytes, *, filename: str) -> int:
    """Add the file's tenders to the member's; the number added, or ImportFailed
    listing every problem (and nothing written)."""
    table = read_table(
        content, filename=filename, columns=COLUMNS, required=REQUIRED, max_rows=PAGE_IMPORT_ROWS
    )
    errors = list(table.errors)
    groups = {group.code: group for group in ProcurementProductGroup.objects.all()}
    criteria = {c.code: c for c in ProcurementCriterion.objects.current().select_related("group")}
    count = 0
    with transaction.atomic():
        for row in table.rows:
            cells = {column: _text(row.values.get(column)) for column in COLUMNS}
            if any(not cells[column] for column in REQUIRED):
                continue  # read_table has reported the blank cell
            problems: list[RowError] = []
            group = groups.get(cells["product_group"])
            if group is None:
                problems.append(
                    RowError(
                        row.number,
                        "product_group",
                        f"'{cells['product_group']}' is not a product group of the library",
                    )
                )
            if cells["status"] not in ProcurementTender.Status.values:
                problems.append(
                    RowError(
                        row.number,
                        "status",
                        f"'{cells['status']}' is not one of "
                        + ", ".join(ProcurementTender.Status.values),
                    )
                )
            awarded_on = None
            if cells["awarded_on"]:
                try:
                    awarded_on = datetime.date.fromisoformat(cells["awarded_on"][:10])
                except ValueError:
                    problems.append(
                        RowError(row.number, "awarded_on", "a date is written YYYY-MM-DD")
                    )
            applied = cells["criteria_applied"].lower()
            if applied not in YES | NO:
                problems.append(RowError(row.number, "criteria_applied", "write yes or no"))
            chosen = []
            for code in cells["criteria"].split():
                if code not in criteria:
                    problems.append(
                        RowError(row.number, "criteria", f"'{code}' is not a library criterion")
                    )
                else:
                    chosen.append(criteria[code])
            try:
                figures = _parse_figures(cells["figures"])
            except ValueError as error:
                problems.append(RowError(row.number, "figures", str(error)))
                figures = {}
            if problems:
                errors.extend(problems)
                continue
            try:
                with transaction.atomic():
                    services.tender_save(
                        local_government=local_government,
                        group=group,
                        title=cells["title"],
                        reference=cells["reference"],
                        value=cells["value"],
                        currency=cells["currency"],
                        status=cells["status"],
                        awarded_on=awarded_on,
                        criteria_applied=applied in YES,
                        criteria=chosen,
                        supplier=cells["supplier"],
                        offered_value=cells["offered_value"] or None,
                        figures=figures,
                        note=cells["note"],
                    )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    column = {"group": "product_group"}.get(field, field)
                    column = column if column in COLUMNS else None
                    errors.extend(RowError(row.number, column, message) for message in messages)
            else:
                count += 1
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise ImportFailed(in_file_order(errors, COLUMNS))
    return count
