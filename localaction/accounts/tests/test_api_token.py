"""API tokens: a username and password buy a token; the token then stands in for them."""

import json

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from localaction.conftest import PASSWORD

TOKEN_URL = "/api/auth/token/"
HIDDEN = "/api/local-governments/de-hidden/"


def obtain_token(username: str, password: str = PASSWORD):
    # Scripts have no CSRF cookie: the token endpoint must not need one.
    return Client(enforce_csrf_checks=True).post(
        TOKEN_URL, {"username": username, "password": password}, content_type="application/json"
    )


def test_a_username_and_password_buy_the_persons_token(cast):
    response = obtain_token("staff")

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=cast.staff).key}
    assert obtain_token("staff").json() == response.json()  # the same token each time


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({"username": "staff", "password": "not-the-password"}, {"non_field_errors"}),
        ({"username": "nobody", "password": PASSWORD}, {"non_field_errors"}),
        ({"username": "staff"}, {"password"}),
        ({}, {"username", "password"}),
    ],
)
def test_no_token_without_the_right_password(cast, payload, fields):
    response = Client().post(TOKEN_URL, payload, content_type="application/json")

    assert response.status_code == 400
    assert set(response.json()) == fields
    assert not Token.objects.exists()


def test_no_token_for_a_deactivated_account(cast):
    cast.staff.is_active = False
    cast.staff.save()

    assert obtain_token("staff").status_code == 400
    assert not Token.objects.exists()


def test_the_token_authenticates_reads_and_writes(cast):
    key = obtain_token("staff").json()["token"]
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Token {key}"})

    # Only the European office may know of the unpublished town.
    assert Client().get(HIDDEN).status_code == 404
    assert client.get(HIDDEN).status_code == 200
    response = client.patch(HIDDEN, {"population": 1200}, content_type="application/json")

    assert response.status_code == 200, response.content
    cast.hidden.refresh_from_db()
    assert cast.hidden.population == 1200


def test_a_token_carries_its_owners_rights_only(cast):
    key = obtain_token("editor").json()["token"]
    client = Client(headers={"Authorization": f"Token {key}"})

    assert client.get(HIDDEN).status_code == 404
    assert (
        client.patch(
            "/api/local-governments/ke-nairobi/", {"population": 1}, content_type="application/json"
        ).status_code
        == 403
    )


def test_a_wrong_token_is_refused_not_ignored(cast):
    client = Client(headers={"Authorization": "Token 0123456789abcdef"})

    response = client.get("/api/local-governments/")

    assert response.status_code in {401, 403}
    assert response.json() == {"detail": "Invalid token."}


def test_the_schema_documents_the_token_endpoint(cast):
    schema = json.loads(Client().get("/api/schema/", {"format": "json"}).content)

    operation = schema["paths"][TOKEN_URL]["post"]
    assert not operation.get("security")  # no credentials needed to ask for one
    assert {"tokenAuth": []} in schema["paths"]["/api/local-governments/"]["post"]["security"]
    response_schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert response_schema == {"$ref": "#/components/schemas/Token"}
    assert schema["components"]["schemas"]["Token"]["properties"]["token"]["readOnly"] is True
