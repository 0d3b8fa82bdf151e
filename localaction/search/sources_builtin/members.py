"""Members' public profiles: a local government whose profile is published
(`LocalGovernment.is_published`, the register's own rule for everyone's
view), with the campaigns it takes part in as its themes."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from localaction.campaigns.models import Participation
from localaction.network.models import LocalGovernment, Membership

KIND = "member"
WATCHED = (LocalGovernment, Membership, Participation)


def _members():
    return LocalGovernment.objects.select_related("country__region", "parent").prefetch_related(
        "participations__campaign__methodology", "memberships"
    )


def _entry(lg: LocalGovernment) -> dict:
    # Labels in the platform's language: the page translates the interface,
    # the entry is the record's own text.
    with translation.override(settings.LANGUAGE_CODE):
        country, region = lg.country, lg.country.region
        taking_part = [p for p in lg.participations.all() if p.withdrawn_on is None]
        campaigns = sorted(p.campaign.name for p in taking_part)
        lines = [
            f"{lg.get_kind_display()} in {country.display_name}, {region.display_name}.",
            f"Part of {lg.parent.name}." if lg.parent_id else "",
            ("Campaigns: " + ", ".join(campaigns) + ".") if campaigns else "",
            f"Population {lg.population:,} ({lg.population_year})."
            if lg.population and lg.population_year
            else "",
            lg.website,
        ]
    started = [m.started_on for m in lg.memberships.all() if m.started_on is not None]
    themes = {p.campaign.code for p in taking_part} | {
        p.campaign.methodology.code for p in taking_part
    }
    return {
        "object": lg,
        "kind": KIND,
        "key": lg.code,
        "language": (lg.languages or [""])[0],
        "title": lg.name,
        "body": "\n".join(line for line in lines if line),
        "url": lg.get_absolute_url(),
        "region_id": region.pk,
        "country_code": country.code,
        "themes": sorted(themes),
        "year": min(started).year if started else None,
    }


def entries():
    for lg in _members().filter(is_published=True).iterator(chunk_size=1000):
        yield _entry(lg)


def entry_for(obj) -> dict | None:
    lg_id = obj.pk if isinstance(obj, LocalGovernment) else obj.local_government_id
    lg = _members().filter(pk=lg_id).first()
    if lg is None or not lg.is_published:
        return None
    return _entry(lg)
