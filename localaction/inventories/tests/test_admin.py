"""The admin is no side door: an inventory's status, stamps, local government and
year cannot be set in its form, what a submitted inventory reports is read-only,
steps go through services.inventory_move (stamping who and when), a published
inventory is not deleted — on its delete page nor by the bulk action — and a
correction is opened through services.inventory_correct. Through the admin's real
views, as the secretariat."""

import pytest

from localaction.inventories.models import Inventory
from localaction.inventories.services import LineData, inventory_move, inventory_replace_lines

CHANGELIST = "/admin/inventories/inventory/"
NO_LINES = {
    "lines-TOTAL_FORMS": 0,
    "lines-INITIAL_FORMS": 0,
    "lines-MIN_NUM_FORMS": 0,
    "lines-MAX_NUM_FORMS": 1000,
}


def make(cast, year: int, steps=()) -> Inventory:
    inventory = Inventory.objects.create(local_government=cast.freiburg, year=year)
    inventory_replace_lines(
        inventory=inventory, lines=[LineData("I.1.1", measured_kg={"CO2": 1_000})]
    )
    for step in steps:
        inventory_move(inventory=inventory, step=step, user=cast.staff)
    inventory.lines.all().delete()  # the admin's inline then has no forms to post
    return inventory


def row(inventory: Inventory) -> dict:
    return Inventory.objects.filter(pk=inventory.pk).values().get()


def change_url(inventory: Inventory) -> str:
    return f"{CHANGELIST}{inventory.pk}/change/"


def test_the_change_form_has_no_status_nor_local_government_field(client_as, cast):
    draft = make(cast, 2020)
    page = client_as("secretariat").get(change_url(draft)).content.decode()
    for name in ("status", "local_government", "year", "version", "published_by"):
        assert f'name="{name}"' not in page, name
    assert 'name="boundary_note"' in page  # a draft's own fields stay editable


def test_status_and_local_government_cannot_be_set_by_posting_them(client_as, cast):
    draft = make(cast, 2020)
    response = client_as("secretariat").post(
        change_url(draft),
        {
            **NO_LINES,
            "status": "published",
            "published_by": cast.secretariat.pk,
            "local_government": cast.nairobi.pk,
            "year": 2019,
            "gwp_set": "AR5GWP100",
            "boundary_note": "City limits",
        },
    )
    assert response.status_code == 302
    after = row(draft)
    assert (after["status"], after["published_by_id"], after["published_at"]) == (
        "draft",
        None,
        None,
    )
    assert (after["local_government_id"], after["year"]) == (cast.freiburg.pk, 2020)
    assert (after["gwp_set"], after["boundary_note"]) == ("AR5GWP100", "City limits")


def test_a_published_inventory_reports_what_it_was_published_with(client_as, cast):
    published = make(cast, 2020, ["submit", "verify", "publish"])
    before = row(published)
    response = client_as("secretariat").post(
        change_url(published),
        {**NO_LINES, "gwp_set": "SARGWP100", "boundary_note": "Changed quietly"},
    )
    assert response.status_code == 403  # read-only: the page shows it, nothing saves it
    assert row(published) == before
    assert client_as("secretariat").get(change_url(published)).status_code == 200


def test_publishing_in_the_admin_goes_through_the_service_and_stamps(client_as, cast):
    verified = make(cast, 2020, ["submit", "verify"])
    draft = make(cast, 2021)

    response = client_as("secretariat").post(
        CHANGELIST,
        {"action": "publish_inventories", "_selected_action": [verified.pk, draft.pk]},
        follow=True,
    )

    text = response.content.decode()
    assert "Only a verified inventory can be published." in text  # the draft, refused
    verified.refresh_from_db()
    assert verified.status == "published"
    assert verified.published_by == cast.secretariat
    assert verified.published_at is not None
    assert row(draft)["status"] == "draft"


def test_a_published_inventory_is_not_deleted_on_its_delete_page(client_as, cast):
    published = make(cast, 2020, ["submit", "verify", "publish"])
    response = client_as("secretariat").post(f"{CHANGELIST}{published.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200  # the refusal, not the redirect of a deletion
    assert "Only a draft inventory can be deleted; this one is Published." in (
        response.content.decode()
    )
    assert Inventory.objects.filter(pk=published.pk).exists()


def test_the_bulk_delete_refuses_the_whole_selection_with_a_published_inventory(client_as, cast):
    published = make(cast, 2020, ["submit", "verify", "publish"])
    draft = make(cast, 2021)
    response = client_as("secretariat").post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [published.pk, draft.pk], "post": "yes"},
    )
    assert response.status_code == 200
    assert "Only a draft inventory can be deleted" in response.content.decode()
    assert Inventory.objects.filter(pk__in=[published.pk, draft.pk]).count() == 2


def test_a_draft_is_still_deleted(client_as, cast):
    draft = make(cast, 2021)
    response = client_as("secretariat").post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Inventory.objects.filter(pk=draft.pk).exists()


def test_the_api_refuses_the_same_deletion(client_as, cast):
    published = make(cast, 2020, ["submit", "verify", "publish"])
    response = client_as("secretariat").delete(f"/api/inventories/{published.pk}/")
    assert response.status_code == 403
    assert Inventory.objects.filter(pk=published.pk).exists()


@pytest.mark.parametrize("who", ["secretariat"])
def test_a_correction_is_opened_by_the_admin_action(client_as, cast, who):
    published = make(cast, 2020, ["submit", "verify", "publish"])
    response = client_as(who).post(
        CHANGELIST, {"action": "correct_inventories", "_selected_action": [published.pk]}
    )
    assert response.status_code == 302
    correction = Inventory.objects.get(supersedes=published)
    assert (correction.version, correction.status) == (2, "draft")


def test_the_history_does_not_restore_a_past_status(client_as, cast):
    # simple_history's revert would save the draft state of a published inventory
    # whole, status and stamps included: the history is read, not written back.
    published = make(cast, 2020, ["submit", "verify", "publish"])
    first = published.history.order_by("history_date").first()
    assert first.status == "draft"
    url = f"{CHANGELIST}{published.pk}/history/{first.history_id}/"
    admin = client_as("secretariat")
    before = row(published)

    assert admin.get(url).status_code == 200
    response = admin.post(url, {**NO_LINES, "gwp_set": "AR6GWP100", "boundary_note": ""})

    assert response.status_code == 403
    assert row(published) == before
