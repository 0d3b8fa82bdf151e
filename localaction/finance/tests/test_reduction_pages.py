"""The reduction pages for every role: the member's editors request and follow,
finance staff of the invoicing office decide within the schedule's limit (50 %
in the example schedule), the World Secretariat above it; everyone else is
refused (404 where the member's money is not theirs to know of, 403 for an
action on a page they may read)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from localaction.accounts.models import Role
from localaction.conftest import make_user
from localaction.finance.models import Reduction
from localaction.finance.services import adopt_schedule, request_reduction
from localaction.network.models import Membership

pytestmark = pytest.mark.django_db

MEMBER_PAGE = reverse("finance:member-reductions", args=["de-freiburg"])
TO_DECIDE = reverse("finance:reductions")


@pytest.fixture
def membership(cast):
    Membership.objects.filter(local_government=cast.freiburg).update(
        applied_on=datetime.date(2020, 1, 10), started_on=datetime.date(2020, 2, 1)
    )
    return cast.freiburg.memberships.get()


@pytest.fixture
def adopted(cast, example_schedule):
    return adopt_schedule(
        example_schedule,
        adopted_on=datetime.date(2026, 11, 20),
        adopted_by="Council",
        by=cast.secretariat,
    )


@pytest.fixture
def africa_finance(cast):
    return make_user("africa_finance", kind=Role.Kind.FINANCE, office=cast.africa_office)


@pytest.fixture
def signed_in():
    def client(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return client


@pytest.fixture
def asked(cast, membership, adopted):
    """Freiburg's editors ask for `percent` of the dues of next year."""

    def asked(percent: str, year: int = 2027) -> Reduction:
        return request_reduction(
            membership=membership,
            year=year,
            percent=percent,
            reason="Flood damage to the city budget",
            by=cast.editor,
        )

    return asked


def detail(reduction: Reduction) -> str:
    return reverse("finance:reduction", args=[reduction.pk])


# The member's page


@pytest.mark.parametrize(
    ("who", "status", "form"),
    [
        ("editor", 200, True),
        ("staff", 200, False),
        ("secretariat", 200, False),
        ("colleague", 404, False),
        ("outsider", 404, False),
        ("other_staff", 404, False),
    ],
)
def test_who_sees_the_members_reductions(client_as, membership, who, status, form):
    response = client_as(who).get(MEMBER_PAGE)
    assert response.status_code == status
    if status == 200:
        assert ("Send the request" in response.content.decode()) is form


def test_signed_out_people_are_sent_to_sign_in(client_as, membership):
    response = client_as("anonymous").get(MEMBER_PAGE)
    assert response.status_code == 302
    assert "/login" in response["Location"] or "/accounts/" in response["Location"]


def test_an_editor_requests_a_reduction_on_the_page(cast, client_as, membership):
    response = client_as("editor").post(
        MEMBER_PAGE, {"year": "2027", "percent": "35", "reason": "Flood damage"}
    )
    assert response.status_code == 302
    reduction = Reduction.objects.get()
    assert (reduction.year, reduction.percent, reduction.requested_by) == (
        2027,
        Decimal("35.00"),
        cast.editor,
    )
    page = client_as("editor").get(MEMBER_PAGE).content.decode()
    assert "35 %" in page and "Requested" in page


def test_a_second_request_for_the_year_is_refused_with_the_reason(client_as, membership):
    editor = client_as("editor")
    editor.post(MEMBER_PAGE, {"year": "2027", "percent": "35", "reason": "Flood damage"})
    response = editor.post(MEMBER_PAGE, {"year": "2027", "percent": "20", "reason": "Again"})
    assert response.status_code == 400
    assert "one request per membership and year is open at a time" in response.content.decode()
    assert Reduction.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"year": "2027", "percent": "120", "reason": "x"},
            "at most 100 percent (100 is a waiver)",
        ),
        ({"year": "2027", "percent": "0", "reason": "x"}, "more than 0 and at most 100 percent"),
        ({"year": "2027", "percent": "10", "reason": "  "}, "This field is required"),
        ({"year": "1999", "percent": "10", "reason": "x"}, "Select a valid choice"),
    ],
)
def test_bad_requests_are_explained_on_the_form(client_as, membership, data, message):
    response = client_as("editor").post(MEMBER_PAGE, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Reduction.objects.exists()


@pytest.mark.parametrize("who", ["staff", "secretariat"])
def test_readers_who_are_not_editors_cannot_request(client_as, membership, who):
    response = client_as(who).post(
        MEMBER_PAGE, {"year": "2027", "percent": "35", "reason": "Flood damage"}
    )
    assert response.status_code == 403
    assert not Reduction.objects.exists()


def test_editors_of_other_members_cannot_request(client_as, membership):
    response = client_as("outsider").post(
        MEMBER_PAGE, {"year": "2027", "percent": "35", "reason": "Flood damage"}
    )
    assert response.status_code == 404
    assert not Reduction.objects.exists()


def test_the_profile_offers_the_request_to_editors_only(client_as, membership):
    profile = reverse("network:local-government", args=["de-freiburg"])
    assert "Request a reduction or waiver" in client_as("editor").get(profile).content.decode()
    assert "Reductions of dues" not in client_as("outsider").get(profile).content.decode()


# The requests to decide


def test_finance_staff_see_their_offices_requests_with_who_decides(
    signed_in, finance, africa_finance, asked
):
    asked("30")
    asked("10", year=2026)  # no schedule in force for 2026
    page = signed_in(finance).get(TO_DECIDE).content.decode()
    assert "Freiburg im Breisgau" in page
    assert "The office (up to 50 %)" in page
    assert "no fee schedule in force for 2026" in page
    assert "Freiburg" not in signed_in(africa_finance).get(TO_DECIDE).content.decode()


def test_the_secretariat_sees_every_request(client_as, asked):
    asked("80")
    page = client_as("secretariat").get(TO_DECIDE).content.decode()
    assert "The World Secretariat (above the office's 50 %)" in page
    assert "you may decide" in page


@pytest.mark.parametrize("who", ["editor", "staff", "other_staff", "outsider"])
def test_others_may_not_see_the_requests_to_decide(client_as, cast, who):
    assert client_as(who).get(TO_DECIDE).status_code == 403


# One reduction and its decision


@pytest.mark.parametrize(
    ("who", "status"),
    [("editor", 200), ("staff", 200), ("secretariat", 200), ("outsider", 404), ("colleague", 404)],
)
def test_who_reads_a_reduction(client_as, asked, who, status):
    assert client_as(who).get(detail(asked("30"))).status_code == status


def test_finance_staff_of_another_office_do_not_read_it(signed_in, asked, africa_finance):
    reduction = asked("30")
    assert signed_in(africa_finance).get(detail(reduction)).status_code == 404
    response = signed_in(africa_finance).post(
        detail(reduction), {"decision": "grant", "percent": "30", "note": "x"}
    )
    assert response.status_code == 404
    reduction.refresh_from_db()
    assert reduction.status == Reduction.Status.REQUESTED


def test_the_office_grants_within_its_limit(signed_in, asked, finance):
    reduction = asked("30")
    assert "Record the decision" in signed_in(finance).get(detail(reduction)).content.decode()
    mail.outbox.clear()
    response = signed_in(finance).post(
        detail(reduction), {"decision": "grant", "percent": "25", "note": "Flood report read"}
    )
    assert response.status_code == 302
    reduction.refresh_from_db()
    assert (reduction.status, reduction.percent, reduction.decided_by) == (
        Reduction.Status.GRANTED,
        Decimal("25.00"),
        finance,
    )
    assert reduction.decided_on is not None
    (message,) = mail.outbox
    assert message.to == ["editor@example.org"] and "25 %" in message.body
    page = signed_in(finance).get(detail(reduction)).content.decode()
    assert "Granted: 25 %" in page and "Flood report read" in page and "30 %" in page


def test_the_office_refuses_within_its_limit(signed_in, asked, finance):
    reduction = asked("30")
    response = signed_in(finance).post(
        detail(reduction), {"decision": "refuse", "note": "No report of the damage"}
    )
    assert response.status_code == 302
    reduction.refresh_from_db()
    assert reduction.status == Reduction.Status.REFUSED


def test_the_office_is_told_that_above_its_limit_the_secretariat_decides(signed_in, asked, finance):
    reduction = asked("80")
    page = signed_in(finance).get(detail(reduction)).content.decode()
    assert "80 % is above your office's limit of 50 %" in page
    response = signed_in(finance).post(
        detail(reduction), {"decision": "grant", "percent": "80", "note": "Documented"}
    )
    assert response.status_code == 403
    assert "A reduction above 50 % is decided by the secretariat." in response.content.decode()
    reduction.refresh_from_db()
    assert reduction.status == Reduction.Status.REQUESTED


def test_the_secretariat_grants_above_the_limit(client_as, asked):
    reduction = asked("100")
    response = client_as("secretariat").post(
        detail(reduction), {"decision": "grant", "percent": "100", "note": "Earthquake"}
    )
    assert response.status_code == 302
    reduction.refresh_from_db()
    assert reduction.status == Reduction.Status.GRANTED and reduction.is_waiver


def test_a_grant_needs_its_percent_and_reasons(signed_in, asked, finance):
    reduction = asked("30")
    response = signed_in(finance).post(detail(reduction), {"decision": "grant", "note": "x"})
    assert response.status_code == 400
    assert "Give the percent granted." in response.content.decode()
    response = signed_in(finance).post(
        detail(reduction), {"decision": "grant", "percent": "30", "note": " "}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    reduction.refresh_from_db()
    assert reduction.status == Reduction.Status.REQUESTED


@pytest.mark.parametrize("who", ["editor", "staff"])
def test_readers_cannot_decide(client_as, asked, who):
    reduction = asked("30")
    assert "Record the decision" not in client_as(who).get(detail(reduction)).content.decode()
    response = client_as(who).post(
        detail(reduction), {"decision": "grant", "percent": "30", "note": "x"}
    )
    assert response.status_code == 403
    reduction.refresh_from_db()
    assert reduction.status == Reduction.Status.REQUESTED


# The work page


def test_the_work_page_lists_what_the_person_may_decide(signed_in, client_as, asked, finance):
    asked("30")
    work = reverse("network:work")
    page = signed_in(finance).get(work).content.decode()
    assert "Reductions of dues to decide" in page
    assert "Freiburg im Breisgau: reduction of 30 % of the 2027 dues" in page
    # Office staff who handle no money do not see the queue at all.
    staff_page = client_as("staff").get(work).content.decode()
    assert "Reductions of dues to decide" not in staff_page
    assert "reduction of 30 %" not in staff_page
    assert "reduction of 30 %" in client_as("secretariat").get(work).content.decode()


# The admin: decisions by the actions only, requests on the site only


def test_the_admin_adds_no_request(client_as, membership):
    assert client_as("secretariat").get("/admin/finance/reduction/add/").status_code == 403


def test_the_admin_edits_only_the_reasons_of_a_request(client_as, asked):
    reduction = asked("30")
    url = f"/admin/finance/reduction/{reduction.pk}/change/"
    page = client_as("secretariat").get(url).content.decode()
    assert 'name="decision_note"' in page
    assert 'name="percent"' not in page and 'name="year"' not in page
    client_as("secretariat").post(
        url, {"decision_note": "Flood report read", "percent": "90", "year": "2020"}
    )
    reduction.refresh_from_db()
    assert (reduction.decision_note, reduction.percent, reduction.year) == (
        "Flood report read",
        Decimal("30.00"),
        2027,
    )
