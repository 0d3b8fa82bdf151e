"""Advocacy's background work: the reminder of the roles' reviews due."""

from __future__ import annotations

from localaction.advocacy.services import remind_reviews_due
from localaction.background.tasks import background, daily


@daily
@background(attempts=3)
def remind_reviews() -> int:
    """Tell the staff of each role's office, once, that its review is due;
    returns how many roles."""
    return len(remind_reviews_due())
