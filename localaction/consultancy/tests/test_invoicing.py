"""An engagement is invoiced once, through finance.fees: to the member or the
external client, its lines the fee's parts, its total the fee; a second try
is refused with the invoice's number — also when two arrive at once."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from djmoney.money import Money

from localaction.consultancy import services
from localaction.consultancy.models import Engagement
from localaction.consultancy.tests.conftest import TODAY, advance, build
from localaction.finance.models import Invoice

pytestmark = pytest.mark.django_db


def delivered_with_time(built, cast):
    advance(built, "in-progress", by=cast.staff)
    for consultant, days, when in (
        (built.consultant, "1", TODAY - datetime.timedelta(days=1)),
        (built.consultant, "0.75", TODAY),
        (built.expert, "0.5", TODAY),
    ):
        services.time_record(
            engagement=built.engagement, consultant=consultant, date=when,
            days=Decimal(days), by=cast.staff,
        )  # fmt: skip
    return services.engagement_move(engagement=built.engagement, status="delivered", by=cast.staff)


def test_a_time_based_engagement_is_invoiced_to_the_member(built, cast):
    engagement = delivered_with_time(built, cast)
    invoice = services.engagement_invoice(engagement=engagement, by=cast.staff)
    assert invoice.purpose == Invoice.Purpose.SERVICES
    assert invoice.local_government == cast.freiburg
    assert invoice.office == cast.europe_office
    # 1.75 d × 750 = 1,312.50 and 0.5 d × 880 = 440.00.
    amounts = sorted(line.amount for line in invoice.lines.all())
    assert amounts == [Money("440.00", "EUR"), Money("1312.50", "EUR")]
    assert invoice.total == Money("1752.50", "EUR") == sum(amounts, Money(0, "EUR"))
    assert invoice.total.amount == engagement.fee().total
    engagement.refresh_from_db()
    assert engagement.invoice == invoice


def test_an_external_client_is_invoiced_by_name_and_address(cast):
    built = build(cast, fee_basis="fixed")
    Engagement.objects.filter(pk=built.engagement.pk).update(
        local_government=None, client_name="Lakeside Utility", client_address="1 Harbour Road"
    )
    built.engagement.refresh_from_db()
    advance(built, "delivered", by=cast.staff)
    invoice = services.engagement_invoice(engagement=built.engagement, by=cast.staff)
    assert (invoice.customer_name, invoice.customer_address) == (
        "Lakeside Utility",
        "1 Harbour Road",
    )
    assert invoice.local_government is None
    assert invoice.total == Money("18000.00", "EUR")


def test_a_second_invoice_is_refused_with_the_first_ones_number(built, cast):
    engagement = delivered_with_time(built, cast)
    first = services.engagement_invoice(engagement=engagement, by=cast.staff)
    with pytest.raises(ValidationError) as refused:
        services.engagement_invoice(engagement=engagement, by=cast.staff)
    assert first.number in refused.value.message_dict["invoice"][0]
    assert Invoice.objects.count() == 1


def test_not_invoiced_before_delivery_nor_with_no_time(built, cast):
    advance(built, "in-progress", by=cast.staff)
    with pytest.raises(ValidationError, match="once delivered"):
        services.engagement_invoice(engagement=built.engagement, by=cast.staff)
    services.engagement_move(engagement=built.engagement, status="delivered", by=cast.staff)
    with pytest.raises(ValidationError, match="no time is recorded"):
        services.engagement_invoice(engagement=built.engagement, by=cast.staff)
    assert not Invoice.objects.exists()


def test_no_time_is_recorded_once_invoiced(built, cast):
    engagement = delivered_with_time(built, cast)
    services.engagement_invoice(engagement=engagement, by=cast.staff)
    with pytest.raises(ValidationError, match="invoiced"):
        services.time_record(
            engagement=engagement, consultant=built.consultant,
            date=TODAY - datetime.timedelta(days=3), days=Decimal("1"), by=cast.staff,
        )  # fmt: skip


@pytest.mark.parametrize(("who", "status"), [("other_staff", 403), ("editor", 403)])
def test_only_the_office_invoices(client_as, built, cast, who, status):
    delivered_with_time(built, cast)
    url = reverse("consultancy:invoice", args=[built.engagement.pk])
    assert client_as(who).post(url).status_code == status
    assert not Invoice.objects.exists()


def test_the_client_sees_its_invoice_and_the_office_its_income(client_as, built, cast):
    engagement = delivered_with_time(built, cast)
    url = reverse("consultancy:invoice", args=[engagement.pk])
    assert client_as("staff").post(url).status_code == 302
    again = client_as("staff").post(url, follow=True)
    assert "already invoiced" in again.text
    number = Invoice.objects.get().number
    assert number in client_as("editor").get(engagement.get_absolute_url()).text
    assert number not in client_as("other_staff").get(engagement.get_absolute_url()).text
    office = client_as("staff").get(reverse("consultancy:office", args=[cast.europe_office.code]))
    [row] = office.context["income"]
    assert (row.year, row.currency, row.invoiced, row.paid) == (
        TODAY.year, "EUR", Decimal("1752.50"), Decimal("0"),
    )  # fmt: skip
    assert "<svg" in office.text
