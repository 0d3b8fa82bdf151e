"""End to end, in a real browser: Playwright driving Debian's chromium (never a downloaded one).

Locally these tests skip, saying so, when /usr/bin/chromium is missing; in CI
(LOCALACTION_REQUIRE_BROWSER=1) a missing browser is a failure.
"""

import os
import shutil

import pytest

from localaction.conftest import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# serialized_rollback brings back the regions and countries that migrations load.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def page():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("LOCALACTION_REQUIRE_BROWSER"):
            pytest.fail(
                f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
            )
        pytest.skip(f"no browser: {CHROMIUM} is missing (apt-get install chromium to run this)")
    from playwright.sync_api import sync_playwright

    # Playwright's loop runs in this thread; the test itself touches the
    # database only before the browser starts.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(15_000)
        # The Content-Security-Policy must not stop anything the pages do.
        refused: list[str] = []
        page.on(
            "console",
            lambda message: (
                refused.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        yield page
        browser.close()
        assert refused == [], refused
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_an_editor_logs_in_finds_a_member_and_opens_its_profile(live_server, cast, page):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # Back where the visitor started, now signed in.
    page.get_by_role("link", name="editor").wait_for()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Local governments")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Members").click()
    page.get_by_label("Name or code contains").fill("freib")
    page.get_by_role("main").get_by_role("button", name="Search").click()  # not the header's
    page.get_by_text("1 local government found").wait_for()
    page.get_by_role("link", name="Freiburg im Breisgau").click()

    page.get_by_role("heading", name="Freiburg im Breisgau", level=1).wait_for()
    assert "/members/de-freiburg/" in page.url
    assert page.get_by_role("link", name="Edit profile").is_visible()
    assert page.get_by_role("img", name="Location of Freiburg im Breisgau").is_visible()


def test_the_api_documentation_runs_under_the_content_security_policy(live_server, cast, page):
    # Swagger UI draws the operations near the viewport only (of 30 tags, the
    # first two at the top): a deep link scrolls to the one wanted.
    page.goto(f"{live_server.url}/api/docs/#/auth/auth_token_create")

    page.get_by_role("heading", name="Local Action API").wait_for()
    page.get_by_text("/api/auth/token/").first.wait_for()
    # So do the last tags, once the page is loaded at their link.
    page.goto(f"{live_server.url}/api/docs/#/targets/targets_list")
    page.reload()
    page.get_by_text("/api/targets/{id}/").first.wait_for()


def test_a_visitor_reads_the_directory_in_french(live_server, cast, page):
    page.goto(f"{live_server.url}/members/")
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change").click()
    page.wait_for_url(f"{live_server.url}/members/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("cell", name="Allemagne").first.is_visible()
    # An unpublished local government never reaches the public directory.
    assert page.get_by_text("Unpublished Town").count() == 0


def test_an_editor_sets_a_target_and_reads_its_progress(live_server, cast, page):
    from localaction.inventories.models import Inventory
    from localaction.inventories.services import LineData, inventory_replace_lines

    # Freiburg's published inventories: 1,000,000 t CO2 in 2010, 800,000 t in 2020.
    for year, tonnes in ((2010, 1_000_000), (2020, 800_000)):
        inventory = Inventory.objects.create(local_government=cast.freiburg, year=year)
        inventory_replace_lines(
            inventory=inventory, lines=[LineData("I.1.1", measured_kg={"CO2": tonnes * 1000})]
        )
        Inventory.objects.filter(pk=inventory.pk).update(status=Inventory.Status.PUBLISHED)

    page.goto(f"{live_server.url}/accounts/login/?next=/members/de-freiburg/climate-action/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Add a target").click()

    # Choosing a type shows only the fields that type needs.
    page.get_by_label("Base year", exact=True).check()
    assert page.get_by_label("Fixed level (t CO2e)").is_hidden()
    page.get_by_label("Title").fill("40 % below 2010 by 2030")
    page.get_by_role("spinbutton", name="Base year").fill("2010")
    page.get_by_role("spinbutton", name="Target year").fill("2030")
    page.get_by_label("Reduction (%)").fill("40")
    page.get_by_role("button", name="Save the target").click()

    page.get_by_role("heading", name="40 % below 2010 by 2030", level=1).wait_for()
    figures = page.locator(".figures").inner_text()
    # 1,000,000 × (1 − 0.4) = 600,000 t allowed; BAU stays 800,000 t at 0 % growth.
    assert "600,000" in figures and "800,000" in figures and "200,000" in figures
    assert page.get_by_role("img", name="Progress towards 40 % below 2010 by 2030").is_visible()


def test_an_editor_imports_50000_lines_and_watches_the_progress(live_server, cast, page, tmp_path):
    import threading
    import time

    from django.db import connection
    from django.test import override_settings

    from localaction.background.tasks import queue_daily_tasks
    from localaction.background.worker import Worker
    from localaction.inventories.models import Inventory

    inventory = Inventory.objects.create(local_government=cast.freiburg, year=2022)
    # Enough lines for the import to last several of the page's one-second
    # polls: 10,000 are now imported within one, and the bar has no time to move.
    rows = [f"I.1.1,Boiler {n},{n}" for n in range(1, 50_001)]
    lines = tmp_path / "lines.csv"
    lines.write_text("\n".join(["gpc_ref,activity,co2_kg", *rows, ""]))

    # Today's daily tasks run here and now (the test settings' immediate
    # backend), so that the worker below has only the import to do.
    queue_daily_tasks()

    # A real queue and a real worker (a thread of this process), so that the
    # page sees the work advance as another process would make it. The worker
    # starts once the import is queued: the embedded test database is shared
    # in memory, where a read in one thread can refuse another's write
    # ("database table is locked") instead of waiting for it.
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        worker = Worker(
            queue_names=["default"],
            interval=0.1,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="browser-test",
            excluded_queue_names=[],
        )

        def work():
            try:
                worker.run()
            finally:
                connection.close()

        working = threading.Thread(target=work, name="browser-test-worker", daemon=True)
        try:
            page.goto(f"{live_server.url}/accounts/login/?next={inventory.get_absolute_url()}")
            page.get_by_label("Username").fill("editor")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.get_by_label("File of lines").set_input_files(lines)
            page.get_by_role("button", name="Import the file").click()
            page.wait_for_url(f"{live_server.url}/background/*/")
            working.start()
            bar = page.get_by_role("progressbar")
            assert bar.is_visible()
            # The bar moves while the worker checks, computes and saves the rows.
            seen = set()
            result = page.get_by_text("50,000 lines imported", exact=False)
            deadline = time.monotonic() + 120
            while not result.is_visible() and time.monotonic() < deadline:
                seen.add(bar.get_attribute("value"))
                page.wait_for_timeout(100)
            assert result.is_visible()
            assert any(value and 0 < int(value) < 100 for value in seen), seen
            assert bar.get_attribute("value") == "100"
            page.get_by_role("link", name="Continue").click()
            page.wait_for_url(f"{live_server.url}{inventory.get_absolute_url()}")
        finally:
            worker.running = False
            if working.is_alive():
                working.join(timeout=60)
    assert not working.is_alive()
    assert inventory.lines.count() == 50_000
