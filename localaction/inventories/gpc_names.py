"""The GPC's sector and subsector names in the reader's language.

core/gpc.py holds them in English, as the standard publishes them; they are
listed here once so that makemessages carries them into the catalogues. Files
meant for other programs (the CRF export, the line file) keep the English.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

from localaction.core import gpc

NAMES = (
    gettext_noop("Stationary energy"),
    gettext_noop("Transportation"),
    gettext_noop("Waste"),
    gettext_noop("Industrial processes and product use (IPPU)"),
    gettext_noop("Agriculture, forestry and other land use (AFOLU)"),
    gettext_noop("Other scope 3"),
    gettext_noop("Residential buildings"),
    gettext_noop("Commercial and institutional buildings and facilities"),
    gettext_noop("Manufacturing industries and construction"),
    gettext_noop("Energy industries"),
    gettext_noop("Agriculture, forestry and fishing activities"),
    gettext_noop("Non-specified sources"),
    gettext_noop("Fugitive emissions from mining, processing, storage, and transportation of coal"),
    gettext_noop("Fugitive emissions from oil and natural gas systems"),
    gettext_noop("On-road transportation"),
    gettext_noop("Railways"),
    gettext_noop("Waterborne navigation"),
    gettext_noop("Aviation"),
    gettext_noop("Off-road transportation"),
    gettext_noop("Solid waste disposal"),
    gettext_noop("Biological treatment of waste"),
    gettext_noop("Incineration and open burning"),
    gettext_noop("Wastewater treatment and discharge"),
    gettext_noop("Industrial processes"),
    gettext_noop("Product use"),
    gettext_noop("Livestock"),
    gettext_noop("Land"),
    gettext_noop("Aggregate sources and non-CO2 emission sources on land"),
)


def gpc_name(part: gpc.Sector | gpc.Subsector) -> str:
    """A GPC sector's or subsector's name in the active language."""
    return gettext(part.name)


def sector_label(sector: gpc.Sector) -> str:
    """A sector's reference and name, e.g. "I Stationary energy", for choices and charts."""
    return f"{sector.ref} {gpc_name(sector)}"


def sector_choices() -> list[tuple[str, str]]:
    """The GPC sectors as form choices, in the active language."""
    return [(sector.ref, sector_label(sector)) for sector in gpc.SECTORS]
