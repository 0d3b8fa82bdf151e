"""The plans in the admin: the secretariat's; an adopted plan's records are fixed."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from localaction.strategy.models import Area, StrategicPlan

MODELS = [model for model in admin.site._registry if model._meta.app_label == "strategy"]


@pytest.mark.parametrize("model", MODELS, ids=[m._meta.model_name for m in MODELS])
def test_every_page_of_the_admin_opens(client_as, draft, model):
    page = client_as("secretariat")
    opts = model._meta
    assert (
        page.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    )
    assert page.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
    for instance in model.objects.all()[:3]:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[instance.pk])
        assert page.get(url).status_code == 200


@pytest.mark.parametrize("who", ["staff", "editor", "anonymous"])
def test_the_admin_is_the_secretariats(client_as, who):
    assert client_as(who).get("/admin/strategy/strategicplan/").status_code == 302


def test_an_adopted_plan_is_not_deleted(client_as, cape_town):
    client_as("secretariat").post(
        f"/admin/strategy/strategicplan/{cape_town.pk}/delete/", {"post": "yes"}
    )
    assert StrategicPlan.objects.filter(pk=cape_town.pk).exists()


def test_an_adopted_plans_area_is_not_changed(client_as, cape_town):
    area = cape_town.areas.get(number="2.1")
    client_as("secretariat").post(
        f"/admin/strategy/area/{area.pk}/change/",
        {"part": area.part_id, "number": "2.1", "title": "Changed", "order": 1},
    )
    area.refresh_from_db()
    assert area.title == "Membership"
    client_as("secretariat").post(f"/admin/strategy/area/{area.pk}/delete/", {"post": "yes"})
    assert Area.objects.filter(pk=area.pk).exists()
