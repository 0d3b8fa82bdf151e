from hypothesis import given
from hypothesis import strategies as st

from localaction.core.aggregate import outermost

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
