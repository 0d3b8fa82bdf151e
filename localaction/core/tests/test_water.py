"""Water accounts against published conversion factors and examples worked by hand."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localaction.core.water import (
    DEFAULT_ENERGY_INTENSITY_KWH_PER_M3,
    DEFAULT_ENERGY_INTENSITY_SOURCE,
    MAX_VOLUME_M3,
    SECTORS,
    SOURCES,
    Line,
    WaterBalance,
    WaterError,
    benefit,
    check_quality,
    days_in,
    litres_per_person_day,
    progress,
    quality_indicators,
    to_m3,
    totals,
)

# NIST Special Publication 811 (2008), Appendix B.9 "Factors for units listed by kind
# of quantity", Volume: acre-foot (based on U.S. survey foot) = 1.233 489 E+03 m³;
# gallon (U.S.) = 3.785 412 E-03 m³ (exactly 231 in³ = 3.785411784 l); litre = 1E-03 m³.
NIST_SP_811 = [
    (1, "acre_foot", 1233.489, 1e-6),
    (1, "gallon", 3.785411784e-3, 1e-12),
    (1_000_000, "gallon", 3785.411784, 1e-12),
    (1, "l", 1e-3, 1e-12),
    (2.5, "ML", 2500.0, 1e-12),
    (1, "kl", 1.0, 1e-12),
    (7, "m3", 7.0, 0),
    (7, "m³", 7.0, 0),
    (1, "imperial_gallon", 4.54609e-3, 1e-12),  # UK Weights and Measures Act 1985
]


@pytest.mark.parametrize(("amount", "unit", "m3", "tolerance"), NIST_SP_811)
def test_volumes_convert_to_cubic_metres_as_nist_sp_811_gives(amount, unit, m3, tolerance):
    assert to_m3(amount, unit) == pytest.approx(m3, rel=tolerance)


@pytest.mark.parametrize(
    ("unit", "says"),
    [
        ("kWh", "'kWh' is an energy, not a volume"),
        ("t", "'t' is a mass, not a volume"),
        ("m", "'m' is a distance, not a volume"),
        ("Nm3", "not a volume"),
        ("litre-ish", "is not a unit"),
        ("l / person / day", "not a volume"),
    ],
)
def test_a_unit_of_the_wrong_dimension_is_refused(unit, says):
    with pytest.raises(WaterError) as refused:
        to_m3(10, unit)
    assert says in str(refused.value)
    assert refused.value.about == "unit"


@pytest.mark.parametrize(
    ("amount", "says"),
    [
        (math.nan, "finite"),
        (math.inf, "finite"),
        (-1.0, "cannot be negative"),
        (2e12, "at most 1e+12"),
        (True, "must be a number"),
        ("12", "must be a number"),
    ],
)
def test_non_finite_negative_or_enormous_volumes_are_refused(amount, says):
    with pytest.raises(WaterError) as refused:
        to_m3(amount, "m3")
    assert says in str(refused.value)
    assert refused.value.about == "amount"


def test_an_enormous_volume_in_a_large_unit_is_refused_after_conversion():
    with pytest.raises(WaterError, match="in m3 must be at most"):
        to_m3(1e10, "acre_foot")  # 1.2e13 m³


def test_totals_equal_the_sum_of_their_parts():
    lines = [
        Line("residential", "surface", 4_000_000.0),
        Line("residential", "groundwater", 1_500_000.0),
        Line("commercial", "surface", 900_000.0),
        Line("industrial", "recycled", 600_000.0),
        Line("municipal", "surface", 250_000.0),
        Line("agriculture", "rainwater", 50_000.0),
    ]
    result = totals(lines)
    assert result.total == sum(line.m3 for line in lines) == 7_300_000.0
    assert sum(result.by_sector.values()) == result.total
    assert sum(result.by_source.values()) == result.total
    assert result.by_sector["residential"] == 5_500_000.0
    assert result.by_source["surface"] == 5_150_000.0
    assert tuple(result.by_sector) == SECTORS
    assert tuple(result.by_source) == SOURCES


@given(
    st.lists(
        st.tuples(
            st.sampled_from(SECTORS),
            st.sampled_from(SOURCES),
            st.floats(min_value=0, max_value=1e9, allow_nan=False),
        ),
        max_size=30,
    )
)
def test_every_breakdown_adds_up_to_the_total(rows):
    result = totals(Line(*row) for row in rows)
    assert math.isclose(sum(result.by_sector.values()), result.total, rel_tol=1e-9, abs_tol=1e-6)
    assert math.isclose(sum(result.by_source.values()), result.total, rel_tol=1e-9, abs_tol=1e-6)
    assert math.isclose(
        sum(result.by_sector_and_source.values()), result.total, rel_tol=1e-9, abs_tol=1e-6
    )


def test_an_unknown_sector_or_source_is_refused():
    with pytest.raises(WaterError, match="'households' is not a user sector"):
        totals([Line("households", "surface", 1.0)])
    with pytest.raises(WaterError, match="'river' is not a source"):
        totals([Line("residential", "river", 1.0)])


def test_litres_per_person_and_day_worked_example():
    # 7,300,000 m³ for 100,000 people in 2023 (365 days):
    # 7,300,000 × 1,000 l / 100,000 / 365 = 200 l per person and day.
    assert litres_per_person_day(7_300_000, 100_000, 2023) == pytest.approx(200.0)
    # 2024 is a leap year: 7,320,000,000 l / 100,000 / 366 = 200.
    assert days_in(2024) == 366
    assert litres_per_person_day(7_320_000, 100_000, 2024) == pytest.approx(200.0)
    with pytest.raises(WaterError, match="at least 1"):
        litres_per_person_day(1.0, 0, 2023)


def test_the_iwa_water_balance_worked_example():
    # System input 10,000,000 m³; billed 7,000,000; unbilled authorised 200,000;
    # apparent losses 300,000. Water losses = 10,000,000 − 7,200,000 = 2,800,000;
    # real losses = 2,800,000 − 300,000 = 2,500,000; non-revenue water =
    # 10,000,000 − 7,000,000 = 3,000,000, 30 % of the system input.
    balance = WaterBalance(10_000_000, 7_000_000, 200_000, 300_000)
    assert balance.authorised == 7_200_000
    assert balance.water_losses == 2_800_000
    assert balance.real_losses == 2_500_000
    assert balance.non_revenue == 3_000_000
    assert balance.non_revenue_percent == pytest.approx(30.0)
    # The balance closes: input = authorised + apparent + real losses.
    assert balance.system_input == balance.authorised + 300_000 + balance.real_losses
    assert WaterBalance(100, 80).real_losses is None


@pytest.mark.parametrize(
    ("terms", "about"),
    [
        ((100, 90, 20), "billed"),  # authorised above the input
        ((100, 80, 0, 30), "apparent_losses"),  # apparent above the 20 lost
        ((0, 0), "system_input"),
        ((math.nan, 1), "system_input"),
        ((100, -1), "billed"),
    ],
)
def test_an_impossible_water_balance_is_refused(terms, about):
    with pytest.raises(WaterError) as refused:
        WaterBalance(*terms)
    assert refused.value.about == about


def test_the_default_energy_intensity_is_epris_for_surface_water():
    # EPRI 1006787 (2002): 1,406 kWh per million US gallons; a million gallons
    # is 3,785.411784 m³ (NIST SP 811), so 1,406 / 3,785.411784 = 0.37143 kWh / m³.
    assert pytest.approx(0.371426, rel=1e-5) == DEFAULT_ENERGY_INTENSITY_KWH_PER_M3
    assert "EPRI" in DEFAULT_ENERGY_INTENSITY_SOURCE and "1,406" in DEFAULT_ENERGY_INTENSITY_SOURCE


def test_the_benefit_of_an_action_worked_example():
    # 100,000 m³ a year saved × 0.3714 kWh / m³ (EPRI 2002) = 37,142.6 kWh;
    # on a grid of 0.38 kg CO2 / kWh (380 kg / MWh): 37,142.6 × 0.38 = 14,114.2 kg.
    result = benefit(100_000, DEFAULT_ENERGY_INTENSITY_KWH_PER_M3, 0.38)
    assert result.m3 == 100_000
    assert result.kwh == pytest.approx(37_142.59, rel=1e-6)
    assert result.kg_co2e == pytest.approx(14_114.18, rel=1e-6)
    # Independently: gallons saved × EPRI's kWh per gallon × the grid factor.
    gallons = 100_000 / 3.785411784e-3
    assert result.kg_co2e == pytest.approx(gallons * 1406 / 1e6 * 0.38, rel=1e-12)


def test_a_benefit_without_a_grid_factor_has_no_emissions_figure():
    result = benefit(1_000, 3.5)  # seawater desalination, own figure
    assert result.kwh == 3_500
    assert result.kg_co2e is None


@pytest.mark.parametrize(
    ("args", "about"),
    [
        ((-5, 0.4, 0.5), "m3_saved"),
        ((math.inf, 0.4, 0.5), "m3_saved"),
        ((MAX_VOLUME_M3 * 2, 0.4, 0.5), "m3_saved"),
        ((5, math.nan, 0.5), "energy_intensity"),
        ((5, 1000, 0.5), "energy_intensity"),
        ((5, 0.4, -0.1), "grid_factor"),
        ((5, 0.4, 50), "grid_factor"),
    ],
)
def test_bad_benefit_figures_are_refused(args, about):
    with pytest.raises(WaterError) as refused:
        benefit(*args)
    assert refused.value.about == about


def test_progress_towards_a_target():
    # From 180 to 150 l / person / day; at 165 half way.
    assert progress(180, 150, 165) == pytest.approx(0.5)
    assert progress(180, 150, 190) == pytest.approx(-1 / 3)
    assert progress(10, 10, 12) is None


def test_the_quality_vocabulary_names_the_who_guideline_values():
    # WHO Guidelines for Drinking-water Quality, 4th ed. + 1st addendum (2017):
    # nitrate 50 mg/l, nitrite 3, arsenic 0.01, fluoride 1.5, lead 0.01; E. coli
    # not detectable in 100 ml.
    indicators = quality_indicators()
    expected = {"nitrate": 50, "nitrite": 3, "arsenic": 0.01, "fluoride": 1.5, "lead": 0.01}
    for key, value in expected.items():
        assert indicators[key].guideline == value
        assert indicators[key].unit == "mg / l"
        assert "WHO Guidelines for Drinking-water Quality" in indicators[key].source
    assert indicators["e_coli"].guideline == 0
    assert indicators["compliant_share"].guideline is None
    assert indicators["nitrate"].complies(49.9) is True
    assert indicators["nitrate"].complies(50.1) is False
    assert indicators["compliant_share"].complies(12) is None


@pytest.mark.parametrize(
    ("key", "value", "about"),
    [
        ("chlorophyll", 1.0, "indicator"),
        ("compliant_share", 101.0, "value"),
        ("nitrate", -1.0, "value"),
        ("nitrate", math.nan, "value"),
    ],
)
def test_bad_quality_values_are_refused(key, value, about):
    with pytest.raises(WaterError) as refused:
        check_quality(key, value)
    assert refused.value.about == about
