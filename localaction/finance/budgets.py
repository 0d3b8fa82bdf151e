"""Budgets and actuals: what an office plans to receive and spend in a year, by
income source and expense category, and what it did (§2.6, §2.7).

Actuals come from the accounting system as a file (docs/formats/actuals.md,
read through the platform's one table pipeline, `localaction.tables`) or are
entered one by one. Each write checks the person's permission itself
(`finance.permissions.can_keep_budget`: the office's finance staff) and is
atomic. Comparing a budget with its actuals converts actuals in another
currency at the rate in force at the end of the year (the latest entered, for
the year under way) and names the rate.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext
from djmoney.money import Money

from localaction.background.tasks import background
from localaction.background.uploads import import_upload
from localaction.finance import permissions
from localaction.finance.funds import FundPart, parts_in_year
from localaction.finance.models import (
    Actual,
    Budget,
    BudgetLine,
    ExchangeRate,
    ExpenseCategory,
    Flow,
    IncomeSource,
)
from localaction.finance.services import convert
from localaction.network.models import Office
from localaction.tables import ImportFailed, RowError, in_file_order, read_table

CENT = Decimal("0.01")

# The plan's diversified funding base: dues are the core funding; project
# funds and grants are project funding; the rest is other income.
CORE_SOURCES = (IncomeSource.DUES,)
PROJECT_SOURCES = (IncomeSource.PROJECT_FUNDS, IncomeSource.GRANTS)
FUNDING_KINDS = ("core", "project", "other")


def funding_kind(source: str) -> str:
    """ "core", "project" or "other" for an income source."""
    if source in CORE_SOURCES:
        return "core"
    if source in PROJECT_SOURCES:
        return "project"
    return "other"


def headings() -> list[tuple[str, str, str]]:
    """Every line a budget may have, in order: (flow, source or category, label)."""
    return [(Flow.INCOME, value, label) for value, label in IncomeSource.choices] + [
        (Flow.EXPENSE, value, label) for value, label in ExpenseCategory.choices
    ]


def _key(flow: str, income_source: str, expense_category: str) -> tuple[str, str]:
    return flow, income_source if flow == Flow.INCOME else expense_category


# Budgets


def _check_keeper(by, office: Office) -> None:
    if not permissions.can_keep_budget(by, office):
        raise PermissionDenied(
            gettext("Only finance staff of %(office)s keep its budget and actuals.")
            % {"office": office}
        )


@transaction.atomic
def budget_create(*, office: Office, year: int, currency: str, note: str = "", by) -> Budget:
    """An office's budget for a year (one per office and year), without lines yet."""
    _check_keeper(by, office)
    budget = Budget(office=office, year=year, currency=currency, note=note)
    budget.full_clean()
    budget._history_user = by
    budget.save()
    return budget


@transaction.atomic
def budget_set_lines(budget: Budget, *, amounts: dict[tuple[str, str], Decimal | None], by):
    """Set the budget's lines: `amounts` maps (flow, source or category) to an
    amount in the budget's currency; None removes the line. All lines are
    checked before any is written."""
    _check_keeper(by, budget.office)
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    existing = {
        _key(line.flow, line.income_source, line.expense_category): line
        for line in budget.lines.all()
    }
    errors: dict[str, str] = {}
    to_save: list[BudgetLine] = []
    to_delete: list[BudgetLine] = []
    for (flow, key), amount in amounts.items():
        line = existing.get((flow, key))
        if amount is None:
            if line is not None:
                to_delete.append(line)
            continue
        line = line or BudgetLine(
            budget=budget,
            flow=flow,
            income_source=key if flow == Flow.INCOME else "",
            expense_category=key if flow == Flow.EXPENSE else "",
        )
        line.amount = Money(amount, budget.currency)
        try:
            line.full_clean(exclude=["budget"])
        except ValidationError as error:
            errors[f"{flow}-{key}"] = " ".join(error.messages)
        to_save.append(line)
    if errors:
        raise ValidationError(errors)
    for line in to_delete:
        line.delete()
    for line in to_save:
        line._history_user = by
        line.save()
    return budget


# Actuals


@transaction.atomic
def actual_record(
    *,
    office: Office,
    on: datetime.date,
    flow: str,
    amount: Money,
    income_source: str = "",
    expense_category: str = "",
    reference: str = "",
    description: str = "",
    by,
) -> Actual:
    """An income or expense entered by the office's finance staff."""
    _check_keeper(by, office)
    actual = Actual(
        office=office,
        on=on,
        flow=flow,
        income_source=income_source if flow == Flow.INCOME else "",
        expense_category=expense_category if flow == Flow.EXPENSE else "",
        amount=amount,
        reference=reference,
        description=description,
        origin=Actual.Origin.ENTERED,
        entered_by=by,
    )
    actual.full_clean()
    actual._history_user = by
    actual.save()
    return actual


ACTUAL_COLUMNS = (
    "date",
    "flow",
    "income_source",
    "expense_category",
    "amount",
    "currency",
    "reference",
    "description",
)
ACTUAL_REQUIRED = ("date", "flow", "amount", "currency")
_AMOUNT = re.compile(r"\d+(\.\d{1,2})?")
_CURRENCY = re.compile(r"[A-Z]{3}")
_FIELDS = ("on", "flow", "income_source", "expense_category", "amount", "reference", "description")


@dataclass
class ActualsImported:
    """What an actuals import did: rows created, updated and left unchanged, and
    rows of an earlier import of the same file that the new one no longer has
    (removed)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    actuals: list[Actual] = field(default_factory=list)


def _parse_row(values: dict[str, str | None], number: int) -> tuple[dict, list[RowError]]:
    errors: list[RowError] = []
    parsed: dict = {}

    def fail(column: str, message: str) -> None:
        errors.append(RowError(number, column, message))

    text = values.get("date")
    if text is not None:
        try:
            # A workbook's date cell reads as 2027-03-31T00:00:00.
            parsed["on"] = datetime.date.fromisoformat(text.removesuffix("T00:00:00"))
        except ValueError:
            fail("date", f"'{text}' is not a date written YYYY-MM-DD")
    flow = values.get("flow")
    if flow is not None:
        flow = flow.lower()
        if flow not in Flow.values:
            fail("flow", f"'{values['flow']}' is neither income nor expense")
        parsed["flow"] = flow
    source = (values.get("income_source") or "").lower()
    category = (values.get("expense_category") or "").lower()
    if flow == Flow.INCOME:
        if not source:
            fail(
                "income_source", f"an income has a source: one of {', '.join(IncomeSource.values)}"
            )
        elif source not in IncomeSource.values:
            fail(
                "income_source",
                f"'{values['income_source']}' is not a source; the sources are "
                f"{', '.join(IncomeSource.values)}",
            )
        if category:
            fail("expense_category", "an income has no expense category; leave it blank")
    elif flow == Flow.EXPENSE:
        if not category:
            fail(
                "expense_category",
                f"an expense has a category: one of {', '.join(ExpenseCategory.values)}",
            )
        elif category not in ExpenseCategory.values:
            fail(
                "expense_category",
                f"'{values['expense_category']}' is not a category; the categories are "
                f"{', '.join(ExpenseCategory.values)}",
            )
        if source:
            fail("income_source", "an expense has no income source; leave it blank")
    parsed["income_source"] = source if flow == Flow.INCOME else ""
    parsed["expense_category"] = category if flow == Flow.EXPENSE else ""
    amount, currency = values.get("amount"), values.get("currency")
    if currency is not None and not _CURRENCY.fullmatch(currency):
        fail("currency", f"'{currency}' is not an ISO 4217 code such as EUR")
        currency = None
    if amount is not None:
        if amount.startswith("-"):
            fail("amount", f"'{amount}' is negative; an actual is a positive amount")
        elif not _AMOUNT.fullmatch(amount):
            hint = "; use a dot as the decimal separator" if "," in amount else ""
            fail("amount", f"'{amount}' is not an amount with at most two decimals{hint}")
        elif currency is not None:
            try:
                parsed["amount"] = Money(Decimal(amount).quantize(CENT), currency)
            except InvalidOperation:
                fail("amount", f"'{amount}' is too large")
    parsed["reference"] = (values.get("reference") or "")[:200]
    parsed["description"] = (values.get("description") or "")[:300]
    return parsed, errors


def actuals_import(content: bytes, *, filename: str, office: Office, importer) -> ActualsImported:
    """Import an office's actuals from an accounting system's file (CSV or XLSX,
    docs/formats/actuals.md): all rows or none.

    Every problem is listed by row and column (`ImportFailed`). A file of the
    same name imported again for the office replaces that earlier import row
    by row (rows are matched by their row number): changed rows are updated,
    and rows the new file no longer has are removed, so that a corrected
    export brought in again is not counted twice.
    """
    if not permissions.can_keep_budget(importer, office):
        raise ImportFailed(
            [
                RowError(
                    None,
                    None,
                    f"only finance staff of {office} import its actuals",
                )
            ]
        )
    table = read_table(content, filename=filename, columns=ACTUAL_COLUMNS, required=ACTUAL_REQUIRED)
    errors = list(table.errors)
    rows: list[tuple[int, dict]] = []
    for row in table.rows:
        parsed, row_errors = _parse_row(row.values, row.number)
        errors.extend(row_errors)
        rows.append((row.number, parsed))
    if errors:
        raise ImportFailed(in_file_order(errors, ACTUAL_COLUMNS))
    if not rows:
        raise ImportFailed([RowError(None, None, "the file has no rows below its header")])
    return _write_actuals(rows, filename=filename, office=office, importer=importer)


@transaction.atomic
def _write_actuals(rows, *, filename: str, office: Office, importer) -> ActualsImported:
    result = ActualsImported()
    earlier = {
        actual.imported_line: actual
        for actual in Actual.objects.select_for_update().filter(
            office=office, origin=Actual.Origin.IMPORTED, imported_from=filename
        )
    }
    for number, values in rows:
        actual = earlier.pop(number, None)
        if actual is not None and all(getattr(actual, name) == values[name] for name in _FIELDS):
            result.unchanged += 1
            result.actuals.append(actual)
            continue
        if actual is None:
            actual = Actual(
                office=office,
                origin=Actual.Origin.IMPORTED,
                imported_from=filename,
                imported_line=number,
                entered_by=importer,
            )
            result.created += 1
        else:
            result.updated += 1
        for name in _FIELDS:
            setattr(actual, name, values[name])
        actual.entered_at = timezone.now()
        actual._history_user = importer
        actual.save()
        result.actuals.append(actual)
    for actual in earlier.values():
        actual._history_user = importer
        actual.delete()
        result.removed += 1
    return result


@background(attempts=3)
def import_actuals(
    *, office: int, upload: str, filename: str, importer: int, progress: str, language: str
) -> dict:
    """Import an uploaded actuals file for an office, as `importer` (a user id)
    may (the course of the task: `background.uploads.import_upload`)."""

    def run(content: bytes) -> ActualsImported:
        user = get_user_model().objects.filter(pk=importer, is_active=True).first()
        chosen = Office.objects.filter(pk=office).first()
        if user is None or chosen is None:
            raise ImportFailed([RowError(None, None, "the office or the importer is gone")])
        return actuals_import(content, filename=filename, office=chosen, importer=user)

    return import_upload(
        run, upload=upload, filename=filename, progress=progress, language=language
    )


# Budget against actuals


@dataclass(frozen=True)
class ComparisonLine:
    flow: str
    key: str
    label: str
    budgeted: Decimal
    actual: Decimal
    # Beside the income line "Project funds": the parts of the office's
    # project funds that fall in the year (None on every other line).
    awarded: Decimal | None = None

    @property
    def difference(self) -> Decimal:
        """Actual less budgeted (for an expense, positive is an overspend)."""
        return self.actual - self.budgeted


@dataclass(frozen=True)
class Comparison:
    """An office's budget for a year against its actuals, in `currency`."""

    office: Office
    year: int
    currency: str
    budget: Budget | None
    lines: list[ComparisonLine]
    rates: list[ExchangeRate]
    rate_date: datetime.date
    # The project funds spread to the year, each part in its fund's currency.
    project_funds: list[FundPart] = field(default_factory=list)

    def total(self, flow: str, which: str) -> Decimal:
        return sum((getattr(line, which) for line in self.lines if line.flow == flow), Decimal(0))

    @property
    def income_budgeted(self) -> Decimal:
        return self.total(Flow.INCOME, "budgeted")

    @property
    def income_actual(self) -> Decimal:
        return self.total(Flow.INCOME, "actual")

    @property
    def expense_budgeted(self) -> Decimal:
        return self.total(Flow.EXPENSE, "budgeted")

    @property
    def expense_actual(self) -> Decimal:
        return self.total(Flow.EXPENSE, "actual")

    @property
    def project_funds_awarded(self) -> Decimal:
        """The project funds spread to the year, in the comparison's currency."""
        return sum((line.awarded for line in self.lines if line.awarded is not None), Decimal(0))

    def funding(self, which: str) -> dict[str, Decimal]:
        """Income by kind of funding (core, project, other), budgeted or actual."""
        kinds = dict.fromkeys(FUNDING_KINDS, Decimal(0))
        for line in self.lines:
            if line.flow == Flow.INCOME:
                kinds[funding_kind(line.key)] += getattr(line, which)
        return kinds


def rate_date(year: int) -> datetime.date:
    """The day whose rates convert a year's figures: its last (for the year
    under way, that is the latest rate entered so far)."""
    return datetime.date(year, 12, 31)


def compare(office: Office, year: int, *, currency: str | None = None) -> Comparison:
    """The office's budget for `year` (if any) against its actuals dated in
    that year, line by line, in `currency` (default: the budget's currency,
    else EUR). Amounts in another currency are converted at the rate on
    `rate_date(year)`; raises ValidationError naming a missing rate."""
    budget = Budget.objects.filter(office=office, year=year).first()
    currency = currency or (budget.currency if budget else "EUR")
    on = rate_date(year)
    rates: dict[str, ExchangeRate] = {}

    def in_currency(amount: Decimal, from_currency: str) -> Decimal:
        money, rate = convert(Money(amount, from_currency), currency, on=on)
        if rate is not None:
            rates[rate.from_currency] = rate
        return money.amount

    budgeted: dict[tuple[str, str], Decimal] = {}
    if budget is not None:
        for line in budget.lines.all():
            key = _key(line.flow, line.income_source, line.expense_category)
            budgeted[key] = in_currency(line.amount.amount, str(line.amount.currency))
    actual: dict[tuple[str, str], Decimal] = {}
    sums = (
        Actual.objects.filter(office=office, on__year=year)
        .order_by()
        .values("flow", "income_source", "expense_category", "amount_currency")
        .annotate(total=Sum("amount"))
    )
    for row in sums:
        key = _key(row["flow"], row["income_source"], row["expense_category"])
        # SQLite sums decimals in floating point: back to cents first.
        amount = Decimal(str(row["total"])).quantize(CENT)
        actual[key] = actual.get(key, Decimal(0)) + in_currency(amount, row["amount_currency"])
    funds = parts_in_year(office, year)
    awarded = sum(
        (in_currency(part.amount.amount, str(part.amount.currency)) for part in funds), Decimal(0)
    )
    funds_key = (Flow.INCOME, IncomeSource.PROJECT_FUNDS.value)
    lines = [
        ComparisonLine(
            flow,
            key,
            label,
            budgeted.get((flow, key), Decimal(0)),
            actual.get((flow, key), Decimal(0)),
            awarded if (flow, key) == funds_key else None,
        )
        for flow, key, label in headings()
        if (flow, key) in budgeted or (flow, key) in actual or ((flow, key) == funds_key and funds)
    ]
    return Comparison(
        office=office,
        year=year,
        currency=currency,
        budget=budget,
        lines=lines,
        rates=sorted(rates.values(), key=lambda rate: rate.from_currency),
        rate_date=on,
        project_funds=funds,
    )
