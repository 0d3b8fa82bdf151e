"""The inventory calculation: a small city by hand, bad lines, and the sums' invariants.

Factors in the city are IPCC 2006 Guidelines defaults, kg per TJ on a net
calorific basis: natural gas in residential buildings (Vol. 2 Table 2.5: CO2
56,100, CH4 5, N2O 0.1), natural gas in energy industries (Table 2.2: 56,100,
1, 0.1), wood in residential buildings (Table 2.5: CH4 300, N2O 4, biogenic
CO2 112,000), diesel in road transport (Tables 3.2.1 and 3.2.2: CO2 74,100,
CH4 3.9, N2O 3.9) with its net calorific value (Vol. 2 Table 1.2: 43.0 TJ/Gg).
The grid factor (0.4 t CO2/MWh) and the livestock factor (100 kg CH4/head)
stand in for a member's own. GWPs are AR5 (CH4 28, N2O 265, HFC-134a 1,300)
unless a test says otherwise.
"""

import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from localaction.core.ghg import (
    METHOD,
    Activity,
    Line,
    LineError,
    Lines,
    Measured,
    calculate,
    synthetic_lines,
)
from localaction.core.gpc import CELLS, GPCError, Level, Notation, NotationKey
from localaction.core.gwp import GWP_SETS, GWPError, gwp_set
from localaction.core.units import Amount

AR5 = gwp_set("AR5GWP100")
GAS_RESIDENTIAL = {"CO2": 56_100, "CH4": 5, "N2O": 0.1}
GAS_POWER = {"CO2": 56_100, "CH4": 1, "N2O": 0.1}
DIESEL_ROAD = {"CO2": 74_100, "CH4": 3.9, "N2O": 3.9}
DIESEL_NCV = Amount(43.0, "TJ/Gg")

# Each line of the city with its kg CO2e under AR5, worked out by hand.
CITY = [
    # I.1.1 natural gas in homes: 1,000,000 GJ = 1,000 TJ.
    # 56,100,000 kg CO2 + 5,000 kg CH4 × 28 + 100 kg N2O × 265
    # = 56,100,000 + 140,000 + 26,500
    (Line("I.1.1", Activity(1_000_000, "GJ", GAS_RESIDENTIAL, "kg/TJ")), 56_266_500),
    # I.1.1 wood in homes, 100 TJ: 30,000 kg CH4 × 28 + 400 kg N2O × 265
    # = 840,000 + 106,000; its 11,200,000 kg of biogenic CO2 stay out.
    (
        Line(
            "I.1.1",
            Activity(100, "TJ", {"CH4": 300, "N2O": 4}, "kg/TJ", biogenic_co2_factor=112_000),
        ),
        946_000,
    ),
    # I.1.2 grid electricity in homes: 200,000 MWh × 0.4 t/MWh = 80,000 t CO2.
    (Line("I.1.2", Activity(200_000, "MWh", {"CO2": 0.4}, "t/MWh")), 80_000_000),
    # I.1.3 its transmission and distribution losses, 8 %: 16,000 MWh × 0.4 t.
    (Line("I.1.3", Activity(16_000, "MWh", {"CO2": 0.4}, "t/MWh")), 6_400_000),
    # I.4.4 a gas power plant supplying the grid, 5,000 TJ:
    # 280,500,000 kg CO2 + 5,000 kg CH4 × 28 + 500 kg N2O × 265
    # = 280,500,000 + 140,000 + 132,500
    (Line("I.4.4", Activity(5_000, "TJ", GAS_POWER, "kg/TJ")), 280_772_500),
    # II.1.1 diesel on the city's roads, 10,000 t = 10 Gg × 43 TJ/Gg = 430 TJ:
    # 31,863,000 kg CO2 + 1,677 kg CH4 × 28 + 1,677 kg N2O × 265
    # = 31,863,000 + 46,956 + 444,405
    (Line("II.1.1", Activity(10_000, "t", DIESEL_ROAD, "kg/TJ", ncv=DIESEL_NCV)), 32_354_361),
    # II.1.3 diesel on the outside part of trips, 1,000,000 l × 0.84 kg/l
    # = 0.84 Gg × 43 TJ/Gg = 36.12 TJ: 2,676,492 kg CO2 + 140.868 kg CH4 × 28
    # + 140.868 kg N2O × 265 = 2,676,492 + 3,944.304 + 37,330.02
    (
        Line(
            "II.1.3",
            Activity(
                1_000_000,
                "l",
                DIESEL_ROAD,
                "kg/TJ",
                ncv=DIESEL_NCV,
                density=Amount(0.84, "kg/l"),
            ),
        ),
        2_717_766.324,
    ),
    # III.1.1 landfill gas measured at the city's landfill: 2,000 t CH4 × 28.
    (Line("III.1.1", Measured({"CH4": 2_000_000})), 56_000_000),
    # III.1.2 the city's waste landfilled outside: 500 t CH4 × 28.
    (Line("III.1.2", Measured({"CH4": 500_000})), 14_000_000),
    # III.1.3 other towns' waste landfilled in the city: 300 t CH4 × 28.
    (Line("III.1.3", Measured({"CH4": 300_000})), 8_400_000),
    # IV.1 clinker production, process CO2: 50,000 t.
    (Line("IV.1", Measured({"CO2": 50_000_000})), 50_000_000),
    # IV.2 refrigerant leaks: 1,000 kg HFC-134a × 1,300.
    (Line("IV.2", Measured({"HFC-134a": 1_000})), 1_300_000),
    # V.1 enteric fermentation: 1,000 head × 100 kg CH4 = 100 t CH4 × 28.
    (Line("V.1", Activity(1_000, "head", {"CH4": 100}, "kg/head")), 2_800_000),
    # V.2 forest growth, a removal: −1,000 t CO2.
    (Line("V.2", Measured({"CO2": -1_000_000})), -1_000_000),
    # VI.1 other scope 3 (food bought in): 1,000 t CO2.
    (Line("VI.1", Measured({"CO2": 1_000_000})), 1_000_000),
    # I.7.1 no coal mines: a notation key, no number.
    (Line("I.7.1", Notation(NotationKey.NO, "no coal is mined in the city")), 0),
]
CITY_LINES = Lines.from_lines(line for line, _ in CITY)

# BASIC = I.1.1 + I.1.2 + II.1.1 + III.1.1 + III.1.2
# = 56,266,500 + 946,000 + 80,000,000 + 32,354,361 + 56,000,000 + 14,000,000
BASIC = 239_566_861
# BASIC+ = BASIC + I.1.3 + II.1.3 + IV + V
# = 239,566,861 + 6,400,000 + 2,717,766.324 + 50,000,000 + 1,300,000
#   + 2,800,000 − 1,000,000
BASIC_PLUS = 301_784_627.324
# Territorial = every scope 1 line: I.1.1 (both) + I.4.4 + II.1.1 + III.1.1
# + III.1.3 + IV + V = 56,266,500 + 946,000 + 280,772,500 + 32,354,361
# + 56,000,000 + 8,400,000 + 50,000,000 + 1,300,000 + 2,800,000 − 1,000,000
TERRITORIAL = 487_839_361


@pytest.fixture(scope="module")
def city():
    return calculate(CITY_LINES, AR5)


def test_each_line_by_hand(city):
    assert city.line_co2e_kg.tolist() == pytest.approx([kg for _, kg in CITY], rel=1e-12)


def test_gas_masses_of_a_line(city):
    # 1,000 TJ of natural gas: 56,100,000 kg CO2, 5,000 kg CH4, 100 kg N2O.
    assert city.gases == ("CO2", "CH4", "N2O", "HFC134a")
    assert city.lines.masses_kg[0].tolist() == pytest.approx([56_100_000, 5_000, 100, 0])


def test_results_carry_their_gwp_set_and_method(city):
    assert (city.gwp, city.method) == ("AR5GWP100", METHOD)


def test_basic_leaves_out_scope_3_energy_transport_ippu_afolu_and_grid_generation(city):
    assert city.total_co2e_kg(Level.BASIC) == pytest.approx(BASIC, rel=1e-12)


def test_basic_plus_adds_losses_transboundary_trips_ippu_and_afolu(city):
    assert city.total_co2e_kg(Level.BASIC_PLUS) == pytest.approx(BASIC_PLUS, rel=1e-12)


def test_territorial_counts_grid_generation_and_waste_from_outside(city):
    assert city.total_co2e_kg(Level.TERRITORIAL) == pytest.approx(TERRITORIAL, rel=1e-12)


def test_by_scope_by_hand(city):
    # Scope 1 is the territorial total; scope 2 the grid electricity; scope 3
    # = I.1.3 + II.1.3 + III.1.2 + VI.1 = 6,400,000 + 2,717,766.324
    # + 14,000,000 + 1,000,000.
    assert city.by_scope_co2e_kg() == pytest.approx(
        {1: TERRITORIAL, 2: 80_000_000, 3: 24_117_766.324}, rel=1e-12
    )


def test_by_sector_by_hand(city):
    assert city.by_sector_co2e_kg() == pytest.approx(
        {
            # 56,266,500 + 946,000 + 80,000,000 + 6,400,000 + 280,772,500
            "I": 424_385_000,
            # 32,354,361 + 2,717,766.324
            "II": 35_072_127.324,
            # 56,000,000 + 14,000,000 + 8,400,000
            "III": 78_400_000,
            "IV": 51_300_000,
            # 2,800,000 − 1,000,000
            "V": 1_800_000,
            "VI": 1_000_000,
        },
        rel=1e-12,
    )


def test_by_sector_within_basic(city):
    # BASIC has no IPPU, AFOLU or other scope 3, and in energy only
    # I.1.1 and I.1.2: 56,266,500 + 946,000 + 80,000,000.
    by_sector = city.by_sector_co2e_kg(Level.BASIC)
    assert by_sector == pytest.approx(
        {"I": 137_212_500, "II": 32_354_361, "III": 70_000_000, "IV": 0, "V": 0, "VI": 0},
        rel=1e-12,
    )


def test_by_gas_masses_by_hand(city):
    assert city.by_gas_kg() == pytest.approx(
        {
            # 56,100,000 + 80,000,000 + 6,400,000 + 280,500,000 + 31,863,000
            # + 2,676,492 + 50,000,000 − 1,000,000 + 1,000,000
            "CO2": 507_539_492,
            # 5,000 + 30,000 + 5,000 + 1,677 + 140.868 + 2,000,000 + 500,000
            # + 300,000 + 100,000
            "CH4": 2_941_817.868,
            # 100 + 400 + 500 + 1,677 + 140.868
            "N2O": 2_817.868,
            "HFC134a": 1_000,
        },
        rel=1e-12,
    )


def test_biogenic_co2_is_reported_apart_and_never_in_totals(city):
    assert city.biogenic_co2_kg() == pytest.approx(11_200_000)
    assert city.biogenic_co2_kg(Level.BASIC) == pytest.approx(11_200_000)
    assert city.line_co2e_kg[1] == pytest.approx(946_000)
    assert "CO2" not in Activity(1, "TJ", {"CH4": 300}, "kg/TJ", biogenic_co2_factor=1).factors


def test_another_gwp_set_recomputes_from_the_same_masses(city):
    ar4 = calculate(city.lines, gwp_set("AR4GWP100"))
    # AR4: CH4 25, N2O 298. Natural gas in homes: 56,100,000 + 5,000 × 25
    # + 100 × 298 = 56,254,800. BASIC: 56,254,800 + (30,000 × 25 + 400 × 298)
    # + 80,000,000 + (31,863,000 + 1,677 × 25 + 1,677 × 298) + 2,000,000 × 25
    # + 500,000 × 25 = 56,254,800 + 869,200 + 80,000,000 + 32,404,671
    # + 50,000,000 + 12,500,000.
    assert ar4.line_co2e_kg[0] == pytest.approx(56_254_800, rel=1e-12)
    assert ar4.total_co2e_kg(Level.BASIC) == pytest.approx(232_028_671, rel=1e-12)
    assert ar4.lines is city.lines
    assert ar4.by_gas_kg() == city.by_gas_kg()


def test_completeness_lists_basic_cells_with_neither_value_nor_notation_key(city):
    completeness = city.completeness()
    assert completeness.level is Level.BASIC
    assert not completeness.complete
    assert completeness.missing == (
        *(f"I.{n}.{scope}" for n in (2, 3, 4, 5, 6) for scope in (1, 2)),
        "I.8.1",
        "II.1.2",
        *(f"II.{n}.{scope}" for n in (2, 3, 4, 5) for scope in (1, 2)),
        *(f"III.{n}.{k}" for n in (2, 3, 4) for k in (1, 2)),
    )


def test_an_inventory_with_every_basic_cell_filled_is_complete(city):
    filled = [line for line, _ in CITY] + [
        Line(ref, Notation(NotationKey.NE, "no data yet")) for ref in city.completeness().missing
    ]
    results = calculate(Lines.from_lines(filled), AR5)
    assert results.completeness().complete
    assert not results.completeness(Level.BASIC_PLUS).complete
    assert results.total_co2e_kg(Level.BASIC) == pytest.approx(BASIC, rel=1e-12)


def test_notation_keys_by_cell(city):
    assert city.notations() == {"I.7.1": (NotationKey.NO,)}


def test_lines_from_columns_calculate_as_lines_from_objects(city):
    stored = Lines.from_columns(
        cells=[line.cell for line, _ in CITY],
        gases=city.gases,
        masses_kg=[[line.gases_kg.get(gas, 0.0) for gas in city.gases] for line, _ in CITY],
        biogenic_co2_kg=[line.biogenic_co2_kg for line, _ in CITY],
        notations=[None] * (len(CITY) - 1) + ["NO"],
    )
    again = calculate(stored, AR5)
    assert again.line_co2e_kg.tolist() == pytest.approx(city.line_co2e_kg.tolist(), rel=1e-12)
    assert again.notations() == city.notations()
    assert again.biogenic_co2_kg() == pytest.approx(city.biogenic_co2_kg())


# Bad lines: each error names the field at fault, for the import to report.


@pytest.mark.parametrize(
    ("make", "field", "reason"),
    [
        (lambda: Activity(1, "kwhh", {"CO2": 1}, "kg/TJ"), "unit", r"^'kwhh' is not a unit$"),
        (lambda: Activity(1, "TJ", {"CO2": 1}, "kg/TJJ"), "factor_unit", "'kg/TJJ' is not a unit"),
        (
            lambda: Activity(1, "km", {"CO2": 1}, "kg/TJ"),
            "unit",
            "'km' is a distance but the factor 'kg/TJ' is per energy: a unit of the wrong",
        ),
        (
            lambda: Activity(1, "t", {"CO2": 1}, "kg/TJ"),
            "ncv",
            "^mass-based fuel needs a net calorific value",
        ),
        (
            lambda: Activity(1, "l", {"CO2": 1}, "kg/TJ", ncv=DIESEL_NCV),
            "density",
            "^volume-based fuel needs a density",
        ),
        (lambda: Activity(-1, "TJ", {"CO2": 1}, "kg/TJ"), "amount", "is negative"),
        (lambda: Activity(math.nan, "TJ", {"CO2": 1}, "kg/TJ"), "amount", "is not a number"),
        (lambda: Activity(math.inf, "TJ", {"CO2": 1}, "kg/TJ"), "amount", "is not a number"),
        (lambda: Activity(1, "TJ", {"XYZ": 1}, "kg/TJ"), "factors", "'XYZ' is not a known gas"),
        (lambda: Measured({"CH4": math.nan}), "CH4", "is not a number"),
        (lambda: Measured({"CH4": 1, "ch4": 2}), "gases_kg", "CH4 is given twice"),
        (lambda: Line("VII.1", Measured({"CO2": 1})), "cell", "'VII.1' is not a GPC reference"),
        (lambda: Line("I.7.2", Measured({"CO2": 1})), "cell", "^I.7 has no scope 2$"),
        (lambda: Line("III.1.1", Measured({"CH4": -5})), "CH4", "removal, which only AFOLU"),
        (
            lambda: Line("I.1.1", Activity(1, "TJ", {"CO2": 1}, "kg/TJ", biogenic_co2_factor=-1)),
            "biogenic_co2_kg",
            "removal",
        ),
    ],
)
def test_a_bad_line_names_its_field(make, field, reason):
    with pytest.raises(LineError) as caught:
        make()
    assert re.search(reason, caught.value.reason)
    assert caught.value.field == field


def test_a_line_error_placed_in_the_input_reads_like_an_import_error():
    with pytest.raises(LineError) as caught:
        Activity(1, "kwhh", {"CO2": 1}, "kg/TJ")
    assert str(caught.value.at(13)) == "line 14, unit: 'kwhh' is not a unit"


def test_removals_are_allowed_in_afolu():
    assert Line("V.2", Measured({"CO2": -5})).gases_kg == {"CO2": -5}


def test_a_notation_key_without_explanation_is_refused():
    with pytest.raises(GPCError, match="needs an explanation"):
        Line("I.7.1", Notation(NotationKey.NO, ""))


def test_columns_with_a_notation_key_and_masses_on_one_line_are_refused():
    with pytest.raises(LineError, match="notation key or gas masses, not both") as caught:
        Lines.from_columns(
            cells=["I.1.1", "I.1.2"], gases=["CO2"], masses_kg=[[1], [2]], notations=[None, "NE"]
        )
    assert (caught.value.index, caught.value.field) == (1, "notation")


@pytest.mark.parametrize(
    ("columns", "field", "index", "reason"),
    [
        ({"cells": ["I.1.1", "I.9.1"]}, "cell", 1, "'I.9.1' is not a GPC reference"),
        ({"masses_kg": [[1.0], [math.nan]]}, "CO2", 1, "is not a number"),
        ({"masses_kg": [[-1.0], [1.0]]}, "CO2", 0, "removal"),
        ({"biogenic_co2_kg": [0, math.inf]}, "biogenic_co2_kg", 1, "is not a number"),
        ({"notations": ["XX", None]}, "notation", 0, "'XX' is not a notation key"),
    ],
)
def test_bad_columns_say_which_line(columns, field, index, reason):
    arguments = {"cells": ["I.1.1", "I.1.2"], "gases": ["CO2"], "masses_kg": [[1.0], [2.0]]}
    with pytest.raises(LineError, match=reason) as caught:
        Lines.from_columns(**(arguments | columns))
    assert (caught.value.field, caught.value.index) == (field, index)


def test_columns_of_the_wrong_length_are_refused():
    with pytest.raises(ValueError):
        Lines.from_columns(cells=["I.1.1"], gases=["CO2", "CH4"], masses_kg=[[1.0]])


def test_the_columns_cannot_be_changed_after_the_fact():
    with pytest.raises(ValueError):
        CITY_LINES.masses_kg[0, 0] = 0


def test_a_gas_the_set_has_no_gwp_for_is_an_error_when_reported():
    lines = Lines.from_lines([Line("IV.1", Measured({"NF3": 10}))])
    with pytest.raises(GWPError, match=r"^SARGWP100 has no GWP for NF3"):
        calculate(lines, gwp_set("SARGWP100"))
    assert calculate(lines, gwp_set("AR4GWP100")).total_co2e_kg() == pytest.approx(172_000)


def test_a_gas_the_set_has_no_gwp_for_counts_for_nothing_when_absent():
    lines = Lines.from_columns(cells=["IV.1"], gases=["CO2", "NF3"], masses_kg=[[10.0, 0.0]])
    assert calculate(lines, gwp_set("SARGWP100")).total_co2e_kg() == 10


def test_an_empty_inventory_is_all_zeros_and_incomplete():
    results = calculate(Lines.from_lines([]), AR5)
    assert results.total_co2e_kg() == 0
    assert results.by_gas_kg() == {}
    assert len(results.completeness().missing) == sum(c.counts_in(Level.BASIC) for c in CELLS)


def test_synthetic_lines_are_repeatable_and_valid():
    first, again = synthetic_lines(1_000, seed=1), synthetic_lines(1_000, seed=1)
    assert len(first) == 1_000
    assert np.array_equal(first.masses_kg, again.masses_kg)
    assert (first.masses_kg[first.notations > 0] == 0).all()


# Invariants, over random inventories.

GASES = ("CO2", "CH4", "N2O", "SF6", "HFC134a", "CF4")  # in every GWP set
MASSES = st.floats(min_value=0, max_value=1e9, allow_nan=False)


@st.composite
def inventories(draw):
    count = draw(st.integers(min_value=0, max_value=30))
    cells = draw(st.lists(st.sampled_from(CELLS), min_size=count, max_size=count))
    masses, notations = [], []
    for c in cells:
        row = draw(st.lists(MASSES, min_size=len(GASES), max_size=len(GASES)))
        if c.sector == "V" and draw(st.booleans()):
            row = [-mass for mass in row]  # a removal
        key = draw(st.sampled_from([None, None, None, "NO", "IE", "NE", "C"]))
        masses.append([0.0] * len(GASES) if key else row)
        notations.append(key)
    biogenic = [0.0 if key else draw(MASSES) for key in notations]
    return Lines.from_columns(
        cells=[c.ref for c in cells],
        gases=GASES,
        masses_kg=np.array(masses, dtype=float).reshape(count, len(GASES)),
        biogenic_co2_kg=biogenic,
        notations=notations,
    )


def close(total, parts, scale):
    # Sums of floats in another order differ in the last bits; removals make
    # the total smaller than its parts, so the tolerance follows their size.
    return math.isclose(total, sum(parts), rel_tol=1e-9, abs_tol=1e-9 * scale + 1e-6)


@given(lines=inventories(), name=st.sampled_from(GWP_SETS))
def test_every_total_is_the_sum_of_its_parts(lines, name):
    results = calculate(lines, gwp_set(name))
    scale = float(np.abs(results.line_co2e_kg).sum())
    assert close(results.total_co2e_kg(), results.line_co2e_kg, scale)
    assert close(results.total_co2e_kg(), results.by_cell_co2e_kg().values(), scale)
    for level in (None, *Level):
        total = results.total_co2e_kg(level)
        assert close(total, results.by_scope_co2e_kg(level).values(), scale)
        assert close(total, results.by_sector_co2e_kg(level).values(), scale)
        assert close(total, results.by_subsector_co2e_kg(level).values(), scale)
        assert close(total, results.by_gas_co2e_kg(level).values(), scale)


@given(lines=inventories())
def test_basic_plus_holds_basic_and_territorial_is_scope_1(lines):
    results = calculate(lines, AR5)
    scale = float(np.abs(results.line_co2e_kg).sum())
    extra = [
        results.by_cell_co2e_kg()[c.ref]
        for c in CELLS
        if c.counts_in(Level.BASIC_PLUS) and not c.counts_in(Level.BASIC)
    ]
    assert close(
        results.total_co2e_kg(Level.BASIC_PLUS), [results.total_co2e_kg(Level.BASIC), *extra], scale
    )
    assert close(results.total_co2e_kg(Level.TERRITORIAL), [results.by_scope_co2e_kg()[1]], scale)


@given(lines=inventories(), names=st.tuples(st.sampled_from(GWP_SETS), st.sampled_from(GWP_SETS)))
def test_changing_the_gwp_set_scales_each_gas_and_nothing_else(lines, names):
    before, after = (calculate(lines, gwp_set(name)) for name in names)
    assert after.by_gas_kg() == before.by_gas_kg()
    assert after.biogenic_co2_kg() == before.biogenic_co2_kg()
    assert after.completeness() == before.completeness()
    assert after.notations() == before.notations()
    old, new = (gwp_set(name) for name in names)
    for gas, co2e in before.by_gas_co2e_kg().items():
        expected = co2e / old.value(gas) * new.value(gas)
        assert after.by_gas_co2e_kg()[gas] == pytest.approx(expected, rel=1e-12, abs=1e-6)
    # Per line, the change is each gas's mass times the change of its GWP.
    change = lines.masses_kg @ (new.vector(GASES) - old.vector(GASES))
    assert after.line_co2e_kg == pytest.approx(before.line_co2e_kg + change, rel=1e-9, abs=1e-3)
