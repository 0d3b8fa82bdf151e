"""The pages, person by person: the public list shows active public
agreements only; drafts and unlisted ones are the office's and the
secretariat's (a 404 for others); forms are for the responsible office's
staff and the secretariat (a 403 for others who read the agreement)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from localaction.partnerships.models import Agreement, PartnerOrganisation

EVERYONE = ["anonymous", "editor", "staff", "other_staff", "secretariat"]
KEEPERS = ["staff", "secretariat"]
NOT_KEEPERS = ["anonymous", "editor", "other_staff"]


def _status(client, url, method="get", data=None):
    return getattr(client, method)(url, data or {}).status_code


@pytest.mark.parametrize("who", EVERYONE)
def test_the_public_list_shows_active_public_agreements_only(
    client_as, draft, active, unlisted, make_agreement, who
):
    ended = make_agreement("Ended letter", status="ended")
    page = client_as(who).get("/partnerships/")
    assert page.status_code == 200
    listed = [a.title for kind in page.context["kinds"] for a in kind[1]]
    assert listed == [active.title]
    kept = {a.title for a in page.context["kept"]}
    if who in KEEPERS:
        assert kept == {draft.title, unlisted.title, ended.title}
    else:
        assert kept == set()


@pytest.mark.parametrize("who", EVERYONE)
def test_an_active_public_agreement_and_its_partner_for_everyone(client_as, active, who):
    client = client_as(who)
    page = client.get(active.get_absolute_url())
    assert page.status_code == 200
    assert "Active memorandum" in page.text
    assert client.get(active.partner.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("who", EVERYONE)
def test_drafts_and_unlisted_agreements_for_the_office_and_secretariat(
    client_as, draft, unlisted, who
):
    expected = 200 if who in KEEPERS else 404
    for agreement in (draft, unlisted):
        assert client_as(who).get(agreement.get_absolute_url()).status_code == expected


@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_a_partner_without_a_listed_agreement_is_a_404(client_as, draft, who):
    assert client_as(who).get(draft.partner.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("who", EVERYONE)
def test_partner_forms(client_as, unhabitat, who):
    client = client_as(who)
    urls = [
        reverse("partnerships:partner-new"),
        reverse("partnerships:partner-edit", args=[unhabitat.pk]),
    ]
    for url in urls:
        status = client.get(url).status_code
        if who == "anonymous":
            assert status == 302
        elif who in ("staff", "other_staff", "secretariat"):
            assert status == 200
        else:
            assert status == 403


def test_staff_add_a_partner(client_as):
    response = client_as("staff").post(
        reverse("partnerships:partner-new"),
        {"name": "Local Governments Association", "kind": "lga", "website": "example.org"},
    )
    partner = PartnerOrganisation.objects.get(name="Local Governments Association")
    assert response.status_code == 302 and partner.website == "https://example.org"


@pytest.mark.parametrize("who", EVERYONE)
def test_agreement_forms_by_person(client_as, draft, active, who):
    client = client_as(who)
    for step in ("agreement-edit", "activate", "end", "renew"):
        for agreement in (draft, active):
            status = client.get(reverse(f"partnerships:{step}", args=[agreement.pk])).status_code
            if who == "anonymous":
                assert status == 302
            elif who in KEEPERS:
                assert status == 200
            elif agreement == draft:
                assert status == 404
            else:
                assert status == 403


@pytest.mark.parametrize("who", NOT_KEEPERS)
def test_others_change_nothing(client_as, draft, active, who):
    client = client_as(who)
    client.post(reverse("partnerships:activate", args=[draft.pk]))
    client.post(reverse("partnerships:end", args=[active.pk]), {"on": "2025-01-01"})
    client.post(reverse("partnerships:renew", args=[active.pk]), {"until": "2040-01-01"})
    draft.refresh_from_db()
    active.refresh_from_db()
    assert draft.status == "draft"
    assert (active.status, active.ends_on) == ("active", datetime.date(2030, 1, 31))


def _agreement_data(cast, partner, **changes) -> dict:
    data = {
        "partner": partner.pk,
        "kind": "mou",
        "title": "Memorandum on resilience",
        "office": cast.europe_office.pk,
        "aims": "",
        "objectives": "",
        "shares": "",
        "resources": "",
        "signed_on": "",
        "starts_on": "",
        "ends_on": "",
        "renewal_notice_days": "60",
        "is_public": "on",
        "signatory-TOTAL_FORMS": "2",
        "signatory-INITIAL_FORMS": "0",
        "signatory-0-name": "A. Mayor",
        "signatory-0-title": "President",
        "signatory-0-party": "association",
        "signatory-1-name": "",
        "signatory-1-title": "",
        "signatory-1-party": "",
    }
    return data | changes


def test_staff_draft_an_agreement_with_signatories(client_as, cast, unhabitat):
    response = client_as("staff").post(
        reverse("partnerships:agreement-new"), _agreement_data(cast, unhabitat)
    )
    agreement = Agreement.objects.get(title="Memorandum on resilience")
    assert response.status_code == 302
    assert (agreement.status, agreement.created_by) == ("draft", cast.staff)
    assert [s.name for s in agreement.signatories.all()] == ["A. Mayor"]


def test_staff_of_another_office_cannot_draft_for_this_one(client_as, cast, unhabitat):
    response = client_as("other_staff").post(
        reverse("partnerships:agreement-new"), _agreement_data(cast, unhabitat)
    )
    assert response.status_code == 200 and "office" in response.context["form"].errors
    assert not Agreement.objects.filter(title="Memorandum on resilience").exists()


def test_the_activation_refusal_is_shown_on_the_form(client_as, make_agreement):
    agreement = make_agreement(aims="", resources="")
    response = client_as("staff").post(reverse("partnerships:activate", args=[agreement.pk]))
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert "Write the common aims of the partnership." in errors
    assert "Write the resources each party brings." in errors
    agreement.refresh_from_db()
    assert agreement.status == "draft"


def test_activate_end_and_renew_through_the_pages(client_as, draft):
    client = client_as("staff")
    assert client.post(reverse("partnerships:activate", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.status == "active"
    client.post(reverse("partnerships:end", args=[draft.pk]), {"on": "2025-05-01"})
    draft.refresh_from_db()
    assert draft.status == "ended"


def test_a_renewal_to_an_earlier_date_is_refused_on_the_form(client_as, active):
    response = client_as("secretariat").post(
        reverse("partnerships:renew", args=[active.pk]), {"until": "2029-01-01"}
    )
    assert response.status_code == 200 and "until" in response.context["form"].errors
    renewed = client_as("secretariat").post(
        reverse("partnerships:renew", args=[active.pk]), {"until": "2032-01-01"}
    )
    assert renewed.status_code == 302
    active.refresh_from_db()
    assert active.ends_on == datetime.date(2032, 1, 1)


@pytest.mark.parametrize("who", EVERYONE)
def test_the_office_page_shows_its_agreements_to_whom_it_may(
    client_as, cast, draft, active, unlisted, who
):
    text = client_as(who).get(cast.europe_office.get_absolute_url()).text
    assert "Active memorandum" in text  # active and public: for everyone
    for agreement in (draft, unlisted):
        assert (agreement.title in text) == (who in KEEPERS)
    # Another office's page shows none of them.
    other = client_as(who).get(cast.africa_office.get_absolute_url()).text
    assert "Active memorandum" not in other
