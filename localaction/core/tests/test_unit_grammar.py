"""Units are read by a bounded grammar: what an editor types can cost no more
than its length, and every refusal is a UnitError naming the unit.

The probe of issue 11 sent these as units: "10**10**7" cost 17 s of CPU when
pint evaluated it as an expression, and "$", "1/0", "kg**0", "(kg" escaped
pint's parser as AssertionError, ZeroDivisionError, KeyError or TokenError.
"""

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localaction.core import units
from localaction.core.factors import ipcc2006_calorific_values, ipcc2006_factors
from localaction.core.units import MAX_LENGTH, UnitError, parse_unit, unit_syntax

ATTACKS = [
    "10**10**7",
    "10**10**10**10",
    "$",
    "1/0",
    "kg**0",
    "(kg",
    "kg)",
    "kg**99",
    "kg**4**4",
    "(kg**4)**4",
    "kg**-5",
    "kg**1.5",
    "((((kg))))",
    "(" * 40 + "kg" + ")" * 40,
    "kg" + "*kg" * 20,
    "x" * 10_000,
    "kg/",
    "*kg",
    "kg//m",
    "2 kg",
    "__import__('os')",
    "kg;m",
    "kg\x00",
]


@pytest.fixture
def pint_lookups(monkeypatch):
    """How many unit names reach pint, counted from a fresh cache."""
    looked_up: list[str] = []
    looked = units._named_unit

    def counting(name: str) -> str:
        looked_up.append(name)
        return looked(name)

    monkeypatch.setattr(units, "_named_unit", counting)
    units._parse_unit.cache_clear()
    yield looked_up
    units._parse_unit.cache_clear()


@pytest.mark.parametrize("text", ATTACKS)
def test_a_unit_outside_the_grammar_is_refused_before_pint_sees_it(text, pint_lookups):
    with pytest.raises(UnitError) as caught:
        parse_unit(text)

    assert pint_lookups == []
    message = str(caught.value)
    assert message.startswith(f"'{text[:40]}")
    assert " is not a unit" in message
    assert caught.value.unit == text
    assert len(message) < 200


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("10**10**7", "'10' is a number where a unit name should be"),
        ("$", "'$' cannot be part of a unit"),
        ("1/0", "'1' is a number where a unit name should be"),
        ("kg**0", "a power is a whole number from -4 to 4 other than 0, not 0"),
        ("(kg", "a parenthesis is not closed"),
        ("kg**99", "not 99"),
        ("(kg**4)**4", "kg is raised to the power 16; powers go from -4 to 4"),
        ("((((kg))))", "parentheses nest at most 3 deep"),
        ("x" * 10_000, f"a unit is at most {MAX_LENGTH} characters (this has 10000)"),
    ],
)
def test_the_refusal_says_why(text, reason):
    with pytest.raises(UnitError, match=r"^'.*' is not a unit: ") as caught:
        parse_unit(text)
    assert reason in str(caught.value)


def test_an_unknown_name_is_looked_up_once_and_named(pint_lookups):
    with pytest.raises(UnitError, match=r"^'kg/MWhh' is not a unit$"):
        parse_unit("kg/MWhh")
    assert pint_lookups == ["kg", "MWhh"]


def test_a_unit_is_parsed_once(pint_lookups):
    assert parse_unit("kg/MWh") == parse_unit(" kg/MWh ")
    assert pint_lookups == ["kg", "MWh"]


# Every unit the platform's data, demo, documentation and tests use.
UNITS_IN_USE = [
    "kWh", "MWh", "GWh", "TWh", "GJ", "TJ", "PJ", "MJ", "J", "toe", "ktoe", "therm",
    "MMBtu", "t", "kt", "Mt", "Gg", "kg", "g", "lb", "m3", "m³", "Nm3", "Nm³", "scf",
    "Mscf", "l", "L", "ml", "gal", "km", "m", "mi", "vkm", "pkm", "tkm", "ha", "km2",
    "unit", "head", "item", "percent", "%", "m**3", "m^2", "kg/TJ", "kg/MWh", "kg/kWh",
    "t/MWh", "t/GWh", "g/kWh", "g/km", "kg/head", "kg/t", "kg/m3", "TJ/Gg", "MJ/Nm3",
    "kg/l", "kg/MMBtu", "kg/(TJ)", "t * km", "J / kg", "kg / Nm3", "kg*m**-3", "dimensionless",
]  # fmt: skip


@pytest.mark.parametrize("text", UNITS_IN_USE)
def test_the_units_in_use_still_parse(text):
    assert parse_unit(text) is not None


def test_the_ipcc_library_units_parse():
    written = {factor.unit for factor in ipcc2006_factors()}
    written |= {value.unit for value in ipcc2006_calorific_values().values()}
    for text in written:
        parse_unit(text)


@pytest.mark.parametrize(
    ("text", "structure"),
    [
        ("kg/m3", (("kg", 1), ("m3", -1))),
        ("t * km", (("t", 1), ("km", 1))),
        ("t km", (("t", 1), ("km", 1))),
        ("t·km", (("t", 1), ("km", 1))),
        ("kg/(TJ*m)", (("kg", 1), ("TJ", -1), ("m", -1))),
        ("m²", (("m", 2),)),
        ("m^-3", (("m", -3),)),
        ("(kg/m)**2", (("kg", 2), ("m", -2))),
    ],
)
def test_the_grammar_reads_products_quotients_and_powers(text, structure):
    assert unit_syntax(text) == structure


@given(st.text(max_size=80))
def test_any_text_is_a_unit_or_a_unit_error(text):
    # Nothing else escapes: no AssertionError, KeyError, TokenError, RecursionError.
    with contextlib.suppress(UnitError):
        parse_unit(text)
