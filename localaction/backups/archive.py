"""Backups that restore: the database and the uploaded files in one archive.

A backup is a `.tar.gz` holding

- `manifest.json`: when it was taken, the kind of database, the Django
  migrations applied, the platform's version, and the SHA-256 of every other
  member of the archive;
- the database: `database.sqlite3`, a copy made with SQLite's online backup
  API, or `database.pgdump`, a `pg_dump` in its custom format. Either is one
  consistent snapshot (SQLite copies under one read transaction; pg_dump reads
  in one repeatable-read transaction), taken while the platform keeps
  writing: every transaction committed before the backup starts is in it, and
  none half;
- `media/…`: the uploaded files (MEDIA_ROOT, where `background/uploads.py`
  keeps imports waiting for a worker, and the documents members upload).

`restore_backup` checks every checksum before it changes anything, then loads
the database into an empty one of the same kind (it refuses a database that
holds any table, and a media folder that holds any file) and puts the files
back. The README ("Backups") gives a schedule.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

MANIFEST = "manifest.json"
MEDIA = "media"
FORMAT_VERSION = 1
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup could not be taken or restored; the message says why and what to do."""


@dataclass(frozen=True)
class Manifest:
    """What a backup holds: `checksums` maps each member's name to its SHA-256."""

    created: str
    database: str
    migrations: dict[str, list[str]]
    version: str
    checksums: dict[str, str]
    format: int = FORMAT_VERSION

    def as_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "created": self.created,
            "database": self.database,
            "migrations": self.migrations,
            "version": self.version,
            "checksums": self.checksums,
        }

    @classmethod
    def from_json(cls, document: Mapping[str, Any]) -> Manifest:
        if document.get("format") != FORMAT_VERSION:
            raise BackupError(
                f"The archive's format is {document.get('format')!r}; this version of the "
                f"platform restores format {FORMAT_VERSION}."
            )
        return cls(
            created=document["created"],
            database=document["database"],
            migrations=document["migrations"],
            version=document["version"],
            checksums=document["checksums"],
        )


def database_kind(database: Mapping[str, Any]) -> str:
    """`sqlite` or `postgresql` for a Django database's settings; `BackupError` otherwise."""
    engine = database["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        name = str(database["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            raise BackupError("An in-memory SQLite database has nothing to back up or restore to.")
        return "sqlite"
    if engine == "django.db.backends.postgresql":
        return "postgresql"
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {engine}.")


def take_backup(target: Path, *, database: Mapping[str, Any], media_root: Path) -> Manifest:
    """Write a backup of `database` (Django's settings of one database) and of the
    files under `media_root` to the archive `target`; its manifest.

    The archive is written beside `target` and renamed into place once whole,
    so a backup cut short never leaves a file that looks like a backup.
    """
    kind = database_kind(database)
    created = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    target = Path(target)
    with tempfile.TemporaryDirectory(prefix="localaction-backup-") as work:
        dump = Path(work) / DATABASE_FILES[kind]
        if kind == "sqlite":
            _sqlite_copy(Path(database["NAME"]), dump)
            migrations = _sqlite_migrations(dump)
        else:
            # Read first: a migration does not run during a backup, and the dump
            # itself is one snapshot.
            migrations = _postgresql_migrations(database)
            _pg_dump(database, dump)
        checksums = {DATABASE_FILES[kind]: _sha256(dump)}
        media = sorted(_files_under(media_root))
        for path in media:
            checksums[_media_name(path, media_root)] = _sha256(path)
        manifest = Manifest(
            created=created,
            database=kind,
            migrations=migrations,
            version=_version(),
            checksums=checksums,
        )
        partial = target.with_name(f".{target.name}.partial")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                _add_bytes(archive, MANIFEST, json.dumps(manifest.as_json(), indent=2).encode())
                archive.add(dump, arcname=DATABASE_FILES[kind])
                for path in media:
                    archive.add(path, arcname=_media_name(path, media_root))
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def read_manifest(source: Path) -> Manifest:
    """The manifest of the archive `source`, without checking it."""
    with _open(source) as archive:
        return _manifest(archive)


def verify_backup(source: Path) -> Manifest:
    """The archive's manifest once every member's checksum is checked; `BackupError`
    naming each member that is missing, altered or not in the manifest."""
    with _open(source) as archive:
        manifest = _manifest(archive)
        found: dict[str, str] = {}
        problems = []
        for member in archive:
            if member.name == MANIFEST:
                continue
            if not member.isfile():
                problems.append(f"{member.name}: not a file")
                continue
            handle = archive.extractfile(member)
            assert handle is not None  # a regular file
            found[member.name] = _sha256_of(handle)
    for name, checksum in sorted(manifest.checksums.items()):
        if name not in found:
            problems.append(f"{name}: missing")
        elif found[name] != checksum:
            problems.append(f"{name}: altered (its checksum differs from the manifest's)")
    problems.extend(
        f"{name}: not in the manifest" for name in sorted(found.keys() - manifest.checksums.keys())
    )
    if problems:
        raise BackupError(f"{source} is damaged; nothing was restored:\n" + "\n".join(problems))
    return manifest


def restore_backup(source: Path, *, database: Mapping[str, Any], media_root: Path) -> Manifest:
    """Restore the archive `source` into `database` (Django's settings of an empty
    database of the backup's kind) and its files into an empty `media_root`;
    the archive's manifest.

    Checks every checksum and that both targets are empty before changing anything.
    """
    manifest = verify_backup(source)
    kind = database_kind(database)
    if manifest.database != kind:
        raise BackupError(
            f"The backup is of a {manifest.database} database; the configured database is "
            f"{kind}. Restore it into a {manifest.database} database."
        )
    tables = _tables(database)
    if tables:
        raise BackupError(
            f"The database {_describe(database)} is not empty (it has {len(tables)} tables, "
            f"such as {', '.join(sorted(tables)[:3])}). Restore only into an empty database: "
            "create a new one, point DATABASE_URL at it, and run restore again."
        )
    existing = next(_files_under(media_root), None)
    if existing is not None:
        raise BackupError(
            f"The media folder {media_root} is not empty (it holds {existing}). Restore only "
            "into an empty media folder."
        )
    with tempfile.TemporaryDirectory(prefix="localaction-restore-") as work:
        with _open(source) as archive:
            archive.extractall(work, filter="data")
        dump = Path(work) / DATABASE_FILES[kind]
        if kind == "sqlite":
            _sqlite_copy(dump, Path(database["NAME"]))
        else:
            _pg_restore(database, dump)
        media = Path(work) / MEDIA
        if media.is_dir():
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(media, media_root, dirs_exist_ok=True)
    return manifest


# SQLite


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy the database `source` into `target` with SQLite's online backup API:
    in one step, so the copy is the state of one moment, while others keep
    reading and (in WAL mode) writing."""
    if not source.exists():
        raise BackupError(f"There is no SQLite database at {source}.")
    target.parent.mkdir(parents=True, exist_ok=True)
    reading = sqlite3.connect(source, timeout=60)
    try:
        writing = sqlite3.connect(target)
        try:
            reading.backup(writing)
        finally:
            writing.close()
    finally:
        reading.close()


def _sqlite_migrations(path: Path) -> dict[str, list[str]]:
    connection = sqlite3.connect(path)
    try:
        exists = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()
        rows = (
            connection.execute("SELECT app, name FROM django_migrations").fetchall()
            if exists
            else []
        )
    finally:
        connection.close()
    return _by_app(rows)


# PostgreSQL


def _pg_environment(database: Mapping[str, Any]) -> dict[str, str]:
    """libpq's environment for `database`: the password never on a command line."""
    environment = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if database.get(key):
            environment[variable] = str(database[key])
    return environment


def _run(command: list[str], database: Mapping[str, Any], what: str) -> None:
    try:
        result = subprocess.run(
            command, env=_pg_environment(database), capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed; install the PostgreSQL client tools "
            "of the server's version."
        ) from None
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()}")


def _pg_dump(database: Mapping[str, Any], target: Path) -> None:
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
        database,
        "pg_dump",
    )


def _pg_restore(database: Mapping[str, Any], dump: Path) -> None:
    # One transaction: a restore that fails half-way leaves the database empty.
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={database['NAME']}",
            str(dump),
        ],
        database,
        "pg_restore",
    )


def _pg_connect(database: Mapping[str, Any]):
    import psycopg

    return psycopg.connect(
        dbname=database["NAME"],
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        autocommit=True,
    )


def _postgresql_migrations(database: Mapping[str, Any]) -> dict[str, list[str]]:
    with _pg_connect(database) as connection:
        exists = connection.execute("SELECT to_regclass('django_migrations')").fetchone()
        if exists is None or exists[0] is None:
            return {}
        return _by_app(connection.execute("SELECT app, name FROM django_migrations").fetchall())


# Both


def _tables(database: Mapping[str, Any]) -> list[str]:
    """The tables `database` holds (none for a SQLite file that is not there yet)."""
    if database_kind(database) == "sqlite":
        path = Path(database["NAME"])
        if not path.exists():
            return []
        connection = sqlite3.connect(path)
        try:
            rows = connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
        finally:
            connection.close()
    else:
        with _pg_connect(database) as connection:
            rows = connection.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            ).fetchall()
    return [name for (name,) in rows]


def _describe(database: Mapping[str, Any]) -> str:
    if database_kind(database) == "sqlite":
        return str(database["NAME"])
    return f"'{database['NAME']}' on {database.get('HOST') or 'localhost'}"


def _by_app(rows: list[tuple[str, str]]) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(rows):
        applied.setdefault(app, []).append(name)
    return applied


def _version() -> str:
    try:
        return metadata.version("localaction")
    except metadata.PackageNotFoundError:
        return "unknown"


def _files_under(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for directory, _subdirectories, names in os.walk(root):
        for name in names:
            yield Path(directory) / name


def _media_name(path: Path, media_root: Path) -> str:
    return str(PurePosixPath(MEDIA, *path.relative_to(media_root).parts))


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return _sha256_of(handle)


def _sha256_of(handle) -> str:
    digest = hashlib.sha256()
    while chunk := handle.read(_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    info.mode = 0o644
    archive.addfile(info, io.BytesIO(content))


def _open(source: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(source, "r:gz")
    except FileNotFoundError:
        raise BackupError(f"There is no file {source}.") from None
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{source} is not a backup archive ({error}).") from None


def _manifest(archive: tarfile.TarFile) -> Manifest:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError("The archive has no manifest.json: it is not a backup.") from None
    handle = archive.extractfile(member)
    if handle is None:
        raise BackupError("The archive's manifest.json is not a file.")
    try:
        return Manifest.from_json(json.load(handle))
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"The archive's manifest.json cannot be read ({error}).") from None
