"""Matching needs and offers (core/exchange.py): a table computed by hand, and
the properties every suggestion list keeps."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localaction.core.exchange import (
    LANGUAGE_POINTS,
    NORTH_SOUTH_POINTS,
    THEME_POINTS,
    Listing,
    Reason,
    development_of,
    reasons_for,
    suggest,
)

# Nairobi needs help with water and its GHG inventory, working in English and Swahili.
NEED = Listing(1, member=10, kind="need", themes=frozenset({"water", "ghg-inventory"}),
               languages=frozenset({"en", "sw"}), development="developing")  # fmt: skip
OFFERS = [
    # Freiburg (industrialised) offers water accounts, in German and English:
    # 3 (water) + 1 (English) + 2 (developing–industrialised) = 6.
    Listing(
        20,
        member=11,
        kind="offer",
        themes=frozenset({"water"}),
        languages=frozenset({"de", "en"}),
        development="industrialised",
    ),
    # Bogotá (upper middle income: neither) offers water and the inventory, in
    # Spanish: 3 + 3 = 6, no language, no north–south link.
    Listing(
        21,
        member=12,
        kind="offer",
        themes=frozenset({"water", "ghg-inventory"}),
        languages=frozenset({"es"}),
        development=None,
    ),
    # Dhaka (developing) offers the inventory in English: 3 + 1 = 4.
    Listing(
        22,
        member=13,
        kind="offer",
        themes=frozenset({"ghg-inventory"}),
        languages=frozenset({"en", "bn"}),
        development="developing",
    ),
    # Oslo offers procurement only: no theme shared, never suggested.
    Listing(
        23,
        member=14,
        kind="offer",
        themes=frozenset({"procurement"}),
        languages=frozenset({"en"}),
        development="industrialised",
    ),
    # Another need on water: the same kind, never suggested.
    Listing(
        24,
        member=15,
        kind="need",
        themes=frozenset({"water"}),
        languages=frozenset({"en"}),
        development="industrialised",
    ),
    # Nairobi's own offer on water: its own member, never suggested.
    Listing(
        25,
        member=10,
        kind="offer",
        themes=frozenset({"water"}),
        languages=frozenset({"en"}),
        development="developing",
    ),
]


def test_the_table_computed_by_hand():
    table = [(s.candidate.key, s.points) for s in suggest(NEED, OFFERS)]
    # 20 and 21 tie on 6 points: the lower key first.
    assert table == [(20, 6), (21, 6), (22, 4)]


def test_each_suggestion_explains_its_points():
    best = suggest(NEED, OFFERS)[0]
    assert best.reasons == (
        Reason("theme", ("water",), THEME_POINTS),
        Reason("language", ("en",), LANGUAGE_POINTS),
        Reason("north-south", ("developing", "industrialised"), NORTH_SOUTH_POINTS),
    )
    assert best.points == sum(reason.points for reason in best.reasons) == 6


def test_the_match_is_the_same_from_either_side():
    offer = OFFERS[0]
    assert [s.candidate.key for s in suggest(offer, [NEED])] == [NEED.key]
    assert suggest(offer, [NEED])[0].points == suggest(NEED, [offer])[0].points


def test_limit_keeps_the_best():
    assert [s.candidate.key for s in suggest(NEED, OFFERS, limit=1)] == [20]


@pytest.mark.parametrize(
    ("group", "status"),
    [
        ("low", "developing"),
        ("lower-middle", "developing"),
        ("upper-middle", None),
        ("high", "industrialised"),
        ("", None),
        (None, None),
    ],
)
def test_development_from_the_world_bank_income_group(group, status):
    assert development_of(group) == status


THEMES = st.frozensets(st.sampled_from(["water", "ghg-inventory", "ecobudget", "ccp"]), max_size=3)
LANGUAGES = st.frozensets(st.sampled_from(["en", "es", "fr", "sw"]), max_size=2)
listings = st.builds(
    Listing,
    key=st.integers(1, 10_000),
    member=st.integers(1, 8),
    kind=st.sampled_from(["need", "offer"]),
    themes=THEMES,
    languages=LANGUAGES,
    development=st.sampled_from([None, "developing", "industrialised"]),
)


# A shared machine: no timing.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(listings, st.lists(listings, max_size=10, unique_by=lambda listing: listing.key))
def test_same_input_same_order(listing, candidates):
    first = suggest(listing, candidates)
    assert first == suggest(listing, list(candidates))
    # Nor does the order depend on the order the candidates come in (keys are ids).
    assert first == suggest(listing, candidates[::-1])


# A shared machine: no timing.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(listings, st.lists(listings, max_size=10))
def test_never_itself_nor_its_member_and_always_a_shared_theme(listing, candidates):
    for suggestion in suggest(listing, [listing, *candidates]):
        candidate = suggestion.candidate
        assert candidate.key != listing.key
        assert candidate.member != listing.member
        assert {candidate.kind, listing.kind} == {"need", "offer"}
        assert listing.themes & candidate.themes
        assert suggestion.points >= THEME_POINTS


# A shared machine: no timing.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(listings, st.lists(listings, max_size=10))
def test_best_first(listing, candidates):
    points = [(-s.points, s.candidate.key) for s in suggest(listing, candidates)]
    assert points == sorted(points)


# A shared machine: no timing.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(listings, listings)
def test_points_are_symmetric(a, b):
    assert sum(r.points for r in reasons_for(a, b)) == sum(r.points for r in reasons_for(b, a))
