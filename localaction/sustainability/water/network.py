"""The network's water figures for a report year, from its members' accounts.

Counted for year Y:
- consumption: each published member's latest verified water inventory of
  Y − 3 … Y (core.aggregate.latest_in_window, as the GHG report counts
  inventories), and of a member and one that contains it only the outer one
  (core.aggregate.outermost): the region's accounts already hold the city's
  water.
- benefits: the water benefits of published members' actions in progress or
  completed by the end of Y (not cancelled, not only planned), each action
  once — two actions are two measures even where one member contains the
  other, so savings are added up by action, not by member.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import BinaryIO

from django.utils.translation import gettext as _

from localaction.charts import bar_chart
from localaction.core import water as method
from localaction.core.aggregate import DEFAULT_WINDOW, latest_in_window, outermost
from localaction.network.models import LocalGovernment
from localaction.sustainability.water.models import SECTOR_NAMES, WaterBenefit, WaterInventory
from localaction.tables import Format, write_table


@dataclass(frozen=True)
class MemberWater:
    """One member's counted inventory."""

    code: str
    name: str
    country: str
    year: int
    total_m3: float
    population_served: int
    litres_per_person_day: float | None
    non_revenue_percent: float | None
    url: str


@dataclass(frozen=True)
class NetworkWater:
    """The network's water figures of `year` (m³ a year, kWh, t CO2e)."""

    year: int
    window: int
    members: tuple[MemberWater, ...]
    total_m3: float
    by_sector: dict[str, float]
    population_served: int
    litres_per_person_day: float | None  # population-weighted over the members counted
    non_revenue_percent: float | None  # over the members giving a water balance
    members_with_balance: int
    left_out: int  # members whose inventory another counted member's covers
    actions: int  # actions with benefits counted
    members_saving: int
    m3_saved: float
    kwh_saved: float
    t_co2e_avoided: float
    actions_without_factor: int
    sector_names: dict[str, str] = field(default_factory=dict)

    @property
    def total_million_m3(self) -> float:
        return self.total_m3 / 1e6

    @property
    def members_reporting(self) -> int:
        return len(self.members)

    def sectors(self) -> list[tuple[str, float]]:
        return [(self.sector_names[key], self.by_sector[key]) for key in method.SECTORS]


def counted_inventories(
    year: int, window: int = DEFAULT_WINDOW
) -> tuple[list[WaterInventory], int]:
    """The inventories counted for `year`, and how many members were left out as
    contained in another counted one."""
    rows = WaterInventory.objects.verified().filter(
        local_government__is_published=True, year__lte=year, year__gte=year - window
    )
    latest = latest_in_window(
        rows.values_list("local_government_id", "pk", "year"), year=year, window=window
    )
    parent_of = dict(LocalGovernment.objects.values_list("pk", "parent_id"))
    counted = outermost(latest, parent_of)
    inventories = list(
        WaterInventory.objects.filter(pk__in=[latest[lg][0] for lg in counted])
        .select_related("local_government__country")
        .prefetch_related("lines")
        .order_by("local_government__name")
    )
    return inventories, len(latest) - len(counted)


def counted_benefits(year: int) -> list[WaterBenefit]:
    """Benefits of published members' actions under way by the end of `year`."""
    return list(
        WaterBenefit.objects.under_way()
        .filter(local_government__is_published=True)
        .exclude(action__starts_on__year__gt=year)
        .select_related("action")
    )


def network_water(year: int, window: int = DEFAULT_WINDOW) -> NetworkWater:
    """The network's water figures of `year`."""
    inventories, left_out = counted_inventories(year, window)
    members = []
    by_sector = dict.fromkeys(method.SECTORS, 0.0)
    balances = []
    for inventory in inventories:
        totals = inventory.totals()
        for key, value in totals.by_sector.items():
            by_sector[key] += value
        balance = inventory.balance()
        if balance:
            balances.append(balance)
        lg = inventory.local_government
        members.append(
            MemberWater(
                lg.code,
                lg.name,
                lg.country_id,
                inventory.year,
                totals.total,
                inventory.population_served,
                inventory.litres_per_person_day,
                balance.non_revenue_percent if balance else None,
                inventory.get_absolute_url(),
            )
        )
    total = sum(one.total_m3 for one in members)
    population = sum(one.population_served for one in members)
    # Per person over the people served, each member's year its own length.
    litres_per_day = sum(
        one.total_m3 * 1000 / method.days_in(one.year) for one in members
    )  # fmt: skip
    system_input = sum(one.system_input for one in balances)
    benefits = counted_benefits(year)
    return NetworkWater(
        year=year,
        window=window,
        members=tuple(members),
        total_m3=total,
        by_sector=by_sector,
        population_served=population,
        litres_per_person_day=litres_per_day / population if population else None,
        non_revenue_percent=(
            sum(one.non_revenue for one in balances) / system_input * 100 if system_input else None
        ),
        members_with_balance=len(balances),
        left_out=left_out,
        actions=len(benefits),
        members_saving=len({one.local_government_id for one in benefits}),
        m3_saved=sum(one.m3_saved for one in benefits),
        kwh_saved=sum(one.kwh_saved for one in benefits),
        t_co2e_avoided=sum((one.kg_co2e_avoided or 0.0) for one in benefits) / 1000,
        actions_without_factor=sum(1 for one in benefits if one.kg_co2e_avoided is None),
        sector_names={key: str(name) for key, name in SECTOR_NAMES.items()},
    )


def report_years() -> list[int]:
    """Years with a verified inventory of a published member, latest first."""
    return list(
        WaterInventory.objects.verified()
        .filter(local_government__is_published=True)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def by_sector_chart(figures: NetworkWater) -> str | None:
    if not figures.total_m3:
        return None
    return bar_chart(
        [name for name, _value in figures.sectors()],
        [value / 1e6 for _name, value in figures.sectors()],
        title=_("The network's water consumption by user sector"),
        description=_("Million m³ a year of the members counted for %(year)s.")
        % {"year": figures.year},
        unit="million m³",
        chart_id="network-water-by-sector",
    )


MEMBER_COLUMNS = (
    "report_year",
    "member",
    "name",
    "country",
    "year",
    "consumption_m3",
    "population_served",
    "litres_per_person_day",
    "non_revenue_water_percent",
)


def export_members(figures: NetworkWater, *, format: Format, target: BinaryIO) -> None:
    """The open data of the network's water: the members counted and their figures."""
    rows = [
        [
            figures.year,
            one.code,
            one.name,
            one.country,
            one.year,
            one.total_m3,
            one.population_served,
            one.litres_per_person_day,
            one.non_revenue_percent,
        ]
        for one in figures.members
    ]
    write_table(rows, columns=MEMBER_COLUMNS, format=format, target=target)
