"""Public pages under a crowd: anonymous visitors are served the page as last
rendered for the data as they are (no query once the stamp is known), each
with their own CSRF token; a change of the data shows on the next request;
signed-in people never get a kept page, nor anonymous visitors theirs; the
pages' own queries stay bounded as the data grow."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from localaction.inventories.services import inventory_move
from localaction.network.models import Membership, Region
from localaction.reports import figures
from localaction.reports.tests.dashboard_data import YEAR, build_network, make_inventory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def network(cast):
    return build_network(cast)


def pages(cast) -> dict[str, str]:
    return {
        "home": reverse("home"),
        "directory": reverse("network:directory"),
        "profile": cast.freiburg.get_absolute_url(),
        "report": f"{reverse('reports:dashboard')}?year={YEAR}",
    }


def queries(client: Client, url: str, **headers) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    return len(captured), response


@pytest.fixture
def stamp_kept(monkeypatch):
    """As in production: the stamp of the data is read from the shared cache
    (kept fresh by the workers), not from the database on every request."""
    monkeypatch.setattr(figures, "STAMP_SECONDS", 60)


@pytest.mark.parametrize("page", ["home", "directory", "profile", "report"])
def test_a_second_anonymous_visit_costs_no_query(client, cast, network, stamp_kept, page):
    url = pages(cast)[page]
    first_queries, first = queries(client, url)
    assert first.status_code == 200
    assert first_queries > 0
    again, second = queries(Client(), url)
    assert again == 0
    assert second.status_code == 200
    # The same page, but for the CSRF token of the language form: each visitor's own.
    first_html, second_html = first.content.decode(), second.content.decode()
    assert TOKEN.sub("", first_html) == TOKEN.sub("", second_html)
    assert TOKEN.search(first_html).group(1) != TOKEN.search(second_html).group(1)
    assert "Cookie" in second["Vary"] and "Accept-Language" in second["Vary"]
    assert "csrftoken" in second.cookies


def test_the_token_on_a_kept_page_is_the_visitors_own(cast, network, stamp_kept):
    Client().get(reverse("home"))
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(reverse("home")).content.decode()
    token = TOKEN.search(page).group(1)
    changed = visitor.post(
        reverse("set_language"), {"language": "fr", "csrfmiddlewaretoken": token}
    )
    assert changed.status_code == 302
    stranger = Client(enforce_csrf_checks=True)
    stranger.get(reverse("home"))
    refused = stranger.post(reverse("set_language"), {"language": "fr", "csrfmiddlewaretoken": "x"})
    assert refused.status_code == 403


def test_each_language_has_its_page(client, cast, network, stamp_kept):
    english = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    french = Client().get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="en">' in english
    assert '<html lang="fr">' in french


def test_a_renamed_member_shows_on_the_next_visit(client, cast, network):
    urls = pages(cast)
    for url in (urls["directory"], urls["profile"]):
        assert "Freiburg im Breisgau" in client.get(url).content.decode()
    cast.freiburg.name = "Freiburg (renamed)"
    cast.freiburg.save()
    for url in (urls["directory"], urls["profile"]):
        assert "Freiburg (renamed)" in Client().get(url).content.decode()


def test_a_published_inventory_shows_on_the_next_visit(client, cast, network):
    url = pages(cast)["profile"]
    before = client.get(url).content.decode()
    inventory = make_inventory(cast, cast.freiburg, 2019, "verified", 1_000)
    link = f'href="{inventory.get_absolute_url()}"'
    assert link not in before
    assert link not in Client().get(url).content.decode()
    inventory_move(inventory=inventory, step="publish", user=cast.secretariat)
    assert link in Client().get(url).content.decode()


def test_a_membership_and_a_renamed_region_show_on_the_next_visit(client, cast, network):
    home = reverse("home")
    assert "Europa Nova" not in client.get(home).content.decode()
    Region.objects.filter(code="europe").update(name="Europa Nova")
    assert "Europa Nova" in Client().get(home).content.decode()
    members_before = Client().get(home).content.decode()
    Membership.objects.create(
        local_government=cast.nairobi, status=Membership.Status.ACTIVE, type="full"
    )
    assert Client().get(home).content.decode() != members_before


@pytest.mark.parametrize("page", ["home", "directory", "profile", "report"])
def test_signed_in_people_never_get_the_visitors_page_nor_they_theirs(
    client_as, cast, network, stamp_kept, page
):
    url = pages(cast)[page]
    anonymous = client_as("anonymous").get(url).content.decode()
    assert "Log out" not in anonymous
    editor = client_as("editor").get(url).content.decode()
    assert "Log out" in editor and "editor" in editor
    assert "Log out" not in client_as("anonymous").get(url).content.decode()
    # An editor first, then a visitor: the editor's page was never kept.
    cache.clear()
    client_as("editor").get(url)
    assert "Log out" not in client_as("anonymous").get(url).content.decode()


def test_a_visitor_with_messages_or_a_session_is_served_afresh(client, cast, network, stamp_kept):
    url = pages(cast)["home"]
    client.get(url)
    carrying = Client()
    carrying.cookies["messages"] = "anything"
    count, _response = queries(carrying, url)
    assert count > 0


def test_figures_being_prepared_are_never_kept(client, cast, network, stamp_kept):
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    from localaction.reports.tasks import recompute

    url = pages(cast)["report"]
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        assert client.get(url).status_code == 202
        assert Client().get(url).status_code == 202
    task = DBTaskResult.objects.get(task_path=recompute.module_path)
    recompute.call(**task.args_kwargs["kwargs"])  # as a worker would
    # Computed since: served, then kept.
    assert Client().get(url).status_code == 200
    count, response = queries(Client(), url)
    assert (count, response.status_code) == (0, 200)


def _grow(cast, *, inventories: int, first_year: int) -> None:
    for number in range(inventories):
        make_inventory(cast, cast.freiburg, first_year + number, "published", 1_000 + number)


# The profile is not here yet: its inventories section reads each inventory's
# lines to total them (two queries an inventory).
@pytest.mark.parametrize("page", ["home", "directory"])
def test_the_pages_queries_do_not_grow_with_the_data(client, cast, page):
    url = pages(cast)[page]
    _grow(cast, inventories=1, first_year=2000)
    cache.clear()
    few, response = queries(client, url)
    assert response.status_code == 200
    _grow(cast, inventories=6, first_year=2010)
    cache.clear()
    many, _response = queries(Client(), url)
    assert many == few


def test_a_page_the_shared_cache_dropped_is_not_served_from_memory(client, cast, stamp_kept):
    home = reverse("home")
    client.get(home)
    Client().get(home)  # served from this process's memory now
    Region.objects.filter(code="europe").update(name="Europa Nova")  # the stamp is kept
    assert "Europa Nova" not in Client().get(home).content.decode()
    cache.clear()  # what an eviction, a restart of Redis or a new test does
    assert "Europa Nova" in Client().get(home).content.decode()
