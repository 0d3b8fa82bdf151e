"""The member profile's section of campaigns and climate action (registered with
network.sections.member_profile)."""

from __future__ import annotations

from localaction.campaigns.permissions import (
    action_plans_visible_to,
    inventories_for_figures,
    targets_visible_to,
)
from localaction.campaigns.services import milestone_states, target_figures
from localaction.network.models import LocalGovernment
from localaction.network.sections import member_profile


def climate_action_section(user, local_government: LocalGovernment) -> dict:
    """Campaigns, targets and action plans the person may see, the targets'
    figures from the inventories the person may count (published ones, for
    the public)."""
    participations = list(
        local_government.participations.select_related("campaign__methodology").order_by(
            "campaign__name"
        )
    )
    states = milestone_states(participations)
    counting = inventories_for_figures(user, local_government)
    targets = targets_visible_to(user).filter(local_government=local_government)
    return {
        "campaigns": [
            {
                "participation": participation,
                "achieved": sum(state.is_achieved for state in states[participation.pk]),
                "milestones": len(states[participation.pk]),
            }
            for participation in participations
        ],
        "targets": [
            target_figures(target, counting)
            for target in targets.select_related("local_government")
        ],
        "plans": action_plans_visible_to(user).filter(local_government=local_government),
    }


member_profile.register(
    "climate-action", "campaigns/_profile_section.html", climate_action_section, order=20
)
