"""The finance app's models, one module per part of the plan's §2.7 (each
module's docstring says what its services must keep true)."""

from localaction.finance.models.billing import OfficeBankAccount
from localaction.finance.models.budgets import (
    Actual,
    Budget,
    BudgetLine,
    ExpenseCategory,
    Flow,
    IncomeSource,
)
from localaction.finance.models.funds import ProjectFund
from localaction.finance.models.income import CountryIncomeGroup, IncomeGroup, fiscal_year_on
from localaction.finance.models.ledger import (
    CreditNote,
    Invoice,
    InvoiceLine,
    InvoiceNumberSeries,
    Payment,
    Reduction,
    Reminder,
    payment_reference,
)
from localaction.finance.models.rates import ExchangeRate
from localaction.finance.models.schedules import Fee, FeeBand, FeeSchedule, FlatFee

__all__ = [
    "Actual",
    "Budget",
    "BudgetLine",
    "CountryIncomeGroup",
    "CreditNote",
    "ExchangeRate",
    "ExpenseCategory",
    "Fee",
    "FeeBand",
    "FeeSchedule",
    "FlatFee",
    "Flow",
    "IncomeGroup",
    "IncomeSource",
    "Invoice",
    "InvoiceLine",
    "InvoiceNumberSeries",
    "OfficeBankAccount",
    "Payment",
    "ProjectFund",
    "Reduction",
    "Reminder",
    "fiscal_year_on",
    "payment_reference",
]
