"""The finance records in the admin obey the services: issued invoices read only
and never deleted, adoption checked cell by cell, reductions decided by rule."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse

from localaction.finance.models import Fee, FeeSchedule, Invoice, Reduction

MODELS = [model for model in admin.site._registry if model._meta.app_label == "finance"]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.model_name)
def test_every_finance_page_of_the_admin_opens(client_as, issue, model):
    issue()
    page = client_as("secretariat")
    opts = model._meta
    assert (
        page.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    )
    instance = model.objects.first()
    if instance is not None:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[instance.pk])
        assert page.get(url).status_code == 200


def test_the_admin_is_not_open_to_office_staff(client_as):
    assert client_as("staff").get("/admin/finance/invoice/").status_code == 302


def test_an_issued_invoice_is_read_only_and_not_deleted_in_the_admin(client_as, issue):
    invoice = issue()
    page = client_as("secretariat")
    change = page.get(f"/admin/finance/invoice/{invoice.pk}/change/").content.decode()
    assert 'name="number"' not in change
    assert page.get(f"/admin/finance/invoice/{invoice.pk}/delete/").status_code == 403
    page.post(
        "/admin/finance/invoice/",
        {"action": "delete_selected", "_selected_action": [invoice.pk], "post": "yes"},
    )
    assert Invoice.objects.filter(pk=invoice.pk).exists()


def _schedule_form(schedule: FeeSchedule, **changes) -> dict:
    data = {
        "year": schedule.year,
        "office": "",
        "currency": schedule.currency,
        "pro_rata": schedule.pro_rata,
        "due_days": schedule.due_days,
        "grace_days": schedule.grace_days,
        "reminder_days": schedule.reminder_days,
        "reduction_limit_percent": schedule.reduction_limit_percent,
        "is_example": "on",
        "note": schedule.note,
        "adopted_on": "",
        "adopted_by": "",
    }
    for prefix, rows in (("bands", schedule.bands.all()), ("flat_fees", schedule.flat_fees.all())):
        rows = list(rows)
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": len(rows),
                f"{prefix}-INITIAL_FORMS": len(rows),
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = row.pk
            data[f"{prefix}-{i}-schedule"] = schedule.pk
            if prefix == "bands":
                data[f"{prefix}-{i}-lower"] = row.lower
                data[f"{prefix}-{i}-upper"] = row.upper if row.upper is not None else ""
            else:
                data[f"{prefix}-{i}-category"] = row.category_id
                data[f"{prefix}-{i}-amount_0"] = row.amount.amount
                data[f"{prefix}-{i}-amount_1"] = str(row.amount.currency)
    data.update(changes)
    return data


def test_adopting_in_the_admin_refuses_a_missing_fee_naming_its_cell(client_as, example_schedule):
    Fee.objects.get(band__schedule=example_schedule, band__lower=0, income_group="low").delete()
    url = f"/admin/finance/feeschedule/{example_schedule.pk}/change/"
    response = client_as("secretariat").post(
        url,
        _schedule_form(example_schedule, adopted_on="2026-11-20", adopted_by="Council"),
        follow=True,
    )
    assert "No fee for band 1 (under 50,000) × low income." in response.content.decode()
    example_schedule.refresh_from_db()
    assert not example_schedule.is_adopted


def test_adopting_in_the_admin_records_the_body_and_who(client_as, cast, example_schedule):
    url = f"/admin/finance/feeschedule/{example_schedule.pk}/change/"
    response = client_as("secretariat").post(
        url, _schedule_form(example_schedule, adopted_on="2026-11-20", adopted_by="Council")
    )
    assert response.status_code == 302
    example_schedule.refresh_from_db()
    assert (example_schedule.adopted_on, example_schedule.adopted_by) == (
        datetime.date(2026, 11, 20),
        "Council",
    )
    assert example_schedule.adopted_recorded_by == cast.secretariat


def test_a_reduction_above_the_limit_is_not_granted_by_an_action_of_someone_else(
    client_as, cast, example_schedule
):
    # Without a schedule in force the secretariat alone decides; it may.
    reduction = Reduction.objects.create(
        membership=cast.freiburg.memberships.get(),
        year=2027,
        percent=Decimal("80"),
        reason="Hardship",
        requested_by=cast.editor,
        decision_note="Council's hardship rule",
    )
    client_as("secretariat").post(
        "/admin/finance/reduction/",
        {"action": "grant_reductions", "_selected_action": [reduction.pk]},
    )
    reduction.refresh_from_db()
    assert (reduction.status, reduction.decided_by) == (Reduction.Status.GRANTED, cast.secretariat)
