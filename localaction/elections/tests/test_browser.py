"""In a real browser (Playwright driving Debian's chromium, as
localaction/tests/test_browser.py does): a voting representative casts a
ballot, keeps the receipt and finds the ballot among the counted ones."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from localaction.conftest import PASSWORD
from localaction.elections import services
from localaction.elections.models import Ballot, Election
from localaction.tests.test_browser import page  # noqa: F401  (the browser fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_representative_casts_a_ballot_and_finds_it_counted(
    live_server,
    cast,
    world,
    make_election,
    page,  # noqa: F811
):
    election = make_election(Election.Phase.VOTING)

    page.goto(f"{live_server.url}/accounts/login/?next=/elections/{election.pk}/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Executive Committee 2027", level=1).wait_for()
    page.get_by_role("link", name="Vote for Freiburg im Breisgau").click()

    page.get_by_role("heading", name="Vote: Executive Committee 2027").wait_for()
    page.get_by_label("bonn_editor").check()
    page.get_by_role("button", name="Cast the ballot").click()

    page.get_by_role("heading", name="Your ballot is cast").wait_for()
    receipt = page.locator("strong.receipt").inner_text()
    ballot = Ballot.objects.get(election=election)
    assert ballot.receipt == receipt
    assert ballot.ranking == [election.candidates.get(local_government=world.bonn).pk]

    # The ballot is not offered again: one vote per member.
    page.goto(f"{live_server.url}/elections/{election.pk}/vote/")
    page.get_by_text("Your members have voted: one vote per member.").wait_for()
    assert Ballot.objects.filter(election=election).count() == 1

    Election.objects.filter(pk=election.pk).update(
        voting_closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    for phase in (Election.Phase.COUNTING, Election.Phase.RESULTS):
        services.move_election(Election.objects.get(pk=election.pk), to=phase, by=cast.secretariat)
    page.goto(f"{live_server.url}/elections/{election.pk}/ballots/")
    page.get_by_label("Receipt code").fill(receipt.lower())
    page.get_by_role("button", name="Find my ballot").click()
    page.get_by_text(f"Ballot {receipt} was counted: bonn_editor").wait_for()
