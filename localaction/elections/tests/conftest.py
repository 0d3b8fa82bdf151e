"""An election beside the shared cast (localaction/conftest.py).

`world` adds to the cast: the Executive Committee with two seats for full
members; Bonn, a second full member in Europe, and Lyon, an associate member
(it does not vote); each of the three members with an editor who is its
designated voting representative (`cast.editor` for Freiburg, `bonn_editor`,
`lyon_editor`) and a scrutineer. `make_election(phase)` prepares an election
of both seats and moves it, as the secretariat, to `phase`: with candidates
(Freiburg's editor and Bonn's) once past nominations.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from localaction.accounts.models import Role
from localaction.conftest import make_user
from localaction.elections import services
from localaction.elections.models import Candidate, Election
from localaction.governance.models import Body, Seat
from localaction.network.models import Country, LocalGovernment, Membership


@dataclass
class World:
    body: Body
    seats: list[Seat]
    bonn: LocalGovernment
    lyon: LocalGovernment
    bonn_editor: User
    lyon_editor: User
    scrutineer: User


@pytest.fixture
def world(cast) -> World:
    body = Body.objects.create(
        code="ELECTIONS-TEST",
        name="Executive Committee",
        kind=Body.Kind.EXECUTIVE_COMMITTEE,
        eligibility=Body.Eligibility.FULL_MEMBERS,
        term_years=3,
    )
    seats = [
        Seat.objects.create(body=body, title="Vice-President", order=1),
        Seat.objects.create(body=body, title="Treasurer", order=2),
    ]
    germany, france = Country.objects.get(code="DE"), Country.objects.get(code="FR")
    bonn = LocalGovernment.objects.create(code="de-bonn", name="Bonn", country=germany)
    Membership.objects.create(
        local_government=bonn, status=Membership.Status.ACTIVE, type=Membership.Type.FULL
    )
    lyon = LocalGovernment.objects.create(code="fr-lyon", name="Lyon", country=france)
    Membership.objects.create(
        local_government=lyon, status=Membership.Status.ACTIVE, type=Membership.Type.ASSOCIATE
    )
    bonn_editor = make_user("bonn_editor", kind=Role.Kind.EDITOR, local_government=bonn)
    lyon_editor = make_user("lyon_editor", kind=Role.Kind.EDITOR, local_government=lyon)
    for member, person in ((cast.freiburg, cast.editor), (bonn, bonn_editor), (lyon, lyon_editor)):
        services.designate_representative(member, person=person, by=cast.secretariat)
    scrutineer = make_user("scrutineer")
    return World(body, seats, bonn, lyon, bonn_editor, lyon_editor, scrutineer)


def election_dates(now: datetime.datetime | None = None) -> dict:
    """Dates around now: nominations closed two days ago (so that voting, open
    since an hour ago, opens after them at any time of day), voting open for a week."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return {
        "nominations_open_on": today - datetime.timedelta(days=10),
        "nominations_close_on": today - datetime.timedelta(days=2),
        "voting_opens_at": now - datetime.timedelta(hours=1),
        "voting_closes_at": now + datetime.timedelta(days=7),
    }


@pytest.fixture
def make_election(cast, world):
    """An election of the world's two seats, moved to `phase` by the secretariat."""

    def make(
        phase: str = Election.Phase.PREPARED,
        *,
        method: str = Election.Method.PLURALITY,
        seats: int = 2,
        quorum: int = 0,
    ) -> Election:
        dates = election_dates()
        election = services.prepare_election(
            by=cast.secretariat,
            seats=world.seats[:seats],
            body=world.body,
            title="Executive Committee 2027",
            method=method,
            quorum_percent=quorum,
            **dates,
        )
        election.scrutineers.add(world.scrutineer)
        order = Election.ORDER
        # Each phase moved at a time its dates allow: nominations while they
        # ran (until two days ago), the count once voting has closed.
        nominating = timezone.now() - datetime.timedelta(days=2)
        moved_at = {
            Election.Phase.NOMINATIONS: nominating,
            Election.Phase.CANDIDATES: nominating,
            Election.Phase.COUNTING: dates["voting_closes_at"],
            Election.Phase.RESULTS: dates["voting_closes_at"],
        }
        for step in order[1 : order.index(phase) + 1]:
            if step == Election.Phase.CANDIDATES:
                nominate_both(election, on=dates["nominations_close_on"])
            election = services.move_election(
                election, to=step, by=cast.secretariat, now=moved_at.get(step)
            )
        return Election.objects.get(pk=election.pk)

    def nominate_both(election: Election, *, on: datetime.date) -> None:
        for person, member in ((cast.editor, cast.freiburg), (world.bonn_editor, world.bonn)):
            candidate = services.nominate(
                election,
                nominated_by=member,
                person=person,
                local_government=member,
                by=person,
                on=on,
            )
            services.answer_nomination(
                candidate, accept=True, statement="For a greener Association.", by=person
            )

    return make


def candidates_of(election: Election) -> dict[str, Candidate]:
    """The election's candidates by the code of the member they stand for."""
    return {
        c.local_government.code: c for c in election.candidates.select_related("local_government")
    }
