"""The consultancy API under the pages' rules: the catalogue for all, the
network for offices, engagements in full or as a summary by role."""

from __future__ import annotations

import pytest

from localaction.consultancy.tests.conftest import TODAY, advance

pytestmark = pytest.mark.django_db

SERVICES = "/api/consultancy/services/"
CONSULTANTS = "/api/consultancy/consultants/"
ENGAGEMENTS = "/api/consultancy/engagements/"


def test_the_catalogue_is_public_without_consultants(client_as, built):
    body = client_as("anonymous").get(SERVICES).json()
    assert [s["slug"] for s in body["results"]] == ["ghg-inventories"]
    assert body["results"][0]["price"] == {"amount": "18000.00", "currency": "EUR"}


@pytest.mark.parametrize(("who", "status"), [
    ("staff", 200), ("secretariat", 200), ("other_staff", 200), ("editor", 403),
    ("anonymous", 401),
])  # fmt: skip
def test_the_network_and_day_rates_are_for_offices(client_as, built, who, status):
    response = client_as(who).get(CONSULTANTS)
    assert response.status_code == status
    if status == 200:
        rates = {c["name"]: c["day_rate"]["amount"] for c in response.json()["results"]}
        assert rates == {"Claire Dubois": "900.00", "Jonas Weber": "750.00"}


@pytest.fixture
def running(built, cast):
    advance(built, "in-progress", by=cast.staff)
    return built


def test_the_office_sees_the_fee_and_rates(client_as, running):
    body = client_as("staff").get(f"{ENGAGEMENTS}{running.engagement.pk}/").json()
    assert body["detail"] == "full"
    assert body["proposed_fee"]["total"] == "11020.00"
    assert {m["day_rate"]["amount"] for m in body["team"]} == {"750.00", "880.00"}


def test_another_office_gets_a_summary_only(client_as, running):
    body = client_as("other_staff").get(f"{ENGAGEMENTS}{running.engagement.pk}/").json()
    assert body["detail"] == "summary"
    assert set(body) == {
        "id", "title", "client", "service", "office", "status", "starts_on", "ends_on", "detail",
    }  # fmt: skip
    listed = client_as("other_staff").get(ENGAGEMENTS).json()["results"]
    assert listed and all("fee" not in row and "team" not in row for row in listed)


def test_the_client_sees_no_money_nor_time(client_as, running):
    body = client_as("editor").get(f"{ENGAGEMENTS}{running.engagement.pk}/").json()
    assert body["detail"] == "full"
    assert body["fee"] is None and body["proposed_fee"] is None
    assert body["team"] is None and body["time_entries"] is None


@pytest.mark.parametrize("who", ["outsider", "colleague", "anonymous"])
def test_outsiders_do_not_find_it(client_as, running, who):
    assert client_as(who).get(f"{ENGAGEMENTS}{running.engagement.pk}/").status_code in (401, 404)


def test_time_through_the_api_within_bounds(client_as, running):
    url = f"{ENGAGEMENTS}{running.engagement.pk}/time/"
    body = {"consultant": running.consultant.pk, "date": TODAY.isoformat(), "days": "0.5"}
    assert (
        client_as("other_staff").post(url, body, content_type="application/json").status_code == 403
    )
    assert client_as("staff").post(url, body, content_type="application/json").status_code == 201
    again = client_as("staff").post(url, body, content_type="application/json")
    assert again.status_code == 400 and "already recorded" in again.text
    late = {
        **body,
        "date": running.engagement.ends_on.replace(
            year=running.engagement.ends_on.year + 1
        ).isoformat(),
    }
    assert (
        "within the engagement"
        in client_as("staff").post(url, late, content_type="application/json").text
    )


def test_feedback_through_the_api_by_the_client(client_as, running, cast):
    from localaction.consultancy import services

    services.engagement_move(engagement=running.engagement, status="delivered", by=cast.staff)
    url = f"{ENGAGEMENTS}{running.engagement.pk}/feedback/"
    assert (
        client_as("staff").post(url, {"rating": 5}, content_type="application/json").status_code
        == 403
    )
    response = client_as("editor").post(url, {"rating": 5}, content_type="application/json")
    assert response.status_code == 201
