"""The Council at the Congress: the meeting held in a session counts as
represented each full member with a confirmed delegate registered, applies
the Council's own quorum rule to them, and its keepers record the attendance
from the check-in (events/council.py)."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from localaction.accounts.models import Role
from localaction.conftest import make_user
from localaction.events import council
from localaction.events import registrations as services
from localaction.events.models import Session
from localaction.events.tests.registrations.conftest import TODAY
from localaction.governance.models import Body, Meeting
from localaction.network.models import LocalGovernment, Membership

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def session(built):
    body = Body.objects.get(code="COUNCIL")
    meeting = Meeting.objects.create(
        body=body, title="Council 2027", held_on=datetime.date(2027, 6, 15), place="Freiburg"
    )
    return Session.objects.create(
        event=built.event,
        title="Council meeting",
        kind=Session.Kind.COUNCIL,
        starts_at=datetime.datetime(2027, 6, 15, 9, tzinfo=BERLIN),
        ends_at=datetime.datetime(2027, 6, 15, 12, tzinfo=BERLIN),
        meeting=meeting,
    )


def delegate(built, person, local_government):
    return services.register(
        event=built.event,
        person=person,
        category=built.delegate,
        local_government=local_government,
        today=TODAY,
    )


def test_each_member_counts_once_against_the_councils_own_rule(cast, built, session):
    entitled = session.meeting.entitled().count()
    assert entitled >= 1
    first = delegate(built, cast.editor, cast.freiburg)
    delegate(built, cast.colleague, cast.freiburg)  # a second delegate, the same voice
    roll = council.council_roll(session)
    assert roll.entitled == entitled
    assert [person.name for person in roll.represented] == [cast.freiburg.name]
    assert roll.represented[0].registration == first
    assert roll.expected.present == 1
    assert roll.expected.needed == session.meeting.body.quorum_needed(entitled)
    assert roll.checked_in == 0


def test_a_waiting_or_non_delegate_registration_represents_nobody(cast, built, session):
    services.register(
        event=built.event, person=cast.editor, category=built.press, today=TODAY,
        country=built.germany,
    )  # fmt: skip
    assert council.council_roll(session).represented == []


def test_a_member_that_is_not_full_is_not_entitled(cast, built, session):
    associate = LocalGovernment.objects.create(
        code="xx-associate", name="Associate Town", country=cast.freiburg.country,
        population=1000, is_published=True,
    )  # fmt: skip
    Membership.objects.create(
        local_government=associate, status=Membership.Status.ACTIVE,
        type=Membership.Type.ASSOCIATE,
    )  # fmt: skip
    officer = make_user("associate-officer", kind=Role.Kind.EDITOR, local_government=associate)
    delegate(built, officer, associate)
    assert council.council_roll(session).represented == []


def test_the_keepers_record_attendance_from_the_check_in_once(cast, built, session):
    registration = delegate(built, cast.editor, cast.freiburg)
    assert council.record_attendance(session=session, by=cast.secretariat) == 0
    services.check_in(event=built.event, registration=registration, by=cast.staff)
    assert council.council_roll(session).checked_in == 1
    assert council.record_attendance(session=session, by=cast.secretariat) == 1
    attendance = session.meeting.attendances.get()
    assert attendance.local_government == cast.freiburg
    assert attendance.present and attendance.delegate == registration.person_name
    assert session.meeting.quorum().present == 1
    # Again: nothing more, nothing changed.
    assert council.record_attendance(session=session, by=cast.secretariat) == 0
    assert session.meeting.attendances.count() == 1


def test_only_a_keeper_of_the_body_records(cast, built, session):
    registration = delegate(built, cast.editor, cast.freiburg)
    services.check_in(event=built.event, registration=registration, by=cast.staff)
    with pytest.raises(PermissionDenied):
        council.record_attendance(session=session, by=cast.other_staff)
    assert not session.meeting.attendances.exists()


def test_the_roll_page_for_organisers_and_keepers_only(cast, built, session, client_as):
    delegate(built, cast.editor, cast.freiburg)
    url = reverse("events:council", args=[built.event.slug, session.pk])
    page = client_as("staff").get(url)
    assert page.status_code == 200
    assert cast.freiburg.name in page.text
    # The Council is kept by the secretariat: the organisers see the roll only.
    assert "Record the attendance" not in page.text
    assert "Record the attendance" in client_as("secretariat").get(url).text
    for who in ("other_staff", "editor", "anonymous"):
        assert client_as(who).get(url).status_code in (302, 403), who
    response = client_as("secretariat").post(url)
    assert response.status_code == 302
    assert client_as("other_staff").post(url).status_code in (302, 403)
