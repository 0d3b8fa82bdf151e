"""The procurement API for every role: the library and the network for everyone,
tenders for insiders (written by editors, refused as the pages refuse), the
directory for signed-in people."""

import pytest
from rest_framework.test import APIClient

from localaction.sustainability.procurement import services
from localaction.sustainability.procurement.models import ProcurementTender

EVERYONE = ("anonymous", "colleague", "editor", "outsider", "staff", "other_staff", "secretariat")
INSIDERS = {"colleague", "editor", "staff", "secretariat"}
EDITORS = {"editor", "staff", "secretariat"}


def _client(cast, who):
    client = APIClient()
    user = getattr(cast, who, None)
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("who", EVERYONE)
def test_every_endpoint_for_every_role(cast, record, groups, who):
    client = _client(cast, who)
    library = client.get("/api/procurement/groups/")
    assert library.status_code == 200
    electricity = client.get("/api/procurement/groups/electricity/").json()
    assert {c["level"] for c in electricity["criteria"]} == {"core", "comprehensive"}

    network = client.get("/api/procurement/network/", {"year": 2023})
    assert network.status_code == 200
    assert network.json()["green_share"] == pytest.approx(90.0)

    tenders = client.get("/api/procurement/tenders/", {"local_government": "de-freiburg"})
    assert tenders.status_code == 200
    assert len(tenders.json()["results"]) == (6 if who in INSIDERS else 0)

    posted = client.post(
        "/api/procurement/tenders/",
        {
            "local_government": "de-freiburg",
            "group": "paper",
            "title": "Paper 2025",
            "value": "1000.00",
            "currency": "EUR",
            "status": "awarded",
            "awarded_on": "2025-01-10",
            "criteria_applied": True,
            "criteria": ["paper-recycled"],
        },
        format="json",
    )
    if who in EDITORS:
        assert posted.status_code == 201, posted.json()
        assert posted.json()["criteria"] == [{"code": "paper-recycled", "version": 1}]
    else:
        assert posted.status_code in (401, 403)
        assert not ProcurementTender.objects.filter(title="Paper 2025").exists()

    directory = client.get("/api/procurement/professionals/")
    if who == "anonymous":
        assert directory.status_code in (401, 403)
    else:
        assert directory.status_code == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"currency": "EUX"}, "currency"),
        ({"criteria": ["food-fair-trade"]}, "criteria"),
        ({"group": "spaceships"}, "group"),
        ({"value": "NaN"}, "value"),
        ({"figures": {"km": "lots"}}, "figures"),
    ],
)
def test_api_refusals(cast, db, change, field):
    client = _client(cast, "editor")
    body = {
        "local_government": "de-freiburg",
        "group": "paper",
        "title": "Paper",
        "value": "10.00",
        "currency": "EUR",
        "status": "awarded",
        "awarded_on": "2025-01-10",
        "criteria_applied": True,
        "criteria": ["paper-recycled"],
    } | change
    refused = client.post("/api/procurement/tenders/", body, format="json")
    assert refused.status_code == 400 and field in refused.json(), refused.json()
    assert not ProcurementTender.objects.exists()


def test_directory_api_shows_only_what_people_chose(cast, groups):
    services.professional_join(
        user=cast.editor, region=cast.freiburg.country.region, groups=[groups["food"]]
    )
    people = _client(cast, "outsider").get("/api/procurement/professionals/").json()["results"]
    assert people == [
        {
            "name": "editor",
            "region": cast.freiburg.country.region.code,
            "groups": ["food"],
            "organisation": "",
            "about": "",
            "email": None,
        }
    ]
