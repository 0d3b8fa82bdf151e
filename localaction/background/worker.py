"""The worker: django-tasks' database worker, plus what running for years needs.

- **Retries.** A task that raises is tried again after a growing delay, up to the
  attempts it was declared with (`tasks.background`); only the last failure
  marks it failed. Its error is kept on the row all along, so the secretariat
  sees why it is waiting.
- **Dead workers.** Each worker says it is alive in the shared cache every few
  seconds (a thread, so a long task does not silence it). A task left running
  by a worker that has gone silent — killed, its machine lost — is given back
  to the queue (or failed, if that was its last attempt) by any other worker.
- **Progress.** A task that reports progress (a `progress` keyword argument,
  see progress.py) has its record marked "retrying" or "failed" with it.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from traceback import format_exception

from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, close_old_connections, connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from localaction.background.progress import Progress
from localaction.background.tasks import (
    attempts_allowed,
    queue_daily_tasks,
    retry_delay,
    run_beats,
)

logger = logging.getLogger("localaction.background")


def _alive_key(worker_id: str) -> str:
    return f"background:worker:{worker_id}"


def _setting(name: str) -> float:
    return float(settings.BACKGROUND[name])


def say_alive(worker_id: str) -> None:
    cache.set(
        _alive_key(worker_id), timezone.now().isoformat(), _setting("ABANDONED_AFTER_SECONDS")
    )


def is_alive(worker_id: str) -> bool:
    return cache.get(_alive_key(worker_id)) is not None


def _error_text(exc: BaseException) -> str:
    return "".join(format_exception(exc))


def _progress_of(result: DBTaskResult) -> Progress:
    return Progress((result.args_kwargs.get("kwargs") or {}).get("progress"))


def _try_again_or_fail(
    result: DBTaskResult, *, error: str, error_class: str, delay: timedelta, retry_message: str
) -> bool:
    """After attempt n of a task went wrong: back to the queue after `delay` if
    it has attempts left (True), else failed (False). The error stays on the row
    either way, so the secretariat sees why it waits or failed."""
    result.traceback, result.exception_class_path = error, error_class
    now = timezone.now()
    if len(result.worker_ids) < attempts_allowed(result.task_path):
        result.status, result.run_after = TaskResultStatus.READY, now + delay
        result.save(update_fields=["status", "run_after", "traceback", "exception_class_path"])
        _progress_of(result).retrying(retry_message)
        return True
    result.status, result.finished_at, result.return_value = TaskResultStatus.FAILED, now, None
    result.save(
        update_fields=["status", "finished_at", "return_value", "traceback", "exception_class_path"]
    )
    return False


def recover_abandoned() -> int:
    """Give back to the queue every task whose worker stopped saying it is alive;
    fail those that had no attempt left. Returns how many were recovered."""
    silent_since = timezone.now() - timedelta(seconds=_setting("ABANDONED_AFTER_SECONDS"))
    recovered = 0
    candidates = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=silent_since
    )
    for pk, worker_ids in candidates.values_list("pk", "worker_ids"):
        if worker_ids and is_alive(worker_ids[-1]):
            continue
        with exclusive_transaction(DBTaskResult.objects.db):
            result = (
                DBTaskResult.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=TaskResultStatus.RUNNING)
                .first()
            )
            if result is None:
                continue
            message = f"The worker running attempt {len(result.worker_ids)} stopped."
            again = _try_again_or_fail(
                result,
                error=message,
                error_class="localaction.background.worker.WorkerStopped",
                delay=timedelta(0),
                retry_message=message,
            )
            if not again:
                _progress_of(result).fail(message)
            recovered += 1
            logger.warning("Task %s (%s): %s", pk, result.task_path, message)
    return recovered


class Worker(DatabaseWorker):
    """django-tasks-db's worker with retries, a heartbeat and recovery."""

    def run(self) -> None:
        say_alive(self.worker_id)
        beating = threading.Thread(target=self._beat, name="heartbeat", daemon=True)
        beating.start()
        while self.running:
            try:
                super().run()
                return
            except OperationalError as error:
                # django-tasks-db waits out a locked database while it claims a
                # task, but not while it opens that transaction: its BEGIN can
                # find the database locked by a long write too. Wait, go on.
                if not is_locked_database_exception(error):
                    raise
                logger.info("Worker %s: the database is locked; waiting.", self.worker_id)
                close_old_connections()
                threading.Event().wait(self.interval or 0.1)

    def _beat(self) -> None:
        interval = _setting("HEARTBEAT_SECONDS")
        while self.running:
            try:
                say_alive(self.worker_id)
                recover_abandoned()
                queue_daily_tasks()
                run_beats()
            except OperationalError:
                # SQLite is busy with a long write: try again at the next beat.
                pass
            except Exception:
                logger.exception("Heartbeat of worker %s failed", self.worker_id)
            finally:
                close_old_connections()
            threading.Event().wait(interval)
        connection.close()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        try:
            self.running_task = True
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=task_result)
            return_value = task.call(*task_result.args, **task_result.kwargs)
            db_task_result.set_successful(return_value)
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        except (KeyboardInterrupt, SystemExit):
            # Stopped on purpose: the row stays running and is recovered later.
            raise
        except Exception as error:
            self._failed(db_task_result, error)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _failed(self, result: DBTaskResult, error: Exception) -> None:
        attempt = len(result.worker_ids)
        allowed = attempts_allowed(result.task_path)
        if _try_again_or_fail(
            result,
            error=_error_text(error),
            error_class=f"{type(error).__module__}.{type(error).__qualname__}",
            delay=retry_delay(attempt, base_seconds=_setting("RETRY_DELAY_SECONDS")),
            retry_message=f"Attempt {attempt} of {allowed} failed ({error}); trying again.",
        ):
            logger.warning(
                "Task %s attempt %s of %s failed: %s", result.pk, attempt, allowed, error
            )
            return
        _progress_of(result).fail(str(error) or type(error).__name__)
        logger.error("Task %s failed after %s attempts: %s", result.pk, attempt, error)
        try:
            task_finished.send(
                sender=type(result.task.get_backend()), task_result=result.task_result
            )
        except Exception:
            logger.exception("Task %s: could not announce its failure", result.pk)
