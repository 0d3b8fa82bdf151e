"""The registrations' API: a person's own registrations, registering and
cancelling through the same services as the pages; an event's registrations
for its organisers only."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from localaction.conftest import make_user
from localaction.events import registrations as services
from localaction.events.models import Registration
from localaction.events.tests.registrations.conftest import TODAY

pytestmark = pytest.mark.django_db

MINE = "/api/events/me/registrations/"


def api_as(cast, who) -> APIClient:
    client = APIClient()
    user = getattr(cast, who)
    if user is not None:
        client.force_authenticate(user)
    return client


def test_register_list_and_cancel(cast, built, today):
    client = api_as(cast, "editor")
    response = client.post(
        MINE,
        {"event": built.event.slug, "category": built.delegate.pk, "member": "de-freiburg"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "confirmed"
    assert response.json()["member"] == "de-freiburg"
    listed = client.get(MINE).json()["results"]
    assert [r["event"] for r in listed] == [built.event.slug]
    cancelled = client.post(f"{MINE}{listed[0]['id']}/cancel/")
    assert cancelled.json()["status"] == "cancelled"


def test_refusals_name_the_field(cast, built, today):
    client = api_as(cast, "outsider")
    response = client.post(
        MINE,
        {"event": built.event.slug, "category": built.delegate.pk, "member": "de-freiburg"},
        format="json",
    )
    assert response.status_code == 400
    assert "You do not work for Freiburg" in response.json()["local_government"][0]
    response = client.post(MINE, {"event": "nope", "category": 1}, format="json")
    assert response.json() == {"event": ["No such event."]}
    response = client.post(MINE, {"event": built.event.slug, "category": 2**40}, format="json")
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_nobody_cancels_anothers_registration(cast, built):
    registration = services.register(
        event=built.event, person=cast.editor, category=built.press,
        country=built.germany, today=TODAY,
    )  # fmt: skip
    response = api_as(cast, "colleague").post(f"{MINE}{registration.pk}/cancel/")
    assert response.status_code == 404
    assert api_as(cast, "anonymous").get(MINE).status_code in (401, 403)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 401),
        ("editor", 403),
        ("other_staff", 403),
        ("staff", 200),
        ("secretariat", 200),
    ],
)
def test_an_events_registrations_for_its_organisers(cast, built, who, status):
    for n in range(6):
        services.register(
            event=built.event, person=make_user(f"g{n}"), category=built.press,
            country=built.germany, today=TODAY,
        )  # fmt: skip
    url = f"/api/events/{built.event.slug}/registrations/"
    response = api_as(cast, who).get(url)
    assert response.status_code in ((401, 403) if status == 401 else (status,))
    if status == 200:
        assert response.json()["count"] == 6
        waiting = api_as(cast, who).get(url, {"status": "waiting"}).json()["results"]
        assert [(r["person"], r["waiting_position"]) for r in waiting] == [("g5", 1)]
        assert api_as(cast, who).get(url, {"status": "lost"}).status_code == 400
