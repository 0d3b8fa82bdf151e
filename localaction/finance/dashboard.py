"""The finance dashboard's figures (§2.6, §2.7): dues invoiced, collected and
outstanding by region (dues only), income invoiced and paid by purpose (dues,
event fees, services) and office, receivables ageing (every invoice), collection rate, core against
project funding, and budget against actual by office.

Who reads what: the secretariat everything; office staff (finance staff
included) the invoices of the members their office covers and the budgets of
the offices whose finances they may read (`finance.permissions`); members
nothing. Figures stay per currency, and are also converted to one currency
at dated rates (`finance.services.convert`), each rate named; a missing rate
is said, and the per-currency figures stand.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Case, Count, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Round
from djmoney.money import Money

from localaction.accounts.access import access_of
from localaction.core.dues import collection_rate
from localaction.finance import permissions
from localaction.finance.ageing import Ageing, ageing
from localaction.finance.budgets import FUNDING_KINDS, Comparison, compare, rate_date
from localaction.finance.models import Actual, Budget, ExchangeRate, Invoice
from localaction.finance.models.schedules import AMOUNT_DIGITS
from localaction.finance.services import convert
from localaction.network.models import Office

ZERO = Decimal("0.00")
_MONEY = DecimalField(max_digits=AMOUNT_DIGITS, decimal_places=2)


def may_read_finances(user) -> bool:
    """The dashboard and budgets: the secretariat and office staff; never members."""
    access = access_of(user)
    return access.is_secretariat or access.is_office_staff


def may_read_schedules(user) -> bool:
    """The fee schedule is not secret: staff and members' editors read it."""
    access = access_of(user)
    return access.is_secretariat or access.is_office_staff or bool(access.editor_of)


def offices_readable_by(user) -> list[Office]:
    """The offices whose budgets and actuals the person may read."""
    offices = Office.objects.prefetch_related("regions", "countries").select_related("country")
    return [office for office in offices if permissions.can_read_office_finances(user, office)]


def invoices_for(user):
    """The invoices whose figures the person's dashboard counts."""
    return permissions.invoices_readable_by(user, Invoice.objects.all())


@dataclass(frozen=True)
class DuesRow:
    """One region's dues of a membership year in one currency: invoiced (net of
    credit notes), collected (payments matched to them) and outstanding (what
    is still open; an overpayment is the member's credit, not a negative)."""

    code: str
    name: str
    currency: str
    invoices: int
    invoiced: Decimal
    collected: Decimal
    outstanding: Decimal

    @property
    def collection_rate(self) -> Decimal | None:
        return collection_rate(self.invoiced, self.collected)

    def row(self) -> list[object]:
        return [
            self.code,
            self.name,
            self.currency,
            self.invoices,
            self.invoiced,
            self.collected,
            self.outstanding,
            self.collection_rate,
        ]


DUES_COLUMNS = (
    "region",
    "name",
    "currency",
    "invoices",
    "invoiced",
    "collected",
    "outstanding",
    "collection_rate_percent",
)


def _cents(value) -> Decimal:
    # SQLite sums decimals in floating point: rounded in SQL, read back as cents.
    return Decimal(str(value if value is not None else 0)).quantize(Decimal("0.01"))


def dues_by_region(year: int, invoices) -> list[DuesRow]:
    """The membership year's dues by region and currency, summed in the database."""
    open_part = Case(When(open_amount__gt=0, then=F("open_amount")), default=Value(ZERO))
    rows = (
        invoices.filter(purpose=Invoice.Purpose.DUES, year=year)
        .with_balance()
        .order_by()
        .values(
            "local_government__country__region__code",
            "local_government__country__region__name",
            "total_currency",
        )
        .annotate(
            count=Count("pk"),
            invoiced=Round(Sum(F("total") - F("credited")), 2, output_field=_MONEY),
            collected=Round(Sum("paid"), 2, output_field=_MONEY),
            outstanding=Round(Sum(open_part, output_field=_MONEY), 2, output_field=_MONEY),
        )
    )
    result = [
        DuesRow(
            row["local_government__country__region__code"],
            row["local_government__country__region__name"],
            row["total_currency"],
            row["count"],
            _cents(row["invoiced"]),
            _cents(row["collected"]),
            _cents(row["outstanding"]),
        )
        for row in rows
    ]
    result.sort(key=lambda row: (row.name.casefold(), row.currency))
    return result


def dues_totals(rows: list[DuesRow], *, code: str = "", name: str = "") -> list[DuesRow]:
    """The rows added up per currency (the total is the sum of the regions)."""
    totals: dict[str, list[DuesRow]] = {}
    for row in rows:
        totals.setdefault(row.currency, []).append(row)
    return [
        DuesRow(
            code,
            name,
            currency,
            sum(row.invoices for row in group),
            sum((row.invoiced for row in group), ZERO),
            sum((row.collected for row in group), ZERO),
            sum((row.outstanding for row in group), ZERO),
        )
        for currency, group in sorted(totals.items())
    ]


@dataclass(frozen=True)
class PurposeRow:
    """One office's income of one purpose in one currency for a year: invoiced
    (net of credit notes) and paid (the payments matched to those invoices)."""

    office_code: str
    office_name: str
    purpose: str
    currency: str
    invoices: int
    invoiced: Decimal
    paid: Decimal

    @property
    def purpose_label(self) -> str:
        return str(Invoice.Purpose(self.purpose).label)

    def row(self) -> list[object]:
        return [
            self.office_code,
            self.office_name,
            self.purpose,
            self.currency,
            self.invoices,
            self.invoiced,
            self.paid,
        ]


PURPOSE_COLUMNS = ("office", "name", "purpose", "currency", "invoices", "invoiced", "paid")


def income_by_purpose(year: int, invoices) -> list[PurposeRow]:
    """Each office's income of `year` by purpose and currency, summed in the
    database: dues of membership year `year`, event and service fees issued
    in `year` (a fee invoice has no membership year)."""
    order = {purpose: index for index, purpose in enumerate(Invoice.Purpose.values)}
    rows = (
        invoices.filter(
            Q(purpose=Invoice.Purpose.DUES, year=year)
            | (~Q(purpose=Invoice.Purpose.DUES) & Q(issued_on__year=year))
        )
        .with_balance()
        .order_by()
        .values("office__code", "office__name", "purpose", "total_currency")
        .annotate(
            count=Count("pk"),
            invoiced=Round(Sum(F("total") - F("credited")), 2, output_field=_MONEY),
            collected=Round(Sum("paid"), 2, output_field=_MONEY),
        )
    )
    result = [
        PurposeRow(
            row["office__code"],
            row["office__name"],
            row["purpose"],
            row["total_currency"],
            row["count"],
            _cents(row["invoiced"]),
            _cents(row["collected"]),
        )
        for row in rows
    ]
    result.sort(key=lambda row: (row.office_name.casefold(), order[row.purpose], row.currency))
    return result


@dataclass
class Rates:
    """The rates a page used, one per (from currency, day), to name beside its totals."""

    used: dict[tuple[str, datetime.date], ExchangeRate] = field(default_factory=dict)

    def convert(self, amount: Decimal, currency: str, to: str, on: datetime.date) -> Decimal:
        money, rate = convert(Money(amount, currency), to, on=on)
        if rate is not None:
            self.used[(rate.from_currency, rate.on)] = rate
        return money.amount

    def named(self) -> list[ExchangeRate]:
        return sorted(self.used.values(), key=lambda rate: (rate.from_currency, rate.on))


def dues_converted(rows: list[DuesRow], to: str, on: datetime.date, rates: Rates) -> list[DuesRow]:
    """Each region's rows as one row in `to` (each amount converted, then added)."""
    regions: dict[str, list[DuesRow]] = {}
    for row in rows:
        regions.setdefault(row.code, []).append(row)
    result = []
    for code, group in regions.items():
        result.append(
            DuesRow(
                code,
                group[0].name,
                to,
                sum(row.invoices for row in group),
                sum((rates.convert(row.invoiced, row.currency, to, on) for row in group), ZERO),
                sum((rates.convert(row.collected, row.currency, to, on) for row in group), ZERO),
                sum((rates.convert(row.outstanding, row.currency, to, on) for row in group), ZERO),
            )
        )
    return result


@dataclass
class Funding:
    """Income by kind (core: dues; project: project funds and grants; other), in one currency."""

    budgeted: dict[str, Decimal]
    actual: dict[str, Decimal]

    @staticmethod
    def share(amounts: dict[str, Decimal]) -> dict[str, Decimal | None]:
        """Each kind's percentage of the income, to one decimal (None without income)."""
        total = sum(amounts.values(), ZERO)
        return {kind: collection_rate(total, amounts[kind]) for kind in FUNDING_KINDS}

    def rows(self) -> list[list[object]]:
        budgeted_share, actual_share = self.share(self.budgeted), self.share(self.actual)
        return [
            [
                kind,
                self.budgeted[kind],
                budgeted_share[kind],
                self.actual[kind],
                actual_share[kind],
            ]
            for kind in FUNDING_KINDS
        ]


FUNDING_COLUMNS = (
    "funding",
    "budgeted",
    "budgeted_share_percent",
    "actual",
    "actual_share_percent",
)
BUDGET_COLUMNS = (
    "office",
    "name",
    "currency",
    "income_budgeted",
    "income_actual",
    "expense_budgeted",
    "expense_actual",
)


@dataclass
class Dashboard:
    """Everything the dashboard shows for one reader, year, day and currency."""

    year: int
    on: datetime.date
    currency: str
    dues: list[DuesRow]
    dues_totals: list[DuesRow]
    ageing: Ageing
    budgets: list[Comparison]
    by_purpose: list[PurposeRow] = field(default_factory=list)
    dues_in_currency: list[DuesRow] = field(default_factory=list)
    dues_total_in_currency: DuesRow | None = None
    funding: Funding | None = None
    rates: list[ExchangeRate] = field(default_factory=list)
    conversion_error: str = ""

    def budget_rows(self) -> list[list[object]]:
        return [
            [
                comparison.office.code,
                comparison.office.name,
                comparison.currency,
                comparison.income_budgeted,
                comparison.income_actual,
                comparison.expense_budgeted,
                comparison.expense_actual,
            ]
            for comparison in self.budgets
        ]


def dashboard(user, *, year: int, on: datetime.date, currency: str) -> Dashboard:
    """The figures `user` may read: dues of membership year `year`, receivables
    aged on `on`, budgets and actuals of `year`; converted to `currency`
    (dues and budgets at the rates of `rate_date(year)`, the ageing at those
    of `on`)."""
    invoices = invoices_for(user)
    dues = dues_by_region(year, invoices)
    by_purpose = income_by_purpose(year, invoices)
    totals = dues_totals(dues)
    offices = offices_readable_by(user)
    with_figures = set(
        Budget.objects.filter(year=year, office__in=offices).values_list("office", flat=True)
    ) | set(
        Actual.objects.filter(on__year=year, office__in=offices).values_list("office", flat=True)
    )
    shown = [office for office in offices if office.pk in with_figures]
    rates = Rates()
    try:
        figures = Dashboard(
            year=year,
            on=on,
            currency=currency,
            dues=dues,
            dues_totals=totals,
            ageing=ageing(on, invoices=invoices, currency=currency),
            budgets=[],
            by_purpose=by_purpose,
        )
        figures.dues_in_currency = dues_converted(dues, currency, rate_date(year), rates)
        (figures.dues_total_in_currency,) = dues_totals(figures.dues_in_currency) or [None]
        figures.budgets = [compare(office, year, currency=currency) for office in shown]
    except ValidationError as error:
        figures = Dashboard(
            year=year,
            on=on,
            currency=currency,
            dues=dues,
            dues_totals=totals,
            ageing=ageing(on, invoices=invoices),
            budgets=[],
            by_purpose=by_purpose,
            conversion_error=" ".join(error.messages),
        )
        compared = (_in_own_currency(office, year) for office in shown)
        figures.budgets = [comparison for comparison in compared if comparison is not None]
    else:
        budgeted = dict.fromkeys(FUNDING_KINDS, ZERO)
        actual = dict.fromkeys(FUNDING_KINDS, ZERO)
        for comparison in figures.budgets:
            for kind, amount in comparison.funding("budgeted").items():
                budgeted[kind] += amount
            for kind, amount in comparison.funding("actual").items():
                actual[kind] += amount
        figures.funding = Funding(budgeted, actual)
        used = {(rate.from_currency, rate.on): rate for rate in figures.ageing.rates}
        for comparison in figures.budgets:
            used.update({(rate.from_currency, rate.on): rate for rate in comparison.rates})
        used.update(rates.used)
        figures.rates = sorted(used.values(), key=lambda rate: (rate.from_currency, rate.on))
    return figures


def _in_own_currency(office: Office, year: int) -> Comparison | None:
    """The office's comparison in its budget's currency, or None when that too needs a
    rate that is missing (the page has already said which)."""
    try:
        return compare(office, year)
    except ValidationError:
        return None
