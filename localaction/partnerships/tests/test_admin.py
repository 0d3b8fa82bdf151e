"""Partnerships in the admin: the secretariat's; activation through the service."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from localaction.partnerships.models import Agreement

MODELS = [model for model in admin.site._registry if model._meta.app_label == "partnerships"]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_page_of_the_admin_opens(client_as, draft, model):
    page = client_as("secretariat")
    opts = model._meta
    assert (
        page.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    )
    assert page.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
    instance = model.objects.first()
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[instance.pk])
    assert page.get(url).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "editor", "staff"])
def test_the_admin_is_the_secretariats(client_as, who):
    assert client_as(who).get("/admin/partnerships/agreement/").status_code == 302


def test_activation_in_the_admin_checks_the_conditions(client_as, make_agreement):
    incomplete = make_agreement("Incomplete", aims="")
    complete = make_agreement("Complete")
    client_as("secretariat").post(
        "/admin/partnerships/agreement/",
        {"action": "activate", "_selected_action": [incomplete.pk, complete.pk]},
    )
    assert Agreement.objects.get(pk=incomplete.pk).status == "draft"
    assert Agreement.objects.get(pk=complete.pk).status == "active"


def test_an_agreement_once_active_is_not_deleted(client_as, active):
    client_as("secretariat").post(
        f"/admin/partnerships/agreement/{active.pk}/delete/", {"post": "yes"}
    )
    assert Agreement.objects.filter(pk=active.pk).exists()
