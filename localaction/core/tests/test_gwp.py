"""GWP sets: published IPCC values, names as the globalwarmingpotentials package gives them."""

import globalwarmingpotentials
import numpy as np
import pytest

from localaction.core.gwp import (
    GASES,
    GWP_SETS,
    HFCS,
    PFCS,
    GWPError,
    gas,
    gwp_set,
    in_basket_order,
)

# The published 100-year GWPs, kg CO2e per kg. They are the rounded values of
# the tables, so the comparison is exact (tolerance 0).
SAR = "IPCC SAR WG1 (1995), as the GHG Protocol's 'Global Warming Potential Values' (2016) lists it"
TAR = "IPCC TAR WG1 (2001) Table 6.7"
AR4 = "IPCC AR4 WG1 (2007) Table 2.14"
AR5 = "IPCC AR5 WG1 (2013) Table 8.A.1, without climate-carbon feedback"
AR5CCF = "IPCC AR5 WG1 (2013) Table 8.A.1 and Table 8.7, with climate-carbon feedback"
AR6 = "IPCC AR6 WG1 (2021) Table 7.SM.7"

REFERENCE = [
    ("SARGWP100", "CH4", 21, SAR),
    ("SARGWP100", "N2O", 310, SAR),
    ("SARGWP100", "SF6", 23_900, SAR),
    ("SARGWP100", "HFC134a", 1_300, SAR),
    ("SARGWP100", "HFC23", 11_700, SAR),
    ("SARGWP100", "CF4", 6_500, SAR),
    ("SARGWP100", "C2F6", 9_200, SAR),
    ("TARGWP100", "CH4", 23, TAR),
    ("TARGWP100", "N2O", 296, TAR),
    ("TARGWP100", "SF6", 22_200, TAR),
    ("TARGWP100", "NF3", 10_800, TAR),
    ("TARGWP100", "HFC134a", 1_300, TAR),
    ("TARGWP100", "CF4", 5_700, TAR),
    ("AR4GWP100", "CH4", 25, AR4),
    ("AR4GWP100", "N2O", 298, AR4),
    ("AR4GWP100", "SF6", 22_800, AR4),
    ("AR4GWP100", "NF3", 17_200, AR4),
    ("AR4GWP100", "HFC134a", 1_430, AR4),
    ("AR4GWP100", "HFC23", 14_800, AR4),
    ("AR4GWP100", "HFC32", 675, AR4),
    ("AR4GWP100", "CF4", 7_390, AR4),
    ("AR4GWP100", "C2F6", 12_200, AR4),
    ("AR5GWP100", "CH4", 28, AR5),
    ("AR5GWP100", "N2O", 265, AR5),
    ("AR5GWP100", "SF6", 23_500, AR5),
    ("AR5GWP100", "NF3", 16_100, AR5),
    ("AR5GWP100", "HFC134a", 1_300, AR5),
    ("AR5GWP100", "HFC23", 12_400, AR5),
    ("AR5GWP100", "HFC32", 677, AR5),
    ("AR5GWP100", "CF4", 6_630, AR5),
    ("AR5GWP100", "C2F6", 11_100, AR5),
    ("AR5CCFGWP100", "CH4", 34, AR5CCF),
    ("AR5CCFGWP100", "N2O", 298, AR5CCF),
    ("AR5CCFGWP100", "HFC134a", 1_549, AR5CCF),
    ("AR5CCFGWP100", "CF4", 7_349, AR5CCF),
    ("AR6GWP100", "CH4", 27.9, AR6),
    ("AR6GWP100", "N2O", 273, AR6),
    ("AR6GWP100", "SF6", 25_200, AR6),
    ("AR6GWP100", "NF3", 17_400, AR6),
    ("AR6GWP100", "HFC134a", 1_530, AR6),
    ("AR6GWP100", "HFC23", 14_600, AR6),
    ("AR6GWP100", "CF4", 7_380, AR6),
    ("AR6GWP100", "C2F6", 12_400, AR6),
]


@pytest.mark.parametrize(("name", "gas_name", "value", "source"), REFERENCE)
def test_published_gwp(name, gas_name, value, source):
    assert gwp_set(name).value(gas_name) == value, source


@pytest.mark.parametrize("name", GWP_SETS)
def test_co2_is_one_in_every_set(name):
    assert gwp_set(name).value("CO2") == 1


def test_ar6_methane_is_the_one_value_of_table_7_sm_7_not_a_fossil_split():
    # AR6 Table 7.15 gives fossil CH4 29.8 and non-fossil 27.0; the package,
    # and so the platform, has the single 27.9 of Table 7.SM.7.
    ar6 = gwp_set("AR6GWP100")
    assert ar6.value("CH4") == 27.9
    assert [name for name in ar6.values if "CH4" in name] == ["CH4"]


def test_the_sets_are_named_as_the_package_names_them():
    assert set(GWP_SETS) <= set(globalwarmingpotentials.data)
    assert GWP_SETS == (
        "SARGWP100",
        "TARGWP100",
        "AR4GWP100",
        "AR5GWP100",
        "AR5CCFGWP100",
        "AR6GWP100",
    )


def test_every_hfc_and_pfc_the_package_knows_is_a_gas():
    species = {name for table in globalwarmingpotentials.data.values() for name in table}
    assert {name for name in species if name.startswith("HFC")} == set(HFCS)
    assert set(PFCS) <= species
    assert {"CO2", "CH4", "N2O", "SF6", "NF3"} <= set(GASES)


def test_montreal_protocol_gases_are_not_inventory_gases():
    with pytest.raises(GWPError, match="'CFC11' is not a known gas"):
        gas("CFC11")


def test_an_unknown_set_lists_the_known_ones():
    with pytest.raises(GWPError, match=r"'AR7GWP100' is not a GWP set; the sets are SARGWP100, "):
        gwp_set("AR7GWP100")


def test_a_set_without_a_gas_says_so():
    with pytest.raises(GWPError, match=r"^SARGWP100 has no GWP for NF3$"):
        gwp_set("SARGWP100").value("NF3")


@pytest.mark.parametrize(
    ("written", "name"),
    [("HFC-134a", "HFC134a"), ("hfc134a", "HFC134a"), (" ch4 ", "CH4"), ("c-C4F8", "cC4F8")],
)
def test_gas_names_fold_to_the_package_spelling(written, name):
    assert gas(written) == name


def test_an_unknown_gas_is_named():
    with pytest.raises(GWPError, match=r"^'XYZ' is not a known gas$"):
        gas("XYZ")


def test_vector_follows_the_order_asked_with_nan_where_the_set_has_none():
    vector = gwp_set("SARGWP100").vector(["N2O", "CO2", "NF3"])
    assert vector[:2].tolist() == [310, 1]
    assert np.isnan(vector[2])


def test_a_set_cannot_be_changed():
    with pytest.raises(TypeError):
        gwp_set("AR5GWP100").values["CH4"] = 1


def test_every_set_has_a_title():
    assert gwp_set("AR5CCFGWP100").title.endswith("with climate-carbon feedback")
    assert all(gwp_set(name).title for name in GWP_SETS)


def test_gases_show_in_the_basket_order_whatever_the_storage_order():
    # PostgreSQL's jsonb keeps keys sorted by length, then bytes: CH4, CO2, N2O.
    stored = {"N2O": 0.1, "SF6": 1.0, "CH4": 5.0, "CO2": 56_100.0, "XYZ": 2.0}
    assert [name for name, _ in in_basket_order(stored)] == ["CO2", "CH4", "N2O", "SF6", "XYZ"]
