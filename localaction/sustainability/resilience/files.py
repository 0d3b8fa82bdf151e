"""A member's hazard profiles as CSV/XLSX files.

One row per rated hazard: year, hazard (a code of the vocabulary),
likelihood and impact (1–5), note; a download adds the risk, its band and the
hazard's name for readers, which an import ignores. An import adds or
replaces ratings (creating the year's profile if needed), all rows or none,
every problem reported with its row and column.
"""

from __future__ import annotations

from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction

from localaction.network.models import LocalGovernment
from localaction.sustainability.resilience import services
from localaction.sustainability.resilience.models import ResilienceHazardRating
from localaction.tables import (
    PAGE_IMPORT_ROWS,
    CellError,
    Format,
    ImportFailed,
    RowError,
    in_file_order,
    read_table,
    to_integer,
    write_table,
)

COLUMNS = ("year", "hazard", "likelihood", "impact", "note", "risk", "band", "name")
REQUIRED = ("year", "hazard", "likelihood", "impact")


def export_ratings(profiles, *, format: Format, target: BinaryIO) -> None:
    """The ratings of the given profiles (those the reader may see)."""
    ratings = (
        ResilienceHazardRating.objects.filter(profile__in=profiles)
        .select_related("profile")
        .order_by("-profile__year", "hazard")
    )
    write_table(
        (
            (
                rating.profile.year,
                rating.hazard,
                rating.likelihood,
                rating.impact,
                rating.note,
                rating.risk,
                rating.band,
                rating.hazard_name,
            )
            for rating in ratings
        ),
        columns=COLUMNS,
        format=format,
        target=target,
    )


def import_ratings(local_government: LocalGovernment, content: bytes, *, filename: str) -> int:
    """Add or replace the member's ratings from a file; the number of rows
    imported, or ImportFailed listing every problem (and nothing written)."""
    table = read_table(
        content, filename=filename, columns=COLUMNS, required=REQUIRED, max_rows=PAGE_IMPORT_ROWS
    )
    errors = list(table.errors)
    seen: dict[tuple[int, str], int] = {}
    profiles: dict[int, object] = {}
    with transaction.atomic():
        for row in table.rows:
            cells = row.values
            if any(cells.get(column) is None for column in REQUIRED):
                continue  # read_table has reported the blank cell
            numbers = {}
            for column in ("year", "likelihood", "impact"):
                try:
                    numbers[column] = to_integer(cells[column])
                except CellError as error:
                    errors.append(RowError(row.number, column, str(error)))
            if len(numbers) < 3:
                continue
            year, hazard = numbers["year"], cells["hazard"].strip()
            if (year, hazard) in seen:
                errors.append(
                    RowError(
                        row.number,
                        "hazard",
                        f"{hazard} of {year} is already on row {seen[year, hazard]}",
                    )
                )
                continue
            seen[year, hazard] = row.number
            try:
                with transaction.atomic():
                    if year not in profiles:
                        profile = local_government.hazard_profiles.filter(year=year).first()
                        profiles[year] = profile or services.profile_save(
                            local_government=local_government, year=year
                        )
                    services.rating_set(
                        profile=profiles[year],
                        hazard=hazard,
                        likelihood=numbers["likelihood"],
                        impact=numbers["impact"],
                        note=cells.get("note") or "",
                    )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    column = field if field in COLUMNS else None
                    errors.extend(RowError(row.number, column, message) for message in messages)
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise ImportFailed(in_file_order(errors, COLUMNS))
    return len(seen)
