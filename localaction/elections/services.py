"""The course of an election: its phases, nominations, the electorate, the
vote and the count. Every door (pages, API, admin, commands) goes through
these functions, so that the same rules hold everywhere; each either does all
it says or, refusing, writes nothing (a `ValidationError` with a message the
person can act on, or `PermissionDenied`).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from localaction.accounts.models import Role
from localaction.core import counting
from localaction.elections import count, notifications, permissions
from localaction.elections.models import (
    Ballot,
    Candidate,
    Election,
    Elector,
    VoteCast,
    VotingRepresentative,
)
from localaction.finance.standing import in_good_standing, in_good_standing_among
from localaction.governance.models import Mandate
from localaction.governance.services import fill_seat, seat_eligibility_problems
from localaction.network.models import LocalGovernment, Membership

#: How long before voting closes the representatives who have not voted are reminded.
REMINDER_BEFORE = datetime.timedelta(days=2)


def _when(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


# Preparing


@transaction.atomic
def prepare_election(*, by, seats: Sequence, **fields) -> Election:
    """A new election of `seats` (all of one body), in preparation."""
    if not permissions.administers(by):
        raise PermissionDenied(gettext("Only the secretariat prepares elections."))
    election = Election(created_by=by, **fields)
    election.full_clean()
    _check_seats(election, seats)
    election.save()
    election.seats.set(seats)
    return election


def _check_seats(election: Election, seats: Sequence) -> None:
    if not seats:
        raise ValidationError({"seats": gettext("Choose at least one seat to fill.")})
    others = [seat for seat in seats if seat.body_id != election.body_id]
    if others:
        raise ValidationError(
            {
                "seats": gettext("%(seat)s is not a seat of %(body)s.")
                % {"seat": others[0], "body": election.body}
            }
        )


# The electorate


def voting_members(election: Election | None = None) -> QuerySet[LocalGovernment]:
    """Members whose membership is active and of a category that votes (full
    members and associations; associate members do not vote) — of the body's
    region for a regional body, whose members elect it."""
    members = LocalGovernment.objects.filter(
        memberships__status=Membership.Status.ACTIVE, memberships__category__votes=True
    )
    if election is not None and election.body.region_id:
        members = members.filter(country__region=election.body.region_id)
    return members


def eligible_electorate(election: Election, on: datetime.date | None = None):
    """Who would be the electorate on `on` (today): voting members in good standing."""
    return in_good_standing_among(voting_members(election), on=on)


def freeze_electorate(election: Election, on: datetime.date | None = None) -> int:
    """Store the electorate of `election` as it stands on `on`; returns its size."""
    members = eligible_electorate(election, on).values_list("pk", "memberships__category__name")
    Elector.objects.bulk_create(
        Elector(election=election, local_government_id=pk, category=category)
        for pk, category in members.order_by("code")
    )
    return election.electors.count()


def representative_of(local_government: LocalGovernment):
    """The person designated to cast the member's vote, or None."""
    designation = (
        VotingRepresentative.objects.filter(local_government=local_government)
        .select_related("person")
        .first()
    )
    return designation.person if designation else None


@transaction.atomic
def designate_representative(
    local_government: LocalGovernment, *, person, by
) -> VotingRepresentative:
    """Make `person`, an editor of the member, its voting representative."""
    if not permissions.can_designate_representative(by, local_government):
        raise PermissionDenied(
            gettext(
                "Only the editors of %(member)s and the secretariat designate its voting "
                "representative."
            )
            % {"member": local_government.name}
        )
    is_editor = Role.objects.filter(
        user=person, kind=Role.Kind.EDITOR, local_government=local_government
    ).exists()
    if not is_editor or not person.is_active:
        raise ValidationError(
            {
                "person": gettext(
                    "%(person)s is not an editor of %(member)s: the voting representative is "
                    "one of the member's editors."
                )
                % {
                    "person": person.get_full_name() or person.username,
                    "member": local_government.name,
                }
            }
        )
    designation, _created = VotingRepresentative.objects.update_or_create(
        local_government=local_government,
        defaults={"person": person, "designated_by": by, "designated_on": timezone.localdate()},
    )
    return designation


def represented_by(user) -> QuerySet[LocalGovernment]:
    """The members whose vote `user` casts."""
    if not user.is_authenticated:
        return LocalGovernment.objects.none()
    return LocalGovernment.objects.filter(voting_representative__person=user)


# Phases


@transaction.atomic
def move_election(election: Election, *, to: str, by, now: datetime.datetime | None = None):
    """Move `election` to the phase `to`, which must be the next one; each move
    does its part (notifications, the frozen electorate, the count, the seats)."""
    if not permissions.administers(by, election):
        raise PermissionDenied(gettext("Only the election's administrators change its phase."))
    election = Election.objects.select_for_update().get(pk=election.pk)
    now = now or timezone.now()
    if to not in Election.Phase.values:
        raise ValidationError(gettext("“%(to)s” is not a phase of an election.") % {"to": to})
    if to != election.next_phase():
        raise ValidationError(
            gettext(
                "The election is in the phase “%(phase)s”: it cannot move to “%(to)s”. "
                "Phases follow in order: nominations, candidate list, voting, counting, results."
            )
            % {"phase": election.get_phase_display(), "to": Election.Phase(to).label}
        )
    {
        Election.Phase.NOMINATIONS: _open_nominations,
        Election.Phase.CANDIDATES: _publish_candidates,
        Election.Phase.VOTING: _open_voting,
        Election.Phase.COUNTING: _close_voting,
        Election.Phase.RESULTS: _publish_results,
    }[Election.Phase(to)](election, now)
    election.phase = to
    election.save(update_fields=["phase", "result", "counted_at", "results_published_at"])
    return election


def _open_nominations(election: Election, now: datetime.datetime) -> None:
    if timezone.localdate(now) > election.nominations_close_on:
        raise ValidationError(
            gettext("Nominations were to close on %(date)s: change the dates first.")
            % {"date": date_format(election.nominations_close_on)}
        )
    notifications.nominations_open(election, editors_of_members(eligible_electorate(election)))


def _publish_candidates(election: Election, now: datetime.datetime) -> None:
    if not election.candidates.filter(status=Candidate.Status.ACCEPTED).exists():
        raise ValidationError(
            gettext("No candidate has accepted a nomination: there is no list to publish.")
        )
    # Nominations left unanswered lapse with the list.
    election.candidates.filter(status=Candidate.Status.NOMINATED).update(
        status=Candidate.Status.DECLINED, answered_on=timezone.localdate(now)
    )


def _open_voting(election: Election, now: datetime.datetime) -> None:
    if now >= election.voting_closes_at:
        raise ValidationError(
            gettext("Voting was to close at %(when)s: change the dates first.")
            % {"when": _when(election.voting_closes_at)}
        )
    if not freeze_electorate(election, timezone.localdate(now)):
        raise ValidationError(
            gettext("No member is in good standing to vote: the electorate is empty.")
        )
    notifications.voting_open(
        election, representatives_of(election.electors.values("local_government"))
    )


def _close_voting(election: Election, now: datetime.datetime) -> None:
    if now < election.voting_closes_at:
        raise ValidationError(
            gettext("Voting is open until %(when)s: it cannot close earlier.")
            % {"when": _when(election.voting_closes_at)}
        )
    _rewrite_in_an_order_that_says_nothing(election)
    election.result = count.count(election)
    election.counted_at = now


def _rewrite_in_an_order_that_says_nothing(election: Election) -> None:
    """Write the election's votes cast again in the order of the members' codes
    and its ballots in the order of their receipt codes — the same rows, the
    same contents, receipts and keys — so that neither table's physical order
    (nor, on PostgreSQL, its transaction ids) tells any more when each member
    voted, or which ballot came when (see models' docstring)."""
    voted = list(
        VoteCast.objects.filter(election=election)
        .order_by("local_government__code")
        .values_list("local_government_id", flat=True)
    )
    ballots = list(
        Ballot.objects.filter(election=election)
        .order_by("receipt")
        .values_list("id", "receipt", "ranking")
    )
    VoteCast.objects.filter(election=election).delete()
    # The base manager: the ballots' own refuses to delete, as every door must.
    Ballot._base_manager.filter(election=election).delete()
    VoteCast.objects.bulk_create(
        VoteCast(election=election, local_government_id=pk) for pk in voted
    )
    Ballot.objects.bulk_create(
        Ballot(id=pk, election=election, receipt=receipt, ranking=ranking)
        for pk, receipt, ranking in ballots
    )
    if connection.vendor == "postgresql":
        transaction.on_commit(_vacuum)


def _vacuum() -> None:
    # Outside any transaction (VACUUM cannot run in one): the old row versions,
    # with their order and transaction ids, are discarded.
    with connection.cursor() as cursor:
        for model in (VoteCast, Ballot):
            cursor.execute(f'VACUUM "{model._meta.db_table}"')


def _publish_results(election: Election, now: datetime.datetime) -> None:
    elected = count.elected(election.result)
    if elected:
        seats = list(election.seats.order_by("order", "pk"))
        candidates = Candidate.objects.select_related("person", "local_government").in_bulk(elected)
        today = timezone.localdate(now)
        for seat, candidate_id in zip(seats, elected, strict=False):
            candidate = candidates[candidate_id]
            # A seat still held starts its new mandate when the current one ends.
            current = seat.current_mandate(today)
            fill_seat(
                seat,
                holder_name=candidate.name,
                local_government=candidate.local_government,
                starts_on=max(today, current.end) if current and current.end else today,
                obtained=Mandate.Obtained.ELECTED,
                user=candidate.person,
                election_reference=f"{election.title} ({election.get_absolute_url()})"[:100],
            )
    election.results_published_at = now
    electors = election.electors.values("local_government")
    notifications.results_published(
        election,
        get_user_model()
        .objects.filter(
            Q(represents_in_elections__local_government__in=electors)
            | Q(candidacies__election=election),
            is_active=True,
        )
        .distinct(),
    )


# Who is told


def editors_of_members(members: QuerySet[LocalGovernment]) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            roles__kind=Role.Kind.EDITOR,
            roles__local_government__in=members.values("pk"),
        )
        .distinct()
    )


def representatives_of(members) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(is_active=True, represents_in_elections__local_government__in=members)
        .distinct()
    )


def send_voting_reminders(now: datetime.datetime | None = None) -> list[Election]:
    """Remind the representatives of the members that have not voted, once per
    election, when voting closes within REMINDER_BEFORE; returns the elections."""
    now = now or timezone.now()
    reminded = []
    due = Election.objects.filter(
        phase=Election.Phase.VOTING,
        reminder_sent=False,
        voting_opens_at__lte=now,
        voting_closes_at__gt=now,
        voting_closes_at__lte=now + REMINDER_BEFORE,
    )
    for election in due:
        with transaction.atomic():
            # One worker wins the election (the flag is set before anyone is told).
            if not Election.objects.filter(pk=election.pk, reminder_sent=False).update(
                reminder_sent=True
            ):
                continue
            not_voted = election.electors.exclude(
                local_government__in=VoteCast.objects.filter(election=election).values(
                    "local_government"
                )
            ).values("local_government")
            notifications.voting_reminder(election, representatives_of(not_voted))
            reminded.append(election)
    return reminded


# Nominations


@transaction.atomic
def nominate(
    election: Election,
    *,
    nominated_by: LocalGovernment,
    person,
    local_government: LocalGovernment,
    by,
    on: datetime.date | None = None,
) -> Candidate:
    """A member in good standing nominates `person` to sit for `local_government`."""
    on = on or timezone.localdate()
    if not permissions.can_nominate_for(by, nominated_by):
        raise PermissionDenied(
            gettext("Only the editors of %(member)s nominate on its behalf.")
            % {"member": nominated_by.name}
        )
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.phase != Election.Phase.NOMINATIONS or on > election.nominations_close_on:
        raise ValidationError(
            gettext("Nominations for %(election)s are not open.") % {"election": election}
        )
    if not voting_members(election).filter(pk=nominated_by.pk).exists():
        raise ValidationError(
            gettext(
                "%(member)s is not a member that votes in this election (an active "
                "membership of a category that votes, in the body's region if it has one): "
                "it cannot nominate."
            )
            % {"member": nominated_by.name}
        )
    if not in_good_standing(nominated_by, on):
        raise ValidationError(
            gettext(
                "%(member)s is not in good standing: it has dues unpaid past the grace "
                "period. Once they are paid, it may nominate."
            )
            % {"member": nominated_by.name}
        )
    errors = candidate_problems(election, person=person, local_government=local_government, on=on)
    if errors:
        raise ValidationError({"person": errors})
    candidate = Candidate(
        election=election,
        person=person,
        local_government=local_government,
        nominated_by=nominated_by,
        nominated_by_person=by,
        nominated_on=on,
    )
    candidate.full_clean(exclude=["person", "local_government", "nominated_by"])
    candidate.save()
    notifications.nominated(candidate)
    return candidate


def candidate_problems(
    election: Election, *, person, local_government: LocalGovernment, on: datetime.date
) -> list[str]:
    """Why `person` may not stand for `local_government`, or an empty list."""
    problems = []
    if not Role.objects.filter(
        user=person,
        kind__in=[Role.Kind.EDITOR, Role.Kind.VIEWER],
        local_government=local_government,
    ).exists():
        problems.append(
            gettext("%(person)s does not work for %(member)s (no role in its team).")
            % {"person": person.get_full_name() or person.username, "member": local_government.name}
        )
    name = person.get_full_name() or person.username
    for seat in election.seats.select_related("body"):
        problems += seat_eligibility_problems(
            seat, local_government, on, holder_name=name, user=person
        )
    return list(dict.fromkeys(problems))


@transaction.atomic
def answer_nomination(candidate: Candidate, *, accept: bool, statement: str, by) -> Candidate:
    """The candidate accepts (with a statement) or declines their nomination."""
    if by.pk != candidate.person_id:
        raise PermissionDenied(gettext("Only the candidate answers their nomination."))
    candidate = (
        Candidate.objects.select_for_update().select_related("election").get(pk=candidate.pk)
    )
    if candidate.status != Candidate.Status.NOMINATED:
        raise ValidationError(gettext("This nomination is already answered."))
    if candidate.election.phase != Election.Phase.NOMINATIONS:
        raise ValidationError(
            gettext("Nominations are closed: the nomination can no longer be answered.")
        )
    if accept and not statement.strip():
        raise ValidationError(
            {"statement": gettext("Write a statement to the electorate to accept.")}
        )
    candidate.status = Candidate.Status.ACCEPTED if accept else Candidate.Status.DECLINED
    candidate.statement = statement.strip() if accept else ""
    candidate.answered_on = timezone.localdate()
    candidate.save()
    return candidate


@transaction.atomic
def withdraw_candidate(candidate: Candidate, *, by) -> Candidate:
    """A candidate withdraws (or an administrator records their withdrawal) before
    the count; ballots cast already keep their rankings, a withdrawn candidate is
    left out of the count."""
    candidate = (
        Candidate.objects.select_for_update().select_related("election").get(pk=candidate.pk)
    )
    if by.pk != candidate.person_id and not permissions.administers(by, candidate.election):
        raise PermissionDenied(
            gettext("Only the candidate or the administrators withdraw a candidacy.")
        )
    if candidate.status not in (Candidate.Status.NOMINATED, Candidate.Status.ACCEPTED):
        raise ValidationError(gettext("This candidacy is not standing."))
    if candidate.election.phase_index() >= Election.ORDER.index(Election.Phase.COUNTING):
        raise ValidationError(gettext("Voting is over: a candidate can no longer withdraw."))
    candidate.status = Candidate.Status.WITHDRAWN
    candidate.answered_on = timezone.localdate()
    candidate.save()
    return candidate


# The vote


@dataclass(frozen=True)
class Receipt:
    election: Election
    code: str


def ballot_problems(election: Election, ranking: Sequence[int]) -> list[str]:
    """What is wrong with `ranking` (candidate ids, first preference first) for
    `election`, or an empty list: the core's check of a ballot
    (`counting.check_marks`, `check_ranking`), in the reader's words."""
    candidates = {str(c.pk): c for c in election.candidates.select_related("person")}
    standing = [pk for pk, c in candidates.items() if c.status == Candidate.Status.ACCEPTED]
    withdrawn = [pk for pk, c in candidates.items() if c.status == Candidate.Status.WITHDRAWN]
    marks = [str(pk) for pk in ranking]
    seats = election.seat_count
    try:
        if election.is_ranked:
            counting.check_ranking(marks, candidates=standing, withdrawn=withdrawn)
        else:
            counting.check_marks(marks, candidates=standing, seats=seats, withdrawn=withdrawn)
    except counting.BallotError as error:
        candidate = candidates.get(error.candidate or "")
        name = candidate.name if candidate else error.candidate
        Problem = counting.BallotProblem
        message = {
            Problem.EMPTY: gettext("Choose at least one candidate."),
            Problem.TOO_MANY_MARKS: ngettext(
                "You chose %(chosen)s candidates for %(seats)s seat: choose at most %(seats)s.",
                "You chose %(chosen)s candidates for %(seats)s seats: choose at most %(seats)s.",
                seats,
            ),
            Problem.WITHDRAWN: gettext(
                "%(name)s has withdrawn from the election: choose only standing candidates."
            ),
            Problem.NOT_STANDING: gettext("%(name)s is not standing in this election."),
            Problem.DUPLICATE_CANDIDATE: gettext("%(name)s appears more than once on the ballot."),
        }.get(error.problem, error.message)
        return [message % {"chosen": len(marks), "seats": seats, "name": name}]
    return []


def cast_ballot(
    election: Election,
    *,
    local_government: LocalGovernment,
    ranking: Sequence[int],
    by,
    now: datetime.datetime | None = None,
) -> Receipt:
    """Cast the member's one vote: record that it voted and, apart, its ballot —
    both or neither. Returns the receipt code, shown to the voter once."""
    now = now or timezone.now()
    if not election.voting_is_open(now):
        if election.phase_index() < Election.ORDER.index(Election.Phase.VOTING) or (
            now < election.voting_opens_at
        ):
            message = gettext("Voting has not opened: it runs from %(opens)s to %(closes)s.")
        else:
            message = gettext("Voting closed at %(closes)s: no more ballots are accepted.")
        raise ValidationError(
            message
            % {"opens": _when(election.voting_opens_at), "closes": _when(election.voting_closes_at)}
        )
    if representative_of(local_government) != by:
        raise PermissionDenied(
            gettext("Only the designated voting representative of %(member)s casts its vote.")
            % {"member": local_government.name}
        )
    if not election.electors.filter(local_government=local_government).exists():
        raise ValidationError(
            gettext(
                "%(member)s is not in the electorate of this election (frozen when voting opened)."
            )
            % {"member": local_government.name}
        )
    ranking = [int(pk) for pk in ranking]
    if problems := ballot_problems(election, ranking):
        raise ValidationError(problems)
    if not election.is_ranked:
        ranking = sorted(ranking)
    with transaction.atomic():
        if not _still_voting(election):
            raise ValidationError(
                gettext("Voting closed at %(closes)s: no more ballots are accepted.")
                % {"closes": _when(election.voting_closes_at)}
            )
        try:
            with transaction.atomic():
                VoteCast.objects.create(election=election, local_government=local_government)
        except IntegrityError:
            raise ValidationError(
                gettext("%(member)s has already voted in this election: one vote per member.")
                % {"member": local_government.name}
            ) from None
        ballot = Ballot.objects.create(election=election, ranking=ranking)
    return Receipt(election, ballot.receipt)


def _still_voting(election: Election) -> bool:
    """Whether `election` is still in its voting phase, holding it there until
    the caller's transaction ends, so that the count (which locks the election
    to close the vote) holds every ballot committed and none comes after it.

    On PostgreSQL a shared lock on the election's row: ballots do not wait for
    each other, only for a close under way (and the close for them). On SQLite
    every write transaction holds the database's write lock from its start
    (settings: IMMEDIATE), so reading the phase is enough."""
    table = Election._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT phase FROM "{table}" WHERE id = %s FOR SHARE', [election.pk])
            row = cursor.fetchone()
        return row is not None and row[0] == Election.Phase.VOTING
    return Election.objects.filter(pk=election.pk, phase=Election.Phase.VOTING).exists()


def has_voted(election: Election, local_government: LocalGovernment) -> bool:
    return VoteCast.objects.filter(election=election, local_government=local_government).exists()


@dataclass(frozen=True)
class Turnout:
    electorate: int
    voted: int

    @property
    def percent(self) -> float:
        return 100 * self.voted / self.electorate if self.electorate else 0.0


def turnout(election: Election) -> Turnout:
    """How many of the electorate voted — a count, never who."""
    return Turnout(
        electorate=election.electors.count(),
        voted=VoteCast.objects.filter(election=election).count(),
    )
