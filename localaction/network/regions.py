"""The network's default world regions and the ISO 3166 countries each one covers.

This is data, loaded once by a migration; afterwards the secretariat edits
regions and moves countries between them in the admin. Every ISO 3166-1
country belongs to exactly one region (a test checks this against pycountry).
Uninhabited territories go to the region of the office nearest to them.
"""

from django.utils.translation import gettext_noop

DEFAULT_REGIONS: dict[str, tuple[str, str]] = {
    # code: (name, ISO 3166-1 alpha-2 codes)
    "africa": (
        gettext_noop("Africa"),
        "AO BF BI BJ BV BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR "
        "LS LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TF TG TN "
        "TZ UG YT ZA ZM ZW",
    ),
    "east-asia": (gettext_noop("East Asia"), "CN HK JP KP KR MN MO TW"),
    "europe": (
        gettext_noop("Europe"),
        "AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS "
        "IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM TR UA VA",
    ),
    "latin-america-caribbean": (
        gettext_noop("Latin America and the Caribbean"),
        "AG AI AR AW BB BL BO BQ BR BS BZ CL CO CR CU CW DM DO EC FK GD GF GP GS GT GY HN "
        "HT JM KN KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI",
    ),
    "middle-east-west-asia": (
        gettext_noop("Middle East and West Asia"),
        "AE AM AZ BH GE IL IQ IR JO KG KW KZ LB OM PS QA SA SY TJ TM UZ YE",
    ),
    "north-america": (gettext_noop("North America"), "BM CA GL PM UM US"),
    "oceania": (
        gettext_noop("Oceania"),
        "AQ AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV VU WF WS",
    ),
    "south-asia": (gettext_noop("South Asia"), "AF BD BT IN IO LK MV NP PK"),
    "southeast-asia": (gettext_noop("Southeast Asia"), "BN ID KH LA MM MY PH SG TH TL VN"),
}


def default_region_of_country() -> dict[str, str]:
    """Map each ISO 3166-1 alpha-2 code to the code of its default region."""
    return {
        country: region
        for region, (_name, countries) in DEFAULT_REGIONS.items()
        for country in countries.split()
    }
