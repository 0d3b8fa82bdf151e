"""Activation only with the plan's conditions; ending, renewing, expiry and
the renewal reminder (once per agreement and end date)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict

from localaction.accounts.models import Notification
from localaction.partnerships import services
from localaction.partnerships.models import Agreement

MISSING = [
    ("aims", ""),
    ("objectives", "  "),
    ("shares", ""),
    ("resources", ""),
    ("signed_on", None),
    ("starts_on", None),
]


@pytest.mark.parametrize(("field", "empty"), MISSING)
def test_activation_is_refused_for_each_missing_condition(cast, make_agreement, field, empty):
    agreement = make_agreement(**{field: empty})
    before = model_to_dict(Agreement.objects.get(pk=agreement.pk))
    with pytest.raises(ValidationError) as refused:
        services.activate(agreement, by=cast.staff)
    assert list(refused.value.message_dict) == [field]
    assert model_to_dict(Agreement.objects.get(pk=agreement.pk)) == before


def test_every_missing_condition_is_named(cast, unhabitat):
    agreement = Agreement.objects.create(
        partner=unhabitat, kind="mou", title="Empty", office=cast.europe_office
    )
    with pytest.raises(ValidationError) as refused:
        services.activate(agreement, by=cast.staff)
    assert set(refused.value.message_dict) == {
        "aims",
        "objectives",
        "shares",
        "resources",
        "signed_on",
        "starts_on",
    }
    agreement.refresh_from_db()
    assert agreement.status == "draft"


@pytest.mark.parametrize("who", ["staff", "secretariat"])
def test_activate(cast, draft, who):
    services.activate(draft, by=getattr(cast, who))
    draft.refresh_from_db()
    assert draft.status == "active"
    assert draft.history.count() == 2


@pytest.mark.parametrize("who", ["other_staff", "editor", "outsider"])
def test_only_the_office_and_the_secretariat_activate(cast, draft, who):
    with pytest.raises(PermissionDenied):
        services.activate(draft, by=getattr(cast, who))
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_an_active_agreement_is_not_activated_again(cast, active):
    with pytest.raises(ValidationError):
        services.activate(active, by=cast.staff)


def test_an_active_agreement_keeps_its_conditions(cast, active):
    active.aims = ""
    with pytest.raises(ValidationError) as refused:
        services.save_agreement(active, by=cast.staff)
    assert "aims" in refused.value.message_dict
    active.refresh_from_db()
    assert active.aims


def test_save_with_signatories(cast, draft):
    services.save_agreement(
        draft,
        by=cast.staff,
        signatories=[
            {"name": "A. Mayor", "title": "President", "party": "association"},
            {"name": "B. Director", "title": "", "party": "partner"},
        ],
    )
    assert draft.signatories.count() == 2


def test_end(cast, active):
    services.end(active, on=datetime.date(2025, 6, 30), by=cast.staff)
    active.refresh_from_db()
    assert (active.status, active.ends_on) == ("ended", datetime.date(2025, 6, 30))


def test_end_not_before_the_start(cast, active):
    with pytest.raises(ValidationError) as refused:
        services.end(active, on=datetime.date(2023, 1, 1), by=cast.staff)
    assert "on" in refused.value.message_dict
    active.refresh_from_db()
    assert active.status == "active"


def test_a_draft_is_not_ended(cast, draft):
    with pytest.raises(ValidationError):
        services.end(draft, on=datetime.date(2025, 1, 1), by=cast.staff)


def test_renew(cast, active):
    services.renew(active, until=datetime.date(2033, 1, 31), by=cast.secretariat)
    active.refresh_from_db()
    assert active.ends_on == datetime.date(2033, 1, 31)


@pytest.mark.parametrize("until", [datetime.date(2030, 1, 31), datetime.date(2029, 1, 1)])
def test_renew_to_a_later_date_only(cast, active, until):
    with pytest.raises(ValidationError) as refused:
        services.renew(active, until=until, by=cast.staff)
    assert "until" in refused.value.message_dict
    active.refresh_from_db()
    assert active.ends_on == datetime.date(2030, 1, 31)


def test_renew_by_another_office_is_refused(cast, active):
    with pytest.raises(PermissionDenied):
        services.renew(active, until=datetime.date(2033, 1, 1), by=cast.other_staff)


def test_expiry_and_renewal_of_an_expired_agreement(cast, active):
    expired, _ = services.expire_and_remind(datetime.date(2030, 2, 1))
    active.refresh_from_db()
    assert (expired, active.status) == (1, "expired")
    services.renew(active, until=datetime.date(2035, 1, 31), by=cast.staff)
    active.refresh_from_db()
    assert active.status == "active"


def test_an_open_ended_agreement_never_expires(cast, make_agreement):
    agreement = make_agreement(status="active", ends_on=None)
    assert services.expire_and_remind(datetime.date(2099, 1, 1)) == (0, 0)
    agreement.refresh_from_db()
    assert agreement.status == "active"


def test_the_renewal_reminder_is_sent_once(cast, active):
    before_notice = datetime.date(2029, 10, 1)  # 122 days before the end: not yet
    assert services.expire_and_remind(before_notice) == (0, 0)
    within = datetime.date(2029, 12, 1)
    assert services.expire_and_remind(within) == (0, 1)
    assert services.expire_and_remind(within) == (0, 0)
    assert services.expire_and_remind(datetime.date(2029, 12, 2)) == (0, 0)
    sent = Notification.objects.filter(kind="partnership_renewal")
    assert [n.recipient for n in sent] == [cast.staff]
    assert sent[0].url == active.get_absolute_url()


def test_a_renewed_agreement_is_reminded_again_for_its_new_end(cast, active):
    services.expire_and_remind(datetime.date(2029, 12, 1))
    services.renew(active, until=datetime.date(2031, 1, 31), by=cast.staff)
    assert services.expire_and_remind(datetime.date(2030, 12, 1)) == (0, 1)
    assert Notification.objects.filter(kind="partnership_renewal").count() == 2


def test_the_daily_task_is_registered():
    from localaction.background.tasks import _DAILY
    from localaction.partnerships import tasks

    assert tasks.remind_renewals in _DAILY
