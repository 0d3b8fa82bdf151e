"""Progress of long work, readable by every process through the shared cache.

A page that starts long work makes a `Progress` (queued, with its owner and a
label), passes its key to the task, and shows `/background/<key>/`, which polls
the record until it is finished. The task reports `start(total)`,
`advance(done)` and `finish(outcome)` or `fail(errors)`; a retried task reports
into the same record. Records live a week: they describe work, they are not
the work's result (that is in the database).
"""

from __future__ import annotations

import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.cache import cache
from django.utils.formats import number_format
from django.utils.translation import ngettext

KEEP_SECONDS = 7 * 24 * 60 * 60
# A record is a cache entry: it lists this many problems, then says how many more.
MAX_LISTED_ERRORS = 500
# Writing the record costs a cache round trip: at most this often while advancing.
WRITE_EVERY_SECONDS = 0.5


class Status:
    QUEUED = "queued"
    RUNNING = "running"
    RETRYING = "retrying"
    FINISHED = "finished"
    FAILED = "failed"


@dataclass
class Record:
    key: str
    label: str
    owner: int | None
    status: str = Status.QUEUED
    done: int = 0
    total: int | None = None
    message: str = ""
    outcome: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    next_url: str = ""
    updated: float = field(default_factory=time.time)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))

    @property
    def is_over(self) -> bool:
        return self.status in (Status.FINISHED, Status.FAILED)

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "percent": self.percent, "is_over": self.is_over}


def _cache_key(key: str) -> str:
    return f"background:progress:{key}"


class Progress:
    """The progress record of one piece of work (`key`), as its task reports it."""

    def __init__(self, key: str | None) -> None:
        self.key = key
        self._last_write = 0.0
        self._record: Record | None = None

    @classmethod
    def create(cls, *, label: str, owner: int | None, next_url: str = "") -> Progress:
        """A new record, queued, that `owner` (a user id) may watch."""
        progress = cls(uuid.uuid4().hex)
        progress._record = Record(key=progress.key, label=label, owner=owner, next_url=next_url)
        progress._write()
        return progress

    @staticmethod
    def read(key: str) -> Record | None:
        data = cache.get(_cache_key(key))
        return Record(**data) if data else None

    def _current(self) -> Record | None:
        if self._record is None and self.key:
            self._record = self.read(self.key)
        return self._record

    def _write(self, *, force: bool = True) -> None:
        record = self._current()
        if record is None:
            return
        now = time.monotonic()
        if not force and now - self._last_write < WRITE_EVERY_SECONDS:
            return
        self._last_write = now
        record.updated = time.time()
        cache.set(_cache_key(record.key), asdict(record), KEEP_SECONDS)

    def start(self, total: int | None, message: str = "") -> None:
        if record := self._current():
            record.status, record.total, record.done = Status.RUNNING, total, 0
            record.message, record.errors = message, []
            self._write()

    def advance(self, done: int, message: str = "") -> None:
        if record := self._current():
            record.done = done
            record.message = message or record.message
            self._write(force=False)

    def finish(self, message: str, **outcome: Any) -> None:
        if record := self._current():
            record.status, record.message, record.outcome = Status.FINISHED, message, outcome
            if record.total is not None:
                record.done = record.total
            self._write()

    def fail(self, message: str, errors: list[str] | None = None) -> None:
        """The work was refused for good (bad input): nothing was changed. The
        first MAX_LISTED_ERRORS `errors` are kept, then how many more there were."""
        errors = list(errors or [])
        if len(errors) > MAX_LISTED_ERRORS:
            more = len(errors) - MAX_LISTED_ERRORS
            errors = [
                *errors[:MAX_LISTED_ERRORS],
                ngettext("… and %(count)s more problem.", "… and %(count)s more problems.", more)
                % {"count": number_format(more, force_grouping=True)},
            ]
        if record := self._current():
            record.status, record.message, record.errors = Status.FAILED, message, errors
            self._write()

    def retrying(self, message: str) -> None:
        """An attempt failed unexpectedly; the worker will try again."""
        if (record := self._current()) and not record.is_over:
            record.status, record.message = Status.RETRYING, message
            self._write()
