"""Logging in and out, password resets, my account and its API token."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.authtoken.models import Token

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
    assert client.login(username="editor", password="a-new-long-password")


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


def test_renewing_the_token_replaces_the_old_one(client_as, cast):
    client = client_as("editor")
    client.post(reverse("accounts:token-renew"))
    first = Token.objects.get(user=cast.editor).key
    client.post(reverse("accounts:token-renew"))
    assert Token.objects.get(user=cast.editor).key != first
    assert Token.objects.filter(key=first).count() == 0


def test_anonymous_visitors_get_no_token(client):
    response = client.post(reverse("accounts:token-renew"))
    assert response.status_code == 302
    assert Token.objects.count() == 0


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
