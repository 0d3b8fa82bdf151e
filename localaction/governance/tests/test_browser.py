"""End to end, in a real browser (the fixture and its rules are
localaction/tests/test_browser.py's): a visitor searches the decisions log."""

import pytest

from localaction.tests.test_browser import page  # noqa: F401 — the browser fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_visitor_searches_the_decisions_log_and_opens_a_decision(
    live_server,
    quorate,
    record,
    page,  # noqa: F811
):
    record(quorate, title="Adoption of the work programme")
    record(quorate, title="Budget of the regional offices", motion="Approve the offices' budget.")
    record(quorate, title="Confidential staffing matter", is_public=False)

    page.goto(f"{live_server.url}/governance/")
    page.get_by_role("link", name="Decisions log").click()
    page.get_by_text("2 decisions found").wait_for()  # the members-only one is not told

    page.get_by_label("Words").fill("budget")
    page.get_by_label("Body").select_option(label="Test Committee")
    page.get_by_label("Year").fill("2025")
    page.get_by_role("main").get_by_role("button", name="Search").click()  # not the header's
    page.get_by_text("1 decision found").wait_for()
    assert page.get_by_role("link", name="TESTCOM-2025-002").is_visible()
    assert page.get_by_text("Confidential staffing matter").count() == 0

    page.get_by_role("link", name="TESTCOM-2025-002").click()
    page.wait_for_url(f"{live_server.url}/governance/decisions/TESTCOM-2025-002/")
    assert page.get_by_role("heading", level=1).inner_text() == "Budget of the regional offices"
    assert page.get_by_text("Approve the offices' budget.").is_visible()
