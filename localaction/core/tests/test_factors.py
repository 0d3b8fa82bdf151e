"""The IPCC 2006 default emission-factor library against the published tables.

Reference values are transcribed from the 2006 IPCC Guidelines for National
Greenhouse Gas Inventories, Volume 2 (Energy); each group names its table. All
factors are kg of gas per TJ of fuel on a net calorific basis; calorific values
are TJ/Gg. The tables print round figures, so comparisons are exact.
"""

import re
from collections import defaultdict

import pytest

from localaction.core.factors import (
    CATEGORIES,
    GASES,
    CalorificValue,
    DefaultFactor,
    UnknownFactorError,
    default_factor,
    ipcc2006_calorific_values,
    ipcc2006_factors,
)

STATIONARY = ("energy_industries", "manufacturing", "commercial", "residential")
TABLE_OF_CATEGORY = {
    "energy_industries": "IPCC 2006 GL Vol.2 Ch.2 Table 2.2",
    "manufacturing": "IPCC 2006 GL Vol.2 Ch.2 Table 2.3",
    "commercial": "IPCC 2006 GL Vol.2 Ch.2 Table 2.4",
    "residential": "IPCC 2006 GL Vol.2 Ch.2 Table 2.5",
}
BIOMASS = {"wood_wood_waste", "charcoal"}
COALS = ("anthracite", "coking_coal", "other_bituminous_coal", "sub_bituminous_coal", "lignite")
LIQUID_OILS = (
    "gas_diesel_oil",
    "motor_gasoline",
    "residual_fuel_oil",
    "other_kerosene",
    "jet_kerosene",
)

REFERENCE_FACTORS = [
    # IPCC 2006 GL Vol.2 Ch.2 Table 2.2 (energy industries)
    ("energy_industries", "natural_gas", "CO2", 56_100),
    ("energy_industries", "natural_gas", "CH4", 1),
    ("energy_industries", "natural_gas", "N2O", 0.1),
    ("energy_industries", "residual_fuel_oil", "CO2", 77_400),
    ("energy_industries", "residual_fuel_oil", "CH4", 3),
    ("energy_industries", "residual_fuel_oil", "N2O", 0.6),
    ("energy_industries", "lpg", "CH4", 1),
    ("energy_industries", "lpg", "N2O", 0.1),
    ("energy_industries", "other_bituminous_coal", "CO2", 94_600),
    ("energy_industries", "other_bituminous_coal", "CH4", 1),
    ("energy_industries", "other_bituminous_coal", "N2O", 1.5),
    ("energy_industries", "lignite", "CO2", 101_000),
    ("energy_industries", "wood_wood_waste", "CH4", 30),
    ("energy_industries", "wood_wood_waste", "N2O", 4),
    # IPCC 2006 GL Vol.2 Ch.2 Table 2.3 (manufacturing industries and construction)
    ("manufacturing", "natural_gas", "CH4", 1),
    ("manufacturing", "natural_gas", "N2O", 0.1),
    ("manufacturing", "gas_diesel_oil", "CO2", 74_100),
    ("manufacturing", "gas_diesel_oil", "CH4", 3),
    ("manufacturing", "gas_diesel_oil", "N2O", 0.6),
    ("manufacturing", "coking_coal", "CO2", 94_600),
    ("manufacturing", "coking_coal", "CH4", 10),
    ("manufacturing", "coking_coal", "N2O", 1.5),
    ("manufacturing", "sub_bituminous_coal", "CO2", 96_100),
    ("manufacturing", "wood_wood_waste", "CH4", 30),
    # IPCC 2006 GL Vol.2 Ch.2 Table 2.4 (commercial/institutional)
    ("commercial", "natural_gas", "CH4", 5),
    ("commercial", "natural_gas", "N2O", 0.1),
    ("commercial", "other_kerosene", "CO2", 71_900),
    ("commercial", "other_kerosene", "CH4", 10),
    ("commercial", "other_kerosene", "N2O", 0.6),
    ("commercial", "lpg", "CO2", 63_100),
    ("commercial", "lpg", "CH4", 5),
    ("commercial", "anthracite", "CO2", 98_300),
    ("commercial", "anthracite", "CH4", 10),
    ("commercial", "anthracite", "N2O", 1.5),
    ("commercial", "wood_wood_waste", "CH4", 300),
    ("commercial", "charcoal", "N2O", 1),
    # IPCC 2006 GL Vol.2 Ch.2 Table 2.5 (residential; agriculture/forestry/fishing)
    ("residential", "natural_gas", "CO2", 56_100),
    ("residential", "natural_gas", "CH4", 5),
    ("residential", "natural_gas", "N2O", 0.1),
    ("residential", "gas_diesel_oil", "CH4", 10),
    ("residential", "gas_diesel_oil", "N2O", 0.6),
    ("residential", "lpg", "CH4", 5),
    ("residential", "lpg", "N2O", 0.1),
    ("residential", "jet_kerosene", "CO2", 71_500),
    ("residential", "other_bituminous_coal", "CH4", 300),
    ("residential", "other_bituminous_coal", "N2O", 1.5),
    ("residential", "lignite", "CH4", 300),
    ("residential", "wood_wood_waste", "CO2", 112_000),
    ("residential", "wood_wood_waste", "CH4", 300),
    ("residential", "wood_wood_waste", "N2O", 4),
    ("residential", "charcoal", "CH4", 200),
    # IPCC 2006 GL Vol.2 Ch.3 Table 3.2.1 (road transport, CO2)
    ("road_transport", "motor_gasoline", "CO2", 69_300),
    ("road_transport", "gas_diesel_oil", "CO2", 74_100),
    ("road_transport", "lpg", "CO2", 63_100),
    ("road_transport", "natural_gas", "CO2", 56_100),
    # IPCC 2006 GL Vol.2 Ch.3 Table 3.2.2 (road transport, CH4 and N2O)
    ("road_transport", "motor_gasoline", "CH4", 33),  # row "Motor Gasoline - Uncontrolled"
    ("road_transport", "motor_gasoline", "N2O", 3.2),
    ("road_transport", "gas_diesel_oil", "CH4", 3.9),
    ("road_transport", "gas_diesel_oil", "N2O", 3.9),
    ("road_transport", "natural_gas", "CH4", 92),
    ("road_transport", "natural_gas", "N2O", 3),
    ("road_transport", "lpg", "CH4", 62),
    ("road_transport", "lpg", "N2O", 0.2),
]

# IPCC 2006 GL Vol.2 Ch.1 Table 1.2, TJ/Gg: (default, lower, upper)
REFERENCE_CALORIFIC_VALUES = [
    ("natural_gas", 48.0, 46.5, 50.4),
    ("gas_diesel_oil", 43.0, 41.4, 43.3),
    ("motor_gasoline", 44.3, 42.5, 44.8),
    ("lpg", 47.3, 44.8, 52.2),
    ("residual_fuel_oil", 40.4, 39.8, 41.7),
    ("other_kerosene", 43.8, 42.4, 45.2),
    ("jet_kerosene", 44.1, 42.0, 45.0),
    ("anthracite", 26.7, 21.6, 32.2),
    ("coking_coal", 28.2, 24.0, 31.0),
    ("other_bituminous_coal", 25.8, 19.9, 30.5),
    ("sub_bituminous_coal", 18.9, 11.5, 26.0),
    ("lignite", 11.9, 5.5, 21.6),
    ("wood_wood_waste", 15.6, 7.9, 31.0),
    ("charcoal", 29.5, 14.9, 58.0),
]

# IPCC 2006 GL Vol.2 Ch.1 Table 1.4, repeated in Tables 2.2-2.5 and 3.2.1, kg/TJ:
# CO2 (default, lower, upper)
REFERENCE_CO2_INTERVALS = [
    ("natural_gas", 56_100, 54_300, 58_300),
    ("gas_diesel_oil", 74_100, 72_600, 74_800),
    ("motor_gasoline", 69_300, 67_500, 73_000),
    ("residual_fuel_oil", 77_400, 75_500, 78_800),
    ("other_bituminous_coal", 94_600, 89_500, 99_700),
    ("lignite", 101_000, 90_900, 115_000),
    ("wood_wood_waste", 112_000, 95_000, 132_000),
]


@pytest.mark.parametrize(("category", "fuel", "gas", "expected"), REFERENCE_FACTORS)
def test_factor_matches_the_published_table(category, fuel, gas, expected):
    factor = default_factor(category, fuel, gas)
    assert factor.value == expected
    assert factor.unit == "kg/TJ"


@pytest.mark.parametrize(("fuel", "expected", "lower", "upper"), REFERENCE_CALORIFIC_VALUES)
def test_calorific_value_matches_table_1_2(fuel, expected, lower, upper):
    calorific_value = ipcc2006_calorific_values()[fuel]
    assert (calorific_value.value, calorific_value.lower, calorific_value.upper) == (
        expected,
        lower,
        upper,
    )
    assert calorific_value.unit == "TJ/Gg"
    assert calorific_value.source == "IPCC 2006 GL Vol.2 Ch.1 Table 1.2"


@pytest.mark.parametrize(("fuel", "expected", "lower", "upper"), REFERENCE_CO2_INTERVALS)
@pytest.mark.parametrize("category", STATIONARY)
def test_co2_confidence_interval_matches_the_published_table(
    category, fuel, expected, lower, upper
):
    factor = default_factor(category, fuel, "CO2")
    assert (factor.value, factor.lower, factor.upper) == (expected, lower, upper)


def test_the_reference_table_covers_every_category_and_gas():
    assert {category for category, *_ in REFERENCE_FACTORS} == set(CATEGORIES)
    assert {gas for _, _, gas, _ in REFERENCE_FACTORS} == set(GASES)


def test_the_library_covers_the_common_fuels_in_every_stationary_category():
    common = {
        "natural_gas",
        "gas_diesel_oil",
        "motor_gasoline",
        "lpg",
        "residual_fuel_oil",
        "other_kerosene",
        *COALS,
    }
    for category in STATIONARY:
        fuels = {factor.fuel for factor in ipcc2006_factors() if factor.category == category}
        assert common <= fuels, category


def test_every_fuel_has_each_gas_once_in_every_category_it_appears_in():
    gases_by_fuel = defaultdict(list)
    for factor in ipcc2006_factors():
        gases_by_fuel[factor.category, factor.fuel].append(factor.gas)
    for (category, fuel), gases in gases_by_fuel.items():
        assert sorted(gases) == sorted(GASES), (category, fuel)


def test_every_stationary_fuel_appears_in_all_four_stationary_tables():
    fuels_by_category = {
        category: {factor.fuel for factor in ipcc2006_factors() if factor.category == category}
        for category in STATIONARY
    }
    assert len({frozenset(fuels) for fuels in fuels_by_category.values()}) == 1


def test_co2_depends_on_the_fuel_only():
    # Tier 1 CO2 follows the carbon content of the fuel, not the technology,
    # so every table repeats the Table 1.4 value.
    co2_by_fuel = defaultdict(set)
    for factor in ipcc2006_factors():
        if factor.gas == "CO2":
            co2_by_fuel[factor.fuel].add((factor.value, factor.lower, factor.upper))
    for fuel, values in co2_by_fuel.items():
        assert len(values) == 1, fuel


@pytest.mark.parametrize("category", STATIONARY)
def test_fuels_of_a_kind_share_their_non_co2_factors(category):
    # The stationary tables give one CH4/N2O pair to all liquid oil products
    # (LPG apart) and one to all coals; a stray typo would break the pattern.
    for group in (LIQUID_OILS, COALS):
        pairs = {
            (
                default_factor(category, fuel, "CH4").value,
                default_factor(category, fuel, "N2O").value,
            )
            for fuel in group
        }
        assert len(pairs) == 1, (category, group)


def test_every_row_cites_the_table_of_its_category():
    for factor in ipcc2006_factors():
        if factor.category == "road_transport":
            table = "3.2.1" if factor.gas == "CO2" else "3.2.2"
            assert factor.source == f"IPCC 2006 GL Vol.2 Ch.3 Table {table}", factor.code
        else:
            assert factor.source == TABLE_OF_CATEGORY[factor.category], factor.code


def test_road_transport_notes_say_which_row_of_table_3_2_2_was_chosen():
    gasoline = default_factor("road_transport", "motor_gasoline", "CH4")
    assert "Uncontrolled" in gasoline.note
    for factor in ipcc2006_factors():
        if factor.category == "road_transport" and factor.gas != "CO2":
            assert factor.note.startswith("Table 3.2.2 row"), factor.code


def test_codes_are_unique_and_spell_out_what_the_factor_is():
    factors = ipcc2006_factors()
    assert len({factor.code for factor in factors}) == len(factors)
    for factor in factors:
        kind = "mobile" if factor.category == "road_transport" else "stationary"
        assert factor.code == f"ipcc2006:{kind}:{factor.category}:{factor.fuel}:{factor.gas}"


def test_only_co2_from_biomass_is_biogenic():
    for factor in ipcc2006_factors():
        expected = factor.fuel in BIOMASS and factor.gas == "CO2"
        assert factor.is_biogenic is expected, factor.code
    assert {f.fuel for f in ipcc2006_factors() if f.is_biogenic} == BIOMASS


def test_units_and_values_are_well_formed():
    for factor in ipcc2006_factors():
        assert factor.unit == "kg/TJ", factor.code
        assert factor.category in CATEGORIES
        assert factor.gas in GASES
        assert factor.value > 0
        if factor.lower is not None or factor.upper is not None:
            assert factor.lower is not None and factor.upper is not None
            assert factor.lower <= factor.value <= factor.upper, factor.code
    for calorific_value in ipcc2006_calorific_values().values():
        assert calorific_value.unit == "TJ/Gg"
        assert calorific_value.lower is not None and calorific_value.upper is not None
        assert calorific_value.lower <= calorific_value.value <= calorific_value.upper


def test_every_fuel_has_a_calorific_value_so_mass_converts_to_energy():
    calorific_values = ipcc2006_calorific_values()
    for factor in ipcc2006_factors():
        assert factor.fuel in calorific_values, factor.fuel
        assert calorific_values[factor.fuel].fuel_name == factor.fuel_name, factor.code
    assert all(key == value.fuel for key, value in calorific_values.items())


def test_factors_and_calorific_values_are_immutable_records():
    factor = ipcc2006_factors()[0]
    assert isinstance(factor, DefaultFactor)
    with pytest.raises(AttributeError):
        factor.value = 0
    calorific_value = ipcc2006_calorific_values()["natural_gas"]
    assert isinstance(calorific_value, CalorificValue)
    with pytest.raises(AttributeError):
        calorific_value.value = 0


def test_loading_is_cached_but_callers_cannot_change_the_library():
    assert ipcc2006_factors() is ipcc2006_factors()
    ipcc2006_calorific_values().pop("natural_gas")
    assert "natural_gas" in ipcc2006_calorific_values()


@pytest.mark.parametrize(
    ("category", "fuel", "gas", "message"),
    [
        ("residental", "natural_gas", "CH4", r"category 'residental'.*residential"),
        ("residential", "natural_gaz", "CH4", r"fuel 'natural_gaz' in residential.*natural_gas"),
        ("road_transport", "anthracite", "CO2", r"fuel 'anthracite' in road_transport"),
        ("residential", "natural_gas", "SF6", r"gas 'SF6'.*CO2, CH4, N2O"),
        ("residential", "natural_gas", "ch4", r"gas 'ch4'"),
    ],
)
def test_unknown_lookups_say_what_is_known(category, fuel, gas, message):
    with pytest.raises(UnknownFactorError, match=message) as raised:
        default_factor(category, fuel, gas)
    assert isinstance(raised.value, LookupError)


def test_sources_name_a_volume_chapter_and_table():
    pattern = re.compile(r"IPCC 2006 GL Vol\.2 Ch\.(\d) Table \1\.\d+(\.\d+)?")
    sources = [factor.source for factor in ipcc2006_factors()]
    sources += [value.source for value in ipcc2006_calorific_values().values()]
    assert all(pattern.fullmatch(source) for source in sources)
