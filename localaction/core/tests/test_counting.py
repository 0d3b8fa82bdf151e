"""Vote counting: block vote, instant-runoff and STV by the Scottish rules.

Published worked examples, each with its source in the test; counts worked by
hand from the rules' own text (SSI 2007/42, Schedule 1, rules 45-52); the tie
rules; ballots the rules refuse; the turnout quorum; and, with hypothesis,
random elections recounted by an independent, literal reading of the rules
(one ballot paper at a time, in Decimal) and checked for conservation: at every
stage the candidates' votes, the non-transferable papers and the remainders
lost to five-place rounding add up to the valid ballots.
"""

import json
from collections import Counter
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localaction.core.counting import (
    COUNT_SHEET_TOTALS,
    BallotError,
    BallotProblem,
    CountError,
    Method,
    Outcome,
    Reason,
    StageKind,
    TieBreak,
    TieUse,
    check_marks,
    check_ranking,
    count_block_vote,
    count_instant_runoff,
    count_stv,
    count_votes,
    quota,
    turnout_quorum,
)

D = Decimal


def votes_of(stage):
    """A stage's votes as plain numbers, for comparison with published tables."""
    return {candidate: float(value) for candidate, value in stage.votes.items()}


def ballots(*groups):
    """Ballots from (number of voters, ranking) pairs, as published tables give them."""
    return [tuple(ranking) for number, ranking in groups for _ in range(number)]


# Published worked examples -------------------------------------------------------

# Wikipedia, "Single transferable vote", section "Example" (the food election,
# as revised 2010; mirrored at https://www.liquisearch.com/single_transferable_vote/example):
# 20 guests, 3 of 5 foods; Droop quota 20 / (3 + 1) + 1 = 6.
FOOD = ballots(
    (4, ["Oranges"]),
    (2, ["Pears", "Oranges"]),
    (8, ["Chocolate", "Strawberries"]),
    (4, ["Chocolate", "Sweets"]),
    (1, ["Strawberries"]),
    (1, ["Sweets"]),
)
FOODS = ["Oranges", "Pears", "Chocolate", "Strawberries", "Sweets"]


def test_stv_counts_the_published_food_election_stage_by_stage():
    result = count_stv(FOOD, candidates=FOODS, seats=3, seed="food")
    assert result.quota == 6
    assert [stage.kind for stage in result.stages] == [
        StageKind.FIRST_PREFERENCES,
        StageKind.SURPLUS,
        StageKind.EXCLUSION,
        StageKind.EXCLUSION,
    ]
    # Round 1: Chocolate has 12, more than the quota, and is elected.
    first, surplus, pears_out, sweets_out = result.stages
    assert votes_of(first) == {
        "Oranges": 4,
        "Pears": 2,
        "Chocolate": 12,
        "Strawberries": 1,
        "Sweets": 1,
    }
    assert [(d.candidate, d.reason) for d in first.decisions] == [("Chocolate", Reason.QUOTA)]
    # Round 2: Chocolate's surplus of 6 goes to Strawberries and Sweets in proportion
    # to the Chocolate voters' second choices: 12 papers at 6/12 = 0.5 each.
    assert surplus.subject == "Chocolate"
    assert surplus.transfer_values == (D("0.5"),)
    assert votes_of(surplus) == {
        "Oranges": 4,
        "Pears": 2,
        "Chocolate": 6,
        "Strawberries": 5,
        "Sweets": 3,
    }
    # Round 3: Pears, fewest votes, is excluded; its votes go to Oranges, which
    # reaches the quota exactly and has no surplus.
    assert pears_out.subject == "Pears"
    assert votes_of(pears_out)["Oranges"] == 6
    assert [(d.candidate, d.outcome) for d in pears_out.decisions] == [
        ("Pears", Outcome.EXCLUDED),
        ("Oranges", Outcome.ELECTED),
    ]
    # Round 4: Sweets is excluded and Strawberries takes the last seat.
    assert sweets_out.subject == "Sweets"
    assert sweets_out.non_transferable == 3
    assert [(d.candidate, d.reason) for d in sweets_out.decisions] == [
        ("Sweets", Reason.LOWEST),
        ("Strawberries", Reason.LAST_VACANCIES),
    ]
    assert result.elected == ("Chocolate", "Oranges", "Strawberries")
    assert result.excluded == ("Pears", "Sweets")
    assert result.ties == ()


# Wikipedia, "Instant-runoff voting", the Tennessee capital example (also
# https://electowiki.org/wiki/Effects_of_different_voting_systems_under_similar_circumstances):
# 42 % Memphis > Nashville > Chattanooga > Knoxville, 26 % Nashville > Chattanooga >
# Knoxville > Memphis, 15 % Chattanooga > Knoxville > Nashville > Memphis, 17 %
# Knoxville > Chattanooga > Nashville > Memphis. Chattanooga is eliminated first
# (Knoxville 32), then Nashville (Knoxville 58), and Knoxville wins with 58 %.
TENNESSEE = ballots(
    (42, ["Memphis", "Nashville", "Chattanooga", "Knoxville"]),
    (26, ["Nashville", "Chattanooga", "Knoxville", "Memphis"]),
    (15, ["Chattanooga", "Knoxville", "Nashville", "Memphis"]),
    (17, ["Knoxville", "Chattanooga", "Nashville", "Memphis"]),
)
CITIES = ["Memphis", "Nashville", "Chattanooga", "Knoxville"]


def test_instant_runoff_counts_the_published_tennessee_example():
    result = count_instant_runoff(TENNESSEE, candidates=CITIES, seed="tennessee")
    assert result.method is Method.INSTANT_RUNOFF
    assert result.quota == 51  # a majority of 100: 100 // 2 + 1
    assert [votes_of(stage) for stage in result.stages] == [
        {"Memphis": 42, "Nashville": 26, "Chattanooga": 15, "Knoxville": 17},
        {"Memphis": 42, "Nashville": 26, "Chattanooga": 0, "Knoxville": 32},
        {"Memphis": 42, "Nashville": 0, "Chattanooga": 0, "Knoxville": 58},
    ]
    assert result.excluded == ("Chattanooga", "Nashville")
    assert result.elected == ("Knoxville",)
    assert result.decisions[-1].reason is Reason.QUOTA


def test_block_vote_with_one_seat_is_the_published_plurality_result():
    # Same source, "Plurality": each voter marks their first choice; Memphis wins
    # with 42 % though 58 % rank it last.
    marks = [ranking[:1] for ranking in TENNESSEE]
    result = count_block_vote(marks, candidates=CITIES, seats=1, seed="tennessee")
    assert result.votes == {"Memphis": 42, "Nashville": 26, "Chattanooga": 15, "Knoxville": 17}
    assert result.elected == ("Memphis",)


# Counts worked by hand from the rules ------------------------------------------------

# Three seats, 24 ballots: quota 24 // 4 + 1 = 7 (rule 46).
#   Stage 1: A 13 (elected), B 2, C 4, D 3, E 2.
#   Stage 2, A's surplus 6 (rule 48(3)): transfer value 6 × 1 / 13 = 0.461538…, to five
#     places with the remainder ignored 0.46153. B gets 9 × 0.46153 = 4.15377 (6.15377),
#     C 3 × 0.46153 = 1.38459 (5.38459); the paper marked A only is non-transferable,
#     0.46153; lost to rounding 6 − 4.15377 − 1.38459 − 0.46153 = 0.00011.
#   Stage 3: E (2) is lowest and excluded (rule 50); its 2 papers go to C at value 1:
#     C 7.38459, elected.
#   Stage 4, C's surplus 0.38459 over 7.38459 votes: papers C received at value 1 move
#     at 0.38459 × 1 / 7.38459 = 0.05208; the three A-C-D papers C received at 0.46153
#     move at 0.38459 × 0.46153 / 7.38459 = 0.02403 (rule 48(4)(b)(ii)). D gets
#     2 × 0.05208 + 3 × 0.02403 = 0.17625 (3.17625); C's four first preferences have no
#     next preference: 4 × 0.05208 = 0.20832 non-transferable; lost 0.00002.
#   Stage 5: one vacancy, B and D continue; D (3.17625) is excluded, each paper at the
#     value it arrived with (rule 50(4)): D-B papers give B 3 (9.15377, elected); the
#     others, 0.17625, have no next preference.
HAND = ballots(
    (9, ["A", "B", "C"]),
    (3, ["A", "C", "D"]),
    (1, ["A"]),
    (2, ["B", "D"]),
    (4, ["C"]),
    (3, ["D", "B"]),
    (2, ["E", "C", "D"]),
)


def test_stv_transfers_at_five_places_with_the_remainder_ignored():
    result = count_stv(HAND, candidates=list("ABCDE"), seats=3, seed="hand")
    assert result.quota == 7
    stages = result.stages
    assert stages[1].transfer_values == (D("0.46153"),)
    assert stages[1].changes == {
        "A": D("-6"),
        "B": D("4.15377"),
        "C": D("1.38459"),
        "D": D("0"),
        "E": D("0"),
    }
    assert stages[1].non_transferable == D("0.46153")
    assert stages[1].lost_to_rounding == D("0.00011")
    assert stages[2].subject == "E"
    assert stages[2].votes["C"] == D("7.38459")
    assert stages[3].subject == "C"
    assert stages[3].transfer_values == (D("0.05208"), D("0.02403"))
    assert stages[3].changes["D"] == D("0.17625")
    assert stages[3].non_transferable == D("0.20832")
    assert stages[3].lost_to_rounding == D("0.00002")
    assert stages[3].votes["C"] == 7
    assert stages[4].subject == "D"
    assert stages[4].transfer_values == (D("1"), D("0.05208"), D("0.02403"))
    assert stages[4].changes == {"B": D("3"), "D": D("-3.17625")}
    assert stages[4].non_transferable == D("0.17625")
    assert stages[4].votes["B"] == D("9.15377")
    assert result.elected == ("A", "C", "B")
    assert result.excluded == ("E", "D")
    assert [(d.candidate, d.outcome, d.reason, d.stage) for d in result.decisions] == [
        ("A", Outcome.ELECTED, Reason.QUOTA, 1),
        ("E", Outcome.EXCLUDED, Reason.LOWEST, 3),
        ("C", Outcome.ELECTED, Reason.QUOTA, 3),
        ("D", Outcome.EXCLUDED, Reason.LOWEST, 5),
        ("B", Outcome.ELECTED, Reason.QUOTA, 5),
    ]


def test_count_sheet_reads_as_a_result_sheet():
    result = count_stv(HAND, candidates=list("ABCDE"), seats=3, seed="hand")
    sheet = dict(result.count_sheet())
    assert list(sheet) == [*"ABCDE", *COUNT_SHEET_TOTALS]
    # Stage 1 votes, then change and votes for stages 2-5; A is done after stage 2.
    assert sheet["A"] == [D(13), D(-6), D(7), None, None, None, None, None, None]
    assert sheet["E"][:4] == [D(2), D(0), D(2), D(-2)]
    assert sheet["E"][5:] == [None] * 4
    assert sheet["non-transferable"][-1] == D("0.46153") + D("0.20832") + D("0.17625")
    assert sheet["lost-to-rounding"][-1] == D("0.00013")
    assert all(total == 24 for total in sheet["total"] if total is not None)


def test_quota_is_rule_46():
    # Valid ballots ÷ (seats + 1), ignoring decimals, plus one.
    assert quota(5000, 4) == 1001
    assert quota(1000, 2) == 334  # City of Edinburgh Council's example
    assert quota(3337, 3) == 835
    assert quota(100, 1) == 51


def test_candidates_are_all_elected_when_no_more_stand_than_seats():
    result = count_stv([("A", "B"), ("B",)], candidates=["A", "B"], seats=3, seed="s")
    assert set(result.elected) == {"A", "B"}
    assert result.unfilled == 1
    assert {d.reason for d in result.decisions} == {Reason.QUOTA}  # 2 ballots: quota 1


def test_exhausted_ballots_are_non_transferable_and_the_last_candidate_is_elected():
    # One seat, 10 ballots (quota 6): C's 3 voters mark no other preference.
    result = count_instant_runoff(
        ballots((4, ["A"]), (3, ["B", "A"]), (3, ["C"])),
        candidates=["A", "B", "C"],
        seed="s",
    )
    # B and C tie at 3 and were equal at every stage: decided by lot.
    (tie,) = result.ties
    assert tie.between == ("B", "C") and tie.decided_by is TieBreak.LOT
    if tie.chosen == ("C",):
        assert result.stages[1].non_transferable == 3
        # A 4, B 3: B is excluded, A gets 3 (7 ≥ 6).
        assert result.elected == ("A",)
    else:
        assert result.stages[1].votes["A"] == 7
        assert result.elected == ("A",)


# Ties -----------------------------------------------------------------------------


def test_exclusion_tie_is_decided_by_the_most_recent_stage_with_unequal_votes():
    # Two seats, 18 ballots, quota 7. Stage 1: A 8 (elected), B 3, C 2, D 5. A's
    # surplus of 1 gives C 8 × 0.125 = 1: B and C tie at 3; at stage 1 C had fewer,
    # so C is excluded (rule 51(2)(a)).
    result = count_stv(
        ballots((8, ["A", "C"]), (3, ["B"]), (2, ["C"]), (5, ["D"])),
        candidates=list("ABCD"),
        seats=2,
        seed="s",
    )
    assert result.stages[1].votes["B"] == result.stages[1].votes["C"] == 3
    (tie,) = result.ties
    assert (tie.use, tie.between, tie.chosen) == (TieUse.EXCLUSION, ("B", "C"), ("C",))
    assert (tie.decided_by, tie.earlier_stage, tie.stage) == (TieBreak.EARLIER_STAGE, 1, 3)
    assert result.excluded[0] == "C"
    assert result.elected == ("A", "D")


def test_three_way_tie_looks_back_to_the_stage_where_they_differed():
    # One seat, 28 ballots (quota 15): P 10, Q 6, R 5, S 4, T 3. T is excluded, giving
    # R 1 and S 2: Q, R and S all have 6. At stage 1 S had fewest, so S goes.
    result = count_instant_runoff(
        ballots(
            (10, ["P"]),
            (6, ["Q"]),
            (5, ["R"]),
            (4, ["S"]),
            (1, ["T", "R"]),
            (2, ["T", "S"]),
        ),
        candidates=list("PQRST"),
        seed="s",
    )
    three, two = result.ties
    assert three.between == ("Q", "R", "S")
    assert (three.chosen, three.earlier_stage) == (("S",), 1)
    # S's papers have no next preference: Q and R still tie, and stage 1 decides again.
    assert two.between == ("Q", "R")
    assert (two.chosen, two.earlier_stage) == (("R",), 1)
    assert result.excluded == ("T", "S", "R", "Q")
    assert result.elected == ("P",)


def test_equal_surpluses_transfer_the_one_ahead_at_an_earlier_stage_first():
    # Three seats, 162 ballots, quota 41. Stage 1: B 40, C 30, X 29, D 31, E 32. X is
    # excluded, giving B 5 and C 15: both 45, surplus 4 each. B was ahead at stage 1,
    # so B's surplus goes first (rule 49(2)).
    result = count_stv(
        ballots(
            (40, ["B"]),
            (30, ["C"]),
            (31, ["D"]),
            (32, ["E"]),
            (5, ["X", "B"]),
            (15, ["X", "C"]),
            (9, ["X"]),
        ),
        candidates=list("BCDEX"),
        seats=3,
        seed="s",
    )
    assert result.quota == 41
    (tie,) = result.ties
    assert (tie.use, tie.between, tie.chosen) == (TieUse.SURPLUS_ORDER, ("B", "C"), ("B",))
    assert (tie.decided_by, tie.earlier_stage) == (TieBreak.EARLIER_STAGE, 1)
    assert [stage.subject for stage in result.stages[1:4]] == ["X", "B", "C"]


def test_a_tie_at_every_stage_is_decided_by_a_seeded_lot_recorded_in_the_result():
    papers = ballots((3, ["A"]), (3, ["B"]), (4, ["C"]))
    chosen = set()
    for seed in (f"seed-{n}" for n in range(20)):
        first = count_instant_runoff(papers, candidates=list("ABC"), seed=seed)
        again = count_instant_runoff(papers, candidates=list("ABC"), seed=seed)
        assert first == again  # the same seed draws the same lot
        (tie,) = first.ties
        assert tie.decided_by is TieBreak.LOT and tie.earlier_stage is None
        assert first.seed == seed and first.as_data()["seed"] == seed
        chosen.add(tie.chosen)
    assert chosen == {("A",), ("B",)}  # a real draw: either may be excluded


def test_equal_surpluses_at_the_first_stage_are_ordered_by_lot():
    result = count_stv(
        ballots((5, ["A", "C"]), (5, ["B", "D"]), (1, ["C"]), (1, ["D"])),
        candidates=list("ABCD"),
        seats=3,
        seed="order",
    )
    (tie,) = [t for t in result.ties if t.use is TieUse.SURPLUS_ORDER]
    assert tie.between == ("A", "B") and tie.decided_by is TieBreak.LOT
    assert result.stages[1].subject == tie.chosen[0]


def test_block_vote_tie_for_the_last_seat_is_drawn_by_lot():
    marks = [("A", "B"), ("A", "C"), ("A", "D"), ("B", "C")]
    outcomes = set()
    for seed in (f"s{n}" for n in range(20)):
        result = count_block_vote(marks, candidates=list("ABCD"), seats=2, seed=seed)
        assert result.votes == {"A": 3, "B": 2, "C": 2, "D": 1}
        (tie,) = result.ties
        assert (tie.use, tie.between, tie.decided_by) == (
            TieUse.LAST_SEAT,
            ("B", "C"),
            TieBreak.LOT,
        )
        assert result.elected == ("A", *tie.chosen)
        outcomes.add(result.elected)
    assert outcomes == {("A", "B"), ("A", "C")}


def test_block_vote_ties_that_all_fit_need_no_lot():
    marks = [("A", "B"), ("A", "B"), ("C",)]
    result = count_block_vote(marks, candidates=list("ABC"), seats=2, seed="s")
    assert result.elected == ("A", "B")
    assert result.ties == ()
    assert result.rows() == [("A", 2, True), ("B", 2, True), ("C", 1, False)]
    assert result.marks == 5


def test_block_vote_elects_every_candidate_when_no_more_stand():
    result = count_block_vote([("A",)], candidates=["A", "B"], seats=3, seed="s")
    assert result.elected == ("A", "B")
    assert result.unfilled == 1


# Ballots the rules refuse ----------------------------------------------------------


@pytest.mark.parametrize(
    ("marks", "problem", "candidate"),
    [
        ((), BallotProblem.EMPTY, None),
        (("A", "B", "C"), BallotProblem.TOO_MANY_MARKS, None),
        (("A", "Z"), BallotProblem.NOT_STANDING, "Z"),
        (("W",), BallotProblem.WITHDRAWN, "W"),
        (("A", "A"), BallotProblem.DUPLICATE_CANDIDATE, "A"),
    ],
)
def test_block_ballot_problems(marks, problem, candidate):
    with pytest.raises(BallotError) as caught:
        check_marks(marks, candidates=["A", "B", "C"], seats=2, withdrawn=["W"])
    assert caught.value.problem is problem
    assert caught.value.candidate == candidate


def test_too_many_marks_says_how_many_are_allowed():
    with pytest.raises(
        BallotError, match="marks 3 candidates; there are 2 seats, so mark at most 2"
    ):
        check_marks("ABC", candidates="ABC", seats=2)
    with pytest.raises(BallotError, match="there is 1 seat, so mark at most 1") as caught:
        check_marks("AB", candidates="ABC", seats=1)
    assert caught.value.allowed == 1


@pytest.mark.parametrize(
    ("preferences", "problem", "message"),
    [
        ({}, BallotProblem.EMPTY, "gives no first preference"),
        ({"A": 1, "B": 1}, BallotProblem.DUPLICATE_PREFERENCE, "Preference 1 is given to both"),
        ({"A": 1, "B": 3}, BallotProblem.GAP, "Preference 2 is missing"),
        ({"A": 2}, BallotProblem.GAP, "Preference 1 is missing; the first preference is 1"),
        ({"A": 0}, BallotProblem.NOT_A_PREFERENCE, "whole numbers from 1"),
        ({"A": "1"}, BallotProblem.NOT_A_PREFERENCE, "whole numbers from 1"),
        ({"A": True}, BallotProblem.NOT_A_PREFERENCE, "whole numbers from 1"),
        ({"A": 1, "W": 2}, BallotProblem.WITHDRAWN, "'W' has withdrawn"),
        ({"Z": 1}, BallotProblem.NOT_STANDING, "'Z' is not a candidate"),
        (["A", "B", "A"], BallotProblem.DUPLICATE_CANDIDATE, "'A' is ranked more than once"),
        ([], BallotProblem.EMPTY, "gives no first preference"),
    ],
)
def test_ranked_ballot_problems(preferences, problem, message):
    with pytest.raises(BallotError, match=message) as caught:
        check_ranking(preferences, candidates=["A", "B", "C"], withdrawn=["W"])
    assert caught.value.problem is problem


def test_ranked_ballot_from_the_numbers_a_voter_wrote():
    assert check_ranking({"C": 2, "A": 1, "B": 3}, candidates="ABC") == ("A", "C", "B")
    assert check_ranking(["B"], candidates="ABC") == ("B",)
    with pytest.raises(TypeError):
        check_ranking("AB", candidates="ABC")


def test_a_count_names_the_ballot_it_refuses():
    with pytest.raises(BallotError, match=r"^ballot 3: 'Z' is not a candidate") as caught:
        count_stv([("A",), ("B",), ("Z",)], candidates="AB", seats=1, seed="s")
    assert caught.value.ballot == 3
    with pytest.raises(BallotError, match=r"^ballot 2: The ballot marks 2 candidates"):
        count_block_vote([("A",), ("A", "B")], candidates="AB", seats=1, seed="s")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seats": 0}, "at least one seat"),
        ({"seed": ""}, "needs a seed"),
        ({"candidates": []}, "no candidates"),
        ({"candidates": ["A", "A"]}, "more than once: A"),
    ],
)
def test_an_election_that_cannot_be_counted(kwargs, message):
    arguments = {"candidates": ["A", "B"], "seats": 1, "seed": "s"} | kwargs
    with pytest.raises(CountError, match=message):
        count_stv([("A",)], **arguments)
    with pytest.raises(CountError, match=message):
        count_block_vote([("A",)], **arguments)


def test_no_ballots_no_count():
    with pytest.raises(CountError, match="no valid ballots"):
        count_stv([], candidates="AB", seats=1, seed="s")
    with pytest.raises(CountError, match="no valid ballots"):
        count_block_vote([], candidates="AB", seats=1, seed="s")


def test_count_votes_dispatches_on_the_method():
    block = count_votes(Method.BLOCK, [("A", "B")], candidates="ABC", seats=2, seed="s")
    assert block.elected == ("A", "B")
    irv = count_votes(Method.INSTANT_RUNOFF, TENNESSEE, candidates=CITIES, seats=1, seed="s")
    assert irv.elected == ("Knoxville",)
    stv = count_votes(Method.STV, FOOD, candidates=FOODS, seats=3, seed="s")
    assert stv.elected == ("Chocolate", "Oranges", "Strawberries")
    with pytest.raises(CountError, match="Instant-runoff fills one seat"):
        count_votes(Method.INSTANT_RUNOFF, TENNESSEE, candidates=CITIES, seats=2, seed="s")


def test_results_are_plain_data_for_json():
    ranked = json.loads(
        json.dumps(count_stv(HAND, candidates="ABCDE", seats=3, seed="x").as_data())
    )
    assert ranked["quota"] == 7
    assert ranked["elected"] == ["A", "C", "B"]
    assert ranked["stages"][1]["transfer_values"] == ["0.46153"]
    assert ranked["stages"][1]["lost_to_rounding"] == "0.00011"
    assert ranked["stages"][2]["decisions"][0] == {
        "candidate": "E",
        "outcome": "excluded",
        "reason": "lowest",
        "stage": 3,
    }
    assert "rules 45-52" in ranked["rules"]
    block = json.loads(
        json.dumps(count_block_vote([("A",)], candidates="AB", seats=1, seed="x").as_data())
    )
    assert block["votes"] == {"A": 1, "B": 0}
    assert block["method"] == "block"


# Quorum ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("voted", "electorate", "share", "required", "met"),
    [
        (34, 100, Fraction(1, 3), 34, True),  # a third of 100 is 33.3…: 34 ballots
        (33, 100, Fraction(1, 3), 34, False),
        (50, 100, Decimal("0.5"), 50, True),
        (49, 100, Decimal("0.5"), 50, False),
        (0, 10, 0, 0, True),
        (10, 10, 1, 10, True),
    ],
)
def test_turnout_quorum(voted, electorate, share, required, met):
    turnout = turnout_quorum(voted=voted, electorate=electorate, required_share=share)
    assert (turnout.required, turnout.met) == (required, met)
    assert turnout.share == Fraction(voted, electorate)


def test_turnout_as_data():
    data = turnout_quorum(voted=2, electorate=3, required_share=Fraction(1, 2)).as_data()
    assert data == {
        "voted": 2,
        "electorate": 3,
        "share": "0.6667",
        "required_share": "0.5000",
        "required": 2,
        "met": True,
    }


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"required_share": 0.5}, TypeError, "a float is not exact"),
        ({"required_share": Decimal("1.5")}, ValueError, "between 0 and 1"),
        ({"voted": 11}, ValueError, "cannot come from an electorate of 10"),
        ({"voted": -1}, ValueError, "whole number of ballots"),
        ({"electorate": 0, "voted": 0}, ValueError, "no electorate"),
    ],
)
def test_turnout_quorum_refuses(kwargs, error, message):
    arguments = {"voted": 5, "electorate": 10, "required_share": Fraction(1, 2)} | kwargs
    with pytest.raises(error, match=message):
        turnout_quorum(**arguments)


# Independent recomputation ----------------------------------------------------------

FIVE_PLACES = Decimal("0.00001")


class NeedsLot(Exception):
    """The rules leave this tie to the lot: the reference does not draw lots."""


def reference_stv(rankings, candidates, seats):
    """The rules read literally, one ballot paper at a time in Decimal: the votes at
    the end of each stage, who was elected and who excluded."""
    valid = len(rankings)
    quota_ = valid // (seats + 1) + 1
    papers = [{"ranking": r, "at": 0, "holder": r[0], "value": Decimal(1)} for r in rankings]
    continuing = list(candidates)
    elected, excluded, done = [], [], set()
    history = []

    def tally():
        return {
            c: Decimal(quota_)
            if c in done
            else sum((p["value"] for p in papers if p["holder"] == c), Decimal(0))
            for c in candidates
        }

    def next_preference(paper):
        for at in range(paper["at"] + 1, len(paper["ranking"])):
            if paper["ranking"][at] in continuing:
                return at
        return None

    def move(paper, value):
        at = next_preference(paper)
        paper["value"] = value
        if at is None:
            paper["holder"] = None
        else:
            paper["at"], paper["holder"] = at, paper["ranking"][at]

    def tie_break(tied, best):
        group = list(tied)
        for then in reversed(history[:-1]):
            if len({then[c] for c in group}) > 1:
                pick = best(then[c] for c in group)
                group = [c for c in group if then[c] == pick]
                if len(group) == 1:
                    return group[0]
        raise NeedsLot

    def end_stage():
        votes = tally()
        history.append(votes)
        reached = sorted(
            (c for c in continuing if votes[c] >= quota_),
            key=lambda c: (-votes[c], candidates.index(c)),
        )
        for c in reached:
            continuing.remove(c)
            elected.append(c)

    end_stage()
    while len(elected) < seats:
        if len(continuing) <= seats - len(elected):
            elected.extend(sorted(continuing, key=lambda c: (-history[-1][c], candidates.index(c))))
            break
        votes = history[-1]
        surpluses = {c: votes[c] - quota_ for c in elected if c not in done and votes[c] > quota_}
        if surpluses:
            top = max(surpluses.values())
            tied = [c for c in candidates if surpluses.get(c) == top]
            subject = tied[0] if len(tied) == 1 else tie_break(tied, max)
            total, surplus = votes[subject], surpluses[subject]
            for paper in [p for p in papers if p["holder"] == subject]:
                value = (surplus * paper["value"] / total).quantize(FIVE_PLACES, ROUND_DOWN)
                move(paper, value)
            done.add(subject)
        else:
            low = min(votes[c] for c in continuing)
            tied = [c for c in continuing if votes[c] == low]
            subject = tied[0] if len(tied) == 1 else tie_break(tied, min)
            continuing.remove(subject)
            excluded.append(subject)
            for paper in [p for p in papers if p["holder"] == subject]:
                move(paper, paper["value"])
        end_stage()
    return history, elected, excluded


@st.composite
def elections(draw, max_candidates=7, max_groups=12):
    """Random elections shaped like real ones: a few orders of preference, each
    shared by several voters, so that most counts run several stages."""
    candidates = [f"c{n}" for n in range(draw(st.integers(2, max_candidates)))]
    seats = draw(st.integers(1, min(3, len(candidates) - 1)))
    ranking = st.permutations(candidates).flatmap(
        lambda order: st.integers(1, len(order)).map(lambda n: tuple(order[:n]))
    )
    groups = draw(st.lists(st.tuples(ranking, st.integers(1, 30)), min_size=3, max_size=max_groups))
    return candidates, seats, [r for r, voters in groups for _ in range(voters)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections())
def test_stv_agrees_with_an_independent_literal_count(election):
    candidates, seats, rankings = election
    result = count_stv(rankings, candidates=candidates, seats=seats, seed="property")
    try:
        history, elected, excluded = reference_stv(rankings, candidates, seats)
    except NeedsLot:
        assert any(tie.decided_by is TieBreak.LOT for tie in result.ties)
        return
    assert [dict(stage.votes) for stage in result.stages] == history
    assert list(result.elected) == elected
    assert list(result.excluded) == excluded


@settings(max_examples=300, deadline=None)
@given(elections())
def test_no_vote_appears_or_disappears_at_any_stage(election):
    candidates, seats, rankings = election
    result = count_stv(rankings, candidates=candidates, seats=seats, seed="property")
    assert result.valid_ballots == len(rankings)
    assert result.quota == len(rankings) // (seats + 1) + 1
    assert dict(result.first_preferences) == {
        c: Decimal(Counter(r[0] for r in rankings)[c]) for c in candidates
    }
    set_aside = Decimal(0)
    for previous, stage in zip((None, *result.stages), result.stages, strict=False):
        set_aside += stage.non_transferable + stage.lost_to_rounding
        assert sum(stage.votes.values()) + set_aside == len(rankings)
        assert stage.lost_to_rounding >= 0 and stage.non_transferable >= 0
        if previous is not None:
            # A stage's changes are exactly the difference in votes it made.
            for candidate, change in stage.changes.items():
                assert previous.votes[candidate] + change == stage.votes[candidate]
            # A surplus loses less than a hundred-thousandth of a vote per paper moved.
            assert stage.lost_to_rounding * 100_000 <= len(rankings)
    assert len(result.elected) == min(seats, len(candidates))
    assert len(set(result.elected)) == len(result.elected)
    assert not set(result.elected) & set(result.excluded)


@settings(max_examples=200, deadline=None)
@given(elections())
def test_each_excluded_candidate_had_the_fewest_votes(election):
    candidates, seats, rankings = election
    result = count_stv(rankings, candidates=candidates, seats=seats, seed="property")
    continuing = set(candidates)  # neither elected nor excluded yet
    for previous, stage in zip(result.stages, result.stages[1:], strict=False):
        continuing -= {d.candidate for d in previous.decisions}
        if stage.kind is StageKind.EXCLUSION:
            assert previous.votes[stage.subject] == min(previous.votes[c] for c in continuing)


@settings(max_examples=200, deadline=None)
@given(elections(max_groups=6), st.text(min_size=1, max_size=8))
def test_the_same_seed_gives_the_same_count(election, seed):
    candidates, seats, rankings = election
    first = count_stv(rankings, candidates=candidates, seats=seats, seed=seed)
    shuffled = list(reversed(rankings))  # the order ballots arrive in does not matter
    assert count_stv(shuffled, candidates=candidates, seats=seats, seed=seed) == first


@settings(max_examples=200, deadline=None)
@given(elections())
def test_block_vote_agrees_with_a_plain_tally(election):
    candidates, seats, rankings = election
    marks = [ranking[:seats] for ranking in rankings]
    result = count_block_vote(marks, candidates=candidates, seats=seats, seed="property")
    tally = Counter(c for ballot in marks for c in ballot)
    assert result.votes == {c: tally[c] for c in candidates}
    assert len(result.elected) == min(seats, len(candidates))
    losers = [c for c in candidates if c not in result.elected]
    if losers:
        assert min(tally[c] for c in result.elected) >= max(tally[c] for c in losers)
    assert bool(result.ties) == (
        bool(losers) and min(tally[c] for c in result.elected) == max(tally[c] for c in losers)
    )
