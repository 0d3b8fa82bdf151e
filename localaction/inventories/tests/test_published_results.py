"""The platform reproduces a published tool's validated results.

US EPA, GHG Emission Factors Hub (the factors behind EPA's Simplified GHG
Emissions Calculator), Table 1 "Stationary Combustion" and Table 2 "Mobile
Combustion CO2": each fuel's heat content and kg CO2 per mmBtu, and the
per-unit results EPA publishes from them, rounded as published. The lines go
through the whole platform path (services → units → core), in US units.
"""

import pytest

from localaction.core.units import multiplier
from localaction.inventories.models import Inventory
from localaction.inventories.services import LineData, inventory_replace_lines

pytestmark = pytest.mark.django_db

# fuel, heat content (mmBtu per unit), kg CO2 per mmBtu, g CH4 and g N2O per
# mmBtu, unit, and EPA's published kg CO2 and g CH4 per unit.
EPA_HUB = [
    ("natural gas", 1.026, "MMBtu/Mscf", 53.06, 1.0, 0.10, "scf", 0.05444, 0.00103),
    ("motor gasoline", 0.125, "MMBtu/gallon", 70.22, None, None, "gallon", 8.78, None),
    ("diesel fuel", 0.138, "MMBtu/gallon", 73.96, None, None, "gallon", 10.21, None),
]


@pytest.mark.parametrize(
    "fuel, heat, heat_unit, co2, ch4_g, n2o_g, unit, published_co2_kg, published_ch4_g",
    EPA_HUB,
)
def test_epa_emission_factors_hub_per_unit_results(
    cast, fuel, heat, heat_unit, co2, ch4_g, n2o_g, unit, published_co2_kg, published_ch4_g
):
    inventory = Inventory.objects.create(local_government=cast.freiburg, year=2023)
    factors = {"CO2": co2}
    if ch4_g is not None:
        factors |= {"CH4": ch4_g / 1000, "N2O": n2o_g / 1000}
    inventory_replace_lines(
        inventory=inventory,
        lines=[
            LineData(
                "I.2.1",
                activity=fuel,
                amount=1_000_000,
                unit=unit,
                ef_kg=factors,
                ef_unit="kg/MMBtu",
                ncv=heat,
                ncv_unit=heat_unit,
            )
        ],
    )
    gases = inventory.lines.get().gases_kg
    # Published to four significant figures: agree within half the last digit.
    per_unit_co2 = gases["CO2"] / 1_000_000
    assert per_unit_co2 == pytest.approx(
        published_co2_kg, abs=0.5 * 10 ** -_decimals(published_co2_kg)
    )
    if published_ch4_g is not None:
        per_unit_ch4_g = gases["CH4"] * 1000 / 1_000_000
        assert per_unit_ch4_g == pytest.approx(
            published_ch4_g, abs=0.5 * 10 ** -_decimals(published_ch4_g)
        )


def _decimals(value: float) -> int:
    return len(repr(value).split(".")[1])


def test_a_standard_cubic_foot_is_a_normal_volume():
    # 1 scf (60 °F, 14.696 psia) = 0.0283168 m3 × 273.15/288.706 = 0.0267903 Nm3 (0 °C).
    assert multiplier("Mscf", "Nm3") == pytest.approx(26.7903)
