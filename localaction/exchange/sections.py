"""Exchange on the register's pages (network/sections.py), registered from
ExchangeConfig.ready(): a member's profile shows its exchanges and its open
needs and offers; an office's page, the exchanges of the members it covers.
Each shows only what the person may read (permissions.py)."""

from __future__ import annotations

from django.db.models import Q

from localaction.exchange import permissions
from localaction.network.models import LocalGovernment, Office

SHOWN = 20


def member_section(user, member: LocalGovernment) -> dict | None:
    exchanges = list(
        permissions.exchanges_visible_to(user)
        .filter(participants__member=member)
        .prefetch_related("participants__member")
        .distinct()
        .order_by("-starts_on", "-pk")[:SHOWN]
    )
    listings = list(
        permissions.listings_visible_to(user)
        .filter(member=member)
        .open()
        .order_by("kind", "-published_on", "-pk")
    )
    may_publish = permissions.acts_for(user, member)
    if not exchanges and not listings and not may_publish:
        return None
    return {
        "exchanges": exchanges,
        "needs": [item for item in listings if item.kind == item.Kind.NEED],
        "offers": [item for item in listings if item.kind == item.Kind.OFFER],
        "may_publish": may_publish,
    }


def office_section(user, office: Office) -> dict | None:
    covered = Q(participants__member__country__region__in=office.regions.all()) | Q(
        participants__member__country__in=office.countries.all()
    )
    exchanges = list(
        permissions.exchanges_visible_to(user)
        .filter(covered)
        .prefetch_related("participants__member")
        .distinct()
        .order_by("-starts_on", "-pk")[:SHOWN]
    )
    if not exchanges:
        return None
    return {"exchanges": exchanges}
