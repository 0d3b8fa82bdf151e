"""The exchange's API: anyone reads, whoever acts for a member publishes and
proposes, under the same rules and refusals as the pages."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from localaction.exchange.models import Exchange, Listing

pytestmark = pytest.mark.django_db

LISTINGS = "/api/exchange/listings/"
EXCHANGES = "/api/exchange/exchanges/"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_anyone_reads_listings_without_the_contacts_address(cast, need, offer):
    rows = api().get(LISTINGS).json()["results"]
    assert {row["title"] for row in rows} == {need.title, offer.title}
    assert all("contact_email" not in row for row in rows)
    rows = api(cast.colleague).get(LISTINGS, {"kind": "offer"}).json()["results"]
    assert [row["contact_email"] for row in rows] == ["desk@example.org"]
    rows = api().get(LISTINGS, {"language": "sw"}).json()["results"]
    assert [row["id"] for row in rows] == [need.pk]


def test_suggestions_with_their_reasons(cast, need, offer):
    rows = api().get(f"{LISTINGS}{need.pk}/suggestions/").json()
    assert [(row["listing"]["id"], row["points"]) for row in rows] == [(offer.pk, 6)]
    assert rows[0]["reasons"][2] == "links a developing and an industrialised country (+2)"


BODY = {"member": "de-freiburg", "kind": "offer", "title": "Solar roofs", "description": "x",
        "themes": ["ghg-inventory"], "languages": ["de"], "contact_name": "Eva",
        "contact_email": "eva@example.org"}  # fmt: skip


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("colleague", 403), ("outsider", 403), ("other_staff", 403),
     ("editor", 201), ("staff", 201), ("secretariat", 201)],
)  # fmt: skip
def test_who_publishes_through_the_api(cast, who, status):
    response = api(getattr(cast, who)).post(LISTINGS, BODY, format="json")
    assert response.status_code == status
    assert Listing.objects.count() == (1 if status == 201 else 0)


def test_an_unknown_theme_is_a_400_naming_the_field(cast):
    response = api(cast.editor).post(LISTINGS, {**BODY, "themes": ["nope"]}, format="json")
    assert response.status_code == 400
    assert "Unknown theme: nope" in response.json()["themes"][0]


def test_proposing_a_member_with_itself_is_a_400(cast):
    body = {"kind": "twinning", "title": "Alone", "starts_on": "2026-03-01",
            "proposer": "de-freiburg",
            "participants": [{"member": "de-freiburg", "role": "partner"},
                             {"member": "de-freiburg", "role": "partner"}]}  # fmt: skip
    response = api(cast.editor).post(EXCHANGES, body, format="json")
    assert response.status_code == 400
    assert "between a member and itself" in response.json()["participants"][0]
    assert not Exchange.objects.exists()


def test_propose_accept_and_move_on(cast):
    body = {"kind": "peer-visit", "title": "Visit", "starts_on": "2026-03-01",
            "ends_on": "2026-03-05", "proposer": "ke-nairobi",
            "participants": [{"member": "ke-nairobi", "role": "visitor"},
                             {"member": "de-freiburg", "role": "host"}]}  # fmt: skip
    assert api(cast.editor).post(EXCHANGES, body, format="json").status_code == 403
    created = api(cast.outsider).post(EXCHANGES, body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert api().get(f"{EXCHANGES}{pk}/").status_code == 404  # proposed: not public yet
    assert api(cast.outsider).post(f"{EXCHANGES}{pk}/accept/").status_code == 403
    accepted = api(cast.editor).post(f"{EXCHANGES}{pk}/accept/")
    assert accepted.json()["status"] == "agreed"
    assert api().get(f"{EXCHANGES}{pk}/").status_code == 200
    moved = api(cast.staff).post(f"{EXCHANGES}{pk}/status/", {"status": "under-way"}, format="json")
    assert moved.json()["status"] == "under-way"
    refused = api(cast.staff).post(f"{EXCHANGES}{pk}/status/", {"status": "agreed"}, format="json")
    assert refused.status_code == 400
