"""An engagement is invoiced once even when two requests arrive at the same
instant (a double click): the engagement's row is locked, so the second
waits, then finds it invoiced and is refused with the invoice's number.

Threads stand in for web processes, each with its own connection, released
together by a barrier (as elections' concurrency tests do)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from localaction.consultancy import services
from localaction.consultancy.tests.conftest import build
from localaction.consultancy.tests.test_invoicing import delivered_with_time
from localaction.finance.models import Invoice

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite's test database is one in-memory connection: no two writers to race",
    ),
]


def test_a_double_click_invoices_once(cast):
    built = build(cast)
    engagement = delivered_with_time(built, cast)
    threads_count = 6
    start = threading.Barrier(threads_count)
    issued: list[str] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def invoice():
        try:
            start.wait()
            issued.append(services.engagement_invoice(engagement=engagement, by=cast.staff).number)
        except ValidationError as refusal:
            refused.extend(refusal.messages)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=invoice) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(issued) == 1
    assert len(refused) == threads_count - 1
    assert all(issued[0] in message for message in refused)
    assert Invoice.objects.count() == 1
