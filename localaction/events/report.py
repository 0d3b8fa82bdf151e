"""An event's registrations in figures, for those who organise it:
registrations and attendance by region (the member's region for a delegate,
else that of the person's country), members' delegates against the others,
and the income invoiced and paid (from the invoices' balance). Each total is
the sum of its rows, which the tests recompute."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BooleanField, Case, Count, F, Q, Value, When
from django.utils.translation import gettext as _

from localaction.charts import bar_chart
from localaction.events.models import Event, Registration
from localaction.tables import Sheet


@dataclass(frozen=True)
class Counts:
    label: str
    confirmed: int
    waiting: int
    attended: int
    cancelled: int

    @property
    def registered(self) -> int:
        """Live registrations: confirmed and waiting."""
        return self.confirmed + self.waiting


@dataclass(frozen=True)
class Income:
    currency: str
    invoiced: Decimal
    credited: Decimal
    paid: Decimal
    open: Decimal
    invoices: int


@dataclass
class EventReport:
    event: Event
    by_region: list[Counts] = field(default_factory=list)
    by_membership: list[Counts] = field(default_factory=list)
    by_category: list[Counts] = field(default_factory=list)
    income: list[Income] = field(default_factory=list)

    @property
    def total(self) -> Counts:
        return _sum(_("All"), self.by_region)


def _sum(label: str, rows: list[Counts]) -> Counts:
    return Counts(
        label,
        sum(row.confirmed for row in rows),
        sum(row.waiting for row in rows),
        sum(row.attended for row in rows),
        sum(row.cancelled for row in rows),
    )


_COUNTS = {
    "confirmed": Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
    "waiting": Count("pk", filter=Q(status=Registration.Status.WAITING)),
    "attended": Count("pk", filter=Q(checked_in_at__isnull=False)),
    "cancelled": Count("pk", filter=Q(status=Registration.Status.CANCELLED)),
}


def _counts(event: Event, group) -> list[tuple[object, Counts]]:
    """Counts per value of `group` (a field name or an expression)."""
    rows = (
        Registration.objects.filter(event=event)
        .order_by()
        .values(key=F(group) if isinstance(group, str) else group)
        .annotate(**_COUNTS)
        .order_by("key")
    )
    return [
        (
            row["key"],
            Counts("", row["confirmed"], row["waiting"], row["attended"], row["cancelled"]),
        )
        for row in rows
    ]


def _labelled(pairs: list[tuple[object, Counts]], label_of) -> list[Counts]:
    return [
        Counts(label_of(key), c.confirmed, c.waiting, c.attended, c.cancelled) for key, c in pairs
    ]


def event_report(event: Event) -> EventReport:
    from localaction.events.models import RegistrationCategory
    from localaction.finance.models import Invoice
    from localaction.network.models import Region

    regions = dict(Region.objects.values_list("pk", "name"))
    categories = dict(RegistrationCategory.objects.filter(event=event).values_list("pk", "name"))
    report = EventReport(event)
    report.by_region = sorted(
        _labelled(_counts(event, "country__region"), lambda pk: regions.get(pk, "–")),
        key=lambda row: row.label,
    )
    is_member = Case(
        When(local_government__isnull=False, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    membership = dict(_counts(event, is_member))
    report.by_membership = [
        Counts(_("Members' delegates"), *_fields(membership.get(True))),
        Counts(_("Others"), *_fields(membership.get(False))),
    ]
    report.by_category = _labelled(_counts(event, "category"), lambda pk: categories[pk])
    income: dict[str, list] = defaultdict(lambda: [Decimal(0)] * 4 + [0])
    invoices = Invoice.objects.filter(event_registration__event=event).with_balance()
    for invoice in invoices.values("total", "total_currency", "credited", "paid", "open_amount"):
        sums = income[invoice["total_currency"]]
        sums[0] += invoice["total"]
        sums[1] += invoice["credited"]
        sums[2] += invoice["paid"]
        sums[3] += invoice["open_amount"]
        sums[4] += 1
    report.income = [Income(currency, *sums) for currency, sums in sorted(income.items())]
    return report


def _fields(counts: Counts | None) -> tuple[int, int, int, int]:
    if counts is None:
        return (0, 0, 0, 0)
    return (counts.confirmed, counts.waiting, counts.attended, counts.cancelled)


def region_chart(report: EventReport) -> str:
    rows = report.by_region
    return bar_chart(
        [row.label for row in rows],
        [row.registered for row in rows],
        title=_("Registrations by region"),
        description=_("Confirmed and waiting registrations for %(event)s, by region.")
        % {"event": report.event.title},
        unit=_("registrations"),
        chart_id="registrations-by-region",
        number_format=lambda value: f"{value:,.0f}",
    )


COUNT_COLUMNS = ("confirmed", "waiting", "attended", "cancelled")


def report_sheets(report: EventReport) -> list[Sheet]:
    """The report as worksheets (tables.py writes them as XLSX, or the first as CSV)."""

    def counts_rows(rows: list[Counts]) -> list[list[object]]:
        return [
            [row.label, row.confirmed, row.waiting, row.attended, row.cancelled]
            for row in [*rows, _sum(_("All"), rows)]
        ]

    return [
        Sheet("by region", ("region", *COUNT_COLUMNS), counts_rows(report.by_region)),
        Sheet("members", ("group", *COUNT_COLUMNS), counts_rows(report.by_membership)),
        Sheet("categories", ("category", *COUNT_COLUMNS), counts_rows(report.by_category)),
        Sheet(
            "income",
            ("currency", "invoices", "invoiced", "credited", "paid", "open"),
            [
                [i.currency, i.invoices, i.invoiced, i.credited, i.paid, i.open]
                for i in report.income
            ],
        ),
    ]


def registration_rows(event: Event, registrations) -> list[list[object]]:
    """One row per registration; the waiting list's positions counted once for all."""
    waiting = Registration.objects.filter(event=event).waiting().values_list("pk", flat=True)
    positions = {pk: position for position, pk in enumerate(waiting, start=1)}
    return [
        [
            r.person_name,
            r.person.email,
            r.organisation_name,
            r.country.name,
            r.category.name,
            r.get_status_display(),
            r.registered_at.isoformat(timespec="seconds"),
            positions.get(r.pk),
            r.checked_in_at.isoformat(timespec="seconds") if r.checked_in_at else None,
            r.invoice.number if r.invoice_id else None,
            r.badge_code,
        ]
        for r in registrations
    ]


REGISTRATION_COLUMNS = (
    "name",
    "email",
    "organisation",
    "country",
    "category",
    "status",
    "registered_at",
    "waiting_position",
    "checked_in_at",
    "invoice",
    "badge_code",
)
