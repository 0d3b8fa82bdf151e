"""The worker: failed attempts are tried again up to the declared limit, a task
left running by a dead worker is given back to the queue, and two workers
never run one task twice."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from localaction.background.progress import Progress
from localaction.background.tasks import attempts_allowed, queue_daily_tasks, retry_delay
from localaction.background.tests.tasks_for_tests import flaky, once
from localaction.background.worker import Worker, recover_abandoned, say_alive

DATABASE_TASKS = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
    BACKGROUND={
        "HEARTBEAT_SECONDS": 1,
        "ABANDONED_AFTER_SECONDS": 30,
        "RETRY_DELAY_SECONDS": 0,
    },
)


def new_worker(worker_id: str) -> Worker:
    """A worker of the default queue that stops once no task is ready (batch)."""
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def run_worker(worker_id: str = "test-worker") -> Worker:
    worker = new_worker(worker_id)
    for result in DBTaskResult.objects.ready():
        worker.run_task(claimed(result, worker_id))
    return worker


def claimed(result: DBTaskResult, worker_id: str) -> DBTaskResult:
    result.claim(worker_id)
    return result


def drain(worker_id: str = "test-worker") -> None:
    """Run every ready task, again and again, until none is ready."""
    for _round in range(10):
        if not DBTaskResult.objects.ready().exists():
            return
        run_worker(worker_id)


@pytest.fixture
def database_tasks(db):
    with DATABASE_TASKS:
        yield


def test_retry_delay_doubles():
    assert [retry_delay(n, base_seconds=10).total_seconds() for n in (1, 2, 3)] == [10, 20, 40]


def test_declared_attempts_are_known_by_path():
    assert attempts_allowed(flaky.module_path) == 3
    assert attempts_allowed(once.module_path) == 1
    assert attempts_allowed("somewhere.undeclared") == 1


def test_a_process_that_never_ran_a_task_knows_its_attempts():
    # A worker recovering another's task may never have imported its module:
    # it must still give the task its declared attempts (here 2), not one.
    import subprocess
    import sys

    code = (
        "import sys; from localaction.background.tasks import attempts_allowed; "
        "assert 'localaction.background.tests.tasks_for_tests' not in sys.modules; "
        "print(attempts_allowed('localaction.background.tests.tasks_for_tests.slow'), "
        "attempts_allowed('localaction.background.tests.tasks_for_tests.gone'), "
        "attempts_allowed('os.system'))"
    )
    shown = subprocess.run(
        [sys.executable, "-m", "localaction", "shell", "--no-imports", "-c", code],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert shown.stdout.split() == ["2", "1", "1"]


def test_a_failing_task_is_tried_again_and_then_succeeds(database_tasks):
    progress = Progress.create(label="Flaky", owner=None)
    result = flaky.enqueue(key="runs-1", failures=2, progress=progress.key)
    run_worker()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "READY"
    assert "attempt 1 fails on purpose" in row.traceback
    assert Progress.read(progress.key).status == "retrying"
    drain()
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert row.return_value == 3
    assert len(row.worker_ids) == 3
    assert Progress.read(progress.key).status == "finished"


def test_a_task_failing_every_attempt_is_failed_with_its_error_never_lost(database_tasks):
    progress = Progress.create(label="Flaky", owner=None)
    result = flaky.enqueue(key="runs-2", failures=99, progress=progress.key)
    drain()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "FAILED"
    assert len(row.worker_ids) == 3
    assert "attempt 3 fails on purpose" in row.traceback
    assert row.exception_class_path == "builtins.RuntimeError"
    record = Progress.read(progress.key)
    assert record.status == "failed"
    assert "attempt 3" in record.message


def test_a_retry_waits_for_its_delay(database_tasks):
    with override_settings(
        BACKGROUND={
            "HEARTBEAT_SECONDS": 1,
            "ABANDONED_AFTER_SECONDS": 30,
            "RETRY_DELAY_SECONDS": 60,
        }
    ):
        result = flaky.enqueue(key="runs-3", failures=1)
        run_worker()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "READY"
    assert row.run_after > timezone.now() + timedelta(seconds=50)
    assert not DBTaskResult.objects.ready().filter(pk=row.pk).exists()


def _running_since(result_id, *, seconds: int, worker_id: str) -> DBTaskResult:
    row = DBTaskResult.objects.get(pk=result_id)
    row.claim(worker_id)
    DBTaskResult.objects.filter(pk=row.pk).update(
        started_at=timezone.now() - timedelta(seconds=seconds)
    )
    return row


def test_a_task_left_running_by_a_dead_worker_is_picked_up_again(database_tasks):
    result = flaky.enqueue(key="runs-4", failures=0)
    _running_since(result.id, seconds=120, worker_id="killed-worker")
    assert recover_abandoned() == 1
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "READY"
    assert "stopped" in row.traceback
    drain()
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert row.worker_ids == ["killed-worker", "test-worker"]


def test_a_task_whose_worker_is_alive_is_left_alone(database_tasks):
    result = flaky.enqueue(key="runs-5", failures=0)
    _running_since(result.id, seconds=120, worker_id="slow-worker")
    say_alive("slow-worker")
    assert recover_abandoned() == 0
    assert DBTaskResult.objects.get(pk=result.id).status == "RUNNING"


def test_a_dead_workers_task_without_attempts_left_fails(database_tasks):
    result = once.enqueue(key="once-1")
    _running_since(result.id, seconds=120, worker_id="killed-worker")
    assert recover_abandoned() == 1
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "FAILED"
    assert "stopped" in row.traceback


def test_a_claimed_task_is_not_offered_to_another_worker(database_tasks):
    result = once.enqueue(key="once-2")
    claimed(DBTaskResult.objects.ready().get(pk=result.id), "first")
    assert not DBTaskResult.objects.ready().filter(pk=result.id).exists()


def test_daily_tasks_are_queued_once_a_day_whatever_the_number_of_workers(database_tasks):
    from localaction.background import tasks

    tasks._DAILY.append(once)
    try:
        first = queue_daily_tasks()
        second = queue_daily_tasks()
    finally:
        tasks._DAILY.remove(once)
    assert once in first
    assert once not in second
    assert DBTaskResult.objects.filter(task_path=once.module_path).count() == 1


def test_progress_records_are_shared_through_the_cache(db):
    progress = Progress.create(label="Import", owner=7, next_url="/x/")
    worker_side = Progress(progress.key)
    worker_side.start(200, "Reading")
    worker_side.advance(50)
    worker_side.finish("200 lines imported", lines=200)
    cache.close()
    record = Progress.read(progress.key)
    assert (record.status, record.done, record.total, record.percent) == ("finished", 200, 200, 100)
    assert record.outcome == {"lines": 200}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_waits_out_a_database_locked_when_it_looks_for_work(monkeypatch):
    # On SQLite the transaction in which a worker claims a task can fail to
    # begin while another connection writes ("database table is locked"):
    # the worker waits and goes on, it does not die. (Outside a test's
    # transaction: the worker closes connections left out of autocommit, as
    # a worker process must.)
    from contextlib import contextmanager

    from django.db import OperationalError
    from django_tasks_db.management.commands import db_worker

    opened = []
    begin = db_worker.exclusive_transaction

    @contextmanager
    def locked_once(using):
        opened.append(using)
        if len(opened) == 1:
            raise OperationalError("database table is locked")
        with begin(using):
            yield

    monkeypatch.setattr(db_worker, "exclusive_transaction", locked_once)
    monkeypatch.setattr(Worker, "_beat", lambda worker: None)  # no heartbeat thread here
    with DATABASE_TASKS:
        result = once.enqueue(key="after-a-lock")
    worker = new_worker("locked-out")
    try:
        with DATABASE_TASKS:
            worker.run()
    finally:
        worker.running = False
    assert len(opened) >= 2
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
    assert cache.get("after-a-lock") == "ran"


def test_a_worker_stops_on_a_database_error_that_is_not_a_lock(database_tasks, monkeypatch):
    from django.db import OperationalError
    from django_tasks_db.management.commands import db_worker

    def broken(using):
        raise OperationalError("no such table: django_tasks_database_dbtaskresult")

    monkeypatch.setattr(db_worker, "exclusive_transaction", broken)
    monkeypatch.setattr(Worker, "_beat", lambda worker: None)
    worker = new_worker("broken")
    try:
        with pytest.raises(OperationalError, match="no such table"):
            worker.run()
    finally:
        worker.running = False
