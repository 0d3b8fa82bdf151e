"""The registry of a lower page's sections (network/sections.py), as this app
uses it for the office page: in order, replaced by key, and only those with
something to show the person."""

from __future__ import annotations

from localaction.development import sections
from localaction.network.sections import Sections, office_page


def test_sections_show_in_order_without_the_empty_ones(cast):
    page: Sections = Sections()
    page.register("b", "b.html", lambda user, obj: {"obj": obj}, order=20)
    page.register("a", "a.html", lambda user, obj: {"obj": obj}, order=20)
    page.register("first", "first.html", lambda user, obj: {"n": 1}, order=10)
    page.register("hidden", "hidden.html", lambda user, obj: None, order=5)
    page.register("first", "replaced.html", lambda user, obj: {"n": 2}, order=10)

    shown = page.shown(cast.staff, cast.europe_office)

    assert [s.template for s in shown] == ["replaced.html", "a.html", "b.html"]
    assert shown[0].section == {"n": 2}


def test_this_app_registers_its_office_sections(cast):
    # Other apps (programmes, partnerships) may add theirs.
    shown = office_page.shown(cast.staff, cast.europe_office)
    templates = [s.template for s in shown if s.template.startswith("development/")]
    assert templates == [
        "development/_office_prospects.html",
        "development/_office_priority_regions.html",
    ]
    assert sections.prospects_section(cast.other_staff, cast.europe_office) is None
    assert sections.prospects_section(cast.editor, cast.europe_office) is None
