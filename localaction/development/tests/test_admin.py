"""Regional development in the admin: the secretariat's, under the same rules
(a prospect's status read-only, a new one added through the service, each
record checked by its model)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from localaction.development.models import (
    OfficeArrangement,
    OfficeContract,
    PriorityRegion,
    Prospect,
    ProspectChange,
)

MODELS = [model for model in admin.site._registry if model._meta.app_label == "development"]


@pytest.fixture
def records(cast, prospect):
    OfficeArrangement.objects.create(office=cast.europe_office, host_organisation="Host")
    OfficeContract.objects.create(
        office=cast.europe_office, kind="regional", signed_on=datetime.date(2006, 1, 1)
    )


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_page_of_the_admin_opens(client_as, records, model):
    page = client_as("secretariat")
    opts = model._meta
    assert (
        page.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    )
    assert page.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
    instance = model.objects.first()
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[instance.pk])
    assert page.get(url).status_code == 200


@pytest.mark.parametrize(
    "who", ["anonymous", "editor", "colleague", "outsider", "staff", "other_staff"]
)
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_the_admin_is_the_secretariats(client_as, who, model):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client_as(who).get(url).status_code == 302


def _prospect_form(cast, local_government, **fields) -> dict:
    return {
        "office": cast.europe_office.pk,
        "local_government": local_government.pk,
        "identified_on": "2024-03-01",
        "next_step": "",
        "next_step_on": "",
        "note": "",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "changes-TOTAL_FORMS": "0",
        "changes-INITIAL_FORMS": "0",
        **fields,
    }


def test_a_prospect_added_in_the_admin_has_its_first_change(client_as, cast, berlin):
    response = client_as("secretariat").post(
        reverse("admin:development_prospect_add"), _prospect_form(cast, berlin)
    )
    assert response.status_code == 302
    prospect = Prospect.objects.get()
    assert list(prospect.changes.values_list("status", "changed_by__username")) == [
        ("identified", "secretariat")
    ]


@pytest.mark.parametrize(
    ("lg", "message"), [("freiburg", "already an active member"), ("lagos", "does not cover")]
)
def test_the_admin_refuses_what_the_pages_refuse(client_as, cast, lagos, lg, message):
    local_government = lagos if lg == "lagos" else cast.freiburg
    response = client_as("secretariat").post(
        reverse("admin:development_prospect_add"), _prospect_form(cast, local_government)
    )
    assert response.status_code == 200 and message in response.text
    assert not Prospect.objects.exists() and not ProspectChange.objects.exists()


def test_a_prospects_status_is_read_only_in_the_admin(client_as, cast, prospect):
    url = reverse("admin:development_prospect_change", args=[prospect.pk])
    client_as("secretariat").post(
        url,
        {
            "status": "joined",
            "next_step": "",
            "next_step_on": "",
            "note": "",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
            "changes-TOTAL_FORMS": "0",
            "changes-INITIAL_FORMS": "0",
        },
    )
    prospect.refresh_from_db()
    assert prospect.status == "identified"


def test_a_negative_target_is_refused_in_the_admin(client_as):
    china = PriorityRegion.objects.get(code="china")
    url = reverse("admin:development_priorityregion_change", args=[china.pk])
    response = client_as("secretariat").post(
        url,
        {
            "code": "china",
            "name": "China",
            "source": "",
            "order": "1",
            "countries": ["CN"],
            "targets-TOTAL_FORMS": "1",
            "targets-INITIAL_FORMS": "0",
            "targets-0-year": "2010",
            "targets-0-members": "-3",
        },
    )
    assert response.status_code == 200
    assert not china.targets.exists()


def test_two_contacts_with_one_email_are_refused_in_the_admin(client_as, cast, berlin):
    form = _prospect_form(
        cast,
        berlin,
        **{
            "contacts-TOTAL_FORMS": "2",
            "contacts-0-name": "Anna",
            "contacts-0-email": "anna@berlin.example",
            "contacts-1-name": "Anne",
            "contacts-1-email": "ANNA@berlin.example",
        },
    )
    response = client_as("secretariat").post(reverse("admin:development_prospect_add"), form)
    assert response.status_code == 200
    assert "already has a contact with this e-mail" in response.text
    assert not Prospect.objects.exists()
