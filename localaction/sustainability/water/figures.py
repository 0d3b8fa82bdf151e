"""The figures of a member's water accounts that other pages and instruments read:
its trend over the years, its progress against its water targets, and the
`water_use_per_person` source (sustainability.sources) of other indicators."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localaction.campaigns.models import Target
from localaction.campaigns.permissions import targets_visible_to
from localaction.core import water as method
from localaction.core.units import UnitError, dimension, multiplier
from localaction.network.models import LocalGovernment
from localaction.sustainability.sources import Source, Sourced, register
from localaction.sustainability.water.models import WaterInventory

PER_PERSON_UNIT = "l / person / day"


def water_targets(user, local_government: LocalGovernment) -> QuerySet[Target]:
    """The member's indicator targets on water the person may see: those set for a
    campaign of the Water Campaign's methodology, and water-savings targets."""
    return (
        targets_visible_to(user)
        .filter(local_government=local_government, type=Target.Type.INDICATOR)
        .filter(
            Q(campaign__methodology__code="water") | Q(indicator=Target.Indicator.WATER_SAVINGS)
        )
        .select_related("campaign")
        .order_by("target_year", "pk")
    )


@dataclass(frozen=True)
class TargetProgress:
    """A water target against the latest inventory: `figure` is what the inventory
    gives in the target's unit (None when its unit is neither a volume nor a
    volume per person and time), `progress` 0 at the base, 1 at the target."""

    target: Target
    what: str
    figure: float | None
    year: int | None
    progress: float | None

    @property
    def percent(self) -> float | None:
        return None if self.progress is None else self.progress * 100


def _figure(target: Target, inventory: WaterInventory) -> tuple[str, float | None]:
    unit = target.indicator_unit
    try:
        measures = dimension(unit)
        if measures == "a volume":
            return _("consumption"), inventory.total_m3 * multiplier("m3", unit)
        if measures == "a volume per person or item and time":
            per_person = inventory.litres_per_person_day
            if per_person is None:
                return "", None
            return _("consumption per person"), per_person * multiplier(PER_PERSON_UNIT, unit)
    except UnitError:
        pass
    return "", None


def target_progress(
    targets: QuerySet[Target] | list[Target], inventories: list[WaterInventory]
) -> list[TargetProgress]:
    """Each target against the latest of `inventories` (submitted or verified)."""
    reported = [one for one in inventories if not one.is_draft]
    latest = max(reported, key=lambda one: one.year, default=None)
    rows = []
    for target in targets:
        if latest is None:
            rows.append(TargetProgress(target, "", None, None, None))
            continue
        what, figure = _figure(target, latest)
        done = None
        if figure is not None and target.base_value is not None and target.target_value is not None:
            done = method.progress(target.base_value, target.target_value, figure)
        rows.append(TargetProgress(target, what, figure, latest.year if what else None, done))
    return rows


# The source of other indicators


def _label(inventory: WaterInventory) -> str:
    return _("Water inventory %(year)s, verified") % {"year": inventory.year}


def _per_person(local_government: LocalGovernment, year: int) -> Sourced | None:
    inventory = (
        WaterInventory.objects.verified()
        .filter(local_government=local_government, year=year)
        .select_related("local_government")
        .first()
    )
    if inventory is None or inventory.litres_per_person_day is None:
        return None
    return Sourced(inventory.litres_per_person_day, inventory.get_absolute_url(), _label(inventory))


register(
    Source(
        "water_use_per_person",
        gettext_lazy("Water consumption per person and day"),
        PER_PERSON_UNIT,
        "environmental",
        "less",
        _per_person,
    )
)
