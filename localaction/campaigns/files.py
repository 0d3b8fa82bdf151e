"""Targets and actions as files: import and export in CSV or XLSX.

The formats are documented in docs/formats/targets.md and
docs/formats/actions.md; change them together with this module.

Files are read through `localaction.tables`, like every spreadsheet import.
Each row becomes a Target or an Action (a new one, or the one its `id`
names) and goes through the model's `full_clean`, so that a file is held to
exactly the rules of the forms and the API; the model's reasons come back
under the column they concern: "row 4, `target_year`: The target year must
come after the base year." An import lands whole or not at all.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import BinaryIO

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from localaction.background.staging import Stage
from localaction.campaigns.models import Action, ActionPlan, Campaign, Coverage, Target
from localaction.campaigns.permissions import can_edit_commitments
from localaction.campaigns.services import target_figures
from localaction.core.gwp import GWP_SETS, GWPError, gas
from localaction.inventories.models import Inventory
from localaction.network.models import LocalGovernment
from localaction.network.permissions import local_governments_visible_to
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

TARGET_COLUMNS = (
    "member",
    "id",
    "title",
    "type",
    "base_year",
    "target_year",
    "reduction_percent",
    "level_tco2e",
    "coverage",
    "sectors",
    "gases",
    "gwp_set",
    "intensity_per",
    "activity_unit",
    "base_activity",
    "target_activity",
    "indicator",
    "indicator_unit",
    "base_value",
    "target_value",
    "conditional",
    "adopted_on",
    "campaign",
    "published",
    "description",
)
"""The columns a target file may set."""

TARGET_FIGURE_COLUMNS = ("target_tco2e", "bau_tco2e", "committed_reduction_tco2e", "progress")
"""What an export adds for reading: the figures computed from the inventories.
An import accepts these columns and ignores them."""

TARGET_EXPORT_COLUMNS = (*TARGET_COLUMNS, *TARGET_FIGURE_COLUMNS)

ACTION_COLUMNS = (
    "member",
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
    "campaign",
    "target",
    "published",
    "description",
)
"""The columns an action file may set (and an export writes)."""

_LIST_SEPARATORS = re.compile(r"[\s;,]+")
_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0"})


# Reading cells


def _text(text: str) -> str:
    return text


def _choice(values: Iterable[str]) -> Callable[[str], str]:
    """A reader of one of `values`, written in any case."""
    allowed = {value.lower(): value for value in values if value}

    def read(text: str) -> str:
        try:
            return allowed[text.lower()]
        except KeyError:
            raise CellError(f"'{text}' is not one of {', '.join(allowed.values())}") from None

    return read


def _words(normalise: Callable[[str], str]) -> Callable[[str], list[str]]:
    """A reader of a list written with spaces, semicolons or commas between its items."""

    def read(text: str) -> list[str]:
        return [normalise(word) for word in _LIST_SEPARATORS.split(text) if word]

    return read


def _gas_name(name: str) -> str:
    # An unknown name is kept as written, for the model to refuse in its own words.
    try:
        return gas(name)
    except GWPError:
        return name


def _boolean(text: str) -> bool:
    folded = text.lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise CellError(f"'{text}' is neither true nor false (yes or no)")


def _date(text: str) -> datetime.date:
    """A date as YYYY-MM-DD; XLSX date cells arrive as midnight of their day."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.time() != datetime.time():
        raise CellError(f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2021-03-01")
    return moment.date()


def _decimal(text: str) -> Decimal:
    to_number(text)  # the same rules and messages as every other number
    return Decimal(text)


@dataclass(frozen=True)
class _Field:
    """How a column sets a model field: `read` turns the cell's text into the value
    (raising CellError), `blank` is the value of a blank cell."""

    name: str
    read: Callable[[str], object]
    blank: object = None


def _fields(model: type[models.Model], specs: dict[str, Callable[[str], object]]):
    """Fields by column; a blank cell means the model field's empty value."""
    result = {}
    for column, read in specs.items():
        name = {"conditional": "is_conditional", "published": "is_published"}.get(column, column)
        model_field = model._meta.get_field(name)
        if model_field.has_default():
            blank = model_field.get_default()
        elif model_field.null:
            blank = None
        else:
            blank = ""
        result[column] = _Field(name, read, blank)
    return result


_TARGET_FIELDS = _fields(
    Target,
    {
        "title": _text,
        "type": _choice(Target.Type.values),
        "base_year": to_integer,
        "target_year": to_integer,
        "reduction_percent": to_number,
        "level_tco2e": to_number,
        "coverage": _choice(Coverage.values),
        "sectors": _words(str.upper),
        "gases": _words(_gas_name),
        "gwp_set": _choice(GWP_SETS),
        "intensity_per": _choice(Target.IntensityPer.values),
        "activity_unit": _text,
        "base_activity": to_number,
        "target_activity": to_number,
        "indicator": _choice(Target.Indicator.values),
        "indicator_unit": _text,
        "base_value": to_number,
        "target_value": to_number,
        "conditional": _boolean,
        "adopted_on": _date,
        "published": _boolean,
        "description": _text,
    },
)
_ACTION_FIELDS = _fields(
    Action,
    {
        "title": _text,
        "kind": _choice(Action.Kind.values),
        "sector": str.upper,
        "status": _choice(Action.Status.values),
        "starts_on": _date,
        "ends_on": _date,
        "cost": _decimal,
        "currency": str.upper,
        "funding_source": _text,
        "impact_tco2e": to_number,
        "impact_amount": to_number,
        "impact_unit": _text,
        "co_benefits": _words(str.lower),
        "published": _boolean,
        "description": _text,
    },
)


# Importing


@dataclass(frozen=True)
class ImportResult:
    """How many targets or actions an import created, changed, and found as in the file."""

    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class _Entry:
    """A row read into a target or action that is not saved yet."""

    row: int
    instance: models.Model
    # For a record already there: the values the file may change, as they were.
    before: dict[str, object] | None = None

    @property
    def changed(self) -> bool:
        before = self.before or {}
        return any(getattr(self.instance, name) != value for name, value in before.items())


@dataclass
class _Import:
    """One import: the file's rows, what they refer to, and the problems found."""

    model: type[Target] | type[Action]
    columns: Sequence[str]
    fields: dict[str, _Field]
    importer: object
    local_government: LocalGovernment | None
    errors: list[RowError] = field(default_factory=list)
    members: dict[str, LocalGovernment] = field(default_factory=dict)
    existing: dict[int, models.Model] = field(default_factory=dict)
    campaigns: dict[str, int] = field(default_factory=dict)
    # An action's links, by member: its plans, and the ids of its targets.
    plans: dict[int, list[ActionPlan]] = field(default_factory=lambda: defaultdict(list))
    targets: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))

    @property
    def noun(self) -> str:
        return "target" if self.model is Target else "action"

    def read(self, source: bytes | BinaryIO, filename: str) -> Table:
        required = ["title"]
        if self.model is Target:
            required += ["type", "base_year", "target_year"]
        if self.local_government is None:
            required.append("member")
        table = read_table(source, filename=filename, columns=self.columns, required=required)
        self.errors = list(table.errors)
        self._load(table.rows)
        return table

    def _load(self, rows: list[Row]) -> None:
        """What the rows refer to, read in a few queries."""
        codes = {row.values.get("member") for row in rows} - {None}
        if self.local_government is not None:
            codes.add(self.local_government.code)
        found = LocalGovernment.objects.filter(code__in=codes)
        if self.importer is not None:
            found = found & local_governments_visible_to(self.importer)
        self.members = {lg.code: lg for lg in found}
        ids = {int(text) for row in rows if (text := row.values.get("id")) and text.isdigit()}
        self.existing = self.model.objects.select_related("local_government").in_bulk(ids)
        self.campaigns = dict(Campaign.objects.values_list("code", "pk"))
        if self.model is Action:
            members = {lg.pk for lg in self.members.values()}
            for plan in ActionPlan.objects.filter(local_government_id__in=members):
                self.plans[plan.local_government_id].append(plan)
            for member, pk in Target.objects.filter(local_government_id__in=members).values_list(
                "local_government_id", "pk"
            ):
                self.targets[member].add(pk)

    def fail(self, row: Row, column: str | None, message: str) -> None:
        self.errors.append(RowError(row.number, column, message))

    def member(self, row: Row) -> LocalGovernment | None:
        """The row's local government, if the importer may change its commitments."""
        code = row.values.get("member")
        if code is None:
            # Blank: reported by `read_table` unless the import is for one member.
            return self.local_government
        if self.local_government is not None and code != self.local_government.code:
            self.fail(
                row,
                "member",
                f"this file is imported into {self.local_government.code}, "
                f"and the row is for '{code}'",
            )
            return None
        local_government = self.members.get(code)
        if local_government is None:
            self.fail(row, "member", f"'{code}' is not the code of a local government")
            return None
        if self.importer is not None and not can_edit_commitments(self.importer, local_government):
            self.fail(
                row,
                "member",
                f"your role does not let you change the {self.noun}s of "
                f"{local_government.name} ({code})",
            )
            return None
        return local_government

    def instance(self, row: Row, local_government: LocalGovernment, seen: dict[int, int]):
        """The record the row's `id` names (None after a problem), or a new one."""
        text = row.values.get("id")
        if text is None:
            return self.model(local_government=local_government)
        try:
            pk = to_integer(text)
        except CellError as error:
            self.fail(row, "id", str(error))
            return None
        instance = self.existing.get(pk)
        if instance is None or instance.local_government_id != local_government.pk:
            self.fail(
                row,
                "id",
                f"{local_government.code} has no {self.noun} {pk}; "
                "leave the id blank for a new one",
            )
            return None
        if pk in seen:
            self.fail(row, "id", f"{self.noun} {pk} appears again; first on row {seen[pk]}")
            return None
        seen[pk] = row.number
        return instance

    def set_fields(self, row: Row, instance: models.Model, skipped: set[str]) -> None:
        for column, spec in self.fields.items():
            if column not in row.values or column in skipped:
                continue
            text = row.values[column]
            try:
                value = spec.blank if text is None else spec.read(text)
            except CellError as error:
                self.fail(row, column, str(error))
                skipped.add(column)
            else:
                setattr(instance, spec.name, value)
        if "campaign" in row.values and "campaign" not in skipped:
            code = row.values["campaign"]
            if code is not None and code not in self.campaigns:
                self.fail(row, "campaign", f"'{code}' is not the code of a campaign")
                skipped.add("campaign")
            else:
                instance.campaign_id = self.campaigns.get(code)

    def set_links(self, row: Row, action: Action, skipped: set[str]) -> None:
        """An action's plan and target, which must be its member's."""
        member = action.local_government
        if "plan" in row.values:
            try:
                action.plan = _plan(row.values["plan"], member, self.plans[member.pk])
            except CellError as error:
                self.fail(row, "plan", str(error))
                skipped.add("plan")
        if "target" in row.values:
            text = row.values["target"]
            try:
                pk = None if text is None else to_integer(text)
            except CellError as error:
                self.fail(row, "target", str(error))
                skipped.add("target")
                return
            if pk is not None and pk not in self.targets[member.pk]:
                self.fail(row, "target", f"{member.code} has no target {pk}")
                skipped.add("target")
            else:
                action.target_id = pk

    def validate(self, row: Row, instance: models.Model, skipped: set[str]) -> None:
        """The model's own rules, each reason under its column (one reason a cell)."""
        column_of = {spec.name: column for column, spec in self.fields.items()}
        column_of |= {"campaign": "campaign", "plan": "plan", "target": "target"}
        column_of["local_government"] = "member"
        try:
            instance.full_clean(
                exclude=[name for name, column in column_of.items() if column in skipped]
            )
        except ValidationError as error:
            for name, reasons in error.message_dict.items():
                column = None if name == NON_FIELD_ERRORS else column_of.get(name, name)
                if column in skipped:
                    continue
                self.fail(row, column, reasons[0])
                skipped.add(column)


def _attnames(state: _Import, row: Row) -> list[str]:
    """The attributes a row may change: those of the columns in the file."""
    meta = state.model._meta
    names = [
        meta.get_field(spec.name).attname
        for column, spec in state.fields.items()
        if column in row.values
    ]
    names += [f"{column}_id" for column in ("campaign", "plan", "target") if column in row.values]
    return names


def _import(
    new_state: Callable[[], _Import], source: bytes | BinaryIO, filename: str, importer
) -> ImportResult:
    """Check the whole file with no transaction open, stage its rows
    (`background.staging`: a temporary table, filled with no lock taken), then
    copy them into their table and the history in one short transaction: the
    write lock (the whole database's, on SQLite) is held for a few statements —
    under 0.1 s for 5,000 targets, where saving them one by one took 2.5 s
    (`localaction bench imports`). Should the targets, actions or plans change
    while the file is checked, the write is abandoned before it begins and the
    file checked again; the last of RACES tries checks it inside the write
    transaction."""
    content = source if isinstance(source, bytes) else source.read()
    reason = f"import of {PurePath(filename).name}"
    for attempt in range(RACES):
        last_try = attempt == RACES - 1
        with transaction.atomic() if last_try else nullcontext():
            state = new_state()
            checked_against = _commitments_state()
            entries = _checked(state, content, filename)
            with Stage(state.model, {"history_type": "varchar(1)"}) as stage:
                writes = _Writes(entries, stage, reason=reason, user=importer)
                writes.stage_rows()
                with transaction.atomic():
                    if _commitments_state() == checked_against:
                        return writes.apply()
    raise AssertionError("the last try holds the write lock while it checks")  # pragma: no cover


RACES = 3
"""Tries at checking a file and writing it before another writer changes the
targets, actions or plans in between; the last checks it with the write lock held."""


def _commitments_state() -> tuple:
    """What changes whenever a target, an action or a plan is created, deleted or saved."""
    return tuple(
        value
        for model in (Target, Action, ActionPlan)
        for value in model.objects.aggregate(
            count=Count("pk"), last=Max("pk"), updated=Max("updated_at")
        ).values()
    )


def _checked(state: _Import, content: bytes, filename: str) -> list[_Entry]:
    """The file's rows as targets or actions ready to save; `ImportFailed` with
    every problem if there is any. Reads the database, never writes."""
    table = state.read(content, filename)
    # Cells found wrong already are not judged again by the model.
    reported = defaultdict(set)
    for error in state.errors:
        reported[error.row].add(error.column)
    entries: list[_Entry] = []
    seen: dict[int, int] = {}
    for row in table.rows:
        local_government = state.member(row)
        if local_government is None:
            continue
        instance = state.instance(row, local_government, seen)
        if instance is None:
            continue
        before = None
        if instance.pk is not None:
            before = {name: getattr(instance, name) for name in _attnames(state, row)}
        skipped = set(reported[row.number])
        state.set_fields(row, instance, skipped)
        if state.model is Action:
            state.set_links(row, instance, skipped)
        state.validate(row, instance, skipped)
        entries.append(_Entry(row.number, instance, before))
    if state.errors:
        raise ImportFailed(in_file_order(state.errors, state.columns))
    return entries


class _Writes:
    """An import's new and changed targets or actions, staged with every value
    converted for the database, then copied (`apply`) with their history:
    one django-simple-history record per record created (+) or changed (~),
    as its `save` would write, with the importer as the history's user."""

    def __init__(self, entries: list[_Entry], stage: Stage, *, reason: str, user) -> None:
        self.stage, self.reason, self.user = stage, reason, user
        self.now = timezone.now()
        self.new = [entry for entry in entries if entry.before is None]
        self.changed = [entry for entry in entries if entry.before is not None and entry.changed]
        self.unchanged = len(entries) - len(self.new) - len(self.changed)
        # The fields a file sets are those of its columns, the same on every row.
        self.fields = sorted(
            {name for entry in self.changed for name in entry.before or {}} | {"updated_at"}
        )
        self.rank = {}
        for rank, (entry, pk) in enumerate(
            zip(self.new, stage.new_ids(len(self.new)), strict=True), start=1
        ):
            entry.instance.pk = pk
            entry.instance.created_at = self.now
            self.rank[entry.row] = rank
        for entry in (*self.new, *self.changed):
            entry.instance.updated_at = self.now

    def stage_rows(self) -> None:
        self.stage.add(
            [
                *(self._row(entry, "+", self.rank[entry.row]) for entry in self.new),
                *(self._row(entry, "~", None) for entry in self.changed),
            ]
        )

    def _row(self, entry: _Entry, history_type: str, rank: int | None) -> list:
        return [*self.stage.prepared(entry.instance), history_type, rank, entry.row]

    def apply(self) -> ImportResult:
        """Copy the staged rows and their history (in the caller's transaction)."""
        stage = self.stage
        stage.number_new_rows()
        stage.insert_new()
        if self.changed:
            stage.update_known(self.fields, f"{stage.column('history_type')} = '~'")
        stage.insert_history(
            when=self.now,
            reason=self.reason,
            user_id=getattr(self.user, "pk", None),
            where="history_type IS NOT NULL",
        )
        return ImportResult(
            created=len(self.new), updated=len(self.changed), unchanged=self.unchanged
        )


def import_targets(
    source: bytes | BinaryIO,
    filename: str,
    *,
    importer=None,
    local_government: LocalGovernment | None = None,
) -> ImportResult:
    """Create and update targets from a target file, all or nothing.

    A row with an `id` updates that target of its member; a row without one
    creates a target. A column the file leaves out leaves that field as it
    is; a blank cell clears it (or sets its default). The computed columns of
    an export (`target_tco2e` …) are accepted and ignored. An `importer` (a
    user; None from the command line) may only change the targets of local
    governments whose commitments they may edit; with `local_government`
    (a web import from a member's page) every row must be that member's.
    Raises `ImportFailed` listing every problem, in which case nothing has
    changed.
    """
    return _import(
        lambda: _Import(
            Target,
            TARGET_EXPORT_COLUMNS,
            _TARGET_FIELDS,
            importer=importer,
            local_government=local_government,
        ),
        source,
        filename,
        importer,
    )


def import_actions(
    source: bytes | BinaryIO,
    filename: str,
    *,
    importer=None,
    local_government: LocalGovernment | None = None,
) -> ImportResult:
    """Create and update actions from an action file, all or nothing.

    As `import_targets`; besides, `plan` names one of the member's action
    plans by id or title and `target` one of its targets by id.
    """
    return _import(
        lambda: _Import(
            Action,
            ACTION_COLUMNS,
            _ACTION_FIELDS,
            importer=importer,
            local_government=local_government,
        ),
        source,
        filename,
        importer,
    )


def _plan(text: str | None, member: LocalGovernment, plans: list[ActionPlan]) -> ActionPlan | None:
    """The member's action plan a cell names by id or by title."""
    if text is None:
        return None
    if text.isdigit():
        by_id = [plan for plan in plans if plan.pk == int(text)]
        if by_id:
            return by_id[0]
    by_title = [plan for plan in plans if plan.title == text]
    if len(by_title) == 1:
        return by_title[0]
    if by_title:
        raise CellError(
            f"{len(by_title)} action plans of {member.code} are called '{text}'; give its id"
        )
    raise CellError(f"{member.code} has no action plan '{text}' (give its id or title)")


# Exporting


def _number(value: float | None) -> float | int | None:
    """A whole number without a trailing `.0`, for people reading the file."""
    if value is not None and float(value).is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _cells(instance: models.Model, fields: dict[str, _Field]) -> dict[str, object]:
    cells: dict[str, object] = {
        "member": instance.local_government.code,
        "id": instance.pk,
        "campaign": instance.campaign.code if instance.campaign_id else None,
    }
    for column, spec in fields.items():
        value = getattr(instance, spec.name)
        if isinstance(value, list):
            value = " ".join(value)
        elif isinstance(value, float):
            value = _number(value)
        cells[column] = None if value == "" else value
    return cells


def counted_inventories(local_government: LocalGovernment) -> QuerySet[Inventory]:
    """The inventories the command line computes a member's figures from: all but
    drafts, one version a year."""
    return Inventory.objects.filter(local_government=local_government).beyond_draft()


def export_targets(
    queryset: QuerySet[Target],
    *,
    format: Format,
    target: BinaryIO,
    inventories: Callable[[LocalGovernment], QuerySet[Inventory]] = counted_inventories,
) -> int:
    """Write the targets to `target` in the target-file format; return how many.

    The figures (t CO2e) are computed from `inventories(local_government)`:
    by default every inventory beyond draft; a web download passes the ones
    the person may count. The file imports back unchanged.
    """
    rows = []
    counting: dict[int, QuerySet[Inventory]] = {}
    for record in queryset.select_related("local_government", "campaign"):
        lg = record.local_government
        if lg.pk not in counting:
            counting[lg.pk] = inventories(lg)
        figures = target_figures(record, counting[lg.pk])
        latest = figures.latest_progress
        cells = _cells(record, _TARGET_FIELDS) | {
            "target_tco2e": _number(figures.target_t),
            "bau_tco2e": _number(figures.bau_t),
            "committed_reduction_tco2e": _number(figures.committed_reduction_t),
            "progress": None if latest is None else f"{latest[2]} ({latest[0]})",
        }
        rows.append([cells[column] for column in TARGET_EXPORT_COLUMNS])
    write_table(rows, columns=TARGET_EXPORT_COLUMNS, format=format, target=target)
    return len(rows)


def export_actions(queryset: QuerySet[Action], *, format: Format, target: BinaryIO) -> int:
    """Write the actions to `target` in the action-file format; return how many.

    A plan is written by its title where that names it alone among its
    member's plans, else by its id. The file imports back unchanged.
    """
    actions = list(queryset.select_related("local_government", "campaign", "plan"))
    titles: dict[tuple[int, str], int] = defaultdict(int)
    for lg_id, title in ActionPlan.objects.filter(
        local_government_id__in={action.local_government_id for action in actions}
    ).values_list("local_government_id", "title"):
        titles[lg_id, title] += 1
    rows = []
    for action in actions:
        plan = action.plan
        if plan is None:
            plan_cell = None
        elif titles[plan.local_government_id, plan.title] == 1 and not plan.title.isdigit():
            plan_cell = plan.title
        else:
            plan_cell = plan.pk
        cells = _cells(action, _ACTION_FIELDS) | {"plan": plan_cell, "target": action.target_id}
        rows.append([cells[column] for column in ACTION_COLUMNS])
    write_table(rows, columns=ACTION_COLUMNS, format=format, target=target)
    return len(rows)
