"""The consultancy's search entries: the services of the catalogue while they
are offered; never consultants, engagements or prices."""

from __future__ import annotations

import pytest

from localaction.consultancy import search
from localaction.consultancy.models import Service

pytestmark = pytest.mark.django_db


def test_offered_services_reach_search_withdrawn_ones_leave(built):
    entries = {entry["key"]: entry for entry in search.entries()}
    entry = entries[built.service.slug]
    assert entry["kind"] == "service" and entry["title"] == built.service.name
    assert entry["url"] == built.service.get_absolute_url()
    assert entry["year"] is None
    assert str(built.consultant) not in entry["body"]
    built.service.active = False
    built.service.save()
    assert search.entry_for(built.service) is None
    assert built.service.slug not in {entry["key"] for entry in search.entries()}


def test_services_are_a_source_of_the_platforms_search():
    from localaction.search.sources import SOURCES

    assert "localaction.consultancy.search" in SOURCES
    assert set(search.WATCHED) == {Service}
