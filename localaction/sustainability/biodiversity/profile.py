"""The member profile's biodiversity section (registered with
network.sections.member_profile): its commitments."""

from __future__ import annotations

from localaction.network.models import LocalGovernment
from localaction.network.sections import member_profile
from localaction.sustainability.biodiversity.permissions import (
    can_edit_biodiversity,
    commitments_visible_to,
)


def biodiversity_section(user, local_government: LocalGovernment) -> dict | None:
    commitments = list(
        commitments_visible_to(user)
        .filter(local_government=local_government)
        .order_by("-adopted_on")
    )
    can_edit = can_edit_biodiversity(user, local_government)
    if not commitments and not can_edit:
        return None
    return {"commitments": commitments, "can_edit": can_edit}


member_profile.register(
    "biodiversity",
    "sustainability/biodiversity/_profile_section.html",
    biodiversity_section,
    order=72,
)
