"""The governance records in the admin obey the services: a mandate given through
fill_seat, a decision recorded through record_decision (numbered, quorum
checked), nothing of the record deleted."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from localaction.governance.models import Decision, Mandate, MembershipApproval
from localaction.network.models import Membership

MODELS = [model for model in admin.site._registry if model._meta.app_label == "governance"]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.model_name)
def test_every_governance_page_of_the_admin_opens(client_as, quorate, record, model):
    record(quorate)
    page = client_as("secretariat")
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert page.get(changelist).status_code == 200
    assert page.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code in (
        200,
        403,
    )
    if (instance := model.objects.first()) is not None:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[instance.pk])
        assert page.get(url).status_code == 200


def test_the_admin_is_not_open_to_office_staff(client_as):
    assert client_as("staff").get("/admin/governance/body/").status_code == 302


def _mandate_form(seat, lg, **fields):
    return {
        "seat": seat.pk,
        "holder_name": "Someone New",
        "holder_title": "",
        "local_government": lg.pk,
        "starts_on": "2026-01-01",
        "ends_on": "",
        "obtained": "appointed",
        "election_reference": "",
        "note": "",
        **fields,
    }


def test_a_mandate_on_a_held_seat_is_refused_in_the_admin(client_as, cast, holders, president):
    response = client_as("secretariat").post(
        "/admin/governance/mandate/add/", _mandate_form(president, cast.freiburg)
    )
    assert response.status_code == 200
    assert "two mandates cannot run on one seat at once" in response.content.decode()
    assert president.mandates.count() == 1


def test_a_mandate_given_in_the_admin_gets_the_bodys_term(client_as, cast, president):
    response = client_as("secretariat").post(
        "/admin/governance/mandate/add/", _mandate_form(president, cast.freiburg)
    )
    assert response.status_code == 302
    mandate = president.mandates.get()
    assert (str(mandate.starts_on), str(mandate.ends_on)) == ("2026-01-01", "2030-01-01")


def test_an_ineligible_holder_is_refused_in_the_admin(client_as, cast, president):
    response = client_as("secretariat").post(
        "/admin/governance/mandate/add/", _mandate_form(president, cast.nairobi)
    )
    assert "Nairobi is not an active member of the Association." in response.content.decode()
    assert not Mandate.objects.exists()


def test_an_early_end_without_reason_is_refused_in_the_admin(client_as, holders):
    mandate = holders[0]
    response = client_as("secretariat").post(
        f"/admin/governance/mandate/{mandate.pk}/change/",
        {
            "holder_name": mandate.holder_name,
            "holder_title": "",
            "ends_on": str(mandate.ends_on),
            "election_reference": "",
            "note": "",
            "ended_on": "2026-01-01",
            "end_reason": "",
        },
    )
    assert "Say why the mandate ended before its planned end." in response.content.decode()
    mandate.refresh_from_db()
    assert mandate.ended_on is None


def test_a_mandate_is_not_deleted_in_the_admin(client_as, holders):
    page = client_as("secretariat")
    response = page.post(f"/admin/governance/mandate/{holders[0].pk}/delete/", {"post": "yes"})
    assert Mandate.objects.filter(pk=holders[0].pk).exists()
    assert response.status_code in (200, 403)


def _decision_form(meeting, **fields):
    return {
        "meeting": meeting.pk,
        "agenda_item": "",
        "title": "Budget",
        "motion": "Approve the budget.",
        "method": "vote",
        "majority": "simple",
        "votes_for": "1",
        "votes_against": "0",
        "abstentions": "0",
        "outcome": "",
        "minutes": "",
        "is_public": "on",
        **fields,
    }


def test_a_decision_without_quorum_is_refused_in_the_admin(client_as, meeting, holders):
    response = client_as("secretariat").post(
        "/admin/governance/decision/add/", _decision_form(meeting)
    )
    assert response.status_code == 200
    assert "The meeting has no quorum" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_decision_added_in_the_admin_is_numbered(client_as, quorate):
    response = client_as("secretariat").post(
        "/admin/governance/decision/add/", _decision_form(quorate, votes_for="2")
    )
    assert response.status_code == 302
    assert Decision.objects.get().reference == "TESTCOM-2025-001"


def test_a_decision_is_not_deleted_in_the_admin(client_as, quorate, record):
    decision = record(quorate)
    client_as("secretariat").post(
        f"/admin/governance/decision/{decision.pk}/delete/", {"post": "yes"}
    )
    assert Decision.objects.filter(pk=decision.pk).exists()


def test_a_membership_approved_in_the_admin(client_as, cast, quorate, record):
    membership = Membership.objects.create(local_government=cast.nairobi)
    membership.applied_on = quorate.held_on
    membership.save()
    decision = record(quorate, title="Admission of Nairobi")
    response = client_as("secretariat").post(
        "/admin/governance/membershipapproval/add/",
        {"membership": membership.pk, "decision": decision.pk},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == "approved"
    assert MembershipApproval.objects.get().decision == decision


def test_a_bodys_code_is_fixed_once_it_has_decisions(client_as, quorate, record, committee):
    record(quorate)
    change = client_as("secretariat").get(f"/admin/governance/body/{committee.pk}/change/")
    assert 'name="code"' not in change.content.decode()
