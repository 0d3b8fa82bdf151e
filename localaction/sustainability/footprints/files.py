"""Footprints and national reference values as CSV/XLSX files
(docs/formats/footprints.md): one row per footprint, or per country and year.

Imports go through the services row by row, inside one transaction: the first
problem does not stop the reading, every problem is reported with its row
and column, and if there is any the whole file is rolled back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from localaction.core import footprint as method
from localaction.network.models import Country, LocalGovernment
from localaction.sustainability.footprints import services
from localaction.sustainability.footprints.models import (
    CongressRound,
    Footprint,
    NationalFootprint,
)
from localaction.tables import (
    PAGE_IMPORT_ROWS,
    CellError,
    Format,
    ImportFailed,
    RowError,
    Sheet,
    in_file_order,
    read_table,
    to_integer,
    to_number,
    write_table,
    write_workbook,
)

CATEGORIES = list(method.CATEGORIES)
LAND_TYPES = list(method.LAND_TYPES)
FACTORS = [f"factor_{key}" for key in method.CATEGORIES]
EVIDENCE = [f"evidence_{key}" for key in method.CATEGORIES]

FOOTPRINT_COLUMNS = (
    "member",
    "congress",
    "way",
    "year",
    "population",
    "unit",
    "total",
    "parts",
    *CATEGORIES,
    *LAND_TYPES,
    "method",
    "source",
    *FACTORS,
    *EVIDENCE,
    "status",
    "per_person",
)
FOOTPRINT_REQUIRED = ("congress", "way", "year")
# Written by an export, ignored by an import: the platform computes or decides them.
FOOTPRINT_COMPUTED = ("status", "per_person")

REFERENCE_COLUMNS = (
    "country",
    "year",
    *CATEGORIES,
    *LAND_TYPES,
    "per_person",
    "source",
    "source_url",
    "licence",
    "illustrative",
)
REFERENCE_REQUIRED = ("country", "year", *CATEGORIES, "source")

NETWORK_COLUMNS = (
    "congress",
    "member",
    "name",
    "country",
    "year",
    "way",
    "population",
    "total_gha",
    "gha_per_person",
    *CATEGORIES,
    *LAND_TYPES,
)

# A service's field → the file's column.
_COLUMN_OF = {
    "round": "congress",
    "parts_in": "parts",
    **{f"category_{key}": key for key in method.CATEGORIES},
    **{f"land_{key}": key for key in method.LAND_TYPES},
}


def _row(values: dict, columns: Iterable[str]) -> list:
    return [values.get(column) for column in columns]


# Export


def footprint_rows(footprints: Iterable[Footprint]) -> Iterable[list]:
    for footprint in footprints:
        values = {
            "member": footprint.local_government.code,
            "congress": footprint.round.year,
            "way": footprint.kind,
            "year": footprint.year,
            "population": footprint.population,
            "unit": "gha",
            "total": footprint.total,
            "parts": services.PARTS_IN_FIGURES,
            **footprint.by_category,
            **footprint.by_land_type,
            "method": footprint.method,
            "source": footprint.source,
            "status": footprint.status,
            "per_person": footprint.per_person,
        }
        if footprint.kind == Footprint.Kind.ESTIMATE:
            values.update({f"factor_{k}": v for k, v in footprint.factors.items()})
            values.update({f"evidence_{k}": v for k, v in footprint.evidence.items()})
        yield _row(values, FOOTPRINT_COLUMNS)


def export_footprints(footprints, *, format: Format, target: BinaryIO) -> None:
    rows = footprint_rows(footprints.select_related("local_government", "round"))
    write_table(rows, columns=FOOTPRINT_COLUMNS, format=format, target=target)


def reference_rows(references: Iterable[NationalFootprint]) -> Iterable[list]:
    for reference in references:
        values = {
            "country": reference.country_id,
            "year": reference.year,
            **reference.by_category,
            **reference.by_land_type,
            "per_person": reference.per_person,
            "source": reference.source,
            "source_url": reference.source_url,
            "licence": reference.licence,
            "illustrative": "yes" if reference.is_illustrative else "no",
        }
        yield _row(values, REFERENCE_COLUMNS)


def export_references(references, *, format: Format, target: BinaryIO) -> None:
    rows = reference_rows(references.select_related("country"))
    write_table(rows, columns=REFERENCE_COLUMNS, format=format, target=target)


def network_rows(rounds) -> list[list]:
    """Every counted footprint of every round given (network.RoundFootprint)."""
    rows = []
    for one in rounds:
        for footprint in one.footprints:
            lg = footprint.local_government
            values = {
                "congress": one.round.year,
                "member": lg.code,
                "name": lg.name,
                "country": lg.country_id,
                "year": footprint.year,
                "way": footprint.kind,
                "population": footprint.population,
                "total_gha": footprint.total,
                "gha_per_person": footprint.per_person,
                **footprint.by_category,
                **footprint.by_land_type,
            }
            rows.append(_row(values, NETWORK_COLUMNS))
    return rows


NETWORK_SUMMARY_COLUMNS = (
    "congress",
    "members",
    "population",
    "total_gha",
    "gha_per_person",
    "biocapacity_gha_per_person",
    "biocapacity_source",
    "earths",
)


def export_network(rounds, *, format: Format, target: BinaryIO) -> None:
    """The open data of the network footprint: the members counted (CSV), and
    in XLSX also a sheet of the network's figures per Congress."""
    members = network_rows(rounds)
    if format == "csv":
        write_table(members, columns=NETWORK_COLUMNS, format="csv", target=target)
        return
    summary = [
        [
            one.round.year,
            len(one.figures.members),
            one.figures.population,
            one.figures.total,
            one.figures.per_person,
            one.biocapacity.per_person if one.biocapacity else None,
            one.biocapacity.source if one.biocapacity else None,
            one.figures.earths,
        ]
        for one in rounds
    ]
    write_workbook(
        [
            Sheet("Network", NETWORK_SUMMARY_COLUMNS, summary),
            Sheet("Members", NETWORK_COLUMNS, members),
        ],
        target=target,
    )


# Import


def _cell(row, column, convert, errors):
    text = row.values.get(column)
    if text is None:
        return None
    try:
        return convert(text)
    except CellError as error:
        errors.append(RowError(row.number, column, str(error)))
        return None


def _service_errors(number: int, error: ValidationError, columns) -> list[RowError]:
    if not hasattr(error, "error_dict"):
        return [RowError(number, None, message) for message in error.messages]
    found = []
    for field, messages in error.message_dict.items():
        column = _COLUMN_OF.get(field, field)
        for message in messages:
            found.append(RowError(number, column if column in columns else None, message))
    return found


def import_footprints(
    source: bytes | BinaryIO, *, filename: str, local_government: LocalGovernment, user
) -> list[Footprint]:
    """Report the footprints of one member from a file, all or none.

    Raises ImportFailed with every problem (row, column, message); then
    nothing is written. A row's `member`, when given, must be the member's code.
    """
    table = read_table(
        source,
        filename=filename,
        columns=FOOTPRINT_COLUMNS,
        required=FOOTPRINT_REQUIRED,
        max_rows=PAGE_IMPORT_ROWS,
    )
    errors = list(table.errors)
    rounds = {round.year: round for round in CongressRound.objects.all()}
    created: list[Footprint] = []
    with transaction.atomic():
        for row in table.rows:
            found: list[RowError] = []
            member = row.values.get("member")
            if member is not None and member != local_government.code:
                found.append(
                    RowError(
                        row.number,
                        "member",
                        f"'{member[:40]}' is not {local_government.code}, the member "
                        "this file is imported for",
                    )
                )
            congress = _cell(row, "congress", to_integer, found)
            round = rounds.get(congress) if congress is not None else None
            if congress is not None and round is None:
                found.append(RowError(row.number, "congress", f"no World Congress in {congress}"))
            year = _cell(row, "year", to_integer, found)
            population = _cell(row, "population", to_integer, found)
            way = row.values.get("way")
            if way is not None and way not in Footprint.Kind.values:
                found.append(RowError(row.number, "way", "write `study` or `estimate`"))
            if found or round is None or year is None or way is None:
                errors.extend(found)
                continue
            try:
                if way == Footprint.Kind.STUDY:
                    created.append(
                        _import_study(row, round, year, population, local_government, user, found)
                    )
                else:
                    created.append(
                        _import_estimate(
                            row, round, year, population, local_government, user, found
                        )
                    )
            except _RowFailed:
                pass
            except ValidationError as error:
                found.extend(_service_errors(row.number, error, FOOTPRINT_COLUMNS))
            except PermissionDenied:
                found.append(
                    RowError(row.number, None, "you may not report this member's footprint")
                )
            errors.extend(found)
        if errors:
            transaction.set_rollback(True)
            raise ImportFailed(in_file_order(errors, FOOTPRINT_COLUMNS))
    return created


class _RowFailed(Exception):
    """A row's cells could not be read; its errors are listed already."""


def _numbers(row, columns, found) -> dict[str, float]:
    values = {}
    for column in columns:
        value = _cell(row, column, to_number, found)
        if value is not None:
            values[column] = value
    return values


def _import_study(row, round, year, population, local_government, user, found) -> Footprint:
    total = _cell(row, "total", to_number, found)
    categories = _numbers(row, CATEGORIES, found)
    land_types = _numbers(row, LAND_TYPES, found)
    if total is None and not found:
        found.append(RowError(row.number, "total", "an own study needs its total"))
    if found:
        raise _RowFailed
    return services.footprint_report_study(
        local_government=local_government,
        round=round,
        year=year,
        population=population,
        total=total,
        unit=row.values.get("unit") or "gha",
        by_category=categories,
        by_land_type=land_types,
        parts_in=row.values.get("parts") or services.PARTS_IN_FIGURES,
        method_name=row.values.get("method") or "",
        source=row.values.get("source") or "",
        user=user,
    )


def _import_estimate(row, round, year, population, local_government, user, found) -> Footprint:
    factors = {
        key: value
        for key in method.CATEGORIES
        if (value := _cell(row, f"factor_{key}", to_number, found)) is not None
    }
    evidence = {key: row.values.get(f"evidence_{key}") or "" for key in method.CATEGORIES}
    if found:
        raise _RowFailed
    return services.footprint_report_estimate(
        local_government=local_government,
        round=round,
        year=year,
        population=population,
        factors=factors,
        evidence=evidence,
        user=user,
    )


def import_references(source: bytes | BinaryIO, *, filename: str, user) -> list[NationalFootprint]:
    """Add or correct national footprints (by country and year) from a file, all or none."""
    table = read_table(
        source,
        filename=filename,
        columns=REFERENCE_COLUMNS,
        required=REFERENCE_REQUIRED,
        max_rows=PAGE_IMPORT_ROWS,
    )
    errors = list(table.errors)
    countries = {country.code: country for country in Country.objects.all()}
    saved: list[NationalFootprint] = []
    with transaction.atomic():
        for row in table.rows:
            found: list[RowError] = []
            code = (row.values.get("country") or "").upper()
            country = countries.get(code)
            if code and country is None:
                found.append(
                    RowError(row.number, "country", f"'{code[:10]}' is not a country code")
                )
            year = _cell(row, "year", to_integer, found)
            categories = _numbers(row, CATEGORIES, found)
            land_types = _numbers(row, LAND_TYPES, found)
            illustrative = (row.values.get("illustrative") or "no").lower()
            if illustrative not in ("yes", "no"):
                found.append(RowError(row.number, "illustrative", "write `yes` or `no`"))
            if not found and country is not None and year is not None:
                try:
                    saved.append(
                        services.national_footprint_save(
                            country=country,
                            year=year,
                            by_category=categories,
                            by_land_type=land_types,
                            source=row.values.get("source") or "",
                            source_url=row.values.get("source_url") or "",
                            licence=row.values.get("licence") or "",
                            is_illustrative=illustrative == "yes",
                            user=user,
                        )
                    )
                except ValidationError as error:
                    found.extend(_service_errors(row.number, error, REFERENCE_COLUMNS))
            errors.extend(found)
        if errors:
            transaction.set_rollback(True)
            raise ImportFailed(in_file_order(errors, REFERENCE_COLUMNS))
    return saved
