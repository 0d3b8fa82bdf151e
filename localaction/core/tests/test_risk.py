"""The risk matrix: risk = likelihood × impact on two 1–5 scales, read in four
bands (ISO 31010:2019 B.10.3's consequence/likelihood matrix; the bands are
the platform's, stated in core/risk.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localaction.core.risk import LEVELS, LevelError, Rating, band, matrix, ranked, risk

# Worked by hand: the product, and the band it falls in.
WORKED = [
    (1, 1, 1, "low"),
    (2, 2, 4, "low"),
    (1, 5, 5, "medium"),
    (3, 3, 9, "medium"),
    (2, 5, 10, "high"),
    (4, 4, 16, "high"),
    (5, 4, 20, "very_high"),
    (5, 5, 25, "very_high"),
]


@pytest.mark.parametrize(("likelihood", "impact", "expected", "named"), WORKED)
def test_risk_is_likelihood_times_impact_in_its_band(likelihood, impact, expected, named):
    assert risk(likelihood, impact) == expected
    assert band(expected) == named


@pytest.mark.parametrize("level", [0, 6, -1, 2.5, True, "3", None])
def test_a_level_outside_one_to_five_is_refused(level):
    with pytest.raises(LevelError, match="1 to 5"):
        risk(level, 3)
    with pytest.raises(LevelError, match="1 to 5"):
        risk(3, level)


@pytest.mark.parametrize("score", [0, 26, -4, 3.0, True])
def test_a_risk_outside_one_to_twenty_five_has_no_band(score):
    with pytest.raises(LevelError):
        band(score)


def test_the_25_cells_hold_the_products_and_every_band():
    cells = {
        (likelihood, impact): risk(likelihood, impact) for likelihood in LEVELS for impact in LEVELS
    }
    assert len(cells) == 25
    assert sorted(set(cells.values())) == [1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25]
    bands = [band(score) for score in cells.values()]
    # By hand, row by row (likelihood 1..5): low 4+2+1+1+0 = 8; medium 1+2+2+1+1 = 7;
    # high 0+1+2+2+2 = 7; very high 0+0+0+1+2 = 3.
    assert {name: bands.count(name) for name in set(bands)} == {
        "low": 8,
        "medium": 7,
        "high": 7,
        "very_high": 3,
    }


def test_the_matrix_places_each_hazard_in_its_cell_and_counts_bands():
    ratings = [
        Rating("riverine_flood", 4, 4),
        Rating("heatwave", 5, 3),
        Rating("earthquake", 1, 5),
        Rating("storm", 4, 4),
        Rating("cyber", 2, 2),
    ]
    placed = matrix(ratings)
    assert placed.hazards_at(4, 4) == ("riverine_flood", "storm")
    assert placed.hazards_at(5, 3) == ("heatwave",)
    assert placed.hazards_at(3, 3) == ()
    assert placed.count() == 5
    # 16, 15, 5, 16, 4 → high 3, medium 1, low 1.
    assert placed.by_band() == {"low": 1, "medium": 1, "high": 3, "very_high": 0}
    assert [r.hazard for r in ranked(ratings)] == [
        "riverine_flood",
        "storm",
        "heatwave",
        "earthquake",
        "cyber",
    ]


def test_a_hazard_rated_twice_is_refused():
    with pytest.raises(ValueError, match="rated twice"):
        matrix([Rating("storm", 1, 1), Rating("storm", 2, 2)])


@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), max_size=40))
def test_the_bands_count_every_hazard_once(levels):
    placed = matrix(
        Rating(f"h{i}", likelihood, impact) for i, (likelihood, impact) in enumerate(levels)
    )
    assert sum(placed.by_band().values()) == placed.count() == len(levels)
