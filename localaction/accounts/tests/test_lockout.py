"""Guessing passwords: after 10 wrong ones for a username from one address, the
right one is refused too, for 15 minutes — on the login page and the token
endpoint alike — and the secretariat sees the lockout in the admin. The API
counts requests per client in the shared cache."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from localaction.conftest import PASSWORD

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/auth/token/"
WRONG_PASSWORDS = 30


def log_in(client: Client, password: str):
    return client.post(reverse("login"), {"username": "editor", "password": password})


def obtain_token(client: Client, password: str):
    return client.post(
        TOKEN_URL, {"username": "editor", "password": password}, content_type="application/json"
    )


def test_thirty_wrong_passwords_lock_the_login_page(cast):
    client = Client()
    answers = [log_in(client, f"guess-{n}").status_code for n in range(WRONG_PASSWORDS)]

    # The form says "wrong" nine times, then the lockout page answers.
    assert answers[:9] == [200] * 9
    assert set(answers[9:]) == {429}
    right = log_in(client, PASSWORD)

    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    page = right.content.decode()
    assert "Too many attempts" in page
    assert "after 10 wrong passwords" in page and "Try again in 15 minutes" in page


def test_thirty_wrong_passwords_lock_the_token_endpoint(cast):
    client = Client()
    answers = [obtain_token(client, f"guess-{n}").status_code for n in range(WRONG_PASSWORDS)]

    assert answers[:9] == [400] * 9
    assert set(answers[9:]) == {429}
    right = obtain_token(client, PASSWORD)

    assert right.status_code == 429
    assert "token" not in right.json()
    assert right.json()["detail"] == "Too many wrong passwords: try again later."


def test_the_lockout_counts_the_login_page_and_the_api_together(cast):
    client = Client()
    for n in range(5):
        log_in(client, f"guess-{n}")
        obtain_token(client, f"guess-{n}")

    assert log_in(client, PASSWORD).status_code == 429
    assert obtain_token(client, PASSWORD).status_code == 429


def test_a_lockout_holds_one_username_from_one_address(cast):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(WRONG_PASSWORDS):
        log_in(attacker, f"guess-{n}")

    # The editor, elsewhere, still signs in: nobody locks a colleague out from afar.
    assert log_in(Client(REMOTE_ADDR="198.51.100.2"), PASSWORD).status_code == 302
    # And the attacker's address may still sign in as someone else.
    other = attacker.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    assert other.status_code == 302


def test_the_lockout_ends_after_the_cool_off(cast):
    client = Client()
    for n in range(10):
        log_in(client, f"guess-{n}")
    assert log_in(client, PASSWORD).status_code == 429

    # Sixteen minutes later.
    attempt = AccessAttempt.objects.get()
    AccessAttempt.objects.update(attempt_time=attempt.attempt_time - timedelta(minutes=16))

    assert log_in(client, PASSWORD).status_code == 302


def test_the_secretariat_sees_and_clears_lockouts_in_the_admin(cast, client_as):
    for n in range(10):
        log_in(Client(), f"guess-{n}")
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.failures_since_start) == ("editor", 10)

    admin = client_as("secretariat")
    listing = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200
    assert "editor" in listing.content.decode()
    admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )

    assert not AccessAttempt.objects.exists()
    assert log_in(Client(), PASSWORD).status_code == 302


@pytest.fixture
def throttled(monkeypatch):
    """The API's limits as in production, counted in a cache of this test's own
    (the test settings lift every limit)."""
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "5/min", "user": "8/min", "token": "3/min"}
    )
    counts = LocMemCache("throttle-test", {})
    counts.clear()  # instances of one name share their store
    monkeypatch.setattr(SimpleRateThrottle, "cache", counts)


def test_anonymous_api_use_is_throttled(cast, throttled):
    client = Client()
    answers = [client.get("/api/regions/").status_code for _ in range(7)]

    assert answers == [200] * 5 + [429] * 2
    # Another address has its own allowance.
    assert Client(REMOTE_ADDR="198.51.100.2").get("/api/regions/").status_code == 200


def test_signed_in_api_use_has_a_larger_allowance(cast, client_as, throttled):
    client = client_as("editor")
    answers = [client.get("/api/regions/").status_code for _ in range(9)]

    assert answers == [200] * 8 + [429]


def test_the_token_endpoint_has_its_own_strict_limit(cast, throttled):
    client = Client()
    answers = [obtain_token(client, PASSWORD).status_code for _ in range(4)]

    assert answers == [200] * 3 + [429]
    assert "Retry-After" in obtain_token(client, PASSWORD).headers


def test_the_api_counts_requests_in_the_shared_cache():
    from django.core.cache import caches

    # DRF's throttles keep their counts in the default cache: Redis in production,
    # so every web process counts the same client together.
    assert SimpleRateThrottle.cache._connections is caches  # the proxy to caches["default"]
