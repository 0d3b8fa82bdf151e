"""The default emission-factor library as the platform loads it."""

import pytest

from localaction.inventories.models import EmissionFactor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "code, kg_per_tj",
    [
        # IPCC 2006 GL Vol.2 Ch.2 Table 2.5 (residential)
        ("ipcc2006:stationary:residential:natural_gas", {"CO2": 56100, "CH4": 5, "N2O": 0.1}),
        # IPCC 2006 GL Vol.2 Ch.2 Table 2.2 (energy industries)
        (
            "ipcc2006:stationary:energy_industries:other_bituminous_coal",
            {"CO2": 94600, "CH4": 1, "N2O": 1.5},
        ),
        # IPCC 2006 GL Vol.2 Ch.3 Tables 3.2.1 and 3.2.2 (road transport)
        ("ipcc2006:mobile:road_transport:gas_diesel_oil", {"CO2": 74100, "CH4": 3.9, "N2O": 3.9}),
    ],
)
def test_ipcc_defaults_are_loaded_per_fuel_and_category(code, kg_per_tj):
    factor = EmissionFactor.objects.get(code=code)
    assert factor.unit == "TJ"
    assert factor.kg_per_unit == pytest.approx(kg_per_tj)
    assert factor.level == "default"
    assert "IPCC 2006" in factor.source


def test_a_fuel_carries_its_calorific_value():
    # IPCC 2006 GL Vol.2 Ch.1 Table 1.2: natural gas 48.0 TJ/Gg.
    factor = EmissionFactor.objects.get(code="ipcc2006:stationary:residential:natural_gas")
    assert (factor.ncv, factor.ncv_unit) == (48.0, "TJ/Gg")


def test_biogenic_co2_is_kept_apart():
    # IPCC 2006 GL Vol.2 Ch.2 Table 2.5: wood 112,000 kg CO2/TJ, reported separately.
    factor = EmissionFactor.objects.get(code="ipcc2006:stationary:residential:wood_wood_waste")
    assert "CO2" not in factor.kg_per_unit
    assert factor.biogenic_co2_kg_per_unit == 112_000
