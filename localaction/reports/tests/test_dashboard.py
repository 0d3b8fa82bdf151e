"""The public network dashboard and its provenance page: everyone sees the same
published figures, bad filters are explained on the form, unpublished figures
never show, every figure links to the members behind it, and the cache answers
warm requests yet never serves a changed network stale."""

from __future__ import annotations

import datetime
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from localaction.conftest import PEOPLE
from localaction.inventories.services import inventory_move
from localaction.reports import figures
from localaction.reports.tests.dashboard_data import (
    HEADLINE,
    YEAR,
    assert_no_secrets,
    build_network,
)

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("reports:dashboard")
MEMBERS = reverse("reports:members")


@pytest.fixture(autouse=True)
def empty_cache():
    # English, and back to it after a request in another language (which stays active).
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


@pytest.fixture
def network(cast):
    return build_network(cast)


def text_of(response) -> str:
    """The page's words, without markup and the charts' drawing."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def links_to_members(response) -> list[dict[str, list[str]]]:
    return [
        parse_qs(urlparse(href.replace("&amp;", "&")).query)
        for href in re.findall(r'href="([^"]+)"', response.content.decode())
        if href.startswith(MEMBERS)
    ]


def report_of(response) -> str:
    html = response.content.decode()
    return html[html.index('<div class="report">') : html.index("</main>")]


# Seeing


@pytest.mark.parametrize("who", PEOPLE)
def test_everyone_sees_the_published_headline_figures(client_as, network, who):
    response = client_as(who).get(DASHBOARD)
    text = text_of(response)
    assert f"Network report {YEAR}" in text
    for figure in HEADLINE:
        assert figure in text
    assert "1 members reporting" in text


@pytest.mark.parametrize("who", PEOPLE)
def test_unpublished_inventories_never_reach_the_dashboard(client_as, network, who):
    for params in ({}, {"year": YEAR + 1}, {"region": "africa"}, {"country": "KE"}):
        response = client_as(who).get(DASHBOARD, params)
        assert response.status_code == 200
        assert_no_secrets(response.content.decode())


@pytest.mark.parametrize("who", PEOPLE)
def test_everyone_sees_the_members_behind_the_figures(client_as, network, who):
    response = client_as(who).get(MEMBERS, {"year": YEAR})
    text = text_of(response)
    assert "Freiburg im Breisgau" in text
    assert "4,321,000" in text
    inventory = reverse("inventories:inventory", args=["de-freiburg", YEAR])
    assert f'href="{inventory}"' in response.content.decode()
    # Vauban lies inside Freiburg: left out, with the reason.
    assert "Vauban" in text
    assert "contained in de-freiburg" in text


@pytest.mark.parametrize("who", PEOPLE)
def test_unpublished_inventories_never_reach_the_members_page(client_as, network, who):
    for params in ({"year": YEAR}, {"year": YEAR + 1}, {"country": "KE"}, {"region": "africa"}):
        response = client_as(who).get(MEMBERS, params)
        assert response.status_code == 200
        text = response.content.decode()
        assert_no_secrets(text)
        assert "Unpublished Town" not in text
        assert "Nairobi" not in text


def test_the_members_page_adds_up_to_the_dashboards_total(client, network):
    text = text_of(client.get(MEMBERS, {"year": YEAR}))
    assert "1 members" in text
    assert "4,321,000 t CO2e" in text


def test_an_empty_network_has_a_dashboard(client, cast):
    text = text_of(client.get(DASHBOARD))
    assert "0 members reporting" in text
    assert "No published inventories yet." in text


# Provenance


def test_every_breakdown_links_to_its_members_under_the_same_scope(client, network):
    response = client.get(DASHBOARD, {"year": YEAR, "gwp": "AR5GWP100", "level": "BASIC+"})
    links = links_to_members(response)
    assert links
    for params in links:
        assert params["year"] == [str(YEAR)]
        assert params["gwp"] == ["AR5GWP100"]
        assert params["level"] == ["BASIC+"]
    narrowing = {(name, values[0]) for params in links for name, values in params.items()}
    assert {
        ("region", "europe"),
        ("country", "DE"),
        ("kind", "municipality"),
        ("band", "50k-250k"),
        ("campaign", "climate-europe"),
    } <= narrowing


def test_a_narrowed_members_page_lists_only_those_members(client, network):
    text = text_of(client.get(MEMBERS, {"year": YEAR, "region": "africa"}))
    assert "Freiburg im Breisgau" not in text
    assert "No published inventory counts under these choices." in text
    text = text_of(client.get(MEMBERS, {"year": YEAR, "band": "50k-250k"}))
    assert "Freiburg im Breisgau" in text
    text = text_of(client.get(MEMBERS, {"year": YEAR, "band": "1m-5m"}))
    assert "Freiburg im Breisgau" not in text


def test_the_rules_and_the_exclusions_are_stated(client, network):
    text = text_of(client.get(DASHBOARD, {"year": YEAR, "window": 2}))
    assert f"latest published inventory of {YEAR - 2} to {YEAR} counts" in text
    assert "No double counting" in text
    assert "Vauban" in text


def test_campaign_funnels_count_published_participants_only(client, network):
    text = text_of(client.get(DASHBOARD))
    # Freiburg and the unpublished town take part: one participant shows.
    assert "Climate Europe 1 active participant " in text


# Bad input


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("gwp", "AR99GWP100", "is not a GWP set"),
        ("level", "territorial", "is not a level"),
        ("year", "next", "is not a year"),
        ("year", "1066", "A report year lies between"),
        ("window", "99", "A window is a whole number"),
        ("region", "atlantis", "is not a region"),
        ("country", "XX", "is not a country code"),
        ("campaign", "no-such-campaign", "is not a campaign"),
    ],
)
@pytest.mark.parametrize("page", [DASHBOARD, MEMBERS])
def test_a_bad_filter_is_explained_on_its_field(client, network, page, field, value, message):
    response = client.get(page, {field: value})
    assert response.status_code == 200
    html = response.content.decode()
    errors = re.search(rf'<ul class="errorlist" id="id_{field}-errors"[^>]*>(.*?)</ul>', html, re.S)
    assert errors, html
    assert message in errors.group(1).replace("&#x27;", "'")
    assert "members reporting" not in html


def test_an_unknown_kind_or_band_is_explained_on_the_members_page(client, network):
    for field, value in (("kind", "castle"), ("band", "huge")):
        html = client.get(MEMBERS, {field: value}).content.decode()
        assert f'id="id_{field}-errors"' in html
        assert "Freiburg im Breisgau" not in html


# Speed


def test_a_warm_dashboard_comes_from_the_cache(client, network, monkeypatch):
    first = client.get(DASHBOARD)
    assert first.status_code == 200

    def refuse(*args, **kwargs):
        raise AssertionError("computed again")

    for name in ("network_report", "emissions_by_year", "campaign_funnels", "report_years"):
        monkeypatch.setattr(figures, name, refuse)
    second = client.get(DASHBOARD)
    assert report_of(second) == report_of(first)
    assert client.get(MEMBERS).status_code == 200


def test_a_published_inventory_changes_the_next_dashboard(client, cast, network):
    before = text_of(client.get(DASHBOARD, {"year": YEAR}))
    assert "987,654,321" not in before
    inventory_move(inventory=network.nairobi, step="publish", user=cast.secretariat)
    served = text_of(client.get(DASHBOARD, {"year": YEAR}))
    assert "1 members reporting" in served
    assert "newer figures are being prepared" in served
    after = text_of(client.get(DASHBOARD, {"year": YEAR}))
    assert "newer figures are being prepared" not in after
    assert "Figures as of" in after
    assert "2 members reporting" in after
    assert f"{987_654_321 + 4_321_000:,}" in after
    assert "Nairobi" in text_of(client.get(MEMBERS, {"year": YEAR}))


def test_an_unpublished_member_leaves_the_next_dashboard(client, cast, network):
    assert "1 members reporting" in text_of(client.get(DASHBOARD, {"year": YEAR}))
    cast.freiburg.is_published = False
    cast.freiburg.save()
    client.get(DASHBOARD, {"year": YEAR})  # queues the recomputation (at once in tests)
    text = text_of(client.get(DASHBOARD, {"year": YEAR}))
    assert "4,321,000" not in text
    assert "Freiburg" not in text_of(client.get(MEMBERS, {"year": YEAR}))


def test_the_data_version_moves_with_every_table_a_report_reads(cast, network):
    before = figures.data_version()
    assert figures.data_version() == before
    # A withdrawal: participations have no change column, their history does.
    participation = network.campaign.participations.first()
    participation.withdrawn_on = datetime.date(2021, 1, 1)
    participation.save()
    withdrawn = figures.data_version()
    assert withdrawn != before
    network.freiburg.boundary_note = "The city within its 2022 limits."
    network.freiburg.save()
    assert figures.data_version() != withdrawn


# Navigation


def test_the_main_navigation_leads_to_the_dashboard(client, cast):
    html = client.get(DASHBOARD).content.decode()
    assert f'<a href="{DASHBOARD}" aria-current="page">Network report</a>' in html


def test_each_language_gets_its_own_names_from_the_cache(client, network):
    assert "Europe" in text_of(client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="en"))
    spanish = text_of(client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="es"))
    assert "Europa" in spanish
    assert "Alemania" in spanish


# The instruments' sections


@pytest.fixture
def instrument_section():
    """An instrument's section whose figures are the report year, stamped by
    the people who join (a table no report reads otherwise)."""
    from django.contrib.auth import get_user_model

    from localaction import report_sections as report

    section = report.Section(
        "test-instrument",
        "Test instrument",
        lambda year: {"year": year, "members": 7},
        "reports/tests/_instrument.html",
        "reports:publications",
        stamps=((get_user_model(), "date_joined"),),
        order=999,
    )
    report.register_section(section)
    yield section
    del report._SECTIONS[section.key]


def test_every_instrument_registered_shows_its_section_and_its_page(
    client, cast, network, instrument_section, settings, tmp_path
):
    (tmp_path / "reports" / "tests").mkdir(parents=True)
    (tmp_path / "reports" / "tests" / "_instrument.html").write_text(
        '<h3 id="report-test-instrument">Instrument in {{ figures.year }}: '
        "{{ figures.members }} members</h3>"
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    response = client.get(DASHBOARD, {"year": YEAR})
    text = text_of(response)
    html = response.content.decode()
    assert f"Instrument in {YEAR}: 7 members" in text
    assert 'aria-labelledby="report-test-instrument"' in html
    # Every instrument's partial heads its card with the heading the card names.
    from localaction import report_sections as report

    for key in (*(section.key for section in report.sections()), "test-instrument"):
        assert f'aria-labelledby="report-{key}"' in html
        assert f'id="report-{key}"' in html
    assert f'href="{reverse("reports:publications")}">Test instrument</a>' in html


def test_an_instruments_records_move_the_data_version(cast, network, instrument_section):
    from django.contrib.auth import get_user_model

    before = figures.data_version()
    get_user_model().objects.create_user("newcomer", password="x")
    assert figures.data_version() != before


def test_a_section_is_registered_once():
    from localaction import report_sections as report

    ecobudget = next(s for s in report.sections() if s.key == "ecobudget")
    report.register_section(ecobudget)  # the same again: nothing changes
    with pytest.raises(ValueError, match="registered already"):
        report.register_section(report.Section("ecobudget", "x", len, "x.html", "x"))
