"""Budgets per office and year, and the actuals they are compared with (§2.6, §2.7)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from djmoney.models.validators import MinMoneyValidator
from simple_history.models import HistoricalRecords

from localaction.finance.models.schedules import currency_field, money_field
from localaction.network.models import Office


class Flow(models.TextChoices):
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expense")


class IncomeSource(models.TextChoices):
    """Where the Association's money comes from: dues are its core funding, the
    rest is project and other funding (the plan's diversified funding base)."""

    DUES = "dues", _("Membership dues")
    PROJECT_FUNDS = "project_funds", _("Project funds")
    GRANTS = "grants", _("Grants")
    FEES_FOR_SERVICES = "fees_for_services", _("Fees for services")
    ENDOWMENT = "endowment", _("Endowment")
    OTHER = "other", _("Other income")


class ExpenseCategory(models.TextChoices):
    STAFF = "staff", _("Staff")
    PROJECTS = "projects", _("Projects and programmes")
    EVENTS = "events", _("Events and meetings")
    TRAVEL = "travel", _("Travel")
    OFFICE = "office", _("Office and administration")
    COMMUNICATIONS = "communications", _("Communications")
    OTHER = "other", _("Other expenses")


def _flow_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(flow="income", income_source__gt="", expense_category="")
        | Q(flow="expense", expense_category__gt="", income_source=""),
        name=name,
    )


def _check_flow(record) -> None:
    """An income has a source and no expense category; an expense the reverse."""
    if record.flow == Flow.INCOME and (not record.income_source or record.expense_category):
        raise ValidationError(
            {"income_source": gettext("An income has a source, not an expense category.")}
        )
    if record.flow == Flow.EXPENSE and (not record.expense_category or record.income_source):
        raise ValidationError(
            {"expense_category": gettext("An expense has a category, not an income source.")}
        )


class Budget(models.Model):
    """An office's budget for one year, in one currency; its lines are by income
    source and expense category."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="budgets", verbose_name=_("office")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    currency = currency_field()
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "office"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year"], name="one_budget_per_office_and_year"
            ),
        ]

    def __str__(self) -> str:
        return gettext("Budget %(year)s, %(office)s") % {"year": self.year, "office": self.office}


class BudgetLine(models.Model):
    """A budgeted income (by source) or expense (by category), in the budget's currency."""

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="lines", verbose_name=_("budget")
    )
    flow = models.CharField(_("income or expense"), max_length=7, choices=Flow.choices)
    income_source = models.CharField(
        _("income source"), max_length=20, choices=IncomeSource.choices, blank=True
    )
    expense_category = models.CharField(
        _("expense category"), max_length=20, choices=ExpenseCategory.choices, blank=True
    )
    amount = money_field(_("amount"), validators=[MinMoneyValidator(0)])
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["budget", "flow", "income_source", "expense_category"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            _flow_constraint("budget_line_source_or_category"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_not_negative"),
            models.UniqueConstraint(
                fields=["budget", "flow", "income_source", "expense_category"],
                name="one_budget_line_per_source_or_category",
            ),
        ]

    def __str__(self) -> str:
        what = self.get_income_source_display() or self.get_expense_category_display()
        return f"{what}: {self.amount}"

    def clean(self) -> None:
        _check_flow(self)
        if (
            self.budget_id
            and self.amount is not None
            and str(self.amount.currency) != self.budget.currency
        ):
            raise ValidationError(
                {
                    "amount": gettext("A budget line is in its budget's currency (%(currency)s).")
                    % {"currency": self.budget.currency}
                }
            )


class Actual(models.Model):
    """An income or expense that happened, from the accounting system's file
    (`imported_from`, `imported_line`) or entered by finance staff."""

    class Origin(models.TextChoices):
        IMPORTED = "imported", _("Imported from a file")
        ENTERED = "entered", _("Entered")

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="actuals", verbose_name=_("office")
    )
    on = models.DateField(_("date"))
    flow = models.CharField(_("income or expense"), max_length=7, choices=Flow.choices)
    income_source = models.CharField(
        _("income source"), max_length=20, choices=IncomeSource.choices, blank=True
    )
    expense_category = models.CharField(
        _("expense category"), max_length=20, choices=ExpenseCategory.choices, blank=True
    )
    amount = money_field(_("amount"), validators=[MinMoneyValidator(0)])
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    imported_from = models.CharField(_("file"), max_length=200, blank=True)
    imported_line = models.PositiveIntegerField(_("line in the file"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("actual")
        verbose_name_plural = _("actuals")
        constraints = [
            _flow_constraint("actual_source_or_category"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="actual_not_negative"),
            models.CheckConstraint(
                condition=Q(origin="entered", imported_from="")
                | Q(origin="imported", imported_from__gt=""),
                name="actual_imported_names_its_file",
            ),
        ]
        indexes = [models.Index(fields=["office", "on"])]

    def __str__(self) -> str:
        what = self.get_income_source_display() or self.get_expense_category_display()
        return f"{self.on} {what}: {self.amount}"

    def clean(self) -> None:
        _check_flow(self)
