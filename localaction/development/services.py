"""Writes of regional development that span several records, and its figures.

A prospect's status changes only here (`prospect_move`), each change
recorded with who, when and why; `joined` is never chosen by a person: it is
set by `join_prospects` when a membership of the local government becomes
active (signals.py calls it). The conversion of prospects by region and year
and the growth of the priority regions are computed in the database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext

from localaction.development.models import (
    MembershipTarget,
    PriorityRegion,
    Prospect,
    ProspectChange,
    ProspectContact,
)
from localaction.network.models import LocalGovernment, Membership, Office, Region


@dataclass(frozen=True)
class Contact:
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""


@transaction.atomic
def prospect_create(
    *,
    office: Office,
    local_government: LocalGovernment,
    by=None,
    identified_on: datetime.date | None = None,
    next_step: str = "",
    next_step_on: datetime.date | None = None,
    note: str = "",
    contacts: list[Contact] | tuple[Contact, ...] = (),
) -> Prospect:
    """A new prospect of `office`, identified (recorded as its first change),
    with its contacts; refused whole when any part is wrong."""
    prospect = Prospect(
        office=office,
        local_government=local_government,
        identified_on=identified_on or timezone.localdate(),
        next_step=next_step,
        next_step_on=next_step_on,
        note=note,
        created_by=by,
    )
    prospect.full_clean()
    prospect.save()
    ProspectChange.objects.create(
        prospect=prospect,
        status=Prospect.Status.IDENTIFIED,
        changed_on=prospect.identified_on,
        changed_by=by,
        note=note,
    )
    for contact in contacts:
        prospect_add_contact(prospect=prospect, contact=contact)
    return prospect


@transaction.atomic
def prospect_add_contact(*, prospect: Prospect, contact: Contact) -> ProspectContact:
    record = ProspectContact(
        prospect=prospect,
        name=contact.name,
        role=contact.role,
        email=contact.email,
        phone=contact.phone,
    )
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def prospect_move(
    *,
    prospect: Prospect,
    status: str,
    by=None,
    note: str = "",
    on: datetime.date | None = None,
) -> Prospect:
    """Move the prospect to `status` as the rules allow, recording the change."""
    prospect = Prospect.objects.select_for_update().get(pk=prospect.pk)
    if status == Prospect.Status.JOINED:
        raise ValidationError(
            {
                "status": gettext(
                    "A prospect joins when a membership of its local government becomes "
                    "active; it is not set by hand."
                )
            }
        )
    if status not in Prospect.Status.values or not prospect.can_move_to(status):
        raise ValidationError(
            {
                "status": gettext("A prospect cannot go from %(old)s to %(new)s.")
                % {
                    "old": prospect.get_status_display(),
                    "new": Prospect.Status(status).label
                    if status in Prospect.Status.values
                    else status,
                }
            }
        )
    on = on or timezone.localdate()
    if on < prospect.identified_on:
        raise ValidationError({"on": gettext("This date lies before the prospect was identified.")})
    prospect.status = status
    if not prospect.is_open:
        prospect.next_step, prospect.next_step_on = "", None
    prospect.full_clean()
    prospect.save()
    ProspectChange.objects.create(
        prospect=prospect, status=status, changed_on=on, changed_by=by, note=note
    )
    return prospect


@transaction.atomic
def prospect_plan(
    *, prospect: Prospect, next_step: str, next_step_on: datetime.date | None
) -> Prospect:
    """Set (or clear, both empty) the prospect's next step and its date."""
    if not prospect.is_open and (next_step or next_step_on):
        raise ValidationError(
            {"next_step": gettext("A joined or declined prospect has no next step.")}
        )
    prospect.next_step, prospect.next_step_on = next_step.strip(), next_step_on
    prospect.full_clean()
    prospect.save(update_fields=["next_step", "next_step_on"])
    return prospect


@transaction.atomic
def join_prospects(membership: Membership) -> int:
    """Mark the open prospects of the membership's local government joined, once
    the membership is active; how many were."""
    if membership.status != Membership.Status.ACTIVE:
        return 0
    on = membership.started_on or timezone.localdate()
    joined = 0
    for prospect in (
        Prospect.objects.select_for_update()
        .open()
        .filter(local_government_id=membership.local_government_id)
    ):
        prospect.status = Prospect.Status.JOINED
        prospect.next_step, prospect.next_step_on = "", None
        prospect.save(update_fields=["status", "next_step", "next_step_on"])
        ProspectChange.objects.create(
            prospect=prospect,
            status=Prospect.Status.JOINED,
            changed_on=max(on, prospect.identified_on),
            note=gettext("Membership active since %(date)s.") % {"date": on.isoformat()},
        )
        joined += 1
    return joined


# Conversion


@dataclass(frozen=True)
class ConversionRow:
    """The prospects identified in one region and year, and how many of them
    ever reached each status."""

    region: Region
    year: int
    reached: dict[str, int] = field(default_factory=dict)

    @property
    def identified(self) -> int:
        return self.reached.get(Prospect.Status.IDENTIFIED, 0)

    @property
    def counts(self) -> list[int]:
        return [self.reached.get(status, 0) for status in Prospect.Status.values]

    @property
    def rate(self) -> float | None:
        """joined / identified, as a fraction."""
        if not self.identified:
            return None
        return self.reached.get(Prospect.Status.JOINED, 0) / self.identified


def conversion(prospects: QuerySet[Prospect]) -> list[ConversionRow]:
    """The prospects by region (of the local government's country) and year
    identified: how many were identified, and how many of those ever reached
    each later status (contacted, interested, applied, joined, declined, from
    their history of changes); the conversion rate is joined / identified."""
    identified = (
        prospects.values(
            region_id=F("local_government__country__region"), year=ExtractYear("identified_on")
        )
        .annotate(count=Count("pk"))
        .order_by()
    )
    reached = (
        ProspectChange.objects.filter(prospect__in=prospects)
        .exclude(status=Prospect.Status.IDENTIFIED)
        .values(
            "status",
            region_id=F("prospect__local_government__country__region"),
            year=ExtractYear("prospect__identified_on"),
        )
        .annotate(count=Count("prospect", distinct=True))
        .order_by()
    )
    counts: dict[tuple[int, int], dict[str, int]] = {}
    for row in identified:
        counts.setdefault((row["region_id"], row["year"]), {})[Prospect.Status.IDENTIFIED] = row[
            "count"
        ]
    for row in reached:
        counts.setdefault((row["region_id"], row["year"]), {})[row["status"]] = row["count"]
    regions = Region.objects.in_bulk({region_id for region_id, _year in counts})
    rows = [
        ConversionRow(regions[region_id], year, reached)
        for (region_id, year), reached in counts.items()
    ]
    return sorted(rows, key=lambda row: (row.region.display_name, row.year))


# Priority regions


@dataclass(frozen=True)
class GrowthRow:
    year: int
    target: int | None
    members: int
    introduced: int

    @property
    def gap(self) -> int | None:
        """Members at the year's end beyond (positive) or short of the target."""
        return None if self.target is None else self.members - self.target


def growth(priority_region: PriorityRegion, years: list[int] | range) -> list[GrowthRow]:
    """Each year's target beside the active members in the region's countries at
    the year's end (a membership started by then and not ended by then), and
    the members introduced that year (memberships started in it)."""
    years = list(years)
    if not years:
        return []
    memberships = Membership.objects.filter(
        local_government__country__in=priority_region.countries.all(), started_on__isnull=False
    )
    figures = {}
    for year in years:
        end = datetime.date(year, 12, 31)
        figures[f"members_{year}"] = Count(
            "local_government",
            distinct=True,
            filter=Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=end)),
        )
        figures[f"introduced_{year}"] = Count("pk", filter=Q(started_on__year=year))
    counted = memberships.aggregate(**figures)
    targets = dict(
        MembershipTarget.objects.filter(
            priority_region=priority_region, year__in=years
        ).values_list("year", "members")
    )
    return [
        GrowthRow(
            year=year,
            target=targets.get(year),
            members=counted[f"members_{year}"],
            introduced=counted[f"introduced_{year}"],
        )
        for year in years
    ]


def members_introduced(
    starts_on: datetime.date, ends_on: datetime.date, *, region: Region | None = None
) -> int:
    """Local governments in the countries of any priority region (of `region`
    too, when given) with a membership started within `starts_on … ends_on`:
    the members the offices introduced there (§2.1c), as `growth` counts them
    year by year."""
    introduced = Membership.objects.filter(
        local_government__country__priority_regions__isnull=False,
        started_on__gte=starts_on,
        started_on__lte=ends_on,
    )
    if region is not None:
        introduced = introduced.filter(local_government__country__region=region)
    return introduced.values("local_government").distinct().count()


def years_of(priority_region: PriorityRegion) -> range:
    """From the first target's year to the last (or this year, if later)."""
    years = list(priority_region.targets.values_list("year", flat=True))
    this_year = timezone.localdate().year
    if not years:
        return range(this_year, this_year + 1)
    return range(min(years), max(*years, min(this_year, max(years) + 10)) + 1)


@transaction.atomic
def target_set(*, priority_region: PriorityRegion, year: int, members: int) -> MembershipTarget:
    """Set (or change) the region's target of members at the end of `year`."""
    target = MembershipTarget.objects.filter(priority_region=priority_region, year=year).first()
    target = target or MembershipTarget(priority_region=priority_region, year=year)
    target.members = members
    target.full_clean()
    target.save()
    return target
