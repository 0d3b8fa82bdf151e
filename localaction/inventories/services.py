"""Writing inventories: lines in, gas masses and per-cell totals out, all or nothing.

Every way lines arrive — the editor, a file import, the API — goes through
`inventory_replace_lines` or `inventory_add_line`: factors are resolved from
the library and snapshotted on the line, gas masses are computed by the core
(`localaction.core.ghg`) and stored in kilograms, and the inventory's
per-cell totals are rewritten in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from localaction.accounts import notifications
from localaction.core import ghg
from localaction.core.coverage import (
    BIOGENIC_CO2,
    SUMMARY_LEVELS,
    level_sums,
    summable,
    weigh_level_sums,
)
from localaction.core.gpc import GPCError, Level, Notation, cell, notation_key
from localaction.core.gwp import GWP_SETS, TITLES, GWPError, gwp_set
from localaction.core.gwp import gas as known_gas
from localaction.core.quantities import CO2E_TOTAL, GAS_MASS
from localaction.core.units import Amount
from localaction.inventories.library import ipcc_category
from localaction.inventories.models import (
    DataQuality,
    EmissionFactor,
    Inventory,
    InventoryLevelCO2e,
    InventoryLevelTotal,
    InventoryLine,
    InventoryTotal,
)

# How often long work over lines tells its `progress` callback how far it is.
PROGRESS_EVERY = 250
# Lines saved per INSERT when someone watches the progress.
SAVE_BATCH = 1000

LinesProgress = Callable[[str, int], None]
"""Told how far work over many lines has come: `(stage, lines done)`, the stage
being "computing" (checked and calculated by the core), "saving" (written),
then "summarising" (the per-cell totals, once, with 0)."""


@dataclass(frozen=True)
class LineData:
    """One line as a user gives it, before it is checked and calculated.

    A line is exactly one of: an `amount` in `unit` with a library `factor`
    (a factor code, or an activity such as `natural_gas` for the most specific
    factor of the library) or explicit factors `ef_kg` (kg per unit of
    `ef_unit`'s denominator, e.g. `ef_unit="kg/TJ"`); measured gas masses
    `measured_kg`; or a `notation_key` with its `explanation`.
    """

    gpc_ref: str
    activity: str = ""
    amount: float | None = None
    unit: str = ""
    factor: str = ""
    ef_kg: Mapping[str, float] = field(default_factory=dict)
    ef_unit: str = ""
    ncv: float | None = None
    ncv_unit: str = ""
    density: float | None = None
    density_unit: str = ""
    measured_kg: Mapping[str, float] = field(default_factory=dict)
    biogenic_co2_kg: float | None = None
    notation_key: str = ""
    explanation: str = ""
    data_quality: str = ""
    source: str = ""
    comment: str = ""


# LineData's fields that a problem points to under their own name.
_OWN_NAMES = frozenset(f.name for f in fields(LineData) if f.name not in ("ef_kg", "measured_kg"))


def line_error_column(field: str, data: LineData) -> str | None:
    """The input a `ghg.LineError` about `field` points to on this line, named as
    the columns of the lines file (docs/formats/inventory.md): "amount", "unit",
    "ef_co2" or "co2_kg" for a gas, "factor" for what a library factor gave…;
    None when it is about the line as a whole. The line form's fields have the
    same names; the API renames the gas columns (`ef_kg`, `measured_kg`)."""
    activity = data.amount is not None
    if field in ("cell", "gpc_ref"):
        return "gpc_ref"
    if field == "notation":
        return "notation_key"
    if field in ("measured", "gases_kg"):
        return next((f"{name.lower()}_kg" for name in data.measured_kg), "biogenic_co2_kg")
    if field == "factors":
        return next((f"ef_{name.lower()}" for name in data.ef_kg), "factor")
    if field == "factor_unit":
        return "ef_unit" if data.ef_kg else "factor"
    if field == "biogenic_co2_factor":
        return "factor"
    if field == "biogenic_co2_kg":
        return "factor" if activity else field
    if field in _OWN_NAMES:
        return field
    try:
        name = known_gas(field).lower()
    except GWPError:
        return None
    if not activity:
        return f"{name}_kg"
    return f"ef_{name}" if data.ef_kg else "factor"


class LinesInvalid(Exception):
    """Lines that cannot be saved; `errors` holds a ghg.LineError per problem, placed."""

    def __init__(self, errors: Sequence[ghg.LineError]) -> None:
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = list(errors)


class FactorLibrary:
    """The factors an inventory may use — the defaults, its country's and its own,
    valid in its year — indexed for resolving lines."""

    LEVEL_RANK = {"local_government": 0, "country": 1, "default": 2}

    def __init__(self, factors: Sequence[EmissionFactor]) -> None:
        self.by_code = {factor.code: factor for factor in factors}
        self.by_activity: dict[str, list[EmissionFactor]] = defaultdict(list)
        for factor in factors:
            self.by_activity[factor.activity].append(factor)

    @classmethod
    def for_inventory(cls, inventory: Inventory) -> FactorLibrary:
        local_government = inventory.local_government
        return cls(
            EmissionFactor.objects.valid_in(inventory.year).filter(
                Q(country=None, local_government=None)
                | Q(country=local_government.country_id, local_government=None)
                | Q(local_government=local_government)
            )
        )

    def resolve(self, text: str, gpc_ref: str) -> EmissionFactor:
        """The factor named by code, or else the most specific one for the activity
        in this cell: the local government's, then the country's, then the default."""
        if text in self.by_code:
            return self.by_code[text]
        category = ipcc_category(gpc_ref)
        candidates = [
            factor for factor in self.by_activity.get(text, ()) if factor.category in (category, "")
        ]
        if not candidates:
            raise ghg.LineError(
                _("'%(factor)s' is neither a factor code nor an activity with a factor in %(cell)s")
                % {"factor": text, "cell": gpc_ref},
                field="factor",
            )
        return min(
            candidates,
            key=lambda f: (
                self.LEVEL_RANK[f.level],
                f.category != category,
                -(f.valid_from or 0),
            ),
        )


def _activity_key(text: str) -> str:
    return "_".join(text.lower().replace("/", " ").split())


def _factor_unit(per_unit: str) -> str:
    return f"kg/{per_unit}" if per_unit.isalnum() else f"kg/({per_unit})"


def _amount(value: float | None, unit: str) -> Amount | None:
    return Amount(value, unit) if value is not None else None


def build_line(data: LineData, *, inventory: Inventory, library: FactorLibrary) -> InventoryLine:
    """Check and calculate one line; an unsaved InventoryLine, or ghg.LineError."""
    try:
        ref = cell(data.gpc_ref).ref
    except GPCError as error:
        raise ghg.LineError(str(error), field="gpc_ref") from None
    if data.data_quality and data.data_quality not in DataQuality.values:
        raise ghg.LineError(
            _("'%(value)s' is not a data quality; use high, medium or low")
            % {"value": data.data_quality},
            field="data_quality",
        )
    for name in (
        "activity",
        "unit",
        "ef_unit",
        "ncv_unit",
        "density_unit",
        "explanation",
        "source",
        "comment",
    ):
        limit = InventoryLine._meta.get_field({"ef_unit": "factor_unit"}.get(name, name)).max_length
        if len(getattr(data, name)) > limit:
            raise ghg.LineError(
                _("at most %(limit)s characters (this has %(length)s)")
                % {"limit": limit, "length": len(getattr(data, name))},
                field=name,
            )
    line = InventoryLine(
        local_government_id=inventory.local_government_id,
        inventory=inventory,
        gpc_ref=ref,
        activity=data.activity,
        data_quality=data.data_quality,
        source=data.source,
        comment=data.comment,
    )
    given = [
        name
        for name, present in (
            ("amount", data.amount is not None),
            ("measured", bool(data.measured_kg) or data.biogenic_co2_kg is not None),
            ("notation_key", bool(data.notation_key)),
        )
        if present
    ]
    if len(given) > 1:
        raise ghg.LineError(
            _("a line has an amount, measured masses or a notation key, only one of them"),
            field=given[-1],
        )
    if not given:
        raise ghg.LineError(
            _("give an amount, measured gas masses or a notation key"), field="amount"
        )
    if data.notation_key:
        try:
            key = notation_key(data.notation_key)
        except GPCError as error:
            raise ghg.LineError(str(error), field="notation_key") from None
        try:
            source = Notation(key, data.explanation)
        except GPCError as error:
            raise ghg.LineError(str(error), field="explanation") from None
        line.notation_key, line.explanation = str(source.key), data.explanation
    elif data.amount is not None:
        source = _activity(data, line, library)
    else:
        source = ghg.Measured(data.measured_kg, data.biogenic_co2_kg or 0.0)
        line.measured_kg = dict(source.gases_kg)
    calculated = ghg.Line(ref, source)
    line.gases_kg = dict(calculated.gases_kg)
    line.biogenic_co2_kg = calculated.biogenic_co2_kg
    return line


def _activity(data: LineData, line: InventoryLine, library: FactorLibrary) -> ghg.Activity:
    if data.factor and data.ef_kg:
        raise ghg.LineError(
            _("give a library factor or explicit factors, not both"), field="factor"
        )
    # A line that names no factor takes the library's most specific one for its
    # activity ("natural gas" → natural_gas), if the library knows the activity.
    named = data.factor or (
        _activity_key(data.activity)
        if not data.ef_kg and _activity_key(data.activity) in library.by_activity
        else ""
    )
    if named:
        factor = library.resolve(named, line.gpc_ref)
        line.factor = factor
        line.factor_kg_per_unit = dict(factor.kg_per_unit)
        line.factor_unit = _factor_unit(factor.unit)
        line.factor_biogenic_co2_kg_per_unit = factor.biogenic_co2_kg_per_unit
        line.ncv, line.ncv_unit = factor.ncv, factor.ncv_unit
        line.density, line.density_unit = factor.density, factor.density_unit
    elif data.ef_kg:
        if not data.ef_unit:
            raise ghg.LineError(_("explicit factors need their unit, e.g. kg/TJ"), field="ef_unit")
        line.factor_kg_per_unit = dict(data.ef_kg)
        line.factor_unit = data.ef_unit
    else:
        raise ghg.LineError(
            _("an amount needs a library factor or explicit factors"), field="factor"
        )
    # Values given on the line win over the library's.
    if data.ncv is not None:
        line.ncv, line.ncv_unit = data.ncv, data.ncv_unit
    if data.density is not None:
        line.density, line.density_unit = data.density, data.density_unit
    line.amount, line.unit = data.amount, data.unit
    return _activity_of(line)


def _activity_of(line: InventoryLine) -> ghg.Activity:
    """The core's view of a line's activity and its snapshotted factors."""
    return ghg.Activity(
        amount=line.amount,
        unit=line.unit,
        factors=line.factor_kg_per_unit,
        factor_unit=line.factor_unit,
        biogenic_co2_factor=line.factor_biogenic_co2_kg_per_unit or 0.0,
        ncv=_amount(line.ncv, line.ncv_unit),
        density=_amount(line.density, line.density_unit),
    )


def _require_draft(inventory: Inventory) -> None:
    if not inventory.is_draft:
        raise ValidationError(
            _("Only a draft inventory can be changed; this one is %(status)s.")
            % {"status": inventory.get_status_display()}
        )


def build_lines(
    inventory: Inventory,
    lines: Sequence[LineData],
    *,
    library: FactorLibrary | None = None,
    progress: LinesProgress | None = None,
) -> list[InventoryLine]:
    """Check and calculate every line; LinesInvalid listing every problem.

    `library` defaults to the inventory's own; a caller building many
    inventories of one country and year may share one. `progress`, if given,
    is told how many lines are computed every PROGRESS_EVERY lines and at the end.
    """
    library = library or FactorLibrary.for_inventory(inventory)
    built, errors = [], []
    for index, data in enumerate(lines):
        try:
            line = build_line(data, inventory=inventory, library=library)
        except ghg.LineError as error:
            errors.append(error.at(index))
        else:
            line.position = index
            built.append(line)
        if progress and ((index + 1) % PROGRESS_EVERY == 0 or index + 1 == len(lines)):
            progress("computing", index + 1)
    if errors:
        raise LinesInvalid(errors)
    return built


@transaction.atomic
def inventory_replace_lines(
    *,
    inventory: Inventory,
    lines: Sequence[LineData],
    progress: LinesProgress | None = None,
) -> int:
    """Replace all lines of a draft inventory; returns how many. All or nothing.

    `progress`, if given, is told how far the work has come (`LinesProgress`)."""
    _require_draft(inventory)
    built = build_lines(inventory, lines, progress=progress)
    return inventory_save_built_lines(inventory=inventory, built=built, progress=progress)


@transaction.atomic
def inventory_save_built_lines(
    *,
    inventory: Inventory,
    built: Sequence[InventoryLine],
    progress: LinesProgress | None = None,
) -> int:
    """Replace all lines of a draft inventory with lines `build_lines` made; returns
    how many. All or nothing. An import builds its lines before its write
    transaction begins, so that the transaction only saves them."""
    _require_draft(inventory)
    for line in built:
        line.inventory = inventory
    inventory.lines.all().delete()
    if progress is None:
        InventoryLine.objects.bulk_create(built)
    else:
        for start in range(0, len(built), SAVE_BATCH):
            InventoryLine.objects.bulk_create(built[start : start + SAVE_BATCH])
            progress("saving", min(start + SAVE_BATCH, len(built)))
        progress("summarising", 0)
    inventory_summarise(inventory=inventory)
    return len(built)


@transaction.atomic
def inventory_add_line(*, inventory: Inventory, data: LineData) -> InventoryLine:
    """Add one line to a draft inventory."""
    _require_draft(inventory)
    (line,) = build_lines(inventory, [data])
    line.position = inventory.lines.count()
    line.save()
    inventory_summarise(inventory=inventory)
    return line


@transaction.atomic
def inventory_delete_line(*, line: InventoryLine) -> None:
    _require_draft(line.inventory)
    line.delete()
    inventory_summarise(inventory=line.inventory)


@transaction.atomic
def inventory_recalculate(*, inventory: Inventory) -> int:
    """Take the library's current values for every line that names a library factor.

    Only a draft: a submitted inventory keeps the values it was submitted with.
    """
    _require_draft(inventory)
    library = FactorLibrary.for_inventory(inventory)
    changed = 0
    lines = list(inventory.lines.exclude(factor=None).select_related("factor"))
    for line in lines:
        factor = library.by_code.get(line.factor.code, line.factor)
        line.factor_kg_per_unit = dict(factor.kg_per_unit)
        line.factor_unit = _factor_unit(factor.unit)
        line.factor_biogenic_co2_kg_per_unit = factor.biogenic_co2_kg_per_unit
        calculated = ghg.Line(line.gpc_ref, _activity_of(line))
        if dict(calculated.gases_kg) != line.gases_kg:
            changed += 1
        line.gases_kg = dict(calculated.gases_kg)
        line.biogenic_co2_kg = calculated.biogenic_co2_kg
    InventoryLine.objects.bulk_update(
        lines,
        [
            "factor_kg_per_unit",
            "factor_unit",
            "factor_biogenic_co2_kg_per_unit",
            "gases_kg",
            "biogenic_co2_kg",
        ],
    )
    inventory_summarise(inventory=inventory)
    return changed


def cell_totals(inventory: Inventory, lines: Iterable[InventoryLine]) -> list[InventoryTotal]:
    """The per-cell gas totals (kg) of the lines, summed by cell then position,
    as unsaved InventoryTotal rows."""
    sums: dict[tuple[str, str], float] = defaultdict(float)
    for line in sorted(lines, key=lambda line: (line.gpc_ref, line.position)):
        for gas, kg in line.gases_kg.items():
            sums[line.gpc_ref, gas] += kg
        if line.biogenic_co2_kg:
            sums[line.gpc_ref, BIOGENIC_CO2] += line.biogenic_co2_kg
    return [
        InventoryTotal(
            local_government_id=inventory.local_government_id,
            inventory=inventory,
            gpc_ref=gpc_ref,
            gas=gas,
            kg=kg,
        )
        for (gpc_ref, gas), kg in sums.items()
    ]


def level_totals(
    inventory: Inventory, totals: Iterable[InventoryTotal]
) -> list[InventoryLevelTotal]:
    """The inventory's level sums (core.coverage.level_sums) of its per-cell
    totals, for every level targets and reports total, as unsaved rows; a sum
    that cannot be added up (core.coverage.summable) is left blank."""
    rows = [(total.gpc_ref, total.gas, total.kg) for total in totals]
    made = []
    for level in SUMMARY_LEVELS:
        for gas, sums in level_sums(rows, level).items():
            values = (sums.kg, *sums.by_sector_kg, *sums.by_scope_kg)
            made.append(
                InventoryLevelTotal(
                    local_government_id=inventory.local_government_id,
                    inventory=inventory,
                    level=level,
                    gas=gas,
                    **{
                        column: value if summable(value) else None
                        for column, value in zip(InventoryLevelTotal.COLUMNS, values, strict=True)
                    },
                )
            )
    return made


def level_co2e(
    inventory: Inventory, level_rows: Iterable[InventoryLevelTotal]
) -> list[InventoryLevelCO2e]:
    """The inventory's level sums weighted by every GWP set
    (core.coverage.weigh_level_sums), one unsaved row per level and set that
    has level sums."""
    by_level: dict[str, list[tuple[str, list[float | None]]]] = defaultdict(list)
    for row in level_rows:
        by_level[row.level].append(
            (row.gas, [getattr(row, column) for column in InventoryLevelTotal.COLUMNS])
        )
    made = []
    for level, sums in by_level.items():
        for name in GWP_SETS:
            weighted = weigh_level_sums(sums, name)
            made.append(
                InventoryLevelCO2e(
                    local_government_id=inventory.local_government_id,
                    inventory=inventory,
                    level=level,
                    gwp_set=name,
                    unweighted=weighted.unweighted,
                    blank=weighted.blank,
                    **dict(zip(InventoryLevelCO2e.COLUMNS, weighted.values, strict=True)),
                )
            )
    return made


@dataclass(frozen=True)
class Summary:
    """An inventory's summary rows, unsaved: per-cell totals, level sums and the
    level sums weighted by every GWP set."""

    totals: list[InventoryTotal]
    level_totals: list[InventoryLevelTotal]
    level_co2e: list[InventoryLevelCO2e]


def inventory_summary(inventory: Inventory, lines: Iterable[InventoryLine]) -> Summary:
    """The summary rows of `lines`, saved or not. An import computes them from
    the lines it built, before its write transaction begins, so that the
    transaction only saves them (`inventory_save_summary`)."""
    totals = cell_totals(inventory, lines)
    sums = level_totals(inventory, totals)
    return Summary(totals, sums, level_co2e(inventory, sums))


def inventory_save_summary(*, inventory: Inventory, summary: Summary) -> None:
    """Replace the inventory's summary rows with `summary`'s (made for it, or for
    an unsaved stand-in of it). Callers hold a transaction, so the summary
    never disagrees with the lines."""
    inventory.totals.all().delete()
    inventory.level_totals.all().delete()
    inventory.level_co2e.all().delete()
    for rows, model in (
        (summary.totals, InventoryTotal),
        (summary.level_totals, InventoryLevelTotal),
        (summary.level_co2e, InventoryLevelCO2e),
    ):
        for row in rows:
            row.inventory = inventory
            row.local_government_id = inventory.local_government_id
        model.objects.bulk_create(rows)
    Inventory.objects.filter(pk=inventory.pk).update(updated_at=timezone.now())


def inventory_summarise(*, inventory: Inventory) -> None:
    """Rewrite the inventory's per-cell gas totals (kg) and level sums from its lines.

    Callers hold a transaction, so the summary never disagrees with the lines.
    """
    # `inventory` too: a related manager sets each line's inventory from its
    # `inventory_id`, which, deferred, would cost a query per line.
    lines = inventory.lines.only("inventory", "gpc_ref", "position", "gases_kg", "biogenic_co2_kg")
    inventory_save_summary(inventory=inventory, summary=inventory_summary(inventory, lines))


class LinesUnusable(ValidationError):
    """Stored lines whose gas masses cannot be added up: out of the bounds of
    core.quantities.GAS_MASS (saved before the bounds were checked).
    `positions` are the lines' numbers on the inventory page (from 1)."""

    def __init__(self, positions: Sequence[int]) -> None:
        self.positions = list(positions)
        shown = ", ".join(map(str, self.positions[:10])) + (
            " …" if len(self.positions) > 10 else ""
        )
        super().__init__(
            {
                "lines": _(
                    "Line(s) %(lines)s cannot be added up: their gas masses are outside the "
                    "bounds (%(bound)s). Correct or delete them."
                )
                % {"lines": shown, "bound": GAS_MASS.describe()}
            }
        )


def _usable(gases_kg: Mapping[str, float], biogenic_co2_kg: float) -> bool:
    return all(GAS_MASS.accepts(kg) for kg in (*gases_kg.values(), biogenic_co2_kg))


def inventory_results(
    inventory: Inventory, gwp: str | None = None, *, leave_out_unusable: bool = False
) -> ghg.Results:
    """The inventory's results under a GWP set (its own by default), from stored masses.

    Lines whose masses cannot be added up raise LinesUnusable, or count for
    nothing with `leave_out_unusable` (for the editor, where they are corrected).
    """
    try:
        chosen = gwp_set(gwp or inventory.gwp_set)
    except GWPError as error:
        raise ValidationError({"gwp": str(error)}) from None
    lines = _stored_lines(inventory, leave_out_unusable=leave_out_unusable)
    try:
        return ghg.calculate(lines, chosen)
    except GWPError as error:  # a gas the set has no value for (NF3 under SAR)
        raise ValidationError({"gwp": str(error)}) from None


def _stored_lines(inventory: Inventory, *, leave_out_unusable: bool = False) -> ghg.Lines:
    rows = list(
        inventory.lines.order_by("position", "pk").values_list(
            "gpc_ref", "gases_kg", "biogenic_co2_kg", "notation_key"
        )
    )
    unusable = [
        number
        for number, (_ref, gases_kg, biogenic, _key) in enumerate(rows, start=1)
        if not _usable(gases_kg, biogenic)
    ]
    if unusable and not leave_out_unusable:
        raise LinesUnusable(unusable)
    if unusable:
        rows = [
            (ref, {}, 0.0, key) if number in unusable else (ref, gases_kg, biogenic, key)
            for number, (ref, gases_kg, biogenic, key) in enumerate(rows, start=1)
        ]
    gases = sorted({gas for _ref, gases_kg, _b, _k in rows for gas in gases_kg})
    return ghg.Lines.from_columns(
        cells=[ref for ref, *_rest in rows],
        gases=gases,
        masses_kg=[[gases_kg.get(gas, 0.0) for gas in gases] for _r, gases_kg, _b, _k in rows],
        biogenic_co2_kg=[biogenic for _r, _g, biogenic, _k in rows],
        notations=[key or None for *_rest, key in rows],
    )


def results_summary(results: ghg.Results) -> dict:
    """The results as plain data, as the API, the command line and files give them.

    Totals and breakdowns in tonnes CO2e, masses in kg. `by_scope_tco2e`,
    `by_sector_tco2e`, `gases_kg` and `totals_tco2e["all_lines"]` count every
    line, so each adds up to the sum of the lines; `basic`, `basic_plus` and
    `territorial` are the GPC totals.
    """

    def tonnes(by_key: Mapping[object, float]) -> dict[str, float]:
        return {str(key): kg / 1000 for key, kg in by_key.items()}

    completeness = results.completeness(Level.BASIC)
    return {
        "gwp": results.gwp,
        "gwp_title": TITLES[results.gwp],
        "method": results.method,
        "totals_tco2e": {
            "basic": results.total_co2e_kg(Level.BASIC) / 1000,
            "basic_plus": results.total_co2e_kg(Level.BASIC_PLUS) / 1000,
            "territorial": results.total_co2e_kg(Level.TERRITORIAL) / 1000,
            "all_lines": results.total_co2e_kg() / 1000,
        },
        "by_scope_tco2e": tonnes(results.by_scope_co2e_kg()),
        "by_sector_tco2e": tonnes(results.by_sector_co2e_kg()),
        "gases_kg": results.by_gas_kg(),
        "biogenic_co2_kg": results.biogenic_co2_kg(),
        "completeness": {
            "level": str(completeness.level),
            "complete": completeness.complete,
            "missing": list(completeness.missing),
        },
    }


# Status: draft → submitted → verified → published, each step with who and when.

TRANSITIONS = {
    "submit": (Inventory.Status.DRAFT, Inventory.Status.SUBMITTED, "submitted"),
    "return": (Inventory.Status.SUBMITTED, Inventory.Status.DRAFT, None),
    "verify": (Inventory.Status.SUBMITTED, Inventory.Status.VERIFIED, "verified"),
    "publish": (Inventory.Status.VERIFIED, Inventory.Status.PUBLISHED, "published"),
}


STEP_NOTIFICATIONS = {
    "submit": "inventory_submitted",
    "return": "inventory_returned",
    "verify": "inventory_verified",
    "publish": "inventory_published",
}


def _refusal(step: str) -> str:
    return {
        "submit": _("Only a draft inventory can be submitted."),
        "return": _("Only a submitted inventory can be returned to draft."),
        "verify": _("Only a submitted inventory can be verified."),
        "publish": _("Only a verified inventory can be published."),
    }[step]


# The steps towards publication: each refuses an inventory that cannot be added up.
FORWARD_STEPS = ("submit", "verify", "publish")


def inventory_check_totals(*, inventory: Inventory) -> None:
    """ValidationError unless every line can be added up and every total of the
    inventory — each GPC total, sector and gas, under every GWP set — is within
    core.quantities.CO2E_TOTAL: what the network report adds up must add up."""
    lines = _stored_lines(inventory)
    for name in GWP_SETS:
        try:
            results = ghg.calculate(lines, gwp_set(name))
        except GWPError:
            continue  # a gas this set has no GWP for: the report refuses that set itself
        totals = [
            results.total_co2e_kg(),
            *(results.total_co2e_kg(level) for level in Level),
            *results.by_sector_co2e_kg().values(),
            *results.by_gas_co2e_kg().values(),
            results.biogenic_co2_kg(),
        ]
        if not all(CO2E_TOTAL.accepts(kg) for kg in totals):
            raise ValidationError(
                _(
                    "The inventory's totals are outside the bounds (%(bound)s under "
                    "%(gwp)s); check the lines' amounts, units and factors."
                )
                % {"bound": CO2E_TOTAL.describe(), "gwp": name}
            )


@transaction.atomic
def inventory_move(*, inventory: Inventory, step: str, user) -> Inventory:
    """Take one step of the inventory's life, stamping who and when.

    Publishing a correction supersedes the version it corrects, in the same
    transaction: a year never has two published versions, nor none between them.
    """
    before, after, stamp = TRANSITIONS[step]
    if inventory.status != before:
        raise ValidationError(_refusal(step))
    if step in FORWARD_STEPS:
        inventory_check_totals(inventory=inventory)
    now = timezone.now()
    if step == "publish" and inventory.supersedes_id:
        previous = Inventory.objects.select_for_update().get(pk=inventory.supersedes_id)
        previous.status = Inventory.Status.SUPERSEDED
        previous.superseded_at, previous.superseded_by = now, user
        previous._history_user = user
        previous.save()
    inventory.status = after
    if stamp:
        setattr(inventory, f"{stamp}_at", now)
        setattr(inventory, f"{stamp}_by", user)
    inventory._history_user = user
    inventory.save()
    local_government = inventory.local_government
    # Submitting asks the covering offices to act; their answer goes to the editors.
    notifications.notify(
        STEP_NOTIFICATIONS[step],
        recipients=notifications.office_staff_covering(local_government)
        if step == "submit"
        else notifications.editors_of(local_government),
        params={"local_government": local_government.name, "year": inventory.year},
        url=inventory.get_absolute_url(),
    )
    return inventory


# Corrections: a published inventory is reopened as a new version.


@transaction.atomic
def inventory_correct(*, inventory: Inventory, user) -> Inventory:
    """Reopen a published inventory as a correction: a new draft version of the same
    year with a copy of its lines, which supersedes it once published.

    The published version stays published (and in the report) until then; a
    year has one open correction at a time. Who may reopen is
    `permissions.can_move_inventory(user, inventory, "correct")`: the office.
    """
    inventory = Inventory.objects.select_for_update().get(pk=inventory.pk)
    if inventory.status != Inventory.Status.PUBLISHED:
        raise ValidationError(
            _("Only a published inventory can be corrected; this one is %(status)s.")
            % {"status": inventory.get_status_display()}
        )
    versions = Inventory.objects.filter(
        local_government_id=inventory.local_government_id, year=inventory.year
    )
    open_version = versions.filter(status__in=Inventory.OPEN_STATUSES).first()
    if open_version is not None:
        raise ValidationError(
            _(
                "Version %(version)s of this inventory is already open as a correction: "
                "one correction at a time."
            )
            % {"version": open_version.version}
        )
    correction = Inventory(
        local_government_id=inventory.local_government_id,
        year=inventory.year,
        period_start=inventory.period_start,
        period_end=inventory.period_end,
        boundary_note=inventory.boundary_note,
        gwp_set=inventory.gwp_set,
        version=max(versions.values_list("version", flat=True)) + 1,
        supersedes=inventory,
    )
    correction._history_user = user
    correction.save()
    lines = list(inventory.lines.order_by("position", "pk"))
    for line in lines:
        line.pk = None
        line.inventory = correction
    InventoryLine.objects.bulk_create(lines)
    inventory_summarise(inventory=correction)
    local_government = inventory.local_government
    notifications.notify(
        "inventory_reopened",
        recipients=notifications.editors_of(local_government),
        params={"local_government": local_government.name, "year": inventory.year},
        url=correction.get_absolute_url(),
    )
    return correction


def deletion_refusal(inventory: Inventory) -> str | None:
    """Why the inventory may not be deleted, or None: only a draft may be, since
    what was submitted is a record."""
    if inventory.is_draft:
        return None
    return _("Only a draft inventory can be deleted; this one is %(status)s.") % {
        "status": inventory.get_status_display()
    }


@transaction.atomic
def inventory_delete(*, inventory: Inventory) -> None:
    """Delete a draft, whichever door asks (the API, the admin)."""
    if (refusal := deletion_refusal(inventory)) is not None:
        raise ValidationError(refusal)
    inventory.delete()
