"""The admin obeys the same rules: a value's status changes only by the
approve action, which calls the service (never approving one's own value);
periods close by their action; the secretariat's alone."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from localaction.accounts.models import Role
from localaction.conftest import make_user
from localaction.results import services
from localaction.results.models import Value

EVIDENCE = "https://example.org/minutes.pdf"


@pytest.fixture
def admin_client_of(cast):
    def signed_in(user) -> Client:
        user.is_staff = True
        user.save()
        client = Client()
        client.force_login(user)
        return client

    return signed_in


def submitted(indicator, by):
    measured = indicator()
    return services.value_enter(
        indicator=measured,
        period=measured.periods.get(starts_on__year=timezone.localdate().year),
        value=5.0,
        by=by,
        evidence_url=EVIDENCE,
        submit=True,
    )


def approve(client, value):
    return client.post(
        "/admin/results/value/",
        {"action": "approve", "_selected_action": [value.pk]},
        follow=True,
    )


def test_the_approve_action_refuses_ones_own_value(admin_client_of, indicator, cast):
    value = submitted(indicator, cast.secretariat)
    response = approve(admin_client_of(cast.secretariat), value)
    assert "someone else approves" in response.content.decode()
    value.refresh_from_db()
    assert value.status == Value.Status.SUBMITTED


def test_the_approve_action_approves_anothers_value(admin_client_of, indicator, cast):
    value = submitted(indicator, cast.staff)
    approve(admin_client_of(cast.secretariat), value)
    value.refresh_from_db()
    assert value.status == Value.Status.APPROVED and value.decided_by == cast.secretariat


def test_a_values_status_is_not_edited_in_the_admin(admin_client_of, indicator, cast):
    value = submitted(indicator, cast.staff)
    client = admin_client_of(cast.secretariat)
    assert client.get(f"/admin/results/value/{value.pk}/change/").status_code == 200
    client.post(f"/admin/results/value/{value.pk}/change/", {"status": "approved", "value": 9})
    value.refresh_from_db()
    assert (value.status, value.value) == (Value.Status.SUBMITTED, 5.0)
    assert client.get("/admin/results/value/add/").status_code == 403


def test_the_close_action_records_the_period(admin_client_of, indicator, cast):
    period = indicator().periods.first()
    admin_client_of(cast.secretariat).post(
        "/admin/results/period/", {"action": "close", "_selected_action": [period.pk]}
    )
    period.refresh_from_db()
    assert period.is_closed and period.closed_by == cast.secretariat


@pytest.mark.parametrize(
    "path",
    [
        "/admin/results/indicator/",
        "/admin/results/period/",
        "/admin/results/value/",
        "/admin/results/review/",
    ],
)
def test_every_list_opens_for_the_secretariat(admin_client_of, indicator, cast, path):
    indicator()
    assert admin_client_of(cast.secretariat).get(path).status_code == 200


def test_office_staff_do_not_reach_the_admin_of_results(admin_client_of, cast):
    staff = make_user("admin_staff", kind=Role.Kind.STAFF, office=cast.europe_office)
    assert admin_client_of(staff).get("/admin/results/indicator/").status_code in (302, 403)


def test_every_change_page_opens_for_the_secretariat(admin_client_of, indicator, cast, cape_town):
    value = submitted(indicator, cast.staff)
    review = services.review_record(
        plan=cape_town, held_on=timezone.localdate(), by=cast.secretariat
    )
    client = admin_client_of(cast.secretariat)
    for path in [
        f"/admin/results/indicator/{value.indicator_id}/change/",
        f"/admin/results/period/{value.period_id}/change/",
        f"/admin/results/value/{value.pk}/change/",
        f"/admin/results/review/{review.pk}/change/",
        "/admin/results/indicator/add/",
        "/admin/results/period/add/",
    ]:
        assert client.get(path).status_code == 200, path


def test_an_indicator_or_period_on_record_is_not_deleted(admin_client_of, indicator, cast):
    value = submitted(indicator, cast.staff)
    client = admin_client_of(cast.secretariat)
    client.post(
        f"/admin/results/indicator/{value.indicator_id}/delete/", {"post": "yes"}, follow=True
    )
    client.post(f"/admin/results/period/{value.period_id}/delete/", {"post": "yes"}, follow=True)
    value.refresh_from_db()
    assert value.period.pk and value.indicator.pk
    empty = indicator(periods=False)
    client.post(f"/admin/results/indicator/{empty.pk}/delete/", {"post": "yes"})
    assert not type(empty).objects.filter(pk=empty.pk).exists()
