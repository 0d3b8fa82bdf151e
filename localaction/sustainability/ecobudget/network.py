"""The network's ecoBUDGET: for each standard indicator and a year, how many
members budget it, and their aggregated targets and achievements.

What counts, and how (stated on the public page too):

- **members** are published local governments; a member *budgets* an
  indicator when the council adopted its budget of the year with it;
- **targets and actuals** come only from balances the council adopted (both
  ratifications), so that the aggregated target and achievement cover the
  same members;
- a quantity that adds up (t, MWh, ha) is **summed**; a figure per person or
  a concentration people breathe is a **population-weighted mean**
  (Σ value × population / Σ population; members without a population are
  left out of it);
- **no double counting**: when a member and one that contains it (a county
  and its town) both count, only the outermost counts (core.aggregate.outermost).
"""

from __future__ import annotations

from dataclasses import dataclass

from localaction.core import aggregate as nesting
from localaction.core import ecobudget as method
from localaction.network.models import LocalGovernment
from localaction.sustainability.ecobudget.models import EcoBudget, EcoBudgetLine, EcoIndicator


@dataclass(frozen=True)
class NetworkIndicator:
    code: str
    name: str
    resource: str
    unit: str
    direction: str
    rule: str  # "sum" or "per_person"
    budgeting: int  # members whose adopted budget of the year has it
    counted: tuple[str, ...]  # codes of the members in the aggregate
    target: float | None
    actual: float | None
    balance: float | None  # positive: better than the target
    met: int  # counted members whose own balance is ≥ 0
    population: float | None  # of the counted members, for "per_person"


@dataclass(frozen=True)
class NetworkEcobudget:
    year: int
    members: int  # published members with an adopted budget of the year
    indicators: tuple[NetworkIndicator, ...]


def budget_years() -> list[int]:
    """Years with an adopted budget of a published member, newest first."""
    return list(
        EcoBudget.objects.adopted()
        .filter(local_government__is_published=True)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def network_ecobudget(year: int) -> NetworkEcobudget:
    """The network's figures of every standard indicator in `year` (for the
    network report, its PDF and open data)."""
    lines = list(
        EcoBudgetLine.objects.filter(
            budget__year=year,
            budget__local_government__is_published=True,
            indicator__local_government__isnull=True,
        )
        .exclude(budget__status=EcoBudget.Status.DRAFT)
        .values_list(
            "indicator_id",
            "budget__local_government_id",
            "budget__local_government__code",
            "budget__local_government__population",
            "budget__status",
            "target",
            "actual",
        )
    )
    parent_of = dict(LocalGovernment.objects.values_list("pk", "parent_id"))
    by_indicator: dict[int, list[tuple]] = {}
    for row in lines:
        by_indicator.setdefault(row[0], []).append(row)
    rows = []
    for indicator in EcoIndicator.objects.standard().select_related("resource"):
        found = by_indicator.get(indicator.pk, [])
        balanced = [row for row in found if row[4] == EcoBudget.Status.BALANCE_ADOPTED]
        outermost = nesting.outermost((row[1] for row in balanced), parent_of)
        figures = [
            method.MemberFigures(member=code, target=target, actual=actual, population=population)
            for _indicator, pk, code, population, _status, target, actual in balanced
            if pk in outermost
        ]
        result = method.aggregate(indicator.direction, indicator.aggregation, figures)  # type: ignore[arg-type]
        rows.append(
            NetworkIndicator(
                code=indicator.code,
                name=indicator.name,
                resource=indicator.resource.name,
                unit=indicator.unit,
                direction=indicator.direction,
                rule=indicator.aggregation,
                budgeting=len({row[1] for row in found}),
                counted=result.members,
                target=result.target,
                actual=result.actual,
                balance=result.balance,
                met=result.met,
                population=result.population,
            )
        )
    members = (
        EcoBudget.objects.adopted()
        .filter(year=year, local_government__is_published=True)
        .values("local_government")
        .distinct()
        .count()
    )
    return NetworkEcobudget(year=year, members=members, indicators=tuple(rows))


COLUMNS = (
    "year",
    "indicator",
    "name",
    "resource",
    "unit",
    "direction",
    "rule",
    "members_budgeting",
    "members_counted",
    "target",
    "actual",
    "balance",
    "members_met",
    "population_counted",
)


def network_rows(figures: NetworkEcobudget) -> list[tuple]:
    """The open data table: one row per standard indicator."""
    return [
        (
            figures.year,
            row.code,
            row.name,
            row.resource,
            row.unit,
            row.direction,
            row.rule,
            row.budgeting,
            len(row.counted),
            row.target,
            row.actual,
            row.balance,
            row.met,
            row.population,
        )
        for row in figures.indicators
    ]


def report_figures(year: int) -> dict:
    """The network report's ecoBUDGET section: the network of `year` and its
    indicators that count any member."""
    network = network_ecobudget(year)
    return {"network": network, "indicators": [row for row in network.indicators if row.counted]}
