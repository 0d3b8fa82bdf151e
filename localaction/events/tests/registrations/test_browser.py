"""End to end in a real browser (Playwright driving Debian's chromium, as
localaction/tests/test_browser.py): a person registers for an event, opens
their badge, and an organiser checks them in by typing the badge's code (as a
handheld scanner does)."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from localaction.conftest import PASSWORD
from localaction.events.models import Event, Registration
from localaction.events.tests.registrations.conftest import build_event
from localaction.tests.test_browser import page  # noqa: F401  (the browser fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page, server: str, username: str, then: str) -> None:  # noqa: F811
    page.goto(f"{server}/accounts/login/?next={then}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_register_open_the_badge_and_check_in(live_server, cast, page):  # noqa: F811
    built = build_event(cast)
    today = timezone.localdate()
    Event.objects.filter(pk=built.event.pk).update(
        registration_opens_on=today,
        registration_closes_on=today + datetime.timedelta(days=10),
        starts_on=today + datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=21),
    )
    register = f"/events/{built.event.slug}/register/"
    sign_in(page, live_server.url, "outsider", register)
    page.get_by_role("heading", name=f"Register for {built.event.title}").wait_for()
    page.get_by_label("Category").select_option(label="Speaker")
    page.get_by_label("Country", exact=True).select_option(label="Kenya")
    page.get_by_label("Organisation").fill("Nairobi City County")
    page.get_by_role("button", name="Register").click()
    page.get_by_text(f"You are registered for {built.event.title}.").wait_for()

    code = Registration.objects.get(person=cast.outsider).badge_code
    assert page.get_by_text(code).is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Badge (PDF)").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")

    page.get_by_role("button", name="Log out").click()
    sign_in(page, live_server.url, "staff", f"/events/{built.event.slug}/check-in/")
    page.get_by_role("heading", name=f"Check-in: {built.event.title}").wait_for()
    field = page.get_by_role("textbox", name="Badge code")
    assert field.evaluate("element => element === document.activeElement")
    field.type(code)
    field.press("Enter")
    page.get_by_text("Welcome, outsider (Speaker).").wait_for()
    assert page.get_by_text("1 of 1 arrived.").is_visible()
    field = page.get_by_role("textbox", name="Badge code")
    field.type(code)
    field.press("Enter")
    page.get_by_text("outsider already checked in at").wait_for()
