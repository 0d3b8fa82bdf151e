"""The count of an election: its ballots read once, counted by the core's
methods (localaction/core/counting.py: block vote, instant-runoff, Scottish
STV), against the quorum, and kept as plain data on the election.

- The quorum comes first: below the required turnout the vote is void, no
  count is made and no seat is filled.
- Candidates are counted in ballot-paper order (the order the ballot lists
  them: by name) under their ids as strings.
- A candidate who withdrew after ballots were cast is left out: on a ranked
  ballot the next preference counts; a ballot whose every choice withdrew is
  set aside (it counted for the turnout, not for any candidate).
- Ties are decided by the core's stated rules: the earlier stages, then lot.
  The lot's seed is drawn when the count is made and kept with the result,
  so that anyone may count the published ballots again and get the same
  result, draws included.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from localaction.core import counting
from localaction.elections.models import Ballot, Candidate, Election


def count(election: Election) -> dict:
    """Count `election`'s ballots; the result as plain data (stored on the election)."""
    electorate = election.electors.count()
    rankings = list(Ballot.objects.filter(election=election).values_list("ranking", flat=True))
    turnout = counting.turnout_quorum(
        voted=len(rankings),
        electorate=electorate,
        required_share=Decimal(election.quorum_percent) / 100,
    )
    candidates = list(election.candidates.filter(status=Candidate.Status.ACCEPTED))
    withdrawn = list(election.candidates.filter(status=Candidate.Status.WITHDRAWN))
    seats = election.seat_count
    result: dict = {
        "method": _method(election, seats).value,
        "seats": seats,
        "quorum_percent": str(election.quorum_percent),
        "turnout": turnout.as_data(),
        "ballots": len(rankings),
        "set_aside": 0,
        "candidates": {str(c.pk): c.name for c in [*candidates, *withdrawn]},
        "withdrawn": [str(c.pk) for c in withdrawn],
        "count": None,
    }
    if not turnout.met:
        return result
    standing = {str(c.pk) for c in candidates}
    ballots = []
    for ranking in rankings:
        kept = [str(pk) for pk in ranking if str(pk) in standing]
        if kept:
            ballots.append(kept)
    result["set_aside"] = len(rankings) - len(ballots)
    if not ballots or not candidates:
        return result
    seed = secrets.token_hex(16)
    roster = [str(c.pk) for c in candidates]
    method = _method(election, seats)
    if method == counting.Method.BLOCK:
        outcome = counting.count_block_vote(ballots, candidates=roster, seats=seats, seed=seed)
    elif method == counting.Method.INSTANT_RUNOFF:
        outcome = counting.count_instant_runoff(ballots, candidates=roster, seed=seed)
    else:
        outcome = counting.count_stv(ballots, candidates=roster, seats=seats, seed=seed)
    result["count"] = outcome.as_data()
    return result


def _method(election: Election, seats: int) -> counting.Method:
    if not election.is_ranked:
        return counting.Method.BLOCK
    return counting.Method.INSTANT_RUNOFF if seats == 1 else counting.Method.STV


def quorum_met(result: dict) -> bool:
    return bool(result["turnout"]["met"])


def elected(result: dict) -> list[int]:
    """The candidates elected (ids), in the order of election; none when void."""
    if not result.get("count"):
        return []
    return [int(pk) for pk in result["count"]["elected"]]
