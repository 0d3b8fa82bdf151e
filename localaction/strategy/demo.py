"""The demo's draft of the next strategic plan: drafted from the adopted plan
(the Cape Town Plan, loaded by migration) with a sharper vision for
membership and a reworded goal, so that the comparison of the two plans has
something to show; it stays a draft, as the Council has not adopted it
(`localaction demo`)."""

from __future__ import annotations

from django.contrib.auth.models import User

from localaction.network.demo import Progress, no_progress
from localaction.strategy import services
from localaction.strategy.models import Area, Goal, StrategicPlan

# Demo texts written for the platform, not the plan's own sentences.
MEMBERSHIP_APPROACH = (
    "Grow the membership in the priority regions first, with the regional offices "
    "introducing the association to local governments that already act on climate."
)
GOAL_TITLE = "Members report their emissions every year"


def build_demo_strategy() -> StrategicPlan | None:
    """The draft next plan, or None without an adopted plan or the secretariat."""
    adopted = StrategicPlan.objects.filter(status=StrategicPlan.Status.ADOPTED).first()
    secretariat = User.objects.filter(username="secretariat").first()
    if adopted is None or secretariat is None:
        return None
    years = adopted.last_year - adopted.first_year
    draft = services.draft_next_plan(
        adopted,
        by=secretariat,
        title=f"Strategic Plan {adopted.last_year + 1}–{adopted.last_year + 1 + years}",
        first_year=adopted.last_year + 1,
        last_year=adopted.last_year + 1 + years,
    )
    area = Area.objects.filter(plan=draft).order_by("part__number", "order").first()
    if area is not None:
        services.change_area(area, by=secretariat, vision=area.vision, approach=MEMBERSHIP_APPROACH)
    goal = (
        Goal.objects.filter(area__plan=draft)
        .order_by("area__part__number", "area__order", "order")
        .last()
    )
    if goal is not None:
        services.change_goal(goal, by=secretariat, title=GOAL_TITLE, text=goal.text)
    return draft


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    draft = build_demo_strategy()
    return "" if draft is None else f"the next strategic plan drafted ({draft.title})"
