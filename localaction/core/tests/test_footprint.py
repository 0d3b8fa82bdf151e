"""The Ecological Footprint method against examples computed by hand.

The national figures here are round illustrative numbers, not published data:
the arithmetic is what is tested.
"""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localaction.core.footprint import (
    CATEGORIES,
    LAND_TYPES,
    FootprintError,
    MemberFootprint,
    check_parts,
    check_shares,
    earths,
    estimate,
    in_gha,
    network_footprint,
    parts_from_shares,
)

NATIONAL = {  # gha / person, illustrative
    "food": 1.2,
    "housing": 0.9,
    "personal_transport": 0.8,
    "goods": 0.7,
    "services": 0.6,
    "government_capital": 0.8,
}
FACTORS = {
    "food": 1.0,
    "housing": 0.8,
    "personal_transport": 0.5,
    "goods": 1.1,
    "services": 1.0,
    "government_capital": 1.0,
}


def test_estimate_scales_national_figures_by_factors_and_population():
    result = estimate(NATIONAL, FACTORS, 200_000)
    # national × factor × population, by hand:
    assert result.by_category == pytest.approx(
        {
            "food": 240_000,  # 1.2 × 1.0 × 200,000
            "housing": 144_000,  # 0.9 × 0.8 × 200,000
            "personal_transport": 80_000,  # 0.8 × 0.5 × 200,000
            "goods": 154_000,  # 0.7 × 1.1 × 200,000
            "services": 120_000,  # 0.6 × 1.0 × 200,000
            "government_capital": 160_000,  # 0.8 × 1.0 × 200,000
        }
    )
    assert result.total == pytest.approx(898_000)  # 240 + 144 + 80 + 154 + 120 + 160 thousand
    assert result.per_person == pytest.approx(4.49)  # 898,000 / 200,000
    assert result.total == pytest.approx(math.fsum(result.by_category.values()))


def test_estimate_takes_a_missing_factor_as_one():
    result = estimate(NATIONAL, {}, 10)
    assert result.per_person == pytest.approx(5.0)  # the national total, 1.2 + 0.9 + … + 0.8


def test_estimate_refuses_a_missing_national_value_and_bad_factors():
    with pytest.raises(FootprintError, match="no footprint per person for goods") as error:
        estimate({k: v for k, v in NATIONAL.items() if k != "goods"}, FACTORS, 10)
    assert error.value.about == "goods"
    with pytest.raises(FootprintError, match="adjustment factor must be") as error:
        estimate(NATIONAL, {**FACTORS, "food": math.inf}, 10)
    assert error.value.about == "factor:food"
    with pytest.raises(FootprintError, match="adjustment factor must be"):
        estimate(NATIONAL, {**FACTORS, "food": 11.0}, 10)
    with pytest.raises(FootprintError, match="not a consumption category"):
        estimate(NATIONAL, {"fuel": 1.0}, 10)
    with pytest.raises(FootprintError, match="population must be"):
        estimate(NATIONAL, FACTORS, 0)


def test_parts_must_add_up_to_the_total():
    check_parts({"food": 60.0, "housing": 40.5}, 100.0, kinds=CATEGORIES, what="category")
    with pytest.raises(FootprintError, match="add up to 110, not to the total 100"):
        check_parts({"food": 60.0, "housing": 50.0}, 100.0, kinds=CATEGORIES, what="category")
    with pytest.raises(FootprintError, match="footprint must be"):
        check_parts({"food": math.nan}, 100.0, kinds=CATEGORIES, what="category")
    with pytest.raises(FootprintError, match="not a land type"):
        check_parts({"oceans": 100.0}, 100.0, kinds=LAND_TYPES, what="land type")


def test_shares_must_add_up_to_100_percent():
    check_shares({"carbon": 60.0, "cropland": 40.9}, kinds=LAND_TYPES, what="land type")
    with pytest.raises(FootprintError, match=r"add up to 98 %, not to 100 %"):
        check_shares({"carbon": 60.0, "cropland": 38.0}, kinds=LAND_TYPES, what="land type")
    # Shares within the tolerance are taken as they add up: parts sum to the total.
    parts = parts_from_shares({"carbon": 60.0, "cropland": 40.5}, 201.0, kinds=LAND_TYPES, what="")
    assert parts == pytest.approx({"carbon": 120.0, "cropland": 81.0})  # 201 × 60 / 100.5 …
    assert math.fsum(parts.values()) == pytest.approx(201.0)


def test_units_must_be_global_hectares():
    assert in_gha(2.5, "kgha") == 2500.0
    assert in_gha(4.0, "gha / capita", per_person=True) == 4.0
    with pytest.raises(FootprintError, match="the unit must be gha") as error:
        in_gha(1.0, "ha")  # a plain hectare is not a global hectare
    assert error.value.about == "unit"
    with pytest.raises(FootprintError, match="gha / person"):
        in_gha(1.0, "gha", per_person=True)


def test_network_footprint_is_population_weighted():
    city = estimate(NATIONAL, FACTORS, 200_000)
    members = [
        MemberFootprint("a", city.total, 200_000, city.by_category),
        MemberFootprint("b", 3_000_000.0, 1_000_000, {"carbon": 3_000_000.0}),
    ]
    network = network_footprint(members, 1.6)
    assert network.members == ("a", "b")
    assert network.total == pytest.approx(3_898_000)  # 898,000 + 3,000,000
    assert network.population == 1_200_000
    # 3,898,000 / 1,200,000 = 3.2483…, not the mean of 4.49 and 3.0 (3.745)
    assert network.per_person == pytest.approx(3.248333, rel=1e-6)
    assert network.earths == pytest.approx(3.248333 / 1.6, rel=1e-6)  # 2.0302…
    # Only "a" gives every category: the breakdown is its own.
    assert network.members_by_category == 1
    assert network.by_category == pytest.approx(city.by_category)
    assert network.members_by_land_type == 0


def test_network_footprint_refuses_a_member_counted_twice_and_handles_none():
    with pytest.raises(FootprintError, match="counted twice"):
        network_footprint([MemberFootprint("a", 1.0, 1), MemberFootprint("a", 1.0, 1)], 1.6)
    empty = network_footprint([], 1.6)
    assert (empty.total, empty.per_person, empty.earths) == (0, None, None)


def test_earths_needs_a_positive_biocapacity():
    assert earths(3.2, 1.6) == pytest.approx(2.0)
    with pytest.raises(FootprintError, match="biocapacity per person must be"):
        earths(3.2, 0)


@given(
    st.lists(
        st.tuples(st.floats(0, 1e9, allow_nan=False), st.integers(1, 10_000_000)),
        max_size=30,
    )
)
def test_network_total_is_the_sum_of_its_members(figures):
    members = [MemberFootprint(str(i), total, people) for i, (total, people) in enumerate(figures)]
    network = network_footprint(members, 1.6)
    assert network.total == pytest.approx(math.fsum(total for total, _ in figures))
    assert network.population == sum(people for _, people in figures)
