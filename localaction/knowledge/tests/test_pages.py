"""The knowledge pages against the permission matrix: owner (editor),
colleague (viewer), outsider, other-region office staff, covering office
staff, secretariat, anonymous."""

from __future__ import annotations

import pytest
from django.urls import reverse

from localaction.knowledge import services
from localaction.knowledge.models import CaseStudy, Recognition, ReviewState
from localaction.network.work import work_for

WRITERS = {"editor", "staff", "secretariat"}
REVIEWERS = {"staff", "secretariat"}
EVERYONE = ("editor", "colleague", "outsider", "staff", "other_staff", "secretariat", "anonymous")


@pytest.mark.parametrize("who", EVERYONE)
def test_public_pages_for_everyone(client_as, published, who):
    client = client_as(who)
    for url in (
        reverse("knowledge:landing"),
        reverse("knowledge:case-studies"),
        reverse("knowledge:case-study", args=[published.pk]),
        reverse("knowledge:publications"),
        reverse("knowledge:recognitions"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert b"Bike lanes everywhere" in client.get(reverse("knowledge:case-studies")).content


@pytest.mark.parametrize("who", EVERYONE)
def test_a_draft_is_seen_only_by_its_writers_and_reviewers(client_as, draft, who):
    response = client_as(who).get(reverse("knowledge:case-study", args=[draft.pk]))
    assert response.status_code == (200 if who in WRITERS else 404)
    pdf = client_as(who).get(reverse("knowledge:case-study-pdf", args=[draft.pk]))
    assert pdf.status_code == (200 if who in WRITERS else 404)
    assert (
        b"Solar roofs on every school"
        not in client_as(who).get(reverse("knowledge:case-studies")).content
    )


@pytest.mark.parametrize("who", EVERYONE)
def test_contacts_only_for_people_signed_in_as_members_or_staff(client_as, published, who):
    content = client_as(who).get(reverse("knowledge:case-study", args=[published.pk])).content
    assert (b"ada@example.org" in content) == (who != "anonymous")


@pytest.mark.parametrize("who", EVERYONE)
def test_write_page(client_as, world, who):
    response = client_as(who).get(reverse("knowledge:case-study-new"))
    # The outsider and the other office write for Nairobi; the colleague only reads.
    expected = {"anonymous": 302, "colleague": 403}.get(who, 200)
    assert response.status_code == expected


@pytest.mark.parametrize("who", EVERYONE)
def test_edit_and_submit(client_as, draft, who):
    client = client_as(who)
    edit = client.get(reverse("knowledge:case-study-edit", args=[draft.pk]))
    submit = client.post(reverse("knowledge:case-study-submit", args=[draft.pk]))
    if who == "anonymous":
        assert edit.status_code == submit.status_code == 302
        assert "/accounts/login/" in edit["Location"]
    elif who in WRITERS:
        assert edit.status_code == 200
        assert submit.status_code == 302
    else:
        assert edit.status_code == submit.status_code == 404
    review = services.review_of(draft)
    assert (review.status == ReviewState.Status.IN_REVIEW) == (who in WRITERS)


@pytest.mark.parametrize("who", EVERYONE)
def test_review_page(cast, client_as, draft, who):
    services.case_study_submit(draft, by=cast.editor)
    client = client_as(who)
    url = reverse("knowledge:case-study-review", args=[draft.pk])
    page = client.get(url)
    response = client.post(url, {"decision": "approve", "comment": "Fine."})
    draft.refresh_from_db()
    if who in REVIEWERS:
        assert page.status_code == 200
        # The state, who sent it and when, read from the workflow.
        assert "In review" in page.content.decode()
        assert "sent by editor" in page.content.decode()
        assert response.status_code == 302
        assert draft.live
    else:
        assert response.status_code in {302, 403, 404}
        assert page.status_code == {"anonymous": 302, "editor": 403}.get(who, 404)
        assert not draft.live


def test_the_review_returns_with_a_comment_on_the_page(cast, client_as, draft):
    services.case_study_submit(draft, by=cast.editor)
    url = reverse("knowledge:case-study-review", args=[draft.pk])
    refused = client_as("staff").post(url, {"decision": "return", "comment": ""})
    assert refused.status_code == 200
    assert "Say what the writers should change." in refused.content.decode()
    client_as("staff").post(url, {"decision": "return", "comment": "Add costs."})
    page = client_as("editor").get(reverse("knowledge:case-study-edit", args=[draft.pk]))
    assert "Add costs." in page.content.decode()


def test_writing_a_case_study_through_the_pages(cast, client_as, world):
    client = client_as("editor")
    response = client.post(
        reverse("knowledge:case-study-new"),
        {
            "lead": cast.freiburg.pk,
            "language": "fr",
            "title": "Toits solaires",
            "summary": "Des panneaux sur les écoles.",
            "problem": '<p onclick="steal()">Le fioul<script>alert(1)</script></p>',
            "sectors": ["I", "II"],
            "cost_amount": "125000",
            "cost_currency": "EUR",
        },
    )
    assert response.status_code == 302
    created = CaseStudy.objects.get(title="Toits solaires")
    assert created.locale.language_code == "fr"
    assert "onclick" not in created.problem and "<script" not in created.problem
    edit_url = reverse("knowledge:case-study-edit", args=[created.pk])
    response = client.post(
        edit_url,
        {
            "title": "Toits solaires",
            "summary": "Des panneaux sur les écoles.",
            "figures-TOTAL_FORMS": "1",
            "figures-INITIAL_FORMS": "0",
            "figures-0-label": "Évité",
            "figures-0-source": f"action:{world.action.pk}",
            "contacts-TOTAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "0",
            "contacts-0-name": "Léa",
            "contacts-0-email": "lea@example.org",
        },
    )
    assert response.status_code == 302
    created.refresh_from_db()
    draft = services.editable_version(created)
    assert [f.label for f in draft.figures.all()] == ["Évité"]
    assert [c.email for c in draft.contacts.all()] == ["lea@example.org"]


def test_the_edit_form_offers_only_the_members_records(cast, client_as, draft, world):
    page = client_as("editor").get(reverse("knowledge:case-study-edit", args=[draft.pk]))
    assert f"action:{world.action.pk}" in page.content.decode()
    assert f"action:{world.nairobi_action.pk}" not in page.content.decode()


def test_filters(client_as, published, world):
    client = client_as("anonymous")
    url = reverse("knowledge:case-studies")
    assert b"Bike lanes" in client.get(url, {"campaign": world.campaign.pk}).content
    assert b"Bike lanes" in client.get(url, {"sector": "I"}).content
    assert b"Bike lanes" not in client.get(url, {"sector": "III"}).content
    assert b"Bike lanes" not in client.get(url, {"language": "es"}).content
    assert b"Bike lanes" in client.get(url, {"language": "en"}).content


def test_the_review_waits_on_the_work_page_of_the_covering_office(cast, draft):
    services.case_study_submit(draft, by=cast.editor)

    def waiting(user):
        return [
            item.title
            for section in work_for(user)
            if section.queue.key == "case_studies"
            for item in section.items
        ]

    assert waiting(cast.staff) == [draft.title]
    assert waiting(cast.secretariat) == [draft.title]
    assert waiting(cast.other_staff) == []


@pytest.mark.parametrize("who", EVERYONE)
def test_giving_a_recognition(cast, client_as, published, who):
    client = client_as(who)
    page = client.get(reverse("knowledge:recognition-new"))
    office = cast.world_office if who == "secretariat" else cast.europe_office
    response = client.post(
        reverse("knowledge:recognition-new"),
        {
            "office": office.pk,
            "local_government": cast.freiburg.pk,
            "kind": "award",
            "name": "European Sustainable City Award",
            "year": 2024,
            "citation": "For its solar schools.",
            "case_study": published.pk,
        },
    )
    may = who in {"staff", "secretariat"}
    if who == "anonymous":
        assert page.status_code == 302
    else:
        assert page.status_code == (200 if may or who == "other_staff" else 403)
    assert Recognition.objects.exists() == may
    if may:
        assert response.status_code == 302


def test_an_office_gives_recognitions_only_in_its_own_name(cast, client_as, published):
    response = client_as("other_staff").post(
        reverse("knowledge:recognition-new"),
        {
            "office": cast.europe_office.pk,
            "local_government": cast.freiburg.pk,
            "kind": "label",
            "name": "Label",
            "year": 2024,
            "citation": "x",
        },
    )
    assert response.status_code == 200
    assert not Recognition.objects.exists()


def test_recognitions_show_on_the_member_profile(cast, client_as, published):
    services.recognition_give(
        by=cast.staff,
        office=cast.europe_office,
        local_government=cast.freiburg,
        kind="label",
        name="Good practice 2024",
        year=2024,
        citation="Solar schools.",
        case_study=published,
    )
    page = client_as("anonymous").get(cast.freiburg.get_absolute_url()).content.decode()
    assert "Good practice 2024" in page
    assert "Bike lanes everywhere" in page
