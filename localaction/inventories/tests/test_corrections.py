"""Correcting a published inventory: the office reopens it as a new version (a
draft with a copy of its lines), the member's editors correct it, and once it is
published the old version is superseded. Until then the old one counts, in the
report and for the public; afterwards the new one, automatically."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError
from django.urls import reverse

from localaction.campaigns.permissions import inventories_for_figures
from localaction.inventories.models import Inventory, InventoryLine
from localaction.inventories.services import (
    LineData,
    inventory_correct,
    inventory_move,
    inventory_replace_lines,
)
from localaction.reports.services import Scope, network_report

YEAR = 2022
URL = f"/members/de-freiburg/inventories/{YEAR}/"
CORRECT = f"{URL}correct/"
# 1,000 t CO2 published; the correction finds 800 t.
FIRST = [
    LineData("I.1.1", measured_kg={"CO2": 600_000}),
    LineData("II.1.1", measured_kg={"CO2": 400_000}),
]
CORRECTED = [
    LineData("I.1.1", measured_kg={"CO2": 450_000}),
    LineData("II.1.1", measured_kg={"CO2": 350_000}),
]


@pytest.fixture
def published(cast) -> Inventory:
    inventory = Inventory.objects.create(local_government=cast.freiburg, year=YEAR)
    inventory_replace_lines(inventory=inventory, lines=FIRST)
    for step in ("submit", "verify", "publish"):
        inventory_move(inventory=inventory, step=step, user=cast.staff)
    return inventory


def publish(inventory: Inventory, user) -> None:
    for step in ("submit", "verify", "publish"):
        inventory_move(inventory=inventory, step=step, user=user)


def report_total() -> float:
    return network_report(Scope(year=YEAR)).total_tco2e


def counted_inventory() -> int:
    [counted] = network_report(Scope(year=YEAR)).counted
    return counted.inventory_id


# Who reopens


@pytest.mark.parametrize("who", ["staff", "secretariat"])
def test_an_office_reopens_a_published_inventory_as_a_new_draft_version(
    client_as, cast, published, who
):
    response = client_as(who).post(CORRECT)

    correction = Inventory.objects.get(supersedes=published)
    assert response.status_code == 302
    assert response.url == f"{URL}?version=2"
    assert (correction.version, correction.status, correction.year) == (2, "draft", YEAR)
    assert correction.local_government == cast.freiburg
    assert correction.gwp_set == published.gwp_set
    published.refresh_from_db()
    assert published.status == "published"  # it still counts
    copied = list(correction.lines.values_list("gpc_ref", "gases_kg", "position"))
    assert copied == list(published.lines.values_list("gpc_ref", "gases_kg", "position"))
    assert sorted(correction.totals.values_list("gpc_ref", "gas", "kg")) == sorted(
        published.totals.values_list("gpc_ref", "gas", "kg")
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [("editor", 403), ("colleague", 403), ("outsider", 403), ("other_staff", 403)],
)
def test_an_editor_or_another_office_cannot_reopen(client_as, published, who, status):
    response = client_as(who).post(CORRECT)
    assert response.status_code == status
    assert Inventory.objects.count() == 1


def test_the_api_reopens_for_the_office_only(client_as, published):
    url = f"/api/inventories/{published.pk}/correct/"
    assert client_as("editor").post(url).status_code == 403
    assert Inventory.objects.count() == 1

    response = client_as("staff").post(url)

    assert response.status_code == 201
    assert response.json()["version"] == 2
    assert response.json()["status"] == "draft"
    assert response.json()["supersedes"].endswith(f"/api/inventories/{published.pk}/")


def test_one_open_correction_at_a_time(client_as, cast, published):
    client_as("staff").post(CORRECT)
    response = client_as("staff").post(f"{CORRECT}?version=1", follow=True)

    assert "already open as a correction" in response.content.decode()
    assert Inventory.objects.count() == 2
    with pytest.raises(ValidationError, match="already open as a correction"):
        inventory_correct(inventory=published, user=cast.staff)


def test_only_a_published_inventory_is_corrected(cast):
    draft = Inventory.objects.create(local_government=cast.freiburg, year=YEAR)
    with pytest.raises(ValidationError, match="Only a published inventory"):
        inventory_correct(inventory=draft, user=cast.staff)


def test_the_database_keeps_one_published_and_one_open_version_a_year(cast, published):
    correction = inventory_correct(inventory=published, user=cast.staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        Inventory.objects.filter(pk=correction.pk).update(status="published")
    with pytest.raises(IntegrityError), transaction.atomic():
        Inventory.objects.create(
            local_government=cast.freiburg, year=YEAR, version=3, supersedes=correction
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Inventory.objects.create(local_government=cast.freiburg, year=YEAR)


# Correcting


def test_the_editor_corrects_the_new_version_like_a_draft(client_as, cast, published):
    inventory_correct(inventory=published, user=cast.staff)
    before = list(published.lines.values_list())

    response = client_as("editor").post(
        reverse("inventories:line-add", args=["de-freiburg", YEAR]),
        {"gpc_ref": "I.2.1", "notation_key": "NO", "explanation": "No commerce here"},
    )

    assert response.status_code == 302
    correction = Inventory.objects.get(version=2)
    assert correction.lines.filter(gpc_ref="I.2.1").exists()
    assert list(published.lines.values_list()) == before


def test_the_report_counts_the_old_version_until_the_correction_is_published(cast, published):
    assert report_total() == pytest.approx(1_000)
    correction = inventory_correct(inventory=published, user=cast.staff)
    inventory_replace_lines(inventory=correction, lines=CORRECTED)
    for step in ("submit", "verify"):
        inventory_move(inventory=correction, step=step, user=cast.staff)
        assert report_total() == pytest.approx(1_000)
        assert counted_inventory() == published.pk

    inventory_move(inventory=correction, step="publish", user=cast.staff)

    assert report_total() == pytest.approx(800)
    assert counted_inventory() == correction.pk
    published.refresh_from_db()
    assert published.status == "superseded"
    assert published.superseded_by == cast.staff
    assert published.superseded_at == correction.published_at


def test_target_figures_count_one_version_a_year(cast, published):
    correction = inventory_correct(inventory=published, user=cast.staff)
    inventory_replace_lines(inventory=correction, lines=CORRECTED)
    # A draft correction: the published version counts, for insiders too.
    assert list(inventories_for_figures(cast.editor, cast.freiburg)) == [published]
    inventory_move(inventory=correction, step="submit", user=cast.editor)
    # Submitted: insiders count the correction, the public the published version.
    assert list(inventories_for_figures(cast.editor, cast.freiburg)) == [correction]
    assert list(inventories_for_figures(AnonymousUser(), cast.freiburg)) == [published]
    for step in ("verify", "publish"):
        inventory_move(inventory=correction, step=step, user=cast.staff)
    assert list(inventories_for_figures(cast.editor, cast.freiburg)) == [correction]
    assert list(inventories_for_figures(AnonymousUser(), cast.freiburg)) == [correction]


# Pages


def test_the_public_sees_the_published_version_while_a_correction_is_open(
    client_as, cast, published
):
    inventory_correct(inventory=published, user=cast.staff)

    page = client_as("anonymous").get(URL)

    assert page.status_code == 200
    assert page.context["inventory"] == published
    assert client_as("anonymous").get(f"{URL}?version=2").status_code == 404
    # Insiders land on the correction, which links the version it corrects.
    insider = client_as("colleague").get(URL)
    assert insider.context["inventory"].version == 2
    assert f'href="{URL}?version=1"' in insider.content.decode()


def test_both_versions_show_their_links_and_their_history(client_as, cast, published):
    correction = inventory_correct(inventory=published, user=cast.staff)
    inventory_replace_lines(inventory=correction, lines=CORRECTED)
    publish(correction, cast.staff)
    anonymous = client_as("anonymous")

    current = anonymous.get(URL)
    old = anonymous.get(f"{URL}?version=1")

    assert current.context["inventory"] == correction
    text = current.content.decode()
    assert "This version corrects" in text and f'href="{URL}?version=1"' in text
    assert old.context["inventory"] == published
    assert "This version is superseded by" in old.content.decode()
    assert f'href="{URL}?version=2"' in old.content.decode()
    for page in (current, old):
        versions = page.context["versions"]
        assert [entry["inventory"].version for entry in versions] == [1, 2]
        assert [change["status"] for change in versions[0]["changes"]] == [
            "draft",
            "submitted",
            "verified",
            "published",
            "superseded",
        ]
        assert [change["status"] for change in versions[1]["changes"]] == [
            "draft",
            "submitted",
            "verified",
            "published",
        ]
        assert versions[0]["changes"][-1]["by"] == cast.staff
        assert "Versions of this inventory" in page.content.decode()
    # The tabs of the old version stay on it.
    results = anonymous.get(f"{URL}results/?version=1")
    assert results.context["inventory"] == published
    assert f"{URL}results/?version=1" in old.content.decode()


def test_the_profile_links_the_current_version_once_a_year(client_as, cast, published):
    correction = inventory_correct(inventory=published, user=cast.staff)
    publish(correction, cast.staff)

    profile = client_as("anonymous").get(cast.freiburg.get_absolute_url())

    text = profile.content.decode()
    assert f'href="{URL}?version=2"' in text
    assert text.count(f'href="{URL}') == 1  # one row for the year, the current version


def test_the_api_shows_version_and_supersedes(client_as, cast, published):
    correction = inventory_correct(inventory=published, user=cast.staff)
    publish(correction, cast.staff)
    client = client_as("anonymous")

    new = client.get(f"/api/inventories/{correction.pk}/").json()
    old = client.get(f"/api/inventories/{published.pk}/").json()

    assert (new["version"], new["status"]) == (2, "published")
    assert new["supersedes"].endswith(f"/api/inventories/{published.pk}/")
    assert new["superseded_by_version"] is None
    assert (old["version"], old["status"], old["supersedes"]) == (1, "superseded", None)
    assert old["superseded_by_version"].endswith(f"/api/inventories/{correction.pk}/")
    assert old["superseded_at"] is not None


def test_the_lines_of_a_correction_stay_with_it_when_a_draft_correction_is_deleted(
    client_as, cast, published
):
    correction = inventory_correct(inventory=published, user=cast.staff)
    response = client_as("editor").delete(f"/api/inventories/{correction.pk}/")
    assert response.status_code == 204
    assert list(Inventory.objects.all()) == [published]
    assert InventoryLine.objects.filter(inventory=published).count() == 2
    # And the published one can be corrected again.
    assert inventory_correct(inventory=published, user=cast.staff).version == 2


def test_a_corrected_version_goes_only_with_its_correction(cast, published):
    correction = inventory_correct(inventory=published, user=cast.staff)
    publish(correction, cast.staff)
    with pytest.raises(RestrictedError), transaction.atomic():
        published.delete()
    # Deleting the local government takes every version with it.
    cast.freiburg.delete()
    assert not Inventory.objects.exists()


@pytest.mark.parametrize(("who", "offered"), [("staff", True), ("editor", False)])
def test_the_page_offers_the_correction_to_the_office_only(client_as, published, who, offered):
    page = client_as(who).get(URL).content.decode()
    assert ("Reopen as a correction" in page) is offered
    assert (f'action="{CORRECT}"' in page) is offered
