"""An office's consultancy in figures: its pipeline (engagements by status,
with the value proposed or contracted), its income (invoiced and paid, by
year, from the invoices' balance) and its consultants' utilisation (days
recorded against days planned). Read by the office's page, its export and
the office page's section."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from localaction import charts
from localaction.consultancy.models import Engagement, TeamMember, TimeEntry
from localaction.consultancy.permissions import runs_office
from localaction.core import consultancy as method
from localaction.finance.models import Invoice
from localaction.network.models import Office

Status = Engagement.Status
CONTRACTED = (Status.CONTRACT, Status.IN_PROGRESS, Status.DELIVERED, Status.CLOSED)


@dataclass(frozen=True)
class StatusRow:
    status: str
    label: str
    count: int
    # Value by currency: proposed (request, proposal) or contracted (from contract on).
    values: dict[str, Decimal]
    contracted: bool


@dataclass(frozen=True)
class IncomeRow:
    year: int
    currency: str
    invoiced: Decimal
    paid: Decimal

    @property
    def open(self) -> Decimal:
        return self.invoiced - self.paid


@dataclass(frozen=True)
class UtilisationRow:
    consultant: str
    planned: Decimal
    recorded: Decimal

    @property
    def share(self) -> Decimal | None:
        return method.utilisation(self.recorded, self.planned)


def pipeline(office: Office) -> list[StatusRow]:
    engagements = (
        Engagement.objects.filter(office=office).select_related("service").prefetch_related("team")
    )
    counts: dict[str, int] = defaultdict(int)
    values: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for engagement in engagements:
        counts[engagement.status] += 1
        fee = engagement.proposed_fee()
        if fee is not None:
            values[engagement.status][fee.currency] += fee.total
    return [
        StatusRow(
            status,
            Status(status).label,
            counts[status],
            dict(sorted(values[status].items())),
            status in CONTRACTED,
        )
        for status in Status.values
    ]


def income(office: Office) -> list[IncomeRow]:
    """Invoiced and paid, by year of issue and currency, of the engagements'
    invoices (paid: what the invoices' balance counts as paid)."""
    invoices = Invoice.objects.filter(engagement__office=office).with_balance()
    rows: dict[tuple[int, str], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for invoice in invoices:
        row = rows[(invoice.issued_on.year, invoice.currency)]
        row[0] += invoice.total.amount
        row[1] += invoice.paid
    return [
        IncomeRow(year, currency, invoiced, paid)
        for (year, currency), (invoiced, paid) in sorted(rows.items())
    ]


def utilisation(office: Office) -> list[UtilisationRow]:
    planned = dict(
        TeamMember.objects.filter(engagement__office=office)
        .values("consultant__name")
        .annotate(days=Sum("planned_days"))
        .values_list("consultant__name", "days")
    )
    recorded = dict(
        TimeEntry.objects.filter(engagement__office=office)
        .values("consultant__name")
        .annotate(total=Sum("days"))
        .values_list("consultant__name", "total")
    )
    return [
        UtilisationRow(name, planned.get(name, Decimal(0)), recorded.get(name, Decimal(0)))
        for name in sorted(set(planned) | set(recorded))
    ]


def income_chart(rows: list[IncomeRow]) -> str:
    """Paid and still open by year, in the currency most invoiced in."""
    if not rows:
        return ""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        totals[row.currency] += row.invoiced
    currency = max(sorted(totals), key=lambda c: totals[c])
    mine = [row for row in rows if row.currency == currency]
    return charts.stacked_bar_chart(
        [str(row.year) for row in mine],
        [
            (_("Paid"), [float(row.paid) for row in mine]),
            (_("Open"), [float(max(row.open, Decimal(0))) for row in mine]),
        ],
        title=_("Consultancy income by year (%(currency)s)") % {"currency": currency},
        description=_("Invoiced consultancy fees by year of issue: paid, and still open."),
        unit=currency,
        chart_id="consultancy-income",
    )


def export_rows(office: Office) -> tuple[list[str], list[list[object]]]:
    """The office's engagements as a table (for CSV and XLSX)."""
    columns = [
        _("Engagement"), _("Client"), _("Service"), _("Status"), _("Starts on"), _("Ends on"),
        _("Currency"), _("Proposed value"), _("Fee earned"), _("Invoice"),
    ]  # fmt: skip
    rows = []
    for engagement in (
        Engagement.objects.filter(office=office)
        .select_related("service", "local_government", "invoice")
        .prefetch_related("team")
        .order_by("created_at", "pk")
    ):
        proposed, earned = engagement.proposed_fee(), engagement.fee()
        rows.append(
            [
                engagement.title,
                engagement.client,
                engagement.service.name,
                engagement.get_status_display(),
                engagement.starts_on,
                engagement.ends_on,
                engagement.currency,
                proposed.total if proposed else None,
                earned.total if earned else None,
                engagement.invoice.number if engagement.invoice_id else "",
            ]
        )
    return [str(c) for c in columns], rows


def office_section(user, office: Office) -> dict | None:
    """For the office's staff and the secretariat: open engagements and the link."""
    if not runs_office(user, office):
        return None
    engagements = Engagement.objects.filter(office=office)
    if not engagements.exists() and not office.services.exists():
        return None
    return {
        "open": engagements.open().count(),
        "requests": engagements.filter(status=Status.REQUEST).count(),
        "services": office.services.active().count(),
    }
