"""The member profile's section of GHG inventories (registered with
network.sections.member_profile)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from localaction.core.gpc import Level
from localaction.inventories.permissions import can_create_inventory, latest_versions_visible_to
from localaction.inventories.services import inventory_results
from localaction.network.models import LocalGovernment
from localaction.network.sections import member_profile


def inventories_section(user, local_government: LocalGovernment) -> dict | None:
    """The member's inventories the person may see, newest first — of a corrected
    year, the latest version they may see — each with its BASIC total; None when
    there are none and the person may not start one."""
    inventories = list(
        latest_versions_visible_to(user).filter(local_government=local_government).order_by("-year")
    )
    can_create = can_create_inventory(user, local_government)
    if not inventories and not can_create:
        return None
    for inventory in inventories:
        # tCO2e in the inventory's own GWP set, from its stored gas masses; blank
        # for lines that cannot be added up (the inventory's page says which).
        try:
            results = inventory_results(inventory)
        except ValidationError:
            inventory.basic_tco2e = None
        else:
            inventory.basic_tco2e = results.total_co2e_kg(Level.BASIC) / 1000
    return {"inventories": inventories, "can_create_inventory": can_create}


member_profile.register(
    "inventories", "inventories/_profile_section.html", inventories_section, order=10
)
