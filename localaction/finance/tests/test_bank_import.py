"""The bank statement import (docs/formats/bank-statement.md): payments matched
to invoices by their ISO 11649 reference, alone or inside remittance text;
unknown references kept unmatched; a file imported twice counted once; a bad
row refuses the whole file, naming row and column."""

import datetime
import io
import threading
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from djmoney.money import Money

from localaction.finance.models import Invoice, Payment
from localaction.finance.payments import import_bank_statement, references_in
from localaction.tables import ImportFailed

pytestmark = pytest.mark.django_db

HEADER = "date,amount,currency,reference,payer,transaction_id\n"


def csv(*lines: str) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode()


def test_references_are_found_alone_grouped_or_in_text():
    # The creditor reference usually given as the example of ISO 11649: RF18 5390 0754 7034.
    assert references_in("RF18539007547034") == ["RF18539007547034"]
    assert references_in("rf18 5390 0754 7034") == ["RF18539007547034"]
    assert references_in("Dues 2027, ref. RF18 5390 0754 7034 Freiburg") == ["RF18539007547034"]
    assert references_in("RF19 5390 0754 7034") == []  # a check digit wrong
    assert references_in("no reference here") == []


def test_lines_are_matched_by_reference_exact_or_inside_text(issue, finance, cast):
    invoice = issue("450.00")
    ref = invoice.payment_reference
    content = csv(
        f"2027-03-01,200.00,EUR,{ref},Stadt Freiburg,TX-1",
        f"2027-03-02,300.00,EUR,Mitgliedsbeitrag 2027 {ref[:4]} {ref[4:8]} {ref[8:]} danke,"
        "Stadt Freiburg,TX-2",
        "2027-03-03,75.50,EUR,RF18 5390 0754 7034,Someone,TX-3",
        "2027-03-04,12.00,EUR,,Nobody,TX-4",
    )
    result = import_bank_statement(
        content, filename="march.csv", office=cast.europe_office, by=finance
    )
    assert [p.bank_transaction_id for p in result.matched] == ["TX-1", "TX-2"]
    assert [p.bank_transaction_id for p in result.unmatched] == ["TX-3", "TX-4"]
    assert result.matched_totals == {"EUR": Money("500.00", "EUR")}
    assert result.unmatched_totals == {"EUR": Money("87.50", "EUR")}
    # 450 − 200 − 300: overpaid by 50, the member's credit.
    assert invoice.balance()["open_amount"] == Money("-50.00", "EUR")
    kept = Payment.objects.get(bank_transaction_id="TX-3")
    assert kept.invoice is None and kept.bank_file == "march.csv" and kept.bank_file_line == 4
    assert kept.history.count() == 1


def test_the_same_file_twice_counts_each_transaction_once(issue, finance, cast):
    invoice = issue("450.00")
    content = csv(
        f"2027-03-01,450.00,EUR,{invoice.payment_reference},Freiburg,TX-1",
        "2027-03-02,10.00,EUR,unknown,X,TX-2",
    )
    import_bank_statement(content, filename="a.csv", office=cast.europe_office, by=finance)
    again = import_bank_statement(content, filename="b.csv", office=cast.europe_office, by=finance)
    assert (again.created, again.unchanged) == (0, 2)
    assert Payment.objects.count() == 2
    assert invoice.balance()["paid"] == Money("450.00", "EUR")


def test_a_known_transaction_with_other_figures_refuses_the_file(issue, finance, cast):
    import_bank_statement(
        csv("2027-03-01,10.00,EUR,x,X,TX-1"),
        filename="a.csv",
        office=cast.europe_office,
        by=finance,
    )
    with pytest.raises(
        ImportFailed, match="row 2, `transaction_id`: transaction TX-1 was imported"
    ):
        import_bank_statement(
            csv("2027-03-01,11.00,EUR,x,X,TX-1", "2027-03-02,5.00,EUR,y,Y,TX-2"),
            filename="a.csv",
            office=cast.europe_office,
            by=finance,
        )
    assert Payment.objects.count() == 1


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("2027-13-01,10.00,EUR,x,X,TX-9", "row 3, `date`: '2027-13-01' is not a date"),
        ("2027-03-01,-10.00,EUR,x,X,TX-9", "row 3, `amount`: -10.00: a payment is a positive"),
        ("2027-03-01,10.005,EUR,x,X,TX-9", "row 3, `amount`: '10.005' has more than two decimals"),
        ('2027-03-01,"10,5",EUR,x,X,TX-9', "use a dot as the decimal separator"),
        ("2027-03-01,10.00,EURO,x,X,TX-9", "row 3, `currency`: 'EURO' is not an ISO 4217"),
        ("2027-03-01,10.00,EUR,x,X,", "row 3, `transaction_id`: a value is required"),
        (
            "2027-03-01,10.00,EUR,x,X,TX-1",
            "row 3, `transaction_id`: the same transaction id as row 2",
        ),
    ],
)
def test_a_bad_row_refuses_the_whole_file_naming_row_and_column(issue, finance, cast, line, error):
    invoice = issue()
    content = csv(f"2027-03-01,450.00,EUR,{invoice.payment_reference},Freiburg,TX-1", line)
    with pytest.raises(ImportFailed) as refused:
        import_bank_statement(content, filename="bad.csv", office=cast.europe_office, by=finance)
    assert error in str(refused.value)
    assert not Payment.objects.exists()


def test_a_reference_to_an_invoice_in_another_currency_is_left_for_a_person(issue, finance, cast):
    invoice = issue("450.00")
    content = csv(f"2027-03-01,500.00,USD,{invoice.payment_reference},Freiburg,TX-1")
    result = import_bank_statement(content, filename="s.csv", office=cast.europe_office, by=finance)
    assert result.unmatched and not result.matched
    assert "assign it with a conversion" in result.unmatched[0].note


def test_another_offices_invoice_is_not_matched(issue, world_finance, cast):
    invoice = issue()
    content = csv(f"2027-03-01,450.00,EUR,{invoice.payment_reference},Freiburg,TX-1")
    result = import_bank_statement(
        content, filename="s.csv", office=cast.africa_office, by=world_finance
    )
    assert len(result.unmatched) == 1 and invoice.balance()["paid"] == Money("0", "EUR")


def test_a_workbook_reads_like_a_csv_file(issue, finance, cast):
    invoice = issue("450.00")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Date", "Amount", "Currency", "Reference", "Payer", "Transaction_ID"])
    sheet.append([datetime.date(2027, 3, 1), 450.0, "eur", invoice.payment_reference, "F", 1001])
    sheet.append([datetime.date(2027, 3, 2), 0.1, "EUR", "=1+1", "F", 1002])
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_bank_statement(
        buffer.getvalue(), filename="s.xlsx", office=cast.europe_office, by=finance
    )
    assert [p.amount for p in result.matched] == [Money("450.00", "EUR")]
    assert result.unmatched[0].amount == Money(Decimal("0.10"), "EUR")
    assert result.unmatched[0].bank_transaction_id == "1002"
    assert invoice.status() == Invoice.Status.PAID


def test_someone_without_the_role_imports_nothing(issue, cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_bank_statement(
            csv("2027-03-01,10.00,EUR,x,X,TX-1"),
            filename="s.csv",
            office=cast.europe_office,
            by=cast.staff,
        )
    assert not Payment.objects.exists()


def test_the_command_prints_matched_and_unmatched_counts_and_totals(issue, cast, tmp_path):
    invoice = issue("450.00")
    path = tmp_path / "statement.csv"
    path.write_bytes(
        csv(
            f"2027-03-01,450.00,EUR,{invoice.payment_reference},Freiburg,TX-1",
            "2027-03-02,20.00,EUR,?,X,TX-2",
            "2027-03-02,5.25,EUR,?,X,TX-3",
        )
    )
    out = io.StringIO()
    call_command("dues", "payments", "import", str(path), "--office", "europe", stdout=out)
    assert (
        "statement.csv: matched 1 (€450.00); unmatched 2 (€25.25); imported before 0."
        in out.getvalue()
    )
    assert Payment.objects.get(bank_transaction_id="TX-1").recorded_by is None


def test_the_command_names_every_problem_and_imports_nothing(cast, tmp_path):
    path = tmp_path / "statement.csv"
    path.write_bytes(csv("2027-03-01,-1,EUR,x,X,TX-1", "yesterday,1,EUR,x,X,TX-2"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 problems"):
        call_command("dues", "payments", "import", str(path), "--office", "europe", stderr=err)
    assert "row 2, `amount`" in err.getvalue() and "row 3, `date`" in err.getvalue()
    with pytest.raises(CommandError, match="No office has the code 'mars'"):
        call_command("dues", "payments", "import", str(path), "--office", "mars")
    assert not Payment.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's test database is one in-memory connection: no two writers to race",
)
def test_the_same_statement_imported_twice_at_once_counts_once(cast, finance):
    """Two finance officers upload the same file at the same moment (two
    workers): the office's lock makes the second find the first's payments."""
    content = csv(*(f"2027-03-01,{n}.00,EUR,?,X,TX-{n}" for n in range(1, 21)))
    start = threading.Barrier(2)
    results, errors = [], []

    def upload():
        try:
            start.wait()
            results.append(
                import_bank_statement(
                    content, filename="s.csv", office=cast.europe_office, by=finance
                )
            )
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted((r.created, r.unchanged) for r in results) == [(0, 20), (20, 0)]
    assert Payment.objects.count() == 20
