"""Every door of the consultancy pages, by role: an outsider, the client's
editor and colleague, staff of the office running the engagement, staff of
another office (summaries only), the secretariat, a consultant on the team,
and the anonymous visitor."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from localaction.consultancy.models import Engagement
from localaction.consultancy.tests.conftest import TODAY, advance

pytestmark = pytest.mark.django_db


def test_the_catalogue_and_a_service_are_public(client_as, built):
    page = client_as("anonymous").get(reverse("consultancy:catalogue"))
    assert page.status_code == 200
    assert "GHG inventories" in page.text
    service = client_as("anonymous").get(built.service.get_absolute_url())
    assert service.status_code == 200
    assert "Sign in" in service.text
    assert "Jonas" not in service.text


def test_an_inactive_service_is_not_shown(client_as, built):
    built.service.active = False
    built.service.save()
    assert client_as("anonymous").get(built.service.get_absolute_url()).status_code == 404
    assert (
        "GHG inventories" not in client_as("anonymous").get(reverse("consultancy:catalogue")).text
    )


def test_a_non_member_requests_a_service(client_as, built, cast):
    response = client_as("outsider").post(
        built.service.get_absolute_url(),
        {
            "office": cast.europe_office.pk,
            "local_government": "",
            "client_name": "Lakeside Utility",
            "client_contact": "Grace",
            "client_email": "grace@example.org",
            "client_address": "1 Harbour Road",
            "request": "Water accounts",
        },
    )
    engagement = Engagement.objects.get(client_name="Lakeside Utility")
    assert response.status_code == 302
    assert response["Location"] == engagement.get_absolute_url()
    assert engagement.requested_by == cast.outsider
    assert engagement.steps.get().by == cast.outsider
    # The requester follows it; staff of another office only see the summary.
    assert client_as("outsider").get(engagement.get_absolute_url()).status_code == 200


def test_a_request_without_a_client_says_which_field(client_as, built, cast):
    response = client_as("staff").post(
        built.service.get_absolute_url(),
        {"office": cast.europe_office.pk, "client_contact": "X", "client_email": "x@example.org",
         "request": "Help"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Name the organisation asking" in response.text
    assert Engagement.objects.count() == 1


def test_an_anonymous_request_is_refused(client_as, built, cast):
    response = client_as("anonymous").post(built.service.get_absolute_url(), {"request": "x"})
    assert response.status_code == 403


# --- One engagement, by role ------------------------------------------------------------


@pytest.fixture
def delivered(built, cast):
    advance(built, "in-progress", by=cast.staff)
    from decimal import Decimal

    from localaction.consultancy import services

    services.time_record(
        engagement=built.engagement, consultant=built.consultant, date=TODAY,
        days=Decimal("1"), by=cast.staff, note="Workshop notes secret",
    )  # fmt: skip
    services.deliverable_add(engagement=built.engagement, title="Inventory report", due_on=TODAY)
    services.engagement_move(engagement=built.engagement, status="delivered", by=cast.staff)
    services.feedback_give(
        engagement=built.engagement, by=cast.editor, rating=5, comment="Very helpful feedback"
    )
    return built


def page_of(client: Client, built):
    return client.get(built.engagement.get_absolute_url())


@pytest.mark.parametrize("who", ["staff", "secretariat"])
def test_the_office_running_it_sees_everything(client_as, delivered, who):
    page = page_of(client_as(who), delivered)
    assert page.status_code == 200
    for seen in ("Fee earned", "750", "880", "Workshop notes secret", "Very helpful feedback",
                 "Inventory report", "Run the engagement"):  # fmt: skip
        assert seen in page.text, seen


def test_staff_of_another_office_see_a_summary_only(client_as, delivered):
    page = page_of(client_as("other_staff"), delivered)
    assert page.status_code == 200
    assert "Freiburg im Breisgau" in page.text and "Delivered" in page.text
    for hidden in ("Fee earned", "750", "880", "Workshop notes secret", "Very helpful feedback",
                   "Inventory report", "Run the engagement", "Our first inventory"):  # fmt: skip
        assert hidden not in page.text, hidden


def test_the_client_sees_status_deliverables_and_feedback_not_rates(client_as, delivered):
    page = page_of(client_as("editor"), delivered)
    assert page.status_code == 200
    assert "Inventory report" in page.text and "Very helpful feedback" in page.text
    for hidden in ("750", "880", "Workshop notes secret", "Run the engagement", "Fee earned"):
        assert hidden not in page.text, hidden


def test_the_consultant_on_the_team_sees_time_not_rates_nor_feedback(delivered):
    client = Client()
    client.force_login(delivered.consultant_user)
    page = page_of(client, delivered)
    # The staff consultant is also staff of the running office: all of it.
    assert "Run the engagement" in page.text


def test_an_external_consultant_user_on_the_team_sees_time_not_money(delivered, cast):
    from localaction.conftest import make_user

    user = make_user("expert-user")
    delivered.expert.user = user
    delivered.expert.save()
    client = Client()
    client.force_login(user)
    page = page_of(client, delivered)
    assert page.status_code == 200
    assert "Workshop notes secret" in page.text and "Inventory report" in page.text
    for hidden in ("750.00", "880.00", "Fee earned", "Very helpful feedback", "Run the engagement"):
        assert hidden not in page.text, hidden


@pytest.mark.parametrize("who", ["outsider", "colleague"])
def test_people_with_no_part_in_it_do_not_find_it(client_as, delivered, who):
    # The colleague views, but does not edit, the member: not its client.
    assert page_of(client_as(who), delivered).status_code == 404


def test_the_anonymous_visitor_is_refused(client_as, delivered):
    assert page_of(client_as("anonymous"), delivered).status_code == 403


@pytest.mark.parametrize("who", ["other_staff", "editor", "outsider"])
def test_only_the_office_moves_it(client_as, built, who):
    url = reverse("consultancy:move", args=[built.engagement.pk])
    response = client_as(who).post(url, {"status": "declined"})
    assert response.status_code in (403, 404)
    built.engagement.refresh_from_db()
    assert built.engagement.status == "request"


def test_the_office_moves_it_and_a_wrong_step_is_explained(client_as, built):
    url = reverse("consultancy:move", args=[built.engagement.pk])
    response = client_as("staff").post(url, {"status": "contract"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    response = client_as("staff").post(url, {"status": "proposal"})
    assert response.status_code == 302
    built.engagement.refresh_from_db()
    assert built.engagement.status == "proposal"


def test_time_out_of_bounds_on_the_page_says_why(client_as, built, cast):
    advance(built, "in-progress", by=cast.staff)
    url = reverse("consultancy:time", args=[built.engagement.pk])
    late = built.engagement.ends_on + datetime.timedelta(days=3)
    response = client_as("staff").post(
        url, {"consultant": built.consultant.pk, "date": late.isoformat(), "days": "1"}
    )
    assert response.status_code == 400
    assert "within the engagement" in response.text


def test_another_office_records_no_time(client_as, built, cast):
    advance(built, "in-progress", by=cast.staff)
    url = reverse("consultancy:time", args=[built.engagement.pk])
    response = client_as("other_staff").post(
        url, {"consultant": built.consultant.pk, "date": TODAY.isoformat(), "days": "1"}
    )
    assert response.status_code == 403


def test_feedback_by_the_client_only(client_as, built, cast):
    advance(built, "delivered", by=cast.staff)
    url = reverse("consultancy:feedback", args=[built.engagement.pk])
    assert client_as("staff").post(url, {"rating": "5"}).status_code == 403
    assert client_as("colleague").post(url, {"rating": "5"}).status_code == 404
    assert client_as("editor").post(url, {"rating": "4", "comment": "ok"}).status_code == 302
    assert built.engagement.feedback.rating == 4


# --- Lists, the network, the office --------------------------------------------------------


def test_the_list_separates_full_and_summary(client_as, delivered):
    page = client_as("other_staff").get(reverse("consultancy:engagements"))
    assert "Other offices" in page.text
    assert "Freiburg im Breisgau" in page.text
    assert client_as("editor").get(reverse("consultancy:engagements")).status_code == 200
    assert client_as("anonymous").get(reverse("consultancy:engagements")).status_code == 302


@pytest.mark.parametrize(("who", "status"), [
    ("staff", 200), ("other_staff", 200), ("secretariat", 200), ("editor", 403),
    ("outsider", 403), ("anonymous", 302),
])  # fmt: skip
def test_the_consultants_and_their_rates_are_for_offices(client_as, built, who, status):
    page = client_as(who).get(reverse("consultancy:consultants"))
    assert page.status_code == status
    if status == 200:
        assert "Claire Dubois" in page.text and "900" in page.text


@pytest.mark.parametrize(("who", "status"), [
    ("staff", 200), ("secretariat", 200), ("other_staff", 403), ("editor", 403),
    ("anonymous", 403),
])  # fmt: skip
def test_an_offices_pipeline_is_for_its_staff(client_as, delivered, cast, who, status):
    url = reverse("consultancy:office", args=[cast.europe_office.code])
    assert client_as(who).get(url).status_code == status
    csv = reverse("consultancy:office_download", args=[cast.europe_office.code, "csv"])
    assert client_as(who).get(csv).status_code == status


def test_the_pipeline_counts_values_and_utilisation(client_as, delivered, cast):
    page = client_as("staff").get(reverse("consultancy:office", args=[cast.europe_office.code]))
    # Proposed: 10 d × 750 + 4 d × 880 = 11,020 EUR, delivered.
    assert "11020.00 EUR" in page.text
    rows = {row.consultant: row for row in page.context["utilisation"]}
    assert rows["Jonas Weber"].recorded == 1 and rows["Jonas Weber"].planned == 10


def test_the_export_escapes_formulas(client_as, delivered, cast):
    Engagement.objects.filter(pk=delivered.engagement.pk).update(title="=cmd|' /C calc'!A0")
    url = reverse("consultancy:office_download", args=[cast.europe_office.code, "csv"])
    text = client_as("staff").get(url).content.decode("utf-8-sig")
    assert "'=cmd" in text
    assert "11020.00" in text


def test_the_office_page_links_the_pipeline(client_as, delivered, cast):
    page = client_as("staff").get(reverse("network:office", args=[cast.europe_office.code]))
    assert reverse("consultancy:office", args=[cast.europe_office.code]) in page.text
    other = client_as("other_staff").get(reverse("network:office", args=[cast.europe_office.code]))
    assert reverse("consultancy:office", args=[cast.europe_office.code]) not in other.text


def _contract_post(client, built, upload):
    return client.post(
        reverse("consultancy:contract", args=[built.engagement.pk]),
        {
            "signed_on": (TODAY - datetime.timedelta(days=45)).isoformat(),
            "contract_reference": "CT-7",
            "contract_document": upload,
        },
    )


def test_the_contract_document_is_served_to_the_running_office_only(
    client_as, built, cast, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    advance(built, "proposal", by=cast.staff)
    upload = SimpleUploadedFile("contract.pdf", b"%PDF-1.4 signed", "application/pdf")
    assert _contract_post(client_as("staff"), built, upload).status_code == 302
    url = reverse("consultancy:contract-document", args=[built.engagement.pk])
    response = client_as("staff").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 signed"
    assert "attachment" in response["Content-Disposition"]
    # Never through the media address, never to another office, the client or the public.
    page = client_as("staff").get(built.engagement.get_absolute_url()).text
    assert url in page and "/media/" not in page
    for who in ("other_staff", "editor", "outsider", "anonymous"):
        assert client_as(who).get(url).status_code in (403, 404), who


def test_an_executable_contract_document_is_refused(client_as, built, cast, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    advance(built, "proposal", by=cast.staff)
    upload = SimpleUploadedFile("contract.exe", b"MZ\x90\x00", "application/octet-stream")
    response = _contract_post(client_as("staff"), built, upload)
    assert response.status_code == 400
    built.engagement.refresh_from_db()
    assert not built.engagement.contract_document
    assert built.engagement.contract_reference == ""
    assert not list(tmp_path.rglob("*.exe"))
