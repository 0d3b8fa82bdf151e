"""Scaling out, proven: two web processes (gunicorn) and a task worker, each its
own process, on PostgreSQL and Redis as production runs them.

An office publishes an inventory through one web process (the API); the other
web process keeps serving the figures as last computed, saying newer ones are
coming, until the worker has recomputed them — then it serves the new ones.
Two workers then share a queue of tasks and never run one twice.

It needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL): CI runs it in the
PostgreSQL run with LOCALACTION_REQUIRE_SCALE_OUT=1, so it cannot skip there.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from knox.models import AuthToken

from localaction.reports.tests.dashboard_data import FREIBURG_T, YEAR, build_network

# serialized_rollback brings back the regions and countries that migrations load
# (an earlier transactional test may have flushed them).
pytestmark = [
    pytest.mark.scale_out,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NAIROBI_T = 987_654_321


def _needs_production_services() -> None:
    missing = []
    if connection.vendor != "postgresql":
        missing.append("PostgreSQL (DATABASE_URL)")
    if not settings.REDIS_URL:
        missing.append("Redis (REDIS_URL)")
    if missing:
        message = f"the scale-out test needs {' and '.join(missing)}"
        if os.environ.get("LOCALACTION_REQUIRE_SCALE_OUT"):
            pytest.fail(message)
        pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(tmp_path: Path) -> dict[str, str]:
    """Production settings for the child processes, on the test database."""
    database = connection.settings_dict
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    environment.update(
        DATABASE_URL=(
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        REDIS_URL=settings.REDIS_URL,
        SECRET_KEY="scale-out-test-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        LOCALACTION_VAR=str(tmp_path),
        SECURE_COOKIES="0",
        WORKER_HEARTBEAT_SECONDS="0.5",
        WORKER_ABANDONED_AFTER_SECONDS="3",
        REPORTS_STAMP_SECONDS="0.5",
        LOG_LEVEL="WARNING",
        # The test polls the API faster than a client may.
        API_RATE_ANONYMOUS="100000/min",
        API_RATE_SIGNED_IN="100000/min",
    )
    environment.pop("DEBUG", None)
    return environment


def _start(command: list[str], environment: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        command, env=environment, stdout=log.open("w"), stderr=subprocess.STDOUT
    )


def _web(port: int, environment: dict[str, str], log: Path) -> subprocess.Popen:
    return _start(
        [sys.executable, "-m", "gunicorn", "localaction.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--timeout", "120"],
        environment, log,
    )  # fmt: skip


def _worker(name: str, environment: dict[str, str], log: Path) -> subprocess.Popen:
    return _start(
        [sys.executable, "-m", "localaction", "worker", "--no-reload", "--interval", "0.1",
         "--no-startup-delay", "--worker-id", name],
        environment, log,
    )  # fmt: skip


def _text(path: Path) -> str:
    return path.read_text() if path.exists() else ""


def _stopped(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def _get(url: str, **headers: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _post_json(url: str, data: dict, token: str) -> tuple[int, dict]:
    request = urllib.request.Request(
        url,
        data=json.dumps(data).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, json.loads(response.read())


def _wait_until_up(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the process on port {port} stopped:\n{log.read_text()}")
        try:
            _get(f"http://127.0.0.1:{port}/api/schema/")
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"nothing answered on port {port}:\n{log.read_text()}")


def _wait_for(condition, *, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"still not so after {seconds} s")
        time.sleep(0.1)


def _report(port: int) -> dict:
    status, body = _get(f"http://127.0.0.1:{port}/api/report/?year={YEAR}")
    assert status == 200, body
    return json.loads(body)


@pytest.fixture
def production_services():
    """Checked before the test's data are made (skipping costs nothing)."""
    _needs_production_services()


def test_two_web_processes_and_a_worker_share_the_database_and_the_cache(
    production_services, cast, tmp_path, capsys
):
    network = build_network(cast)
    _token, token = AuthToken.objects.create(user=cast.secretariat)
    environment = _environment(tmp_path)
    subprocess.run(
        [sys.executable, "-m", "localaction", "collectstatic", "--noinput", "-v", "0"],
        env=environment, check=True,
    )  # fmt: skip
    one, other = _free_port(), _free_port()
    with ExitStack() as running:
        webs = []
        for port in (one, other):
            log = tmp_path / f"web-{port}.log"
            process = _web(port, environment, log)
            running.callback(_stopped, process)
            webs.append((port, process, log))
        for port, process, log in webs:
            _wait_until_up(port, process, log)

        # A scope nobody asked for before: both processes say it is being
        # prepared (202) until a worker has computed it, once.
        report_url = f"/api/report/?year={YEAR}"
        assert _get(f"http://127.0.0.1:{other}{report_url}")[0] == 202
        assert _get(f"http://127.0.0.1:{one}{report_url}")[0] == 202
        preparer = _worker("worker-first", environment, tmp_path / "worker-first.log")
        _wait_for(lambda: _get(f"http://127.0.0.1:{one}{report_url}")[0] == 200, seconds=60)
        _stopped(preparer)
        prepared = list(
            DBTaskResult.objects.filter(task_path="localaction.reports.tasks.recompute")
        )
        assert [task.status for task in prepared] == ["SUCCESSFUL"]

        before = _report(other)
        assert before["members_reporting"] == 1
        assert before["total_tco2e"] == pytest.approx(FREIBURG_T)

        # The office publishes Nairobi's verified inventory through the first process.
        status, moved = _post_json(
            f"http://127.0.0.1:{one}/api/inventories/{network.nairobi.pk}/move/",
            {"step": "publish"},
            token,
        )
        assert (status, moved["status"]) == (200, "published")
        changed_at = time.monotonic()

        # Without a worker the other process keeps serving the figures it has,
        # at once, and says that newer ones are being prepared.
        time.sleep(1)
        served = _report(other)
        assert served["members_reporting"] == 1
        assert served["newer_figures_being_prepared"] is True
        queued = DBTaskResult.objects.filter(
            task_path="localaction.reports.tasks.recompute"
        ).exclude(pk__in=[task.pk for task in prepared])
        assert queued.filter(status="READY").count() == 1

        worker_log = tmp_path / "worker.log"
        worker = _worker("worker-a", environment, worker_log)
        running.callback(_stopped, worker)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            after = _report(other)
            if not after["newer_figures_being_prepared"] and after["members_reporting"] == 2:
                break
            time.sleep(0.25)
        else:
            pytest.fail(f"the new figures never came:\n{worker_log.read_text()}")
        appeared = time.monotonic() - changed_at
        assert after["total_tco2e"] == pytest.approx(FREIBURG_T + NAIROBI_T)
        assert _report(one)["members_reporting"] == 2
        # The page's body (charts) is made by the same task, after the figures.
        _wait_for(lambda: queued.get().status == "SUCCESSFUL", seconds=30)
        status, page = _get(f"http://127.0.0.1:{one}/report/?year={YEAR}")
        assert status == 200 and "2 members reporting" in " ".join(
            re.sub(r"<[^>]+>", " ", page).split()
        )

        # Two workers, one queue: every task runs exactly once.
        from localaction.background.tests.tasks_for_tests import counted

        second_log = tmp_path / "worker-b.log"
        second = _worker("worker-b", environment, second_log)
        running.callback(_stopped, second)
        # Both workers polling before the tasks come (starting takes seconds).
        _wait_for(lambda: "Starting worker" in _text(second_log), seconds=60)
        with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
            tasks = [counted.enqueue(key=f"scale-out-{n}") for n in range(40)]
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            done = DBTaskResult.objects.filter(
                pk__in=[t.id for t in tasks], status="SUCCESSFUL"
            ).count()
            if done == len(tasks):
                break
            time.sleep(0.25)
        rows = DBTaskResult.objects.filter(pk__in=[t.id for t in tasks])
        assert [row.status for row in rows] == ["SUCCESSFUL"] * len(tasks)
        assert all(len(row.worker_ids) == 1 for row in rows)
        runs = [row.return_value for row in rows]
        assert runs == [1] * len(tasks)  # each task counted its own runs: once
        by_worker = {name: sum(row.worker_ids == [name] for row in rows)
                     for name in ("worker-a", "worker-b")}  # fmt: skip
        assert sum(by_worker.values()) == len(tasks)

        # A worker killed mid-task: the other gives the task back and runs it.
        from localaction.background.tests.tasks_for_tests import slow

        with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
            sleeper = slow.enqueue(seconds=5)
        row = DBTaskResult.objects.filter(pk=sleeper.id)
        _wait_for(lambda: row.get().status == "RUNNING", seconds=30)
        victim = {"worker-a": worker, "worker-b": second}[row.get().worker_ids[0]]
        victim.kill()
        killed_at = time.monotonic()
        _wait_for(lambda: len(row.get().worker_ids) == 2, seconds=60)
        recovered_after = time.monotonic() - killed_at
        assert row.get().worker_ids[0] != row.get().worker_ids[1]

    with capsys.disabled():
        print(
            f"\nscale-out: two gunicorn web processes (ports {one}, {other}), PostgreSQL "
            f"({connection.settings_dict['NAME']}), Redis; the second served the previous "
            f"figures at once while a recomputation was queued; after the worker started, "
            f"its new figures ({after['members_reporting']} members, "
            f"{after['total_tco2e']:,.0f} t CO2e) were served by the other process "
            f"{appeared:.1f} s after the change. 40 tasks on two workers: each ran once "
            f"({by_worker['worker-a']} by worker-a, {by_worker['worker-b']} by worker-b). "
            f"A worker killed (SIGKILL) mid-task: its task was picked up by the other "
            f"{recovered_after:.1f} s later."
        )
