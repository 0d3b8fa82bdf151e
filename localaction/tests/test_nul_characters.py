"""A NUL character (0x00) in any parameter or field is refused with a 400 that
names it, and nothing is written — on PostgreSQL it used to reach a lookup
and fail as a server error (Schemathesis found `office` of POST
/api/campaigns/ with one)."""

from __future__ import annotations

import json

import pytest

from localaction.campaigns.models import Campaign

CAMPAIGN = {"code": "nul", "name": "Nul", "methodology": "ccp", "office": "europe"}


@pytest.mark.parametrize("field", ["office", "methodology", "name"])
@pytest.mark.parametrize("encoding", ["json", "multipart", "form"])
def test_an_api_body_with_a_nul_character_is_refused(client_as, field, encoding):
    body = {**CAMPAIGN, field: CAMPAIGN[field] + "\x00"}
    client = client_as("secretariat")
    if encoding == "json":
        response = client.post("/api/campaigns/", json.dumps(body), content_type="application/json")
    elif encoding == "multipart":
        response = client.post("/api/campaigns/", body)
    else:
        response = client.post(
            "/api/campaigns/",
            "&".join(f"{key}={value.replace(chr(0), '%00')}" for key, value in body.items()),
            content_type="application/x-www-form-urlencoded",
        )
    assert response.status_code == 400
    assert "NUL character" in response.json()[field][0]
    assert not Campaign.objects.filter(code="nul").exists()


def test_a_nested_json_text_with_a_nul_character_is_named_by_its_path(client_as):
    body = {**CAMPAIGN, "regions": ["europe", "af\x00rica"]}
    response = client_as("secretariat").post(
        "/api/campaigns/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert "NUL character" in response.json()["regions[1]"][0]


@pytest.mark.parametrize("who", ["anonymous", "secretariat"])
def test_a_query_parameter_with_a_nul_character_is_refused(client_as, who):
    client = client_as(who)
    for url, parameter in (
        ("/api/local-governments/?region=eu%00rope", "region"),
        ("/api/report/?region=eu%00rope", "region"),
    ):
        api = client.get(url)
        assert api.status_code == 400, url
        assert "NUL character" in api.json()[parameter][0]
    page = client.get("/members/?region=eu%00rope")
    assert page.status_code == 400 and "region" in page.text


def test_an_anonymous_request_for_what_needs_a_login_is_told_that_first(client_as):
    # Authentication before validation: the NUL is not even looked at.
    assert client_as("anonymous").get("/api/invoices/?status=x%00").status_code == 401
    assert client_as("anonymous").get("/api/ageing/?office=x%00").status_code == 401
    staff = client_as("secretariat").get("/api/ageing/?office=x%00")
    assert staff.status_code == 400 and "NUL character" in staff.json()["office"][0]


def test_a_page_form_with_a_nul_character_is_refused(client_as, cast):
    response = client_as("anonymous").post(
        "/accounts/login/", {"username": "editor\x00", "password": "x"}
    )
    assert response.status_code == 400
    assert "username" in response.text
