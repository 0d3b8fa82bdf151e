"""The sitemap lists every public item and hub and nothing else: unpublished
members never (nor draft case studies: knowledge's tests), and an item that stops being public
leaves it after the commit; robots.txt points to it and keeps crawlers out of
the back office."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from localaction.search import services
from localaction.search.sitemaps import HUBS, EntrySitemap

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def addresses(client) -> set[str]:
    """Every <loc> of every page of the sitemap, following its index."""
    index = client.get(reverse("sitemap"))
    assert index.status_code == 200
    assert index["Content-Type"].startswith("application/xml")
    found = set()
    for loc in ET.fromstring(index.content).findall("s:sitemap/s:loc", NS):
        page = client.get(loc.text.removeprefix("http://testserver"))
        assert page.status_code == 200
        found |= {url.text for url in ET.fromstring(page.content).findall("s:url/s:loc", NS)}
    return {url.removeprefix("http://testserver") for url in found}


def test_public_items_and_hubs_are_listed_and_nothing_else(
    cast, client, django_capture_on_commit_callbacks
):
    services.rebuild()
    listed = addresses(client)
    assert {reverse(name) for name in HUBS} <= listed
    assert cast.freiburg.get_absolute_url() in listed
    assert reverse("network:local-government", args=["de-hidden"]) not in listed
    with django_capture_on_commit_callbacks(execute=True):
        cast.freiburg.is_published = False
        cast.freiburg.save()
    assert cast.freiburg.get_absolute_url() not in addresses(client)


def test_the_sitemap_is_split_into_pages(cast, client, monkeypatch):
    services.rebuild()
    monkeypatch.setattr(EntrySitemap, "limit", 2)
    index = ET.fromstring(client.get(reverse("sitemap")).content)
    pages = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    assert len(pages) > 2  # the hubs' page and the entries' pages of two
    assert client.get("/sitemap-items.xml?p=999").status_code == 404


def test_robots_txt_points_to_the_sitemap(client, db):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    text = robots.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    for path in ("/admin/", "/cms/", "/api/", "/accounts/"):
        assert f"Disallow: {path}" in text
    assert client.post("/robots.txt").status_code == 405
