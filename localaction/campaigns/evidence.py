"""The campaigns' own records that prove milestones (`Milestone.Recognition`):
submitted inventories and forecasts, adopted targets and plans, actions under
way. Each rule reads its records for a set of local governments in one query
(`campaigns.recognition`)."""

from __future__ import annotations

from localaction.campaigns.models import Action, ActionPlan, Forecast, Milestone, Target
from localaction.campaigns.recognition import Proof, register_rule
from localaction.inventories.models import Inventory

Rule = Milestone.Recognition


def _submitted_inventories(ids: list[int]) -> dict[int, list[tuple[int, int]]]:
    """Each local government's submitted (not draft) inventories as (pk, year), oldest first."""
    found: dict[int, list[tuple[int, int]]] = {}
    for local_government, pk, year in (
        Inventory.objects.filter(local_government_id__one_of=ids)
        .exclude(status=Inventory.Status.DRAFT)
        .order_by("year", "pk")
        .values_list("local_government_id", "pk", "year")
    ):
        found.setdefault(local_government, []).append((pk, year))
    return found


def inventory_and_forecast(ids: list[int]) -> dict[tuple[int, int | None], Proof]:
    """The first submitted inventory of a local government that has a forecast."""
    forecasts = set(
        Forecast.objects.filter(local_government_id__one_of=ids).values_list(
            "local_government_id", flat=True
        )
    )
    return {
        (local_government, None): (Inventory, inventories[0][0])
        for local_government, inventories in _submitted_inventories(ids).items()
        if local_government in forecasts
    }


def later_inventory(ids: list[int]) -> dict[tuple[int, int | None], Proof]:
    """The latest submitted inventory, when of a later year than the first."""
    return {
        (local_government, None): (Inventory, inventories[-1][0])
        for local_government, inventories in _submitted_inventories(ids).items()
        if inventories[-1][1] > inventories[0][1]
    }


def _first_adopted_targets(ids: list[int]) -> list[tuple[int, int, int | None, str]]:
    return list(
        Target.objects.adopted()
        .filter(local_government_id__one_of=ids)
        .order_by("adopted_on", "pk")
        .values_list("pk", "local_government_id", "campaign_id", "type")
    )


def ghg_target(ids: list[int]) -> dict[tuple[int, int | None], Proof]:
    """The first adopted GHG target (any but an indicator target), for any campaign."""
    found: dict[tuple[int, int | None], Proof] = {}
    for pk, local_government, _campaign, kind in _first_adopted_targets(ids):
        if kind != Target.Type.INDICATOR:
            found.setdefault((local_government, None), (Target, pk))
    return found


def campaign_target(ids: list[int]) -> dict[tuple[int, int | None], Proof]:
    """The first adopted target set for the campaign itself."""
    found: dict[tuple[int, int | None], Proof] = {}
    for pk, local_government, campaign, _kind in _first_adopted_targets(ids):
        if campaign:
            found.setdefault((local_government, campaign), (Target, pk))
    return found


def action_plan(ids: list[int]) -> dict[tuple[int, int | None], Proof]:
    """The first adopted plan for the campaign, or for all (campaign None)."""
    found: dict[tuple[int, int | None], Proof] = {}
    for pk, local_government, campaign in (
        ActionPlan.objects.adopted()
        .filter(local_government_id__one_of=ids)
        .order_by("adopted_on", "pk")
        .values_list("pk", "local_government_id", "campaign_id")
    ):
        found.setdefault((local_government, campaign), (ActionPlan, pk))
    return found


def actions_under_way(ids: list[int]) -> dict[tuple[int, int | None], Proof]:
    """The first action in progress or completed, for the campaign or for all."""
    found: dict[tuple[int, int | None], Proof] = {}
    for pk, local_government, campaign in (
        Action.objects.filter(
            local_government_id__one_of=ids,
            status__in=[Action.Status.IN_PROGRESS, Action.Status.COMPLETED],
        )
        .order_by("pk")
        .values_list("pk", "local_government_id", "campaign_id")
    ):
        found.setdefault((local_government, campaign), (Action, pk))
    return found


def register() -> None:
    """Register the campaigns' own rules, in the order the choices list them."""
    for code, proofs in (
        (Rule.INVENTORY_AND_FORECAST, inventory_and_forecast),
        (Rule.GHG_TARGET, ghg_target),
        (Rule.CAMPAIGN_TARGET, campaign_target),
        (Rule.ACTION_PLAN, action_plan),
        (Rule.ACTIONS_UNDER_WAY, actions_under_way),
        (Rule.LATER_INVENTORY, later_inventory),
    ):
        register_rule(code.value, code.label, proofs)
