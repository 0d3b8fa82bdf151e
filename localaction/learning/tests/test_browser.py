"""End to end in a real browser (Playwright driving Debian's chromium, as
localaction/tests/test_browser.py): a learner enrols, reads the lessons, passes
the quizzes and opens the verification page of the certificate."""

import pytest

from localaction.conftest import PASSWORD
from localaction.learning.tests.conftest import build_course
from localaction.tests.test_browser import page  # noqa: F401  (the browser fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_learner_takes_a_short_course_and_verifies_the_certificate(live_server, cast, page):  # noqa: F811
    built = build_course()
    page.goto(f"{live_server.url}/accounts/login/?next={built.course.get_absolute_url()}")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Your first GHG inventory", level=1).wait_for()
    assert page.get_by_text("every lesson is marked done and every quiz is passed").is_visible()
    page.get_by_role("button", name="Enrol").click()
    page.get_by_text("You are enrolled").wait_for()

    page.get_by_role("link", name="The city's boundary").click()
    page.get_by_text("Lesson 1 of 2").wait_for()
    page.get_by_role("button", name="Mark as done").click()
    page.get_by_text("Lesson 2 of 2").wait_for()
    page.get_by_role("button", name="Mark as done").click()
    page.get_by_text("2 of 2 lessons done").wait_for()

    page.get_by_role("link", name="Boundaries quiz").click()
    page.get_by_label("In the boundary").check()
    page.get_by_label("Your answer").fill("20.2")
    page.get_by_role("button", name="Submit my answers").click()
    page.get_by_text("Passed.").wait_for()
    assert page.get_by_text("Yes: emissions within the boundary.").is_visible()

    page.get_by_role("link", name="Back to the course").click()
    page.get_by_role("link", name="Final quiz").click()
    page.get_by_label("Stationary energy").check()
    page.get_by_label("Transportation").check()
    page.get_by_role("button", name="Submit my answers").click()
    page.get_by_text("Passed.").wait_for()

    page.goto(f"{live_server.url}/learning/me/")
    page.get_by_role("link", name="Verification page").click()
    page.get_by_role("heading", name="Certificate verification").wait_for()
    assert page.get_by_text("Valid", exact=True).is_visible()
    assert page.get_by_text("Your first GHG inventory").is_visible()
