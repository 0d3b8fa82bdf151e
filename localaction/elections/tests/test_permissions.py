"""Who may open each page and call each endpoint of the elections, for every
person of the cast (localaction/conftest.py) and the election's scrutineer.

A page about something a person may not read is a 404; an action they may
not take a 403; anonymous visitors of a page that needs a person are sent to
log in (302), of the API refused (401 or 403). A refused request changes nothing.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from localaction.elections.models import Ballot, Candidate, Election, VoteCast
from localaction.elections.tests.conftest import candidates_of

pytestmark = pytest.mark.django_db

PEOPLE = ("editor", "colleague", "outsider", "staff", "secretariat", "scrutineer", "anonymous")


@pytest.fixture
def client_of(cast, world):
    def signed_in(who: str) -> Client:
        client = Client()
        user = world.scrutineer if who == "scrutineer" else getattr(cast, who)
        if user is not None:
            client.force_login(user)
        return client

    return signed_in


def _statuses(client_of, method: str, url: str, data=None, **kwargs) -> dict[str, int]:
    return {
        who: getattr(client_of(who), method)(url, data or {}, **kwargs).status_code
        for who in PEOPLE
    }


def test_the_list_of_elections_is_public_and_prepared_ones_are_the_secretariats(
    make_election, client_of
):
    prepared = make_election()

    for who in PEOPLE:
        page = client_of(who).get("/elections/")
        assert page.status_code == 200
        assert (prepared.title in page.content.decode()) == (who == "secretariat"), who
    assert _statuses(client_of, "get", f"/elections/{prepared.pk}/") == {
        who: 200 if who == "secretariat" else 404 for who in PEOPLE
    }


def test_an_announced_election_is_public(make_election, client_of):
    election = make_election(Election.Phase.NOMINATIONS)

    assert set(_statuses(client_of, "get", f"/elections/{election.pk}/").values()) == {200}
    assert set(_statuses(client_of, "get", f"/api/elections/{election.pk}/").values()) == {200}
    assert set(_statuses(client_of, "get", "/api/elections/").values()) == {200}


def test_only_the_secretariat_prepares_and_administers(make_election, client_of):
    election = make_election(Election.Phase.NOMINATIONS)
    expected = dict.fromkeys(PEOPLE, 403) | {"secretariat": 200, "anonymous": 302}

    assert _statuses(client_of, "get", "/elections/new/") == expected
    assert _statuses(client_of, "get", f"/elections/{election.pk}/manage/") == expected


def test_only_the_secretariat_moves_a_phase_by_page_or_api(make_election, client_of):
    election = make_election(Election.Phase.NOMINATIONS)

    page = _statuses(client_of, "post", f"/elections/{election.pk}/manage/", {"to": "candidates"})
    api = _statuses(
        client_of,
        "post",
        f"/api/elections/{election.pk}/phase/",
        {"to": "candidates"},
        content_type="application/json",
    )

    assert {who: s for who, s in page.items() if who != "secretariat"} == {
        who: 403 for who in PEOPLE if who != "secretariat"
    } | {"anonymous": 302}
    assert {who: s for who, s in api.items() if who != "secretariat"} == {
        who: 403 for who in PEOPLE if who != "secretariat"
    } | {"anonymous": 401}
    # The secretariat's own requests are refused by the rule (no candidate yet): 400.
    assert page["secretariat"] == 400 and api["secretariat"] == 400
    assert Election.objects.get(pk=election.pk).phase == Election.Phase.NOMINATIONS


def test_only_editors_nominate(make_election, client_of, cast):
    election = make_election(Election.Phase.NOMINATIONS)
    # Nominations open until tomorrow, voting after.
    now = timezone.now()
    Election.objects.filter(pk=election.pk).update(
        nominations_close_on=timezone.localdate() + datetime.timedelta(days=1),
        voting_opens_at=now + datetime.timedelta(days=2),
        voting_closes_at=now + datetime.timedelta(days=9),
    )

    statuses = _statuses(client_of, "get", f"/elections/{election.pk}/nominate/")
    api = _statuses(
        client_of,
        "post",
        f"/api/elections/{election.pk}/nominations/",
        {"nominated_by": "de-freiburg", "person": "editor"},
        content_type="application/json",
    )

    assert statuses == {
        "editor": 200,
        "colleague": 403,
        "outsider": 200,  # Nairobi's editor, who may nominate for Nairobi (if it could vote)
        "staff": 403,
        "secretariat": 403,
        "scrutineer": 403,
        "anonymous": 302,
    }
    assert api["anonymous"] in (401, 403)
    # Only Freiburg's editor nominates for Freiburg; the first nomination stands.
    assert {who: s for who, s in api.items() if who not in ("editor", "anonymous")} == {
        who: 403 for who in PEOPLE if who not in ("editor", "anonymous")
    }
    assert api["editor"] == 201
    assert Candidate.objects.filter(election=election).count() == 1


def test_only_the_candidate_answers_their_nomination(make_election, client_of, cast):
    election = make_election(Election.Phase.CANDIDATES)
    candidate = candidates_of(election)["de-freiburg"]

    statuses = _statuses(client_of, "get", f"/elections/{election.pk}/candidates/{candidate.pk}/")

    assert statuses == dict.fromkeys(PEOPLE, 403) | {"editor": 200, "anonymous": 302}


def test_only_the_voting_representative_opens_the_ballot(make_election, client_of, cast):
    election = make_election(Election.Phase.VOTING)
    pk = candidates_of(election)["de-freiburg"].pk

    assert _statuses(client_of, "get", f"/elections/{election.pk}/vote/") == dict.fromkeys(
        PEOPLE, 403
    ) | {"editor": 200, "anonymous": 302}
    page = {
        who: client_of(who).post(f"/elections/{election.pk}/vote/", {"chosen": [pk]}).status_code
        for who in PEOPLE
        if who != "editor"
    }
    api = {
        who: client_of(who)
        .post(
            f"/api/elections/{election.pk}/ballots/",
            {"ranking": [pk]},
            content_type="application/json",
        )
        .status_code
        for who in PEOPLE
        if who != "editor"
    }

    assert page == dict.fromkeys(page, 403) | {"anonymous": 302}
    assert set(api.values()) <= {401, 403}
    assert not VoteCast.objects.exists() and not Ballot.objects.exists()


def test_scrutineers_and_the_secretariat_inspect_the_electorate_and_turnout(
    make_election, client_of
):
    election = make_election(Election.Phase.VOTING)
    expected = dict.fromkeys(PEOPLE, 403) | {"secretariat": 200, "scrutineer": 200}

    assert _statuses(client_of, "get", f"/elections/{election.pk}/electorate/") == expected | {
        "anonymous": 302
    }
    api = expected | {"anonymous": 401}
    assert _statuses(client_of, "get", f"/api/elections/{election.pk}/turnout/") == api
    assert _statuses(client_of, "get", f"/api/elections/{election.pk}/electorate/") == api


def test_results_and_ballots_are_public_once_published_scrutineers_read_the_count_first(
    make_election, client_of
):
    counted = make_election(Election.Phase.COUNTING)
    before = {who: 200 if who in ("secretariat", "scrutineer") else 404 for who in PEOPLE}

    for url in ("/elections/{}/results/", "/elections/{}/ballots/", "/api/elections/{}/results/"):
        assert _statuses(client_of, "get", url.format(counted.pk)) == before, url

    published = make_election(Election.Phase.RESULTS)
    for url in ("/elections/{}/results/", "/elections/{}/ballots/", "/api/elections/{}/results/"):
        assert set(_statuses(client_of, "get", url.format(published.pk)).values()) == {200}, url


def test_a_members_editors_and_the_secretariat_designate_its_representative(cast, world, client_of):
    url = f"/members/{cast.freiburg.code}/voting-representative/"

    assert _statuses(client_of, "get", url) == dict.fromkeys(PEOPLE, 404) | {
        "editor": 200,
        "secretariat": 200,
        "anonymous": 302,
    }
    refused = {
        who: client_of(who).post(url, {"person": cast.editor.pk}).status_code
        for who in ("colleague", "staff", "outsider")
    }
    assert refused == {"colleague": 404, "staff": 404, "outsider": 404}
