"""The governing bodies the Strategic Plan names (§2.2, §2.2c, §2.5c), as data.

Loaded once by a migration (0003); afterwards the secretariat edits bodies,
seats, terms and quorum rules in the admin as the Charter and By-Laws say.
Names are in the translation catalogue; a name typed in later is shown as
typed. The terms follow the plan's rhythm: the Council of all full members
meets at the triennial World Congress and elects the Executive Committee, so
terms run three years.
"""

from django.utils.translation import gettext_noop

REGIONAL_SEAT = gettext_noop("Regional seat")

# Short codes of the default regions (network/regions.py), for the codes of
# the regional executive committees and their decisions (REC-AFR-2027-001).
REGION_CODES = {
    "africa": "AFR",
    "east-asia": "EASIA",
    "europe": "EUR",
    "latin-america-caribbean": "LAC",
    "middle-east-west-asia": "MEWA",
    "north-america": "NAM",
    "oceania": "OCE",
    "south-asia": "SASIA",
    "southeast-asia": "SEA",
}

COUNCIL = {
    "code": "COUNCIL",
    "name": gettext_noop("Council"),
    "kind": "council",
    "composition": "all_full_members",
    "eligibility": "full_members",
    "term_years": None,
    "term_limit": None,
    "description": gettext_noop(
        "The Council of all full members of the Association. It meets at the triennial "
        "World Congress, adopts the Strategic Plan and elects the Executive Committee."
    ),
}

EXECUTIVE_COMMITTEE = {
    "code": "EXCOM",
    "name": gettext_noop("Executive Committee"),
    "kind": "executive",
    "eligibility": "full_members",
    "term_years": 3,
    "term_limit": 2,
    "description": gettext_noop(
        "Elected by the Council. It approves the annual work programmes and budgets through "
        "which the Secretary General implements the Strategic Plan; its members in each "
        "region meet the Secretary General's regional representatives."
    ),
}
# and one "Regional seat" per region (shown with the region's name).
EXECUTIVE_SEATS = [
    gettext_noop("President"),
    gettext_noop("Vice-President"),
    gettext_noop("Vice-President"),
    gettext_noop("Treasurer"),
]

REGIONAL_COMMITTEE = {
    "name": gettext_noop("Regional Executive Committee"),
    "kind": "regional",
    "eligibility": "region_members",
    "term_years": 3,
    "term_limit": 2,
    "description": gettext_noop(
        "Elected by the members of the region; it guides the Association's work in the region."
    ),
}
REGIONAL_SEATS = [
    gettext_noop("Chair"),
    gettext_noop("Vice-Chair"),
    gettext_noop("Member"),
    gettext_noop("Member"),
    gettext_noop("Member"),
]

OTHER_BODIES = [
    (
        {
            "code": "WMCCC",
            "name": gettext_noop("World Mayors Council on Climate Change"),
            "kind": "mayors",
            "eligibility": "mayors",
            "term_years": 3,
            "term_limit": None,
            "description": gettext_noop(
                "Mayors of member local governments who give the climate campaign its political "
                "voice; the Association serves as its Secretariat (§2.5c)."
            ),
        },
        [gettext_noop("Chair"), gettext_noop("Vice-Chair")],
    ),
    (
        {
            "code": "ADVISORY",
            "name": gettext_noop("Advisory Council"),
            "kind": "advisory",
            "eligibility": "invited",
            "term_years": 3,
            "term_limit": None,
            "description": gettext_noop(
                "Invited advisers who help the Association, among others, to find new ways of "
                "resourcing its campaigns and programmes."
            ),
        },
        [gettext_noop("Chair")],
    ),
    (
        {
            "code": "AMBASSADORS",
            "name": gettext_noop("Network of senior advocates and ambassadors"),
            "kind": "ambassadors",
            "eligibility": "invited",
            "term_years": None,
            "term_limit": None,
            "description": gettext_noop(
                "Past Executive Committee members, members of the Advisory Council and friends "
                "of the Association, who speak for it internationally (§2.2c). Each ambassador "
                "holds a seat of their own, added when they are appointed."
            ),
        },
        [],
    ),
]

GOVERNING_DOCUMENTS = [
    ("charter", gettext_noop("Charter")),
    ("by-laws", gettext_noop("By-Laws")),
]
