"""Search's background work: the whole index rebuilt (what `localaction
search rebuild` does), for a worker to run after an import or a restore."""

from __future__ import annotations

from localaction.background.tasks import background


@background(attempts=2)
def rebuild_index() -> dict:
    """Index everything public now and remove the rest; idempotent."""
    from localaction.search.services import rebuild

    rebuilt = rebuild()
    return {"indexed": rebuilt.indexed, "removed": rebuilt.removed, "seconds": rebuilt.seconds}
