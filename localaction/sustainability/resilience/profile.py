"""The member profile's resilience section (registered with
network.sections.member_profile): the latest hazard profile's highest risks."""

from __future__ import annotations

from localaction.network.models import LocalGovernment
from localaction.network.sections import member_profile
from localaction.sustainability.resilience.permissions import (
    can_edit_resilience,
    profiles_visible_to,
)


def resilience_section(user, local_government: LocalGovernment) -> dict | None:
    latest = (
        profiles_visible_to(user)
        .filter(local_government=local_government)
        .order_by("-year")
        .first()
    )
    can_edit = can_edit_resilience(user, local_government)
    if latest is None and not can_edit:
        return None
    return {
        "latest": latest,
        "top": latest.ratings_ranked()[:5] if latest else [],
        "can_edit": can_edit,
    }


member_profile.register(
    "resilience", "sustainability/resilience/_profile_section.html", resilience_section, order=70
)
