"""Demo regional development: the plan's four priority regions with their
membership targets for 2007–2012 and later years, a pipeline of prospects
across three regional secretariats in every status (some next steps
overdue), and host arrangements and contracts for the demo's offices.

Built on the demo network (`localaction demo` runs it after the network and
governance): prospects are local governments that are not members, added and
moved through the same services as the pages; those that join do so by a
membership becoming active, as in life.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils import timezone

from localaction.development import services
from localaction.development.models import (
    OfficeArrangement,
    OfficeContract,
    PriorityRegion,
)
from localaction.network.demo import Progress, no_progress
from localaction.network.models import LocalGovernment, Membership, Office

#: The regional secretariats that keep a pipeline, and how many prospects each.
PIPELINE_OFFICES = {"europe": 10, "africa": 10, "east-asia": 10}
#: The moves after identification that lead to each final status ("joined": a membership).
PATHS = {
    "identified": [],
    "contacted": ["contacted"],
    "interested": ["contacted", "interested"],
    "applied": ["contacted", "interested", "applied"],
    "joined": ["contacted", "interested", "applied", "joined"],
    "declined": ["contacted", "declined"],
}
NEXT_STEPS = {
    "identified": "Send the introduction letter and the plan",
    "contacted": "Call the environment department",
    "interested": "Present the campaigns to the council committee",
    "applied": "Follow the application to the office's decision",
}
FIRST_NAMES = ["Aisha", "Bogdan", "Chen", "Dariga", "Efua", "Farid", "Guo", "Hana", "Ivan",
               "Kwame", "Li", "Mariam", "Nodir", "Olga", "Samir", "Wei", "Yaw",
               "Zainab"]  # fmt: skip
LAST_NAMES = ["Abdullayev", "Boateng", "Diallo", "Haddad", "Ivanova", "Kone", "Liu", "Mensah",
              "Nazarov", "Okoro", "Petrenko", "Sow", "Wang", "Zhang"]  # fmt: skip
ROLES = [
    "Mayor's adviser",
    "Head of environment",
    "Sustainability officer",
    "International relations",
]
FUNDERS = ["Host city and national ministry", "Federal Ministry for the Environment",
           "European Commission and members' dues", "National development agency"]  # fmt: skip


@dataclass(frozen=True)
class DemoDevelopment:
    prospects: dict[str, int]
    targets: int
    arrangements: int
    contracts: int


def build_demo_development(*, seed: int, progress: Progress = no_progress) -> DemoDevelopment:
    rng = random.Random(f"development-{seed}")
    today = timezone.localdate()
    targets = _targets(today)
    arrangements, contracts = _arrangements(rng, today)
    staff = User.objects.filter(username="staff").first()
    by_status: dict[str, int] = dict.fromkeys(PATHS, 0)
    for code, count in progress(list(PIPELINE_OFFICES.items()), "prospects"):
        office = Office.objects.filter(code=code).first()
        if office is None:
            continue
        for final in _pipeline(office, count, rng, today, staff):
            by_status[final] += 1
    return DemoDevelopment(by_status, targets, arrangements, contracts)


def _candidates(office: Office) -> list[LocalGovernment]:
    """Municipalities the office covers that are not members: never were, or
    whose membership lapsed or was withdrawn."""
    return list(
        LocalGovernment.objects.covered_by(
            region_ids=office.regions.all(), country_codes=office.countries.all()
        )
        .filter(kind=LocalGovernment.Kind.MUNICIPALITY)
        .exclude(memberships__status__in=Membership.OPEN_STATUSES)
        .exclude(prospects__isnull=False)
        .select_related("country")
        .order_by("code")
    )


def _pipeline(office, count, rng, today, staff) -> list[str]:
    candidates = _candidates(office)
    rng.shuffle(candidates)
    finals = [list(PATHS)[index % len(PATHS)] for index in range(count)]
    built = []
    for lg, final in zip(candidates, finals, strict=False):
        identified_on = today - datetime.timedelta(days=rng.randint(120, 3 * 365))
        prospect = services.prospect_create(
            office=office,
            local_government=lg,
            by=staff,
            identified_on=identified_on,
            note=f"Met at the regional forum in {lg.country.display_name}.",
            contacts=_contacts(rng, lg),
        )
        on = identified_on
        for status in PATHS[final]:
            on = min(today, on + datetime.timedelta(days=rng.randint(15, 60)))
            if status == "joined":
                Membership.objects.create(
                    local_government=lg,
                    status=Membership.Status.ACTIVE,
                    applied_on=on - datetime.timedelta(days=10),
                    approved_on=on,
                    started_on=on,
                    note="Joined after the office's introduction (demo).",
                )
            else:
                services.prospect_move(prospect=prospect, status=status, by=staff, on=on)
        if final in NEXT_STEPS:
            # About a third are overdue: the work page shows them.
            due = today + datetime.timedelta(days=rng.choice([-20, -5, 7, 14, 30, 45]))
            prospect.refresh_from_db()
            services.prospect_plan(prospect=prospect, next_step=NEXT_STEPS[final], next_step_on=due)
        built.append(final)
    return built


def _contacts(rng, lg) -> list[services.Contact]:
    contacts = []
    for index in range(rng.randint(1, 2)):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        contacts.append(
            services.Contact(
                name=f"{first} {last}",
                role=ROLES[(index + len(lg.code)) % len(ROLES)],
                email=f"{first}.{last}.{index}@{lg.code}.example.org".lower(),
                phone=f"+{rng.randint(20, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            )
        )
    return contacts


def _targets(today: datetime.date) -> int:
    """Targets rising from a few members in 2007 to the present members, and
    beyond them in later years."""
    set_ = 0
    for region in PriorityRegion.objects.all():
        now = Membership.objects.filter(
            local_government__country__in=region.countries.all(),
            status=Membership.Status.ACTIVE,
        ).count()
        goal = max(now, 3)
        years = [*range(2007, 2013), 2015, 2020, today.year, today.year + 3]
        for year in sorted(set(years)):
            if year <= 2012:
                members = round(goal * (year - 2006) / 6 * 0.6)
            else:
                members = round(goal * (0.6 + 0.1 * (year - 2012) / 4))
            services.target_set(priority_region=region, year=year, members=max(members, 1))
            set_ += 1
    return set_


def _arrangements(rng, today) -> tuple[int, int]:
    arrangements = contracts = 0
    offices = Office.objects.exclude(kind=Office.Kind.WORLD).filter(arrangement__isnull=True)
    for office in offices.order_by("code"):
        since = datetime.date(rng.randint(1993, 2008), rng.choice([1, 4, 7, 10]), 1)
        first_year = rng.randint(max(since.year, 2005), 2012)
        arrangement = OfficeArrangement(
            office=office,
            host_organisation=f"City of {office.city}" if office.city else "Host university",
            hosted_since=since,
            funder=rng.choice(FUNDERS),
            multi_year_funding=True,
            funded_from=first_year,
            funded_until=min(first_year + rng.choice([3, 5, 6]), 2100),
            funding_note="Core funding; projects funded separately.",
            staff=rng.randint(3, 40) if office.kind == Office.Kind.REGIONAL else rng.randint(1, 8),
            staff_counted_on=datetime.date(today.year, 1, 1),
        )
        arrangement.full_clean()
        arrangement.save()
        arrangements += 1
        contract = OfficeContract(
            office=office,
            kind=OfficeContract.Kind.REGIONAL
            if office.kind == Office.Kind.REGIONAL
            else OfficeContract.Kind.COUNTRY,
            signed_on=since,
            valid_until=datetime.date(today.year + rng.randint(1, 4), 12, 31),
            note="Agreement with the World Secretariat on the office's mandate and standards.",
        )
        contract.full_clean()
        contract.save()
        contracts += 1
    return arrangements, contracts


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part), after the
    elections: its prospects that joined are new members, not yet invoiced or
    voting."""
    built = build_demo_development(seed=seed, progress=progress)
    return (
        f"{sum(built.prospects.values())} prospects, {built.targets} membership targets of "
        f"the priority regions and {built.arrangements} offices' arrangements"
    )
