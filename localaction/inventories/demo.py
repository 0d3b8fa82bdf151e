"""Demo GHG inventories for the demo network, from each member's population and region.

A little under half (45 %) of the active members get GPC inventories: a base year between
2010 and 2015, then one every 4 to 6 years up to 2024. The activity data are
per-capita figures of the member's world region (the orders of magnitude of
the IEA's world energy balances and the World Bank's "What a Waste 2.0"),
scaled by the member's population in that year and by a factor of its own
for each fuel, and moving slowly over the years: down 1 to 3 % a year where
the member has a reduction target, up about 1 % elsewhere. Grid electricity
uses a country factor per year, added to the library as demo values.

Every line goes through `services.build_line`, so every mass is calculated by
the core from a factor snapshot, exactly as for a line a member types; only
the writing is done in bulk. One `random.Random` drives every choice over
members in code order, so the same seed gives the same inventories.
"""

from __future__ import annotations

import datetime
import gc
import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from localaction.accounts.models import Role
from localaction.core.gpc import CELLS, Level, cell
from localaction.inventories.models import (
    DataQuality,
    EmissionFactor,
    Inventory,
    InventoryLevelCO2e,
    InventoryLevelTotal,
    InventoryLine,
    InventoryTotal,
    NotationKey,
)
from localaction.inventories.services import (
    FactorLibrary,
    LineData,
    build_line,
    cell_totals,
    level_co2e,
    level_totals,
)
from localaction.network.demo import Progress, no_progress
from localaction.network.models import Country, LocalGovernment, Membership

DEMO_REASON = "Demo inventories"
NOT_ESTIMATED = "No activity data was collected for this source."
SHARE_WITH_INVENTORIES = 0.45
TARGET_SHARE = 0.45
BASE_YEARS = (2010, 2015)
LAST_YEAR = 2024
YEARS_BETWEEN = (4, 6)
# How the latest inventory of a member stands; older ones are nearly all published.
LATEST_STATUS_WEIGHTS = {
    Inventory.Status.DRAFT: 30,
    Inventory.Status.SUBMITTED: 20,
    Inventory.Status.VERIFIED: 15,
    Inventory.Status.PUBLISHED: 35,
}
OLDER_PUBLISHED_SHARE = 0.9
MEMBERS_PER_BATCH = 200
GRID_SOURCE = "demo value, order of magnitude of the IEA"
GRID_YEARS = range(BASE_YEARS[0], LAST_YEAR + 1)

# Landfill methane by the GPC's methane commitment method with IPCC 2006
# defaults (Vol.5 Ch.3): DOC 0.15 × DOCf 0.5 × MCF 0.8 (managed, semi-aerobic
# mix) × F 0.5 × 16/12 ≈ 0.04 t CH4 per t of waste landfilled; 10 % of what
# is not recovered oxidises in the cover.
LANDFILL_CH4_KG_PER_T = 40.0
LANDFILL_OXIDATION = 0.1
# Domestic wastewater (IPCC 2006 Vol.5 Ch.6): CH4 = BOD × Bo 0.6 kg CH4/kg BOD × MCF.
WASTEWATER_BO = 0.6


@dataclass(frozen=True)
class RegionProfile:
    """What a person in a city of the region uses in a year, roughly.

    Fuels are GJ per person and year, by IPCC fuel key (the activities of the
    factor library); electricity MWh per person; road fuels t per person;
    municipal solid waste t per person. Orders of magnitude from the IEA's
    world energy balances (final consumption by sector, divided by
    population, rounded), road fuels from the same (gasoline and diesel sold
    for road transport), waste from the World Bank's "What a Waste 2.0"
    (2018, kg per person and day by region), BOD per person from the IPCC
    2006 Guidelines Vol.5 Ch.6 Table 6.4. Grid factors (kg CO2/MWh in 2010
    and 2024) are a regional fallback for countries not in GRID_KG_PER_MWH.
    """

    residential_gj: MappingProxyType[str, float]
    residential_mwh: float
    commercial_gj: MappingProxyType[str, float]
    commercial_mwh: float
    industry_gj: MappingProxyType[str, float]
    industry_mwh: float
    gasoline_t: float
    diesel_t: float
    waste_t: float
    landfilled: float  # share of the waste
    methane_recovered: float  # share of landfill methane captured
    bod_g_per_day: float
    wastewater_mcf: float  # 0.05 mostly aerobic plants … 0.3 septic systems, latrines
    population_growth: float  # per year
    grid_kg_per_mwh: tuple[float, float]


def _profile(**values) -> RegionProfile:
    for key in ("residential_gj", "commercial_gj", "industry_gj"):
        values[key] = MappingProxyType(values[key])
    return RegionProfile(**values)


PROFILES: dict[str, RegionProfile] = {
    # US residential: ~5 EJ gas and ~1,500 TWh for 330 M people; commercial alike.
    "north-america": _profile(
        residential_gj={"natural_gas": 15.0, "gas_diesel_oil": 1.5, "lpg": 1.0},
        residential_mwh=4.5,
        commercial_gj={"natural_gas": 10.0, "gas_diesel_oil": 1.0},
        commercial_mwh=4.2,
        industry_gj={"natural_gas": 8.0},
        industry_mwh=2.5,
        gasoline_t=0.8,
        diesel_t=0.3,
        waste_t=0.8,
        landfilled=0.55,
        methane_recovered=0.5,
        bod_g_per_day=85,
        wastewater_mcf=0.05,
        population_growth=0.008,
        grid_kg_per_mwh=(550, 380),
    ),
    # EU: ~3.5 EJ gas, ~1.3 EJ heating oil and ~750 TWh in homes for 450 M people.
    "europe": _profile(
        residential_gj={"natural_gas": 8.0, "gas_diesel_oil": 3.0, "other_bituminous_coal": 0.5},
        residential_mwh=1.6,
        commercial_gj={"natural_gas": 4.0, "gas_diesel_oil": 1.0},
        commercial_mwh=1.5,
        industry_gj={"natural_gas": 5.0},
        industry_mwh=1.6,
        gasoline_t=0.15,
        diesel_t=0.45,
        waste_t=0.45,
        landfilled=0.25,
        methane_recovered=0.4,
        bod_g_per_day=60,
        wastewater_mcf=0.05,
        population_growth=0.001,
        grid_kg_per_mwh=(400, 250),
    ),
    "east-asia": _profile(
        residential_gj={"natural_gas": 3.0, "other_bituminous_coal": 1.5, "lpg": 1.0},
        residential_mwh=1.2,
        commercial_gj={"natural_gas": 2.0, "gas_diesel_oil": 0.5},
        commercial_mwh=1.0,
        industry_gj={"natural_gas": 2.0, "other_bituminous_coal": 4.0},
        industry_mwh=3.0,
        gasoline_t=0.15,
        diesel_t=0.10,
        waste_t=0.25,
        landfilled=0.45,
        methane_recovered=0.1,
        bod_g_per_day=40,
        wastewater_mcf=0.1,
        population_growth=0.003,
        grid_kg_per_mwh=(700, 530),
    ),
    "latin-america-caribbean": _profile(
        residential_gj={"lpg": 2.0, "natural_gas": 1.0},
        residential_mwh=0.8,
        commercial_gj={"natural_gas": 0.5, "gas_diesel_oil": 0.5},
        commercial_mwh=0.6,
        industry_gj={"natural_gas": 2.5},
        industry_mwh=1.0,
        gasoline_t=0.25,
        diesel_t=0.2,
        waste_t=0.36,
        landfilled=0.7,
        methane_recovered=0.05,
        bod_g_per_day=40,
        wastewater_mcf=0.3,
        population_growth=0.01,
        grid_kg_per_mwh=(250, 220),
    ),
    "middle-east-west-asia": _profile(
        residential_gj={"natural_gas": 6.0, "lpg": 1.0},
        residential_mwh=2.2,
        commercial_gj={"natural_gas": 2.0, "gas_diesel_oil": 1.0},
        commercial_mwh=1.2,
        industry_gj={"natural_gas": 6.0},
        industry_mwh=1.5,
        gasoline_t=0.35,
        diesel_t=0.2,
        waste_t=0.3,
        landfilled=0.6,
        methane_recovered=0.05,
        bod_g_per_day=40,
        wastewater_mcf=0.3,
        population_growth=0.018,
        grid_kg_per_mwh=(600, 520),
    ),
    # Urban Africa cooks with charcoal (its CO2 is biogenic), LPG and kerosene.
    "africa": _profile(
        residential_gj={"charcoal": 2.5, "lpg": 0.6, "other_kerosene": 0.4, "natural_gas": 0.3},
        residential_mwh=0.3,
        commercial_gj={"gas_diesel_oil": 0.5, "lpg": 0.3},
        commercial_mwh=0.25,
        industry_gj={"natural_gas": 0.8},
        industry_mwh=0.3,
        gasoline_t=0.05,
        diesel_t=0.07,
        waste_t=0.17,
        landfilled=0.7,
        methane_recovered=0.0,
        bod_g_per_day=37,
        wastewater_mcf=0.3,
        population_growth=0.03,
        grid_kg_per_mwh=(600, 550),
    ),
    # India: ~0.3 MWh per person in homes; LPG for cooking in cities.
    "south-asia": _profile(
        residential_gj={"lpg": 1.2, "other_kerosene": 0.3, "natural_gas": 0.5},
        residential_mwh=0.35,
        commercial_gj={"lpg": 0.3, "gas_diesel_oil": 0.3},
        commercial_mwh=0.15,
        industry_gj={"natural_gas": 1.0, "other_bituminous_coal": 1.5},
        industry_mwh=0.4,
        gasoline_t=0.03,
        diesel_t=0.07,
        waste_t=0.19,
        landfilled=0.75,
        methane_recovered=0.0,
        bod_g_per_day=34,
        wastewater_mcf=0.3,
        population_growth=0.018,
        grid_kg_per_mwh=(780, 700),
    ),
    "southeast-asia": _profile(
        residential_gj={"lpg": 1.0, "natural_gas": 0.3},
        residential_mwh=0.6,
        commercial_gj={"lpg": 0.3, "gas_diesel_oil": 0.3},
        commercial_mwh=0.5,
        industry_gj={"natural_gas": 2.0},
        industry_mwh=1.0,
        gasoline_t=0.12,
        diesel_t=0.12,
        waste_t=0.25,
        landfilled=0.55,
        methane_recovered=0.05,
        bod_g_per_day=40,
        wastewater_mcf=0.3,
        population_growth=0.013,
        grid_kg_per_mwh=(650, 600),
    ),
    "oceania": _profile(
        residential_gj={"natural_gas": 7.0, "lpg": 0.5},
        residential_mwh=2.4,
        commercial_gj={"natural_gas": 3.0, "gas_diesel_oil": 0.5},
        commercial_mwh=2.5,
        industry_gj={"natural_gas": 8.0},
        industry_mwh=2.5,
        gasoline_t=0.6,
        diesel_t=0.45,
        waste_t=0.6,
        landfilled=0.6,
        methane_recovered=0.4,
        bod_g_per_day=60,
        wastewater_mcf=0.05,
        population_growth=0.014,
        grid_kg_per_mwh=(800, 550),
    ),
}

# Grid electricity, kg CO2 per MWh generated, in 2010 and 2024: demo values of
# the order of the IEA's emission factors, straight lines in between.
GRID_KG_PER_MWH: dict[str, tuple[float, float]] = {
    "US": (550, 370), "CA": (150, 110), "MX": (480, 420), "BR": (80, 100), "AR": (370, 310),
    "CL": (410, 300), "CO": (170, 160), "PE": (290, 240), "DE": (480, 350), "FR": (80, 50),
    "GB": (460, 150), "IT": (400, 280), "ES": (240, 130), "PL": (800, 650), "NL": (400, 290),
    "SE": (20, 10), "NO": (10, 10), "CH": (30, 30), "AT": (190, 100), "BE": (220, 150),
    "PT": (250, 130), "RU": (380, 350), "TR": (460, 420), "UA": (450, 330), "CN": (760, 540),
    "JP": (420, 460), "KR": (520, 430), "IN": (800, 710), "PK": (420, 380), "BD": (600, 550),
    "ID": (730, 750), "PH": (480, 650), "VN": (440, 480), "TH": (510, 450), "MY": (650, 580),
    "ZA": (930, 880), "NG": (420, 400), "EG": (470, 450), "KE": (230, 90), "ET": (10, 10),
    "MA": (700, 620), "DZ": (550, 500), "AU": (850, 550), "NZ": (150, 90), "SA": (700, 560),
    "IR": (560, 490), "AE": (500, 380), "IL": (700, 450),
}  # fmt: skip

# Every activity the demo's lines name, for the factor library to resolve.
ACTIVITIES = frozenset(
    fuel
    for profile in PROFILES.values()
    for fuels in (profile.residential_gj, profile.commercial_gj, profile.industry_gj)
    for fuel in fuels
) | {"electricity", "motor_gasoline", "gas_diesel_oil"}

# A few cells each member leaves without a number, with the key and the reason.
NOTATIONS = (
    ("I.7.1", NotationKey.NO, "No coal mining or coal handling within the city boundary."),
    ("IV.1", NotationKey.NE, "Industrial process emissions not estimated: no plant-level data."),
)


@dataclass(frozen=True)
class DemoInventories:
    inventories: int
    lines: int
    grid_factors: int
    by_status: dict[str, int]


@dataclass
class _Member:
    """One member's drawn character, fixed over its inventories."""

    lg: LocalGovernment
    profile: RegionProfile
    is_editor_city: bool
    has_target: bool
    trend: float  # per year, applied to energy and transport
    scale: dict[str, float]  # per (sector, fuel) multiplier
    landfill_in_city: bool
    notations: list[tuple[str, str, str]]
    years: list[int]
    statuses: list[str]


@transaction.atomic
def build_demo_inventories(
    *,
    seed: int,
    today: datetime.date | None = None,
    progress: Progress = no_progress,
) -> DemoInventories:
    """Give the demo network's active members GHG inventories over several years.

    Run after `network.demo.build_demo_network`, on the same database.
    """
    today = today or timezone.localdate()
    rng = random.Random(f"inventories-{seed}")
    members = _draw_members(rng)
    countries = sorted({member.lg.country_id for member in members})
    factors = _create_grid_factors(rng, countries)
    users = {user.username: user for user in User.objects.filter(username__in=("staff", "editor"))}
    secretariat = User.objects.filter(username="secretariat").first()
    libraries = _Libraries(factors)
    counts: Counter[str] = Counter()
    lines_saved = 0
    with _collector_paused():
        for batch in _chunks(progress(members, "Inventories"), MEMBERS_PER_BATCH):
            inventories: list[Inventory] = []
            line_data: list[list[LineData]] = []
            for member in batch:
                for year, status in zip(member.years, member.statuses, strict=True):
                    inventory = _inventory(
                        rng,
                        member,
                        year,
                        status,
                        today=today,
                        submitter=users.get("editor") if member.is_editor_city else None,
                        verifier=users.get("staff") if _in_europe(member) else secretariat,
                    )
                    inventories.append(inventory)
                    lines = _lines(rng, member, year)
                    # Drafts stay as collected; what goes on is complete.
                    if status != Inventory.Status.DRAFT:
                        lines = _completed(lines)
                    line_data.append(lines)
                    counts[status] += 1
            lines_saved += _save(inventories, line_data, libraries)
    return DemoInventories(
        inventories=sum(counts.values()),
        lines=lines_saved,
        grid_factors=len(factors),
        by_status={status: counts[status] for status in Inventory.Status.values},
    )


def _save(
    inventories: list[Inventory], line_data: list[list[LineData]], libraries: _Libraries
) -> int:
    """Save the inventories, then their lines as the services calculate them, and the
    lines' per-cell totals: a few bulk inserts, no query per line. Returns the lines saved."""
    bulk_create_with_history(inventories, Inventory, default_change_reason=DEMO_REASON)
    lines: list[InventoryLine] = []
    totals: list[InventoryTotal] = []
    for inventory, data in zip(inventories, line_data, strict=True):
        library = libraries.of(inventory)
        built = [build_line(line, inventory=inventory, library=library) for line in data]
        for position, line in enumerate(built):
            line.position = position
        lines.extend(built)
        totals.extend(cell_totals(inventory, built))
    InventoryLine.objects.bulk_create(lines)
    InventoryTotal.objects.bulk_create(totals)
    by_inventory: dict[int, list[InventoryTotal]] = {inventory.pk: [] for inventory in inventories}
    for total in totals:
        by_inventory[total.inventory_id].append(total)
    sums: list[InventoryLevelTotal] = []
    weighted: list[InventoryLevelCO2e] = []
    for inventory in inventories:
        made = level_totals(inventory, by_inventory[inventory.pk])
        sums.extend(made)
        weighted.extend(level_co2e(inventory, made))
    InventoryLevelTotal.objects.bulk_create(sums)
    InventoryLevelCO2e.objects.bulk_create(weighted)
    return len(lines)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk build.

    Each batch makes and drops tens of thousands of model instances, and the
    collector's repeated passes over them took about a sixth of the build;
    they hold no reference cycles worth collecting early.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Libraries:
    def __init__(self, grid_factors: list[EmissionFactor]) -> None:
        self.defaults = list(EmissionFactor.objects.defaults().filter(activity__in=ACTIVITIES))
        self.by_country: dict[str, list[EmissionFactor]] = defaultdict(list)
        for factor in grid_factors:
            self.by_country[factor.country_id].append(factor)
        # A fresh demo network has no factors of a local government's own, so
        # one library serves every member of a country in a year.
        self.cache: dict[tuple[str, int], FactorLibrary] = {}

    def of(self, inventory: Inventory) -> FactorLibrary:
        country, year = inventory.local_government.country_id, inventory.year
        if (country, year) not in self.cache:
            self.cache[country, year] = FactorLibrary(
                [
                    factor
                    for factor in (*self.defaults, *self.by_country[country])
                    if (factor.valid_from or year) <= year <= (factor.valid_to or year)
                ]
            )
        return self.cache[country, year]


def _chunks(items: Iterable[_Member], size: int) -> Iterator[list[_Member]]:
    chunk: list[_Member] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _in_europe(member: _Member) -> bool:
    return member.profile is PROFILES["europe"]


def _draw_members(rng: random.Random) -> list[_Member]:
    """The members that keep inventories, in code order, and what each is like."""
    editor_city = (
        Role.objects.filter(user__username="editor", kind=Role.Kind.EDITOR)
        .values_list("local_government_id", flat=True)
        .first()
    )
    active = (
        LocalGovernment.objects.with_membership_status(Membership.Status.ACTIVE)
        .exclude(kind=LocalGovernment.Kind.ASSOCIATION)
        .filter(population__gt=0)
        .select_related("country__region")
        .order_by("code")
    )
    members = []
    for lg in active:
        chosen = rng.random() < SHARE_WITH_INVENTORIES
        if chosen or lg.pk == editor_city:
            members.append(_member(rng, lg, is_editor_city=lg.pk == editor_city))
    return members


def _member(rng: random.Random, lg: LocalGovernment, *, is_editor_city: bool) -> _Member:
    profile = PROFILES[lg.country.region.code]
    has_target = rng.random() < TARGET_SHARE
    trend = rng.uniform(-0.03, -0.01) if has_target else rng.uniform(0.0, 0.02)
    scale = {}
    for sector, fuels in (
        ("residential", profile.residential_gj),
        ("commercial", profile.commercial_gj),
        ("industry", profile.industry_gj),
    ):
        for fuel in fuels:
            # Coal and charcoal are used in some cities only.
            present = rng.random() < (0.4 if "coal" in fuel else 0.85)
            scale[f"{sector}:{fuel}"] = rng.lognormvariate(0, 0.3) if present else 0.0
    for use in ("residential:electricity", "commercial:electricity", "industry:electricity"):
        scale[use] = rng.lognormvariate(0, 0.25)
    for use in ("gasoline", "diesel", "waste", "wastewater"):
        scale[use] = rng.lognormvariate(0, 0.25)
    # How industrial the city is; 0 where it leaves manufacturing to national reporting.
    scale["industry"] = rng.lognormvariate(0, 0.6) if rng.random() < 0.6 else 0.0
    notations = list(NOTATIONS)
    if scale["industry"]:
        if rng.random() < 0.3:
            notations.append(
                ("I.4.1", NotationKey.IE, "The city's heating plant is included in I.3.1.")
            )
    else:
        notations.append(
            ("I.3.1", NotationKey.NE, "Manufacturing not estimated: plants report nationally.")
        )
    if (lg.population or 0) >= 300_000:
        notations.append(
            (
                "II.4.1",
                NotationKey.NE,
                "Aviation not estimated: no fuel sales data for the airport.",
            )
        )
    years = _years(rng, minimum=3 if is_editor_city else 1)
    statuses = _statuses(rng, len(years), editor_city=is_editor_city)
    return _Member(
        lg=lg,
        profile=profile,
        is_editor_city=is_editor_city,
        has_target=has_target,
        trend=trend,
        scale=scale,
        landfill_in_city=rng.random() < 0.6,
        notations=[(ref, str(key), why) for ref, key, why in notations],
        years=years,
        statuses=statuses,
    )


def _years(rng: random.Random, *, minimum: int) -> list[int]:
    while True:
        years = [rng.randint(*BASE_YEARS)]
        while (following := years[-1] + rng.randint(*YEARS_BETWEEN)) <= LAST_YEAR:
            years.append(following)
        if len(years) >= minimum:
            return years


def _statuses(rng: random.Random, count: int, *, editor_city: bool) -> list[str]:
    """Older inventories mostly published, the latest in any status; the demo editor's
    city has a published history and a draft to work on."""
    older = [
        Inventory.Status.PUBLISHED
        if editor_city or rng.random() < OLDER_PUBLISHED_SHARE
        else Inventory.Status.VERIFIED
        for _ in range(count - 1)
    ]
    if editor_city:
        latest = Inventory.Status.DRAFT
    else:
        latest = rng.choices(list(LATEST_STATUS_WEIGHTS), list(LATEST_STATUS_WEIGHTS.values()))[0]
    return [str(status) for status in (*older, latest)]


def _gwp_set(year: int) -> str:
    # Older inventories were reported with the GWPs of their day.
    if year <= 2014:
        return "AR4GWP100"
    return "AR5GWP100" if year <= 2020 else "AR6GWP100"


STEPS = ("submitted", "verified", "published")


def _inventory(
    rng: random.Random,
    member: _Member,
    year: int,
    status: str,
    *,
    today: datetime.date,
    submitter: User | None,
    verifier: User | None,
) -> Inventory:
    """An unsaved inventory, stamped for each step it has taken, in the year after its own."""
    inventory = Inventory(
        local_government=member.lg,
        year=year,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        boundary_note=f"The administrative boundary of {member.lg.name}.",
        gwp_set=_gwp_set(year),
        status=status,
    )
    taken = STEPS[: list(Inventory.Status.values).index(status)]
    day = datetime.date(year + 1, 3, 1) + datetime.timedelta(days=rng.randint(0, 270))
    for step in taken:
        moment = datetime.datetime.combine(min(day, today), datetime.time(12), tzinfo=datetime.UTC)
        setattr(inventory, f"{step}_at", moment)
        setattr(inventory, f"{step}_by", submitter if step == "submitted" else verifier)
        day += datetime.timedelta(days=rng.randint(14, 120))
    return inventory


SECTORS = (
    # key, GPC subsector, in words
    ("residential", "I.1", "in homes"),
    ("commercial", "I.2", "in commercial and public buildings"),
    ("industry", "I.3", "in manufacturing and construction"),
)
FUEL_NAMES = {
    "natural_gas": "Natural gas",
    "gas_diesel_oil": "Heating oil",
    "other_bituminous_coal": "Coal",
    "lpg": "LPG",
    "other_kerosene": "Kerosene",
    "charcoal": "Charcoal",
}


def _significant(value: float, digits: int = 4) -> float:
    """An amount as a member would type it: four significant figures."""
    if value <= 0:
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(value)))


def _completed(lines: list[LineData]) -> list[LineData]:
    """The lines with every empty BASIC cell marked NE, as the GPC asks of a
    submitted inventory."""
    filled = {cell(line.gpc_ref).ref for line in lines}
    return lines + [
        LineData(c.ref, notation_key="NE", explanation=NOT_ESTIMATED)
        for c in CELLS
        if c.counts_in(Level.BASIC) and c.ref not in filled
    ]


def _lines(rng: random.Random, member: _Member, year: int) -> list[LineData]:
    """The activity data of one member for one year, as the member would enter them."""
    profile, scale, lg = member.profile, member.scale, member.lg
    population = (lg.population or 0) * (1 + profile.population_growth) ** (
        year - (lg.population_year or year)
    )
    trend = (1 + member.trend) ** (year - member.years[0])

    def amount(per_person: float, *factors: float) -> float:
        noise = max(0.8, rng.gauss(1.0, 0.03))  # year-to-year weather and economy
        return _significant(per_person * population * trend * noise * math.prod(factors))

    lines: list[LineData] = []
    for sector, subsector, where in SECTORS:
        fuels, mwh = {
            "residential": (profile.residential_gj, profile.residential_mwh),
            "commercial": (profile.commercial_gj, profile.commercial_mwh),
            "industry": (profile.industry_gj, profile.industry_mwh),
        }[sector]
        weight = scale["industry"] if sector == "industry" else 1.0
        if not weight:
            continue
        for fuel, gj in fuels.items():
            if scale[f"{sector}:{fuel}"]:
                lines.append(
                    LineData(
                        f"{subsector}.1",
                        activity=f"{FUEL_NAMES[fuel]} burnt {where}",
                        amount=amount(gj / 1000, scale[f"{sector}:{fuel}"], weight),  # GJ → TJ
                        unit="TJ",
                        factor=fuel,
                        data_quality=DataQuality.MEDIUM,
                        source="Fuel deliveries reported by suppliers (demo data)",
                    )
                )
        lines.append(
            LineData(
                f"{subsector}.2",
                activity=f"Grid electricity used {where}",
                amount=amount(mwh, scale[f"{sector}:electricity"], weight),
                unit="MWh",
                factor="electricity",
                data_quality=DataQuality.HIGH,
                source="Distribution system operator (demo data)",
            )
        )
    for fuel, name, per_person, use in (
        ("motor_gasoline", "Motor gasoline", profile.gasoline_t, "gasoline"),
        ("gas_diesel_oil", "Diesel", profile.diesel_t, "diesel"),
    ):
        lines.append(
            LineData(
                "II.1.1",
                activity=f"{name} sold for road transport",
                amount=amount(per_person, scale[use]),
                unit="t",
                factor=fuel,
                data_quality=DataQuality.MEDIUM,
                source="Fuel sales within the boundary (demo data)",
            )
        )
    landfilled = amount(profile.waste_t * profile.landfilled, scale["waste"])
    methane = landfilled * LANDFILL_CH4_KG_PER_T * (1 - profile.methane_recovered)
    methane *= 1 - LANDFILL_OXIDATION
    lines.append(
        LineData(
            "III.1.1" if member.landfill_in_city else "III.1.2",
            activity=f"Methane from {landfilled:,.0f} t of municipal solid waste landfilled",
            measured_kg={"CH4": round(methane, 1)},
            data_quality=DataQuality.LOW,
            source="Methane commitment with IPCC 2006 defaults (demo data)",
            comment=(
                f"{landfilled:,.0f} t × {LANDFILL_CH4_KG_PER_T:g} kg CH4/t × "
                f"(1 − {profile.methane_recovered:g} recovered) × (1 − {LANDFILL_OXIDATION:g})"
            ),
        )
    )
    bod_kg = amount(profile.bod_g_per_day * 365 / 1000, scale["wastewater"])
    lines.append(
        LineData(
            "III.4.1",
            activity="Methane from domestic wastewater",
            measured_kg={"CH4": round(bod_kg * WASTEWATER_BO * profile.wastewater_mcf, 1)},
            data_quality=DataQuality.LOW,
            source="IPCC 2006 Vol.5 Ch.6 defaults (demo data)",
            comment=f"{bod_kg:,.0f} kg BOD × {WASTEWATER_BO:g} × MCF {profile.wastewater_mcf:g}",
        )
    )
    lines.extend(
        LineData(ref, notation_key=key, explanation=why) for ref, key, why in member.notations
    )
    return lines


def _create_grid_factors(rng: random.Random, countries: Sequence[str]) -> list[EmissionFactor]:
    """A grid electricity factor per country and year, a straight line from 2010 to 2024.

    Countries without a value of their own take their region's, give or take 20 %.
    """
    factors = []
    first, last = GRID_YEARS[0], GRID_YEARS[-1]
    rows = Country.objects.filter(code__in=countries).order_by("code")
    for code, name, region in rows.values_list("code", "name", "region__code"):
        if code in GRID_KG_PER_MWH:
            start, end = GRID_KG_PER_MWH[code]
        else:
            spread = rng.uniform(0.8, 1.2)
            start, end = (value * spread for value in PROFILES[region].grid_kg_per_mwh)
        for year in GRID_YEARS:
            value = round(start + (end - start) * (year - first) / (last - first))
            factors.append(
                EmissionFactor(
                    code=f"demo:grid:{code.lower()}:{year}",
                    name=f"{name} grid electricity {year}",
                    activity="electricity",
                    unit="MWh",
                    kg_per_unit={"CO2": value},
                    country_id=code,
                    valid_from=year,
                    valid_to=year,
                    source=GRID_SOURCE,
                )
            )
    bulk_create_with_history(factors, EmissionFactor, default_change_reason=DEMO_REASON)
    return factors


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    built = build_demo_inventories(seed=seed, progress=progress)
    statuses = ", ".join(
        f"{status.label.lower()}: {built.by_status[status]}" for status in Inventory.Status
    )
    return f"{built.inventories} GHG inventories ({statuses}) with {built.lines} lines"
