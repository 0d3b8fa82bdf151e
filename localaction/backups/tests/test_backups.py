"""Backups restore: a backup taken while another connection keeps committing
holds every row committed before it started, in a consistent state, and comes
back whole into an empty database with the uploaded files — on SQLite and (when
the tests run on it) PostgreSQL. A damaged archive and a database that is not
empty are refused before anything changes.

The databases here are the tests' own (files under tmp_path; `la_backup_src`
and `la_backup_dst` on the PostgreSQL server), never the test database.
"""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from localaction.backups.archive import (
    DATABASE_FILES,
    BackupError,
    read_manifest,
    restore_backup,
    take_backup,
    verify_backup,
)

SQLITE = "django.db.backends.sqlite3"
POSTGRESQL = "django.db.backends.postgresql"
MIGRATIONS = [("network", "0001_initial"), ("network", "0002_offices"), ("reports", "0001_initial")]
SCHEMA = (
    "CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT, name TEXT)",
    # A batch of `size` items is written in one transaction: a consistent copy
    # has, for every batch, all its items or no batch at all.
    "CREATE TABLE batch (id INTEGER PRIMARY KEY, size INTEGER NOT NULL)",
    "CREATE TABLE item (id INTEGER PRIMARY KEY, batch_id INTEGER NOT NULL, n INTEGER NOT NULL)",
)
# Enough rows that copying them takes a while, with the writer still at work.
PRELOADED_BATCHES = 2_000
WRITES_BEFORE_THE_BACKUP = 20


class Writer(threading.Thread):
    """Commits batches one transaction at a time on its own connection, noting
    each batch's id once its COMMIT has returned."""

    def __init__(self, write_batch: Callable[[int], int]) -> None:
        super().__init__(daemon=True)
        self.write_batch = write_batch
        self.committed: list[int] = []
        self.error: BaseException | None = None
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            size = 0
            while not self.stopping.is_set():
                size = size % 7 + 1
                self.committed.append(self.write_batch(size))
        except BaseException as error:  # reported by the test
            self.error = error

    def wait_for(self, count: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while len(self.committed) < count:
            assert self.error is None, self.error
            assert time.monotonic() < deadline, f"only {len(self.committed)} batches committed"
            time.sleep(0.005)

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=30)
        assert self.error is None, self.error


def media(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


@pytest.fixture
def uploads(tmp_path) -> Path:
    root = tmp_path / "media"
    (root / "imports").mkdir(parents=True)
    (root / "imports" / "register.csv").write_bytes(b"code,name\nde-a,A\n")
    (root / "plans" / "2024").mkdir(parents=True)
    (root / "plans" / "2024" / "plan é.pdf").write_bytes(b"%PDF-1.7 " + bytes(range(256)) * 40)
    return root


def check_restored(rows: Iterator[tuple[int, int, int]], committed_before: list[int]) -> None:
    """Every batch committed before the backup is there, and every batch whole."""
    found: dict[int, tuple[int, int]] = {}
    for batch, size, items in rows:
        found[batch] = (size, items)
    assert set(committed_before) <= set(found)
    assert {batch: size for batch, (size, items) in found.items() if size != items} == {}


# SQLite


def sqlite_database(path: Path) -> dict[str, object]:
    return {"ENGINE": SQLITE, "NAME": path}


@pytest.fixture
def sqlite_source(tmp_path) -> Path:
    path = tmp_path / "source.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    for statement in SCHEMA:
        connection.execute(statement)
    connection.executemany("INSERT INTO django_migrations (app, name) VALUES (?, ?)", MIGRATIONS)
    for _ in range(PRELOADED_BATCHES):
        batch = connection.execute("INSERT INTO batch (size) VALUES (5)").lastrowid
        connection.executemany(
            "INSERT INTO item (batch_id, n) VALUES (?, ?)", [(batch, n) for n in range(5)]
        )
    connection.commit()
    connection.close()
    return path


def sqlite_writer(path: Path) -> Writer:
    connection = sqlite3.connect(path, isolation_level=None, timeout=30, check_same_thread=False)

    def write_batch(size: int) -> int:
        connection.execute("BEGIN IMMEDIATE")
        batch = connection.execute("INSERT INTO batch (size) VALUES (?)", (size,)).lastrowid
        for n in range(size):
            connection.execute("INSERT INTO item (batch_id, n) VALUES (?, ?)", (batch, n))
        connection.execute("COMMIT")
        assert batch is not None
        return batch

    return Writer(write_batch)


SQLITE_BATCHES = """
    SELECT batch.id, batch.size, count(item.id) FROM batch
    LEFT JOIN item ON item.batch_id = batch.id GROUP BY batch.id
"""


def test_sqlite_backup_taken_while_writing_restores_every_committed_row(
    sqlite_source, uploads, tmp_path
):
    writer = sqlite_writer(sqlite_source)
    writer.start()
    writer.wait_for(WRITES_BEFORE_THE_BACKUP)
    committed_before = list(writer.committed)
    archive = tmp_path / "backup.tar.gz"
    manifest = take_backup(archive, database=sqlite_database(sqlite_source), media_root=uploads)
    # The backup held no lock that stopped the writer.
    writer.wait_for(len(writer.committed) + 5)
    writer.stop()

    assert manifest.database == "sqlite"
    assert manifest.migrations == {
        "network": ["0001_initial", "0002_offices"],
        "reports": ["0001_initial"],
    }
    assert set(manifest.checksums) == {
        "database.sqlite3",
        "media/imports/register.csv",
        "media/plans/2024/plan é.pdf",
    }
    assert read_manifest(archive) == manifest

    target, restored_media = tmp_path / "restored" / "db.sqlite3", tmp_path / "restored-media"
    restore_backup(archive, database=sqlite_database(target), media_root=restored_media)
    connection = sqlite3.connect(target)
    check_restored(connection.execute(SQLITE_BATCHES), committed_before)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    batches = connection.execute("SELECT count(*) FROM batch").fetchone()[0]
    connection.close()
    assert PRELOADED_BATCHES + len(committed_before) <= batches
    assert batches <= PRELOADED_BATCHES + len(writer.committed)
    assert media(restored_media) == media(uploads)


def test_restore_refuses_a_database_that_is_not_empty(sqlite_source, uploads, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    take_backup(archive, database=sqlite_database(sqlite_source), media_root=uploads)
    with pytest.raises(BackupError, match=r"is not empty .* Restore only into an empty database"):
        restore_backup(archive, database=sqlite_database(sqlite_source), media_root=tmp_path / "m")
    assert not (tmp_path / "m").exists()


def test_restore_refuses_a_media_folder_that_is_not_empty(sqlite_source, uploads, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    take_backup(archive, database=sqlite_database(sqlite_source), media_root=uploads)
    target = tmp_path / "new.sqlite3"
    with pytest.raises(BackupError, match=r"media folder .* is not empty"):
        restore_backup(archive, database=sqlite_database(target), media_root=uploads)
    assert not target.exists()


def test_restore_refuses_another_kind_of_database(sqlite_source, uploads, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    take_backup(archive, database=sqlite_database(sqlite_source), media_root=uploads)
    postgresql = {"ENGINE": POSTGRESQL, "NAME": "la_backup_nowhere"}
    with pytest.raises(BackupError, match="backup is of a sqlite database"):
        restore_backup(archive, database=postgresql, media_root=tmp_path / "m")


def rewritten(archive: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """A copy of `archive` with each member's content changed (None: left out)."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source:
            handle = source.extractfile(member)
            content = change(member.name, handle.read() if handle else b"")
            if content is not None:
                member.size = len(content)
                copy.addfile(member, io.BytesIO(content))
    return target


@pytest.mark.parametrize(
    "change, problem",
    [
        (
            lambda name, content: content + b"x" if name.endswith("register.csv") else content,
            "media/imports/register.csv: altered",
        ),
        (
            lambda name, content: None if name == DATABASE_FILES["sqlite"] else content,
            "database.sqlite3: missing",
        ),
    ],
    ids=["altered", "missing"],
)
def test_a_damaged_archive_is_refused_before_anything_changes(
    sqlite_source, uploads, tmp_path, change, problem
):
    archive = tmp_path / "backup.tar.gz"
    take_backup(archive, database=sqlite_database(sqlite_source), media_root=uploads)
    damaged = rewritten(archive, tmp_path / "damaged.tar.gz", change)
    target = tmp_path / "new.sqlite3"
    with pytest.raises(BackupError, match="is damaged; nothing was restored") as refused:
        restore_backup(damaged, database=sqlite_database(target), media_root=tmp_path / "m")
    assert problem in str(refused.value)
    assert not target.exists()
    assert verify_backup(archive).database == "sqlite"


def test_what_is_not_a_backup_is_refused(tmp_path):
    path = tmp_path / "notes.tar.gz"
    path.write_bytes(b"hello")
    with pytest.raises(BackupError, match="is not a backup archive"):
        verify_backup(path)


def run(*arguments: str, environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "localaction", *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_backup_and_restore_commands(sqlite_source, tmp_path):
    """`localaction backup` and `localaction restore` on the configured database
    and media folder (LOCALACTION_VAR/media)."""
    source_var, target_var = tmp_path / "source-var", tmp_path / "target-var"
    (source_var / "media" / "imports").mkdir(parents=True)
    (source_var / "media" / "imports" / "a.csv").write_text("code\nde-a\n")
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    source = {
        **environment,
        "DATABASE_URL": f"sqlite:///{sqlite_source}",
        "LOCALACTION_VAR": str(source_var),
    }
    target = {
        **environment,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'target.sqlite3'}",
        "LOCALACTION_VAR": str(target_var),
    }
    archive = tmp_path / "nightly.tar.gz"

    backed_up = run("backup", str(archive), environment=source)
    assert backed_up.returncode == 0, backed_up.stderr
    assert "Backed up the sqlite database and 1 uploaded file" in backed_up.stdout
    restored = run("restore", str(archive), environment=target)
    assert restored.returncode == 0, restored.stderr
    assert (target_var / "media" / "imports" / "a.csv").read_text() == "code\nde-a\n"
    connection = sqlite3.connect(tmp_path / "target.sqlite3")
    assert connection.execute("SELECT count(*) FROM batch").fetchone() == (PRELOADED_BATCHES,)
    connection.close()


def test_restore_command_says_why_it_refuses(sqlite_source, uploads, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    take_backup(archive, database=sqlite_database(sqlite_source), media_root=uploads)
    damaged = rewritten(
        archive,
        tmp_path / "damaged.tar.gz",
        lambda name, content: content if name == "manifest.json" else content + b"x",
    )
    with pytest.raises(CommandError, match="is damaged; nothing was restored"):
        call_command("restore", "--check", str(damaged))
    out = io.StringIO()
    call_command("restore", "--check", str(archive), stdout=out)
    assert "is whole: a sqlite backup" in out.getvalue()


def test_an_in_memory_database_is_refused(uploads, tmp_path):
    with pytest.raises(BackupError, match="in-memory"):
        take_backup(
            tmp_path / "b.tar.gz",
            database={"ENGINE": SQLITE, "NAME": "file:memorydb_default?mode=memory&cache=shared"},
            media_root=uploads,
        )


# PostgreSQL


def postgresql_database(name: str) -> dict[str, object]:
    default = settings.DATABASES["default"]
    return {
        **{key: default.get(key) for key in ("HOST", "PORT", "USER", "PASSWORD")},
        "ENGINE": POSTGRESQL,
        "NAME": name,
    }


@pytest.fixture
def postgresql_databases():
    """`la_backup_src` (the schema, preloaded) and an empty `la_backup_dst`,
    dropped afterwards."""
    if settings.DATABASES["default"]["ENGINE"] != POSTGRESQL:
        pytest.skip("the tests run on SQLite (DATABASE_URL is not postgres://)")
    import psycopg

    server = postgresql_database("postgres")
    names = ("la_backup_src", "la_backup_dst")

    def admin():
        return psycopg.connect(
            dbname="postgres",
            host=server["HOST"] or None,
            port=server["PORT"] or None,
            user=server["USER"] or None,
            password=server["PASSWORD"] or None,
            autocommit=True,
        )

    with admin() as connection:
        for name in names:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {name}")
    source = postgresql_database(names[0])
    with connect(source) as connection:
        for statement in SCHEMA:
            connection.execute(statement.replace("INTEGER PRIMARY KEY", "SERIAL PRIMARY KEY"))
        connection.cursor().executemany(
            "INSERT INTO django_migrations (app, name) VALUES (%s, %s)", MIGRATIONS
        )
        connection.execute(
            "INSERT INTO batch (size) SELECT 5 FROM generate_series(1, %s)", (PRELOADED_BATCHES,)
        )
        connection.execute(
            "INSERT INTO item (batch_id, n) SELECT batch.id, n FROM batch, generate_series(0, 4) n"
        )
    yield source, postgresql_database(names[1])
    with admin() as connection:
        for name in names:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def connect(database: dict[str, object]):
    import psycopg

    return psycopg.connect(
        dbname=database["NAME"],
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        autocommit=True,
    )


def test_postgresql_backup_taken_while_writing_restores_every_committed_row(
    postgresql_databases, uploads, tmp_path
):
    source, target = postgresql_databases
    connection = connect(source)

    def write_batch(size: int) -> int:
        with connection.transaction():
            (batch,) = connection.execute(
                "INSERT INTO batch (size) VALUES (%s) RETURNING id", (size,)
            ).fetchone()
            for n in range(size):
                connection.execute("INSERT INTO item (batch_id, n) VALUES (%s, %s)", (batch, n))
        return batch

    writer = Writer(write_batch)
    writer.start()
    try:
        writer.wait_for(WRITES_BEFORE_THE_BACKUP)
        committed_before = list(writer.committed)
        archive = tmp_path / "backup.tar.gz"
        manifest = take_backup(archive, database=source, media_root=uploads)
        writer.wait_for(len(writer.committed) + 5)
    finally:
        writer.stop()
        connection.close()
    assert manifest.database == "postgresql"
    assert manifest.migrations["network"] == ["0001_initial", "0002_offices"]
    assert "database.pgdump" in manifest.checksums

    restored_media = tmp_path / "restored-media"
    restore_backup(archive, database=target, media_root=restored_media)
    with connect(target) as restored:
        check_restored(
            restored.execute(SQLITE_BATCHES + " ORDER BY batch.id").fetchall(), committed_before
        )
    assert media(restored_media) == media(uploads)
    with pytest.raises(BackupError, match=r"'la_backup_dst' .* is not empty"):
        restore_backup(archive, database=target, media_root=tmp_path / "other-media")
