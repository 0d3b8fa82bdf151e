"""End to end in a real browser (Playwright driving Debian's chromium, as
localaction/tests/test_browser.py): a visitor searches from the header, sees
the words marked, narrows by a facet and removes the filter, then searches
again in Spanish."""

import pytest

from localaction.search import services
from localaction.search.tests.test_search import ENGLISH, SPANISH
from localaction.tests.test_browser import page  # noqa: F401  (the browser fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_visitor_searches_narrows_and_searches_in_spanish(live_server, cast, page):  # noqa: F811
    services.rebuild()
    services.upsert(ENGLISH)
    services.upsert(SPANISH)
    page.goto(f"{live_server.url}/")
    header = page.get_by_role("banner").get_by_role("search")
    header.get_by_role("searchbox").fill("Freiburg")
    header.get_by_role("button", name="Search").click()

    results = page.get_by_role("main").get_by_role("status")
    results.get_by_text("2 results").wait_for()
    hits = page.locator(".search-hits")
    assert hits.get_by_role("link", name="Trams and bicycles in Freiburg").is_visible()
    assert hits.locator("mark", has_text="Freiburg").count() >= 2

    facets = page.get_by_role("complementary")
    facets.get_by_role("link", name="Case studies").click()
    results.get_by_text("1 result", exact=True).wait_for()
    assert "kind=case-study" in page.url
    filters = page.get_by_role("list", name="Filters")
    filters.get_by_role("link", name="Remove the filter Type: Case studies").click()
    results.get_by_text("2 results").wait_for()

    page.get_by_role("combobox", name="Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    page.get_by_role("heading", name="Buscar", level=1).wait_for()
    search = page.get_by_role("main").get_by_role("search")
    search.get_by_role("searchbox").fill("árboles CALOR")  # capitals aside
    search.get_by_role("button", name="Buscar").click()
    results.get_by_text("1 resultado", exact=True).wait_for()
    assert hits.get_by_role("link", name="Sombra urbana en Sevilla").is_visible()
    assert hits.locator("mark", has_text="árboles").is_visible()
    assert page.get_by_role("heading", name="Acotar los resultados").is_visible()
