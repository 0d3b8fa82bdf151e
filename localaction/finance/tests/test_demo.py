"""The demo's dues: this year's invoices from the example schedule adopted for
the demo, some paid, all through the same run and payment services as the
pages; the finance login sees them."""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from localaction.accounts.access import access_of
from localaction.finance.models import FeeSchedule, Invoice, Payment, ProjectFund

pytestmark = pytest.mark.django_db


def test_the_demo_invoices_this_years_dues_and_records_some_payments(client):
    out = StringIO()
    call_command("demo", "--members", "60", "--seed", "2", stdout=out)
    year = timezone.localdate().year
    schedule = FeeSchedule.objects.get(year=year, office=None)
    assert schedule.is_adopted and schedule.is_example  # example fees, said so
    assert schedule.adopted_by == "Council (demo)"
    invoices = Invoice.objects.filter(year=year)
    assert invoices.exists()
    assert f"{invoices.count()} dues invoices of {year}" in out.getvalue()
    # Each invoice is its lines, each in whole cents (independent recomputation).
    for invoice in invoices.prefetch_related("lines"):
        lines = sum(line.amount.amount for line in invoice.lines.all())
        assert lines == invoice.total.amount
        assert invoice.total.amount == invoice.total.amount.quantize(Decimal("0.01"))
    payments = Payment.objects.filter(invoice__year=year).select_related("invoice")
    assert 0 < payments.count() <= invoices.count()
    assert all(payment.amount <= payment.invoice.total for payment in payments)
    assert "  finance / localaction — finance of World Secretariat" in out.getvalue()
    # Beside the dues: a service invoiced to a non-member, and a project fund.
    # (The Agency's demo parts invoice engagements and record awards of their own.)
    services = Invoice.objects.get(
        purpose=Invoice.Purpose.SERVICES, customer_name="Stadtwerke Musterstadt (demo)"
    )
    assert services.local_government is None
    assert services.total.amount == sum(line.amount.amount for line in services.lines.all())
    assert ProjectFund.objects.filter(reference="DEMO-2024-101").count() == 1
    assert "1 service invoice and 1 project fund" in out.getvalue()

    finance = User.objects.get(username="finance")
    assert access_of(finance).finance_offices
    client.force_login(finance)
    page = client.get("/finance/invoices/")
    assert page.status_code == 200
    assert invoices.order_by("number").first().number in page.content.decode()
