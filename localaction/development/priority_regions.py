"""The priority regions the Cape Town Plan names (§2.1c: "introduce ICLEI to
local governments in China; West Africa; Eastern Europe, Caucasus and Central
Asia; North Africa, Middle East and West Asia"; §2.3c: "lay foundations for
building membership, programs and operations in China"), with their
countries as ISO 3166-1 alpha-2 codes and where each list comes from.

Loaded by migration 0002; the secretariat may change the countries later.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

# code: (name, source of the countries, country codes)
PRIORITY_REGIONS = {
    "china": (
        gettext_noop("China"),
        "Cape Town Plan §2.1c and §2.3c: the People's Republic of China.",
        ["CN"],
    ),
    "west-africa": (
        gettext_noop("West Africa"),
        "UN M49 sub-region Western Africa (011), without Saint Helena.",
        [
            "BJ",
            "BF",
            "CV",
            "CI",
            "GM",
            "GH",
            "GN",
            "GW",
            "LR",
            "ML",
            "MR",
            "NE",
            "NG",
            "SN",
            "SL",
            "TG",
        ],
    ),
    "eastern-europe-caucasus-central-asia": (
        gettext_noop("Eastern Europe, Caucasus and Central Asia"),
        "The twelve EECCA countries of the OECD and UNECE (Environment for Europe).",
        ["AM", "AZ", "BY", "GE", "KZ", "KG", "MD", "RU", "TJ", "TM", "UA", "UZ"],
    ),
    "north-africa-middle-east-west-asia": (
        gettext_noop("North Africa, Middle East and West Asia"),
        "UN M49 sub-regions Northern Africa (015) and Western Asia (145), without the "
        "Caucasus (counted in Eastern Europe, Caucasus and Central Asia), and Iran.",
        [
            "DZ",
            "EG",
            "LY",
            "MA",
            "SD",
            "TN",
            "EH",
            "BH",
            "CY",
            "IQ",
            "IL",
            "JO",
            "KW",
            "LB",
            "OM",
            "QA",
            "SA",
            "PS",
            "SY",
            "TR",
            "AE",
            "YE",
            "IR",
        ],
    ),
}
