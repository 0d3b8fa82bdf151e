"""The events' section of an office's page (network/sections.py): the
office's upcoming events, as the person may see them."""

from __future__ import annotations

from django.utils import timezone

from localaction.events import permissions
from localaction.network.models import Office


def office_section(user, office: Office) -> dict | None:
    events = list(
        permissions.visible_events(user)
        .filter(organiser=office, ends_on__gte=timezone.localdate())
        .order_by("starts_on", "title")[:10]
    )
    if not events:
        return None
    return {"events": events}
