"""Exchange in the admin: the secretariat's; exchanges are proposed on the
site (where the other members are told), never added here, and kept once
agreed."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from localaction.exchange.models import Exchange

pytestmark = pytest.mark.django_db

MODELS = [model for model in admin.site._registry if model._meta.app_label == "exchange"]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_page_of_the_admin_opens(client_as, agreed, model):
    page = client_as("secretariat")
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert page.get(changelist).status_code == 200
    instance = model.objects.first()
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[instance.pk])
    assert page.get(url).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "editor", "outsider", "staff", "other_staff"])
def test_the_admin_is_the_secretariats(client_as, who):
    assert client_as(who).get("/admin/exchange/exchange/").status_code == 302
    assert client_as(who).get("/admin/exchange/listing/").status_code == 302


def test_an_exchange_is_not_added_in_the_admin(client_as):
    assert client_as("secretariat").get("/admin/exchange/exchange/add/").status_code == 403


def test_an_agreed_exchange_is_not_deleted(client_as, agreed):
    client_as("secretariat").post(f"/admin/exchange/exchange/{agreed.pk}/delete/", {"post": "yes"})
    assert Exchange.objects.filter(pk=agreed.pk).exists()


def test_a_listing_corrected_in_the_admin_is_checked(client_as, offer):
    response = client_as("secretariat").post(
        f"/admin/exchange/listing/{offer.pk}/change/",
        {"member": offer.member_id, "kind": "offer", "title": offer.title,
         "description": offer.description, "themes": '["nope"]', "languages": '["en"]',
         "contact_name": "x", "contact_email": "x@example.org", "is_open": "on",
         "published_on": "2026-01-01"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Unknown theme: nope" in response.content.decode()
    offer.refresh_from_db()
    assert offer.themes == ["water"]
