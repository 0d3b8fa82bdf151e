"""Every page and form of regional development for every role: prospects are
their office's staff's and the secretariat's only (a 404 for others, a
sign-in for visitors); priority regions are public, their growth for staff,
their targets set by the secretariat; the office page shows what the office
runs to whom it may."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from localaction.development import services
from localaction.development.models import (
    MembershipTarget,
    OfficeArrangement,
    OfficeContract,
    PriorityRegion,
    Prospect,
)

PEOPLE = ["anonymous", "editor", "colleague", "outsider", "other_staff", "staff", "secretariat"]
KEEPERS = ("staff", "secretariat")


def _expected(who: str, *, keeper: int = 200) -> int:
    if who == "anonymous":
        return 302
    return keeper if who in KEEPERS else 404


@pytest.mark.parametrize("who", PEOPLE)
def test_the_prospects_list_by_person(client_as, prospect, who):
    response = client_as(who).get(reverse("development:prospects"))
    assert response.status_code == (
        302 if who == "anonymous" else 200 if "staff" in who or who == "secretariat" else 404
    )
    if response.status_code == 200:
        assert ("Berlin" in response.text) == (who in KEEPERS)


@pytest.mark.parametrize("who", PEOPLE)
def test_a_prospects_page_by_person(client_as, prospect, who):
    response = client_as(who).get(prospect.get_absolute_url())
    assert response.status_code == _expected(who)
    if response.status_code == 200:
        assert "Anna Schmidt" in response.text and "Call the mayor" in response.text


@pytest.mark.parametrize("who", PEOPLE)
def test_the_conversion_page_by_person(client_as, prospect, who):
    response = client_as(who).get(reverse("development:conversion"))
    staff_like = who in ("staff", "other_staff", "secretariat")
    assert response.status_code == (302 if who == "anonymous" else 200 if staff_like else 404)
    if response.status_code == 200:
        assert ("Europe" in response.text) == (who in KEEPERS)


def test_the_prospects_list_filters(client_as, prospect, make_prospect, kyiv):
    make_prospect(kyiv)
    services.prospect_move(prospect=prospect, status="contacted")
    client = client_as("staff")
    shown = client.get(reverse("development:prospects") + "?status=contacted").text
    assert "Berlin" in shown and "Kyiv" not in shown
    shown = client.get(reverse("development:prospects") + "?office=africa").text
    assert "Berlin" not in shown and "Kyiv" not in shown


@pytest.mark.parametrize("who", PEOPLE)
def test_a_move_by_person(client_as, prospect, who):
    url = reverse("development:prospect-move", args=[prospect.pk])
    response = client_as(who).post(url, {"status": "contacted", "note": "Met"})
    assert response.status_code == _expected(who, keeper=302)
    prospect.refresh_from_db()
    assert (prospect.status == "contacted") == (who in KEEPERS)


def test_a_refused_move_says_why_and_changes_nothing(client_as, prospect):
    url = reverse("development:prospect-move", args=[prospect.pk])
    response = client_as("staff").post(url, {"status": "joined"})
    assert response.status_code == 400
    assert "not one of the available choices" in response.text
    response = client_as("staff").post(url, {"status": "contacted", "on": "2020-01-01"})
    assert response.status_code == 400 and "before the prospect was identified" in response.text
    prospect.refresh_from_db()
    assert prospect.status == "identified" and prospect.changes.count() == 1


@pytest.mark.parametrize("who", PEOPLE)
def test_a_next_step_by_person(client_as, prospect, who):
    url = reverse("development:prospect-plan", args=[prospect.pk])
    response = client_as(who).post(url, {"next_step": "Visit", "next_step_on": "2030-01-01"})
    assert response.status_code == _expected(who, keeper=302)
    prospect.refresh_from_db()
    assert (prospect.next_step == "Visit") == (who in KEEPERS)


def test_a_next_step_date_without_the_step_is_refused(client_as, prospect):
    url = reverse("development:prospect-plan", args=[prospect.pk])
    response = client_as("staff").post(url, {"next_step": "", "next_step_on": "2030-01-01"})
    assert response.status_code == 400 and "needs the step" in response.text


@pytest.mark.parametrize("who", PEOPLE)
def test_a_contact_by_person(client_as, prospect, who):
    url = reverse("development:prospect-contact", args=[prospect.pk])
    response = client_as(who).post(url, {"name": "Jonas", "email": "jonas@berlin.example"})
    assert response.status_code == _expected(who, keeper=302)
    assert prospect.contacts.filter(name="Jonas").exists() == (who in KEEPERS)


def test_a_duplicate_contact_email_is_refused_on_the_page(client_as, prospect):
    url = reverse("development:prospect-contact", args=[prospect.pk])
    response = client_as("staff").post(url, {"name": "Anne", "email": "anna@berlin.example"})
    assert response.status_code == 400
    assert "already has a contact with this e-mail" in response.text
    assert prospect.contacts.count() == 1


@pytest.mark.parametrize("who", PEOPLE)
def test_adding_a_prospect_by_person(client_as, cast, berlin, who):
    url = reverse("development:prospect-new")
    client = client_as(who)
    assert client.get(url).status_code == (
        302
        if who == "anonymous"
        else 200
        if who in ("staff", "other_staff", "secretariat")
        else 404
    )
    response = client.post(url, {"office": cast.europe_office.pk, "local_government": "de-berlin"})
    if who in KEEPERS:
        assert response.status_code == 302
        assert Prospect.objects.get().local_government == berlin
    else:
        assert response.status_code in (200, 302, 404)
        assert not Prospect.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"local_government": "de-freiburg"}, "local_government", "already an active member"),
        ({"local_government": "ng-lagos"}, "office", "does not cover"),
        ({"local_government": "xx-nowhere"}, "local_government", "No local government has"),
        (
            {"local_government": "de-berlin", "next_step_on": "2030-01-01"},
            "next_step",
            "needs the step",
        ),
        (
            {"local_government": "de-berlin", "contact_email": "not-an-email"},
            "contact_email",
            "valid email",
        ),
    ],
)
def test_adding_a_bad_prospect_says_why(client_as, cast, berlin, lagos, data, field, message):
    response = client_as("staff").post(
        reverse("development:prospect-new"), {"office": cast.europe_office.pk, **data}
    )
    assert response.status_code == 200
    assert message in response.text
    assert field in response.context["form"].errors
    assert not Prospect.objects.exists()


def test_staff_add_prospects_only_for_their_own_office(client_as, cast, lagos):
    response = client_as("staff").post(
        reverse("development:prospect-new"),
        {"office": cast.africa_office.pk, "local_government": "ng-lagos"},
    )
    assert "office" in response.context["form"].errors
    assert not Prospect.objects.exists()


@pytest.fixture
def china_targets(db):
    china = PriorityRegion.objects.get(code="china")
    services.target_set(priority_region=china, year=2010, members=3)
    return china


@pytest.mark.parametrize("who", PEOPLE)
def test_the_priority_regions_by_person(client_as, china_targets, who):
    client = client_as(who)
    index = client.get(reverse("development:priority-regions"))
    assert index.status_code == 200
    assert "West Africa" in index.text and "2010: 3" in index.text
    page = client.get(china_targets.get_absolute_url())
    assert page.status_code == 200
    staff_like = who in ("staff", "other_staff", "secretariat")
    assert ("Growth against the targets" in page.text) == staff_like
    assert ("<svg" in page.text) == staff_like
    assert ("Set a target" in page.text) == (who == "secretariat")


@pytest.mark.parametrize("who", PEOPLE)
def test_setting_a_target_by_person(client_as, china_targets, who):
    response = client_as(who).post(china_targets.get_absolute_url(), {"year": 2011, "members": 6})
    assert response.status_code == (302 if who == "secretariat" else 403)
    assert MembershipTarget.objects.filter(year=2011).exists() == (who == "secretariat")


@pytest.mark.parametrize(("year", "members"), [(2200, 5), (2011, -4)])
def test_a_bad_target_is_refused(client_as, china_targets, year, members):
    response = client_as("secretariat").post(
        china_targets.get_absolute_url(), {"year": year, "members": members}
    )
    assert response.status_code == 400
    assert not MembershipTarget.objects.exclude(year=2010).exists()


@pytest.fixture
def arranged(cast):
    OfficeArrangement.objects.create(
        office=cast.europe_office,
        host_organisation="City of Freiburg",
        hosted_since=datetime.date(1991, 1, 1),
        funder="Federal Ministry",
        multi_year_funding=True,
        funded_from=2007,
        funded_until=2012,
        staff=24,
        staff_counted_on=datetime.date(2024, 1, 1),
    )
    OfficeContract.objects.create(
        office=cast.europe_office, kind="regional", signed_on=datetime.date(2006, 11, 1)
    )


@pytest.mark.parametrize("who", PEOPLE)
def test_the_office_page_shows_what_the_office_runs_to_whom_it_may(
    client_as, cast, arranged, prospect, who
):
    page = client_as(who).get(cast.europe_office.get_absolute_url())
    assert page.status_code == 200
    text = page.text
    assert "City of Freiburg" in text  # the host is public
    assert "Eastern Europe, Caucasus and Central Asia" in text  # Ukraine, Belarus … in Europe
    keeper = who in KEEPERS
    assert ("Federal Ministry" in text) == keeper
    assert ("Regional secretariat agreement" in text) == keeper
    assert ("prospect in the pipeline" in text) == keeper
    assert ("24 people" in text) == keeper


def test_an_office_without_arrangements_shows_no_such_section(client_as, cast):
    text = client_as("anonymous").get(cast.africa_office.get_absolute_url()).text
    assert "Host and arrangements" not in text
    assert "West Africa" in text


@pytest.mark.parametrize("who", ["staff", "other_staff", "secretariat"])
def test_overdue_next_steps_on_the_work_page(client_as, prospect, who):
    text = client_as(who).get(reverse("network:work")).text
    assert ("Call the mayor" in text) == (who in KEEPERS)
    assert "next steps overdue" in text
