"""Counting an election's votes: block vote, instant-runoff and single transferable vote.

Three methods, each with its tie rule stated, and a turnout quorum:

- **Block vote** (plurality for n seats): each voter marks up to n candidates;
  the n candidates with most marks are elected. A tie for the last seat(s) is
  decided by lot.
- **Single transferable vote** for several seats, counted exactly by the
  Scottish Local Government Elections Order 2007 (SSI 2007/42), Schedule 1,
  rules 45–52: the quota of rule 46, the weighted inclusive Gregory transfer of
  every paper of an elected candidate at a transfer value calculated to five
  decimal places with the remainder ignored (rule 48), highest surplus first
  (rule 49), exclusion of the lowest candidate with all its papers at their
  current value (rules 50–51), and the last vacancies filled by the continuing
  candidates (rule 52). A tie is decided by the earlier stages (rules 49(2),
  51(2)(a)) and then by lot (rules 49(3), 51(2)(b)).
- **Instant-runoff** for one seat: the same rules with one seat, whose quota
  is a majority of the valid ballots (rule 46: half, ignoring the fraction,
  plus one).

Rules 49(2) and 51(2)(a) speak of two candidates; with three or more tied, the
count looks back for the most recent preceding stage at which their votes
were not all equal, keeps those with the highest (49) or lowest (51) votes
there, and, if several remain, keeps looking further back among them.

"By lot" is a seeded draw, never Python's hash order or the clock: the caller
passes a ``seed`` (record it with the election: a fresh random string drawn
when the count is made), the result carries it, and counting the same ballots
with the same seed gives the same result, draws included. The draw is
`random.Random(seed)` — seeded from the string's SHA-512, the same on every
platform and Python version since 3.2 — choosing among the tied candidates in
ballot-paper order.

Candidates are identified by strings (the caller's ids) and listed in
ballot-paper order; that order is the order of every table in a result.
Votes in ranked counts are exact decimals with five places (rule 48(3)); they
are held internally as whole numbers of hundred-thousandths of a vote, so
that no sum ever rounds.

Ballots are checked before anything is counted (:func:`check_marks`,
:func:`check_ranking`): a ballot the rules do not allow raises
:class:`BallotError` naming the problem, the candidate and the ballot, with a
``problem`` code that a translated page can turn into its own words.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import TypeVar

PLACES = 5
"""Decimal places of a transfer value (rule 48(3)): the remainder beyond is ignored."""

UNIT: int = 10**PLACES  # one vote, counted in hundred-thousandths

_T = TypeVar("_T")

RULES = (
    "The Scottish Local Government Elections Order 2007 (SSI 2007/42), "
    "Schedule 1, rules 45-52 (counting of votes by the single transferable vote)"
)
"""The rule set the ranked methods implement, as a result cites it."""

BLOCK_RULES = (
    "Block vote: each voter marks up to as many candidates as there are seats; "
    "the candidates with most votes are elected; a tie for the last seat is decided by lot"
)
"""The block vote's rule, as a result cites it."""


# Problems ----------------------------------------------------------------------


class BallotProblem(StrEnum):
    """What is wrong with a ballot, as a code a page can translate."""

    EMPTY = "empty"
    TOO_MANY_MARKS = "too-many-marks"
    NOT_STANDING = "not-standing"
    WITHDRAWN = "withdrawn"
    DUPLICATE_CANDIDATE = "duplicate-candidate"
    DUPLICATE_PREFERENCE = "duplicate-preference"
    GAP = "gap"
    NOT_A_PREFERENCE = "not-a-preference"


class BallotError(ValueError):
    """A ballot the election's rules do not allow, with the reason in words and as a code.

    ``problem`` is a :class:`BallotProblem`; ``candidate`` the candidate
    concerned, if one is; ``preference`` the preference number concerned, if
    one is; ``allowed`` the most marks a ballot may make (too many marks);
    ``ballot`` the ballot's position (from 1) when it was found while counting
    a list of ballots.
    """

    def __init__(
        self,
        problem: BallotProblem,
        message: str,
        *,
        candidate: str | None = None,
        preference: int | None = None,
        allowed: int | None = None,
        ballot: int | None = None,
    ) -> None:
        super().__init__(message if ballot is None else f"ballot {ballot}: {message}")
        self.problem = problem
        self.message = message
        self.candidate = candidate
        self.preference = preference
        self.allowed = allowed
        self.ballot = ballot

    def on_ballot(self, ballot: int) -> BallotError:
        """The same problem, found on the ``ballot``-th ballot of a count."""
        return BallotError(
            self.problem,
            self.message,
            candidate=self.candidate,
            preference=self.preference,
            allowed=self.allowed,
            ballot=ballot,
        )


class CountError(ValueError):
    """An election that cannot be counted as described (no seats, candidates, ballots or seed)."""


# Checking ballots --------------------------------------------------------------


def check_marks(
    marks: Iterable[str],
    *,
    candidates: Collection[str],
    seats: int,
    withdrawn: Collection[str] = (),
) -> frozenset[str]:
    """The candidates a block-vote ballot marks, once it is known to be allowed.

    A ballot marks at least one and at most ``seats`` of the standing
    ``candidates``, each once. A candidate in ``withdrawn`` (stood, then
    withdrew) gets its own message, so that the voter knows why.
    """
    chosen = tuple(marks)
    _check_candidates(chosen, candidates, withdrawn, done="marked")
    if not chosen:
        raise BallotError(BallotProblem.EMPTY, "The ballot marks no candidate.")
    if len(chosen) > seats:
        raise BallotError(
            BallotProblem.TOO_MANY_MARKS,
            f"The ballot marks {len(chosen)} candidates; there "
            + ("is 1 seat" if seats == 1 else f"are {seats} seats")
            + f", so mark at most {seats}.",
            allowed=seats,
        )
    return frozenset(chosen)


def check_ranking(
    preferences: Mapping[str, int] | Sequence[str],
    *,
    candidates: Collection[str],
    withdrawn: Collection[str] = (),
) -> tuple[str, ...]:
    """The candidates a ranked ballot prefers, first preference first.

    ``preferences`` is either what a voter wrote — a mapping of candidate to
    preference number (1 for the first preference) — or the candidates already
    in order. Numbers are whole numbers from 1 in consecutive order, each given
    to one candidate; a voter may rank as few candidates as they like (at least
    one) and each candidate once. Only standing candidates may be ranked.
    """
    if isinstance(preferences, Mapping):
        ranking = _ranking_of_numbers(preferences)
    elif isinstance(preferences, str):
        raise TypeError("A ranking is a sequence of candidates, not one string.")
    else:
        ranking = tuple(preferences)
    if not ranking:
        raise BallotError(BallotProblem.EMPTY, "The ballot gives no first preference.")
    _check_candidates(ranking, candidates, withdrawn, done="ranked")
    return ranking


def _ranking_of_numbers(preferences: Mapping[str, int]) -> tuple[str, ...]:
    by_number: dict[int, str] = {}
    for candidate, number in preferences.items():
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise BallotError(
                BallotProblem.NOT_A_PREFERENCE,
                f"The preference for '{candidate}' is {number!r}; "
                "preferences are whole numbers from 1.",
                candidate=candidate,
            )
        if number in by_number:
            raise BallotError(
                BallotProblem.DUPLICATE_PREFERENCE,
                f"Preference {number} is given to both '{by_number[number]}' and '{candidate}'.",
                candidate=candidate,
                preference=number,
            )
        by_number[number] = candidate
    for expected, number in enumerate(sorted(by_number), start=1):
        if number != expected:
            raise BallotError(
                BallotProblem.GAP,
                f"Preference {expected} is missing"
                + (
                    "; number the candidates 1, 2, 3 and so on without a gap."
                    if expected > 1
                    else "; the first preference is 1."
                ),
                preference=expected,
            )
    return tuple(by_number[number] for number in sorted(by_number))


def _check_candidates(
    chosen: Sequence[str], candidates: Collection[str], withdrawn: Collection[str], *, done: str
) -> None:
    """Each of ``chosen`` is standing and chosen once (``done``: "marked", "ranked")."""
    seen: set[str] = set()
    for candidate in chosen:
        if candidate in withdrawn:
            raise BallotError(
                BallotProblem.WITHDRAWN,
                f"'{candidate}' has withdrawn from this election.",
                candidate=candidate,
            )
        if candidate not in candidates:
            raise BallotError(
                BallotProblem.NOT_STANDING,
                f"'{candidate}' is not a candidate in this election.",
                candidate=candidate,
            )
        if candidate in seen:
            raise BallotError(
                BallotProblem.DUPLICATE_CANDIDATE,
                f"'{candidate}' is {done} more than once.",
                candidate=candidate,
            )
        seen.add(candidate)


# What a result records ---------------------------------------------------------


class Method(StrEnum):
    """A counting method."""

    BLOCK = "block"
    INSTANT_RUNOFF = "instant-runoff"
    STV = "stv"


class StageKind(StrEnum):
    """What happens at a stage of a ranked count ("stage of the count", SSI 2007/42 art. 2)."""

    FIRST_PREFERENCES = "first-preferences"
    SURPLUS = "surplus"
    EXCLUSION = "exclusion"


class Outcome(StrEnum):
    """What became of a candidate."""

    ELECTED = "elected"
    EXCLUDED = "excluded"


class Reason(StrEnum):
    """Why a candidate was elected or excluded, as a code a page can translate."""

    QUOTA = "quota"  # rule 47: votes equal or exceed the quota
    LAST_VACANCIES = "last-vacancies"  # rule 52: as many continuing candidates as vacancies
    LOWEST = "lowest"  # rule 50: the lowest number of votes
    MOST_VOTES = "most-votes"  # block vote: among the candidates with most votes


class TieUse(StrEnum):
    """What a tie had to decide."""

    SURPLUS_ORDER = "surplus-order"  # rule 49(2)-(3)
    EXCLUSION = "exclusion"  # rule 51
    LAST_SEAT = "last-seat"  # block vote


class TieBreak(StrEnum):
    """How a tie was decided."""

    EARLIER_STAGE = "earlier-stage"
    LOT = "lot"


@dataclass(frozen=True)
class Tie:
    """A tie and how it was decided: ``between`` those candidates, ``chosen`` were
    picked — whose surplus ``stage`` transfers, whom it excludes, or (a block
    vote, stage 0) who takes the last seats. ``earlier_stage`` is the stage whose
    votes decided it, when the earlier stages did."""

    stage: int
    use: TieUse
    between: tuple[str, ...]
    chosen: tuple[str, ...]
    decided_by: TieBreak
    earlier_stage: int | None = None

    def as_data(self) -> dict[str, object]:
        """The tie as plain data (for JSON)."""
        return {
            "stage": self.stage,
            "use": self.use.value,
            "between": list(self.between),
            "chosen": list(self.chosen),
            "decided_by": self.decided_by.value,
            "earlier_stage": self.earlier_stage,
        }


@dataclass(frozen=True)
class Decision:
    """A candidate elected or excluded at ``stage`` (0 for a block vote), and why."""

    candidate: str
    outcome: Outcome
    reason: Reason
    stage: int

    def as_data(self) -> dict[str, object]:
        """The decision as plain data (for JSON)."""
        return {
            "candidate": self.candidate,
            "outcome": self.outcome.value,
            "reason": self.reason.value,
            "stage": self.stage,
        }


@dataclass(frozen=True)
class BlockResult:
    """A block vote: every candidate's votes, who was elected, and any lot drawn.

    ``votes`` has every candidate in ballot-paper order; ``elected`` is in
    order of votes (most first). ``unfilled`` counts seats left empty because
    fewer candidates stood than there are seats.
    """

    candidates: tuple[str, ...]
    seats: int
    valid_ballots: int
    votes: Mapping[str, int]
    elected: tuple[str, ...]
    decisions: tuple[Decision, ...]
    ties: tuple[Tie, ...]
    seed: str
    unfilled: int = 0
    method: Method = Method.BLOCK
    rules: str = BLOCK_RULES

    @property
    def marks(self) -> int:
        """All marks on all ballots: the sum of the candidates' votes."""
        return sum(self.votes.values())

    def as_data(self) -> dict[str, object]:
        """The whole result as plain data (for JSON)."""
        return {
            "method": self.method.value,
            "rules": self.rules,
            "candidates": list(self.candidates),
            "seats": self.seats,
            "valid_ballots": self.valid_ballots,
            "votes": dict(self.votes),
            "elected": list(self.elected),
            "unfilled": self.unfilled,
            "decisions": [decision.as_data() for decision in self.decisions],
            "ties": [tie.as_data() for tie in self.ties],
            "seed": self.seed,
        }

    def rows(self) -> list[tuple[str, int, bool]]:
        """One row per candidate in ballot-paper order: candidate, votes, elected."""
        elected = set(self.elected)
        return [(c, self.votes[c], c in elected) for c in self.candidates]


@dataclass(frozen=True)
class Stage:
    """One stage of a ranked count (rules 45, 48 and 50).

    ``subject`` is the candidate whose surplus is transferred or who is
    excluded (None at the first stage). ``transfer_values`` are the values at
    which papers moved: for a surplus, each distinct transfer value rule 48(3)
    gave; for an exclusion, the values the papers carried (rule 50(4)).
    ``changes`` is each candidate's gain (or the subject's loss) at this stage
    — at the first stage, the first preferences. ``non_transferable`` is the
    value of the papers that had no next available preference, and
    ``lost_to_rounding`` the part of a surplus lost because rule 48(3) ignores
    the remainder beyond five decimal places. ``votes`` is every candidate's
    votes at the end of the stage (an excluded candidate 0, an elected one the
    quota once their surplus has gone). ``decisions`` are the candidates
    elected or excluded at this stage.

    At every stage ``sum(votes) + non-transferable and lost so far == valid
    ballots``: no vote appears or disappears.
    """

    number: int
    kind: StageKind
    subject: str | None
    transfer_values: tuple[Decimal, ...]
    changes: Mapping[str, Decimal]
    non_transferable: Decimal
    lost_to_rounding: Decimal
    votes: Mapping[str, Decimal]
    decisions: tuple[Decision, ...]
    ties: tuple[Tie, ...]

    def as_data(self) -> dict[str, object]:
        """The stage as plain data; decimals as strings with five places (for JSON)."""
        return {
            "number": self.number,
            "kind": self.kind.value,
            "subject": self.subject,
            "transfer_values": [str(value) for value in self.transfer_values],
            "changes": {c: str(v) for c, v in self.changes.items()},
            "non_transferable": str(self.non_transferable),
            "lost_to_rounding": str(self.lost_to_rounding),
            "votes": {c: str(v) for c, v in self.votes.items()},
            "decisions": [decision.as_data() for decision in self.decisions],
            "ties": [tie.as_data() for tie in self.ties],
        }


COUNT_SHEET_TOTALS = ("non-transferable", "lost-to-rounding", "total")
"""The rows a count sheet adds below the candidates, in order."""


@dataclass(frozen=True)
class RankedResult:
    """A ranked count (instant-runoff or STV): the quota, every stage, who was elected.

    ``elected`` is in the order of election; ``excluded`` in the order of
    exclusion. ``first_preferences`` are the votes of stage 1. ``unfilled``
    counts seats left empty because fewer candidates stood than there are seats.
    """

    method: Method
    candidates: tuple[str, ...]
    seats: int
    valid_ballots: int
    quota: int
    stages: tuple[Stage, ...]
    elected: tuple[str, ...]
    excluded: tuple[str, ...]
    seed: str
    unfilled: int = 0
    rules: str = RULES

    @property
    def first_preferences(self) -> Mapping[str, Decimal]:
        """Each candidate's first-preference votes (stage 1)."""
        return self.stages[0].changes

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """Every election and exclusion, in the order they happened."""
        return tuple(d for stage in self.stages for d in stage.decisions)

    @property
    def ties(self) -> tuple[Tie, ...]:
        """Every tie the count met, in order."""
        return tuple(t for stage in self.stages for t in stage.ties)

    def as_data(self) -> dict[str, object]:
        """The whole result as plain data; decimals as strings (for JSON)."""
        return {
            "method": self.method.value,
            "rules": self.rules,
            "candidates": list(self.candidates),
            "seats": self.seats,
            "valid_ballots": self.valid_ballots,
            "quota": self.quota,
            "elected": list(self.elected),
            "excluded": list(self.excluded),
            "unfilled": self.unfilled,
            "stages": [stage.as_data() for stage in self.stages],
            "seed": self.seed,
        }

    def count_sheet(self) -> list[tuple[str, list[Decimal | None]]]:
        """The count as the familiar result sheet, for a page or a spreadsheet.

        One row per candidate in ballot-paper order, then the rows named in
        :data:`COUNT_SHEET_TOTALS`; each row is ``(key, cells)``. The cells are,
        for stage 1, the votes; for each later stage, the change at that stage
        (None if none) and then the votes at its end. A candidate's cells are
        None after the stage that excluded them or transferred their surplus.
        The caller supplies the (translated) column and row labels.
        """
        rows: list[tuple[str, list[Decimal | None]]] = []
        for candidate in self.candidates:
            cells: list[Decimal | None] = [self.stages[0].votes[candidate]]
            done = False
            for stage in self.stages[1:]:
                if done:
                    cells += [None, None]
                else:
                    cells += [stage.changes.get(candidate), stage.votes[candidate]]
                    done = stage.subject == candidate
            rows.append((candidate, cells))
        zero = _decimal(0)
        non_transferable: list[Decimal | None] = [zero]
        lost: list[Decimal | None] = [zero]
        total: list[Decimal | None] = [sum(self.stages[0].votes.values(), zero)]
        nt_sum = lost_sum = zero
        for stage in self.stages[1:]:
            nt_sum += stage.non_transferable
            lost_sum += stage.lost_to_rounding
            non_transferable += [stage.non_transferable, nt_sum]
            lost += [stage.lost_to_rounding, lost_sum]
            total += [None, sum(stage.votes.values(), zero) + nt_sum + lost_sum]
        rows.append((COUNT_SHEET_TOTALS[0], non_transferable))
        rows.append((COUNT_SHEET_TOTALS[1], lost))
        rows.append((COUNT_SHEET_TOTALS[2], total))
        return rows


# Block vote --------------------------------------------------------------------


def count_block_vote(
    ballots: Iterable[Iterable[str]],
    *,
    candidates: Sequence[str],
    seats: int,
    seed: str,
    withdrawn: Collection[str] = (),
) -> BlockResult:
    """Count a block vote: each ballot marks up to ``seats`` of ``candidates``.

    The ``seats`` candidates with most votes are elected (all of them, if no
    more stood). Where candidates with equal votes straddle the last seat, the
    seats left are drawn by lot among them with ``seed`` (see the module's
    docstring). Each ballot is checked with :func:`check_marks` first; the
    first one not allowed raises :class:`BallotError`.
    """
    roster = _roster(candidates, seats, seed)
    lot = _Lot(seed)
    votes = dict.fromkeys(roster, 0)
    valid = 0
    for number, ballot in enumerate(ballots, start=1):
        try:
            marks = check_marks(ballot, candidates=votes, seats=seats, withdrawn=withdrawn)
        except BallotError as error:
            raise error.on_ballot(number) from None
        for candidate in marks:
            votes[candidate] += 1
        valid += 1
    if not valid:
        raise CountError("There are no valid ballots to count.")
    order = sorted(roster, key=lambda c: -votes[c])  # stable: ballot-paper order among equals
    elected = order[:seats]
    ties: list[Tie] = []
    if len(order) > seats:
        boundary = votes[order[seats - 1]]
        above = [c for c in order if votes[c] > boundary]
        level = [c for c in roster if votes[c] == boundary]
        if len(level) > seats - len(above):
            drawn = lot.draw(level, seats - len(above))
            ties.append(
                Tie(
                    stage=0,
                    use=TieUse.LAST_SEAT,
                    between=tuple(level),
                    chosen=tuple(drawn),
                    decided_by=TieBreak.LOT,
                )
            )
            elected = above + [c for c in level if c in drawn]
    decisions = tuple(Decision(c, Outcome.ELECTED, Reason.MOST_VOTES, 0) for c in elected)
    return BlockResult(
        candidates=roster,
        seats=seats,
        valid_ballots=valid,
        votes=votes,
        elected=tuple(elected),
        decisions=decisions,
        ties=tuple(ties),
        seed=seed,
        unfilled=max(0, seats - len(roster)),
    )


# Ranked counts -----------------------------------------------------------------


def count_instant_runoff(
    ballots: Iterable[Mapping[str, int] | Sequence[str]],
    *,
    candidates: Sequence[str],
    seed: str,
    withdrawn: Collection[str] = (),
) -> RankedResult:
    """Count an instant-runoff election for one seat: :func:`count_stv` with one seat.

    The quota is then a majority of the valid ballots; the lowest candidate is
    excluded and their papers go to each voter's next preference until a
    candidate has the quota or only one continuing candidate is left.
    """
    return _count_ranked(
        ballots,
        candidates=candidates,
        seats=1,
        seed=seed,
        withdrawn=withdrawn,
        method=Method.INSTANT_RUNOFF,
    )


def count_stv(
    ballots: Iterable[Mapping[str, int] | Sequence[str]],
    *,
    candidates: Sequence[str],
    seats: int,
    seed: str,
    withdrawn: Collection[str] = (),
) -> RankedResult:
    """Count a single transferable vote election exactly by SSI 2007/42, Schedule 1, rules 45-52.

    Each ballot is a ranking that :func:`check_ranking` accepts (candidate to
    preference number, or candidates in order); the first one not allowed
    raises :class:`BallotError`. ``seed`` decides any tie the earlier stages
    cannot (see the module's docstring) and is recorded in the result.
    """
    return _count_ranked(
        ballots,
        candidates=candidates,
        seats=seats,
        seed=seed,
        withdrawn=withdrawn,
        method=Method.STV,
    )


def count_votes(
    method: Method,
    ballots: Iterable[Iterable[str]],
    *,
    candidates: Sequence[str],
    seats: int,
    seed: str,
    withdrawn: Collection[str] = (),
) -> BlockResult | RankedResult:
    """Count by ``method``: the one door for a caller that stores the method as data.

    Block-vote ballots are the candidates marked; ranked ballots are rankings
    (see :func:`check_ranking`). Instant-runoff refuses more than one seat: it
    is the single transferable vote's one-seat case, and a caller asking for
    several seats has the wrong method.
    """
    if method is Method.BLOCK:
        return count_block_vote(
            ballots,
            candidates=candidates,
            seats=seats,
            seed=seed,
            withdrawn=withdrawn,
        )
    if method is Method.INSTANT_RUNOFF:
        if seats != 1:
            raise CountError(f"Instant-runoff fills one seat, not {seats}; use STV for several.")
        return count_instant_runoff(
            ballots,  # type: ignore[arg-type]
            candidates=candidates,
            seed=seed,
            withdrawn=withdrawn,
        )
    return count_stv(
        ballots,  # type: ignore[arg-type]
        candidates=candidates,
        seats=seats,
        seed=seed,
        withdrawn=withdrawn,
    )


def quota(valid_ballots: int, seats: int) -> int:
    """The quota of rule 46: valid ballots ÷ (seats + 1), ignoring decimals, plus one."""
    return valid_ballots // (seats + 1) + 1


# A parcel is papers with the same ranking, now at the same preference and value:
# (ranking as candidate indexes, position of the current preference, papers, value
# of each paper in hundred-thousandths of a vote).
_Parcel = tuple[tuple[int, ...], int, int, int]


def _count_ranked(
    ballots: Iterable[Mapping[str, int] | Sequence[str]],
    *,
    candidates: Sequence[str],
    seats: int,
    seed: str,
    withdrawn: Collection[str],
    method: Method,
) -> RankedResult:
    roster = _roster(candidates, seats, seed)
    index = {candidate: i for i, candidate in enumerate(roster)}
    rankings: Counter[tuple[int, ...]] = Counter()
    for number, ballot in enumerate(ballots, start=1):
        try:
            ranking = check_ranking(ballot, candidates=index, withdrawn=withdrawn)
        except BallotError as error:
            raise error.on_ballot(number) from None
        rankings[tuple(index[c] for c in ranking)] += 1
    valid = sum(rankings.values())
    if not valid:
        raise CountError("There are no valid ballots to count.")
    count = _Count(roster, seats, quota(valid, seats), _Lot(seed))
    count.first_stage(rankings)
    while count.next_stage():
        pass
    return RankedResult(
        method=method,
        candidates=roster,
        seats=seats,
        valid_ballots=valid,
        quota=count.quota,
        stages=tuple(count.stages),
        elected=tuple(roster[i] for i in count.elected),
        excluded=tuple(roster[i] for i in count.excluded),
        seed=seed,
        unfilled=max(0, seats - len(roster)),
    )


class _Count:
    """The state of a ranked count between stages (candidates by index)."""

    def __init__(self, roster: tuple[str, ...], seats: int, quota: int, lot: _Lot) -> None:
        self.roster = roster
        self.seats = seats
        self.quota = quota
        self.lot = lot
        n = len(roster)
        self.papers: list[list[_Parcel]] = [[] for _ in range(n)]
        self.votes = [0] * n  # hundred-thousandths
        self.continuing = set(range(n))
        self.elected: list[int] = []
        self.excluded: list[int] = []
        self.transferred: set[int] = set()  # elected candidates whose surplus has gone
        self.history: list[list[int]] = []  # votes at the end of each stage
        self.stages: list[Stage] = []

    # Stages

    def first_stage(self, rankings: Counter[tuple[int, ...]]) -> None:
        """Rule 45: sort the papers by first preference and credit one vote each."""
        for ranking, papers in rankings.items():
            first = ranking[0]
            self.papers[first].append((ranking, 0, papers, UNIT))
            self.votes[first] += papers * UNIT
        changes = dict(enumerate(self.votes))
        self._close_stage(StageKind.FIRST_PREFERENCES, None, (), changes, 0, 0, [])

    def next_stage(self) -> bool:
        """Transfer the highest surplus (rules 48-49) or exclude the lowest candidate
        (rules 50-51); False once the count is over (rules 47 and 52)."""
        if self._finished():
            return False
        ties: list[Tie] = []
        surpluses = [
            c for c in self.elected if c not in self.transferred and self.votes[c] > self._quota()
        ]
        if surpluses:
            subject = self._pick(surpluses, TieUse.SURPLUS_ORDER, highest=True, ties=ties)
            self._transfer_surplus(subject, ties)
        else:
            subject = self._pick(
                sorted(self.continuing), TieUse.EXCLUSION, highest=False, ties=ties
            )
            self._exclude(subject, ties)
        return True

    def _finished(self) -> bool:
        """Whether every vacancy is filled; rule 52 fills the last ones when as many
        candidates continue as vacancies remain."""
        vacancies = self.seats - len(self.elected)
        if vacancies <= 0:
            return True
        if len(self.continuing) <= vacancies:
            stage = self.stages[-1]
            last = sorted(self.continuing, key=lambda c: (-self.votes[c], c))
            decisions = [
                Decision(self.roster[c], Outcome.ELECTED, Reason.LAST_VACANCIES, stage.number)
                for c in last
            ]
            self.elected += last
            self.continuing.clear()
            self.stages[-1] = _with_decisions(stage, decisions)
            return True
        return False

    def _transfer_surplus(self, subject: int, ties: list[Tie]) -> None:
        """Rule 48: every paper of ``subject`` moves to its next available preference at
        the transfer value surplus × the paper's value ÷ the candidate's votes, to five
        decimal places with the remainder ignored."""
        total = self.votes[subject]
        surplus = total - self._quota()
        changes, values, non_transferable = self._send_on(
            subject, lambda value: surplus * value // total
        )
        self.transferred.add(subject)
        lost = surplus - sum(changes.values()) - non_transferable
        self.votes[subject] = self._quota()
        changes[subject] = -surplus
        self._close_stage(
            StageKind.SURPLUS,
            subject,
            values,
            changes,
            non_transferable,
            lost,
            ties,
        )

    def _exclude(self, subject: int, ties: list[Tie]) -> None:
        """Rule 50: every paper of the excluded candidate moves to its next available
        preference at the value it had when that candidate received it."""
        self.continuing.discard(subject)
        self.excluded.append(subject)
        changes, values, non_transferable = self._send_on(subject, lambda value: value)
        changes[subject] = -self.votes[subject]
        self.votes[subject] = 0
        decision = Decision(
            self.roster[subject], Outcome.EXCLUDED, Reason.LOWEST, len(self.stages) + 1
        )
        self._close_stage(
            StageKind.EXCLUSION,
            subject,
            values,
            changes,
            non_transferable,
            0,
            ties,
            [decision],
        )

    def _send_on(
        self, subject: int, value_of: Callable[[int], int]
    ) -> tuple[dict[int, int], list[int], int]:
        """Move every paper of ``subject`` to its next available preference at
        ``value_of(its value)``: each continuing candidate's gain, the values used
        (highest first) and the value of the non-transferable papers."""
        changes = dict.fromkeys(self.continuing, 0)
        values: set[int] = set()
        non_transferable = 0
        for ranking, position, papers, value in self.papers[subject]:
            moved_value = value_of(value)
            values.add(moved_value)
            if not self._move(ranking, position, papers, moved_value, changes):
                non_transferable += papers * moved_value
        self.papers[subject] = []
        return changes, sorted(values, reverse=True), non_transferable

    def _move(
        self,
        ranking: tuple[int, ...],
        position: int,
        papers: int,
        value: int,
        changes: dict[int, int],
    ) -> bool:
        """Give a parcel to its next available preference; False if it has none
        (a non-transferable paper)."""
        continuing = self.continuing
        for next_position in range(position + 1, len(ranking)):
            candidate = ranking[next_position]
            if candidate in continuing:
                self.papers[candidate].append((ranking, next_position, papers, value))
                self.votes[candidate] += papers * value
                changes[candidate] += papers * value
                return True
        return False

    def _close_stage(
        self,
        kind: StageKind,
        subject: int | None,
        values: Sequence[int],
        changes: Mapping[int, int],
        non_transferable: int,
        lost: int,
        ties: list[Tie],
        decisions: Sequence[Decision] = (),
    ) -> None:
        """Record the stage and deem elected everyone now at the quota (rule 47)."""
        number = len(self.stages) + 1
        reached = sorted(
            (c for c in self.continuing if self.votes[c] >= self._quota()),
            key=lambda c: (-self.votes[c], c),
        )
        for candidate in reached:
            self.continuing.discard(candidate)
            self.elected.append(candidate)
        decisions = [
            *decisions,
            *(Decision(self.roster[c], Outcome.ELECTED, Reason.QUOTA, number) for c in reached),
        ]
        self.history.append(list(self.votes))
        roster = self.roster
        self.stages.append(
            Stage(
                number=number,
                kind=kind,
                subject=None if subject is None else roster[subject],
                transfer_values=tuple(_decimal(v) for v in values),
                changes={roster[c]: _decimal(changes[c]) for c in sorted(changes)},
                non_transferable=_decimal(non_transferable),
                lost_to_rounding=_decimal(lost),
                votes={roster[c]: _decimal(v) for c, v in enumerate(self.votes)},
                decisions=tuple(decisions),
                ties=tuple(ties),
            )
        )

    # Ties

    def _pick(self, among: Sequence[int], use: TieUse, *, highest: bool, ties: list[Tie]) -> int:
        """The candidate with the highest surplus (rule 49) or the lowest votes (rule 50),
        a tie decided by the earlier stages and then by lot (rules 49(2)-(3), 51)."""
        if use is TieUse.SURPLUS_ORDER:
            measure: Callable[[int], int] = lambda c: self.votes[c] - self._quota()  # noqa: E731
        else:
            measure = self.votes.__getitem__
        best = (max if highest else min)(measure(c) for c in among)
        level = [c for c in among if measure(c) == best]
        if len(level) == 1:
            return level[0]
        group = sorted(level)
        earlier: int | None = None
        # The stage being closed is not yet in the history: look back from the last one.
        for stage_index in range(len(self.history) - 2, -1, -1):
            then = self.history[stage_index]
            if len({then[c] for c in group}) > 1:
                pick = (max if highest else min)(then[c] for c in group)
                group = [c for c in group if then[c] == pick]
                earlier = stage_index + 1
                if len(group) == 1:
                    break
        if len(group) == 1:
            decided_by = TieBreak.EARLIER_STAGE
            chosen = group[0]
        else:
            decided_by = TieBreak.LOT
            chosen = self.lot.draw(group, 1)[0]
        ties.append(
            Tie(
                stage=len(self.stages) + 1,
                use=use,
                between=tuple(self.roster[c] for c in level),
                chosen=(self.roster[chosen],),
                decided_by=decided_by,
                earlier_stage=earlier,
            )
        )
        return chosen

    def _quota(self) -> int:
        return self.quota * UNIT


def _with_decisions(stage: Stage, decisions: Sequence[Decision]) -> Stage:
    return Stage(
        number=stage.number,
        kind=stage.kind,
        subject=stage.subject,
        transfer_values=stage.transfer_values,
        changes=stage.changes,
        non_transferable=stage.non_transferable,
        lost_to_rounding=stage.lost_to_rounding,
        votes=stage.votes,
        decisions=(*stage.decisions, *decisions),
        ties=stage.ties,
    )


def _decimal(units: int) -> Decimal:
    """Hundred-thousandths of a vote as a decimal with five places."""
    return Decimal(units).scaleb(-PLACES)


# Lot ---------------------------------------------------------------------------


class _Lot:
    """Drawing lots reproducibly: a random sequence seeded by the count's seed."""

    def __init__(self, seed: str) -> None:
        self._random = random.Random(seed)

    def draw(self, among: Sequence[_T], k: int) -> list[_T]:
        """``k`` of ``among`` (given in ballot-paper order), drawn by lot."""
        return self._random.sample(list(among), k)


def _roster(candidates: Sequence[str], seats: int, seed: str) -> tuple[str, ...]:
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise CountError(f"An election fills at least one seat, not {seats!r}.")
    if not isinstance(seed, str) or not seed:
        raise CountError("A count needs a seed (a non-empty string) to draw any lot.")
    roster = tuple(candidates)
    if not roster:
        raise CountError("There are no candidates to count votes for.")
    repeated = sorted({c for c in roster if roster.count(c) > 1})
    if repeated:
        raise CountError(f"Candidates are listed more than once: {', '.join(repeated)}.")
    return roster


# Quorum ------------------------------------------------------------------------


@dataclass(frozen=True)
class Turnout:
    """Turnout against a quorum: ``voted`` of ``electorate``, where
    ``required`` ballots (``required_share`` of the electorate, rounded up)
    make the vote valid."""

    voted: int
    electorate: int
    required_share: Fraction
    required: int
    met: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "met", self.voted >= self.required)

    @property
    def share(self) -> Fraction:
        """The share of the electorate that voted."""
        return Fraction(self.voted, self.electorate)

    def as_data(self) -> dict[str, object]:
        """Turnout as plain data (for JSON); shares as decimal strings to four places."""
        return {
            "voted": self.voted,
            "electorate": self.electorate,
            "share": _share_text(self.share),
            "required_share": _share_text(self.required_share),
            "required": self.required,
            "met": self.met,
        }


def turnout_quorum(
    *, voted: int, electorate: int, required_share: Fraction | Decimal | int
) -> Turnout:
    """Whether a vote is valid: turnout ≥ ``required_share`` of the electorate.

    ``required_share`` is a fraction of one (``Fraction(1, 3)``,
    ``Decimal("0.5")``); a float is refused, since 0.1 is not exact and a
    quorum must not miss by a rounding error. The ballots required are the
    share of the electorate rounded up: a third of 100 members is 34 ballots.
    """
    if isinstance(required_share, float) or not isinstance(
        required_share, Fraction | Decimal | int
    ):
        raise TypeError(
            "A quorum's share is a Fraction or a Decimal, not "
            f"{type(required_share).__name__}: a float is not exact."
        )
    share = Fraction(required_share)
    if not 0 <= share <= 1:
        raise ValueError(f"A quorum's share is between 0 and 1, not {required_share}.")
    for what, number in (("voted", voted), ("electorate", electorate)):
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            raise ValueError(f"'{what}' is a whole number of ballots, not {number!r}.")
    if electorate == 0:
        raise ValueError("An election with no electorate has no turnout.")
    if voted > electorate:
        raise ValueError(f"{voted} ballots cannot come from an electorate of {electorate}.")
    return Turnout(
        voted=voted,
        electorate=electorate,
        required_share=share,
        required=-(-share.numerator * electorate // share.denominator),  # rounded up
    )


def _share_text(share: Fraction) -> str:
    return str((Decimal(share.numerator) / Decimal(share.denominator)).quantize(Decimal("0.0001")))
