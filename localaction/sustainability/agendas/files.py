"""A local agenda's files (docs/formats/agendas.md): its stakeholders,
priority issues and monitoring reports as CSV or XLSX (one workbook with the
three sheets), and the import of stakeholders — all rows or none, every
problem of every row reported at once with its row and column.

Contacts are private: a file for someone outside the member leaves them out.
Text that a spreadsheet would read as a formula is written neutralised
(tables.write_table)."""

from __future__ import annotations

from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction

from localaction.sustainability.agendas import services
from localaction.sustainability.agendas.models import AgendaStakeholder, LocalAgenda
from localaction.tables import (
    PAGE_IMPORT_ROWS,
    Format,
    ImportFailed,
    RowError,
    Sheet,
    in_file_order,
    read_table,
    write_table,
    write_workbook,
)

STAKEHOLDER_COLUMNS = ("name", "kind", "role", "contact")
STAKEHOLDER_REQUIRED = ("name", "kind")
PRIORITY_COLUMNS = ("rank", "issue", "description", "raised_by")
MONITORING_COLUMNS = (
    "period_from",
    "period_to",
    "indicators_reviewed",
    "findings",
    "evaluation",
    "reported_on",
)
PARTS = ("stakeholders", "priorities", "monitoring")


def _stakeholder_rows(agenda: LocalAgenda, *, private: bool) -> list[tuple]:
    return [
        (s.name, s.kind, s.role, s.contact if private else None)
        for s in agenda.stakeholders.order_by("name")
    ]


def _priority_rows(agenda: LocalAgenda) -> list[tuple]:
    return [
        (
            p.position,
            p.title,
            p.description,
            "; ".join(s.name for s in p.raised_by.all()),
        )
        for p in agenda.priorities.prefetch_related("raised_by").order_by("position")
    ]


def _monitoring_rows(agenda: LocalAgenda) -> list[tuple]:
    return [
        (
            r.period_start,
            r.period_end,
            "; ".join(t.title for t in r.indicators.all()),
            r.findings,
            r.is_evaluation,
            r.reported_on,
        )
        for r in agenda.monitoring_reports.prefetch_related("indicators").order_by("period_start")
    ]


def part_table(agenda: LocalAgenda, part: str, *, private: bool) -> tuple[tuple, list[tuple]]:
    """The columns and rows of one part of the agenda."""
    if part == "stakeholders":
        return STAKEHOLDER_COLUMNS, _stakeholder_rows(agenda, private=private)
    if part == "priorities":
        return PRIORITY_COLUMNS, _priority_rows(agenda)
    if part == "monitoring":
        return MONITORING_COLUMNS, _monitoring_rows(agenda)
    raise ValueError(part)


def export_part(
    agenda: LocalAgenda, part: str, *, private: bool, format: Format, target: BinaryIO
) -> None:
    columns, rows = part_table(agenda, part, private=private)
    write_table(rows, columns=columns, format=format, target=target)


def export_workbook(agenda: LocalAgenda, *, private: bool, target: BinaryIO) -> None:
    """The three parts, a sheet each."""
    write_workbook(
        [Sheet(part, *part_table(agenda, part, private=private)) for part in PARTS],
        target=target,
    )


def import_stakeholders(agenda: LocalAgenda, content: bytes, *, filename: str) -> int:
    """Add the file's stakeholders to the forum, or update those of the same
    name; the number of rows imported, or ImportFailed listing every problem
    (and nothing written)."""
    table = read_table(
        content,
        filename=filename,
        columns=STAKEHOLDER_COLUMNS,
        required=STAKEHOLDER_REQUIRED,
        max_rows=PAGE_IMPORT_ROWS,
    )
    errors = list(table.errors)
    kinds = {value: value for value in AgendaStakeholder.Kind.values}
    # People write the label as often as the code.
    kinds.update({str(label).lower(): value for value, label in AgendaStakeholder.Kind.choices})
    existing = {s.name.casefold(): s for s in agenda.stakeholders.all()}
    seen: dict[str, int] = {}
    with transaction.atomic():
        for row in table.rows:
            cells = row.values
            if any(cells.get(column) is None for column in STAKEHOLDER_REQUIRED):
                continue  # read_table has reported the blank cell
            name = cells["name"].strip()
            kind = kinds.get(cells["kind"].strip().lower())
            if kind is None:
                errors.append(
                    RowError(
                        row.number,
                        "kind",
                        f"'{cells['kind']}' is not a kind of stakeholder; one of: "
                        + ", ".join(AgendaStakeholder.Kind.values),
                    )
                )
                continue
            key = name.casefold()
            if key in seen:
                errors.append(
                    RowError(row.number, "name", f"'{name}' is already on row {seen[key]}")
                )
                continue
            seen[key] = row.number
            try:
                with transaction.atomic():
                    services.stakeholder_save(
                        agenda=agenda,
                        stakeholder=existing.get(key),
                        name=name,
                        kind=kind,
                        role=cells.get("role") or "",
                        contact=cells.get("contact") or "",
                    )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    column = field if field in STAKEHOLDER_COLUMNS else None
                    errors.extend(RowError(row.number, column, message) for message in messages)
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise ImportFailed(in_file_order(errors, STAKEHOLDER_COLUMNS))
    return len(seen)
