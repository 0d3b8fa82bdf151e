"""End to end in a real browser (Playwright driving Debian's chromium, as
localaction/tests/test_browser.py): Nairobi's editor reads the offers
suggested for its need, with their reasons, and proposes an exchange from one;
Freiburg's editor accepts it."""

import pytest

from localaction.conftest import PASSWORD
from localaction.exchange.tests.conftest import publish
from localaction.tests.test_browser import page  # noqa: F401  (the browser fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page, url: str, username: str) -> None:  # noqa: F811
    page.goto(url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_need_becomes_an_exchange_both_members_agree(live_server, cast, page):  # noqa: F811
    need = publish(cast.nairobi, cast.outsider, kind="need", title="Water accounts for Nairobi",
                   languages=("en", "sw"))  # fmt: skip
    publish(cast.freiburg, cast.editor, kind="offer", title="Our water accounts",
            languages=("de", "en"))  # fmt: skip
    _sign_in(page, f"{live_server.url}/accounts/login/?next={need.get_absolute_url()}", "outsider")
    page.get_by_role("heading", name="Water accounts for Nairobi", level=1).wait_for()
    reasons = page.get_by_role("list", name="Why it is suggested")
    assert reasons.get_by_text("links a developing and an industrialised country (+2)").is_visible()
    page.get_by_role("link", name="Propose an exchange").click()
    page.get_by_label("Starts on").fill("2026-03-01")
    page.get_by_role("button", name="Propose").click()
    page.get_by_text("Proposed: the other member's editors are told.").wait_for()
    exchange_url = page.url

    page.context.clear_cookies()
    _sign_in(page, f"{live_server.url}/accounts/login/?next={exchange_url}", "editor")
    page.get_by_role("button", name="Accept the exchange").click()
    page.get_by_text("Accepted.").wait_for()
    assert page.get_by_text("Agreed").first.is_visible()
    page.get_by_role("button", name="It is under way").click()
    page.get_by_text("Status changed.").wait_for()
