"""The GPC catalogue: sectors, subsectors, cells and the totals each counts in.

Source: GPC (WRI, C40 Cities, ICLEI 2014; v1.1) — sectors and subsectors as
the GPC lists them; reference numbers, scopes and reporting levels as its
chapter 4 reporting table sets them out.
"""

import pytest

from localaction.core import gpc
from localaction.core.gpc import (
    CELLS,
    SECTORS,
    SUBSECTORS,
    GPCError,
    Level,
    MissingScope,
    Notation,
    NotationKey,
    UnknownReference,
    cell,
    cell_index,
    notation_key,
    subsector_cells,
)

SUBSECTOR_NAMES = {
    "I.1": "Residential buildings",
    "I.2": "Commercial and institutional buildings and facilities",
    "I.3": "Manufacturing industries and construction",
    "I.4": "Energy industries",
    "I.5": "Agriculture, forestry and fishing activities",
    "I.6": "Non-specified sources",
    "I.7": "Fugitive emissions from mining, processing, storage, and transportation of coal",
    "I.8": "Fugitive emissions from oil and natural gas systems",
    "II.1": "On-road transportation",
    "II.2": "Railways",
    "II.3": "Waterborne navigation",
    "II.4": "Aviation",
    "II.5": "Off-road transportation",
    "III.1": "Solid waste disposal",
    "III.2": "Biological treatment of waste",
    "III.3": "Incineration and open burning",
    "III.4": "Wastewater treatment and discharge",
    "IV.1": "Industrial processes",
    "IV.2": "Product use",
    "V.1": "Livestock",
    "V.2": "Land",
    "V.3": "Aggregate sources and non-CO2 emission sources on land",
    "VI.1": "Other scope 3",
}

# Every cell and its scope.
SCOPES = {
    **{f"I.{n}.{scope}": scope for n in (1, 2, 3, 4, 5, 6) for scope in (1, 2, 3)},
    "I.4.4": 1,
    "I.7.1": 1,
    "I.8.1": 1,
    **{f"II.{n}.{scope}": scope for n in (1, 2, 3, 4) for scope in (1, 2, 3)},
    "II.5.1": 1,
    "II.5.2": 2,
    **{f"III.{n}.1": 1 for n in (1, 2, 3, 4)},
    **{f"III.{n}.2": 3 for n in (1, 2, 3, 4)},
    **{f"III.{n}.3": 1 for n in (1, 2, 3, 4)},
    "IV.1": 1,
    "IV.2": 1,
    "V.1": 1,
    "V.2": 1,
    "V.3": 1,
    "VI.1": 3,
}

# BASIC: scope 1 and 2 of stationary energy and transportation, but not
# I.4.4 (generation supplied to the grid, counted where it is used, as scope
# 2); scope 1 and 3 of waste generated in the city.
BASIC = {
    *(f"I.{n}.{scope}" for n in (1, 2, 3, 4, 5, 6) for scope in (1, 2)),
    "I.7.1",
    "I.8.1",
    *(f"II.{n}.{scope}" for n in (1, 2, 3, 4, 5) for scope in (1, 2)),
    *(f"III.{n}.{k}" for n in (1, 2, 3, 4) for k in (1, 2)),
}
# BASIC+: BASIC, plus IPPU, AFOLU, T&D losses (I.x.3) and transboundary
# transportation (II.x.3).
BASIC_PLUS = BASIC | {
    *(f"I.{n}.3" for n in (1, 2, 3, 4, 5, 6)),
    *(f"II.{n}.3" for n in (1, 2, 3, 4)),
    "IV.1",
    "IV.2",
    "V.1",
    "V.2",
    "V.3",
}
# Territorial: every scope 1 cell, with I.4.4 and waste from outside (III.x.3).
TERRITORIAL = {ref for ref, scope in SCOPES.items() if scope == 1}


def refs(level):
    return {c.ref for c in CELLS if c.counts_in(level)}


def test_six_sectors():
    assert [(s.ref, s.name) for s in SECTORS] == [
        ("I", "Stationary energy"),
        ("II", "Transportation"),
        ("III", "Waste"),
        ("IV", "Industrial processes and product use (IPPU)"),
        ("V", "Agriculture, forestry and other land use (AFOLU)"),
        ("VI", "Other scope 3"),
    ]


def test_subsectors_with_their_gpc_names():
    assert {s.ref: s.name for s in SUBSECTORS} == SUBSECTOR_NAMES


def test_cells_and_their_scopes():
    assert {c.ref: c.scope for c in CELLS} == SCOPES


def test_basic_cells():
    assert refs(Level.BASIC) == BASIC


def test_basic_plus_cells():
    assert refs(Level.BASIC_PLUS) == BASIC_PLUS


def test_territorial_is_every_scope_1_cell():
    assert refs(Level.TERRITORIAL) == TERRITORIAL


def test_generation_supplied_to_the_grid_is_territorial_only():
    grid = cell("I.4.4")
    assert grid.scope == 1
    assert grid.levels == {Level.TERRITORIAL}


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_waste_from_outside_treated_inside_is_territorial_only(number):
    assert cell(f"III.{number}.3").levels == {Level.TERRITORIAL}


def test_ippu_and_afolu_are_scope_1_in_basic_plus_and_territorial():
    for c in CELLS:
        if c.sector in ("IV", "V"):
            assert (c.scope, c.levels) == (1, {Level.BASIC_PLUS, Level.TERRITORIAL})


def test_other_scope_3_counts_in_no_total():
    assert cell("VI.1").levels == frozenset()


@pytest.mark.parametrize(
    ("ref", "normalised"), [("I.1.1", "I.1.1"), (" ii.1.3 ", "II.1.3"), ("iv.1", "IV.1")]
)
def test_cell_lookup(ref, normalised):
    assert cell(ref).ref == normalised
    assert CELLS[cell_index(ref)].ref == normalised


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("I.7.2", "I.7 has no scope 2"),
        ("I.8.3", "I.8 has no scope 3"),
        ("II.5.3", "II.5 has no scope 3"),
        ("IV.1.2", "IV.1 has no scope 2"),
        ("V.2.3", "V.2 has no scope 3"),
        ("VI.1.1", "VI.1 has no scope 1"),
    ],
)
def test_a_scope_the_subsector_does_not_have(ref, message):
    with pytest.raises(MissingScope, match=f"^{message}$"):
        cell(ref)


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("I.9.1", r"'I.9.1' is not a GPC reference; sector I has I.1, I.2, .* and I.8"),
        ("VII.1", r"'VII.1' is not a GPC reference; the sectors are I to VI"),
        ("III.1.4", r"'III.1.4' is not a GPC reference; III.1 has III.1.1, III.1.2 and III.1.3"),
        ("IV.1.1", r"'IV.1.1' is not a GPC reference; IV.1 is one cell, written IV.1"),
        ("I.1", r"'I.1' is a subsector, not a cell; I.1 has I.1.1, I.1.2 and I.1.3"),
        ("I", r"'I' is a sector; I has I.1, "),
        ("1.1.1", r"'1.1.1' is not a GPC reference"),
        ("", r"'' is not a GPC reference"),
    ],
)
def test_an_unknown_reference(ref, message):
    with pytest.raises(UnknownReference, match=f"^{message}"):
        cell(ref)


def test_an_unknown_reference_is_not_a_missing_scope():
    assert not issubclass(UnknownReference, MissingScope)
    assert not issubclass(MissingScope, UnknownReference)


def test_subsector_lookup():
    assert gpc.subsector(" iii.4 ").name == "Wastewater treatment and discharge"
    assert gpc.sector("v").name == "Agriculture, forestry and other land use (AFOLU)"
    with pytest.raises(
        UnknownReference, match=r"^'I.1.1' is a cell reference; its subsector is I.1$"
    ):
        gpc.subsector("I.1.1")
    with pytest.raises(
        UnknownReference, match=r"^'VII' is not a GPC sector; the sectors are I to VI$"
    ):
        gpc.sector("VII")


def test_waste_subsectors_have_no_scope_2():
    with pytest.raises(MissingScope, match=r"^III.1 has no scope 2$"):
        subsector_cells("III.1", 2)


def test_subsector_cells_by_scope():
    assert [c.ref for c in subsector_cells("III.1", 1)] == ["III.1.1", "III.1.3"]
    assert [c.ref for c in subsector_cells("I.4", 1)] == ["I.4.1", "I.4.4"]
    assert [c.ref for c in subsector_cells("II.5")] == ["II.5.1", "II.5.2"]


def test_four_notation_keys_with_their_gpc_meanings():
    assert {key: key.label for key in NotationKey} == {
        NotationKey.NO: "Not occurring",
        NotationKey.IE: "Included elsewhere",
        NotationKey.NE: "Not estimated",
        NotationKey.C: "Confidential",
    }
    assert all(key.meaning for key in NotationKey)


@pytest.mark.parametrize("explanation", ["", "   "])
def test_a_notation_key_needs_an_explanation(explanation):
    with pytest.raises(GPCError, match=r"^notation key NE needs an explanation$"):
        Notation(NotationKey.NE, explanation)


def test_notation_keys_are_read_from_text():
    assert notation_key(" ie ") is NotationKey.IE
    assert Notation("no", "no coal mines").key is NotationKey.NO
    with pytest.raises(GPCError, match=r"^'NA' is not a notation key; the keys are NO"):
        notation_key("NA")


def test_the_catalogue_names_its_source():
    assert "GPC" in gpc.SOURCE
    assert set(gpc.LEVELS) == set(Level)
