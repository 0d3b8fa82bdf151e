"""Who reads and keeps the strategic plans.

- Anyone, signed in or not, reads an adopted or superseded plan, and the
  comparison of one with the plan before it.
- Drafts are the secretariat's: only the secretariat (staff of the World
  Secretariat) reads them, changes their areas and goals, drafts the next
  plan and records a plan's adoption.

Every door (pages, API, admin) asks these functions; none decides by itself.
"""

from __future__ import annotations

from django.db.models import QuerySet

from localaction.accounts.access import access_of
from localaction.strategy.models import StrategicPlan


def can_keep_plans(user) -> bool:
    """Draft, change and adopt plans."""
    return access_of(user).is_secretariat


def can_read_plan(user, plan: StrategicPlan) -> bool:
    return not plan.is_draft or can_keep_plans(user)


def plans_readable_by(user, plans: QuerySet) -> QuerySet:
    """Those of `plans` the person reads (`can_read_plan`), as one query."""
    if can_keep_plans(user):
        return plans
    return plans.exclude(status=StrategicPlan.Status.DRAFT)
