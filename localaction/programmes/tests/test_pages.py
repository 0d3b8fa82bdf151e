"""The programme pages for every role: the office's staff and the secretariat
read a version whole and keep it; anyone else reads a public approved
version summarised (no budget, no people), and otherwise it is a 404; a form
of a version someone reads but does not keep is a 403, the sign-in page for
the anonymous."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from localaction.programmes import services
from localaction.programmes.models import Activity, WorkProgramme

KEEPERS = ["staff", "secretariat"]
OTHERS = ["anonymous", "editor", "colleague", "other_staff"]


@pytest.fixture
def approved(cast, programme, add, decide, travel):
    activity = add(programme, title="Regional workshop", funding=[(travel, Decimal("2500"))])
    activity.people.add(cast.staff)
    services.approve_programme(programme, decision=decide(), by=cast.staff)
    return programme


def _pages(programme):
    base = f"/plan/programmes/{programme.office.code}/{programme.year}/"
    return [base, f"{base}v{programme.version}/"]


@pytest.mark.parametrize("who", KEEPERS)
def test_keepers_read_the_programme_whole(client_as, approved, who):
    for url in _pages(approved):
        page = client_as(who).get(url)
        html = page.content.decode()
        assert page.status_code == 200
        assert "Regional workshop" in html and "Travel: €2,500.00" in html
        assert "<td>€2,500.00</td><td>€7,500.00</td>" in html
        assert "Draft a revision" in html
    assert "2026" in client_as(who).get("/plan/programmes/").content.decode()


@pytest.mark.parametrize("who", OTHERS)
def test_a_private_programme_does_not_exist_for_others(client_as, approved, who):
    for url in _pages(approved):
        assert client_as(who).get(url).status_code == 404
    assert "European Secretariat" not in client_as(who).get("/plan/programmes/").content.decode()


@pytest.mark.parametrize("who", OTHERS)
def test_a_public_programme_is_summarised_for_others(cast, client_as, approved, who):
    services.publish_programme(approved, by=cast.staff, is_public=True)
    for url in _pages(approved):
        page = client_as(who).get(url)
        html = page.content.decode()
        assert page.status_code == 200
        assert "Regional workshop" in html and "Planned" in html
        assert "2.1a" in html
        assert "€" not in html and "Budget lines used" not in html and "Responsible" not in html
        assert "Draft a revision" not in html
    assert "European Secretariat" in client_as(who).get("/plan/programmes/").content.decode()


@pytest.mark.parametrize("who", OTHERS)
def test_a_public_draft_stays_hidden(cast, client_as, programme, add, who):
    add(programme)
    services.publish_programme(programme, by=cast.staff, is_public=True)
    for url in _pages(programme):
        assert client_as(who).get(url).status_code == 404


def _forms(programme, activity):
    version = f"/plan/programmes/{programme.office.code}/{programme.year}/v{programme.version}/"
    return [
        f"{version}edit/",
        f"{version}activities/new/",
        f"{version}approve/",
        f"/plan/programmes/activities/{activity.pk}/edit/",
    ]


@pytest.mark.parametrize("who", KEEPERS)
def test_keepers_open_the_forms(client_as, programme, add, who):
    activity = add(programme)
    for url in _forms(programme, activity):
        assert client_as(who).get(url).status_code == 200, url
    assert client_as(who).get("/plan/programmes/new/").status_code == 200


@pytest.mark.parametrize("who", OTHERS)
def test_others_do_not_reach_the_forms(cast, client_as, programme, add, decide, who):
    activity = add(programme)
    posts = [
        f"/plan/programmes/activities/{activity.pk}/delete/",
        f"/plan/programmes/{programme.office.code}/{programme.year}/v1/revise/",
        f"/plan/programmes/{programme.office.code}/{programme.year}/v1/publish/",
    ]
    expected = 302 if who == "anonymous" else 404
    for url in _forms(programme, activity):
        assert client_as(who).get(url).status_code == expected, url
    for url in posts:
        assert client_as(who).post(url, {"is_public": "1"}).status_code == expected, url
    # Summarised once public and approved: read, but not kept (403).
    services.approve_programme(programme, decision=decide(), by=cast.staff)
    services.publish_programme(programme, by=cast.staff, is_public=True)
    expected = 302 if who == "anonymous" else 403
    for url in [*_forms(programme, activity), *posts]:
        assert client_as(who).post(url, {"is_public": "0"}).status_code == expected, url
    # Other offices' staff draft their own office's programmes only.
    new = client_as(who).get("/plan/programmes/new/")
    assert new.status_code == (200 if who == "other_staff" else expected)
    if who == "other_staff":
        assert f'value="{cast.europe_office.pk}"' not in new.content.decode()
    programme.refresh_from_db()
    assert programme.is_public and programme.activities.count() == 1


def test_the_office_drafts_adds_approves_and_revises_on_the_pages(
    cast, client_as, goals, travel, decide
):
    client = client_as("staff")
    page = client.post(
        "/plan/programmes/new/",
        {"office": cast.europe_office.pk, "year": 2026, "summary": "Our year."},
    )
    programme = WorkProgramme.objects.get()
    assert page.status_code == 302 and page["Location"] == programme.get_absolute_url()
    again = client.post("/plan/programmes/new/", {"office": cast.europe_office.pk, "year": 2026})
    assert "already has a work programme for 2026" in again.content.decode()
    form = {
        "title": "Workshop",
        "goals": [goals[0].pk],
        "office": cast.europe_office.pk,
        "starts_on": "2026-03-01",
        "ends_on": "2027-01-10",
        "status": "planned",
        f"line_{travel.pk}": "12000",
    }
    url = "/plan/programmes/europe/2026/v1/activities/new/"
    refused = client.post(url, form).content.decode()
    assert "outside the programme&#x27;s year" in refused
    form["ends_on"] = "2026-06-30"
    refused = client.post(url, form).content.decode()
    assert "is more than the €10,000.00 left" in refused
    assert not Activity.objects.exists()
    form[f"line_{travel.pk}"] = "9000"
    assert client.post(url, form).status_code == 302
    activity = Activity.objects.get()
    assert activity.allocations.get().amount.amount == Decimal("9000")
    approve = "/plan/programmes/europe/2026/v1/approve/"
    assert client.post(approve, {"decision": decide().pk}).status_code == 302
    fixed = client.get(f"/plan/programmes/activities/{activity.pk}/edit/")
    assert fixed.status_code == 302
    assert client.post("/plan/programmes/europe/2026/v1/revise/").status_code == 302
    revision = WorkProgramme.objects.get(version=2)
    copy = revision.activities.get()
    edit = {**form, "title": "Regional workshop"}
    assert client.post(f"/plan/programmes/activities/{copy.pk}/edit/", edit).status_code == 302
    compare = client.get("/plan/programmes/europe/2026/compare/1/2/").content.decode()
    assert "Title: “Workshop” became “Regional workshop”" in compare


@pytest.mark.parametrize("who", [*KEEPERS, *OTHERS])
def test_the_list_counts_the_goals_served(cast, client_as, approved, add, decide, goals, who):
    revision = services.revise_programme(approved, by=cast.staff)
    add(revision, title="Second", goals=goals[:2])
    html = client_as(who).get("/plan/programmes/").content.decode()
    link = f'<a href="/plan/programmes/goals/{goals[0].pk}/">{goals[0].reference}</a>'
    if who in KEEPERS:
        # The approved version's one activity; the draft revision's are not counted.
        rows = html.split("<tr>")
        (row,) = [row for row in rows if link in row]
        assert "<td>1</td>" in row
        assert f"/plan/programmes/goals/{goals[1].pk}/" not in html
        services.approve_programme(revision, decision=decide(), by=cast.staff)
        html = client_as(who).get("/plan/programmes/").content.decode()
        (row,) = [row for row in html.split("<tr>") if link in row]
        assert "<td>2</td>" in row
        assert f"/plan/programmes/goals/{goals[1].pk}/" in html
    else:
        assert link not in html


@pytest.mark.parametrize("who", [*KEEPERS, *OTHERS])
def test_the_goal_page_lists_the_activities_read(cast, client_as, approved, goals, who):
    page = client_as(who).get(f"/plan/programmes/goals/{goals[0].pk}/")
    assert page.status_code == 200
    assert ("Regional workshop" in page.content.decode()) == (who in KEEPERS)


@pytest.mark.parametrize("who", [*KEEPERS, *OTHERS])
def test_compare_for_readers_only(cast, client_as, approved, decide, who):
    revision = services.revise_programme(approved, by=cast.staff)
    services.approve_programme(revision, decision=decide(), by=cast.staff)
    url = "/plan/programmes/europe/2026/compare/1/2/"
    assert client_as(who).get(url).status_code == (200 if who in KEEPERS else 404)
    services.publish_programme(revision, by=cast.staff, is_public=True)
    assert client_as(who).get(url).status_code == 200


@pytest.fixture
def this_year(cast, add):
    programme = services.create_programme(
        office=cast.europe_office, year=timezone.localdate().year, by=cast.staff
    )
    add(programme, title="Regional workshop of this year")
    return programme


@pytest.mark.parametrize("who", [*KEEPERS, *OTHERS])
def test_the_office_page_shows_this_years_draft_to_its_keepers_only(
    cast, client_as, this_year, who
):
    text = client_as(who).get(cast.europe_office.get_absolute_url()).text
    assert ("Regional workshop of this year" in text) == (who in KEEPERS)


@pytest.mark.parametrize("who", [*KEEPERS, *OTHERS])
def test_the_office_page_summarises_this_years_public_programme_for_everyone(
    cast, client_as, this_year, decide, who
):
    services.approve_programme(this_year, decision=decide(), by=cast.staff)
    services.publish_programme(this_year, by=cast.staff, is_public=True)
    text = client_as(who).get(cast.europe_office.get_absolute_url()).text
    assert "Regional workshop of this year" in text
    assert ("€" in text) is False  # a summary: no budget
    other = client_as(who).get(cast.africa_office.get_absolute_url()).text
    assert "Regional workshop of this year" not in other
