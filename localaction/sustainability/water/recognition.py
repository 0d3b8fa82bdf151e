"""The Water Campaign's milestones recognised from water accounts
(campaigns.recognition), each rule reading its records for a set of local
governments in one query:

- `water_inventory`: the first submitted or verified water inventory proves
  "Inventory of water consumption and quality";
- `water_review`: the latest one, when of a later year than the first, proves
  "Review" — the member has accounted for its water again and can compare;
- `water_benefits`: an action in progress or completed with its benefits
  quantified (a WaterBenefit) proves "Implementation and quantified benefits",
  for the action's campaign (or whichever, for an action of no campaign).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from localaction.campaigns.recognition import Proof, register_rule
from localaction.sustainability.water.models import WaterBenefit, WaterInventory

INVENTORY = "water_inventory"
REVIEW = "water_review"
BENEFITS = "water_benefits"


def _reported(ids: list[int]) -> dict[int, list[tuple[int, int]]]:
    """Each local government's reported water inventories as (pk, year), oldest first."""
    found: dict[int, list[tuple[int, int]]] = {}
    for local_government, pk, year in (
        WaterInventory.objects.reported()
        .filter(local_government_id__one_of=ids)
        .order_by("year", "pk")
        .values_list("local_government_id", "pk", "year")
    ):
        found.setdefault(local_government, []).append((pk, year))
    return found


def water_inventory(ids: list[int]) -> dict[tuple[int, int | None], Proof]:
    """The first submitted or verified water inventory, for whichever campaign."""
    return {
        (local_government, None): (WaterInventory, inventories[0][0])
        for local_government, inventories in _reported(ids).items()
    }


def water_review(ids: list[int]) -> dict[tuple[int, int | None], Proof]:
    """The latest reported water inventory, when of a later year than the first."""
    return {
        (local_government, None): (WaterInventory, inventories[-1][0])
        for local_government, inventories in _reported(ids).items()
        if inventories[-1][1] > inventories[0][1]
    }


def water_benefits(ids: list[int]) -> dict[tuple[int, int | None], Proof]:
    """The first quantified benefit of an action under way, by the action's campaign."""
    found: dict[tuple[int, int | None], Proof] = {}
    for pk, local_government, campaign in (
        WaterBenefit.objects.under_way()
        .filter(local_government_id__one_of=ids)
        .order_by("pk")
        .values_list("pk", "local_government_id", "action__campaign_id")
    ):
        found.setdefault((local_government, campaign), (WaterBenefit, pk))
    return found


def register() -> None:
    register_rule(INVENTORY, _("A water inventory reported"), water_inventory)
    register_rule(REVIEW, _("A later water inventory than the first"), water_review)
    register_rule(BENEFITS, _("Water actions under way with quantified benefits"), water_benefits)
