"""The Ecological Footprint of a local government and of the network, in global hectares.

A footprint is the area of world-average biological productivity (global
hectares, gha) that a population's consumption needs. Results come by land
type (`LAND_TYPES`: cropland, grazing land, forest products, fishing
grounds, built-up land, carbon) and by consumption category (`CATEGORIES`:
food, housing, personal transport, goods, services, government and
capital); either breakdown, where given, must add up to the total.

Two ways in:

- a member's own study gives its results (in gha, or gha per person, or as
  shares in % of the total), which `check_parts` / `parts_from_shares` check;
- the top-down estimate (`estimate`) scales the national footprint per
  person of each category by the member's adjustment factor for it and
  multiplies by the population:

      footprint[c] = national[c] (gha/person) × factor[c] × population (persons)

The network's footprint for a World Congress (`network_footprint`) adds up
the reporting members' totals and populations; its footprint per person is
population-weighted (total gha / total population, not the mean of members'
figures per person), and its "number of Earths" is that footprint per person
over the world's biocapacity per person.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from localaction.core.quantities import Bound, QuantityError
from localaction.core.units import UnitError, multiplier

LAND_TYPES: tuple[str, ...] = (
    "cropland",
    "grazing_land",
    "forest_products",
    "fishing_grounds",
    "built_up_land",
    "carbon",
)
"""The Global Footprint Network's land types, in its order."""

CATEGORIES: tuple[str, ...] = (
    "food",
    "housing",
    "personal_transport",
    "goods",
    "services",
    "government_capital",
)
"""Consumption categories (COICOP groups as footprint studies of cities bundle them)."""

# A city's footprint: the largest cities' are some 1e8 gha, the world's ~2e10.
TOTAL = Bound("a footprint", 0, 1e12, "gha")
# National footprints per person run from ~0.5 to ~15 gha; 100 leaves room.
PER_PERSON = Bound("a footprint per person", 0, 100, "gha / person")
# The world's biocapacity per person (~1.5-1.6 gha in the 2020s).
BIOCAPACITY = Bound("a biocapacity per person", 0, 100, "gha / person", positive=True)
# A member's consumption of a category against its country's: 0 (none) to 10 times.
FACTOR = Bound("an adjustment factor", 0, 10)
SHARE = Bound("a share", 0, 100, "%")
POPULATION = Bound("a population", 0, 1e10, "persons", positive=True)

SHARE_TOLERANCE = 1.0
"""Shares (in %) may add up to 100 within ± this many percentage points (rounding in reports)."""

PARTS_TOLERANCE = 0.01
"""Parts may add up to their total within this fraction of it (1 %, rounding in reports)."""

TOTAL_UNIT = "gha"
PER_PERSON_UNIT = "gha / person"


class FootprintError(ValueError):
    """Figures that do not make a footprint; `about` names the value at fault
    ("total", "unit", a category or land type, "shares", "factor:<category>" …)."""

    def __init__(self, message: str, *, about: str | None = None) -> None:
        super().__init__(message)
        self.about = about


def in_gha(value: float, unit: str, *, per_person: bool = False) -> float:
    """`value` in `unit` converted to gha (or gha / person when `per_person`).

    FootprintError (about "unit") for a unit of another dimension (a plain
    hectare is not a global hectare) or not a unit at all.
    """
    target = PER_PERSON_UNIT if per_person else TOTAL_UNIT
    try:
        return value * multiplier(unit, target)
    except UnitError as error:
        raise FootprintError(f"the unit must be {target}: {error}", about="unit") from None


def checked(bound: Bound, value: object, *, about: str) -> float:
    """`value` within `bound`, or FootprintError naming `about`."""
    try:
        return bound.check(value)
    except QuantityError as error:
        raise FootprintError(str(error), about=about) from None


def _known(parts: Mapping[str, float], kinds: Sequence[str], what: str) -> None:
    unknown = sorted(set(parts) - set(kinds))
    if unknown:
        raise FootprintError(
            f"{', '.join(unknown)} is not a {what}; use {', '.join(kinds)}", about=unknown[0]
        )


def check_parts(
    parts: Mapping[str, float],
    total: float,
    *,
    kinds: Sequence[str],
    what: str,
    bound: Bound = TOTAL,
) -> None:
    """Parts (by category or land type, in the unit of `total`) that add up to
    `total` within `PARTS_TOLERANCE`; FootprintError saying by how much they miss.

    `kinds` are the keys allowed (`CATEGORIES` or `LAND_TYPES`), `what` names
    them in the message ("consumption category"), `bound` holds each part
    (`TOTAL` for gha, `PER_PERSON` for gha / person). An empty breakdown is not
    checked: a study may give only one of the two.
    """
    _known(parts, kinds, what)
    if not parts:
        return
    for key, value in parts.items():
        checked(bound, value, about=key)
    added = math.fsum(parts.values())
    if abs(added - total) > PARTS_TOLERANCE * abs(total) + 1e-9:
        raise FootprintError(
            f"the figures by {what} add up to {added:,.6g}, not to the total {total:,.6g} "
            f"(they may differ by at most {PARTS_TOLERANCE:.0%} of it)",
            about="parts",
        )


def check_shares(shares: Mapping[str, float], *, kinds: Sequence[str], what: str) -> None:
    """Shares in % (by category or land type) that add up to 100 within
    `SHARE_TOLERANCE` percentage points; FootprintError otherwise."""
    _known(shares, kinds, what)
    for key, value in shares.items():
        checked(SHARE, value, about=key)
    added = math.fsum(shares.values())
    if abs(added - 100.0) > SHARE_TOLERANCE:
        raise FootprintError(
            f"the shares by {what} add up to {added:.6g} %, not to 100 % "
            f"(they may differ by at most {SHARE_TOLERANCE:g} percentage point)",
            about="shares",
        )


def parts_from_shares(
    shares: Mapping[str, float], total: float, *, kinds: Sequence[str], what: str
) -> dict[str, float]:
    """The parts of `total` that `shares` (in %) give, once the shares are checked;
    the shares are taken as they add up, so that the parts add up to the total."""
    check_shares(shares, kinds=kinds, what=what)
    added = math.fsum(shares.values())
    return {key: total * value / added for key, value in shares.items()}


@dataclass(frozen=True)
class Estimate:
    """A top-down estimate: gha by category, their total, and per person."""

    by_category: dict[str, float]  # gha
    total: float  # gha
    per_person: float  # gha / person
    population: int


def estimate(
    national_per_person: Mapping[str, float], factors: Mapping[str, float], population: int
) -> Estimate:
    """The top-down footprint of a member of `population` persons.

    `national_per_person` is the national footprint per person by category
    (gha / person, every category of `CATEGORIES`); `factors` the member's
    adjustment factor per category (a pure number, 1 = as the national
    average; a category without a factor is taken at 1). Raises
    FootprintError for a missing national value, a factor out of bounds or
    an unknown category.
    """
    checked(POPULATION, population, about="population")
    _known(factors, CATEGORIES, "consumption category")
    by_category: dict[str, float] = {}
    for category in CATEGORIES:
        if category not in national_per_person:
            raise FootprintError(
                f"the national reference has no footprint per person for {category}",
                about=category,
            )
        national = checked(PER_PERSON, national_per_person[category], about=category)
        factor = checked(FACTOR, factors.get(category, 1.0), about=f"factor:{category}")
        by_category[category] = national * factor * population
    total = math.fsum(by_category.values())
    return Estimate(by_category, total, total / population, population)


def earths(per_person: float, biocapacity_per_person: float) -> float:
    """How many Earths a footprint per person needs: it over the world's
    biocapacity per person (both gha / person)."""
    return per_person / checked(BIOCAPACITY, biocapacity_per_person, about="biocapacity")


@dataclass(frozen=True)
class MemberFootprint:
    """What the network counts of one member's footprint."""

    member: str  # the member's code
    total: float  # gha
    population: int
    by_category: Mapping[str, float] = field(default_factory=dict)  # gha, may be partial
    by_land_type: Mapping[str, float] = field(default_factory=dict)  # gha, may be partial


@dataclass(frozen=True)
class NetworkFootprint:
    """The network's footprint: members counted, their total and population,
    the population-weighted footprint per person, the number of Earths, and
    the breakdowns of the members that give one (with how many do)."""

    members: tuple[str, ...]
    total: float  # gha
    population: int
    per_person: float | None  # gha / person
    earths: float | None
    by_category: dict[str, float]
    by_land_type: dict[str, float]
    members_by_category: int
    members_by_land_type: int


def network_footprint(
    footprints: Sequence[MemberFootprint], biocapacity_per_person: float | None
) -> NetworkFootprint:
    """The network's footprint from its members' (each counted once).

    The per-person figure is total gha over total population of the members
    counted (so a large city weighs as many people as it has), the number of
    Earths that over the world's biocapacity per person (None without a
    biocapacity reference or members). Breakdowns add up the members that give
    a full one (every category, or every land type), so their sums compare.
    """
    members = tuple(one.member for one in footprints)
    if len(set(members)) != len(members):
        raise FootprintError("a member is counted twice", about="members")
    total = math.fsum(one.total for one in footprints)
    population = sum(one.population for one in footprints)
    per_person = total / population if population else None
    number_of_earths = (
        earths(per_person, biocapacity_per_person)
        if per_person is not None and biocapacity_per_person is not None
        else None
    )
    by_category = _summed([one.by_category for one in footprints], CATEGORIES)
    by_land_type = _summed([one.by_land_type for one in footprints], LAND_TYPES)
    return NetworkFootprint(
        members=members,
        total=total,
        population=population,
        per_person=per_person,
        earths=number_of_earths,
        by_category=by_category[0],
        by_land_type=by_land_type[0],
        members_by_category=by_category[1],
        members_by_land_type=by_land_type[1],
    )


def _summed(
    breakdowns: Sequence[Mapping[str, float]], kinds: Sequence[str]
) -> tuple[dict[str, float], int]:
    full = [one for one in breakdowns if all(kind in one for kind in kinds)]
    return {kind: math.fsum(one[kind] for one in full) for kind in kinds}, len(full)
