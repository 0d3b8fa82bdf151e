"""An engagement's life: requests, allowed transitions (each dated, by whom),
what each step needs, time entries within bounds, deliverables within the
period, the fee, and the client's feedback."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from djmoney.money import Money

from localaction.accounts.models import Notification
from localaction.consultancy import services
from localaction.consultancy.models import Engagement, Feedback, StatusChange, TimeEntry
from localaction.consultancy.tests.conftest import TODAY, advance, build

pytestmark = pytest.mark.django_db


def test_a_request_is_dated_by_whom_and_tells_the_office_staff(built, cast):
    engagement = built.engagement
    assert engagement.status == "request"
    step = engagement.steps.get()
    assert (step.status, step.by, step.on) == (
        "request",
        cast.editor,
        TODAY - datetime.timedelta(days=60),
    )
    told = set(
        Notification.objects.filter(kind="consultancy_requested").values_list(
            "recipient__username", flat=True
        )
    )
    assert {"staff", "consultant"} <= told
    assert "other_staff" not in told


def test_a_request_from_an_office_not_offering_the_service_is_refused(built, cast):
    with pytest.raises(ValidationError) as refused:
        services.engagement_request(
            service=built.service, office=cast.africa_office, by=cast.outsider,
            request="Help", client_name="Someone",
        )  # fmt: skip
    assert "office" in refused.value.message_dict


def test_an_external_client_is_named(built, cast):
    with pytest.raises(ValidationError) as refused:
        services.engagement_request(
            service=built.service, office=cast.europe_office, by=cast.outsider, request="Help"
        )
    assert "client_name" in refused.value.message_dict
    assert Engagement.objects.count() == 1


def test_the_main_path_is_dated_and_signed(built, cast):
    engagement = advance(built, "closed", by=cast.staff)
    steps = list(engagement.steps.values_list("status", "by__username"))
    assert [s for s, _by in steps] == [
        "request", "proposal", "contract", "in-progress", "delivered", "closed",
    ]  # fmt: skip
    assert {by for status, by in steps if status != "request"} == {"staff"}


@pytest.mark.parametrize(
    ("at", "to"),
    [
        ("request", "contract"),
        ("request", "delivered"),
        ("proposal", "in-progress"),
        ("contract", "declined"),
        ("in-progress", "closed"),
        ("delivered", "cancelled"),
        ("closed", "in-progress"),
    ],
)
def test_only_allowed_transitions(built, cast, at, to):
    if at != "request":
        advance(built, at, by=cast.staff)
    with pytest.raises(ValidationError) as refused:
        services.engagement_move(engagement=built.engagement, status=to, by=cast.staff)
    assert "status" in refused.value.message_dict
    built.engagement.refresh_from_db()
    assert built.engagement.status == at


def test_declined_and_cancelled_are_ends(built, cast):
    services.engagement_move(engagement=built.engagement, status="declined", by=cast.staff)
    with pytest.raises(ValidationError, match="nowhere"):
        services.engagement_move(engagement=built.engagement, status="proposal", by=cast.staff)


def test_a_proposal_needs_its_scope_period_and_fee(cast):
    built = build(cast, fee_basis="fixed")
    engagement = built.engagement
    engagement.scope, engagement.fixed_fee = "", None
    engagement.save()
    with pytest.raises(ValidationError) as refused:
        services.engagement_move(engagement=engagement, status="proposal", by=cast.staff)
    assert {"scope", "fixed_fee"} <= set(refused.value.message_dict)
    assert StatusChange.objects.filter(engagement=engagement).count() == 1


def test_a_proposal_sent_tells_the_client(built, cast):
    advance(built, "proposal", by=cast.staff)
    told = Notification.objects.filter(kind="consultancy_proposal_sent")
    assert set(told.values_list("recipient__username", flat=True)) == {"editor"}


def test_a_contract_needs_its_signature(built, cast):
    advance(built, "proposal", by=cast.staff)
    with pytest.raises(ValidationError) as refused:
        services.engagement_move(engagement=built.engagement, status="contract", by=cast.staff)
    assert "signed_on" in refused.value.message_dict


def test_a_step_is_not_dated_before_the_previous_or_in_the_future(built, cast):
    with pytest.raises(ValidationError, match="previous"):
        services.engagement_move(
            engagement=built.engagement, status="proposal", by=cast.staff,
            on=TODAY - datetime.timedelta(days=90),
        )  # fmt: skip
    with pytest.raises(ValidationError, match="today or earlier"):
        services.engagement_move(
            engagement=built.engagement, status="proposal", by=cast.staff,
            on=TODAY + datetime.timedelta(days=1),
        )  # fmt: skip


# --- Time ----------------------------------------------------------------------------


def record(built, by, *, days="1", date=TODAY, consultant=None):
    return services.time_record(
        engagement=built.engagement, consultant=consultant or built.consultant,
        date=date, days=Decimal(days), by=by,
    )  # fmt: skip


def test_time_is_recorded_within_the_period(built, cast):
    advance(built, "in-progress", by=cast.staff)
    record(built, built.consultant_user, date=built.engagement.starts_on)
    record(built, built.consultant_user, date=TODAY)
    for date in (
        built.engagement.starts_on - datetime.timedelta(days=1),
        TODAY + datetime.timedelta(days=1),
    ):
        with pytest.raises(ValidationError) as refused:
            record(built, built.consultant_user, date=date)
        assert "date" in refused.value.message_dict
    assert TimeEntry.objects.count() == 2


def test_time_is_not_recorded_before_the_contract_nor_once_closed(built, cast):
    with pytest.raises(ValidationError, match="under contract or in progress"):
        record(built, cast.staff)
    advance(built, "closed", by=cast.staff)
    with pytest.raises(ValidationError, match="Closed"):
        record(built, cast.staff)


def test_time_is_for_the_team_once_a_day_in_quarter_days(built, cast, django_user_model):
    from localaction.consultancy.models import Consultant

    advance(built, "in-progress", by=cast.staff)
    stranger = Consultant.objects.create(
        kind="external", office=cast.europe_office, name="Not on it", email="n@example.org",
        day_rate=Money("1", "EUR"),
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        record(built, cast.staff, consultant=stranger)
    assert "consultant" in refused.value.message_dict
    record(built, cast.staff, days="0.5")
    with pytest.raises(ValidationError, match="already recorded"):
        record(built, cast.staff, days="0.5")
    for days in ("0.3", "1.25", "0"):
        with pytest.raises(ValidationError) as refused:
            record(built, cast.staff, days=days, date=TODAY - datetime.timedelta(days=1))
        assert "days" in refused.value.message_dict


def test_the_fee_is_the_days_recorded_times_each_rate(built, cast):
    advance(built, "in-progress", by=cast.staff)
    record(built, cast.staff, days="1", date=TODAY - datetime.timedelta(days=2))
    record(built, cast.staff, days="0.75", date=TODAY - datetime.timedelta(days=1))
    record(built, cast.staff, days="0.5", consultant=built.expert)
    fee = built.engagement.fee()
    # Jonas 1.75 d × 750 = 1,312.50; Claire 0.5 d × 880 (her rate on this engagement) = 440.
    assert {p.amount for p in fee.parts} == {Decimal("1312.50"), Decimal("440.00")}
    assert fee.total == Decimal("1752.50") == sum(p.amount for p in fee.parts)
    # The proposal: 10 d × 750 + 4 d × 880.
    assert built.engagement.proposed_fee().total == Decimal("7500") + Decimal("3520")
    lines = built.engagement.fee_lines()
    assert sum((amount for _text, amount in lines), Money(0, "EUR")) == Money("1752.50", "EUR")


def test_a_team_rate_is_in_the_engagements_currency(built, cast):
    from localaction.consultancy.models import Consultant

    other = Consultant.objects.create(
        kind="external", office=cast.europe_office, name="Dollar", email="d@example.org",
        day_rate=Money("500", "USD"),
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.team_add(engagement=built.engagement, consultant=other, planned_days=Decimal(2))
    assert "day_rate" in refused.value.message_dict


# --- Deliverables ----------------------------------------------------------------------


def test_a_deliverable_is_due_within_the_period(built):
    services.deliverable_add(engagement=built.engagement, title="Report", due_on=TODAY)
    with pytest.raises(ValidationError) as refused:
        services.deliverable_add(
            engagement=built.engagement,
            title="Late",
            due_on=built.engagement.ends_on + datetime.timedelta(days=1),
        )
    assert "due_on" in refused.value.message_dict
    assert built.engagement.deliverables.count() == 1


# --- Feedback --------------------------------------------------------------------------


def test_feedback_once_delivered_once(built, cast):
    with pytest.raises(ValidationError, match="once the engagement is delivered"):
        services.feedback_give(engagement=built.engagement, by=cast.editor, rating=4)
    advance(built, "delivered", by=cast.staff)
    for rating in (0, 6):
        with pytest.raises(ValidationError) as refused:
            services.feedback_give(engagement=built.engagement, by=cast.editor, rating=rating)
        assert "rating" in refused.value.message_dict
    services.feedback_give(engagement=built.engagement, by=cast.editor, rating=4, comment="Good")
    with pytest.raises(ValidationError, match="already given"):
        services.feedback_give(engagement=built.engagement, by=cast.editor, rating=5)
    assert Feedback.objects.get().rating == 4


def test_availability_counts_contracted_days(built, cast):
    advance(built, "contract", by=cast.staff)
    months = built.consultant.booked_by_month()
    assert sum(months.values()) == Decimal("10")
    assert built.expert.booked_by_month() and sum(built.expert.booked_by_month().values()) == 4
