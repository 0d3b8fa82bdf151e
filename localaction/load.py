"""The load bench (`localaction bench load`): public pages under a crowd.

The platform is served as production serves it — gunicorn with three sync
workers, `DEBUG` off, static files collected and served by whitenoise, a task
worker beside it — on a loopback port, on the demo network in a database file
of its own under var/. A bounded load generator (asyncio, plain HTTP/1.1 over
loopback, a fixed number of clients for a fixed time) then asks each page in
turn as anonymous visitors do, and a static file served by the same gunicorn
as the baseline: what the same server does when the application does nothing.

Nothing here sends a request anywhere but 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
WORKERS = 3
# A request that takes longer than this counts as failed (and ends).
REQUEST_TIMEOUT_S = 30.0
# The goal of issue 11: 20 clients, at least 150 requests/s, p95 under 150 ms.
GOAL_REQUESTS_PER_S = 150.0
GOAL_P95_MS = 150.0


class LoadError(RuntimeError):
    """The bench could not prepare or start what it measures."""


@dataclass
class Run:
    """What one page did under load: every answered request's latency and status."""

    name: str
    path: str
    clients: int
    seconds: float = 0.0
    latencies_s: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)  # connection errors, timeouts

    @property
    def requests(self) -> int:
        return len(self.latencies_s)

    @property
    def ok(self) -> int:
        return self.statuses[200]

    @property
    def requests_per_s(self) -> float:
        """Answers with status 200 a second (anything else does not count)."""
        return self.ok / self.seconds if self.seconds else 0.0

    def percentile_ms(self, share: float) -> float:
        """The latency (ms) below which `share` (0–1) of the requests answered
        (nearest rank)."""
        if not self.latencies_s:
            return float("nan")
        ordered = sorted(self.latencies_s)
        rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
        return ordered[rank - 1] * 1000

    @property
    def max_ms(self) -> float:
        return max(self.latencies_s, default=float("nan")) * 1000

    @property
    def meets_goal(self) -> bool:
        return (
            self.requests_per_s >= GOAL_REQUESTS_PER_S
            and self.percentile_ms(0.95) < GOAL_P95_MS
            and self.ok == self.requests
            and not self.failures
        )


async def _request(port: int, path: str, language: str) -> int:
    """One GET on a new connection (sync gunicorn workers close each one); the
    response is read to its end. Returns the status."""
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAccept-Language: {language}\r\n"
            "User-Agent: localaction-bench-load\r\nConnection: close\r\n\r\n".encode()
        )
        await writer.drain()
        head = await reader.readline()
        await reader.read()  # the rest, to the end
    finally:
        writer.close()
    parts = head.split()
    if len(parts) < 2 or not parts[1].isdigit():
        raise ConnectionError(f"not an HTTP answer: {head[:80]!r}")
    return int(parts[1])


async def _client(run: Run, port: int, language: str, deadline: float) -> None:
    loop = asyncio.get_running_loop()
    while loop.time() < deadline:
        started = loop.time()
        try:
            status = await asyncio.wait_for(_request(port, run.path, language), REQUEST_TIMEOUT_S)
        except (OSError, TimeoutError) as error:
            run.failures[type(error).__name__] += 1
            continue
        run.latencies_s.append(loop.time() - started)
        run.statuses[status] += 1


async def _load(run: Run, port: int, seconds: float, language: str) -> Run:
    loop = asyncio.get_running_loop()
    started = loop.time()
    deadline = started + seconds
    await asyncio.gather(*(_client(run, port, language, deadline) for _ in range(run.clients)))
    # Clients stop asking at the deadline; the last answers may come a little after.
    run.seconds = loop.time() - started
    return run


def load(
    name: str, path: str, *, port: int, clients: int, seconds: float, language: str = "en"
) -> Run:
    """`clients` clients ask for `path` one request after another for `seconds`."""
    if clients < 1 or seconds <= 0:
        raise ValueError("At least one client, for more than 0 seconds.")
    return asyncio.run(_load(Run(name, path, clients), port, seconds, language))


# The server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def environment(*, database: Path, var: Path) -> dict[str, str]:
    """Production settings for the processes the bench starts: a key of their
    own, DEBUG off, the bench database, static files and cache in `var`."""
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PYTEST") and key not in {"DEBUG", "DATABASE_URL"}
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "localaction.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "LOCALACTION_VAR": str(var),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "SECURE_COOKIES": "0",
        "LOG_LEVEL": "WARNING",
    }


def _localaction(*arguments: str, env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "localaction", *arguments]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise LoadError(f"`localaction {' '.join(arguments)}` failed:\n{done.stderr[-4000:]}")


def prepare(*, env: dict[str, str], members: int, seed: int) -> None:
    """The bench database migrated and holding the demo network (built once,
    then reused), and the static files collected into the bench's folder."""
    _localaction("migrate", "--noinput", "-v", "0", env=env)
    _localaction("demo", "--if-empty", "--members", str(members), "--seed", str(seed), env=env)
    _localaction("collectstatic", "--noinput", "-v", "0", env=env)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def get(port: int, path: str) -> tuple[int, str]:
    """One request from the bench itself (warming up, finding links)."""
    request = urllib.request.Request(
        f"http://{HOST}:{port}{path}", headers={"Accept-Language": "en"}
    )
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


@contextmanager
def serving(*, env: dict[str, str], logs: Path, workers: int = WORKERS) -> Iterator[int]:
    """gunicorn (`workers` sync workers) on a free loopback port and one task
    worker, stopped on leaving; yields the port once the server answers."""
    port = free_port()
    with ExitStack() as running:
        web_log = (logs / "gunicorn.log").open("w")
        running.callback(web_log.close)
        web = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "localaction.wsgi", "--bind", f"{HOST}:{port}",
             "--workers", str(workers), "--timeout", "120"],
            env=env, stdout=web_log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        running.callback(_stop, web)
        worker_log = (logs / "worker.log").open("w")
        running.callback(worker_log.close)
        worker = subprocess.Popen(
            [sys.executable, "-m", "localaction", "worker", "--no-reload", "--no-startup-delay"],
            env=env, stdout=worker_log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        running.callback(_stop, worker)
        deadline = time.monotonic() + 60
        while True:
            if web.poll() is not None:
                raise LoadError(f"gunicorn stopped:\n{(logs / 'gunicorn.log').read_text()}")
            try:
                get(port, "/")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise LoadError("gunicorn did not answer within 60 s.") from None
                time.sleep(0.2)
        yield port


def ready(port: int, path: str, *, seconds: float = 120) -> None:
    """Ask for `path` until it answers 200: a scope of the report nobody asked
    for before is prepared by the worker first (202 meanwhile)."""
    deadline = time.monotonic() + seconds
    while True:
        status, body = get(port, path)
        if status == 200:
            return
        if status != 202 or time.monotonic() > deadline:
            raise LoadError(f"{path} answers {status}:\n{body[:2000]}")
        time.sleep(0.5)


PROFILE_LINK = re.compile(r'href="(/members/(?!new/|import/|download)[^/"?]+/)"')
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')


def largest_member_profile(port: int) -> str:
    """The profile of the most populous published member (the directory sorted
    by population)."""
    status, page = get(port, "/members/?ordering=-population")
    found = PROFILE_LINK.search(page)
    if status != 200 or not found:
        raise LoadError("No member profile found in the directory.")
    return found.group(1)


def stylesheet(port: int) -> str:
    """The site's style sheet as pages link it (collected, hashed)."""
    status, page = get(port, "/")
    found = STYLESHEET.search(page)
    if status != 200 or not found:
        raise LoadError("The home page links no style sheet.")
    return found.group(1)


@dataclass(frozen=True)
class Bench:
    runs: list[Run]
    baseline: Run
    profile: str


def bench(
    *,
    database: Path,
    members: int,
    seed: int,
    clients: int,
    seconds: float,
    profile: str | None = None,
    warm_seconds: float = 2.0,
    say=print,
) -> Bench:
    """Prepare, serve, and load each page and the static baseline in turn."""
    with tempfile.TemporaryDirectory(prefix="localaction-load-") as folder:
        var = Path(folder)
        env = environment(database=database, var=var)
        say(f"Preparing {database} (migrate, demo network of {members:,}) and static files…")
        prepare(env=env, members=members, seed=seed)
        with serving(env=env, logs=var) as port:
            profile = profile or largest_member_profile(port)
            pages = [
                ("home", "/"),
                ("members", "/members/"),
                ("report", "/report/"),
                ("profile", profile),
            ]
            baseline_path = stylesheet(port)
            say(
                f"gunicorn ({WORKERS} sync workers, DEBUG off) and one task worker on "
                f"{HOST}:{port}; {clients} clients, {seconds:g} s per page."
            )
            for _name, path in pages:
                ready(port, path)
            runs = []
            for name, path in pages:
                load(name, path, port=port, clients=clients, seconds=warm_seconds)
                runs.append(load(name, path, port=port, clients=clients, seconds=seconds))
            load("static", baseline_path, port=port, clients=clients, seconds=warm_seconds)
            baseline = load(
                "static file", baseline_path, port=port, clients=clients, seconds=seconds
            )
    return Bench(runs, baseline, profile)
