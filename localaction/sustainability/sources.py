"""Figures the platform already keeps, which an indicator can take its values from.

An ecoBUDGET indicator of GHG emissions per person, a Triple Bottom Line
indicator of the Ecological Footprint: where a figure exists elsewhere in the
platform it is read from there, with a link to where it comes from, and never
typed twice. Each source is registered once under a key (`register`), from
the package that keeps the figure (inventories' emissions here, ecoBUDGET's
and the footprint's from their packages' setup); an indicator names the
source by its key, and `value_of` reads the figure of one member and year.

A source gives a `Sourced` value or None when the member has no such figure
for the year (no published inventory, no footprint): the indicator's value is
then missing, not zero.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from localaction.inventories.models import Inventory, InventoryLevelCO2e
from localaction.network.models import LocalGovernment


class Direction(models.TextChoices):
    """Which way an indicator improves, for every instrument's indicators."""

    LESS = "less", _("less is better")
    MORE = "more", _("more is better")


@dataclass(frozen=True)
class Sourced:
    """One figure of a member and year, in the source's unit, with where it comes from."""

    value: float
    link: str  # the page the figure is read from
    label: str  # what it is, e.g. "Inventory 2024 (BASIC, AR6), published"


@dataclass(frozen=True)
class Source:
    key: str
    name: str  # what the figure is, in words (a lazy translation)
    unit: str  # a unit of core.units' grammar
    dimension: str  # "environmental", "social" or "economic"
    direction: str  # "less" is better, or "more"
    read: Callable[[LocalGovernment, int], Sourced | None]


_sources: dict[str, Source] = {}


def register(source: Source) -> None:
    """Add (or replace, by key) a source of figures."""
    _sources[source.key] = source


def sources() -> list[Source]:
    """Every registered source, by key."""
    return [_sources[key] for key in sorted(_sources)]


def source(key: str) -> Source:
    """The source registered under `key`; KeyError when there is none."""
    return _sources[key]


def value_of(key: str, local_government: LocalGovernment, year: int) -> Sourced | None:
    """The figure of source `key` for this member and year, or None when it has none."""
    return _sources[key].read(local_government, year)


# --- GHG emissions, from the member's published inventory of the year -------

EMISSIONS_LEVEL = "BASIC"
EMISSIONS_GWP = "AR6GWP100"


def _published_emissions_t(local_government: LocalGovernment, year: int) -> float | None:
    """t CO2e of the member's published inventory of `year` at the level and
    set above; None without one, or when its sums cannot be weighted."""
    row = (
        InventoryLevelCO2e.objects.filter(
            inventory__local_government=local_government,
            inventory__year=year,
            inventory__status=Inventory.Status.PUBLISHED,
            level=EMISSIONS_LEVEL,
            gwp_set=EMISSIONS_GWP,
        )
        .order_by("-inventory_id")
        .first()
    )
    if row is None or row.blank or row.unweighted or not math.isfinite(row.t):
        return None
    return row.t


def _emissions(local_government: LocalGovernment, year: int) -> Sourced | None:
    tonnes = _published_emissions_t(local_government, year)
    if tonnes is None:
        return None
    return Sourced(
        tonnes,
        reverse("inventories:results", args=[local_government.code, year]),
        str(
            _("Inventory %(year)s (%(level)s, %(gwp)s), published")
            % {"year": year, "level": EMISSIONS_LEVEL, "gwp": "AR6"}
        ),
    )


def _emissions_per_person(local_government: LocalGovernment, year: int) -> Sourced | None:
    found = _emissions(local_government, year)
    if found is None or not local_government.population:
        return None
    return Sourced(found.value / local_government.population, found.link, found.label)


register(
    Source(
        "ghg_emissions",
        _("GHG emissions (BASIC, AR6)"),
        "t",
        "environmental",
        "less",
        _emissions,
    )
)
register(
    Source(
        "ghg_emissions_per_person",
        _("GHG emissions per person (BASIC, AR6)"),
        "t / person",
        "environmental",
        "less",
        _emissions_per_person,
    )
)
