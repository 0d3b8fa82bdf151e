"""The platform's named measures: what a computed indicator reads.

A measure is one function (a period, and optionally a region) → a value or
None (nothing to say yet), registered with its title, its unit, its query
in words (shown beside every value it gives) and a link to the records
behind it (a list page or API list with its filters). Adding one is one
function and one `@measure(...)` above it:

    @measure("members_trained", title=_("Members trained"), unit=_("members"),
             words=_("Members with a certificate ... %(scope)s."),
             records=lambda span, region: reverse(...))
    def members_trained(span, region): ...

A measure reuses the services of the app whose data it reads (the network
report, the finance dashboard, the campaigns' funnel); it never recomputes
their methods. A span is anything with `starts_on` and `ends_on` (a
`Period`); the figure is "as at the span's last day" unless the words say
otherwise.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from localaction.campaigns.models import Campaign, Participation
from localaction.campaigns.services import milestones_reached
from localaction.core.dues import collection_rate
from localaction.development import services as development
from localaction.finance.budgets import rate_date
from localaction.finance.dashboard import Rates, dues_by_region, dues_converted, dues_totals
from localaction.finance.models import Invoice
from localaction.inventories.models import Inventory
from localaction.network.models import Membership, Region
from localaction.partnerships.models import Agreement
from localaction.reports.figures import Preparing, Reports
from localaction.reports.services import ReportError

#: The campaign the Cities for Climate Protection measures read.
CCP = "ccp"
#: The currency dues in several currencies are compared in.
DUES_CURRENCY = "EUR"


class Span(Protocol):
    """What a measure is asked about: `starts_on` to `ends_on` (a Period has both)."""

    starts_on: datetime.date
    ends_on: datetime.date


Compute = Callable[[Span, Region | None], float | None]
Records = Callable[[Span, Region | None], str]


@dataclass(frozen=True)
class Measure:
    name: str
    title: str | Promise
    unit: str | Promise
    # The query in words; "%(scope)s" is the region's name or the whole network.
    words_template: str | Promise
    compute: Compute
    records: Records
    # Filled into the title and words when they are read (in the reader's language).
    params: tuple[tuple[str, object], ...] = ()

    @property
    def display_title(self) -> str:
        return str(self.title) % dict(self.params) if self.params else str(self.title)

    def words(self, region: Region | None) -> str:
        scope = (
            gettext("in %(region)s") % {"region": region.display_name}
            if region is not None
            else gettext("in the whole network")
        )
        return str(self.words_template) % {"scope": scope, **dict(self.params)}

    def __call__(self, span: Span, region: Region | None = None) -> float | None:
        return self.compute(span, region)


MEASURES: dict[str, Measure] = {}


def measure(name: str, *, title, unit, words, records: Records, params: dict | None = None):
    """Register the decorated function as the measure `name`."""

    def register(compute: Compute) -> Compute:
        if name in MEASURES:
            raise ValueError(f"measure {name!r} is registered twice")
        MEASURES[name] = Measure(
            name, title, unit, words, compute, records, tuple((params or {}).items())
        )
        return compute

    return register


def choices() -> list[tuple[str, str]]:
    return [(name, one.display_title) for name, one in sorted(MEASURES.items())]


def _as_of(span: Span) -> datetime.date:
    """The day a figure "as at the span's end" is read on: its last day, or
    today while the span runs."""
    return min(span.ends_on, timezone.localdate())


def _url(name: str, params: dict[str, object], *args) -> str:
    found = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{reverse(name, args=args)}?{urlencode(found)}" if found else reverse(name, args=args)


def _region_code(region: Region | None) -> str | None:
    return region.code if region is not None else None


# Active members ------------------------------------------------------------


def members_on(day: datetime.date, region: Region | None = None):
    """Memberships in force on `day`: active and begun by then (or with no start
    recorded), or lapsed or withdrawn after it, having begun before it."""
    memberships = Membership.objects.filter(
        Q(status=Membership.Status.ACTIVE) & (Q(started_on__isnull=True) | Q(started_on__lte=day))
        | Q(
            status__in=[Membership.Status.LAPSED, Membership.Status.WITHDRAWN],
            started_on__lte=day,
            ended_on__gt=day,
        )
    )
    if region is not None:
        memberships = memberships.filter(local_government__country__region=region)
    return memberships


@measure(
    "active_members",
    title=_("Active members"),
    unit=_("members"),
    words=_(
        "Local governments whose membership was in force on the period's last day "
        "(or today, while the period runs), %(scope)s."
    ),
    records=lambda span, region: _url(
        "network:directory", {"membership_status": "active", "region": _region_code(region)}
    ),
)
def active_members(span: Span, region: Region | None) -> float:
    day = _as_of(span)
    return float(members_on(day, region).values("local_government").distinct().count())


# Members introduced in the priority regions (§2.1c) -------------------------


@measure(
    "members_introduced_priority_regions",
    title=_("Members introduced in the priority regions"),
    unit=_("members"),
    words=_(
        "Local governments in the countries of the plan's priority regions whose "
        "membership started within the period (up to today, while it runs), %(scope)s."
    ),
    records=lambda span, region: reverse("development:priority-regions"),
)
def members_introduced_priority_regions(span: Span, region: Region | None) -> float:
    return float(development.members_introduced(span.starts_on, _as_of(span), region=region))


# Cities for Climate Protection ----------------------------------------------


def _ccp_participants(day: datetime.date, region: Region | None) -> list[Participation]:
    participations = Participation.objects.filter(campaign__code=CCP, joined_on__lte=day).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day)
    )
    if region is not None:
        participations = participations.filter(local_government__country__region=region)
    return list(participations.select_related("campaign"))


def _ccp_milestone(number: int) -> Compute:
    def reached(span: Span, region: Region | None) -> float | None:
        campaign = Campaign.objects.filter(code=CCP).select_related("methodology").first()
        if campaign is None:
            return None
        participations = _ccp_participants(_as_of(span), region)
        reached_by = milestones_reached(participations)
        return float(
            sum(
                1
                for participation in participations
                if len(reached_by[participation.pk]) >= number
                and reached_by[participation.pk][number - 1]
            )
        )

    return reached


def _campaign_page(span: Span, region: Region | None) -> str:
    return reverse("campaigns:campaign", args=[CCP])


for _number in range(1, 6):
    measure(
        f"ccp_milestone_{_number}",
        title=_("Cities for Climate Protection: participants at milestone %(number)s"),
        unit=_("participants"),
        words=_(
            "Local governments taking part in Cities for Climate Protection on the "
            "period's last day that have reached milestone %(number)s (achieved or "
            "verified, as recorded or as their data prove it today), %(scope)s."
        ),
        records=_campaign_page,
        params={"number": _number},
    )(_ccp_milestone(_number))


# Inventories ------------------------------------------------------------------


@measure(
    "members_reporting_inventories",
    title=_("Members reporting inventories"),
    unit=_("members"),
    words=_(
        "Local governments with a GHG inventory published during the period "
        "(a correction published in it counts too), %(scope)s."
    ),
    records=lambda span, region: _url("reports:members", {"region": _region_code(region)}),
)
def members_reporting_inventories(span: Span, region: Region | None) -> float:
    inventories = Inventory.objects.filter(
        published_at__date__gte=span.starts_on, published_at__date__lte=span.ends_on
    )
    if region is not None:
        inventories = inventories.filter(local_government__country__region=region)
    return float(inventories.values("local_government").distinct().count())


# Committed reductions ---------------------------------------------------------


@measure(
    "committed_reductions",
    title=_("Committed reductions"),
    unit=_("t CO2e"),
    words=_(
        "The reductions members committed to in their adopted targets, summed over "
        "every target year, as the network report of the period's last year counts "
        "them (the report as last computed), %(scope)s."
    ),
    records=lambda span, region: _url(
        "reports:dashboard",
        {"year": _as_of(span).year, "region": _region_code(region)},
    ),
)
def committed_reductions(span: Span, region: Region | None) -> float | None:
    reports = Reports.now()
    try:
        scope = reports.scope({"year": str(_as_of(span).year), "region": _region_code(region)})
        report = reports.report(scope)
    except (Preparing, ReportError):
        # Never computed while a reader waits: no value until it is ready.
        return None
    finally:
        reports.queue_recomputation()
    return float(sum(row.committed_reduction_tco2e for row in report.commitments))


# Dues -------------------------------------------------------------------------------


@measure(
    "dues_collection_rate",
    title=_("Dues collection rate"),
    unit="%",
    words=_(
        "Dues collected as a share of dues invoiced (less credit notes) for the "
        "membership year of the period's last day, as the finance dashboard counts "
        "them; in several currencies, compared in euros at the year's rates, %(scope)s."
    ),
    records=lambda span, region: _url("finance:dashboard", {"year": _as_of(span).year}),
)
def dues_collection_rate(span: Span, region: Region | None) -> float | None:
    year = _as_of(span).year
    rows = dues_by_region(year, Invoice.objects.all())
    if region is not None:
        rows = [row for row in rows if row.code == region.code]
    totals = dues_totals(rows)
    if len(totals) > 1:
        try:
            totals = dues_totals(dues_converted(rows, DUES_CURRENCY, rate_date(year), Rates()))
        except ValidationError:
            return None
    if not totals:
        return None
    rate = collection_rate(totals[0].invoiced, totals[0].collected)
    return float(rate) if rate is not None else None


# Partnerships -----------------------------------------------------------------


@measure(
    "partnerships_active",
    title=_("Partnerships active"),
    unit=_("agreements"),
    words=_(
        "Partnership agreements in force on the period's last day (or today, while "
        "the period runs): activated, begun by then and not ended before it; "
        "agreements of every office."
    ),
    records=lambda span, region: reverse("partnerships:index"),
)
def partnerships_active(span: Span, region: Region | None) -> float:
    day = _as_of(span)
    return float(
        Agreement.objects.exclude(status=Agreement.Status.DRAFT)
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=day))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .filter(
            Q(status=Agreement.Status.ACTIVE)
            | Q(
                status__in=[Agreement.Status.ENDED, Agreement.Status.EXPIRED], ends_on__isnull=False
            )
        )
        .count()
    )
