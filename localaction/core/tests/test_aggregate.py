import pytest
from hypothesis import given
from hypothesis import strategies as st

from localaction.core.aggregate import containers, latest_in_window, outermost

# A region (1) contains a county (2) which contains a city (3); 4 stands alone.
PARENT_OF = {1: None, 2: 1, 3: 2, 4: None}


def test_a_contained_member_is_left_out_when_its_container_counts():
    assert outermost({1, 3, 4}, PARENT_OF) == {1, 4}


def test_containment_is_seen_through_a_non_counted_level():
    # The county (2) is not counted, yet the region (1) still contains the city (3).
    assert outermost({1, 3}, PARENT_OF) == {1}


def test_without_the_container_the_contained_one_counts():
    assert outermost({2, 3}, PARENT_OF) == {2}
    assert outermost({3}, PARENT_OF) == {3}


def test_a_cycle_of_parents_does_not_loop_forever():
    assert outermost({5}, {5: 6, 6: 5}) == {5}


@given(st.dictionaries(st.integers(0, 30), st.one_of(st.none(), st.integers(0, 30))), st.data())
def test_kept_ones_are_counted_and_none_contains_another(parent_of, data):
    counted = data.draw(st.sets(st.sampled_from(sorted(parent_of) or [0])))
    kept = outermost(counted, parent_of)
    assert kept <= counted
    for node in kept:
        seen, ancestor = {node}, parent_of.get(node)
        while ancestor is not None and ancestor not in seen:
            assert ancestor not in kept or ancestor == node
            seen.add(ancestor)
            ancestor = parent_of.get(ancestor)
    for node in counted - kept:
        seen, ancestor = {node}, parent_of.get(node)
        while ancestor not in counted:
            assert ancestor is not None and ancestor not in seen, "left out without a container"
            seen.add(ancestor)
            ancestor = parent_of.get(ancestor)


def test_each_left_out_member_names_its_nearest_counted_container():
    assert containers({1, 2, 3, 4}, PARENT_OF) == {2: 1, 3: 2}
    assert containers({1, 3, 4}, PARENT_OF) == {3: 1}
    assert containers({5}, {5: 6, 6: 5}) == {}


@given(st.dictionaries(st.integers(0, 30), st.one_of(st.none(), st.integers(0, 30))), st.data())
def test_outermost_and_contained_ones_split_the_counted(parent_of, data):
    counted = data.draw(st.sets(st.sampled_from(sorted(parent_of) or [0])))
    contained = containers(counted, parent_of)
    assert outermost(counted, parent_of) | contained.keys() == counted
    assert set(contained.values()) <= counted


# (local government, inventory, year)
INVENTORIES = [(1, 10, 2015), (1, 11, 2019), (1, 12, 2021), (2, 20, 2016), (3, 30, 2023)]


def test_the_latest_inventory_in_the_window_counts():
    # Report year 2020, window 3: 2017–2020.
    assert latest_in_window(INVENTORIES, year=2020) == {1: (11, 2019)}
    # 2019, window 3: 2016–2019 — the window's first year is in.
    assert latest_in_window(INVENTORIES, year=2019) == {1: (11, 2019), 2: (20, 2016)}
    # A later inventory than the report year never counts.
    assert latest_in_window(INVENTORIES, year=2022) == {1: (12, 2021)}
    assert latest_in_window(INVENTORIES, year=2023, window=0) == {3: (30, 2023)}


def test_a_negative_window_is_refused():
    with pytest.raises(ValueError, match="zero or more"):
        latest_in_window(INVENTORIES, year=2020, window=-1)
