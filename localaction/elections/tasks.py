"""The elections' background work: the reminder before voting closes."""

from __future__ import annotations

from localaction.background.tasks import background, daily
from localaction.elections.services import send_voting_reminders


@daily
@background(attempts=3)
def remind_voters() -> int:
    """Remind the representatives of members that have not voted in elections
    closing within two days (each election once: idempotent); returns how many
    elections."""
    return len(send_voting_reminders())
