"""Writes that span a plan's records, with the rules every door obeys.

- `draft_next_plan` copies a plan's parts, areas and goals into a new draft
  that points back to it;
- `change_area` and `change_goal` change a draft's texts (an adopted or
  superseded plan is fixed);
- `adopt_plan` records a draft's adoption by an adopted decision of the
  Executive Committee or the Council, superseding the plan adopted before;
- `compare_plans` says, area by area and goal by goal (matched by number
  and letter), what a plan added, removed, changed or kept.

Only the secretariat writes (PermissionDenied otherwise); a write refused
(ValidationError, its message for the person) writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from localaction.governance.models import Decision
from localaction.strategy import permissions
from localaction.strategy.models import Area, Goal, Part, StrategicPlan, number_key

# The bodies whose decisions adopt a plan (governance/plan.py's codes): the
# Council adopts it at the World Congress, the Executive Committee between.
ADOPTING_BODIES = ("EXCOM", "COUNCIL")


def _check_keeper(by) -> None:
    if not permissions.can_keep_plans(by):
        raise PermissionDenied(gettext("Only the secretariat drafts, changes and adopts plans."))


def _check_draft(plan: StrategicPlan) -> None:
    if not plan.is_draft:
        raise ValidationError(
            gettext("%(plan)s is %(status)s: its text is fixed. Draft the next plan to change it.")
            % {"plan": plan.display_title, "status": plan.get_status_display().lower()}
        )


@transaction.atomic
def draft_next_plan(
    plan: StrategicPlan, *, by, title: str, first_year: int, last_year: int
) -> StrategicPlan:
    """A new draft following `plan`, with a copy of its parts, areas and goals."""
    _check_keeper(by)
    draft = StrategicPlan(
        title=title.strip(),
        first_year=first_year,
        last_year=last_year,
        previous=plan,
        created_by=by,
    )
    draft.full_clean()
    draft.save()
    for part in plan.parts.prefetch_related("areas__goals"):
        copied_part = Part.objects.create(plan=draft, number=part.number, title=part.title)
        for area in part.areas.all():
            copied_area = Area.objects.create(
                part=copied_part,
                number=area.number,
                title=area.title,
                vision=area.vision,
                approach=area.approach,
                order=area.order,
            )
            Goal.objects.bulk_create(
                Goal(
                    area=copied_area,
                    letter=goal.letter,
                    title=goal.title,
                    text=goal.text,
                    order=goal.order,
                )
                for goal in area.goals.all()
            )
    return draft


@transaction.atomic
def change_area(area: Area, *, by, vision: str, approach: str) -> Area:
    """A draft's area with a new vision and approach."""
    _check_keeper(by)
    _check_draft(area.plan)
    area.vision = vision.strip()
    area.approach = approach.strip()
    area.full_clean()
    area.save(update_fields=["vision", "approach"])
    return area


@transaction.atomic
def change_goal(goal: Goal, *, by, title: str, text: str) -> Goal:
    """A draft's goal with a new short title and full text."""
    _check_keeper(by)
    _check_draft(goal.area.plan)
    goal.title = title.strip()
    goal.text = text.strip()
    goal.full_clean()
    goal.save(update_fields=["title", "text"])
    return goal


def areas_without_goals(plan: StrategicPlan) -> list[Area]:
    """The plan's areas with no goals of their own nor sub-areas to carry them."""
    areas = plan.ordered_areas()
    numbers = [area.number for area in areas]
    return [
        area
        for area in areas
        if not area.goals.all()
        and not any(number.startswith(f"{area.number}.") for number in numbers)
    ]


def plan_problems(plan: StrategicPlan) -> list[str]:
    """Why the plan may not be adopted, whatever the decision (empty: it may)."""
    problems = []
    if not plan.is_draft:
        problems.append(
            gettext("%(plan)s is %(status)s: only a draft is adopted.")
            % {"plan": plan.display_title, "status": plan.get_status_display().lower()}
        )
    for area in areas_without_goals(plan):
        problems.append(
            gettext("Area %(area)s has no goals: give it at least one.") % {"area": area}
        )
    return problems


def decision_problems(decision: Decision | None) -> list[str]:
    """Why the decision does not adopt a plan (empty: it does)."""
    if decision is None:
        return [gettext("Name the decision that adopted the plan.")]
    problems = []
    if decision.body.code not in ADOPTING_BODIES:
        problems.append(
            gettext(
                "%(decision)s is a decision of %(body)s: a plan is adopted by "
                "the Executive Committee or the Council."
            )
            % {"decision": decision.reference, "body": decision.body.display_name}
        )
    if decision.outcome != Decision.Outcome.ADOPTED:
        problems.append(
            gettext("%(decision)s was rejected: it adopts nothing.")
            % {"decision": decision.reference}
        )
    return problems


@transaction.atomic
def adopt_plan(plan: StrategicPlan, *, decision: Decision | None, by) -> StrategicPlan:
    """The draft adopted by the decision; the plan adopted until now is superseded."""
    _check_keeper(by)
    # The draft and the plan adopted until now are locked first, in a statement
    # of their own: an adoption waiting for another's reads, once that one is
    # done, the plan it adopted, and supersedes it in turn.
    list(
        StrategicPlan.objects.select_for_update().filter(
            Q(pk=plan.pk) | Q(status=StrategicPlan.Status.ADOPTED)
        )
    )
    plan.refresh_from_db()
    if problems := plan_problems(plan) + decision_problems(decision):
        raise ValidationError(problems)
    StrategicPlan.objects.filter(status=StrategicPlan.Status.ADOPTED).update(
        status=StrategicPlan.Status.SUPERSEDED
    )
    plan.status = StrategicPlan.Status.ADOPTED
    plan.adopted_by = decision
    plan.adopted_at = timezone.now()
    plan.save(update_fields=["status", "adopted_by", "adopted_at"])
    return plan


# What became of an area or a goal from one plan to the next.
ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"


@dataclass(frozen=True)
class GoalChange:
    """A goal of either plan, matched by its area's number and its letter."""

    reference: str
    old: Goal | None
    new: Goal | None
    change: str


@dataclass(frozen=True)
class AreaChange:
    """An area of either plan, matched by its number, with its goals' changes."""

    number: str
    old: Area | None
    new: Area | None
    change: str
    goals: list[GoalChange] = field(default_factory=list)

    @property
    def depth(self) -> int:
        return self.number.count(".") + 1


def _change(old, new, fields: tuple[str, ...]) -> str:
    if old is None:
        return ADDED
    if new is None:
        return REMOVED
    if any(getattr(old, name) != getattr(new, name) for name in fields):
        return CHANGED
    return UNCHANGED


def compare_plans(old: StrategicPlan, new: StrategicPlan) -> list[AreaChange]:
    """Every area of either plan in number order, with its goals in letter order.
    An area is changed when its title, vision or approach is; a goal when its
    title or text is. An area whose goals changed but not its own texts is
    unchanged itself, its goals saying what changed."""
    old_areas = {area.number: area for area in old.ordered_areas()}
    new_areas = {area.number: area for area in new.ordered_areas()}
    changes = []
    for number in sorted(old_areas.keys() | new_areas.keys(), key=number_key):
        old_area, new_area = old_areas.get(number), new_areas.get(number)
        old_goals = {goal.letter: goal for goal in old_area.goals.all()} if old_area else {}
        new_goals = {goal.letter: goal for goal in new_area.goals.all()} if new_area else {}
        goals = [
            GoalChange(
                reference=f"{number}{letter}",
                old=old_goals.get(letter),
                new=new_goals.get(letter),
                change=_change(old_goals.get(letter), new_goals.get(letter), ("title", "text")),
            )
            for letter in sorted(old_goals.keys() | new_goals.keys())
        ]
        changes.append(
            AreaChange(
                number=number,
                old=old_area,
                new=new_area,
                change=_change(old_area, new_area, ("title", "vision", "approach")),
                goals=goals,
            )
        )
    return changes
