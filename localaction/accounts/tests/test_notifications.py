"""Notifications: who is told of each event, how they chose to hear of it, and
e-mails that go out once, in the reader's language."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from localaction.accounts import notifications
from localaction.accounts.models import Notification, NotificationPreference, Person, Role
from localaction.accounts.notifications import notify
from localaction.accounts.tasks import email_daily_digest, email_notifications
from localaction.campaigns.models import Campaign, MilestoneProgress, Participation
from localaction.campaigns.services import milestone_record
from localaction.conftest import make_user
from localaction.inventories.models import Inventory
from localaction.inventories.services import inventory_move
from localaction.network.models import Country, LocalGovernment, Membership, Office

pytestmark = pytest.mark.django_db


def told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def prefer(user, kind: str, delivery: str) -> None:
    NotificationPreference.objects.create(user=user, kind=kind, delivery=delivery)


# Who is told: memberships


def test_an_application_on_the_profile_tells_the_staff_of_the_covering_office(client_as, cast):
    Membership.objects.all().delete()
    response = client_as("editor").post(
        reverse("network:membership-apply", args=[cast.freiburg.code]), {"type": "full"}
    )
    assert response.status_code == 302
    assert told("membership_applied") == {"staff"}


def test_an_application_through_the_api_tells_the_same_people(client_as, cast):
    response = client_as("outsider").post(
        "/api/memberships/",
        {"local_government": cast.nairobi.code, "type": "full"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    # The African office covers Kenya; the World Secretariat is not told of a
    # request an office will see.
    assert told("membership_applied") == {"other_staff"}


def test_a_country_office_hears_of_applications_in_its_country_too(cast):
    country_office = Office.objects.create(code="de", name="Germany", kind=Office.Kind.COUNTRY)
    country_office.countries.add(Country.objects.get(code="DE"))
    make_user("country_staff", kind=Role.Kind.STAFF, office=country_office)
    Membership.objects.create(local_government=cast.hidden).tell_offices_of_application()
    assert told("membership_applied") == {"staff", "country_staff"}


def test_where_no_office_staff_cover_a_member_the_secretariat_is_told(cast):
    kyoto = LocalGovernment.objects.create(
        code="jp-kyoto", name="Kyoto", country=Country.objects.get(code="JP")
    )
    Membership.objects.create(local_government=kyoto).tell_offices_of_application()
    assert told("membership_applied") == {"secretariat"}


def test_an_office_decision_tells_the_members_editors_only(cast):
    membership = Membership.objects.create(local_government=cast.nairobi)
    make_user("nairobi_viewer", kind=Role.Kind.VIEWER, local_government=cast.nairobi)
    membership.move_to(Membership.Status.APPROVED, by=cast.other_staff)
    assert told("membership_decided") == {"outsider"}  # Nairobi's editor
    [notification] = Notification.objects.filter(kind="membership_decided")
    assert notification.url == cast.nairobi.get_absolute_url()
    with translation.override("en"):
        assert notifications.subject_of(notification) == "Membership of Nairobi: Approved"


def test_a_decision_through_the_api_tells_the_editors(client_as, cast):
    membership = Membership.objects.create(local_government=cast.nairobi)
    response = client_as("other_staff").post(
        f"/api/memberships/{membership.pk}/move/",
        {"status": "approved"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert told("membership_decided") == {"outsider"}


# Who is told: inventories


@pytest.mark.parametrize(
    "steps, kind, people",
    [
        (["submit"], "inventory_submitted", {"staff"}),
        (["submit", "return"], "inventory_returned", {"editor"}),
        (["submit", "verify"], "inventory_verified", {"editor"}),
        (["submit", "verify", "publish"], "inventory_published", {"editor"}),
    ],
)
def test_each_step_of_an_inventory_tells_those_who_act_next(cast, steps, kind, people):
    inventory = Inventory.objects.create(local_government=cast.freiburg, year=2022)
    for step in steps:
        inventory_move(inventory=inventory, step=step, user=cast.staff)
    assert told(kind) == people
    [notification] = Notification.objects.filter(kind=kind)
    assert notification.params == {"local_government": "Freiburg im Breisgau", "year": 2022}
    assert notification.url == inventory.get_absolute_url()


def test_submitting_on_the_inventory_page_tells_the_office(client_as, cast):
    inventory = Inventory.objects.create(local_government=cast.freiburg, year=2022)
    client_as("editor").post(
        reverse("inventories:inventory-move", args=[cast.freiburg.code, 2022, "submit"])
    )
    inventory.refresh_from_db()
    assert inventory.status == Inventory.Status.SUBMITTED
    assert told("inventory_submitted") == {"staff"}


# Who is told: milestones


@pytest.fixture
def ccp(cast):
    return Participation.objects.create(
        campaign=Campaign.objects.get(code="ccp"),
        local_government=cast.freiburg,
        joined_on=datetime.date(2009, 5, 1),
    )


def record_milestone(participation, status: str, user) -> MilestoneProgress:
    milestone = participation.campaign.methodology.milestones.get(number=1)
    record = MilestoneProgress.objects.filter(
        participation=participation, milestone=milestone
    ).first() or MilestoneProgress(participation=participation, milestone=milestone)
    record.status = status
    return milestone_record(record=record, user=user)


def test_a_milestone_recorded_as_achieved_asks_the_covering_office_to_verify(cast, ccp):
    record_milestone(ccp, "achieved", cast.editor)
    assert told("milestone_evidence_recorded") == {"staff"}
    [notification] = Notification.objects.all()
    assert notification.params["campaign"] == ccp.campaign.name
    assert notification.params["number"] == 1


def test_a_verified_milestone_tells_the_editors(cast, ccp):
    record_milestone(ccp, "achieved", cast.editor)
    record_milestone(ccp, "verified", cast.staff)
    assert told("milestone_verified") == {"editor"}


def test_saving_a_milestone_again_unchanged_tells_nobody_again(cast, ccp):
    record_milestone(ccp, "achieved", cast.editor)
    record_milestone(ccp, "achieved", cast.editor)
    record_milestone(ccp, "in_progress", cast.editor)
    assert Notification.objects.count() == 1


# Who is told: the network report


def test_nobody_hears_of_a_new_report_unless_they_chose_to(cast):
    prefer(cast.colleague, "report_published", "at_once")
    prefer(cast.outsider, "report_published", "daily")
    prefer(cast.staff, "report_published", "never")
    assert set(notifications.subscribers("report_published")) == {cast.colleague, cast.outsider}
    notify(
        "report_published",
        recipients=notifications.subscribers("report_published"),
        params={"year": 2022},
        url="/report/publications/",
    )
    assert told("report_published") == {"colleague", "outsider"}
    assert [message.to for message in mail.outbox] == [["colleague@example.org"]]


def test_publishing_the_annual_report_tells_its_subscribers(client_as, cast, settings, tmp_path):
    from localaction.reports.tests.dashboard_data import YEAR, build_network

    settings.MEDIA_ROOT = tmp_path
    build_network(cast)
    prefer(cast.colleague, "report_published", "at_once")
    response = client_as("secretariat").post(
        reverse("reports:publication-new"), {"year": YEAR, "gwp": "AR5GWP100", "level": "BASIC+"}
    )
    assert response.status_code == 302
    assert told("report_published") == {"colleague"}
    assert Notification.objects.get(kind="report_published").params == {"year": YEAR}


# Preferences


def test_an_unknown_kind_is_refused(cast):
    with pytest.raises(ValueError, match="'membership_exploded' is not a kind of notification"):
        notify("membership_exploded", recipients=[cast.editor], params={}, url="/")
    with pytest.raises(ValueError, match="not a kind of notification"):
        notifications.set_delivery(cast.editor, "membership_exploded", "daily")
    with pytest.raises(ValueError, match="not a way to deliver"):
        notifications.set_delivery(cast.editor, "membership_decided", "hourly")
    assert not NotificationPreference.objects.exists()


def test_those_who_chose_never_get_no_notification_at_all(cast):
    prefer(cast.editor, "inventory_verified", "never")
    made = notify(
        "inventory_verified", recipients=[cast.editor, cast.colleague], params={}, url="/"
    )
    assert [n.recipient for n in made] == [cast.colleague]
    assert [message.to for message in mail.outbox] == [["colleague@example.org"]]


def test_every_kind_is_heard_at_once_by_default_but_the_report(cast):
    assert notifications.deliveries(cast.editor) == {
        key: "never" if key == "report_published" else "at_once" for key in notifications.KINDS
    }


def test_a_recipient_named_twice_is_told_once(cast):
    notify("inventory_verified", recipients=[cast.editor, cast.editor], params={}, url="/")
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


# E-mail at once


def test_the_email_says_what_happened_and_links_to_the_full_address(cast, settings):
    settings.SITE_URL = "https://localaction.example.org"
    notify(
        "inventory_verified",
        recipients=[cast.editor],
        params={"local_government": "Freiburg im Breisgau", "year": 2022},
        url="/members/de-freiburg/inventories/2022/",
    )
    [message] = mail.outbox
    assert message.to == ["editor@example.org"]
    assert message.subject == "The 2022 inventory of Freiburg im Breisgau is verified"
    assert "An office verified the 2022 greenhouse-gas inventory" in message.body
    assert "https://localaction.example.org/members/de-freiburg/inventories/2022/" in message.body
    assert "https://localaction.example.org/accounts/me/notifications/" in message.body
    assert Notification.objects.get().emailed_at is not None


def languages_while_rendering(run) -> list[str]:
    """The active language each time an e-mail is written during `run()`."""
    from localaction.accounts import tasks

    seen = []
    real = tasks.render_to_string

    def spying(*args, **kwargs):
        seen.append(translation.get_language())
        return real(*args, **kwargs)

    with mock.patch.object(tasks, "render_to_string", spying):
        run()
    return seen


def test_each_email_is_written_in_its_recipients_language(cast):
    Person.objects.create(user=cast.editor, language="fr")
    with translation.override("es"):  # whatever the sender's page was in
        seen = languages_while_rendering(
            lambda: notify(
                "inventory_verified",
                recipients=[cast.editor, cast.colleague],
                params={},
                url="/",
            )
        )
    assert seen == ["fr", "en"]  # the colleague chose nothing: the site's language


def test_a_retried_task_sends_nothing_twice(cast):
    made = notify("inventory_verified", recipients=[cast.editor], params={}, url="/")
    assert len(mail.outbox) == 1
    assert email_notifications.call([n.pk for n in made]) == 0
    assert len(mail.outbox) == 1


def test_a_failed_sending_is_tried_again_and_then_sent_once(cast):
    with mock.patch("localaction.accounts.tasks.send_mail", side_effect=OSError("server down")):
        # The task fails (the worker will try again); the event itself stands.
        notify("inventory_verified", recipients=[cast.editor], params={}, url="/")
    notification = Notification.objects.get()
    assert notification.emailed_at is None  # the stamp is taken back
    assert email_notifications.call([notification.pk]) == 1
    assert email_notifications.call([notification.pk]) == 0
    assert len(mail.outbox) == 1


# The daily digest


def test_daily_notifications_wait_for_the_digest_which_sends_them_once(cast):
    prefer(cast.editor, "inventory_verified", "daily")
    prefer(cast.editor, "milestone_verified", "daily")
    notify("inventory_verified", recipients=[cast.editor], params={"year": 2022}, url="/a/")
    notify("milestone_verified", recipients=[cast.editor], params={"number": 1}, url="/b/")
    notify("inventory_published", recipients=[cast.editor], params={"year": 2021}, url="/c/")
    assert len(mail.outbox) == 1  # the one heard of at once

    assert email_daily_digest.call() == 1
    digest = mail.outbox[-1]
    assert digest.to == ["editor@example.org"]
    assert digest.subject == "Local Action: your daily digest (2 notifications)"
    assert "/a/" in digest.body and "/b/" in digest.body and "/c/" not in digest.body
    assert not Notification.objects.filter(emailed_at=None).exists()

    assert email_daily_digest.call() == 0  # the next day's digest, or a retry
    assert len(mail.outbox) == 2


def test_one_digest_per_person_in_their_language(cast):
    Person.objects.create(user=cast.colleague, language="pt")
    for user in (cast.editor, cast.colleague):
        prefer(user, "inventory_verified", "daily")
    notify("inventory_verified", recipients=[cast.editor, cast.colleague], params={}, url="/")
    notify("inventory_verified", recipients=[cast.editor], params={}, url="/")
    seen = languages_while_rendering(email_daily_digest.call)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "colleague@example.org",
        "editor@example.org",
    ]
    # Subject and body of each digest are written in its reader's language.
    assert sorted(seen) == ["en", "en", "pt", "pt"]


def test_the_digest_is_a_daily_task():
    from localaction.background.tasks import _DAILY

    assert email_daily_digest in _DAILY


def test_an_app_registers_its_kinds_once_and_cannot_take_anothers_key():
    from localaction.elections.notifications import KINDS as ELECTION_KINDS

    # The elections' kinds are registered when the app is ready; again is harmless.
    assert all(notifications.kind_of(kind.key) for kind in ELECTION_KINDS)
    notifications.register(*ELECTION_KINDS)
    other = notifications.NotificationKind(
        "membership_applied", "Something else", "Something else", "Something else"
    )
    before = dict(notifications.KINDS)
    with pytest.raises(ValueError, match="membership_applied"):
        notifications.register(other)
    assert before == notifications.KINDS
