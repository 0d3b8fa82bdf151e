"""Closing a period records a computed indicator's value with its words and
time; a review records every indicator's value and status as they stand, and
the dashboard shows them beside today's."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from localaction.network.models import Membership
from localaction.results import services
from localaction.results.dashboard import dashboard
from localaction.results.models import Indicator, Review, ReviewEntry, Value
from localaction.results.status import Status

EVIDENCE = "https://example.org/minutes.pdf"


def active_members(indicator):
    return indicator(
        source=Indicator.Source.COMPUTED,
        measure="active_members",
        office=None,
        baseline=0.0,
        target=10.0,
    )


def test_closing_a_period_records_the_computed_value_with_its_words(indicator, cast):
    members = active_members(indicator)
    last_year = members.periods.get(starts_on__year=timezone.localdate().year - 1)
    snapshot = services.period_close(period=last_year, by=cast.secretariat)
    last_year.refresh_from_db()
    assert last_year.is_closed and last_year.closed_by == cast.secretariat
    # The cast's Freiburg: active, no start recorded.
    assert snapshot.value == Membership.objects.filter(status="active").count() == 1
    assert snapshot.status == Value.Status.APPROVED and snapshot.source == "computed"
    assert snapshot.measure_words.startswith("Local governments whose membership")
    assert snapshot.records_url.startswith("/members/?")
    assert snapshot.decided_at is not None
    # Later changes leave the recorded value as it was.
    Membership.objects.filter(local_government=cast.freiburg).update(status="withdrawn")
    assert services.history_of(members)[0][1] == 1.0
    with pytest.raises(ValidationError):
        services.period_close(period=last_year, by=cast.secretariat)


def test_only_the_secretariat_closes_periods_and_records_reviews(indicator, cast, cape_town):
    period = indicator().periods.first()
    for who in ("staff", "other_staff", "editor"):
        with pytest.raises(PermissionDenied):
            services.period_close(period=period, by=getattr(cast, who))
        with pytest.raises(PermissionDenied):
            services.review_record(
                plan=cape_town, held_on=timezone.localdate(), by=getattr(cast, who)
            )
    assert not Review.objects.exists()


def test_a_review_keeps_every_indicator_and_the_dashboard_shows_what_changed(
    indicator, cast, cape_town
):
    members = active_members(indicator)
    reported = indicator("2.2a")
    review = services.review_record(
        plan=cape_town,
        held_on=timezone.localdate() - datetime.timedelta(days=1),
        by=cast.secretariat,
        note="Executive Committee, mid-term review",
    )
    entries = {entry.indicator_id: entry for entry in review.entries.all()}
    assert set(entries) == {members.pk, reported.pk}
    assert entries[reported.pk].value is None and entries[reported.pk].status == Status.GREY
    assert entries[members.pk].value == 1.0
    assert entries[members.pk].measure_words.startswith("Local governments")

    # Since the review: a reported value approved.
    value = services.value_enter(
        indicator=reported,
        period=reported.periods.get(starts_on__year=timezone.localdate().year),
        value=90.0,
        by=cast.staff,
        evidence_url=EVIDENCE,
        submit=True,
    )
    services.value_approve(value=value, by=cast.secretariat)
    shown = dashboard(cape_town, charts=False)
    assert shown.review == review
    rows = {row.indicator.pk: row for goal in shown.goals for row in goal.rows}
    assert rows[reported.pk].at_review.status == Status.GREY
    assert rows[reported.pk].reading.value == 90.0
    assert rows[reported.pk].reading.status == Status.GREEN
    assert rows[reported.pk].changed
    assert not rows[members.pk].changed


def test_a_review_is_not_dated_in_the_future(cast, cape_town):
    with pytest.raises(ValidationError) as refused:
        services.review_record(
            plan=cape_town,
            held_on=timezone.localdate() + datetime.timedelta(days=2),
            by=cast.secretariat,
        )
    assert "held_on" in refused.value.message_dict
    assert not Review.objects.exists() and not ReviewEntry.objects.exists()
