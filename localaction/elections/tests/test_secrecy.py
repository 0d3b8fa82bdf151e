"""The secrecy of the vote, proven over the database rather than told in a comment.

- The schema: the ballot table references nothing but its election and holds
  no time, no sequence and no person; the record that a member voted holds
  no time and no sequence either; no table points at a ballot; neither keeps
  a history (django-simple-history stamps every change with a time and a user).
- The queries: every SQL statement the elections code runs while people vote,
  the count is made and the pages, files and API of administrators,
  scrutineers and the public are read is captured, and none joins ballots to
  anything that names a voter (or reads the hidden columns that could
  re-link them: PostgreSQL's ctid and xmin, SQLite's rowid).
- A vote writes two rows and nothing else: no session, no notification, no
  log line with the time.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from localaction.accounts.models import Role
from localaction.conftest import make_user
from localaction.elections.models import Ballot, Election, Elector, VoteCast, VotingRepresentative
from localaction.elections.tests.conftest import candidates_of
from localaction.network.models import LocalGovernment, Membership

pytestmark = pytest.mark.django_db

BALLOT = Ballot._meta.db_table
# Every table that says who someone is or which member voted.
VOTER_TABLES = {
    VoteCast._meta.db_table,
    Elector._meta.db_table,
    VotingRepresentative._meta.db_table,
    LocalGovernment._meta.db_table,
    Membership._meta.db_table,
    Role._meta.db_table,
    "auth_user",
    "django_session",
}
TIME_TYPES = re.compile(r"date|time|interval", re.IGNORECASE)
HIDDEN_COLUMNS = re.compile(r"\b(ctid|xmin|xmax|cmin|cmax|oid|rowid|_rowid_)\b", re.IGNORECASE)


def _columns(table: str) -> dict[str, str]:
    """Each column of `table` and its type as the database declares it."""
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
    types = {}
    for column in description:
        field_type = connection.introspection.get_field_type(column.type_code, column)
        types[column.name] = field_type
    return types


def _references(table: str) -> dict[str, str]:
    """Each column of `table` that is a foreign key, and the table it references."""
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, table)
    return {column: target for column, (_field, target) in relations.items()}


def test_the_ballot_table_references_only_its_election_and_holds_no_time_or_sequence():
    columns = _columns(BALLOT)

    assert set(columns) == {"id", "election_id", "receipt", "ranking"}
    assert _references(BALLOT) == {"election_id": Election._meta.db_table}
    assert not [name for name, kind in columns.items() if TIME_TYPES.search(kind)]
    # The key is a random UUID (a native uuid, or 32 characters on SQLite), not
    # a number that counts the ballots: the only whole number is the election's.
    assert columns["id"] in ("UUIDField", "CharField")
    assert [name for name, kind in columns.items() if "Integer" in kind or "Auto" in kind] == [
        "election_id"
    ]


def test_the_record_that_a_member_voted_holds_no_time_no_sequence_and_no_ballot():
    columns = _columns(VoteCast._meta.db_table)

    assert set(columns) == {"id", "election_id", "local_government_id"}
    assert columns["id"] in ("UUIDField", "CharField")
    assert not [name for name, kind in columns.items() if TIME_TYPES.search(kind)]
    assert BALLOT not in _references(VoteCast._meta.db_table).values()


def test_no_table_points_at_a_ballot_and_neither_table_keeps_a_history():
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    pointing = [
        (table, column)
        for table in tables
        for column, target in _references(table).items()
        if target in (BALLOT, VoteCast._meta.db_table)
    ]

    assert pointing == []
    assert not [t for t in tables if t.startswith("elections_historical")]
    assert not [
        model
        for model in apps.get_models()
        if model._meta.object_name in ("HistoricalBallot", "HistoricalVoteCast")
    ]


def test_neither_table_is_listed_in_the_order_rows_were_written():
    assert Ballot._meta.ordering == ["receipt"]
    assert VoteCast._meta.ordering == []


def _joins_ballots_to_voters(sql: str) -> bool:
    text = sql.lower()
    return BALLOT in text and any(
        f'"{table}"' in text or f" {table} " in text for table in VOTER_TABLES
    )


def test_no_query_joins_ballots_to_voters_while_voting_counting_and_reading(
    cast, world, make_election, client_as
):
    election = make_election(Election.Phase.VOTING)
    candidates = candidates_of(election)
    staff_client = client_as("secretariat")
    scrutineer = world.scrutineer
    with CaptureQueriesContext(connection) as captured:
        # Voting through the pages and the API.
        client_as("editor").post(
            f"/elections/{election.pk}/vote/", {"chosen": [candidates["de-freiburg"].pk]}
        )
        bonn = client_as("anonymous")
        bonn.force_login(world.bonn_editor)
        bonn.post(
            f"/api/elections/{election.pk}/ballots/",
            {"ranking": [candidates["de-bonn"].pk]},
            content_type="application/json",
        )
        # What administrators and scrutineers read meanwhile.
        scrutinising = client_as("anonymous")
        scrutinising.force_login(scrutineer)
        for client in (staff_client, scrutinising):
            client.get(f"/elections/{election.pk}/")
            client.get(f"/elections/{election.pk}/electorate/")
            client.get(f"/elections/{election.pk}/electorate/", {"format": "csv"})
            client.get(f"/api/elections/{election.pk}/turnout/")
            client.get(f"/api/elections/{election.pk}/electorate/")
        staff_client.get(f"/elections/{election.pk}/manage/")
        # The count, and the results published.
        Election.objects.filter(pk=election.pk).update(
            voting_closes_at=timezone.now() - datetime.timedelta(seconds=1)
        )
        staff_client.post(f"/elections/{election.pk}/manage/", {"to": "counting"})
        staff_client.get(f"/elections/{election.pk}/results/")
        staff_client.post(f"/elections/{election.pk}/manage/", {"to": "results"})
        for client in (client_as("anonymous"), staff_client):
            client.get(f"/elections/{election.pk}/results/")
            for file_format in ("csv", "xlsx", "json"):
                client.get(f"/elections/{election.pk}/results/", {"format": file_format})
                client.get(f"/elections/{election.pk}/ballots/", {"format": file_format})
            client.get(f"/elections/{election.pk}/ballots/")
            client.get(f"/api/elections/{election.pk}/results/")
        staff_client.get(f"/admin/elections/election/{election.pk}/change/")

    queries = [query["sql"] for query in captured.captured_queries]
    assert Ballot.objects.filter(election=election).count() == 2  # both votes went in
    assert Election.objects.get(pk=election.pk).phase == Election.Phase.RESULTS
    assert sum(BALLOT in sql for sql in queries) >= 10  # the ballots were read
    assert [sql for sql in queries if _joins_ballots_to_voters(sql)] == []
    assert [sql for sql in queries if HIDDEN_COLUMNS.search(sql)] == []


def test_a_vote_writes_two_rows_and_nothing_else(cast, make_election, client_as):
    election = make_election(Election.Phase.VOTING)
    pk = candidates_of(election)["de-freiburg"].pk
    client = client_as("editor")
    client.get(f"/elections/{election.pk}/vote/")

    with CaptureQueriesContext(connection) as captured:
        response = client.post(f"/elections/{election.pk}/vote/", {"chosen": [pk]})

    assert response.status_code == 200
    writes = [
        query["sql"]
        for query in captured.captured_queries
        if re.match(r"\s*(INSERT|UPDATE|DELETE|REPLACE)", query["sql"], re.IGNORECASE)
    ]
    assert len(writes) == 2
    assert f'INSERT INTO "{VoteCast._meta.db_table}"' in writes[0]
    assert f'INSERT INTO "{BALLOT}"' in writes[1]


def test_administrators_see_the_turnout_never_a_ballot_beside_a_member(
    cast, world, make_election, client_as
):
    election = make_election(Election.Phase.VOTING)
    pk = candidates_of(election)["de-freiburg"].pk
    client_as("editor").post(f"/elections/{election.pk}/vote/", {"chosen": [pk]})
    receipt = Ballot.objects.get(election=election).receipt

    manage = client_as("secretariat").get(f"/elections/{election.pk}/manage/")
    electorate = client_as("secretariat").get(f"/elections/{election.pk}/electorate/")

    assert '<span class="value">1</span>' in manage.content.decode()  # one member voted
    for page in (manage, electorate):
        assert receipt not in page.content.decode()
    # Before the results are published, nobody reads the ballots, administrators included.
    assert client_as("secretariat").get(f"/elections/{election.pk}/ballots/").status_code == 404


def test_a_second_editor_of_a_member_cannot_learn_its_vote(cast, make_election, client_as):
    election = make_election(Election.Phase.VOTING)
    pk = candidates_of(election)["de-freiburg"].pk
    second = make_user("second", kind=Role.Kind.EDITOR, local_government=cast.freiburg)
    client_as("editor").post(f"/elections/{election.pk}/vote/", {"chosen": [pk]})

    client = client_as("anonymous")
    client.force_login(second)
    page = client.get(f"/elections/{election.pk}/").content.decode()

    assert Ballot.objects.get(election=election).receipt not in page
