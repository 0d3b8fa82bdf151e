"""Campaigns: every campaign the platform runs is public (its page is open to
everyone), themed by its own code and its methodology's. (A methodology's
new name reaches its campaigns' entries at the next rebuild.)"""

from __future__ import annotations

from django.conf import settings

from localaction.campaigns.models import Campaign

KIND = "campaign"
WATCHED = (Campaign,)


def _entry(campaign: Campaign) -> dict:
    regions = list(campaign.regions.all())
    where = ", ".join(region.name for region in regions) if regions else "Worldwide"
    return {
        "object": campaign,
        "kind": KIND,
        "key": campaign.code,
        "language": settings.LANGUAGE_CODE,
        "title": campaign.name,
        "body": "\n".join(
            text
            for text in (
                campaign.aims,
                f"Methodology: {campaign.methodology.name}.",
                f"Where: {where}. Coordinated by {campaign.office.name}.",
            )
            if text
        ),
        "url": campaign.get_absolute_url(),
        # A campaign of one region is found under that region.
        "region_id": regions[0].pk if len(regions) == 1 else None,
        "country_code": "",
        "themes": sorted({campaign.code, campaign.methodology.code}),
        "year": campaign.started_on.year if campaign.started_on else None,
    }


def _campaigns():
    return Campaign.objects.select_related("methodology", "office").prefetch_related("regions")


def entries():
    for campaign in _campaigns():
        yield _entry(campaign)


def entry_for(obj) -> dict | None:
    campaign = _campaigns().filter(pk=obj.pk).first()
    return _entry(campaign) if campaign else None
