"""The elections API at work: reading elections, moving phases, nominating,
casting a ballot for a receipt, turnout, the electorate and the results."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from localaction.elections.models import Ballot, Candidate, Election
from localaction.elections.tests.conftest import candidates_of

pytestmark = pytest.mark.django_db


def test_an_election_reads_with_its_published_candidates(make_election, client_as):
    election = make_election(Election.Phase.CANDIDATES)

    data = client_as("anonymous").get(f"/api/elections/{election.pk}/").json()

    assert data["title"] == "Executive Committee 2027"
    assert data["counting_method"] == "plurality"
    assert [seat["title"] for seat in data["seats"]] == ["Vice-President", "Treasurer"]
    assert sorted(c["local_government"] for c in data["candidates"]) == ["de-bonn", "de-freiburg"]
    assert {c["status"] for c in data["candidates"]} == {"accepted"}


def test_candidates_are_not_listed_before_the_list_is_published(cast, make_election, client_as):
    election = make_election(Election.Phase.NOMINATIONS)
    now = timezone.now()
    Election.objects.filter(pk=election.pk).update(
        nominations_close_on=timezone.localdate() + datetime.timedelta(days=1),
        voting_opens_at=now + datetime.timedelta(days=2),
        voting_closes_at=now + datetime.timedelta(days=9),
    )

    nominated = client_as("editor").post(
        f"/api/elections/{election.pk}/nominations/",
        {"nominated_by": "de-freiburg", "person": "editor"},
        content_type="application/json",
    )
    data = client_as("anonymous").get(f"/api/elections/{election.pk}/").json()

    assert nominated.status_code == 201
    assert nominated.json()["status"] == Candidate.Status.NOMINATED
    assert data["candidates"] == []


def test_a_representative_casts_a_ballot_and_gets_a_receipt_once(cast, make_election, client_as):
    election = make_election(Election.Phase.VOTING)
    pk = candidates_of(election)["de-bonn"].pk
    client = client_as("editor")
    url = f"/api/elections/{election.pk}/ballots/"

    cast_ = client.post(url, {"ranking": [pk]}, content_type="application/json")
    again = client.post(url, {"ranking": [pk]}, content_type="application/json")

    assert cast_.status_code == 201
    assert cast_.json() == {"receipt": Ballot.objects.get(election=election).receipt}
    assert again.status_code == 400
    assert again.json() == {
        "non_field_errors": [
            "Freiburg im Breisgau has already voted in this election: one vote per member."
        ]
    }


def test_a_bad_ballot_through_the_api_says_why(cast, make_election, client_as):
    election = make_election(Election.Phase.VOTING, seats=1)
    both = [c.pk for c in candidates_of(election).values()]

    response = client_as("editor").post(
        f"/api/elections/{election.pk}/ballots/", {"ranking": both}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["You chose 2 candidates for 1 seat: choose at most 1."]
    }
    assert not Ballot.objects.exists()


def test_turnout_electorate_and_results_through_the_api(cast, world, make_election, client_as):
    election = make_election(Election.Phase.VOTING)
    pk = candidates_of(election)["de-bonn"].pk
    client_as("editor").post(
        f"/api/elections/{election.pk}/ballots/", {"ranking": [pk]}, content_type="application/json"
    )
    staff = client_as("secretariat")

    turnout = staff.get(f"/api/elections/{election.pk}/turnout/").json()
    electorate = staff.get(f"/api/elections/{election.pk}/electorate/").json()
    Election.objects.filter(pk=election.pk).update(
        voting_closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    for phase in ("counting", "results"):
        moved = staff.post(
            f"/api/elections/{election.pk}/phase/", {"to": phase}, content_type="application/json"
        )
        assert moved.status_code == 200, moved.content
    results = client_as("anonymous").get(f"/api/elections/{election.pk}/results/").json()

    assert turnout == {"electorate": 2, "voted": 1}
    codes = [elector["code"] for elector in electorate["results"]]
    assert codes == ["de-bonn", "de-freiburg"]
    assert results["phase"] == "results"
    assert results["count"]["votes"][str(pk)] == 1
    assert results["count"]["elected"][0] == str(pk)


def test_an_unknown_phase_is_refused_with_the_phases_named(cast, make_election, client_as):
    election = make_election(Election.Phase.VOTING)

    response = client_as("secretariat").post(
        f"/api/elections/{election.pk}/phase/", {"to": "prepared"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "to" in response.json()
