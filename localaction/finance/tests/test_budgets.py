"""Budgets by income source and expense category; actuals entered or imported."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from djmoney.money import Money

from localaction.background.progress import Progress
from localaction.background.uploads import read_upload, save_upload
from localaction.finance.budgets import (
    ACTUAL_COLUMNS,
    actual_record,
    actuals_import,
    budget_create,
    budget_set_lines,
    compare,
    import_actuals,
)
from localaction.finance.models import Actual, Budget, BudgetLine, ExchangeRate
from localaction.tables import ImportFailed, write_table

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(cast):
    return Budget.objects.create(office=cast.europe_office, year=2027, currency="EUR")


def test_an_income_has_a_source_and_an_expense_a_category(budget):
    BudgetLine(
        budget=budget, flow="income", income_source="dues", amount=Money(1000, "EUR")
    ).full_clean()
    BudgetLine(
        budget=budget, flow="expense", expense_category="staff", amount=Money(900, "EUR")
    ).full_clean()
    for wrong in (
        {"flow": "income", "expense_category": "staff"},
        {"flow": "expense", "income_source": "grants"},
        {"flow": "income", "income_source": "dues", "expense_category": "staff"},
    ):
        with pytest.raises(ValidationError):
            BudgetLine(budget=budget, amount=Money(1, "EUR"), **wrong).full_clean()
    with pytest.raises(IntegrityError):
        BudgetLine.objects.create(
            budget=budget, flow="income", expense_category="staff", amount=Money(1, "EUR")
        )


def test_a_budget_line_is_in_its_budgets_currency(budget):
    line = BudgetLine(budget=budget, flow="income", income_source="grants", amount=Money(5, "USD"))
    with pytest.raises(ValidationError, match="EUR"):
        line.full_clean()


def test_a_negative_amount_is_refused(budget):
    line = BudgetLine(budget=budget, flow="income", income_source="grants", amount=Money(-5, "EUR"))
    with pytest.raises(ValidationError):
        line.full_clean()


def test_one_budget_per_office_and_year(budget):
    with pytest.raises(IntegrityError):
        Budget.objects.create(office=budget.office, year=2027, currency="USD")


def test_an_imported_actual_names_its_file(cast, finance):
    common = {
        "office": cast.europe_office,
        "on": datetime.date(2027, 3, 31),
        "flow": "expense",
        "expense_category": "travel",
        "amount": Money("312.40", "EUR"),
        "entered_by": finance,
    }
    Actual.objects.create(origin="entered", **common)
    Actual.objects.create(
        origin="imported", imported_from="ledger-2027-q1.csv", imported_line=14, **common
    )
    with pytest.raises(IntegrityError):
        Actual.objects.create(origin="imported", **common)


# Services (finance/budgets.py): budgets kept, actuals entered and imported,
# the budget against its actuals.

GOOD_FILE = (
    b"date,flow,income_source,expense_category,amount,currency,reference,description\n"
    b"2027-01-31,income,dues,,12000.00,EUR,GL-1,Dues received in January\n"
    b"2027-02-28,income,grants,,5000,EUR,GL-2,EU grant instalment\n"
    b"2027-03-31,expense,,staff,8000.50,EUR,GL-3,Salaries\n"
    b'2027-03-31,expense,,travel,312.40,EUR,GL-4,=HYPERLINK("x")\n'
)


def test_only_finance_staff_of_the_office_keep_its_budget(cast, finance):
    for person in (cast.staff, cast.editor, cast.other_staff):
        with pytest.raises(PermissionDenied):
            budget_create(office=cast.europe_office, year=2028, currency="EUR", by=person)
    made = budget_create(office=cast.europe_office, year=2028, currency="EUR", by=finance)
    assert made.history.get().history_user == finance


def test_budget_lines_are_set_together_or_not_at_all(cast, finance, budget):
    budget_set_lines(
        budget,
        amounts={("income", "dues"): Decimal("20000"), ("expense", "staff"): Decimal("15000")},
        by=finance,
    )
    with pytest.raises(ValidationError) as refused:
        budget_set_lines(
            budget,
            amounts={("income", "dues"): Decimal("1"), ("expense", "travel"): Decimal("-5")},
            by=finance,
        )
    assert "expense-travel" in refused.value.message_dict
    amounts = {
        line.income_source or line.expense_category: line.amount for line in budget.lines.all()
    }
    assert amounts == {"dues": Money("20000", "EUR"), "staff": Money("15000", "EUR")}
    budget_set_lines(budget, amounts={("expense", "staff"): None}, by=finance)
    assert budget.lines.count() == 1


def test_an_actual_is_entered_by_finance_staff_only(cast, finance):
    common = {
        "office": cast.europe_office,
        "on": datetime.date(2027, 5, 2),
        "flow": "income",
        "income_source": "dues",
        "amount": Money("100.00", "EUR"),
    }
    with pytest.raises(PermissionDenied):
        actual_record(**common, by=cast.staff)
    actual = actual_record(**common, by=finance)
    assert actual.origin == "entered" and actual.entered_by == finance
    with pytest.raises(ValidationError):
        actual_record(**{**common, "amount": Money("-1.00", "EUR")}, by=finance)


def test_a_good_file_lands_whole(cast, finance):
    result = actuals_import(
        GOOD_FILE, filename="gl-2027.csv", office=cast.europe_office, importer=finance
    )
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    travel = Actual.objects.get(expense_category="travel")
    assert travel.amount == Money("312.40", "EUR")
    assert travel.description == '=HYPERLINK("x")'
    assert (travel.imported_from, travel.imported_line) == ("gl-2027.csv", 5)
    assert travel.origin == "imported"


def test_the_same_file_again_changes_only_what_changed(cast, finance):
    actuals_import(GOOD_FILE, filename="gl-2027.csv", office=cast.europe_office, importer=finance)
    corrected = GOOD_FILE.replace(b"8000.50", b"8100.50").rsplit(b"\n", 2)[0] + b"\n"
    result = actuals_import(
        corrected, filename="gl-2027.csv", office=cast.europe_office, importer=finance
    )
    assert (result.created, result.updated, result.unchanged, result.removed) == (0, 1, 2, 1)
    assert Actual.objects.count() == 3
    assert Actual.objects.get(expense_category="staff").amount == Money("8100.50", "EUR")


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("2027-13-01,income,dues,,1,EUR,,", "date", "is not a date"),
        ("2027-01-01,gift,dues,,1,EUR,,", "flow", "neither income nor expense"),
        ("2027-01-01,income,,,1,EUR,,", "income_source", "an income has a source"),
        ("2027-01-01,income,lottery,,1,EUR,,", "income_source", "is not a source"),
        ("2027-01-01,income,dues,staff,1,EUR,,", "expense_category", "no expense category"),
        ("2027-01-01,expense,,,1,EUR,,", "expense_category", "an expense has a category"),
        ("2027-01-01,expense,,staff,-1,EUR,,", "amount", "negative"),
        ('2027-01-01,expense,,staff,"1,50",EUR,,', "amount", "use a dot"),
        ("2027-01-01,expense,,staff,1.505,EUR,,", "amount", "at most two decimals"),
        ("2027-01-01,expense,,staff,1,euro,,", "currency", "ISO 4217"),
        ("2027-01-01,expense,,staff,,EUR,,", "amount", "a value is required"),
    ],
)
def test_a_bad_row_refuses_the_whole_file_naming_row_and_column(
    cast, finance, row, column, message
):
    content = GOOD_FILE + row.encode() + b"\n"
    with pytest.raises(ImportFailed) as refused:
        actuals_import(content, filename="gl.csv", office=cast.europe_office, importer=finance)
    (error,) = refused.value.errors
    assert (error.row, error.column) == (6, column)
    assert message in error.message
    assert f"row 6, `{column}`" in str(error)
    assert not Actual.objects.exists()


def test_an_xlsx_file_with_date_cells_imports(cast, finance):
    buffer = io.BytesIO()
    write_table(
        [[datetime.date(2027, 4, 30), "expense", None, "events", Decimal("99.90"), "EUR", "", ""]],
        columns=ACTUAL_COLUMNS,
        format="xlsx",
        target=buffer,
    )
    result = actuals_import(
        buffer.getvalue(), filename="gl.xlsx", office=cast.europe_office, importer=finance
    )
    (actual,) = result.actuals
    assert actual.on == datetime.date(2027, 4, 30)
    assert actual.amount == Money("99.90", "EUR")


def test_someone_else_imports_nothing(cast):
    with pytest.raises(ImportFailed, match="only finance staff"):
        actuals_import(GOOD_FILE, filename="gl.csv", office=cast.europe_office, importer=cast.staff)
    assert not Actual.objects.exists()


def test_the_import_task_shows_the_refusal_and_writes_nothing(cast, finance):
    progress = Progress.create(label="Import actuals", owner=finance.pk)
    content = GOOD_FILE + b"2027-01-01,x,,,1,EUR,,\n"
    upload = save_upload(SimpleUploadedFile("bad.csv", content))
    import_actuals.enqueue(  # tests run tasks at once (settings.TASKS)
        office=cast.europe_office.pk,
        upload=upload,
        filename="bad.csv",
        importer=finance.pk,
        progress=progress.key,
        language="en",
    )
    record = Progress.read(progress.key)
    assert record.status == "failed"
    assert record.errors == ["row 6, `flow`: 'x' is neither income nor expense"]
    assert not Actual.objects.exists()
    assert read_upload(upload) is None


def test_the_import_task_lands_a_good_file(cast, finance):
    progress = Progress.create(label="Import actuals", owner=finance.pk)
    import_actuals.enqueue(
        office=cast.europe_office.pk,
        upload=save_upload(SimpleUploadedFile("gl.csv", GOOD_FILE)),
        filename="gl.csv",
        importer=finance.pk,
        progress=progress.key,
        language="en",
    )
    assert Progress.read(progress.key).outcome == {"created": 4, "updated": 0, "unchanged": 0}
    assert Actual.objects.count() == 4


def test_budget_against_actuals_hand_worked(cast, finance, budget):
    # Budget 2027 (EUR): dues 20,000, grants 10,000; staff 15,000, travel 1,000.
    budget_set_lines(
        budget,
        amounts={
            ("income", "dues"): Decimal("20000"),
            ("income", "grants"): Decimal("10000"),
            ("expense", "staff"): Decimal("15000"),
            ("expense", "travel"): Decimal("1000"),
        },
        by=finance,
    )
    actuals_import(GOOD_FILE, filename="gl.csv", office=cast.europe_office, importer=finance)
    # 2026 is another year; 1,000 USD of project funds at 0.9 = 900.00 EUR.
    actual_record(
        office=cast.europe_office,
        on=datetime.date(2026, 12, 31),
        flow="income",
        income_source="dues",
        amount=Money("999.00", "EUR"),
        by=finance,
    )
    actual_record(
        office=cast.europe_office,
        on=datetime.date(2027, 6, 1),
        flow="income",
        income_source="project_funds",
        amount=Money("1000.00", "USD"),
        by=finance,
    )
    ExchangeRate.objects.create(
        on=datetime.date(2027, 1, 1),
        from_currency="USD",
        to_currency="EUR",
        rate=Decimal("0.9"),
        entered_by=cast.secretariat,
    )
    comparison = compare(cast.europe_office, 2027)
    lines = {line.key: (line.budgeted, line.actual) for line in comparison.lines}
    assert lines == {
        "dues": (Decimal("20000"), Decimal("12000.00")),
        "project_funds": (Decimal("0"), Decimal("900.00")),
        "grants": (Decimal("10000"), Decimal("5000.00")),
        "staff": (Decimal("15000"), Decimal("8000.50")),
        "travel": (Decimal("1000"), Decimal("312.40")),
    }
    assert comparison.income_budgeted == Decimal("30000")
    assert comparison.income_actual == Decimal("17900.00")  # 12,000 + 900 + 5,000
    assert comparison.expense_actual == Decimal("8312.90")  # 8,000.50 + 312.40
    assert [(rate.from_currency, rate.rate) for rate in comparison.rates] == [
        ("USD", Decimal("0.9"))
    ]
    assert comparison.funding("actual") == {
        "core": Decimal("12000.00"),
        "project": Decimal("5900.00"),
        "other": Decimal("0"),
    }
    assert sum(comparison.funding("actual").values()) == comparison.income_actual
