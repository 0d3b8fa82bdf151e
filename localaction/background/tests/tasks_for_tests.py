"""Tasks the background tests queue (importable by path, as a worker needs)."""

from django.core.cache import cache

from localaction.background.progress import Progress
from localaction.background.tasks import background


@background(attempts=3)
def flaky(*, key: str, failures: int, progress: str | None = None) -> int:
    """Fails its first `failures` attempts, then succeeds; counts its runs."""
    cache.add(key, 0)
    runs = cache.incr(key)
    if runs <= failures:
        raise RuntimeError(f"attempt {runs} fails on purpose")
    Progress(progress).finish("done", runs=runs)
    return runs


@background(attempts=1)
def once(*, key: str) -> None:
    cache.set(key, "ran")


@background(attempts=1)
def counted(*, key: str) -> int:
    """Counts its own runs in the shared cache and returns the count (1 if it
    ran once); takes a little while, so that several workers overlap."""
    import time

    cache.add(key, 0, 600)
    runs = cache.incr(key)
    time.sleep(0.05)
    return runs


@background(attempts=2)
def slow(*, seconds: float) -> None:
    """Takes its time: a worker can be stopped in the middle of it."""
    import time

    time.sleep(seconds)
