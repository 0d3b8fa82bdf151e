"""The events in the admin: only the secretariat enters the admin; there it
sees and changes the events it organises (all of them), and sessions are read,
not written, past the programme's checks."""

from __future__ import annotations

import pytest
from django.urls import reverse

from localaction.events.models import Event

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("who", "status"), [
    ("anonymous", 302), ("editor", 302), ("staff", 302), ("other_staff", 302),
    ("secretariat", 200),
])  # fmt: skip
def test_only_the_secretariat_enters_the_events_admin(built, client_as, who, status):
    client = client_as(who)
    for url in (
        reverse("admin:events_event_changelist"),
        reverse("admin:events_event_change", args=[built.event.pk]),
        reverse("admin:events_session_changelist"),
        reverse("admin:events_room_changelist"),
    ):
        assert client.get(url).status_code == status, url


def test_the_secretariat_publishes_a_draft_by_the_admin_action(built, client_as):
    client = client_as("secretariat")
    response = client.post(
        reverse("admin:events_event_changelist"),
        {"action": "publish", "_selected_action": [built.draft.pk, built.event.pk]},
    )
    assert response.status_code == 302
    built.draft.refresh_from_db()
    assert built.draft.status == Event.Status.PUBLISHED


def test_sessions_are_not_added_in_the_admin(built, client_as):
    client = client_as("secretariat")
    assert client.get(reverse("admin:events_session_add")).status_code == 403
    page = client.get(reverse("admin:events_session_change", args=[built.sessions[0].pk]))
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()
