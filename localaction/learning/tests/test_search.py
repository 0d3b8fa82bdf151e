"""The search helper's entries: live courses only, with their themes."""

import pytest

from localaction.learning import search
from localaction.learning.tests.conftest import build_course

pytestmark = pytest.mark.django_db


def test_only_live_courses_reach_search(built, cast):
    draft = build_course(slug="draft", live=False)
    (entry,) = search.entries()
    assert entry["kind"] == "course" and entry["key"] == "first-inventory"
    assert entry["themes"] == ["ghg-inventory"]
    assert "Scopes" in entry["body"] and entry["url"] == "/learning/courses/first-inventory/"
    assert entry["region_id"] is None and entry["country_code"] == ""
    assert entry["object"] == built.course  # search removes its entry at once on withdrawal
    assert search.entry_for(draft.course) is None
    assert search.entry_for(built.lessons[0])["key"] == "first-inventory"
    assert set(search.WATCHED) >= {type(built.course)}
