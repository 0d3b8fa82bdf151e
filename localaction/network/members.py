"""The member register as a file: import and export of local governments in CSV or XLSX.

The format is documented in docs/formats/members.md; change the two together.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO

import pycountry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from localaction.background.staging import Stage
from localaction.network.models import Country, LocalGovernment, subdivision_problem
from localaction.network.permissions import (
    can_add_local_government,
    local_governments_visible_to,
)
from localaction.tables import (
    CellError,
    Format,
    ImportFailed,
    Row,
    RowError,
    Table,
    in_file_order,
    read_table,
    to_integer,
    to_number,
    write_table,
)

MEMBER_COLUMNS = [
    "code",
    "name",
    "country",
    "kind",
    "population",
    "population_year",
    "area_km2",
    "latitude",
    "longitude",
    "parent_code",
    "region",
    "population_growth_percent",
]
REQUIRED_COLUMNS = ("code", "name", "country")

# What each column holds when exported; `region` is exported for reading
# only: on import it is checked against the country, never stored.
_EXPORTED = {
    "code": "code",
    "name": "name",
    "country": "country_id",
    "kind": "kind",
    "population": "population",
    "population_year": "population_year",
    "population_growth_percent": "population_growth_percent",
    "area_km2": "area_km2",
    "latitude": "latitude",
    "longitude": "longitude",
    "parent_code": "parent__code",
    "region": "country__region__code",
}
_INTEGER_COLUMNS = ("population", "population_year")
_NUMBER_COLUMNS = ("population_growth_percent", "area_km2", "latitude", "longitude")
# The model fields a file sets, by column; `parent` is resolved once all rows are read.
_FIELD_OF_COLUMN = {
    "code": "code",
    "name": "name",
    "country": "country",
    **{column: column for column in ("kind", *_INTEGER_COLUMNS, *_NUMBER_COLUMNS)},
    "parent_code": "parent",
}
_COLUMN_OF_FIELD = {name: column for column, name in _FIELD_OF_COLUMN.items()}


@dataclass(frozen=True)
class ImportResult:
    """How many local governments an import created, changed, and found already as in the file."""

    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def import_members(source: bytes | BinaryIO, *, filename: str, importer=None) -> ImportResult:
    """Create and update local governments from a member-register file, all or nothing.

    Rows are matched to the register by `code`: new codes are created, known
    ones updated. A column left out of the file leaves that field as it is;
    a blank cell clears it. An `importer` (a user; None from the command
    line) may only touch local governments in countries their office covers,
    both where one is and where the file puts it, and may only name parents
    they may see. Raises `ImportFailed` listing every problem in the file, in
    which case nothing has changed.

    The file is read and checked with no transaction open, its rows staged
    (`background.staging`: a temporary table, filled with no lock taken),
    and only the copy from the staging table into the register and its
    history runs in one transaction, so that the write lock (the whole
    database's, on SQLite) is held for a few statements: about 0.4 s for
    50,000 new local governments, where saving the rows took 1.2 s
    (`localaction bench imports`). Should the register change while the file
    is checked, the write is abandoned before it begins and the file checked
    again; the last of RACES tries checks it inside the write transaction.
    """
    table = read_table(source, filename=filename, columns=MEMBER_COLUMNS, required=REQUIRED_COLUMNS)
    reason = f"import of {PurePath(filename).name}"
    for attempt in range(RACES):
        last_try = attempt == RACES - 1
        with transaction.atomic() if last_try else nullcontext():
            checked_against = _register_state()
            entries, register = _checked(table, importer)
            with Stage(LocalGovernment, _STAGED_EXTRA) as stage:
                writes = _Writes(entries, register, stage, reason=reason, user=importer)
                writes.stage_rows()
                with transaction.atomic():
                    if _register_state() == checked_against:
                        return writes.apply()
    raise AssertionError("the last try holds the write lock while it checks")  # pragma: no cover


RACES = 3
"""Tries at checking a file and writing it before another writer changes the
register in between; the last checks it with the write lock held."""


def _register_state() -> tuple:
    """What changes whenever a local government is created, deleted or saved."""
    return tuple(
        LocalGovernment.objects.aggregate(
            count=Count("pk"), last=Max("pk"), updated=Max("updated_at")
        ).values()
    )


def _checked(table: Table, importer) -> tuple[list[_Entry], _Register]:
    """The file's rows as local governments ready to save; `ImportFailed` with
    every problem if there is any. Reads the database, never writes."""
    register = _Register.load()
    existing = LocalGovernment.objects.in_bulk(
        {row.values["code"] for row in table.rows} & register.pk_of.keys(), field_name="code"
    )
    visible = None
    if importer is not None:
        visible = set(local_governments_visible_to(importer).values_list("code", flat=True))
    errors = list(table.errors)
    entries: dict[str, _Entry] = {}
    for row in table.rows:
        code = row.values["code"]
        if visible is not None and code in register.pk_of and code not in visible:
            # Codes are unique network-wide; say no more about the one holding it.
            errors.append(RowError(row.number, "code", f"'{code}' is taken by another entry"))
            continue
        entry = _read_row(row, existing.get(code), register, errors)
        if importer is not None and (problem := _uncovered(entry, register, importer)):
            errors.append(RowError(row.number, "country", problem))
        if code is None:
            continue  # reported by `read_table`; its other values are checked all the same
        if code in entries:
            errors.append(
                RowError(
                    row.number, "code", f"'{code}' appears again; first on row {entries[code].row}"
                )
            )
        else:
            entries[code] = entry
    _check_parents(entries, register, errors, visible)
    if errors:
        raise ImportFailed(in_file_order(errors, MEMBER_COLUMNS))
    return list(entries.values()), register


def export_members(
    queryset: QuerySet[LocalGovernment],
    *,
    format: Format,
    target: BinaryIO,
) -> int:
    """Write the local governments to `target` in the member-register format; return how many.

    The file imports back unchanged: `parent_code` is the parent's code and
    `region` the code of the country's region.
    """
    rows = list(queryset.values_list(*(_EXPORTED[column] for column in MEMBER_COLUMNS)))
    write_table(rows, columns=MEMBER_COLUMNS, format=format, target=target)
    return len(rows)


@dataclass(frozen=True)
class _Register:
    """What the database already holds that rows refer to, read once per import."""

    pk_of: dict[str, int]
    parent_of: dict[str, str | None]
    countries: dict[str, Country]

    @classmethod
    def load(cls) -> _Register:
        pk_of: dict[str, int] = {}
        parent_of: dict[str, str | None] = {}
        for code, pk, parent_code in LocalGovernment.objects.values_list(
            "code", "pk", "parent__code"
        ):
            pk_of[code] = pk
            parent_of[code] = parent_code
        countries = {country.code: country for country in Country.objects.select_related("region")}
        return cls(pk_of=pk_of, parent_of=parent_of, countries=countries)


@dataclass
class _Entry:
    """A row read into a local government that is not saved yet."""

    row: int
    instance: LocalGovernment
    parent_code: str | None
    # For a local government already in the register: the values the file
    # may change, as they were before, by attribute name.
    before: dict[str, object] | None = None

    def changed_fields(self) -> list[str]:
        before = self.before or {}
        return [name for name, value in before.items() if getattr(self.instance, name) != value]


def _read_row(
    row: Row,
    instance: LocalGovernment | None,
    register: _Register,
    errors: list[RowError],
) -> _Entry:
    """Read one row into a new or known local government, adding its problems to `errors`."""
    values = row.values
    code = values["code"]
    # The model fields the row sets; a blank required value is reported already.
    fields = {
        column: LocalGovernment._meta.get_field(_FIELD_OF_COLUMN[column])
        for column, text in values.items()
        if column in _FIELD_OF_COLUMN and not (text is None and column in REQUIRED_COLUMNS)
    }
    if instance is None:
        instance, before = LocalGovernment(code=code), None
    else:
        before = {f.attname: getattr(instance, f.attname) for f in fields.values()}

    def fail(column: str, message: str) -> None:
        errors.append(RowError(row.number, column, message))

    if "name" in fields:
        instance.name = values["name"]
    if "country" in fields:
        country = register.countries.get(values["country"].upper())
        if country is None:
            fail("country", _not_a_country(values["country"]))
        else:
            instance.country = country
            if before is not None and (problem := _moved_subdivision(instance, before, country)):
                fail("country", problem)
            region = values.get("region")
            if region and (problem := _region_problem(region, country)):
                fail("region", problem)
    if "kind" in values:
        kind = (values["kind"] or LocalGovernment.Kind.MUNICIPALITY).lower()
        if kind in LocalGovernment.Kind.values:
            instance.kind = kind
        else:
            kinds = ", ".join(LocalGovernment.Kind.values)
            fail("kind", f"'{values['kind']}' is not a kind; use one of {kinds}")
    for columns_of_type, parse in ((_INTEGER_COLUMNS, to_integer), (_NUMBER_COLUMNS, to_number)):
        for column in columns_of_type:
            if column in values:
                text = values[column]
                try:
                    setattr(instance, column, None if text is None else parse(text))
                except CellError as error:
                    fail(column, str(error))
    # The model's own validators (ranges, lengths, the code's pattern), so that
    # an import rejects exactly what the forms and the API reject. Country and
    # parent are checked above and in `_check_parents` without a query per row.
    checked = {f.name for f in fields.values()} - {"country", "parent"}
    try:
        instance.clean_fields(
            exclude=[f.name for f in LocalGovernment._meta.fields if f.name not in checked]
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                fail(_COLUMN_OF_FIELD[name], message)
    parent_code = values["parent_code"] if "parent_code" in values else register.parent_of.get(code)
    return _Entry(row=row.number, instance=instance, parent_code=parent_code, before=before)


def _moved_subdivision(
    instance: LocalGovernment, before: dict[str, object], country: Country
) -> str | None:
    """Why a move to `country` leaves the profile's subdivision outside it, if it does.

    The format has no subdivision column, so a move keeps it; the profile
    form would refuse the result, and so does the import.
    """
    if before["country_id"] == country.code or not instance.subdivision:
        return None
    return subdivision_problem(instance.subdivision, country.code)


def _uncovered(entry: _Entry, register: _Register, importer) -> str | None:
    """Why the importer may not touch this row's local government, if they may not."""
    codes = {entry.instance.country_id, (entry.before or {}).get("country_id")}
    for code in sorted(code for code in codes if code):
        country = register.countries[code]
        if not can_add_local_government(importer, country):
            return f"your role does not cover {country.name} ({code})"
    return None


def _not_a_country(text: str) -> str:
    alpha_3 = pycountry.countries.get(alpha_3=text.upper()) if len(text) == 3 else None
    if alpha_3 is not None:
        return f"'{text}' is not a two-letter ISO 3166 code; use '{alpha_3.alpha_2}'"
    return f"'{text}' is not an ISO 3166 code"


def _region_problem(text: str, country: Country) -> str | None:
    region = country.region
    if text.lower() in {region.code.lower(), region.name.lower()}:
        return None
    return (
        f"{country.code} ({country.name}) is in the region '{region.code}' "
        f"({region.name}), not '{text}'"
    )


def _check_parents(
    entries: dict[str, _Entry],
    register: _Register,
    errors: list[RowError],
    visible: set[str] | None,
) -> None:
    """Every parent exists in the file or the register (among what the importer may
    see), and no chain of parents is a cycle.

    The chains are followed through the file and the database together, since
    a row can close a cycle with local governments it does not mention.
    """
    parent_of = register.parent_of | {code: entry.parent_code for code, entry in entries.items()}
    known = parent_of.keys() if visible is None else visible | entries.keys()
    for entry in entries.values():
        if entry.parent_code is not None and entry.parent_code not in known:
            errors.append(
                RowError(
                    entry.row,
                    "parent_code",
                    f"'{entry.parent_code}' is neither in the file nor in the register",
                )
            )
    # Walk up from each row; a walk that meets its own path has found a cycle.
    finished: set[str] = set()
    for start in entries:
        path: list[str] = []
        code: str | None = start
        while code is not None and code not in finished and code not in path:
            path.append(code)
            code = parent_of.get(code)
        if code is not None and code in path:
            cycle = path[path.index(code) :]
            for member in cycle:
                if member in entries:
                    turn = cycle.index(member)
                    chain = [*cycle[turn:], *cycle[:turn], member]
                    errors.append(
                        RowError(
                            entries[member].row,
                            "parent_code",
                            f"a cycle of parents: {' → '.join(chain)}",
                        )
                    )
        finished.update(path)


# What the staging table holds besides a local government's columns: the rank of
# a new parent whose id is known only under the write lock (SQLite), and the
# history record's type: + created, ~ changed.
_STAGED_EXTRA = {"parent_rank": "integer", "history_type": "varchar(1)"}


class _Writes:
    """An import's new and changed local governments, staged with every value
    already converted for the database — the slow part, about half a
    millisecond a row — so that the write transaction only copies them from
    the staging table (`apply`).

    The history (django-simple-history's table) is written by the same
    copy, one record per local government created or changed, as
    `bulk_create_with_history` would, with the importer as the history's user.
    """

    def __init__(
        self, entries: list[_Entry], register: _Register, stage: Stage, *, reason: str, user
    ) -> None:
        self.stage, self.reason, self.user = stage, reason, user
        self.now = now = timezone.now()
        pk_of = register.pk_of
        self.new = [entry for entry in entries if entry.before is None]
        known = [entry for entry in entries if entry.before is not None]
        for entry in known:
            entry.instance.parent_id = pk_of.get(entry.parent_code)
        # Those that change: a parent that is new changes the row too.
        self.changing = [
            entry
            for entry in known
            if entry.changed_fields() or (entry.parent_code and entry.parent_code not in pk_of)
        ]
        self.unchanged = len(known) - len(self.changing)
        self.fields = sorted(
            {name for entry in self.changing for name in entry.changed_fields()}
            | {"parent_id", "updated_at"}
        )
        self.rank_of: dict[str, int] = {}
        self.id_of = dict(pk_of)
        for rank, (entry, pk) in enumerate(
            zip(self.new, stage.new_ids(len(self.new)), strict=True), start=1
        ):
            entry.instance.pk = pk
            entry.instance.created_at = entry.instance.updated_at = now
            self.rank_of[entry.instance.code] = rank
            if pk is not None:
                self.id_of[entry.instance.code] = pk
        for entry in self.changing:
            entry.instance.updated_at = now

    def stage_rows(self) -> None:
        """Write every new and changed row into the staging table."""
        self.stage.add(
            [
                *(self._row(entry, "+", self.rank_of[entry.instance.code]) for entry in self.new),
                *(self._row(entry, "~", None) for entry in self.changing),
            ]
        )

    def _row(self, entry: _Entry, history_type: str, rank: int | None) -> list:
        parent = entry.parent_code
        entry.instance.parent_id = self.id_of.get(parent)
        # A parent new in this file whose id is not known yet (SQLite): its rank.
        parent_rank = None if parent in self.id_of else self.rank_of.get(parent)
        return [*self.stage.prepared(entry.instance), parent_rank, history_type, rank, entry.row]

    def apply(self) -> ImportResult:
        """Copy the staged rows into the register and its history (in the
        caller's transaction): a handful of statements, whatever the rows."""
        stage = self.stage
        last = stage.number_new_rows()
        stage.computed["parent_id"] = (
            f"COALESCE({stage.column('parent_id')}, {last} + {stage.column('parent_rank')})"
        )
        stage.insert_new()
        if self.changing:
            stage.update_known(self.fields, f"{stage.column('history_type')} = '~'")
        stage.insert_history(
            when=self.now,
            reason=self.reason,
            user_id=getattr(self.user, "pk", None),
            where="history_type IS NOT NULL",
        )
        return ImportResult(
            created=len(self.new), updated=len(self.changing), unchanged=self.unchanged
        )
