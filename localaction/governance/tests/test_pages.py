"""The governance pages for each of the cast: what anonymous visitors, those who
sit on a body, the office staff and the secretariat read and do.

In the fixtures the cast's colleague holds the committee's presidency (so sits
on it), the European staff cover Europe, and the secretariat keeps every body.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from localaction.governance.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    Body,
    Decision,
    Meeting,
)
from localaction.network.models import Region

D = datetime.date


@pytest.fixture
def private_decision(quorate, record) -> Decision:
    return record(quorate, title="Confidential staffing matter", is_public=False)


@pytest.fixture
def public_decision(quorate, record) -> Decision:
    return record(quorate, title="Adoption of the work programme")


# The bodies


def test_the_bodies_index_lists_the_plans_bodies(client_as):
    response = client_as("anonymous").get(reverse("governance:bodies"))
    assert response.status_code == 200
    for name in ("Council", "Executive Committee", "World Mayors Council on Climate Change"):
        assert name in response.content.decode()


def test_a_body_page_shows_holders_and_vacancies(client_as, holders, committee):
    committee.seats.create(title="Treasurer", order=3)
    page = client_as("anonymous").get(committee.get_absolute_url()).content.decode()
    assert "Martin Horn" in page and "Anna Weber" in page
    assert "Treasurer" in page.split('id="vacancies-heading"')[1].split("</section>")[0]


def test_past_holders_are_listed_with_the_reason_of_an_early_end(client_as, holders, committee):
    from localaction.governance import services

    services.end_mandate(holders[1], on=D(2025, 3, 1), reason="resignation")
    page = client_as("anonymous").get(committee.get_absolute_url()).content.decode()
    past = page.split('id="past-heading"')[1].split("</section>")[0]
    assert "Anna Weber" in past and "Resignation" in past


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 404),
        ("outsider", 404),
        ("editor", 404),
        ("staff", 404),
        ("colleague", 200),  # holds the presidency
        ("secretariat", 200),
    ],
)
def test_a_body_that_is_not_public(client_as, holders, committee, who, status):
    committee.is_public = False
    committee.save()
    assert client_as(who).get(committee.get_absolute_url()).status_code == status
    listed = committee.name in client_as(who).get(reverse("governance:bodies")).content.decode()
    assert listed == (status == 200)


def test_a_regional_body_is_kept_by_the_staff_covering_its_region(client_as):
    europe = Body.objects.get(code="REC-EUR")
    assert (
        client_as("staff").get(reverse("governance:meeting-new", args=[europe.code])).status_code
        == 200
    )
    assert (
        client_as("other_staff")
        .get(reverse("governance:meeting-new", args=[europe.code]))
        .status_code
        == 403
    )


# Meetings


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("editor", 403), ("staff", 403), ("colleague", 403), ("secretariat", 200)],
)
def test_who_plans_a_meeting_of_the_committee(client_as, committee, who, status):
    response = client_as(who).get(reverse("governance:meeting-new", args=[committee.code]))
    assert response.status_code == status


def test_planning_a_meeting(client_as, committee):
    response = client_as("secretariat").post(
        reverse("governance:meeting-new", args=[committee.code]),
        {"title": "Second meeting", "held_on": "2026-03-01", "place": "", "online_link": ""},
    )
    assert "Give the meeting&#x27;s place, its online link, or both." in response.content.decode()
    response = client_as("secretariat").post(
        reverse("governance:meeting-new", args=[committee.code]),
        {"title": "Second meeting", "held_on": "2026-03-01", "place": "Seoul", "is_public": "on"},
    )
    meeting = Meeting.objects.get(title="Second meeting")
    assert response.url == meeting.get_absolute_url()


def test_a_refused_meeting_form_changes_nothing(client_as, committee):
    client_as("staff").post(
        reverse("governance:meeting-new", args=[committee.code]),
        {"title": "Staff meeting", "held_on": "2026-03-01", "place": "Bonn"},
    )
    assert not Meeting.objects.filter(title="Staff meeting").exists()


def test_the_meeting_page_shows_public_items_to_everyone(client_as, meeting, holders):
    AgendaItem.objects.create(meeting=meeting, number=1, title="Opening")
    AgendaItem.objects.create(meeting=meeting, number=2, title="Personnel", is_public=False)
    anonymous = client_as("anonymous").get(meeting.get_absolute_url()).content.decode()
    member = client_as("colleague").get(meeting.get_absolute_url()).content.decode()
    assert "Opening" in anonymous and "Personnel" not in anonymous
    assert "Personnel" in member


def test_a_meeting_that_is_not_public(client_as, meeting, holders):
    meeting.is_public = False
    meeting.save()
    assert client_as("anonymous").get(meeting.get_absolute_url()).status_code == 404
    assert client_as("colleague").get(meeting.get_absolute_url()).status_code == 200


def test_recording_attendance(client_as, meeting, holders):
    president, european = holders
    response = client_as("secretariat").post(
        reverse("governance:attendance", args=[meeting.pk]),
        {f"e{president.pk}": "present", f"e{european.pk}": "excused"},
    )
    assert response.status_code == 302
    assert Attendance.objects.get(mandate=european).excused
    assert meeting.quorum().present == 1
    assert (
        client_as("colleague")
        .post(reverse("governance:attendance", args=[meeting.pk]), {})
        .status_code
        == 403
    )


def _decision_form(**fields):
    return {
        "title": "Work programme",
        "motion": "Approve the work programme.",
        "method": "vote",
        "majority": "simple",
        "votes_for": "2",
        "votes_against": "0",
        "abstentions": "0",
        "outcome": "",
        "is_public": "on",
        **fields,
    }


def test_a_decision_without_quorum_is_refused_on_the_page(client_as, meeting, holders):
    response = client_as("secretariat").post(
        reverse("governance:decision-new", args=[meeting.pk]), _decision_form(votes_for="0")
    )
    assert response.status_code == 200
    assert "The meeting has no quorum" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_decision_recorded_on_the_page(client_as, quorate):
    response = client_as("secretariat").post(
        reverse("governance:decision-new", args=[quorate.pk]), _decision_form()
    )
    decision = Decision.objects.get()
    assert response.url == decision.get_absolute_url() == "/governance/decisions/TESTCOM-2025-001/"


def test_a_consensus_needs_its_outcome_on_the_page(client_as, quorate):
    response = client_as("secretariat").post(
        reverse("governance:decision-new", args=[quorate.pk]),
        _decision_form(method="consensus", votes_for="", votes_against="", abstentions=""),
    )
    assert "Say whether the motion was adopted by consensus." in response.content.decode()
    assert not Decision.objects.exists()


# Documents


def test_an_agenda_document_is_uploaded_and_read_as_its_item(
    client_as, meeting, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = client_as("secretariat").post(
        reverse("governance:agenda-item-new", args=[meeting.pk]),
        {
            "number": "1",
            "title": "Budget",
            "is_public": "on",
            "document_title": "Draft budget",
            "document": SimpleUploadedFile("budget.pdf", b"%PDF-1.4 budget", "application/pdf"),
        },
    )
    assert response.status_code == 302
    document = AgendaDocument.objects.get()
    url = document.get_absolute_url()
    assert b"".join(client_as("anonymous").get(url).streaming_content) == b"%PDF-1.4 budget"
    document.item.is_public = False
    document.item.save()
    assert client_as("anonymous").get(url).status_code == 404
    assert client_as("secretariat").get(url).status_code == 200


def test_an_executable_document_is_refused(client_as, meeting, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client_as("secretariat").post(
        reverse("governance:agenda-item-new", args=[meeting.pk]),
        {
            "number": "1",
            "title": "Budget",
            "document_title": "Tool",
            "document": SimpleUploadedFile("tool.exe", b"MZ", "application/octet-stream"),
        },
    )
    assert response.status_code == 200
    assert "File extension “exe” is not allowed." in response.content.decode()
    assert not AgendaItem.objects.exists()


# Decisions


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 404),
        ("outsider", 404),
        ("staff", 404),
        ("editor", 404),
        ("colleague", 200),
        ("secretariat", 200),
    ],
)
def test_a_decision_that_is_not_public(client_as, private_decision, who, status):
    assert client_as(who).get(private_decision.get_absolute_url()).status_code == status


def test_a_public_decision_for_everyone(client_as, public_decision):
    page = client_as("anonymous").get(public_decision.get_absolute_url()).content.decode()
    assert "TESTCOM-2025-001" in page and "Adoption of the work programme" in page


def test_a_decision_without_quorum_says_so(client_as, meeting, holders, record, cast):
    from localaction.governance import decisions

    decisions.record_attendance(meeting, by=cast.secretariat, mandate=holders[0])
    decision = record(meeting, votes_for=1, without_quorum=True)
    page = client_as("anonymous").get(decision.get_absolute_url()).content.decode()
    assert "Taken without quorum." in page


def test_the_log_shows_public_decisions_to_everyone_and_all_to_the_secretariat(
    client_as, public_decision, private_decision
):
    url = reverse("governance:decisions")
    anonymous = client_as("anonymous").get(url).content.decode()
    secretariat = client_as("secretariat").get(url).content.decode()
    assert public_decision.reference in anonymous
    assert private_decision.reference not in anonymous
    assert private_decision.reference in secretariat


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"q": "adoption WORK"}, ["TESTCOM-2025-001"]),
        ({"q": "TESTCOM-2025-002"}, ["TESTCOM-2025-002"]),
        ({"body": "TESTCOM"}, ["TESTCOM-2025-001", "TESTCOM-2025-002"]),
        ({"year": "2025"}, ["TESTCOM-2025-001", "TESTCOM-2025-002"]),
        ({"year": "2024"}, []),
        ({"year": "soon"}, []),
    ],
)
def test_searching_the_log(client_as, public_decision, private_decision, query, found):
    response = client_as("secretariat").get(reverse("governance:decisions"), query)
    shown = [d.reference for d in response.context["decisions"]]
    assert sorted(shown) == found


def test_the_log_downloads_what_the_reader_may_read(client_as, public_decision, private_decision):
    response = client_as("anonymous").get(
        reverse("governance:decisions-download", args=["csv"]), {"body": "TESTCOM"}
    )
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("reference,body,decided_on,title")
    assert len(lines) == 2 and lines[1].startswith("TESTCOM-2025-001,TESTCOM,2025-06-01,")


def test_a_formula_in_a_title_is_quoted_in_the_csv(client_as, quorate, record):
    record(quorate, title='=HYPERLINK("http://example.org")')
    text = (
        client_as("anonymous")
        .get(reverse("governance:decisions-download", args=["csv"]))
        .content.decode("utf-8-sig")
    )
    assert "'=HYPERLINK" in text


# The Charter and By-Laws


@pytest.fixture
def charter_versions(public_decision, cast):
    from localaction.governance import charter
    from localaction.governance.models import GoverningDocument

    document = GoverningDocument.objects.get(code="charter")
    first = charter.record_version(
        document,
        label="1990",
        text="Article 1\nThe Association is founded by local governments.\nArticle 2\n"
        "The Council meets every three years.",
        in_force_from=D(1990, 9, 1),
        decision=None,
        by=cast.secretariat,
    )
    second = charter.record_version(
        document,
        label="2025 <amended>",
        text="Article 1\nThe Association is founded by local governments.\nArticle 2\n"
        "The Council meets every <b>four</b> years.\nArticle 3\nAmbassadors.",
        in_force_from=D(2025, 7, 1),
        decision=public_decision,
        by=cast.secretariat,
    )
    return document, first, second


def test_the_version_in_force_is_listed(client_as, charter_versions):
    page = client_as("anonymous").get(reverse("governance:documents")).content.decode()
    assert "2025 &lt;amended&gt;" in page and "TESTCOM-2025-001" in page


def test_two_versions_side_by_side(client_as, charter_versions):
    document, first, second = charter_versions
    response = client_as("anonymous").get(
        reverse("governance:document-compare", args=[document.code]),
        {"old": second.pk, "new": first.pk},  # in either order: the older on the left
    )
    page = response.content.decode()
    assert "<del>three</del>" in page
    assert "<ins>&lt;b&gt;four&lt;/b&gt;</ins>" in page  # escaped, never markup
    assert "<ins>Ambassadors.</ins>" in page
    header = page.split("<thead>")[1].split("</thead>")[0]
    assert header.index("1990") < header.index("2025 &lt;amended&gt;")


def test_a_version_adopted_by_a_rejected_decision_is_refused(quorate, record, cast):
    from django.core.exceptions import ValidationError

    from localaction.governance import charter
    from localaction.governance.models import GoverningDocument

    rejected = record(quorate, votes_for=0, votes_against=2)
    with pytest.raises(ValidationError, match="adopted no text"):
        charter.record_version(
            GoverningDocument.objects.get(code="by-laws"),
            label="2025",
            text="…",
            in_force_from=D(2025, 7, 1),
            decision=rejected,
            by=cast.secretariat,
        )


def test_only_the_secretariat_records_versions(cast):
    from django.core.exceptions import PermissionDenied

    from localaction.governance import charter
    from localaction.governance.models import GoverningDocument

    with pytest.raises(PermissionDenied):
        charter.record_version(
            GoverningDocument.objects.get(code="by-laws"),
            label="2025",
            text="…",
            in_force_from=D(2025, 7, 1),
            decision=None,
            by=cast.staff,
        )


def test_regions_have_their_committees(db):
    assert Body.objects.filter(kind="regional").count() == Region.objects.count()


def test_the_members_profile_shows_its_seats_and_the_decision_that_approved_it(
    client_as, cast, quorate, record
):
    from localaction.governance import decisions
    from localaction.network.models import Membership

    Membership.objects.filter(local_government=cast.freiburg).update(applied_on=D(2025, 1, 1))
    decision = record(quorate, title="Admission of Freiburg")
    decisions.approve_membership(cast.freiburg.memberships.get(), decision, by=cast.secretariat)
    page = client_as("anonymous").get(cast.freiburg.get_absolute_url()).content.decode()
    section = page.split('id="governance-section"')[1].split("</section>")[0]
    assert "Martin Horn, President" in section and "Test Committee" in section
    assert "TESTCOM-2025-001" in section


def test_the_profile_hides_the_seats_on_a_body_that_is_not_public(
    client_as, cast, holders, committee
):
    committee.is_public = False
    committee.save()
    page = client_as("anonymous").get(cast.freiburg.get_absolute_url()).content.decode()
    assert 'id="governance-section"' not in page
    page = client_as("colleague").get(cast.freiburg.get_absolute_url()).content.decode()
    assert 'id="governance-section"' in page


def test_an_agenda_item_number_is_used_once(client_as, meeting):
    AgendaItem.objects.create(meeting=meeting, number=1, title="Opening")
    response = client_as("secretariat").post(
        reverse("governance:agenda-item-new", args=[meeting.pk]), {"number": "1", "title": "Again"}
    )
    assert "The agenda already has an item of this number." in response.content.decode()
    assert meeting.agenda_items.count() == 1


def test_a_keeper_links_the_membership_a_decision_approved(client_as, cast, quorate, record):
    from localaction.network.models import Membership

    membership = Membership.objects.create(local_government=cast.nairobi)
    Membership.objects.filter(pk=membership.pk).update(applied_on=D(2025, 3, 1))
    decision = record(quorate, title="Admission of Nairobi")
    url = reverse("governance:decision-approves", args=[decision.reference])

    page = client_as("secretariat").get(decision.get_absolute_url()).content.decode()
    assert "Nairobi (Kenya) — Full member, Applied" in page
    assert client_as("staff").post(url, {"membership": membership.pk}).status_code == 403
    assert client_as("colleague").post(url, {"membership": membership.pk}).status_code == 403

    response = client_as("secretariat").post(url, {"membership": membership.pk})
    assert response.url == decision.get_absolute_url()
    membership.refresh_from_db()
    assert (membership.status, membership.approved_on) == ("approved", D(2025, 6, 1))
    # Linked once: it is no longer offered.
    response = client_as("secretariat").post(url, {"membership": membership.pk})
    assert "Select a valid choice" in response.content.decode()
