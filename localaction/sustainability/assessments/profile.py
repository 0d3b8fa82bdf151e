"""The member profile's section of self-assessments (registered with
network.sections.member_profile from setup.py): the published ones for
everyone, the others too for those who see the member's workings."""

from __future__ import annotations

from localaction.network.models import LocalGovernment
from localaction.sustainability.assessments.permissions import assessments_visible_to


def assessments_section(user, local_government: LocalGovernment) -> dict | None:
    assessments = list(
        assessments_visible_to(user)
        .filter(local_government=local_government)
        .select_related("questionnaire")
        .order_by("-assessed_on", "-pk")[:10]
    )
    return {"assessments": assessments} if assessments else None
