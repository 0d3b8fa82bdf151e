"""Declaring and queueing background tasks.

A task is declared with `@background(attempts=3)`: a django-tasks task whose
failures the worker tries again, `attempts` times in all, waiting longer each
time (settings.BACKGROUND). Tasks must therefore be idempotent: running one
twice leaves the same state as running it once (imports are atomic, e-mails
remember that they were sent, recomputations overwrite).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import Task

#: How many attempts each task may take, by its dotted path.
_ATTEMPTS: dict[str, int] = {}
#: Tasks the workers queue once a day (the daily digest, …).
_DAILY: list[Task] = []
#: Short checks every worker makes at each heartbeat (a few seconds apart).
_BEATS: list[Callable[[], None]] = []


def background(
    *, attempts: int = 3, priority: int = 0, queue_name: str = "default"
) -> Callable[[Callable[..., Any]], Task]:
    """Declare a background task that the worker runs up to `attempts` times."""
    if attempts < 1:
        raise ValueError("A task takes at least one attempt.")

    def declare(function: Callable[..., Any]) -> Task:
        declared = task(priority=priority, queue_name=queue_name)(function)
        _ATTEMPTS[declared.module_path] = attempts
        return declared

    return declare


def attempts_allowed(task_path: str) -> int:
    """Attempts a task may take; tasks not declared with `background` get one.

    A task is known once its module is imported; a process that has not run
    it yet (a worker recovering another's task, a page listing the queue)
    imports it here, or it would judge its attempts wrong."""
    if task_path not in _ATTEMPTS and task_path.startswith("localaction."):
        with suppress(ImportError):  # a task that no longer exists: one attempt
            import_string(task_path)
    return _ATTEMPTS.get(task_path, 1)


def retry_delay(attempt: int, *, base_seconds: float) -> timedelta:
    """How long to wait after failed attempt `attempt` (1, 2, …): doubling."""
    return timedelta(seconds=base_seconds * 2 ** (attempt - 1))


def enqueue(declared: Task, *args: Any, delay: timedelta | None = None, **kwargs: Any):
    """Queue `declared`, after `delay` where the backend can wait.

    The database backend writes the task in the caller's transaction: a request
    that is rejected (rolled back) queues nothing, and a worker never sees a task
    before the rows it is about."""
    chosen = declared
    if delay and chosen.get_backend().supports_defer:
        chosen = chosen.using(run_after=timezone.now() + delay)
    return chosen.enqueue(*args, **kwargs)


def daily(declared: Task) -> Task:
    """Have the workers queue `declared` (no arguments) once a day, whatever
    their number: the first worker awake after midnight (UTC) queues it."""
    _DAILY.append(declared)
    return declared


def queue_daily_tasks() -> list[Task]:
    """Queue today's daily tasks that no worker has queued yet; returns them."""
    today = timezone.now().date().isoformat()
    queued = []
    for declared in _DAILY:
        # cache.add is atomic on Redis: one worker wins the day.
        if cache.add(f"background:daily:{declared.module_path}:{today}", True, 2 * 24 * 3600):
            declared.enqueue()
            queued.append(declared)
    return queued


def rerun(result):
    """Queue a failed task (a DBTaskResult) again: a new task, same arguments."""
    from django_tasks_db.models import DBTaskResult

    declared = result.task
    again = declared.enqueue(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
    return DBTaskResult.objects.get(pk=again.id)


def on_beat(check: Callable[[], None]) -> Callable[[], None]:
    """Have every worker call `check` at each heartbeat: short work that keeps
    shared state fresh so that requests need not (e.g. the report's data stamp)."""
    _BEATS.append(check)
    return check


def run_beats() -> None:
    for check in _BEATS:
        check()
