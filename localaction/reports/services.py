"""The network report: members' contributions quantified, aggregated and reported.

Rules (stated in every report, `Report.rules`):
- For report year Y, each local government's latest *published* inventory
  whose year lies in Y − window … Y counts (core.aggregate.latest_in_window).
- Totals are at the BASIC or BASIC+ level, under one GWP set, from the
  inventories' per-cell gas masses (InventoryTotal) — never from their lines.
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

from dataclasses import dataclass, field

from localaction.core import gpc
from localaction.core.aggregate import DEFAULT_WINDOW

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

    @property
    def population_share(self) -> float:
        """Share of the world's population the reporting members cover (0–1)."""
        return self.population_covered / self.world_population if self.world_population else 0.0

    def as_json(self) -> dict:
        """The report as plain data: what `localaction report network --format
        json` prints and /api/report/ returns."""
        raise NotImplementedError


def parse_scope(params, *, default_year: int | None = None) -> Scope:
    """A Scope from request or command-line parameters (year, gwp, level,
    window, region, country, campaign), raising ReportError on a bad one."""
    raise NotImplementedError


def network_report(scope: Scope) -> Report:
    """The network report for `scope`, from published data only."""
    raise NotImplementedError


def report_years() -> list[int]:
    """The years any published inventory has, oldest first."""
    raise NotImplementedError


def emissions_by_year(scope: Scope, years: list[int]) -> dict[int, list[Group]]:
    """For each year, the report's total by region (for the dashboard's chart)."""
    raise NotImplementedError
