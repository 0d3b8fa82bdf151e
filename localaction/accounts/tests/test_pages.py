"""Logging in and out, password resets, my account and its API token."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from knox.crypto import hash_token
from knox.models import AuthToken

from localaction.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_log_in_and_out(client, cast):
    response = client.post(reverse("login"), {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_a_wrong_password_says_so_and_signs_nobody_in(client, cast):
    response = client.post(reverse("login"), {"username": "editor", "password": "wrong"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(client, cast):
    client.post(reverse("password_reset"), {"email": "editor@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/reset/\S+/", mail.outbox[0].body).group(0)
    form_url = client.get(link).url  # Django swaps the token for a session key
    response = client.post(
        form_url, {"new_password1": "a-new-long-password", "new_password2": "a-new-long-password"}
    )
    assert response.status_code == 302
    signed_in = Client().post(
        reverse("login"), {"username": "editor", "password": "a-new-long-password"}
    )
    assert signed_in.status_code == 302


def test_password_reset_tells_nothing_about_unknown_addresses(client, cast):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.parametrize(
    "who, text",
    [
        ("editor", "Freiburg im Breisgau"),
        ("staff", "European Secretariat"),
        ("secretariat", "You act for the whole network"),
    ],
)
def test_my_account_lists_my_roles(client_as, who, text):
    assert text in client_as(who).get(reverse("accounts:profile")).content.decode()


NEW_KEY = re.compile(r'id="new-token" type="text" readonly value="([0-9a-f]{64})"')


def api_status(key: str) -> int:
    return Client(headers={"Authorization": f"Token {key}"}).get("/api/notifications/").status_code


def test_a_new_token_is_shown_once_and_never_again(client_as, cast):
    client = client_as("editor")

    made = client.post(reverse("accounts:token-new"))

    assert made.status_code == 200
    assert "no-store" in made.headers["Cache-Control"]
    key = NEW_KEY.search(made.content.decode()).group(1)
    assert api_status(key) == 200
    later = client.get(reverse("accounts:profile")).content.decode()
    assert key not in later and 'id="new-token"' not in later
    assert key[:8] in later  # enough to tell one's tokens apart
    assert AuthToken.objects.get(user=cast.editor).digest == hash_token(key)


def test_rotating_a_token_shows_the_new_key_once_and_retires_the_old(client_as, cast):
    client = client_as("editor")
    old = NEW_KEY.search(client.post(reverse("accounts:token-new")).content.decode()).group(1)

    rotated = client.post(reverse("accounts:token-rotate"), {"token": hash_token(old)})

    new = NEW_KEY.search(rotated.content.decode()).group(1)
    assert new != old
    assert (api_status(old), api_status(new)) == (401, 200)
    assert new not in client.get(reverse("accounts:profile")).content.decode()


def test_revoking_a_token_stops_it_at_once(client_as, cast):
    client = client_as("editor")
    keys = [
        NEW_KEY.search(client.post(reverse("accounts:token-new")).content.decode()).group(1)
        for _ in range(3)
    ]

    client.post(reverse("accounts:token-revoke"), {"token": hash_token(keys[0])})
    assert [api_status(key) for key in keys] == [401, 200, 200]

    client.post(reverse("accounts:token-revoke"), {"all": "1"})
    assert [api_status(key) for key in keys] == [401, 401, 401]
    assert not AuthToken.objects.exists()


def test_nobody_rotates_or_revokes_anothers_token(client_as, cast):
    key = NEW_KEY.search(
        client_as("editor").post(reverse("accounts:token-new")).content.decode()
    ).group(1)
    intruder = client_as("staff")

    intruder.post(reverse("accounts:token-rotate"), {"token": hash_token(key)})
    intruder.post(reverse("accounts:token-revoke"), {"token": hash_token(key)})

    assert api_status(key) == 200
    assert list(AuthToken.objects.values_list("user__username", flat=True)) == ["editor"]


@pytest.mark.parametrize("name", ["accounts:token-new", "accounts:token-rotate"])
def test_anonymous_visitors_get_no_token(client, name):
    response = client.post(reverse(name))
    assert response.status_code == 302
    assert AuthToken.objects.count() == 0


@pytest.mark.parametrize(
    "who, status",
    [
        ("editor", 302),
        ("staff", 302),
        ("other_staff", 302),
        ("secretariat", 200),
        ("anonymous", 302),
    ],
)
def test_the_admin_is_for_the_secretariat(client_as, who, status):
    assert client_as(who).get(reverse("admin:index")).status_code == status


def test_the_secretariat_edits_regions_in_the_admin(client_as):
    client = client_as("secretariat")
    assert client.get(reverse("admin:network_region_changelist")).status_code == 200
    assert client.get(reverse("admin:network_localgovernment_changelist")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200


def test_the_secretariat_reads_inventories_and_factors_in_the_admin(client_as):
    client = client_as("secretariat")
    assert client.get(reverse("admin:inventories_emissionfactor_changelist")).status_code == 200
    assert client.get(reverse("admin:inventories_inventory_changelist")).status_code == 200
