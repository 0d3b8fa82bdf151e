"""The member profile's section of water accounts (registered with
network.sections.member_profile)."""

from __future__ import annotations

from localaction.network.models import LocalGovernment
from localaction.network.sections import member_profile
from localaction.sustainability.water.permissions import (
    can_keep_inventories,
    inventories_visible_to,
)


def water_section(user, local_government: LocalGovernment) -> dict | None:
    """The inventories the person may see, latest first; nothing for a member
    without any, unless the person may start one."""
    inventories = list(
        inventories_visible_to(user).filter(local_government=local_government).order_by("-year")[:5]
    )
    can_keep = can_keep_inventories(user, local_government)
    if not inventories and not can_keep:
        return None
    return {"inventories": inventories, "can_keep": can_keep}


member_profile.register(
    "water", "sustainability/water/_profile_section.html", water_section, order=47
)
