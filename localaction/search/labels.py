"""The words a facet's values are shown with, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from localaction.campaigns.models import Campaign, Methodology
from localaction.network.models import Country, Region, language_name, translated_country_name

#: The types of entry, as the facet names them; a kind without a label here
#: is shown as its code (sources of later apps add theirs at merge).
KINDS = {
    "member": _("Members"),
    "campaign": _("Campaigns"),
    "report": _("Network reports"),
    "engagement": _("Advocacy"),
    "case-study": _("Case studies"),
    "publication": _("Publications"),
    "course": _("Courses"),
    "event": _("Events"),
    "project": _("Projects"),
    "service": _("Consultancy services"),
}

FACET_NAMES = {
    "kind": _("Type"),
    "region": _("Region"),
    "country": _("Country"),
    "theme": _("Theme"),
    "language": _("Language"),
    "year": _("Year"),
}


def labelled(facets: dict[str, dict[str, int]]) -> dict[str, list[tuple[str, str, int]]]:
    """Each facet's (value, label, count), the largest counts first (years newest first)."""
    regions = {r.code: r.display_name for r in Region.objects.filter(code__in=facets["region"])}
    countries = {
        c.code: translated_country_name(c.code, c.name)
        for c in Country.objects.filter(code__in=facets["country"])
    }
    themes = {
        **dict(Methodology.objects.filter(code__in=facets["theme"]).values_list("code", "name")),
        **dict(Campaign.objects.filter(code__in=facets["theme"]).values_list("code", "name")),
    }
    label = {
        "kind": lambda v: str(KINDS.get(v, v)),
        "region": lambda v: regions.get(v, v),
        "country": lambda v: countries.get(v, v),
        "theme": lambda v: themes.get(v, v),
        "language": lambda v: language_name(v) or v,
        "year": str,
    }
    shown = {}
    for name, counts in facets.items():
        rows = [(value, label[name](value), n) for value, n in counts.items()]
        if name == "year":
            rows.sort(key=lambda row: row[0], reverse=True)
        else:
            rows.sort(key=lambda row: (-row[2], row[1]))
        shown[name] = rows
    return shown


def label_of(name: str, value: str) -> str:
    """One selected filter's label (for the removable filters above the results)."""
    facets = {facet: {} for facet in FACET_NAMES}
    facets[name] = {value: 0}
    rows = labelled(facets)[name]
    return rows[0][1] if rows else value
