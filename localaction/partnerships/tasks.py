"""The partnerships' daily work: expiry and renewal reminders."""

from __future__ import annotations

from localaction.background.tasks import background, daily
from localaction.partnerships.services import expire_and_remind


@daily
@background(attempts=3)
def remind_renewals() -> int:
    """Expire agreements past their end and remind the offices of those ending
    within their notice (each agreement and end date once: idempotent);
    returns how many were reminded."""
    return expire_and_remind()[1]
