"""The consultancy's part of the platform's search: one entry per service of
the catalogue while it is offered (`active`); `entries()`, `entry_for(obj)`
(None for a withdrawn service) and `WATCHED`."""

from __future__ import annotations

from collections.abc import Iterator

from localaction.consultancy.models import Service


def entry_for(obj) -> dict | None:
    if not isinstance(obj, Service) or not obj.active:
        return None
    body = [obj.summary, obj.description, *(office.name for office in obj.offices.all())]
    return {
        "kind": "service",
        "key": obj.slug,
        "language": "en",
        "title": obj.name[:300],
        "body": "\n".join(" ".join(part.split()) for part in body if part),
        "url": obj.get_absolute_url(),
        "region_id": None,
        "country_code": "",
        "themes": [campaign.code for campaign in obj.campaigns.all()] + list(obj.instruments),
        "year": None,
        "object": obj,
    }


def entries() -> Iterator[dict]:
    services = Service.objects.filter(active=True).order_by("pk")
    for service in services.prefetch_related("offices", "campaigns"):
        entry = entry_for(service)
        if entry is not None:
            yield entry


WATCHED = (Service,)
