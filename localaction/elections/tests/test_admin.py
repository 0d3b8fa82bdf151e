"""The elections in the admin: a prepared election's dates corrected there, an
announced one read only; ballots and votes cast have no admin at all."""

from __future__ import annotations

import pytest
from django.contrib import admin

from localaction.elections.models import Ballot, Election, Elector, VoteCast

pytestmark = pytest.mark.django_db


def test_ballots_and_votes_cast_have_no_admin():
    registered = admin.site._registry

    assert Ballot not in registered
    assert VoteCast not in registered
    assert Elector not in registered


def test_a_prepared_election_is_corrected_in_the_admin(make_election, client_as):
    election = make_election()
    client = client_as("secretariat")

    page = client.get(f"/admin/elections/election/{election.pk}/change/")

    assert page.status_code == 200
    assert 'name="title"' in page.content.decode()
    assert 'name="body"' not in page.content.decode()  # the seats and body are fixed


def test_an_announced_election_is_read_only_and_kept(make_election, client_as):
    election = make_election(Election.Phase.VOTING)
    client = client_as("secretariat")

    page = client.get(f"/admin/elections/election/{election.pk}/change/")
    client.post(f"/admin/elections/election/{election.pk}/change/", {"title": "Changed"})
    client.post(f"/admin/elections/election/{election.pk}/delete/", {"post": "yes"})

    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()
    assert Election.objects.get(pk=election.pk).title == "Executive Committee 2027"


def test_only_the_secretariat_opens_the_admin(make_election, client_as):
    election = make_election()

    for who in ("editor", "staff"):
        page = client_as(who).get(f"/admin/elections/election/{election.pk}/change/")
        assert page.status_code == 302  # to the admin's login
    assert client_as("secretariat").get("/admin/elections/election/").status_code == 200
    assert client_as("secretariat").get("/admin/elections/election/add/").status_code == 403
