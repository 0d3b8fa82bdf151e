"""The local agendas' pages for every role of the cast: the member's editor and
colleague, the outsider (another member's editor), office staff covering the
member and of another region, the secretariat, and an anonymous visitor."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from localaction.sustainability.agendas import services
from localaction.sustainability.agendas.models import LocalAgenda

INSIDERS = ("editor", "colleague", "staff", "secretariat")
OUTSIDERS = ("outsider", "other_staff", "anonymous")
EDITORS = ("editor", "staff", "secretariat")
READERS_ONLY = ("colleague", "outsider", "other_staff")
CONTACT = "youth@example.org"


def _url(agenda, name="agendas:agenda", *args):
    return reverse(name, args=[agenda.local_government.code, agenda.pk, *args])


@pytest.mark.parametrize("who", INSIDERS + OUTSIDERS)
def test_a_published_agenda_is_public_without_contacts(client_as, full_agenda, who):
    response = client_as(who).get(_url(full_agenda))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Freiburg Youth Council" in page
    assert "A green, fair and water-wise Freiburg" in page
    assert "Council decision G-22/041" in page
    assert (CONTACT in page) is (who in INSIDERS)


@pytest.mark.parametrize("who", INSIDERS + OUTSIDERS)
def test_an_unpublished_agenda_only_for_insiders(client_as, full_agenda, who):
    full_agenda.is_published = False
    full_agenda.save()
    response = client_as(who).get(_url(full_agenda))
    assert response.status_code == (200 if who in INSIDERS else 404)
    listing = client_as(who).get(reverse("agendas:list", args=["de-freiburg"]))
    assert listing.status_code == 200
    assert (full_agenda.title in listing.content.decode()) is (who in INSIDERS)


def test_the_agenda_page_shows_the_progress_strip(client_as, full_agenda):
    page = client_as("anonymous").get(_url(full_agenda)).content.decode()
    assert page.count("recognised from the data") == 5
    assert 'class="milestone-list"' in page


EDIT_PAGES = [
    ("agendas:edit", ("agenda",)),
    ("agendas:edit", ("baseline",)),
    ("agendas:edit", ("vision",)),
    ("agendas:edit", ("council",)),
    ("agendas:targets", ()),
    ("agendas:actions", ()),
    ("agendas:stakeholder-new", ()),
    ("agendas:stakeholders-import", ()),
    ("agendas:meeting-new", ()),
    ("agendas:priority-new", ()),
    ("agendas:monitoring-new", ()),
]


@pytest.mark.parametrize("who", EDITORS + READERS_ONLY + ("anonymous",))
def test_edit_forms_are_for_the_members_editors_and_its_offices(client_as, full_agenda, who):
    client = client_as(who)
    for name, args in EDIT_PAGES:
        response = client.get(_url(full_agenda, name, *args))
        if who == "anonymous":
            assert response.status_code == 302 and "login" in response["Location"], name
        else:
            assert response.status_code == (200 if who in EDITORS else 403), name


@pytest.mark.parametrize("who", EDITORS + READERS_ONLY)
def test_starting_an_agenda(client_as, cast, participation, who):
    response = client_as(who).post(
        reverse("agendas:new", args=["de-freiburg"]),
        {"campaign": participation.campaign_id, "title": "LA21", "started_on": "2022-01-10"},
    )
    if who in EDITORS:
        agenda = LocalAgenda.objects.get()
        assert response.status_code == 302 and response["Location"] == agenda.get_absolute_url()
    else:
        assert response.status_code == 403
        assert not LocalAgenda.objects.exists()


def test_a_refused_form_says_why_and_saves_nothing(client_as, agenda):
    response = client_as("editor").post(
        _url(agenda, "agendas:edit", "council"), {"council_on": "2099-01-01"}
    )
    assert response.status_code == 400
    assert "future" in response.content.decode()
    agenda.refresh_from_db()
    assert agenda.council_on is None


def test_editing_each_part(client_as, agenda, target, action):
    client = client_as("editor")
    document = SimpleUploadedFile("decision.pdf", b"%PDF-1.4 decision", "application/pdf")
    assert (
        client.post(
            _url(agenda, "agendas:edit", "council"),
            {
                "council_on": "2022-03-15",
                "council_reference": "G-22/041",
                "council_document": document,
            },
        ).status_code
        == 302
    )
    client.post(_url(agenda, "agendas:stakeholder-new"), {"name": "Youth", "kind": "youth"})
    client.post(_url(agenda, "agendas:targets"), {"targets": [target.pk]})
    client.post(_url(agenda, "agendas:actions"), {"actions": [action.pk]})
    stakeholder = agenda.stakeholders.get()
    client.post(
        _url(agenda, "agendas:priority-new"), {"title": "Water", "raised_by": [stakeholder.pk]}
    )
    client.post(
        _url(agenda, "agendas:monitoring-new"),
        {
            "period_start": "2022-01-01",
            "period_end": "2022-12-31",
            "findings": "On track",
            "indicators": [target.pk],
        },
    )
    agenda.refresh_from_db()
    assert agenda.council_reference == "G-22/041" and agenda.council_document
    assert list(agenda.targets.all()) == [target]
    assert list(agenda.actions.all()) == [action]
    assert list(agenda.priorities.get().raised_by.all()) == [stakeholder]
    assert agenda.monitoring_reports.get().findings == "On track"
    # The council's document, for insiders only.
    url = _url(agenda, "agendas:document", "council", agenda.pk)
    assert client_as("colleague").get(url).status_code == 200
    assert client_as("outsider").get(url).status_code == 404


def test_another_members_target_cannot_be_posted(client_as, cast, agenda):
    from localaction.sustainability.tests.agendas.conftest import indicator_target

    theirs = indicator_target(cast.nairobi, agenda.campaign, title="Nairobi water")
    response = client_as("editor").post(_url(agenda, "agendas:targets"), {"targets": [theirs.pk]})
    assert response.status_code == 400
    assert not agenda.targets.exists()


@pytest.mark.parametrize("who", EDITORS + READERS_ONLY)
def test_removing_and_moving_need_an_editor(client_as, full_agenda, who):
    stakeholder = full_agenda.stakeholders.get(name="Chamber of Commerce")
    response = client_as(who).post(_url(full_agenda, "agendas:stakeholder-remove", stakeholder.pk))
    assert response.status_code == (302 if who in EDITORS else 403)
    assert full_agenda.stakeholders.filter(pk=stakeholder.pk).exists() is (who not in EDITORS)


@pytest.mark.parametrize("who", INSIDERS + OUTSIDERS)
def test_the_pdf_for_the_council_renders_without_contacts(client_as, full_agenda, who):
    response = client_as(who).get(_url(full_agenda, "agendas:pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_pdf_html_holds_every_part_and_no_contact(rf, cast, full_agenda):
    from localaction.sustainability.agendas import pdf, views

    html = pdf.agenda_html(full_agenda, views.agenda_context(cast.editor, full_agenda))
    for text in ("Freiburg Youth Council", "Water use", "water-wise", "G-22/041", "fell 8 %"):
        assert text in html
    assert CONTACT not in html


def test_the_network_page_is_public(client, full_agenda):
    response = client.get(reverse("agendas:network"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Local Agenda 21" in page and "Europe" in page
    assert client.get(reverse("agendas:network") + "?year=abc").status_code == 404


def test_a_started_agenda_on_the_profile(client_as, full_agenda):
    page = client_as("anonymous").get(reverse("network:local-government", args=["de-freiburg"]))
    assert full_agenda.title in page.content.decode()


def test_the_agenda_start_refuses_a_campaign_of_another_methodology(client_as, cast):
    from localaction.campaigns.models import Campaign

    ccp = Campaign.objects.get(code="ccp")
    response = client_as("editor").post(
        reverse("agendas:new", args=["de-freiburg"]),
        {"campaign": ccp.pk, "title": "X", "started_on": date(2022, 1, 1).isoformat()},
    )
    assert response.status_code == 400
    assert not LocalAgenda.objects.exists()


def test_moving_and_removing_priorities_on_the_page(client_as, agenda):
    water = services.priority_add(agenda=agenda, title="Water")
    services.priority_add(agenda=agenda, title="Jobs")
    client = client_as("editor")
    response = client.post(_url(agenda, "agendas:priority-move", water.pk, "down"))
    assert response.status_code == 302 and response["Location"].endswith("#priorities")
    assert list(agenda.priorities.values_list("title", flat=True)) == ["Jobs", "Water"]
    assert (
        client.post(_url(agenda, "agendas:priority-move", water.pk, "sideways")).status_code == 404
    )
    client.post(_url(agenda, "agendas:priority-remove", water.pk))
    assert list(agenda.priorities.values_list("title", "position")) == [("Jobs", 1)]
    assert (
        client_as("colleague")
        .post(_url(agenda, "agendas:priority-remove", agenda.priorities.get().pk))
        .status_code
        == 403
    )


def test_minutes_are_uploaded_and_read_by_insiders_only(client_as, agenda):
    minutes = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes", "application/pdf")
    response = client_as("editor").post(
        _url(agenda, "agendas:meeting-new"),
        {"held_on": "2022-02-01", "participants": "48", "subject": "Kick-off", "minutes": minutes},
    )
    assert response.status_code == 302
    meeting = agenda.meetings.get()
    url = _url(agenda, "agendas:document", "minutes", meeting.pk)
    assert client_as("staff").get(url).status_code == 200
    assert client_as("other_staff").get(url).status_code == 404
    page = client_as("anonymous").get(_url(agenda)).content.decode()
    assert "Kick-off" in page and url not in page
    # A document of one agenda is not served through another's address.
    assert (
        client_as("editor").get(_url(agenda, "agendas:document", "council", 999)).status_code == 404
    )
