"""The administration shows the registrations of the events a person
organises, and changes none of them (the site's steps do)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from localaction.events import services
from localaction.events.tests.conftest import TODAY, build_event

pytestmark = pytest.mark.django_db


def test_registrations_scoped_to_the_organisers(cast, built, client_as):
    mine = services.register(
        event=built.event, person=cast.editor, category=built.press,
        country=built.germany, today=TODAY,
    )  # fmt: skip
    other = build_event(cast, slug="africa-forum")
    type(other.event).objects.filter(pk=other.event.pk).update(organiser=cast.africa_office)
    theirs = services.register(
        event=other.event, person=cast.outsider, category=other.press,
        country=built.germany, today=TODAY,
    )  # fmt: skip
    for who in ("staff", "other_staff", "secretariat"):
        user = getattr(cast, who)
        user.is_staff = True
        user.save()
    changelist = reverse("admin:events_registration_changelist")
    seen = client_as("staff").get(changelist).context["cl"].result_list
    assert list(seen) == [mine]
    seen = client_as("other_staff").get(changelist).context["cl"].result_list
    assert list(seen) == [theirs]
    assert len(client_as("secretariat").get(changelist).context["cl"].result_list) == 2
    change = reverse("admin:events_registration_change", args=[theirs.pk])
    assert client_as("staff").get(change).status_code in (302, 403, 404)
    assert (
        client_as("staff")
        .post(reverse("admin:events_registration_delete", args=[mine.pk]), {"post": "yes"})
        .status_code
        == 403
    )
