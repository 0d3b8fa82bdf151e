"""What happens to indicators' values, for every door alike.

Reading: `reading_of` says an indicator's value and status today (a
computed one computed when asked, a reported one its latest approved value),
`history_of` its value period by period (the trend).

Writing, each atomic and refusing with a ValidationError naming the field:
a reported value is entered (`value_enter`), submitted (`value_submit`),
then approved (`value_approve`, by someone else than who entered it) or
returned with a reason (`value_return`); a period is closed
(`period_close`), recording a computed indicator's value as it stood; a
review records every indicator of the plan (`review_record`).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from localaction.results import permissions
from localaction.results.models import Indicator, Period, Review, ReviewEntry, Value
from localaction.results.status import Status, status_on
from localaction.strategy.models import StrategicPlan


@dataclass(frozen=True)
class Span:
    starts_on: datetime.date
    ends_on: datetime.date


@dataclass(frozen=True)
class Reading:
    """An indicator's value as the platform reads it now, with its status."""

    value: float | None
    status: Status
    period: Period | None
    words: str = ""  # a computed value's query in words
    records_url: str = ""  # the records behind a computed value
    recorded_at: datetime.datetime | None = None  # a value as recorded, not computed now

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


def _today() -> datetime.date:
    return timezone.localdate()


def current_period(indicator: Indicator, day: datetime.date | None = None) -> Period | None:
    """The period covering `day` (today), else the last one begun before it."""
    day = day or _today()
    periods = list(indicator.periods.all())
    for period in periods:
        if period.covers(day):
            return period
    begun = [period for period in periods if period.starts_on <= day]
    return begun[-1] if begun else None


def compute(indicator: Indicator, span) -> tuple[float | None, str, str]:
    """A computed indicator's value over `span`, its words and records' link."""
    measure = indicator.get_measure()
    if measure is None:
        return None, "", ""
    return (
        measure(span, indicator.region),
        measure.words(indicator.region),
        measure.records(span, indicator.region),
    )


def reading_of(indicator: Indicator, day: datetime.date | None = None) -> Reading:
    """The value and status of `indicator` on `day` (today): a computed indicator
    computed now over the current period, a reported one's latest approved value."""
    day = day or _today()
    if indicator.is_computed:
        period = current_period(indicator, day)
        span = period or Span(indicator.baseline_on, day)
        value, words, records = compute(indicator, span)
        return Reading(value, status_on(indicator.trajectory, value, day), period, words, records)
    approved = (
        Value.objects.approved()
        .filter(indicator=indicator, period__starts_on__lte=day)
        .select_related("period")
        .order_by("-period__ends_on", "-decided_at")
        .first()
    )
    if approved is None:
        return Reading(None, Status.GREY, None)
    return Reading(
        approved.value,
        status_on(indicator.trajectory, approved.value, day),
        approved.period,
        recorded_at=approved.decided_at,
    )


def history_of(indicator: Indicator) -> list[tuple[Period, float]]:
    """The indicator's value in each period begun by today: approved values (a
    computed one's snapshot at its close), else, for a computed indicator, its
    value computed now."""
    today = _today()
    approved = {
        value.period_id: value.value
        for value in Value.objects.approved().filter(indicator=indicator)
    }
    points = []
    for period in indicator.periods.filter(starts_on__lte=today):
        if period.pk in approved:
            points.append((period, approved[period.pk]))
        elif indicator.is_computed:
            value, _words, _records = compute(indicator, period)
            if value is not None:
                points.append((period, value))
    return points


# Reported values ------------------------------------------------------------------


def _check_number(value: object) -> float:
    """A finite number in the bounds of an indicator's value, or a refusal on `value`."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError({"value": gettext("Enter a number.")}, code="invalid")
    if not math.isfinite(value):
        raise ValidationError(
            {"value": gettext("Enter a finite number (not infinity, not NaN).")}, code="invalid"
        )
    return float(value)


def _open_period_of(indicator: Indicator, period: Period | None) -> Period:
    if period is None or period.indicator_id != indicator.pk:
        raise ValidationError(
            {"period": gettext("The indicator has no such period.")}, code="no_period"
        )
    # As it stands in the database, locked: a period closed meanwhile takes nothing.
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.is_closed:
        raise ValidationError(
            {
                "period": gettext("The period %(period)s is closed: it takes no more values.")
                % {"period": period.label}
            },
            code="closed",
        )
    return period


@transaction.atomic
def value_enter(
    *,
    indicator: Indicator,
    period: Period | None,
    value: object,
    by,
    comment: str = "",
    evidence=None,
    evidence_url: str = "",
    submit: bool = False,
) -> Value:
    """A reported value, as a draft (or submitted at once with `submit`)."""
    if not permissions.can_enter_values(by, indicator):
        raise PermissionDenied
    if indicator.is_computed:
        raise ValidationError(
            {
                "value": gettext(
                    "%(indicator)s is computed from the platform: it takes no reported value."
                )
                % {"indicator": indicator.name}
            },
            code="computed",
        )
    period = _open_period_of(indicator, period)
    if Value.objects.approved().filter(period=period).exists():
        raise ValidationError(
            {
                "period": gettext("The period %(period)s already has an approved value.")
                % {"period": period.label}
            },
            code="approved",
        )
    record = Value(
        indicator=indicator,
        period=period,
        value=_check_number(value),
        source=Indicator.Source.REPORTED,
        comment=comment,
        evidence_url=evidence_url,
        entered_by=by,
    )
    if evidence:
        record.evidence = evidence
    record.full_clean()
    record.save()
    if submit:
        record = value_submit(value=record, by=by)
    return record


def _locked(value: Value) -> Value:
    return Value.objects.select_for_update().select_related("period", "indicator").get(pk=value.pk)


@transaction.atomic
def value_submit(*, value: Value, by) -> Value:
    value = _locked(value)
    if not permissions.can_enter_values(by, value.indicator):
        raise PermissionDenied
    if value.status not in (Value.Status.DRAFT, Value.Status.RETURNED):
        raise ValidationError(
            gettext("Only a draft or returned value is submitted; this one is %(status)s.")
            % {"status": value.get_status_display().lower()},
            code="status",
        )
    _open_period_of(value.indicator, value.period)
    if not value.evidence and not value.evidence_url:
        raise ValidationError(
            {"evidence": gettext("Give the evidence behind the value: a document or a link.")},
            code="evidence",
        )
    value.status = Value.Status.SUBMITTED
    value.submitted_at = timezone.now()
    value.save(update_fields=["status", "submitted_at"])
    return value


def _deciding(value: Value, by) -> Value:
    value = _locked(value)
    if not permissions.may_approve(by):
        raise PermissionDenied
    if value.entered_by_id == by.pk:
        raise ValidationError(
            gettext("You entered this value: someone else approves or returns it."),
            code="own_value",
        )
    if value.status != Value.Status.SUBMITTED:
        raise ValidationError(
            gettext("Only a submitted value is approved or returned; this one is %(status)s.")
            % {"status": value.get_status_display().lower()},
            code="status",
        )
    _open_period_of(value.indicator, value.period)
    return value


@transaction.atomic
def value_approve(*, value: Value, by) -> Value:
    """The value counts from now on (the period's only approved value)."""
    value = _deciding(value, by)
    if Value.objects.approved().filter(period=value.period).exists():
        raise ValidationError(
            {
                "period": gettext("The period %(period)s already has an approved value.")
                % {"period": value.period.label}
            },
            code="approved",
        )
    value.status = Value.Status.APPROVED
    value.decided_by, value.decided_at = by, timezone.now()
    value.save(update_fields=["status", "decided_by", "decided_at"])
    return value


@transaction.atomic
def value_return(*, value: Value, by, reason: str) -> Value:
    """Back to who entered it, with the reason; they correct and submit again."""
    if not reason.strip():
        raise ValidationError(
            {"reason": gettext("Say why the value is returned.")}, code="required"
        )
    value = _deciding(value, by)
    value.status = Value.Status.RETURNED
    value.decided_by, value.decided_at = by, timezone.now()
    value.return_reason = reason.strip()
    value.save(update_fields=["status", "decided_by", "decided_at", "return_reason"])
    return value


@transaction.atomic
def value_change(*, record: Value, by, **changes) -> Value:
    """A draft or returned value corrected by those who enter values (`changes`:
    value, comment, evidence, evidence_url)."""
    value = _locked(record)
    if not permissions.can_enter_values(by, value.indicator):
        raise PermissionDenied
    if value.status not in (Value.Status.DRAFT, Value.Status.RETURNED):
        raise ValidationError(
            gettext("A %(status)s value is not changed.")
            % {"status": value.get_status_display().lower()},
            code="status",
        )
    _open_period_of(value.indicator, value.period)
    if "value" in changes:
        changes["value"] = _check_number(changes["value"])
    for name in ("value", "comment", "evidence", "evidence_url"):
        if name in changes:
            setattr(value, name, changes[name])
    value.full_clean()
    value.save()
    return value


# Periods and reviews ------------------------------------------------------------


@transaction.atomic
def period_close(*, period: Period, by) -> Value | None:
    """Close the period; a computed indicator's value is recorded as it stands,
    with the measure's words and when (None when the measure has no value)."""
    if not permissions.can_keep_indicators(by):
        raise PermissionDenied
    period = Period.objects.select_for_update().select_related("indicator").get(pk=period.pk)
    if period.is_closed:
        raise ValidationError(
            {
                "period": gettext("The period %(period)s is closed already.")
                % {"period": period.label}
            },
            code="closed",
        )
    if period.ends_on >= _today():
        raise ValidationError(
            {
                "period": gettext(
                    "The period %(period)s runs until %(end)s: it is closed after it."
                )
                % {"period": period.label, "end": period.ends_on.isoformat()}
            },
            code="running",
        )
    snapshot = None
    indicator = period.indicator
    if indicator.is_computed:
        value, words, records = compute(indicator, period)
        if value is not None:
            snapshot = Value.objects.create(
                indicator=indicator,
                period=period,
                value=value,
                source=Indicator.Source.COMPUTED,
                status=Value.Status.APPROVED,
                measure_words=words,
                records_url=records,
                entered_by=by,
                decided_at=timezone.now(),
            )
    period.closed_at, period.closed_by = timezone.now(), by
    period.save(update_fields=["closed_at", "closed_by"])
    return snapshot


@transaction.atomic
def review_record(
    *, plan: StrategicPlan, held_on: datetime.date, by, body=None, note: str = ""
) -> Review:
    """Every indicator of the plan, its value and status as they stand now, kept."""
    if not permissions.can_keep_indicators(by):
        raise PermissionDenied
    review = Review(plan=plan, held_on=held_on, body=body, note=note, recorded_by=by)
    review.full_clean()
    review.save()
    entries = []
    for indicator in Indicator.objects.of_plan(plan).select_related("region"):
        reading = reading_of(indicator)
        entries.append(
            ReviewEntry(
                review=review,
                indicator=indicator,
                value=reading.value,
                status=reading.status,
                measure_words=reading.words,
            )
        )
    ReviewEntry.objects.bulk_create(entries)
    return review


def last_review(plan: StrategicPlan) -> Review | None:
    return plan.reviews.order_by("-held_on", "-pk").first()
