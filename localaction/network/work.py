"""The work waiting for offices: one queue per kind of decision, on one page.

Each domain registers the queue it owns, from its AppConfig.ready(): the
network its memberships to decide (here), inventories the inventories to
verify, campaigns the milestones to verify. The network app, lower in the
layers, never imports them; it only lists what was registered.

A queue's `rows(user)` gives the items waiting for that person — office staff
see what is in the regions and countries their offices cover, the secretariat
everything — each with the date it started waiting and the page where it is
decided. `covered_local_governments` is the one rule of "covered" they share.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from localaction.accounts.access import access_of
from localaction.network.models import LocalGovernment, Membership, Office
from localaction.network.permissions import local_governments_visible_to


@dataclass(frozen=True)
class Item:
    """One thing waiting: what it is, for whom, since when, where it is decided."""

    title: str
    local_government: LocalGovernment
    since: datetime.date
    url: str
    detail: str = ""
    offices: list[Office] = field(default_factory=list)

    @property
    def age_days(self) -> int:
        return max(0, (timezone.localdate() - self.since).days)


def _everyone(user) -> bool:
    return True


@dataclass(frozen=True)
class Queue:
    key: str
    title: str
    rows: Callable[[object], Iterable[Item]]
    order: int = 100
    #: Who has a part in this queue's decisions (others do not see it at all).
    audience: Callable[[object], bool] = _everyone


_QUEUES: dict[str, Queue] = {}


def register(
    key: str,
    title: str,
    rows: Callable[[object], Iterable[Item]],
    *,
    order=100,
    audience: Callable[[object], bool] = _everyone,
):
    """Add (or replace, by `key`) a queue to the work page, shown to those of
    the offices' staff for whom `audience(user)` holds (all by default)."""
    _QUEUES[key] = Queue(key, title, rows, order, audience)


def queues() -> list[Queue]:
    return sorted(_QUEUES.values(), key=lambda queue: (queue.order, queue.key))


def may_see_work(user) -> bool:
    access = access_of(user)
    return access.is_secretariat or access.is_office_staff


def covered_local_governments(user) -> QuerySet[LocalGovernment]:
    """The local governments whose decisions wait for this person's offices
    (every one, for the secretariat)."""
    access = access_of(user)
    covered = local_governments_visible_to(user)
    if not access.is_secretariat:
        covered = covered.covered_by(
            region_ids=access.staff_regions, country_codes=access.staff_countries
        )
    return covered


def as_date(moment: datetime.date | datetime.datetime | None) -> datetime.date:
    if moment is None:
        return timezone.localdate()
    if isinstance(moment, datetime.datetime):
        return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
    return moment


class _Coverage:
    """Which offices (other than the World Secretariat) cover each local government."""

    def __init__(self) -> None:
        self.by_region: dict[int, list[Office]] = {}
        self.by_country: dict[str, list[Office]] = {}
        offices = Office.objects.exclude(kind=Office.Kind.WORLD).prefetch_related(
            "regions", "countries"
        )
        for office in offices.order_by("name"):
            for region in office.regions.all():
                self.by_region.setdefault(region.pk, []).append(office)
            for country in office.countries.all():
                self.by_country.setdefault(country.pk, []).append(office)

    def of(self, local_government: LocalGovernment) -> list[Office]:
        found = [
            *self.by_region.get(local_government.country.region_id, []),
            *self.by_country.get(local_government.country_id, []),
        ]
        return sorted(set(found), key=lambda office: office.name)


@dataclass(frozen=True)
class Section:
    queue: Queue
    items: list[Item]

    @property
    def count(self) -> int:
        return len(self.items)


def work_for(user) -> list[Section]:
    """Every registered queue `user` has a part in, with the items waiting for
    them, oldest first; for the secretariat, each item names the offices
    covering it."""
    coverage = _Coverage() if access_of(user).is_secretariat else None
    sections = []
    for queue in queues():
        if not queue.audience(user):
            continue
        items = sorted(queue.rows(user), key=lambda item: (item.since, item.title))
        if coverage is not None:
            items = [
                dataclasses.replace(item, offices=coverage.of(item.local_government))
                for item in items
            ]
        sections.append(Section(queue, items))
    return sections


# The network's own queue: memberships to decide.


def memberships_waiting(user) -> QuerySet[Membership]:
    """Applications and approvals waiting for the person's offices, oldest first
    (the rule of the "Memberships to decide" page)."""
    return (
        Membership.objects.filter(
            local_government__in=covered_local_governments(user),
            status__in=[Membership.Status.APPLIED, Membership.Status.APPROVED],
        )
        .select_related("local_government__country__region", "category")
        .order_by("applied_on", "pk")
    )


def _membership_rows(user) -> Iterable[Item]:
    for membership in memberships_waiting(user):
        yield Item(
            title=str(membership.local_government),
            local_government=membership.local_government,
            since=as_date(membership.applied_on),
            url=reverse("network:memberships-to-decide"),
            detail=f"{membership.get_type_display()} · {membership.get_status_display()}",
        )


register("memberships", _("Memberships to decide"), _membership_rows, order=10)
