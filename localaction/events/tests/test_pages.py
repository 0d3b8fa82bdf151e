"""The event pages against the permission matrix: anyone sees published
events and their programmes; drafts only their organisers (staff of the
organising office, here the European one, and the secretariat), 404 for
everyone else; only organisers create, edit, publish, cancel and keep the
programme. Forms show the model's refusals on their fields."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from localaction.events.models import Event, Room, Session, SessionTranslation, Speaker, Track

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "editor", "staff", "other_staff", "secretariat")
ORGANISERS = {"staff", "secretariat"}


@pytest.mark.parametrize("who", ROLES)
def test_published_events_and_their_programmes_are_public(built, client_as, who):
    client = client_as(who)
    listing = client.get(reverse("events:list"))
    assert listing.status_code == 200
    assert "European members&#x27; conference 2030" in listing.content.decode()
    assert ("A webinar in preparation" in listing.content.decode()) == (who in ORGANISERS)
    assert client.get(built.event.get_absolute_url()).status_code == 200
    page = client.get(reverse("events:programme", args=[built.event.slug]))
    assert page.status_code == 200
    assert "Inventories workshop" in page.content.decode()
    assert client.get(reverse("events:calendar", args=[built.event.slug])).status_code == 200


@pytest.mark.parametrize("who", ROLES)
def test_a_draft_is_seen_only_by_its_organisers(built, client_as, who):
    expected = 200 if who in ORGANISERS else 404
    client = client_as(who)
    for name in ("events:event", "events:programme", "events:calendar"):
        assert client.get(reverse(name, args=[built.draft.slug])).status_code == expected


@pytest.mark.parametrize("who", ROLES)
def test_only_organisers_keep_an_event_and_its_programme(built, client_as, who):
    client = client_as(who)
    slug = built.event.slug
    doors = [
        reverse("events:edit", args=[slug]),
        reverse("events:cancel", args=[slug]),
        reverse("events:manage", args=[slug]),
        reverse("events:session-new", args=[slug]),
        reverse("events:session-edit", args=[slug, built.sessions[0].pk]),
        reverse("events:translation-new", args=[slug, built.sessions[0].pk]),
        reverse("events:part-new", args=[slug, "tracks"]),
        reverse("events:part-new", args=[slug, "rooms"]),
        reverse("events:part-new", args=[slug, "speakers"]),
        reverse("events:part-edit", args=[slug, "rooms", built.rooms[0].pk]),
        reverse("events:part-delete", args=[slug, "sessions", built.sessions[0].pk]),
    ]
    for url in doors:
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302 and "/login" in response["Location"], url
        else:
            assert response.status_code == (200 if who in ORGANISERS else 403), url
    # Nothing changes by a refused POST.
    response = client.post(
        reverse("events:part-delete", args=[slug, "sessions", built.sessions[0].pk])
    )
    assert Session.objects.filter(pk=built.sessions[0].pk).exists() == (who not in ORGANISERS)
    assert response.status_code in (302, 403)


@pytest.mark.parametrize(("who", "status"), [
    ("anonymous", 302), ("editor", 403), ("staff", 200), ("other_staff", 200), ("secretariat", 200),
])  # fmt: skip
def test_office_staff_and_the_secretariat_create_events(cast, client_as, who, status):
    assert client_as(who).get(reverse("events:new")).status_code == status


def event_data(cast, **changes) -> dict:
    data = {
        "kind": "training",
        "title": "Training on ecoBUDGET",
        "slug": "ecobudget-training",
        "summary": "Two days.",
        "organiser": cast.europe_office.pk,
        "language": "en",
        "starts_on": "2030-09-01",
        "ends_on": "2030-09-02",
        "time_zone": "Europe/Berlin",
        "format": "in-person",
        "venue": "Rathaus",
        "city": "Freiburg",
        "country": "DE",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_staff_create_a_draft_for_their_office_only(cast, client_as):
    client = client_as("staff")
    response = client.post(reverse("events:new"), event_data(cast, organiser=cast.africa_office.pk))
    assert response.status_code == 200
    assert "organiser" in response.context["form"].errors
    response = client.post(reverse("events:new"), event_data(cast))
    event = Event.objects.get(slug="ecobudget-training")
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert event.status == Event.Status.DRAFT and event.created_by == cast.staff


@pytest.mark.parametrize(("changes", "field"), [
    ({"ends_on": "2030-08-31"}, "ends_on"),
    ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ({"venue": "", "city": ""}, "city"),
    ({"format": "hybrid"}, "online_url"),
    ({"slug": "new"}, "slug"),
    ({"title": "x" * 201}, "title"),
])  # fmt: skip
def test_the_event_form_says_which_field_is_wrong(cast, client_as, changes, field):
    response = client_as("secretariat").post(reverse("events:new"), event_data(cast, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Event.objects.filter(title="Training on ecoBUDGET").exists()


def test_organisers_publish_and_cancel_with_a_reason(built, client_as):
    client = client_as("staff")
    assert client.post(reverse("events:publish", args=[built.draft.slug])).status_code == 302
    built.draft.refresh_from_db()
    assert built.draft.status == Event.Status.PUBLISHED
    response = client.post(reverse("events:cancel", args=[built.event.slug]), {"reason": " "})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    response = client.post(
        reverse("events:cancel", args=[built.event.slug]), {"reason": "The venue is closed."}
    )
    assert response.status_code == 302
    built.event.refresh_from_db()
    assert built.event.status == Event.Status.CANCELLED
    assert built.event.cancellation_reason == "The venue is closed."
    page = client_as("anonymous").get(reverse("events:list")).content.decode()
    assert "European members&#x27; conference 2030" in page and "Cancelled" in page
    detail = client_as("anonymous").get(built.event.get_absolute_url()).content.decode()
    assert "This event is cancelled." in detail and "The venue is closed." in detail


@pytest.mark.parametrize("who", ("editor", "other_staff"))
def test_others_neither_publish_nor_cancel(built, client_as, who):
    client = client_as(who)
    assert client.post(reverse("events:publish", args=[built.draft.slug])).status_code == 404
    response = client.post(reverse("events:cancel", args=[built.event.slug]), {"reason": "No"})
    assert response.status_code == 403
    built.event.refresh_from_db()
    assert built.event.status == Event.Status.PUBLISHED


def test_the_list_filters_by_kind_region_and_format(built, client_as, cast):
    from localaction.network.models import Region

    built.event.region = Region.objects.get(code="europe")
    built.event.save()
    client = client_as("anonymous")
    title = "European members&#x27; conference 2030"
    assert (
        title in client.get(reverse("events:list"), {"kind": "members-conference"}).content.decode()
    )
    assert title not in client.get(reverse("events:list"), {"kind": "webinar"}).content.decode()
    assert title in client.get(reverse("events:list"), {"region": "europe"}).content.decode()
    assert title not in client.get(reverse("events:list"), {"region": "africa"}).content.decode()
    assert title not in client.get(reverse("events:list"), {"format": "online"}).content.decode()


def session_data(built, **changes) -> dict:
    data = {
        "title": "Heat plans",
        "description": "",
        "kind": "parallel",
        "track": built.tracks[0].pk,
        "room": built.rooms[1].pk,
        "starts_at": "2030-06-11T09:00",
        "ends_at": "2030-06-11T10:00",
        "language": "en",
        "online_url": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_organisers_add_a_session_in_the_events_time_zone(built, client_as):
    client = client_as("staff")
    url = reverse("events:session-new", args=[built.event.slug])
    response = client.post(url, {**session_data(built), "speakers": [built.speakers[0].pk]})
    assert response.status_code == 302
    session = Session.objects.get(title="Heat plans")
    # 09:00 in Berlin in June is 07:00 UTC.
    assert session.starts_at == datetime.datetime(2030, 6, 11, 7, 0, tzinfo=datetime.UTC)
    assert list(session.speakers.all()) == [built.speakers[0]]
    # The edit form shows the time as typed, in Berlin.
    edit = client.get(reverse("events:session-edit", args=[built.event.slug, session.pk]))
    assert 'value="2030-06-11T09:00"' in edit.content.decode()


@pytest.mark.parametrize(("changes", "field"), [
    ({"starts_at": "2030-06-09T09:00", "ends_at": "2030-06-09T10:00"}, "starts_at"),
    ({"ends_at": "2030-06-11T08:00"}, "ends_at"),
    ({"room": "ROOM0", "starts_at": "2030-06-10T09:30"}, "room"),
    ({"speakers": "SPEAKER0", "starts_at": "2030-06-10T10:00", "ends_at": "2030-06-10T10:30",
      "room": ""}, "speakers"),
    ({"kind": "council", "meeting": "MEETING"}, "meeting"),
    ({"starts_at": "not a time"}, "starts_at"),
])  # fmt: skip
def test_the_session_form_says_which_field_is_wrong(built, client_as, changes, field):
    values = {"ROOM0": built.rooms[0].pk, "SPEAKER0": built.speakers[0].pk,
              "MEETING": built.meeting.pk}  # fmt: skip
    changes = {key: values.get(value, value) for key, value in changes.items()}
    response = client_as("secretariat").post(
        reverse("events:session-new", args=[built.event.slug]), session_data(built, **changes)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field], errors
    assert f'id="id_{field}_errors"' in response.content.decode()
    assert not Session.objects.filter(title="Heat plans").exists()


def test_organisers_keep_tracks_rooms_speakers_and_translations(built, client_as, cast):
    client = client_as("staff")
    slug = built.event.slug
    assert (
        client.post(
            reverse("events:part-new", args=[slug, "tracks"]), {"name": "Finance"}
        ).status_code
        == 302
    )
    assert Track.objects.filter(event=built.event, name="Finance").exists()
    response = client.post(reverse("events:part-new", args=[slug, "tracks"]), {"name": "Climate"})
    assert "name" in response.context["form"].errors
    assert client.post(reverse("events:part-new", args=[slug, "rooms"]),
                       {"name": "Room 3", "capacity": "25"}).status_code == 302  # fmt: skip
    response = client.post(reverse("events:part-new", args=[slug, "rooms"]),
                           {"name": "Room 4", "capacity": "0"})  # fmt: skip
    assert "capacity" in response.context["form"].errors
    assert Room.objects.filter(event=built.event).count() == 3
    response = client.post(reverse("events:part-new", args=[slug, "speakers"]),
                           {"name": "Omar Haddad", "account": "nobody"})  # fmt: skip
    assert "account" in response.context["form"].errors
    client.post(reverse("events:part-new", args=[slug, "speakers"]),
                {"name": "Omar Haddad", "account": "colleague"})  # fmt: skip
    assert Speaker.objects.get(name="Omar Haddad").user == cast.colleague
    opening = built.sessions[0]
    url = reverse("events:translation-new", args=[slug, opening.pk])
    response = client.post(url, {"language": "es", "title": "Otra"})
    assert "language" in response.context["form"].errors
    response = client.post(url, {"language": "en", "title": "Same"})
    assert "language" in response.context["form"].errors
    assert client.post(url, {"language": "fr", "title": "Plénière d'ouverture"}).status_code == 302
    assert SessionTranslation.objects.filter(session=opening).count() == 2
    room = built.rooms[1]
    assert (
        client.post(reverse("events:part-delete", args=[slug, "rooms", room.pk])).status_code == 302
    )
    assert not Room.objects.filter(pk=room.pk).exists()
    # Another event's records are not reached through this event's address.
    other = built.draft
    foreign = Track.objects.create(event=other, name="Elsewhere")
    assert (
        client.get(reverse("events:part-edit", args=[slug, "tracks", foreign.pk])).status_code
        == 404
    )


@pytest.mark.parametrize(("language", "words"), [
    ("es", ["Plenaria de apertura", "junio", "lunes", "Europe/Berlin", "Inglés"]),
    ("fr", ["Opening plenary", "juin", "lundi", "Europe/Berlin", "Anglais"]),
])  # fmt: skip
def test_the_programme_in_spanish_and_french(built, client, language, words):
    response = client.get(
        reverse("events:programme", args=[built.event.slug]), HTTP_ACCEPT_LANGUAGE=language
    )
    page = response.content.decode()
    assert response.status_code == 200
    for word in words:
        assert word in page, word
    # The opening is shown in Spanish to Spanish readers; in its English original,
    # marked with its language, to French ones.
    assert ('lang="es">Plenaria de apertura' in page) == (language == "es")
    assert ('lang="en">Opening plenary' in page) == (language == "fr")


def test_the_programme_is_by_day_then_time_in_the_events_time_zone(built, client):
    page = client.get(reverse("events:programme", args=[built.event.slug])).content.decode()
    assert (
        page.index("Opening plenary")
        < page.index("Inventories workshop")
        < page.index("Water milestones")
    )
    assert page.count('<h2 id="day-') == 2
    assert "9 a.m." in page and "7 a.m." not in page  # 07:00 UTC
    assert "Hall" in page and "Climate" in page and "Amina Odhiambo" in page


def test_a_council_session_shows_its_meeting(built, client):
    from localaction.events.tests.conftest import add_session, at

    add_session(built.event, "Council", at(12, 9), at(12, 12), kind=Session.Kind.COUNCIL,
                meeting=built.meeting)  # fmt: skip
    page = client.get(reverse("events:programme", args=[built.event.slug])).content.decode()
    assert built.meeting.get_absolute_url() in page


def test_people_star_sessions_for_their_programme(built, client_as):
    client = client_as("outsider")
    water = built.sessions[2]
    url = reverse("events:star", args=[built.event.slug, water.pk])
    assert client.post(url, {"starred": "1"}).status_code == 302
    mine = client.get(reverse("events:mine")).content.decode()
    assert "Water milestones" in mine and "Opening plenary" not in mine
    client.post(url, {"starred": "0"})
    assert "Water milestones" not in client.get(reverse("events:mine")).content.decode()
    assert client_as("anonymous").post(url, {"starred": "1"}).status_code == 302
    # A draft's sessions cannot be starred by those who do not see the draft.
    hidden = Session.objects.create(
        event=built.draft, title="Hidden", starts_at=built.sessions[0].starts_at,
        ends_at=built.sessions[0].ends_at,
    )  # fmt: skip
    url = reverse("events:star", args=[built.draft.slug, hidden.pk])
    assert client.post(url, {"starred": "1"}).status_code == 404


@pytest.mark.parametrize("who", ROLES)
def test_the_office_page_lists_the_offices_upcoming_events(built, client_as, cast, who):
    page = client_as(who).get(reverse("network:office", args=[cast.europe_office.code]))
    content = page.content.decode()
    assert page.status_code == 200
    assert "European members&#x27; conference 2030" in content
    assert ("A webinar in preparation" in content) == (who in ORGANISERS)
    other = client_as(who).get(reverse("network:office", args=[cast.africa_office.code]))
    assert "European members&#x27; conference 2030" not in other.content.decode()


def test_an_events_days_keep_its_programme(built, client_as, cast):
    data = event_data(cast, title=built.event.title, slug=built.event.slug,
                      starts_on="2030-06-11", ends_on="2030-06-12")  # fmt: skip
    response = client_as("staff").post(reverse("events:edit", args=[built.event.slug]), data)
    assert response.status_code == 200
    assert "starts_on" in response.context["form"].errors
    assert "“Opening plenary”" in response.context["form"].errors["starts_on"][0]
    built.event.refresh_from_db()
    assert built.event.starts_on == datetime.date(2030, 6, 10)
    data["starts_on"] = "2030-06-10"
    assert (
        client_as("staff").post(reverse("events:edit", args=[built.event.slug]), data).status_code
        == 302
    )
