"""Units: one registry, readable errors, conversions through calorific values."""

import math

import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from localaction.core import units
from localaction.core.units import (
    Amount,
    UnitError,
    dimension,
    emission_multiplier,
    multiplier,
    parse_unit,
)

DIESEL_NCV = Amount(43.0, "TJ/Gg")  # IPCC 2006 Vol. 2 Table 1.2, gas/diesel oil
DIESEL_DENSITY = Amount(0.84, "kg/l")


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("t", "a mass"),
        ("tonne", "a mass"),
        ("kt", "a mass"),
        ("Gg", "a mass"),
        ("kWh", "an energy"),
        ("MWh", "an energy"),
        ("GWh", "an energy"),
        ("GJ", "an energy"),
        ("TJ", "an energy"),
        ("m3", "a volume"),
        ("m³", "a volume"),
        ("l", "a volume"),
        ("L", "a volume"),
        ("Nm3", "a volume of gas at normal conditions"),
        ("Nm³", "a volume of gas at normal conditions"),
        ("km", "a distance"),
        ("vkm", "a distance"),
        ("pkm", "a distance"),
        ("unit", "a count"),
        ("head", "a count"),
        ("TJ/Gg", "an energy per mass"),
        ("kg/l", "a mass per volume"),
    ],
)
def test_platform_units_parse_with_their_dimension(text, measures):
    assert dimension(text) == measures


def test_a_misspelt_unit_is_named_in_the_error():
    with pytest.raises(UnitError, match=r"^'kwhh' is not a unit$"):
        parse_unit("kwhh")


def test_a_unit_in_the_wrong_case_gets_a_suggestion():
    with pytest.raises(UnitError, match=r"'kwh' is not a unit; did you mean 'kWh'\?"):
        parse_unit("kwh")


@pytest.mark.parametrize("text", ["", "  ", "2 kg", "kg CO2"])
def test_text_that_is_no_unit_is_refused(text):
    with pytest.raises(UnitError):
        parse_unit(text)


def test_kt_is_a_kilotonne_not_a_knot():
    assert multiplier("kt", "t") == 1000


def test_the_platform_adds_units_without_redefining_pint_s_apart_from_kt():
    registry = pint.UnitRegistry(on_redefinition="raise")
    for definition in units._DEFINITIONS:
        if not definition.startswith("kilotonne"):
            registry.define(definition)


@pytest.mark.parametrize(
    ("amount_unit", "to_unit", "factor"),
    [
        ("MWh", "GJ", 3.6),
        ("kWh", "MJ", 3.6),
        ("GWh", "TJ", 3.6),
        ("TJ", "GJ", 1000),
        ("toe", "GJ", 41.868),  # IEA: 1 tonne of oil equivalent = 41.868 GJ
        ("t", "kg", 1000),
        ("Gg", "t", 1000),
        ("kt", "Gg", 1),
        ("m3", "l", 1000),
        ("m³", "L", 1000),
        ("km", "m", 1000),
        ("vkm", "km", 1),
        ("head", "unit", 1),
    ],
)
def test_multiplier_reference_conversions(amount_unit, to_unit, factor):
    assert multiplier(amount_unit, to_unit) == pytest.approx(factor, rel=1e-12)


def test_mass_of_fuel_reaches_energy_through_its_calorific_value():
    # 10,000 t of diesel = 10 Gg × 43.0 TJ/Gg = 430 TJ.
    assert 10_000 * multiplier("t", "TJ", ncv=DIESEL_NCV) == pytest.approx(430, rel=1e-12)


def test_volume_of_fuel_reaches_energy_through_density_and_calorific_value():
    # 1,000,000 l × 0.84 kg/l = 840 t = 0.84 Gg; × 43.0 TJ/Gg = 36.12 TJ.
    per_litre = multiplier("l", "TJ", ncv=DIESEL_NCV, density=DIESEL_DENSITY)
    assert 1_000_000 * per_litre == pytest.approx(36.12, rel=1e-12)


def test_a_calorific_value_per_volume_needs_no_density():
    # 1,000 Nm3 of natural gas × 38 MJ/Nm3 = 38 GJ.
    assert 1000 * multiplier("Nm3", "GJ", ncv=Amount(38, "MJ/Nm3")) == pytest.approx(38)


def test_a_calorific_value_is_not_used_when_units_already_agree():
    assert multiplier("MWh", "GJ", ncv=DIESEL_NCV) == pytest.approx(3.6)


def test_the_wrong_dimension_names_both_units_and_their_dimensions():
    with pytest.raises(
        UnitError,
        match=r"^'km' is a distance but 'kWh' is an energy: a unit of the wrong dimension$",
    ) as caught:
        multiplier("km", "kWh")
    assert caught.value.about is None


def test_mass_based_fuel_needs_a_net_calorific_value():
    with pytest.raises(UnitError, match=r"^mass-based fuel needs a net calorific value") as caught:
        multiplier("t", "TJ")
    assert caught.value.about == "ncv"


def test_volume_based_fuel_with_a_calorific_value_per_mass_needs_a_density():
    with pytest.raises(UnitError, match=r"^volume-based fuel needs a density") as caught:
        multiplier("l", "TJ", ncv=DIESEL_NCV)
    assert caught.value.about == "density"


def test_normal_cubic_metres_are_not_cubic_metres():
    with pytest.raises(UnitError, match="wrong dimension"):
        multiplier("m3", "Nm3")


@pytest.mark.parametrize(
    ("ncv", "message", "about"),
    [
        (Amount(43.0, "kg"), r"'kg' is not a unit of net calorific value", "ncv_unit"),
        (Amount(-43.0, "TJ/Gg"), r"a net calorific value must be a positive number", "ncv"),
        (Amount(math.nan, "TJ/Gg"), r"a net calorific value must be a positive number", "ncv"),
        (Amount(43.0, "TJ/Ggg"), r"'TJ/Ggg' is not a unit", "ncv_unit"),
    ],
)
def test_a_bad_calorific_value_is_refused(ncv, message, about):
    with pytest.raises(UnitError, match=message) as caught:
        multiplier("t", "TJ", ncv=ncv)
    assert caught.value.about == about


@pytest.mark.parametrize(
    ("activity_unit", "factor_unit", "kg"),
    [
        ("GJ", "kg/TJ", 0.001),  # 1 GJ × 1 kg/TJ = 0.001 kg
        ("MWh", "t/MWh", 1000),
        ("kWh", "kg/MWh", 0.001),
        ("km", "g/km", 0.001),
        ("head", "kg/head", 1),
        ("t", "kg/t", 1),
        ("m3", "kg/m3", 1),
    ],
)
def test_emission_multiplier_gives_kg_per_unit_of_activity_and_factor(
    activity_unit, factor_unit, kg
):
    assert emission_multiplier(activity_unit, factor_unit) == pytest.approx(kg, rel=1e-12)


def test_emission_multiplier_goes_through_the_calorific_value():
    # 1 t diesel = 0.043 TJ; at 74,100 kg CO2/TJ that is 3,186.3 kg CO2.
    per_tonne = emission_multiplier("t", "kg/TJ", ncv=DIESEL_NCV)
    assert per_tonne * 74_100 == pytest.approx(3186.3, rel=1e-12)


def test_a_factor_of_the_wrong_dimension_is_named():
    with pytest.raises(
        UnitError,
        match=r"^'km' is a distance but the factor 'kg/TJ' is per energy: a unit of the wrong",
    ):
        emission_multiplier("km", "kg/TJ")


UNITS_BY_DIMENSION = [
    ["g", "kg", "t", "kt", "Mt", "Gg", "lb"],
    ["J", "kJ", "MJ", "GJ", "TJ", "PJ", "Wh", "kWh", "MWh", "GWh", "toe", "therm"],
    ["l", "L", "m3", "m³", "gal", "ml"],
    ["m", "km", "vkm", "pkm", "mi"],
    ["unit", "head", "item"],
]
SAME_DIMENSION = st.sampled_from(UNITS_BY_DIMENSION).flatmap(
    lambda group: st.tuples(*[st.sampled_from(group)] * 3)
)
AMOUNTS = st.floats(min_value=1e-9, max_value=1e12, allow_nan=False, allow_infinity=False)


@given(units=SAME_DIMENSION, amount=AMOUNTS)
def test_units_round_trip(units, amount):
    a, b, _ = units
    assert amount * multiplier(a, b) * multiplier(b, a) == pytest.approx(amount, rel=1e-12)


@given(units=SAME_DIMENSION)
def test_conversions_chain(units):
    a, b, c = units
    assert multiplier(a, b) * multiplier(b, c) == pytest.approx(multiplier(a, c), rel=1e-12)


@given(
    mass=st.sampled_from(UNITS_BY_DIMENSION[0]),
    energy=st.sampled_from(UNITS_BY_DIMENSION[1]),
    ncv=st.floats(min_value=1, max_value=100),
)
def test_the_calorific_value_bridge_is_mass_times_ncv(mass, energy, ncv):
    bridged = multiplier(mass, energy, ncv=Amount(ncv, "TJ/Gg"))
    by_hand = multiplier(mass, "Gg") * ncv * multiplier("TJ", energy)
    assert bridged == pytest.approx(by_hand, rel=1e-12)
    assert bridged * multiplier(energy, mass, ncv=Amount(ncv, "TJ/Gg")) == pytest.approx(1)
