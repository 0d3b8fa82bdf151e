"""API tokens: a username and password buy a token; the token then stands in for
them until it expires or its owner revokes it. Only a digest is stored."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from knox.crypto import hash_token
from knox.models import AuthToken

from localaction.accounts.tokens import token_create, token_revoke, token_rotate
from localaction.conftest import PASSWORD

TOKEN_URL = "/api/auth/token/"
HIDDEN = "/api/local-governments/de-hidden/"


def obtain_token(username: str, password: str = PASSWORD):
    # Scripts have no CSRF cookie: the token endpoint must not need one.
    return Client(enforce_csrf_checks=True).post(
        TOKEN_URL, {"username": username, "password": password}, content_type="application/json"
    )


def as_token(key: str) -> Client:
    return Client(enforce_csrf_checks=True, headers={"Authorization": f"Token {key}"})


def test_a_username_and_password_buy_a_token_kept_only_as_a_digest(cast):
    response = obtain_token("staff")

    assert response.status_code == 200
    key = response.json()["token"]
    stored = AuthToken.objects.get(user=cast.staff)
    assert stored.digest == hash_token(key)
    assert key not in {stored.digest, stored.token_key}  # the key itself is nowhere
    # It expires after the configured lifetime (90 days).
    assert timezone.now() + timedelta(days=89) < stored.expiry < timezone.now() + timedelta(90)
    assert response.json()["expiry"].startswith(stored.expiry.date().isoformat())
    # Each call makes another token; the first keeps working.
    second = obtain_token("staff").json()["token"]
    assert second != key
    assert as_token(key).get(HIDDEN).status_code == 200


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({"username": "staff", "password": "not-the-password"}, {"non_field_errors"}),
        ({"username": "nobody", "password": PASSWORD}, {"non_field_errors"}),
        ({"username": "staff"}, {"password"}),
        ({}, {"username", "password"}),
        ({"username": {"a": {"b": []}}, "password": ["x"]}, {"username", "password"}),
    ],
)
def test_no_token_without_the_right_password(cast, payload, fields):
    response = Client().post(TOKEN_URL, payload, content_type="application/json")

    assert response.status_code == 400
    assert set(response.json()) == fields
    assert not AuthToken.objects.exists()


def test_no_token_for_a_deactivated_account(cast):
    cast.staff.is_active = False
    cast.staff.save()

    assert obtain_token("staff").status_code == 400
    assert not AuthToken.objects.exists()


def test_the_token_authenticates_reads_and_writes(cast):
    key = obtain_token("staff").json()["token"]
    client = as_token(key)

    # Only the European office may know of the unpublished town.
    assert Client().get(HIDDEN).status_code == 404
    assert client.get(HIDDEN).status_code == 200
    response = client.patch(HIDDEN, {"population": 1200}, content_type="application/json")

    assert response.status_code == 200, response.content
    cast.hidden.refresh_from_db()
    assert cast.hidden.population == 1200


def test_a_token_carries_its_owners_rights_only(cast):
    key = obtain_token("editor").json()["token"]
    client = as_token(key)

    assert client.get(HIDDEN).status_code == 404
    assert (
        client.patch(
            "/api/local-governments/ke-nairobi/", {"population": 1}, content_type="application/json"
        ).status_code
        == 403
    )


def test_a_wrong_token_is_refused_not_ignored(cast):
    response = as_token("0123456789abcdef").get("/api/local-governments/")

    assert response.status_code in {401, 403}
    assert response.json() == {"detail": "Invalid token."}


def test_an_expired_token_is_refused(cast):
    _token, key = token_create(user=cast.staff)
    AuthToken.objects.filter(user=cast.staff).update(expiry=timezone.now() - timedelta(seconds=1))

    response = as_token(key).get(HIDDEN)

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}
    assert not AuthToken.objects.exists()  # and forgotten


def test_a_revoked_token_is_refused(cast):
    _token, key = token_create(user=cast.staff)
    assert as_token(key).get(HIDDEN).status_code == 200

    assert token_revoke(user=cast.staff, digest=hash_token(key)) == 1

    assert as_token(key).get(HIDDEN).status_code == 401


def test_a_rotated_token_is_refused_and_its_successor_works(cast):
    _token, old = token_create(user=cast.staff)

    _token, new = token_rotate(user=cast.staff, digest=hash_token(old))

    assert as_token(old).get(HIDDEN).status_code == 401
    assert as_token(new).get(HIDDEN).status_code == 200
    # Someone else's token cannot be rotated.
    assert token_rotate(user=cast.editor, digest=hash_token(new)) is None


def test_a_person_holds_a_limited_number_of_tokens(cast, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 2}
    assert obtain_token("staff").status_code == 200
    assert obtain_token("staff").status_code == 200

    refused = obtain_token("staff")

    assert refused.status_code == 403
    assert "revoke one" in refused.json()["detail"]
    assert AuthToken.objects.filter(user=cast.staff).count() == 2


def test_the_schema_documents_the_token_endpoint(cast):
    schema = json.loads(Client().get("/api/schema/", {"format": "json"}).content)

    operation = schema["paths"][TOKEN_URL]["post"]
    assert not operation.get("security")  # no credentials needed to ask for one
    assert {"429", "400", "200"} <= set(operation["responses"])
    security = schema["paths"]["/api/local-governments/"]["post"]["security"]
    assert {"tokenAuth": []} in security
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }
    response_schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    token = schema["components"]["schemas"][response_schema["$ref"].rsplit("/", 1)[1]]
    assert token["properties"]["token"]["readOnly"] is True
    assert token["properties"]["expiry"]["format"] == "date-time"


def test_keys_made_before_knox_keep_working_and_leave_no_plain_copy(cast):
    from importlib import import_module

    from django.apps import apps
    from django.db import connection

    migration = import_module("localaction.accounts.migrations.0003_api_tokens_hashed")
    old_key = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"  # an authtoken key: 40 hex digits
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id integer)"
        )
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s)", [old_key, cast.staff.pk])

    class SchemaEditor:
        def __init__(self):
            self.connection = connection
            self.quote_name = connection.ops.quote_name

        def execute(self, sql):
            with connection.cursor() as cursor:
                cursor.execute(sql)

    migration.move_tokens(apps, SchemaEditor())

    assert "authtoken_token" not in connection.introspection.table_names()
    assert as_token(old_key).get(HIDDEN).status_code == 200
    stored = AuthToken.objects.get(user=cast.staff)
    assert stored.digest == hash_token(old_key)
    assert stored.expiry > timezone.now() + timedelta(days=89)
