"""The notifications pages: my notifications, opening one, marking them read, how I
hear of things; the unread count in the header; the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from localaction.accounts.models import Notification, NotificationPreference, Person

pytestmark = pytest.mark.django_db

LIST = reverse("accounts:notifications")
READ_ALL = reverse("accounts:notifications-read")
PREFERENCES = reverse("accounts:notification-preferences")


def tell(user, year: int = 2022, url: str = "/members/de-freiburg/", **fields) -> Notification:
    return Notification.objects.create(
        recipient=user,
        kind="inventory_verified",
        params={"local_government": "Freiburg im Breisgau", "year": year},
        url=url,
        **fields,
    )


def open_url(notification) -> str:
    return reverse("accounts:notification", args=[notification.pk])


def test_anonymous_visitors_are_sent_to_log_in(client, cast):
    notification = tell(cast.editor)
    for url in [LIST, PREFERENCES, open_url(notification)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert client.post(READ_ALL).status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is None


def test_i_see_my_notifications_newest_first_and_no_one_elses(client_as, cast):
    tell(cast.editor, 2020)
    tell(cast.editor, 2021)
    tell(cast.colleague, 1999)
    page = client_as("editor").get(LIST).content.decode()
    assert page.index("2021 inventory") < page.index("2020 inventory")
    assert "1999" not in page
    assert page.count("Unread") == 2


def test_the_list_is_paginated(client_as, cast):
    for year in range(1990, 2020):
        tell(cast.editor, year)
    first = client_as("editor").get(LIST).content.decode()
    assert "2019 inventory" in first and "1990 inventory" not in first
    assert "page 1 of 2" in first
    second = client_as("editor").get(LIST, {"page": 2}).content.decode()
    assert "1990 inventory" in second


def test_opening_a_notification_marks_it_read_and_goes_where_it_points(client_as, cast):
    notification = tell(cast.editor)
    response = client_as("editor").get(open_url(notification))
    assert response.status_code == 302
    assert response["Location"] == "/members/de-freiburg/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_notification_pointing_elsewhere_opens_the_list_instead(client_as, cast):
    notification = tell(cast.editor, url="https://elsewhere.example.com/")
    response = client_as("editor").get(open_url(notification))
    assert response["Location"] == LIST


@pytest.mark.parametrize("who", ["colleague", "outsider", "staff", "secretariat"])
def test_no_one_else_opens_or_marks_my_notification(client_as, cast, who):
    notification = tell(cast.editor)
    client = client_as(who)
    assert client.get(open_url(notification)).status_code == 404
    client.post(READ_ALL)
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_marks_only_mine(client_as, cast):
    tell(cast.editor)
    tell(cast.editor)
    theirs = tell(cast.colleague)
    client = client_as("editor")
    assert client.get(READ_ALL).status_code == 405
    assert client.post(READ_ALL).status_code == 302
    assert not Notification.objects.filter(recipient=cast.editor, read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


# The unread count in the header


def test_the_header_says_how_many_notifications_are_unread(client_as, cast):
    tell(cast.editor)
    tell(cast.editor)
    page = client_as("editor").get(reverse("home")).content.decode()
    assert 'aria-label="2 unread notifications"' in page
    client_as("editor").post(READ_ALL)
    page = client_as("editor").get(reverse("home")).content.decode()
    assert 'aria-label="Notifications, none unread"' in page


def test_the_count_costs_one_query(client_as, cast, django_assert_num_queries):
    from localaction.accounts.context_processors import access

    tell(cast.editor)
    request = type("Request", (), {"user": cast.editor})()
    count = access(request)["unread_notifications"]
    with django_assert_num_queries(1):
        assert count() == 1


def test_anonymous_visitors_have_no_notifications_link(client, cast):
    page = client.get(reverse("home")).content.decode()
    assert LIST not in page


# How I hear of things


def form_data(**changes) -> dict:
    from localaction.accounts.notifications import KINDS

    data = {"language": "en"} | {f"delivery-{key}": "at_once" for key in KINDS}
    return data | changes


def test_i_choose_my_language_and_how_i_hear_of_each_kind(client_as, cast):
    client = client_as("editor")
    page = client.get(PREFERENCES).content.decode()
    assert "A network report is published" in page
    response = client.post(
        PREFERENCES,
        form_data(
            language="fr",
            **{"delivery-report_published": "daily", "delivery-inventory_verified": "never"},
        ),
    )
    assert response.status_code == 302
    assert Person.objects.get(user=cast.editor).language == "fr"
    chosen = dict(
        NotificationPreference.objects.filter(user=cast.editor).values_list("kind", "delivery")
    )
    assert chosen["report_published"] == "daily"
    assert chosen["inventory_verified"] == "never"
    assert chosen["membership_decided"] == "at_once"


def test_an_unknown_kind_is_refused_and_nothing_is_saved(client_as, cast):
    response = client_as("editor").post(
        PREFERENCES, form_data(language="fr", **{"delivery-membership_exploded": "daily"})
    )
    assert response.status_code == 200
    assert "membership_exploded: not a kind of notification." in response.content.decode()
    assert not NotificationPreference.objects.exists()
    assert not Person.objects.filter(language="fr").exists()


def test_an_unknown_delivery_is_refused(client_as, cast):
    response = client_as("editor").post(
        PREFERENCES, form_data(**{"delivery-membership_decided": "hourly"})
    )
    assert response.status_code == 200
    assert not NotificationPreference.objects.exists()


def test_my_account_leads_to_the_notification_settings(client_as, cast):
    page = client_as("colleague").get(reverse("accounts:profile")).content.decode()
    assert PREFERENCES in page


# The admin


def test_the_admin_lists_notifications_but_writes_none(cast):
    admin = User.objects.create_superuser("root", "root@example.org", "x")
    client = Client()
    client.force_login(admin)
    tell(cast.editor)
    assert client.get(reverse("admin:accounts_notification_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_notification_add")).status_code == 403
    assert client.get(reverse("admin:accounts_notificationpreference_add")).status_code == 200
    response = client.post(
        reverse("admin:accounts_notificationpreference_add"),
        {"user": cast.editor.pk, "kind": "membership_exploded", "delivery": "daily"},
    )
    assert response.status_code == 200  # the form again, with the error
    assert not NotificationPreference.objects.exists()


# The API


def test_the_api_lists_only_my_notifications_and_marks_one_read(client_as, cast):
    mine = tell(cast.editor)
    theirs = tell(cast.colleague)
    client = client_as("editor")
    listed = client.get("/api/notifications/").json()
    assert [row["id"] for row in listed["results"]] == [mine.pk]
    assert listed["results"][0]["subject"] == (
        "The 2022 inventory of Freiburg im Breisgau is verified"
    )
    assert client.post(f"/api/notifications/{theirs.pk}/read/").status_code == 404
    assert client.post(f"/api/notifications/{mine.pk}/read/").json()["read_at"]
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client_as("anonymous").get("/api/notifications/").status_code in (401, 403)


def test_the_api_sets_a_preference_and_refuses_an_unknown_kind(client_as, cast):
    client = client_as("editor")
    url = "/api/notifications/preferences/"
    response = client.put(
        url, {"kind": "membership_exploded", "delivery": "daily"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "'membership_exploded' is not a kind of notification" in response.json()["kind"][0]
    response = client.put(
        url, {"kind": "report_published", "delivery": "daily"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert {"kind": "report_published", "delivery": "daily"} in client.get(url).json()
