"""What a total adds up (core.coverage), on summaries with every kind of gas.

Reference: IPCC AR6 WG1 (2021) Table 7.SM.7 100-year GWPs, as the
globalwarmingpotentials package gives them — CH4 27.9, N2O 273, HFC-134a
1,530, CF4 7,380, SF6 25,200, NF3 17,400 — and the GPC's Table 4.3 for the
cells a level counts. The expected tonnes are worked by hand below.
"""

import pytest

from localaction.core.coverage import BIOGENIC_CO2, Coverage, GWPError, level_sums
from localaction.core.gpc import CELLS, Level

# (cell, gas, kg): one inventory's summary.
ROWS = [
    ("I.1.1", "CO2", 1_000.0),  # 1 t
    ("I.1.1", "CH4", 100.0),  # 100 × 27.9 = 2.79 t
    ("I.1.1", "N2O", 10.0),  # 10 × 273 = 2.73 t
    ("I.1.1", BIOGENIC_CO2, 5_000.0),  # never counts
    ("II.1.1", "HFC134a", 2.0),  # 2 × 1,530 = 3.06 t
    ("III.1.2", "CH4", 1_000.0),  # waste treated outside, scope 3 in BASIC: 27.9 t
    ("I.1.3", "CO2", 4_000.0),  # transmission losses: BASIC+ only, 4 t
    ("IV.1", "SF6", 1.0),  # IPPU: BASIC+ only, 25.2 t
    ("IV.1", "CF4", 1.0),  # 7.38 t
    ("IV.1", "NF3", 1.0),  # 17.4 t
    ("I.4.4", "CO2", 1_000_000.0),  # energy supplied to the grid: territorial only
]
BASIC_T = {"I": 1 + 2.79 + 2.73, "II": 3.06, "III": 27.9}
BASIC_PLUS_T = {"I": 1 + 2.79 + 2.73 + 4, "II": 3.06, "III": 27.9, "IV": 25.2 + 7.38 + 17.4}


def test_basic_and_basic_plus_of_every_gas_under_ar6():
    basic = Coverage(level=Level.BASIC.value, gwp="AR6GWP100")
    assert basic.by_sector_t(ROWS) == pytest.approx(BASIC_T, rel=1e-12)
    assert basic.total_t(ROWS) == pytest.approx(37.48, rel=1e-12)
    plus = Coverage(level=Level.BASIC_PLUS.value, gwp="AR6GWP100")
    assert plus.by_sector_t(ROWS) == pytest.approx(BASIC_PLUS_T, rel=1e-12)
    assert plus.total_t(ROWS) == pytest.approx(91.46, rel=1e-12)


def test_biogenic_co2_never_counts_even_when_named():
    rows = [("I.1.1", BIOGENIC_CO2, 1e9)]
    assert Coverage().total_t(rows) == 0
    assert Coverage(gases=frozenset({BIOGENIC_CO2, "CO2"})).total_t(rows) == 0
    assert Coverage().weights_t(["CO2", BIOGENIC_CO2]) == {"CO2": 0.001}


def test_sectors_and_gases_narrow_the_total():
    energy_methane = Coverage(sectors=frozenset({"I"}), gases=frozenset({"CH4"}))
    assert energy_methane.by_sector_t(ROWS) == pytest.approx({"I": 2.79})
    assert Coverage(gases=frozenset({"CH4"})).total_t(ROWS) == pytest.approx(2.79 + 27.9)


def test_a_counted_gas_without_a_gwp_is_an_error_not_a_zero():
    # SAR has no GWP for NF3: BASIC+ counts IV.1 and fails; BASIC does not count it.
    with pytest.raises(GWPError, match="NF3"):
        Coverage(level=Level.BASIC_PLUS.value, gwp="SARGWP100").total_t(ROWS)
    # SAR: CH4 21, N2O 310, HFC-134a 1,300 (IPCC SAR WG1 1995).
    expected = 1 + 2.1 + 3.1 + 2.6 + 21
    assert Coverage(gwp="SARGWP100").total_t(ROWS) == pytest.approx(expected)


@pytest.mark.parametrize("level", [Level.BASIC, Level.BASIC_PLUS, Level.TERRITORIAL])
def test_cells_are_the_catalogues(level):
    assert tuple(Coverage(level=level.value).cells) == tuple(
        cell.ref for cell in CELLS if cell.counts_in(level)
    )


def test_selection_states_the_same_rules_for_a_query():
    selection = Coverage(level=Level.BASIC.value).selection()
    assert "I.1.1" in selection.cells and "I.1.3" not in selection.cells
    assert selection.gases is None and selection.never == (BIOGENIC_CO2,)
    named = Coverage(gases=frozenset({"CH4", BIOGENIC_CO2})).selection()
    assert named.gases == ("CH4",)
    # Added up as a database would from the selection: the same total.
    counted = [
        (ref, gas, kg)
        for ref, gas, kg in ROWS
        if ref in selection.cells and gas not in selection.never
    ]
    weights = Coverage().weights_t({gas for _ref, gas, _kg in counted})
    assert sum(kg * weights[gas] for _ref, gas, kg in counted) == pytest.approx(37.48)


@pytest.mark.parametrize("level", [Level.BASIC, Level.BASIC_PLUS])
@pytest.mark.parametrize(
    "coverage",
    [
        {},
        {"sectors": frozenset({"I", "IV"})},
        {"gases": frozenset({"CH4", "SF6", BIOGENIC_CO2})},
        {"gwp": "AR5GWP100"},
    ],
)
def test_level_sums_give_the_rows_figures(level, coverage):
    chosen = Coverage(level=level.value, **coverage)
    sums = level_sums(ROWS, level.value)
    assert BIOGENIC_CO2 not in sums
    assert chosen.by_sector_t_of_sums(sums) == pytest.approx(chosen.by_sector_t(ROWS), rel=1e-12)
    assert chosen.total_t_of_sums(sums) == pytest.approx(chosen.total_t(ROWS), rel=1e-12)


def test_level_sums_by_sector_and_scope():
    sums = level_sums(ROWS, Level.BASIC_PLUS.value)
    # CH4: 100 kg in I.1.1 (sector I, scope 1) and 1,000 kg in III.1.2 (sector III, scope 3).
    assert sums["CH4"].kg == 1_100
    assert sums["CH4"].by_sector_kg == (100, 0, 1_000, 0, 0, 0)
    assert sums["CH4"].by_scope_kg == (100, 0, 1_000)
    # CO2: 1,000 kg in I.1.1 and 4,000 kg in I.1.3 (scope 3); I.4.4 is in neither level.
    assert sums["CO2"].kg == 5_000 and sums["CO2"].by_scope_kg == (1_000, 0, 4_000)
    assert set(level_sums(ROWS, Level.BASIC.value)) == {"CO2", "CH4", "N2O", "HFC134a"}
