"""The elections' pages at work: preparing, nominating, answering, voting,
the results and their files, the counted ballots, the representative."""

from __future__ import annotations

import datetime
import io
import json

import openpyxl
import pytest
from django.utils import timezone

from localaction.accounts.models import Role
from localaction.conftest import make_user
from localaction.elections import services
from localaction.elections.models import Ballot, Candidate, Election, VotingRepresentative
from localaction.elections.tests.conftest import candidates_of, election_dates

pytestmark = pytest.mark.django_db


def _open_nominations_until_tomorrow(election: Election) -> None:
    now = timezone.now()
    Election.objects.filter(pk=election.pk).update(
        nominations_close_on=timezone.localdate() + datetime.timedelta(days=1),
        voting_opens_at=now + datetime.timedelta(days=2),
        voting_closes_at=now + datetime.timedelta(days=9),
    )


def test_the_secretariat_prepares_an_election_of_a_bodys_seats(cast, world, client_as):
    dates = election_dates()
    response = client_as("secretariat").post(
        "/elections/new/",
        {
            "body": world.body.pk,
            "seats": [seat.pk for seat in world.seats],
            "title": "Executive Committee 2030",
            "method": "stv",
            "quorum_percent": "25",
            "nominations_open_on": dates["nominations_open_on"].isoformat(),
            "nominations_close_on": dates["nominations_close_on"].isoformat(),
            "voting_opens_at": timezone.localtime(dates["voting_opens_at"]).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "voting_closes_at": timezone.localtime(dates["voting_closes_at"]).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "scrutineers": [],
        },
    )

    election = Election.objects.get(title="Executive Committee 2030")
    assert response.status_code == 302
    assert election.seat_count == 2 and election.phase == Election.Phase.PREPARED


def test_voting_must_open_after_nominations_close(cast, world, client_as):
    today = timezone.localdate()
    response = client_as("secretariat").post(
        "/elections/new/",
        {
            "body": world.body.pk,
            "seats": [world.seats[0].pk],
            "title": "Too early",
            "method": "plurality",
            "quorum_percent": "0",
            "nominations_open_on": today.isoformat(),
            "nominations_close_on": (today + datetime.timedelta(days=5)).isoformat(),
            "voting_opens_at": f"{today + datetime.timedelta(days=5)}T09:00",
            "voting_closes_at": f"{today + datetime.timedelta(days=6)}T09:00",
        },
    )

    assert response.status_code == 400
    assert "Voting opens after nominations close." in response.content.decode()
    assert not Election.objects.exists()


def test_an_editor_nominates_and_the_candidate_accepts_on_the_pages(
    cast, world, make_election, client_as
):
    election = make_election(Election.Phase.NOMINATIONS)
    _open_nominations_until_tomorrow(election)

    nominated = client_as("editor").post(
        f"/elections/{election.pk}/nominate/",
        {"nominated_by": cast.freiburg.pk, "person": "editor@example.org"},
    )
    candidate = Candidate.objects.get(election=election)
    editor = client_as("editor")
    refused = editor.post(
        f"/elections/{election.pk}/candidates/{candidate.pk}/", {"answer": "accept"}
    )
    accepted = editor.post(
        f"/elections/{election.pk}/candidates/{candidate.pk}/",
        {"answer": "accept", "statement": "A greener Association."},
    )

    assert nominated.status_code == 302
    assert (candidate.person, candidate.local_government) == (cast.editor, cast.freiburg)
    assert refused.status_code == 400
    assert "Write a statement to the electorate to accept." in refused.content.decode()
    assert accepted.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.ACCEPTED


def test_a_nomination_of_an_unknown_person_says_so(cast, make_election, client_as):
    election = make_election(Election.Phase.NOMINATIONS)
    _open_nominations_until_tomorrow(election)

    response = client_as("editor").post(
        f"/elections/{election.pk}/nominate/",
        {"nominated_by": cast.freiburg.pk, "person": "nobody"},
    )

    assert response.status_code == 400
    assert "Nobody on the platform has the user name or e-mail “nobody”." in (
        response.content.decode()
    )


def test_a_ranked_ballot_with_a_gap_is_refused_on_the_page(cast, make_election, client_as):
    election = make_election(Election.Phase.VOTING, method=Election.Method.STV)
    candidates = candidates_of(election)

    response = client_as("editor").post(
        f"/elections/{election.pk}/vote/",
        {f"rank-{candidates['de-freiburg'].pk}": "2"},
    )
    repeated = client_as("editor").post(
        f"/elections/{election.pk}/vote/",
        {f"rank-{candidates['de-freiburg'].pk}": "1", f"rank-{candidates['de-bonn'].pk}": "1"},
    )

    for refused in (response, repeated):
        assert refused.status_code == 400
        assert "Number your preferences 1, 2, 3 … without gaps or repeats" in (
            refused.content.decode()
        )
    assert not Ballot.objects.exists()


def test_a_ranked_ballot_is_stored_in_order_of_preference(cast, make_election, client_as):
    election = make_election(Election.Phase.VOTING, method=Election.Method.STV)
    candidates = candidates_of(election)

    response = client_as("editor").post(
        f"/elections/{election.pk}/vote/",
        {f"rank-{candidates['de-freiburg'].pk}": "2", f"rank-{candidates['de-bonn'].pk}": "1"},
    )

    assert response.status_code == 200
    ballot = Ballot.objects.get()
    assert ballot.receipt in response.content.decode()
    assert ballot.ranking == [candidates["de-bonn"].pk, candidates["de-freiburg"].pk]


def test_too_many_candidates_on_the_page_is_a_clear_refusal(cast, make_election, client_as):
    election = make_election(Election.Phase.VOTING, seats=1)
    both = [c.pk for c in candidates_of(election).values()]

    response = client_as("editor").post(f"/elections/{election.pk}/vote/", {"chosen": both})

    assert response.status_code == 400
    assert "You chose 2 candidates for 1 seat: choose at most 1." in response.content.decode()


@pytest.fixture
def published(cast, world, make_election):
    """A published STV election for one seat: Bonn's candidate wins 2 to 0."""
    election = make_election(Election.Phase.VOTING, method=Election.Method.STV, seats=1)
    candidates = candidates_of(election)
    ranking = [candidates["de-bonn"].pk, candidates["de-freiburg"].pk]
    services.cast_ballot(election, local_government=cast.freiburg, ranking=ranking, by=cast.editor)
    services.cast_ballot(
        election, local_government=world.bonn, ranking=ranking, by=world.bonn_editor
    )
    for phase in (Election.Phase.COUNTING, Election.Phase.RESULTS):
        election = services.move_election(
            election, to=phase, by=cast.secretariat, now=election.voting_closes_at
        )
    return election


def test_the_results_page_shows_the_count_and_who_was_elected(published, client_as):
    page = client_as("anonymous").get(f"/elections/{published.pk}/results/").content.decode()

    assert "bonn_editor" in page
    assert "Counted by: The Scottish Local Government Elections Order 2007" in page
    assert published.result["count"]["elected"] == [
        str(published.candidates.get(local_government__code="de-bonn").pk)
    ]


def test_the_results_are_exported_as_csv_xlsx_and_json(published, client_as):
    client = client_as("anonymous")
    url = f"/elections/{published.pk}/results/"

    csv = client.get(url, {"format": "csv"})
    xlsx = client.get(url, {"format": "xlsx"})
    data = client.get(url, {"format": "json"})

    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Candidate,Stage 1: votes"
    assert "bonn_editor,2.0" in lines
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == ["Result", "Count"]
    summary = {row[0]: row[1] for row in workbook["Result"].iter_rows(values_only=True)}
    assert summary["Ballots cast"] == 2 and summary["Elected"] == "bonn_editor"
    assert json.loads(data.content)["turnout"]["voted"] == 2


def test_a_voter_finds_their_ballot_by_receipt(published, client_as):
    receipt = Ballot.objects.filter(election=published).first().receipt
    client = client_as("anonymous")

    found = client.get(f"/elections/{published.pk}/ballots/", {"receipt": receipt.lower()})
    missing = client.get(f"/elections/{published.pk}/ballots/", {"receipt": "ABCD-EFGH-JKLM"})
    listed = client.get(f"/elections/{published.pk}/ballots/", {"format": "json"})

    assert found.status_code == 200
    assert f"Ballot {receipt} was counted: bonn_editor › editor" in found.content.decode()
    assert missing.status_code == 404
    assert "No counted ballot has the receipt code ABCD-EFGH-JKLM" in missing.content.decode()
    assert sorted(b["receipt"] for b in json.loads(listed.content)["ballots"]) == sorted(
        Ballot.objects.filter(election=published).values_list("receipt", flat=True)
    )


def test_the_administration_page_moves_phases_and_shows_the_refusal(cast, make_election, client_as):
    election = make_election(Election.Phase.VOTING)
    client = client_as("secretariat")

    early = client.post(f"/elections/{election.pk}/manage/", {"to": "counting"}, follow=True)
    out_of_order = client.post(f"/elections/{election.pk}/manage/", {"to": "results"})

    assert "it cannot close earlier" in early.content.decode()
    assert out_of_order.status_code == 400
    assert Election.objects.get(pk=election.pk).phase == Election.Phase.VOTING


def test_an_editor_designates_the_voting_representative(cast, client_as):
    second = make_user("second_editor", kind=Role.Kind.EDITOR, local_government=cast.freiburg)

    response = client_as("editor").post(
        f"/members/{cast.freiburg.code}/voting-representative/", {"person": second.pk}
    )
    refused = client_as("editor").post(
        f"/members/{cast.freiburg.code}/voting-representative/", {"person": cast.colleague.pk}
    )

    assert response.status_code == 302
    assert VotingRepresentative.objects.get(local_government=cast.freiburg).person == second
    assert refused.status_code == 400  # a viewer is not offered: not a valid choice
    assert VotingRepresentative.objects.get(local_government=cast.freiburg).person == second
