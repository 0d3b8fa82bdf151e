"""The association's advocacy engagements made public (`Engagement.public`):
events attended, submissions and statements under its roles in policy
processes."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from localaction.advocacy.models import Engagement

KIND = "engagement"
WATCHED = (Engagement,)


def _entry(engagement: Engagement) -> dict:
    role = engagement.role
    with translation.override(settings.LANGUAGE_CODE):
        kind = engagement.get_kind_display()
    return {
        "object": engagement,
        "kind": KIND,
        "key": str(engagement.pk),
        "language": settings.LANGUAGE_CODE,
        "title": engagement.title,
        "body": "\n".join(
            text
            for text in (
                f"{kind} — {role.process.name}"
                + (f", {engagement.place}" if engagement.place else "")
                + ".",
                engagement.summary,
                engagement.outcome,
                ", ".join(lg.name for lg in engagement.delegations.all()),
            )
            if text
        ),
        "url": engagement.get_absolute_url(),
        "region_id": None,
        "country_code": "",
        "themes": [],
        "year": engagement.held_on.year,
    }


def _engagements():
    return Engagement.objects.select_related("role__process").prefetch_related("delegations")


def entries():
    for engagement in _engagements().filter(public=True).iterator(chunk_size=500):
        yield _entry(engagement)


def entry_for(obj) -> dict | None:
    engagement = _engagements().filter(pk=obj.pk, public=True).first()
    return _entry(engagement) if engagement else None
