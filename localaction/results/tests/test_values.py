"""Reported values: entered by staff of the responsible office or the
secretariat, submitted with evidence, approved by someone else (the
secretariat), or returned with a reason; only approved values count; bad input
refused on its field with nothing written."""

from __future__ import annotations

import datetime
import math

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from localaction.accounts.models import Role
from localaction.conftest import make_user
from localaction.results import services
from localaction.results.models import Indicator, Period, Value
from localaction.results.status import Status

EVIDENCE = "https://example.org/council-minutes.pdf"


@pytest.fixture
def second_secretariat(cast):
    return make_user("second", kind=Role.Kind.STAFF, office=cast.world_office)


def this_period(indicator) -> Period:
    return indicator.periods.get(starts_on__year=timezone.localdate().year)


def enter(indicator, by, value=42.0, **extra):
    return services.value_enter(
        indicator=indicator, period=this_period(indicator), value=value, by=by, **extra
    )


def test_a_value_entered_submitted_and_approved_by_another_counts(
    indicator, cast, second_secretariat
):
    measured = indicator()
    draft = enter(measured, cast.staff, comment="Counted from the members' reports.")
    assert draft.status == Value.Status.DRAFT
    assert services.reading_of(measured).value is None  # a draft does not count
    draft.evidence_url = EVIDENCE
    draft.save()
    submitted = services.value_submit(value=draft, by=cast.staff)
    assert submitted.status == Value.Status.SUBMITTED
    assert services.reading_of(measured).value is None  # nor a submitted one
    approved = services.value_approve(value=submitted, by=cast.secretariat)
    assert approved.status == Value.Status.APPROVED
    assert approved.decided_by == cast.secretariat
    reading = services.reading_of(measured)
    assert reading.value == 42.0
    assert reading.status != Status.GREY


def test_the_one_who_entered_a_value_does_not_approve_it(indicator, cast, second_secretariat):
    value = enter(indicator(), cast.secretariat, evidence_url=EVIDENCE, submit=True)
    with pytest.raises(ValidationError) as refused:
        services.value_approve(value=value, by=cast.secretariat)
    assert refused.value.code == "own_value"
    value.refresh_from_db()
    assert value.status == Value.Status.SUBMITTED
    assert services.value_approve(value=value, by=second_secretariat).status == "approved"


def test_office_staff_do_not_approve(indicator, cast):
    value = enter(indicator(), cast.secretariat, evidence_url=EVIDENCE, submit=True)
    with pytest.raises(PermissionDenied):
        services.value_approve(value=value, by=cast.staff)
    value.refresh_from_db()
    assert value.status == Value.Status.SUBMITTED


def test_a_returned_value_carries_its_reason_and_is_submitted_again(indicator, cast):
    value = enter(indicator(), cast.staff, evidence_url=EVIDENCE, submit=True)
    with pytest.raises(ValidationError) as refused:
        services.value_return(value=value, by=cast.secretariat, reason="  ")
    assert "reason" in refused.value.message_dict
    returned = services.value_return(
        value=value, by=cast.secretariat, reason="The minutes name 40 members, not 42."
    )
    assert returned.status == Value.Status.RETURNED
    assert returned.return_reason == "The minutes name 40 members, not 42."
    corrected = services.value_change(record=returned, by=cast.staff, value=40.0)
    assert services.value_submit(value=corrected, by=cast.staff).status == "submitted"


def test_who_enters_values(indicator, cast):
    measured = indicator()  # the European office's
    for who in ("staff", "secretariat"):
        assert enter(measured, getattr(cast, who)).entered_by == getattr(cast, who)
    for who in ("other_staff", "editor", "outsider"):
        with pytest.raises(PermissionDenied):
            enter(measured, getattr(cast, who))
    assert Value.objects.filter(indicator=measured).count() == 2


def test_a_value_is_submitted_with_evidence(indicator, cast):
    value = enter(indicator(), cast.staff)
    with pytest.raises(ValidationError) as refused:
        services.value_submit(value=value, by=cast.staff)
    assert "evidence" in refused.value.message_dict
    value.refresh_from_db()
    assert value.status == Value.Status.DRAFT


def test_an_evidence_document_is_uploaded_and_checked(indicator, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    measured = indicator()
    value = enter(
        measured,
        cast.staff,
        evidence=SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes"),
        submit=True,
    )
    assert value.status == Value.Status.SUBMITTED
    assert value.evidence.name.endswith(".pdf")
    with pytest.raises(ValidationError) as refused:
        enter(measured, cast.staff, evidence=SimpleUploadedFile("run.exe", b"MZ"))
    assert "evidence" in refused.value.message_dict
    assert Value.objects.filter(indicator=measured).count() == 1


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan, 1e16, -1e16, True, "12"])
def test_non_finite_or_enormous_numbers_are_refused(indicator, cast, bad):
    measured = indicator()
    with pytest.raises(ValidationError) as refused:
        enter(measured, cast.staff, value=bad)
    assert "value" in refused.value.message_dict
    assert not Value.objects.exists()


def test_the_bounds_themselves_are_accepted(indicator, cast):
    measured = indicator()
    assert enter(measured, cast.staff, value=1e15).value == 1e15
    assert enter(measured, cast.staff, value=-1e15).value == -1e15


def test_a_value_for_no_period_of_the_indicator_is_refused(indicator, cast):
    measured, other = indicator(), indicator()
    for period in (None, other.periods.first()):
        with pytest.raises(ValidationError) as refused:
            services.value_enter(indicator=measured, period=period, value=1.0, by=cast.staff)
        assert refused.value.message_dict["period"] == ["The indicator has no such period."]
    assert not Value.objects.exists()


def test_a_closed_period_takes_no_value_nor_approval(indicator, cast, second_secretariat):
    measured = indicator()
    last_year = measured.periods.get(starts_on__year=timezone.localdate().year - 1)
    value = services.value_enter(
        indicator=measured,
        period=last_year,
        value=7.0,
        by=cast.staff,
        evidence_url=EVIDENCE,
        submit=True,
    )
    services.period_close(period=last_year, by=cast.secretariat)
    with pytest.raises(ValidationError) as refused:
        services.value_enter(indicator=measured, period=last_year, value=8.0, by=cast.staff)
    assert "closed" in refused.value.message_dict["period"][0]
    with pytest.raises(ValidationError):
        services.value_approve(value=value, by=second_secretariat)
    assert Value.objects.filter(indicator=measured).count() == 1


def test_a_running_period_is_not_closed(indicator, cast):
    period = this_period(indicator())
    with pytest.raises(ValidationError) as refused:
        services.period_close(period=period, by=cast.secretariat)
    assert "closed after it" in refused.value.message_dict["period"][0]
    period.refresh_from_db()
    assert not period.is_closed


def test_a_computed_indicator_takes_no_reported_value(indicator, cast):
    computed = indicator(source=Indicator.Source.COMPUTED, measure="active_members")
    with pytest.raises(ValidationError) as refused:
        enter(computed, cast.secretariat)
    assert "computed from the platform" in refused.value.message_dict["value"][0]
    assert not Value.objects.exists()


def test_a_period_has_one_approved_value(indicator, cast, second_secretariat):
    measured = indicator()
    first = enter(measured, cast.staff, evidence_url=EVIDENCE, submit=True)
    second = enter(measured, cast.staff, value=43.0, evidence_url=EVIDENCE, submit=True)
    services.value_approve(value=first, by=cast.secretariat)
    with pytest.raises(ValidationError):
        services.value_approve(value=second, by=cast.secretariat)
    with pytest.raises(ValidationError):
        enter(measured, cast.staff)
    assert Value.objects.approved().count() == 1


def test_an_indicator_is_defined_consistently(goal):
    base = {
        "goal": goal("2.1a"),
        "code": "x",
        "name": "X",
        "unit": "members",
        "baseline": 10.0,
        "baseline_on": datetime.date(2008, 1, 1),
        "target": 20.0,
        "target_on": datetime.date(2012, 12, 31),
    }
    cases = [
        ({"source": "reported", "direction": "decrease"}, "target"),
        ({"source": "reported", "direction": "increase", "measure": "active_members"}, "measure"),
        ({"source": "computed", "direction": "increase"}, "measure"),
        ({"source": "computed", "direction": "increase", "measure": "no_such"}, "measure"),
        (
            {
                "source": "reported",
                "direction": "increase",
                "target_on": datetime.date(2008, 1, 1),
            },
            "target_on",
        ),
        ({"source": "reported", "direction": "increase", "target": math.inf}, "target"),
    ]
    for changes, field in cases:
        with pytest.raises(ValidationError) as refused:
            Indicator(**{**base, **changes}).full_clean()
        assert field in refused.value.message_dict, changes


def test_periods_do_not_overlap(indicator):
    measured = indicator(periods=False)
    Period.objects.create(
        indicator=measured,
        label="2009",
        starts_on=datetime.date(2009, 1, 1),
        ends_on=datetime.date(2009, 12, 31),
    )
    overlapping = Period(
        indicator=measured,
        label="2009 H2",
        starts_on=datetime.date(2009, 7, 1),
        ends_on=datetime.date(2010, 6, 30),
    )
    with pytest.raises(ValidationError) as refused:
        overlapping.full_clean()
    assert "starts_on" in refused.value.message_dict
