"""The default emission-factor library: the IPCC 2006 defaults as EmissionFactor rows.

One row per fuel and source category, holding the CO2, CH4 and N2O factors
together (kg/TJ, net calorific basis) with the fuel's default net calorific
value, so that a line can give its fuel in tonnes as well as in terajoules.
"""

from collections import defaultdict

from localaction.core.factors import ipcc2006_calorific_values, ipcc2006_factors
from localaction.core.gpc import cell

# Which IPCC 2006 source category's default factors fit a GPC subsector: the
# combustion subsectors of stationary energy (GPC Table 6.1) and on-road
# transportation. Table 2.5 covers residential and agriculture, forestry and
# fishing alike; non-specified sources take the commercial/institutional table.
IPCC_CATEGORY_OF_SUBSECTOR = {
    "I.1": "residential",
    "I.2": "commercial",
    "I.3": "manufacturing",
    "I.4": "energy_industries",
    "I.5": "residential",
    "I.6": "commercial",
    "II.1": "road_transport",
}


def ipcc_category(gpc_ref: str) -> str:
    """The IPCC source category whose defaults fit the GPC cell, or "" when none does."""
    return IPCC_CATEGORY_OF_SUBSECTOR.get(cell(gpc_ref).subsector, "")


def ipcc2006_library() -> list[dict]:
    """The IPCC 2006 defaults as field values of EmissionFactor, one dict per fuel and category."""
    calorific = ipcc2006_calorific_values()
    grouped = defaultdict(list)
    for factor in ipcc2006_factors():
        grouped[factor.code.rsplit(":", 1)[0]].append(factor)
    library = []
    for code, factors in grouped.items():
        first = factors[0]
        ncv = calorific.get(first.fuel)
        category_name = first.category.replace("_", " ")
        library.append(
            {
                "code": code,
                "name": f"{first.fuel_name} — {category_name} (IPCC 2006)",
                "activity": first.fuel,
                "category": first.category,
                "unit": "TJ",
                "kg_per_unit": {f.gas: f.value for f in factors if not f.is_biogenic},
                "biogenic_co2_kg_per_unit": next((f.value for f in factors if f.is_biogenic), None),
                "ncv": ncv.value if ncv else None,
                "ncv_unit": ncv.unit if ncv else "",
                "source": "; ".join(sorted({f.source for f in factors}))
                + (f"; NCV: {ncv.source}" if ncv else ""),
            }
        )
    return library
