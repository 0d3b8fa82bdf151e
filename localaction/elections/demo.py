"""Demo elections: a by-election whose results are published, and an election
whose voting is open now — in which the demo editor's member has not voted yet.

Built on the demo network, dues and governing bodies (`localaction demo` runs
it as its part registered by this app): every member that votes designates
a voting representative (one of its editors; the demo editor for its own
member), candidates are nominated and accept, ballots are cast through the
same services as the voting page, and the by-election is counted and its
seat filled as the secretariat would.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from localaction.accounts.models import Role
from localaction.elections import services
from localaction.elections.models import Election, VotingRepresentative
from localaction.governance.models import Body, Mandate, Seat
from localaction.governance.services import end_mandate
from localaction.network.demo import Progress, no_progress
from localaction.network.models import LocalGovernment

#: Share of the electorate that votes: in the by-election, and so far in the open one.
TURNOUT_CLOSED = 0.68
TURNOUT_SO_FAR = 0.41

FIRST_NAMES = [
    "Ana", "Bongani", "Chen", "Dalia", "Emeka", "Fatima", "Giulia", "Hiroshi", "Ingrid",
    "Jamal", "Kaveh", "Leila", "Mateus", "Nadia", "Olusegun", "Priya", "Rafael", "Sofia",
    "Tomás", "Yusuf",
]  # fmt: skip
LAST_NAMES = [
    "Abebe", "Bauer", "Costa", "Diallo", "Eriksen", "García", "Haddad", "Ito", "Kowalski",
    "Lindqvist", "Mensah", "Nguyen", "Ortiz", "Patel", "Quispe", "Rahman", "Silva", "Tanaka",
    "Van Dijk", "Zhou",
]  # fmt: skip


@dataclass(frozen=True)
class DemoElections:
    elections: int
    representatives: int
    ballots: int


def build_demo_elections(
    *, seed: int, now: datetime.datetime | None = None, progress: Progress = no_progress
) -> DemoElections:
    """The demo's voting representatives and its two elections (none without
    the demo's secretariat, bodies or voting members)."""
    now = now or timezone.now()
    rng = random.Random(f"elections-{seed}")
    secretariat = User.objects.filter(username="secretariat").first()
    excom = Body.objects.filter(code="EXCOM").first()
    voters = list(services.voting_members().distinct().order_by("code"))
    if secretariat is None or excom is None or not voters:
        return DemoElections(0, 0, 0)
    representatives = _designate_representatives(rng, voters, secretariat)
    held = []
    if seat := _vacant_regional_seat(excom, timezone.localdate(now)):
        held.append(_left_out_if_impossible(_by_election, rng, seat, secretariat,
                                            representatives, now, progress))  # fmt: skip
    vice_presidents = list(excom.seats.filter(title="Vice-President").order_by("order"))
    if len(vice_presidents) >= 2:
        held.append(_left_out_if_impossible(_open_election, rng, vice_presidents[:2], secretariat,
                                            representatives, now, progress))  # fmt: skip
    ballots = [cast for cast in held if cast is not None]
    return DemoElections(len(ballots), len(representatives), sum(ballots))


def _left_out_if_impossible(build, *args) -> int | None:
    """Run `build` in a savepoint: an election the demo's data cannot hold (a
    small demo: no candidate in good standing, no electorate) is left out."""
    try:
        with transaction.atomic():
            return build(*args)
    except ValidationError:
        return None


def _designate_representatives(rng, voters, secretariat) -> dict[int, User]:
    """Each voting member's representative: the demo editor for its member, a
    new editor (who cannot log in) for the others."""
    chosen: dict[int, User] = {}
    editor = User.objects.filter(username="editor").first()
    if editor is not None:
        for role in Role.objects.filter(user=editor, kind=Role.Kind.EDITOR).exclude(
            local_government=None
        ):
            chosen[role.local_government_id] = editor
    others = [lg for lg in voters if lg.pk not in chosen]
    User.objects.bulk_create(
        User(
            username=f"rep-{lg.code.lower()}",
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            password="!",  # unusable: the demo logs in as its five people
        )
        for lg in others
    )
    made = User.objects.in_bulk([f"rep-{lg.code.lower()}" for lg in others], field_name="username")
    Role.objects.bulk_create(
        Role(user=made[f"rep-{lg.code.lower()}"], kind=Role.Kind.EDITOR, local_government=lg)
        for lg in others
    )
    chosen.update({lg.pk: made[f"rep-{lg.code.lower()}"] for lg in others})
    today = timezone.localdate()
    VotingRepresentative.objects.bulk_create(
        VotingRepresentative(
            local_government_id=pk, person=person, designated_by=secretariat, designated_on=today
        )
        for pk, person in chosen.items()
        if pk in {lg.pk for lg in voters}
    )
    return chosen


def _vacant_regional_seat(excom: Body, today: datetime.date) -> Seat | None:
    """A regional seat left vacant; failing one, the first whose holder then
    resigns (three months ago) — the by-election fills it."""
    regional = list(excom.seats.exclude(region=None).select_related("region").order_by("order"))
    for seat in regional:
        if (
            seat.current_mandate(today) is None
            and not seat.mandates.filter(starts_on__gt=today).exists()
        ):
            return seat
    resigned = today - datetime.timedelta(days=90)
    for seat in regional:
        holder = seat.current_mandate(today)
        if holder is not None and holder.starts_on < resigned:
            end_mandate(holder, on=resigned, reason=Mandate.EndReason.RESIGNATION)
            return seat
    return None


def _by_election(rng, seat: Seat, secretariat, representatives, now, progress) -> int:
    """A by-election for a vacant regional seat, held some weeks ago: counted by
    instant-runoff, its results published and the seat filled."""
    closes = now - datetime.timedelta(days=36)
    election = services.prepare_election(
        by=secretariat,
        seats=[seat],
        body=seat.body,
        title=f"By-election: {seat.display_title}",
        method=Election.Method.STV,
        nominations_open_on=timezone.localdate(now - datetime.timedelta(days=75)),
        nominations_close_on=timezone.localdate(now - datetime.timedelta(days=60)),
        voting_opens_at=now - datetime.timedelta(days=50),
        voting_closes_at=closes,
    )
    region = list(services.voting_members().filter(country__region=seat.region_id).distinct())
    election = _candidates(
        rng, election, region, representatives, secretariat, now - datetime.timedelta(days=70), 3
    )
    election = services.move_election(
        election, to=Election.Phase.VOTING, by=secretariat, now=now - datetime.timedelta(days=50)
    )
    cast = _ballots(
        rng, election, representatives, TURNOUT_CLOSED, now - datetime.timedelta(days=50), closes,
        progress, skip=set(),
    )  # fmt: skip
    election = services.move_election(
        election,
        to=Election.Phase.COUNTING,
        by=secretariat,
        now=closes + datetime.timedelta(hours=2),
    )
    services.move_election(
        election, to=Election.Phase.RESULTS, by=secretariat, now=closes + datetime.timedelta(days=1)
    )
    return cast


def _open_election(rng, seats, secretariat, representatives, now, progress) -> int:
    """The Vice-Presidents for the next term, by single transferable vote:
    voting opened five days ago and closes in nine; the demo editor's member
    has not voted yet."""
    opens = now - datetime.timedelta(days=5)
    election = services.prepare_election(
        by=secretariat,
        seats=seats,
        body=seats[0].body,
        title="Vice-Presidents of the Executive Committee, next term",
        method=Election.Method.STV,
        nominations_open_on=timezone.localdate(now - datetime.timedelta(days=40)),
        nominations_close_on=timezone.localdate(now - datetime.timedelta(days=12)),
        voting_opens_at=opens,
        voting_closes_at=now + datetime.timedelta(days=9),
    )
    members = list(services.voting_members().distinct().order_by("code"))
    election = _candidates(
        rng, election, members, representatives, secretariat, now - datetime.timedelta(days=30), 5
    )
    election = services.move_election(election, to=Election.Phase.VOTING, by=secretariat, now=opens)
    editor = User.objects.filter(username="editor").first()
    waiting = {pk for pk, person in representatives.items() if person == editor}
    return _ballots(
        rng, election, representatives, TURNOUT_SO_FAR, opens, now, progress, skip=waiting
    )


def _candidates(rng, election, pool, representatives, secretariat, when, wanted: int) -> Election:
    """Nominate `wanted` members' representatives of `pool` (each by its own
    member), have them accept, and publish the list."""
    on = timezone.localdate(when)
    election = services.move_election(
        election, to=Election.Phase.NOMINATIONS, by=secretariat, now=when
    )
    shuffled = [lg for lg in pool if lg.pk in representatives]
    rng.shuffle(shuffled)
    nominated = 0
    for lg in shuffled:
        if nominated == wanted:
            break
        person = representatives[lg.pk]
        if person.username == "editor":
            continue  # the demo editor votes in these elections, they do not stand
        if services.candidate_problems(election, person=person, local_government=lg, on=on):
            continue
        try:
            candidate = services.nominate(
                election, nominated_by=lg, person=person, local_government=lg, by=person, on=on
            )
        except ValidationError:  # not in good standing on that day: the next one
            continue
        services.answer_nomination(
            candidate,
            accept=True,
            statement=rng.choice(STATEMENTS) % {"member": lg.name},
            by=person,
        )
        nominated += 1
    return services.move_election(election, to=Election.Phase.CANDIDATES, by=secretariat, now=when)


STATEMENTS = [
    "%(member)s has cut its emissions by a third since joining: I will bring what we "
    "learnt to every member of the region.",
    "I stand to make the association's campaigns easier to join for smaller local "
    "governments like %(member)s.",
    "Water, resilience and procurement: %(member)s has led on all three, and I will "
    "keep them on the Committee's agenda.",
    "For transparent finances and dues that members can plan for — as %(member)s's "
    "treasurer I know what that takes.",
    "I will speak for the members that joined the network most recently, as %(member)s did.",
]


def _ballots(rng, election, representatives, share, opens, closes, progress, *, skip) -> int:
    """Cast the ballots of `share` of the electorate at moments between `opens`
    and `closes`, each ranking candidates by a preference with some consensus."""
    candidates = list(election.candidates.filter(status="accepted").values_list("pk", flat=True))
    if not candidates:
        return 0
    appeal = {pk: rng.uniform(0.5, 2.0) for pk in candidates}
    electors = list(
        LocalGovernment.objects.filter(
            pk__in=election.electors.values("local_government")
        ).order_by("code")
    )
    voting = [lg for lg in electors if lg.pk not in skip and rng.random() < share]
    window = (closes - opens).total_seconds()
    moments = sorted(opens + datetime.timedelta(seconds=rng.uniform(60, window - 60))
                     for _lg in voting)  # fmt: skip
    for lg, moment in zip(progress(voting, f"Ballots: {election.title}"), moments, strict=True):
        ranking = sorted(candidates, key=lambda pk: -appeal[pk] * rng.random())
        ranking = ranking[: rng.randint(1, len(ranking))] if election.is_ranked else ranking[:2]
        services.cast_ballot(
            election, local_government=lg, ranking=ranking, by=representatives[lg.pk], now=moment
        )
    return len(voting)


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    built = build_demo_elections(seed=seed, progress=progress)
    return (
        f"{built.elections} elections, {built.representatives} voting representatives "
        f"and {built.ballots} ballots"
    )
