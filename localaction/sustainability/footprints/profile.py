"""The member profile's section of the Ecological Footprint (registered with
network.sections.member_profile)."""

from __future__ import annotations

from localaction.network.models import LocalGovernment
from localaction.network.sections import member_profile
from localaction.sustainability.footprints.permissions import (
    can_report_footprint,
    footprints_visible_to,
)


def footprint_section(user, local_government: LocalGovernment) -> dict | None:
    """The footprints the person may see, latest Congress first; nothing for a
    member without any, unless the person may report one."""
    footprints = list(
        footprints_visible_to(user)
        .filter(local_government=local_government)
        .select_related("round")
        .order_by("-round__year")
    )
    can_report = can_report_footprint(user, local_government)
    if not footprints and not can_report:
        return None
    return {"footprints": footprints, "can_report": can_report}


member_profile.register(
    "footprints", "sustainability/footprints/_profile_section.html", footprint_section, order=45
)
