"""Advocacy's pages for each person: processes, roles and public engagements
for everyone; an engagement not public, a role's reviews and its "review
due" for the staff of the role's office and the secretariat; the forms for
those who may use them (a 403 for others, the sign-in page for the
anonymous)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from localaction.advocacy import services
from localaction.advocacy.models import CitedFigure, Engagement, PolicyProcess, Role, RoleReview
from localaction.conftest import PEOPLE

pytestmark = pytest.mark.django_db

KEEPERS = ("staff", "secretariat")
NOT_KEEPERS = [who for who in PEOPLE if who not in (*KEEPERS, "anonymous")]


@pytest.mark.parametrize("who", PEOPLE)
def test_everyone_reads_processes_roles_and_public_engagements(
    client_as, role, statement, internal, who
):
    client = client_as(who)
    for url in ("/advocacy/", role.process.get_absolute_url(), role.get_absolute_url()):
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        assert statement.title in html
        assert (internal.title in html) == (who in KEEPERS), (url, who)
    assert client.get(statement.get_absolute_url()).status_code == 200
    assert client.get(internal.get_absolute_url()).status_code == (200 if who in KEEPERS else 404)


def test_an_unknown_record_is_not_found(client):
    for name in ("process", "role", "engagement"):
        assert client.get(reverse(f"advocacy:{name}", args=[999])).status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "editor", "staff"])
def test_a_statement_shows_its_figures_with_the_report(
    client_as, cast, statement, publication, who
):
    services.cite_figure(
        statement, publication, "members_reporting", by=cast.staff, label="Members reporting"
    )
    for url in ("/advocacy/", statement.get_absolute_url()):
        html = client_as(who).get(url).content.decode()
        assert "Members reporting" in html
        assert publication.get_absolute_url() in html


@pytest.mark.parametrize("who", PEOPLE)
def test_reviews_and_review_due_for_the_roles_keepers(client_as, cast, role, who):
    services.review_role(
        role,
        by=cast.staff,
        reviewed_on=datetime.date(2020, 5, 4),
        benefits="Seen benefits",
        costs="Counted costs",
        recommendation=RoleReview.Recommendation.CONTINUE,
    )
    assert role.review_due
    html = client_as(who).get(role.get_absolute_url()).content.decode()
    assert ("Counted costs" in html) == (who in KEEPERS)
    assert ('id="review-due"' in html) == (who in KEEPERS)


def test_no_review_due_right_after_a_review(client_as, cast, role):
    services.review_role(
        role,
        by=cast.staff,
        reviewed_on=datetime.date.today(),
        benefits="b",
        costs="c",
        recommendation=RoleReview.Recommendation.CONTINUE,
    )
    html = client_as("staff").get(role.get_absolute_url()).content.decode()
    assert 'id="review-due"' not in html and "Next review due by" in html


# The document


@pytest.fixture
def with_document(internal):
    internal.document = SimpleUploadedFile("submission.pdf", b"%PDF-1.4 submission")
    internal.save()
    return internal


@pytest.mark.parametrize("who", PEOPLE)
def test_a_document_for_those_who_read_its_engagement(client_as, with_document, who):
    response = client_as(who).get(reverse("advocacy:document", args=[with_document.pk]))
    assert response.status_code == (200 if who in KEEPERS else 404)
    if who in KEEPERS:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 submission"


# The forms


def _forms(role, statement):
    secretariat = ["/advocacy/processes/new/", f"/advocacy/processes/{role.process_id}/roles/new/"]
    office = [
        f"/advocacy/roles/{role.pk}/engagements/new/",
        f"/advocacy/roles/{role.pk}/review/",
        f"/advocacy/engagements/{statement.pk}/cite/",
    ]
    return secretariat, office


@pytest.mark.parametrize("who", PEOPLE)
def test_the_forms_by_person(client_as, role, statement, who):
    secretariat, office = _forms(role, statement)
    client = client_as(who)
    for url in secretariat + office:
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif who == "secretariat" or (who == "staff" and url in office):
            assert response.status_code == 200, url
        else:
            assert response.status_code == 403, (who, url)
        if who not in KEEPERS:
            assert client.post(url, {"title": "x"}).status_code in (302, 403)
    assert PolicyProcess.objects.count() == 1
    assert Engagement.objects.count() == 1 and not RoleReview.objects.exists()


@pytest.mark.parametrize("who", PEOPLE)
def test_the_forms_are_offered_to_those_who_may_use_them(client_as, role, statement, who):
    client = client_as(who)
    index = client.get("/advocacy/").content.decode()
    assert ("/advocacy/processes/new/" in index) == (who == "secretariat")
    role_page = client.get(role.get_absolute_url()).content.decode()
    assert (f"/advocacy/roles/{role.pk}/review/" in role_page) == (who in KEEPERS)
    engagement_page = client.get(statement.get_absolute_url()).content.decode()
    assert (f"/advocacy/engagements/{statement.pk}/cite/" in engagement_page) == (who in KEEPERS)


def test_the_secretariat_adds_a_process_and_a_role(client_as, cast):
    client = client_as("secretariat")
    response = client.post(
        "/advocacy/processes/new/",
        {"name": "UN Commission on Sustainable Development", "short_name": "CSD"},
    )
    process = PolicyProcess.objects.get(short_name="CSD")
    assert response.status_code == 302 and response["Location"] == process.get_absolute_url()
    response = client.post(
        f"/advocacy/processes/{process.pk}/roles/new/",
        {
            "kind": Role.Kind.ORGANISING_PARTNER,
            "since": "1993-06-01",
            "office": cast.world_office.pk,
            "review_every": "36",
        },
    )
    role = Role.objects.get(process=process)
    assert response["Location"] == role.get_absolute_url()


def test_the_office_adds_an_engagement_with_a_document(client_as, cast, role):
    response = client_as("staff").post(
        f"/advocacy/roles/{role.pk}/engagements/new/",
        {
            "kind": Engagement.Kind.SUBMISSION,
            "title": "Submission on the Bali Action Plan",
            "held_on": "2008-04-30",
            "delegations": [cast.freiburg.pk],
            "delegates": "Ana Lima",
            "document": SimpleUploadedFile("bap.pdf", b"%PDF-1.4 bap"),
        },
    )
    engagement = Engagement.objects.get(title="Submission on the Bali Action Plan")
    assert response.status_code == 302
    assert engagement.document and not engagement.public and engagement.created_by == cast.staff
    assert list(engagement.delegations.all()) == [cast.freiburg]


def test_a_document_of_a_kind_not_allowed_is_refused(client_as, role):
    response = client_as("staff").post(
        f"/advocacy/roles/{role.pk}/engagements/new/",
        {
            "kind": Engagement.Kind.SUBMISSION,
            "title": "Script",
            "held_on": "2008-04-30",
            "document": SimpleUploadedFile("run.exe", b"MZ"),
        },
    )
    assert response.status_code == 200 and not Engagement.objects.filter(title="Script").exists()


def test_citing_a_figure_in_two_steps(client_as, statement, publication):
    client = client_as("staff")
    url = f"/advocacy/engagements/{statement.pk}/cite/"
    chosen = client.get(url, {"report": publication.pk}).content.decode()
    assert 'value="total_tco2e"' in chosen and 'value="members_reporting"' in chosen
    response = client.post(
        url, {"report": publication.pk, "key": "total_tco2e", "label": "Emissions"}
    )
    assert response.status_code == 302
    figure = CitedFigure.objects.get()
    assert figure.value == publication.snapshot["total_tco2e"] and figure.label == "Emissions"


def test_an_unknown_figure_is_refused_on_the_page(client_as, statement, publication):
    url = f"/advocacy/engagements/{statement.pk}/cite/"
    response = client_as("staff").post(url, {"report": publication.pk, "key": "total_co2"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not CitedFigure.objects.exists()


def test_a_review_in_the_future_is_refused_on_the_page(client_as, role):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = client_as("staff").post(
        f"/advocacy/roles/{role.pk}/review/",
        {
            "reviewed_on": tomorrow.isoformat(),
            "benefits": "b",
            "costs": "c",
            "recommendation": "continue",
        },
    )
    assert response.status_code == 200 and "not in the future" in response.content.decode()
    assert not RoleReview.objects.exists()


def test_a_review_recorded_on_the_page(client_as, role, decide):
    decision = decide()
    response = client_as("secretariat").post(
        f"/advocacy/roles/{role.pk}/review/",
        {
            "reviewed_on": datetime.date.today().isoformat(),
            "benefits": "b",
            "costs": "c",
            "recommendation": "end",
            "decision": decision.pk,
        },
    )
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.until == decision.decided_on
