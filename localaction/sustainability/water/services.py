"""The rules of water accounts: keeping an inventory (its lines, losses and
quality), submitting and verifying it, and recording an action's benefits.

Every write checks who may (permissions.py) and refuses bad values with a
ValidationError naming the field; nothing is half-written. The core
(core.water) converts and checks the numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from localaction.campaigns.models import Action
from localaction.core import water as method
from localaction.core.gwp import GWPError, gwp_set
from localaction.core.quantities import YEAR, QuantityError
from localaction.core.units import UnitError, multiplier
from localaction.inventories.models import EmissionFactor
from localaction.network.models import LocalGovernment
from localaction.sustainability.water import permissions
from localaction.sustainability.water.models import (
    WaterBenefit,
    WaterConsumption,
    WaterInventory,
    WaterQuality,
)

GRID_GWP = "AR6GWP100"
GRID_ACTIVITY = "electricity"
MAX_POPULATION = 100_000_000


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def _volume_m3(amount: float, unit: str, *, field: str, unit_field: str = "unit") -> float:
    try:
        return method.to_m3(amount, unit)
    except method.WaterError as error:
        raise _refuse(unit_field if error.about == "unit" else field, str(error)) from None


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _require_draft(inventory: WaterInventory) -> None:
    if not inventory.is_draft:
        raise ValidationError(
            _("The inventory is %(status)s: only a draft changes.")
            % {"status": inventory.get_status_display().lower()}
        )


# Inventories


def _check_year(year: int) -> int:
    try:
        return int(YEAR.check(year))
    except QuantityError as error:
        raise _refuse("year", str(error)) from None


def _check_population(population: int) -> int:
    if isinstance(population, bool) or not isinstance(population, int):
        raise _refuse("population_served", _("The population served is a whole number."))
    if not 1 <= population <= MAX_POPULATION:
        raise _refuse(
            "population_served",
            _("The population served is from 1 to %(max)s people.")
            % {"max": f"{MAX_POPULATION:,}"},
        )
    return population


@transaction.atomic
def water_inventory_create(
    *,
    local_government: LocalGovernment,
    year: int,
    population_served: int,
    losses: Losses | None = None,
    source: str = "",
    note: str = "",
    user,
) -> WaterInventory:
    """A new draft inventory of the member for `year` (one per year), with its
    water balance where known."""
    _require(permissions.can_keep_inventories(user, local_government))
    year = _check_year(year)
    if WaterInventory.objects.filter(local_government=local_government, year=year).exists():
        raise _refuse(
            "year", _("%(name)s has a water inventory of %(year)s already.")
            % {"name": local_government.name, "year": year},
        )  # fmt: skip
    m3 = _losses_m3(losses or Losses(None, None))
    return WaterInventory.objects.create(
        local_government=local_government,
        year=year,
        population_served=_check_population(population_served),
        system_input_m3=m3["system_input"],
        billed_m3=m3["billed"],
        unbilled_m3=m3["unbilled"],
        apparent_losses_m3=m3["apparent_losses"],
        source=source,
        note=note,
        created_by=user,
    )


@dataclass(frozen=True)
class Losses:
    """The water balance's volumes as entered, in `unit` (None: not known)."""

    system_input: float | None
    billed: float | None
    unbilled: float | None = None
    apparent_losses: float | None = None
    unit: str = "m3"


def _losses_m3(losses: Losses) -> dict[str, float | None]:
    fields = ("system_input", "billed", "unbilled", "apparent_losses")
    m3 = {
        name: None
        if getattr(losses, name) is None
        else _volume_m3(getattr(losses, name), losses.unit, field=name, unit_field="losses_unit")
        for name in fields
    }
    if (m3["system_input"] is None) != (m3["billed"] is None):
        raise _refuse(
            "billed" if m3["billed"] is None else "system_input",
            _("Give both the system input volume and the billed consumption, or neither."),
        )
    if m3["system_input"] is None and (m3["unbilled"] is not None or m3["apparent_losses"]):
        raise _refuse("system_input", _("The other terms need the system input volume."))
    if m3["system_input"] is not None:
        try:
            method.WaterBalance(
                m3["system_input"],
                m3["billed"] or 0.0,
                m3["unbilled"] or 0.0,
                m3["apparent_losses"],
            )
        except method.WaterError as error:
            raise _refuse(error.about, str(error)) from None
    return m3


@transaction.atomic
def water_inventory_update(
    *,
    inventory: WaterInventory,
    population_served: int,
    losses: Losses,
    source: str = "",
    note: str = "",
    user,
) -> WaterInventory:
    """Change a draft's population served, water balance, source and note."""
    _require(permissions.can_keep_inventories(user, inventory.local_government))
    _require_draft(inventory)
    m3 = _losses_m3(losses)
    inventory.population_served = _check_population(population_served)
    inventory.system_input_m3 = m3["system_input"]
    inventory.billed_m3 = m3["billed"]
    inventory.unbilled_m3 = m3["unbilled"]
    inventory.apparent_losses_m3 = m3["apparent_losses"]
    inventory.source = source
    inventory.note = note
    inventory.save()
    return inventory


def water_inventory_summarise(*, inventory: WaterInventory) -> None:
    """Keep the inventory's total (m³) equal to the sum of its lines."""
    inventory.total_m3 = inventory.totals().total
    inventory.save(update_fields=["total_m3", "updated_at"])


@dataclass(frozen=True)
class LineData:
    """One consumption line as entered: sector, source, amount in unit."""

    sector: str
    source: str
    amount: float
    unit: str
    note: str = ""


def build_line(data: LineData) -> WaterConsumption:
    """An unsaved line, or ValidationError naming the field at fault."""
    if data.sector not in method.SECTORS:
        raise _refuse(
            "sector",
            _("'%(value)s' is not a user sector; use one of %(choices)s.")
            % {"value": data.sector, "choices": ", ".join(method.SECTORS)},
        )
    if data.source not in method.SOURCES:
        raise _refuse(
            "source",
            _("'%(value)s' is not a source of water; use one of %(choices)s.")
            % {"value": data.source, "choices": ", ".join(method.SOURCES)},
        )
    m3 = _volume_m3(data.amount, data.unit, field="amount")
    return WaterConsumption(
        sector=data.sector,
        source=data.source,
        amount=float(data.amount),
        unit=data.unit.strip(),
        m3=m3,
        note=data.note,
    )


@transaction.atomic
def water_line_save(*, inventory: WaterInventory, data: LineData, user) -> WaterConsumption:
    """Add the line of a sector and source, or replace the one there is."""
    _require(permissions.can_keep_inventories(user, inventory.local_government))
    _require_draft(inventory)
    line = build_line(data)
    line.inventory = inventory
    inventory.lines.filter(sector=line.sector, source=line.source).delete()
    line.save()
    water_inventory_summarise(inventory=inventory)
    return line


@transaction.atomic
def water_line_delete(*, line: WaterConsumption, user) -> None:
    inventory = line.inventory
    _require(permissions.can_keep_inventories(user, inventory.local_government))
    _require_draft(inventory)
    line.delete()
    water_inventory_summarise(inventory=inventory)


class LinesInvalid(Exception):
    """Lines refused: (position in the list, field, message) of each problem."""

    def __init__(self, errors: Sequence[tuple[int, str, str]]) -> None:
        super().__init__(f"{len(errors)} lines refused")
        self.errors = list(errors)


@transaction.atomic
def water_inventory_replace_lines(
    *, inventory: WaterInventory, lines: Sequence[LineData], user
) -> list[WaterConsumption]:
    """The inventory's lines replaced by `lines`, all or none: LinesInvalid lists
    every line's problem (its position, field and reason), and one sector and
    source given twice is refused too."""
    _require(permissions.can_keep_inventories(user, inventory.local_government))
    _require_draft(inventory)
    built: list[WaterConsumption] = []
    errors: list[tuple[int, str, str]] = []
    seen: dict[tuple[str, str], int] = {}
    for position, data in enumerate(lines):
        try:
            line = build_line(data)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.extend((position, field, message) for message in messages)
            continue
        cell = (line.sector, line.source)
        if cell in seen:
            errors.append(
                (
                    position,
                    "source",
                    _("%(sector)s from %(source)s is given twice (also at line %(other)s).")
                    % {"sector": line.sector, "source": line.source, "other": seen[cell] + 1},
                )
            )
            continue
        seen[cell] = position
        line.inventory = inventory
        built.append(line)
    if errors:
        raise LinesInvalid(errors)
    inventory.lines.all().delete()
    WaterConsumption.objects.bulk_create(built)
    water_inventory_summarise(inventory=inventory)
    return built


@transaction.atomic
def water_quality_save(
    *,
    inventory: WaterInventory,
    indicator: str,
    value: float,
    samples: int | None = None,
    note: str = "",
    user,
) -> WaterQuality:
    """Record (or replace) one water-quality indicator of a draft."""
    _require(permissions.can_keep_inventories(user, inventory.local_government))
    _require_draft(inventory)
    try:
        value = method.check_quality(indicator, value)
    except method.WaterError as error:
        raise _refuse(error.about, str(error)) from None
    if samples is not None and (isinstance(samples, bool) or not 0 < samples <= 10_000_000):
        raise _refuse("samples", _("The number of samples is from 1 to 10,000,000."))
    inventory.quality.filter(indicator=indicator).delete()
    return WaterQuality.objects.create(
        inventory=inventory, indicator=indicator, value=value, samples=samples, note=note
    )


@transaction.atomic
def water_quality_delete(*, quality: WaterQuality, user) -> None:
    inventory = quality.inventory
    _require(permissions.can_keep_inventories(user, inventory.local_government))
    _require_draft(inventory)
    quality.delete()


@transaction.atomic
def water_inventory_submit(*, inventory: WaterInventory, user) -> WaterInventory:
    """The member submits its draft for verification: it needs consumption lines."""
    _require(permissions.can_keep_inventories(user, inventory.local_government))
    _require_draft(inventory)
    if not inventory.lines.exists():
        raise ValidationError(_("An inventory without consumption cannot be submitted."))
    water_inventory_summarise(inventory=inventory)
    inventory.status = WaterInventory.Status.SUBMITTED
    inventory.submitted_by = user
    inventory.submitted_at = timezone.now()
    inventory.save()
    return inventory


@transaction.atomic
def water_inventory_verify(*, inventory: WaterInventory, user) -> WaterInventory:
    """The covering office (or the secretariat) verifies a submitted inventory."""
    if inventory.status != WaterInventory.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted inventory is verified."))
    _require(permissions.can_verify_inventory(user, inventory))
    inventory.status = WaterInventory.Status.VERIFIED
    inventory.verified_by = user
    inventory.verified_at = timezone.now()
    inventory.save()
    return inventory


@transaction.atomic
def water_inventory_reopen(*, inventory: WaterInventory, user) -> WaterInventory:
    """Back to draft, to correct it: a submitted one by its editors or office,
    a verified one by its office only."""
    if inventory.is_draft:
        raise ValidationError(_("The inventory is a draft already."))
    _require(permissions.can_reopen_inventory(user, inventory))
    inventory.status = WaterInventory.Status.DRAFT
    inventory.verified_by = None
    inventory.verified_at = None
    inventory.save()
    return inventory


@transaction.atomic
def water_inventory_delete(*, inventory: WaterInventory, user) -> None:
    _require(permissions.can_keep_inventories(user, inventory.local_government))
    _require_draft(inventory)
    inventory.delete()


# The benefits of actions


@dataclass(frozen=True)
class GridFactor:
    """The grid electricity factor a benefit uses, in kg CO2e per kWh (AR6 GWP100)."""

    kg_co2e_per_kwh: float
    name: str
    source: str
    level: str  # "local_government", "country" or "default"


_LEVEL_RANK = {"local_government": 0, "country": 1, "default": 2}


def grid_factor(local_government: LocalGovernment, year: int) -> GridFactor | None:
    """The platform's electricity factor for the member in `year`: the most
    specific valid one (its own, its country's, the default), as inventories
    resolve it; None when there is none or it cannot be read as CO2e per kWh."""
    candidates = EmissionFactor.objects.valid_in(year).filter(
        Q(country=None, local_government=None)
        | Q(country=local_government.country_id, local_government=None)
        | Q(local_government=local_government),
        activity=GRID_ACTIVITY,
    )
    ranked = sorted(candidates, key=lambda f: (_LEVEL_RANK[f.level], -(f.valid_from or 0), f.pk))
    gwp = gwp_set(GRID_GWP)
    for factor in ranked:
        try:
            per_kwh = multiplier("kWh", factor.unit)
            kg = sum(gwp.value(gas) * float(kg) for gas, kg in factor.kg_per_unit.items())
        except (UnitError, GWPError, TypeError, ValueError):
            continue
        return GridFactor(kg * per_kwh, factor.name, factor.source, factor.level)
    return None


@transaction.atomic
def water_benefit_save(
    *,
    action: Action,
    amount: float,
    unit: str = "m3",
    energy_intensity: float | None = None,
    energy_intensity_source: str = "",
    quality_benefit: str = "",
    year: int | None = None,
    user,
) -> WaterBenefit:
    """Record (or replace) what the action saves a year: `amount` of water in
    `unit`; the energy through `energy_intensity` kWh / m³ with its source (by
    default EPRI's for surface-water supply); the emissions through the grid
    factor of the member in `year` (by default the action's start year, or
    this year)."""
    _require(permissions.can_record_benefit(user, action))
    m3 = _volume_m3(amount, unit, field="amount")
    if energy_intensity is None:
        energy_intensity = method.DEFAULT_ENERGY_INTENSITY_KWH_PER_M3
        energy_intensity_source = method.DEFAULT_ENERGY_INTENSITY_SOURCE
    elif not energy_intensity_source.strip():
        raise _refuse(
            "energy_intensity_source", _("Say where an energy intensity of your own comes from.")
        )
    if year is None:
        year = action.starts_on.year if action.starts_on else timezone.localdate().year
    year = _check_year(year)
    factor = grid_factor(action.local_government, year)
    try:
        result = method.benefit(m3, energy_intensity, factor.kg_co2e_per_kwh if factor else None)
    except method.WaterError as error:
        raise _refuse(error.about, str(error)) from None
    benefit, _created = WaterBenefit.objects.update_or_create(
        action=action,
        defaults={
            "local_government": action.local_government,
            "amount": float(amount),
            "unit": unit.strip(),
            "m3_saved": result.m3,
            "energy_intensity": float(energy_intensity),
            "energy_intensity_source": energy_intensity_source.strip(),
            "kwh_saved": result.kwh,
            "factor_year": year,
            "grid_factor": factor.kg_co2e_per_kwh if factor else None,
            "grid_factor_name": factor.name if factor else "",
            "grid_factor_source": factor.source if factor else "",
            "kg_co2e_avoided": result.kg_co2e,
            "quality_benefit": quality_benefit.strip(),
            "updated_by": user,
        },
    )
    return benefit


@transaction.atomic
def water_benefit_delete(*, benefit: WaterBenefit, user) -> None:
    _require(permissions.can_record_benefit(user, benefit.action))
    benefit.delete()
