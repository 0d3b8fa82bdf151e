"""The projects' search entries: public projects' summaries only — never a
project that is not public or was cancelled, never its budget."""

from __future__ import annotations

import pytest

from localaction.projects import search
from localaction.projects.models import Project

pytestmark = pytest.mark.django_db


def test_only_public_projects_reach_search(built):
    assert list(search.entries()) == []
    assert search.entry_for(built.project) is None
    built.project.is_public = True
    built.project.save()
    (entry,) = search.entries()
    assert entry["kind"] == "project" and entry["key"] == "ecobudget-pilot"
    assert entry["url"] == built.project.get_absolute_url()
    assert entry["themes"] == ["ecobudget"] and entry["year"] == 2025
    assert "Three cities run a full ecoBUDGET cycle." in entry["body"]
    assert "480" not in entry["body"] and "LIFE" not in entry["body"]


def test_a_cancelled_project_leaves_search(built):
    built.project.is_public = True
    built.project.status = Project.Status.CANCELLED
    built.project.save()
    assert search.entry_for(built.project) is None
    assert list(search.entries()) == []


def test_projects_are_a_source_of_the_platforms_search():
    from localaction.search.sources import SOURCES

    assert "localaction.projects.search" in SOURCES
    assert set(search.WATCHED) == {Project}
