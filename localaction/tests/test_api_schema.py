"""The OpenAPI schema tells the truth (issue 11, probe finding 11): what anyone
may read is documented without required authentication and what needs a
person with it; list endpoints document the 400 their filters answer, and
bodies the 400 of a refused field; a URI field is a URI or null, never ""."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client

from localaction.campaigns.models import Campaign, Methodology, MilestoneProgress, Participation
from localaction.network.models import Region


@pytest.fixture(scope="module")
def api_schema(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        return json.loads(Client().get("/api/schema/", {"format": "json"}).content)


def _public(operation: dict) -> bool:
    security = operation.get("security")
    return security is None or {} in security


@pytest.mark.parametrize(
    "path",
    ["/api/regions/", "/api/local-governments/", "/api/inventories/", "/api/targets/"],
)
def test_public_reads_are_documented_without_required_authentication(api_schema, path):
    assert _public(api_schema["paths"][path]["get"])
    assert _public(api_schema["paths"][f"{path}{{{_key(path)}}}/"]["get"])


def _key(path: str) -> str:
    return "code" if path in ("/api/regions/", "/api/local-governments/") else "id"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/regions/"),
        ("patch", "/api/local-governments/{code}/"),
        ("delete", "/api/targets/{id}/"),
        ("get", "/api/notifications/"),
        ("get", "/api/forecasts/{code}/"),
    ],
)
def test_writes_and_private_reads_are_documented_as_requiring_a_person(api_schema, method, path):
    operation = api_schema["paths"][path][method]

    assert not _public(operation)
    assert operation["security"]  # token or session


def test_anonymous_reads_answer_as_documented(client, cast, api_schema):
    for path, item in api_schema["paths"].items():
        if "{" in path or "get" not in item or not _public(item["get"]):
            continue
        response = client.get(path)
        assert response.status_code in (200, 202, 503), path


@pytest.mark.parametrize(
    "path", ["/api/actions/", "/api/inventories/", "/api/local-governments/", "/api/memberships/"]
)
def test_filter_refusals_are_documented(api_schema, path):
    refusal = api_schema["paths"][path]["get"]["responses"]["400"]

    schema = refusal["content"]["application/json"]["schema"]
    assert schema["additionalProperties"] == {"type": "array", "items": {"type": "string"}}
    assert "<parameter>" in refusal["description"]


def test_body_refusals_are_documented(api_schema):
    assert "400" in api_schema["paths"]["/api/targets/"]["post"]["responses"]
    assert "400" in api_schema["paths"]["/api/regions/{code}/"]["patch"]["responses"]


def test_evidence_url_is_a_uri_or_null(client_as, cast, api_schema):
    declared = api_schema["components"]["schemas"]["MilestoneState"]["properties"]["evidence_url"]
    campaign = Campaign.objects.create(
        code="climate-europe",
        name="Climate Europe",
        methodology=Methodology.objects.get(code="ccp"),
        office=cast.europe_office,
    )
    campaign.regions.add(Region.objects.get(code="europe"))
    participation = Participation.objects.create(
        campaign=campaign, local_government=cast.freiburg, joined_on=datetime.date(2019, 5, 1)
    )
    first, second = campaign.methodology.milestones.order_by("number")[:2]
    MilestoneProgress.objects.create(
        participation=participation,
        milestone=second,
        local_government=cast.freiburg,
        status=MilestoneProgress.Status.IN_PROGRESS,
        evidence_url="https://www.freiburg.de/klimaschutz",
    )

    states = client_as("anonymous").get(f"/api/participations/{participation.pk}/milestones/")

    by_number = {state["number"]: state for state in states.json()}
    assert declared == {
        "type": "string",
        "format": "uri",
        "readOnly": True,
        "nullable": True,
        "description": "Where the evidence is published; null if nowhere.",
    }
    assert by_number[first.number]["evidence_url"] is None  # nothing recorded
    assert by_number[second.number]["evidence_url"] == "https://www.freiburg.de/klimaschutz"


def test_every_refusal_the_api_gives_is_documented(api_schema):
    paths = api_schema["paths"]

    assert {"400", "401", "403"} <= set(paths["/api/regions/"]["post"]["responses"])
    assert {"401", "403", "404", "409"} <= set(paths["/api/regions/{code}/"]["delete"]["responses"])
    assert "409" not in paths["/api/targets/{id}/"]["delete"]["responses"]
    assert "404" in paths["/api/targets/{id}/"]["get"]["responses"]
    assert "401" not in paths["/api/targets/{id}/"]["get"]["responses"]  # anyone reads
    assert {"401", "403", "404"} <= set(paths["/api/forecasts/{code}/"]["get"]["responses"])
