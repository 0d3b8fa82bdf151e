"""Gapless invoice numbers when several processes issue at once (issue 12).

Threads stand in for web processes and runs: each has its own database
connection and takes numbers in its own transactions, all starting together.
"""

import datetime
import threading

import pytest
from django.db import connection, transaction
from djmoney.money import Money

from localaction.finance.fees import Customer, FeeLine, issue_fee_invoice
from localaction.finance.services import next_number
from localaction.network.models import Office

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite's test database is one in-memory connection: no two writers to race",
    ),
]

THREADS, EACH = 5, 10


def test_fifty_numbers_taken_at_once_have_no_gap_and_no_duplicate():
    office = Office.objects.create(
        code="eu", name="European Secretariat", kind=Office.Kind.REGIONAL
    )
    start = threading.Barrier(THREADS)
    taken: list[str] = []
    errors: list[BaseException] = []

    def issue():
        try:
            start.wait()
            for _ in range(EACH):
                with transaction.atomic():
                    number = next_number(office, 2027)
                taken.append(number)
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(taken) == [f"EU-2027-{n:06d}" for n in range(1, THREADS * EACH + 1)]


def test_a_number_is_only_taken_inside_a_transaction():
    office = Office.objects.create(
        code="eu", name="European Secretariat", kind=Office.Kind.REGIONAL
    )
    with pytest.raises(RuntimeError):
        next_number(office, 2027)


def test_fee_invoices_and_dues_numbers_taken_at_once_share_one_gapless_series():
    office = Office.objects.create(
        code="eu", name="European Secretariat", kind=Office.Kind.REGIONAL
    )
    start = threading.Barrier(THREADS)
    taken: list[str] = []
    errors: list[BaseException] = []

    def issue(fees: bool):
        try:
            start.wait()
            for n in range(EACH):
                with transaction.atomic():
                    if fees:
                        number = issue_fee_invoice(
                            office=office,
                            customer=Customer(name=f"Delegate {n}"),
                            purpose="event",
                            lines=[FeeLine("Registration", Money("120.00", "EUR"))],
                            by=None,
                            language="en",
                            issued_on=datetime.date(2027, 5, 1),
                        ).number
                    else:
                        number = next_number(office, 2027)
                taken.append(number)
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(i % 2 == 0,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(taken) == [f"EU-2027-{n:06d}" for n in range(1, THREADS * EACH + 1)]
