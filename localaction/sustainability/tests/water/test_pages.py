"""Every water page for each of the cast: who sees, who may change, and a
refused or invalid request that writes nothing."""

import pytest
from django.urls import reverse

from localaction.sustainability.water import services
from localaction.sustainability.water.models import WaterBenefit, WaterConsumption, WaterQuality
from localaction.sustainability.water.profile import water_section

pytestmark = pytest.mark.django_db

EVERYONE = ("anonymous", "editor", "colleague", "outsider", "staff", "other_staff", "secretariat")
INSIDERS = ("editor", "colleague", "staff", "secretariat")
KEEPERS = ("editor", "staff", "secretariat")


def _expected_for_keepers(who: str) -> int:
    if who == "anonymous":
        return 302
    return 200 if who in KEEPERS else 403


@pytest.mark.parametrize("who", EVERYONE)
def test_a_draft_inventory_is_seen_by_insiders_only(client_as, inventory, who):
    url = inventory.get_absolute_url()
    response = client_as(who).get(url)
    assert response.status_code == (200 if who in INSIDERS else 404)
    listing = client_as(who).get(reverse("water:member", args=["de-freiburg"]))
    assert listing.status_code == 200
    assert (url in listing.content.decode()) == (who in INSIDERS)
    download = client_as(who).get(reverse("water:download", args=["de-freiburg", 2023, "csv"]))
    assert download.status_code == (200 if who in INSIDERS else 404)


@pytest.mark.parametrize("who", EVERYONE)
def test_a_verified_inventory_is_public_with_its_tables_and_chart(client_as, verified, who):
    response = client_as(who).get(verified.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "7,300,000" in page  # the total, m³
    assert "5,500,000" in page  # residential
    assert ">200<" in page  # l per person and day
    assert "30.0 %" in page  # non-revenue water
    assert 'id="water-by-sector-title"' in page  # the stacked bar chart
    assert '<th scope="row">Residential</th>' in page
    assert "WHO Guidelines for Drinking-water Quality" in page
    assert ("Verify this inventory" in page) is False  # verified already
    assert ("Back to draft" in page) == (who in ("staff", "secretariat"))


def test_an_unpublished_members_water_is_hidden(client_as, cast):
    inventory = services.water_inventory_create(
        local_government=cast.hidden, year=2023, population_served=10, user=cast.staff
    )
    assert client_as("anonymous").get(inventory.get_absolute_url()).status_code == 404
    assert client_as("outsider").get(reverse("water:member", args=["de-hidden"])).status_code == 404
    assert client_as("staff").get(inventory.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("who", EVERYONE)
def test_forms_are_for_editors_and_offices(client_as, inventory, who):
    for url in (
        reverse("water:new", args=["de-freiburg"]),
        reverse("water:edit", args=["de-freiburg", 2023]),
        reverse("water:import", args=["de-freiburg", 2023]),
    ):
        status = client_as(who).get(url).status_code
        if who in ("outsider", "other_staff") and "new" not in url:
            assert status == 404  # a draft they may not even see
        else:
            assert status == _expected_for_keepers(who), url


def test_starting_an_inventory_from_the_page(client_as, cast):
    client = client_as("editor")
    data = {"year": 2022, "population_served": 5000, "losses_unit": "ML"}
    data |= {"system_input": 400, "billed": 300}
    response = client.post(reverse("water:new", args=["de-freiburg"]), data)
    assert response.status_code == 302
    inventory = cast.freiburg.water_inventories.get(year=2022)
    assert inventory.system_input_m3 == pytest.approx(400_000) and inventory.is_draft


def test_an_impossible_balance_on_the_page_starts_nothing(client_as, cast):
    data = {"year": 2022, "population_served": 5000, "system_input": 100, "billed": 300}
    response = client_as("editor").post(reverse("water:new", args=["de-freiburg"]), data)
    assert response.status_code == 400
    assert "cannot exceed the system input volume" in response.content.decode()
    assert not cast.freiburg.water_inventories.exists()


def test_adding_a_line_and_a_quality_figure_from_the_edit_page(client_as, inventory):
    client = client_as("editor")
    url = reverse("water:line-save", args=["de-freiburg", 2023])
    response = client.post(
        url, {"sector": "industrial", "source": "groundwater", "amount": 100, "unit": "acre_foot"}
    )
    assert response.status_code == 302
    line = inventory.lines.get(sector="industrial", source="groundwater")
    assert line.m3 == pytest.approx(123_348.92, rel=1e-6)
    response = client.post(
        reverse("water:quality-save", args=["de-freiburg", 2023]),
        {"indicator": "turbidity", "value": 0.4, "samples": 52},
    )
    assert response.status_code == 302
    assert inventory.quality.get(indicator="turbidity").value == 0.4


def test_a_volume_in_a_wrong_unit_on_the_page_is_refused(client_as, inventory):
    response = client_as("editor").post(
        reverse("water:line-save", args=["de-freiburg", 2023]),
        {"sector": "industrial", "source": "groundwater", "amount": 100, "unit": "MWh"},
    )
    assert response.status_code == 400
    assert "&#x27;MWh&#x27; is an energy, not a volume" in response.content.decode()
    assert not inventory.lines.filter(sector="industrial", source="groundwater").exists()


@pytest.mark.parametrize("who", ("colleague", "outsider", "other_staff"))
def test_others_cannot_change_an_inventory(client_as, inventory, who):
    client = client_as(who)
    line = inventory.lines.first()
    quality = inventory.quality.first()
    for url, data in (
        (reverse("water:line-save", args=["de-freiburg", 2023]), {"sector": "industrial"}),
        (reverse("water:line-delete", args=["de-freiburg", 2023, line.pk]), {}),
        (reverse("water:quality-delete", args=["de-freiburg", 2023, quality.pk]), {}),
        (reverse("water:submit", args=["de-freiburg", 2023]), {}),
        (reverse("water:delete", args=["de-freiburg", 2023]), {}),
    ):
        assert client.post(url, data).status_code in (403, 404), url
    assert WaterConsumption.objects.filter(pk=line.pk).exists()
    assert WaterQuality.objects.filter(pk=quality.pk).exists()
    inventory.refresh_from_db()
    assert inventory.is_draft


def test_submit_verify_and_reopen_from_the_pages(client_as, inventory):
    args = ["de-freiburg", 2023]
    assert client_as("anonymous").post(reverse("water:submit", args=args)).status_code == 302
    client_as("editor").post(reverse("water:submit", args=args))
    inventory.refresh_from_db()
    assert inventory.status == "submitted"
    client_as("editor").post(reverse("water:verify", args=args))
    inventory.refresh_from_db()
    assert inventory.status == "submitted"  # a member never verifies itself
    client_as("staff").post(reverse("water:verify", args=args))
    inventory.refresh_from_db()
    assert inventory.status == "verified"
    client_as("editor").post(reverse("water:reopen", args=args))
    inventory.refresh_from_db()
    assert inventory.status == "verified"
    client_as("secretariat").post(reverse("water:reopen", args=args))
    inventory.refresh_from_db()
    assert inventory.is_draft


@pytest.mark.parametrize("who", EVERYONE)
def test_the_benefits_page_and_form(client_as, cast, action, grid_factor, who):
    services.water_benefit_save(action=action, amount=100_000, user=cast.editor)
    page = client_as(who).get(reverse("water:benefits", args=["de-freiburg"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "100,000" in text and "14.11" in text  # m³ and t CO2e avoided a year
    assert "EPRI" in text and "Illustrative test value" in text  # both sources stated
    form = client_as(who).get(reverse("water:benefit", args=["de-freiburg", action.pk]))
    assert form.status_code == _expected_for_keepers(who)


def test_recording_benefits_from_the_page(client_as, action, grid_factor):
    url = reverse("water:benefit", args=["de-freiburg", action.pk])
    refused = client_as("editor").post(url, {"amount": 5, "unit": "kg"})
    assert refused.status_code == 400 and not WaterBenefit.objects.exists()
    done = client_as("editor").post(url, {"amount": 1, "unit": "ML"})
    assert done.status_code == 302
    assert WaterBenefit.objects.get().m3_saved == pytest.approx(1000)
    assert client_as("outsider").post(url, {"amount": 1}).status_code == 403
    deleted = client_as("editor").post(
        reverse("water:benefit-delete", args=["de-freiburg", action.pk])
    )
    assert deleted.status_code == 302 and not WaterBenefit.objects.exists()


@pytest.mark.parametrize("who", ("anonymous", "outsider", "secretariat"))
def test_the_network_page_is_public(client_as, verified, who):
    response = client_as(who).get(reverse("water:network") + "?year=2024")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Freiburg im Breisgau" in page and "7.3" in page  # million m³
    download = client_as(who).get(reverse("water:network-download", args=["csv"]) + "?year=2024")
    assert download.status_code == 200 and b"de-freiburg" in download.content
    assert client_as(who).get(reverse("water:network") + "?year=20x4").status_code == 404


def test_the_profile_section(cast, inventory):
    assert water_section(cast.editor, cast.freiburg)["inventories"] == [inventory]
    assert water_section(cast.outsider, cast.freiburg) is None  # a draft, not theirs
