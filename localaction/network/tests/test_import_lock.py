"""Large imports and the database's write lock (issue 11, probe finding 4).

A 50,000-row file kept the write lock for the whole 37 s of its reading and
checking, and a login meanwhile failed with "database is locked". An import
now checks its file with no transaction open and writes in one short
transaction; SQLite waits for the lock instead of failing; a file over the
limits is refused before it is parsed.
"""

from __future__ import annotations

import io
import threading

import pytest
from django.conf import settings
from django.db import connection, connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.db.utils import OperationalError

from localaction.network import members
from localaction.network.members import import_members
from localaction.network.models import LocalGovernment
from localaction.tables import ImportFailed, read_table, write_table

HEADER = "code,name,country"


def rows(count: int, *, start: int = 0) -> bytes:
    lines = [HEADER, *(f"de-town-{n},Town {n},DE" for n in range(start, start + count))]
    return ("\n".join(lines) + "\n").encode()


def opened() -> int:
    """How many transactions the import opened (the test runs inside its own)."""
    return len(connection.atomic_blocks) - OUTER


OUTER = 1  # the test's own transaction (pytest-django)


@pytest.mark.django_db
def test_an_import_checks_its_rows_outside_any_transaction_and_writes_in_one(monkeypatch):
    """The write lock is taken only once every row is checked and staged:
    checking is most of an import's time (37 s of 50,000 rows)."""
    seen: dict[str, set[int]] = {"checking": set(), "staging": set(), "saving": set()}
    read_row, stage, apply = members._read_row, members._Writes.stage_rows, members._Writes.apply

    def watched_read_row(*args, **kwargs):
        seen["checking"].add(opened())
        return read_row(*args, **kwargs)

    def watched_stage(*args, **kwargs):
        seen["staging"].add(opened())
        return stage(*args, **kwargs)

    def watched_apply(*args, **kwargs):
        seen["saving"].add(opened())
        return apply(*args, **kwargs)

    monkeypatch.setattr(members, "_read_row", watched_read_row)
    monkeypatch.setattr(members._Writes, "stage_rows", watched_stage)
    monkeypatch.setattr(members._Writes, "apply", watched_apply)
    result = import_members(rows(50), filename="towns.csv")
    assert result.created == 50
    assert seen == {"checking": {0}, "staging": {0}, "saving": {1}}


@pytest.mark.django_db
def test_a_register_changed_while_the_file_was_checked_is_checked_again(monkeypatch):
    """Someone adds a code the file creates between the check and the write: the
    write is abandoned before it begins, the file checked again (outside the
    write transaction), and that row updates."""
    checked, calls = members._checked, []

    def checked_then_raced(table, importer):
        calls.append(opened())
        result = checked(table, importer)
        if len(calls) == 1:
            LocalGovernment.objects.create(code="de-town-0", name="Raced", country_id="DE")
        return result

    monkeypatch.setattr(members, "_checked", checked_then_raced)
    result = import_members(rows(3), filename="towns.csv")
    assert calls == [0, 0]
    assert (result.created, result.updated) == (2, 1)
    assert LocalGovernment.objects.get(code="de-town-0").name == "Town 0"


# The limits, before parsing


def test_a_csv_file_over_the_row_limit_is_refused_before_it_is_parsed(settings, monkeypatch):
    settings.IMPORT_MAX_ROWS = 100
    parsed = []
    monkeypatch.setattr(
        "localaction.tables._csv_cells", lambda content: parsed.append(content) or []
    )
    with pytest.raises(ImportFailed) as refused:
        read_table(rows(101), filename="towns.csv", columns=["code", "name", "country"])
    assert parsed == []
    assert "more than 100 rows" in str(refused.value)


def test_a_csv_file_at_the_row_limit_is_read(settings):
    settings.IMPORT_MAX_ROWS = 100
    table = read_table(rows(100), filename="towns.csv", columns=["code", "name", "country"])
    assert len(table.rows) == 100


def test_a_workbook_over_the_row_limit_is_refused_as_its_rows_are_counted(settings):
    settings.IMPORT_MAX_ROWS = 100
    for count, refused in ((100, False), (101, True)):
        target = io.BytesIO()
        write_table(
            [(f"de-town-{n}", f"Town {n}", "DE") for n in range(count)],
            columns=["code", "name", "country"],
            format="xlsx",
            target=target,
        )
        content = target.getvalue()
        if refused:
            with pytest.raises(ImportFailed, match="more than 100 rows"):
                read_table(content, filename="towns.xlsx", columns=["code", "name", "country"])
        else:
            table = read_table(content, filename="towns.xlsx", columns=["code", "name", "country"])
            assert len(table.rows) == 100


def test_a_file_over_the_byte_limit_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(ImportFailed, match="at most 1,000"):
        read_table(rows(100), filename="towns.csv", columns=["code", "name", "country"])


# SQLite: WAL, a busy timeout, and writers that queue


sqlite_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's locking",
)


def _file_database(alias: str, path, **options) -> DatabaseWrapper:
    """A connection with the project's SQLite settings to a database file (the
    test database lives in memory, where WAL and file locks do not apply)."""
    settings_dict = {
        **connections["default"].settings_dict,
        "NAME": str(path),
        "OPTIONS": {**settings.DATABASES["default"]["OPTIONS"], **options},
    }
    wrapper = DatabaseWrapper(settings_dict, alias=alias)
    connections[alias] = wrapper
    return wrapper


@sqlite_only
def test_the_settings_make_sqlite_wait_for_the_write_lock_in_wal_mode():
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
    assert "journal_mode=WAL" in options["init_command"]


def _writer_holding_the_lock(path, held: threading.Event, release: threading.Event) -> None:
    writer = _file_database("import", path)
    try:
        with transaction.atomic(using="import"), writer.cursor() as cursor:
            cursor.execute("INSERT INTO t (n) VALUES (1)")
            held.set()
            release.wait(5)
    finally:
        writer.close()
        del connections["import"]


def _race(path, **options) -> list[str]:
    """An import holds the write lock for 0.3 s; meanwhile a login reads, then
    writes. What happened to the login's write ('wrote', or the error)."""
    setup = _file_database("setup", path)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE t (n integer)")
        journal = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    setup.close()
    del connections["setup"]
    assert journal == "wal"
    held, release = threading.Event(), threading.Event()
    writer = threading.Thread(target=_writer_holding_the_lock, args=(path, held, release))
    writer.start()
    held.wait(5)
    threading.Timer(0.3, release.set).start()
    login = _file_database("login", path, **options)
    outcome = []
    try:
        with transaction.atomic(using="login"), login.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM t")  # the session, the user
            cursor.execute("INSERT INTO t (n) VALUES (2)")  # last_login
        outcome.append("wrote")
    except OperationalError as error:
        outcome.append(str(error))
    finally:
        login.close()
        del connections["login"]
        release.set()
        writer.join()
    return outcome


@sqlite_only
def test_a_login_waits_for_an_import_s_write_instead_of_failing(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():
        assert _race(tmp_path / "db.sqlite3") == ["wrote"]


@sqlite_only
def test_without_immediate_transactions_the_login_fails(tmp_path, django_db_blocker):
    """The failure the settings prevent: a transaction that read before it
    writes cannot wait for the lock, whatever the timeout."""
    with django_db_blocker.unblock():
        outcome = _race(tmp_path / "db.sqlite3", transaction_mode="DEFERRED")
    assert outcome == ["database is locked"]


@pytest.mark.django_db
def test_the_prepared_writes_leave_the_history_bulk_create_with_history_would(cast):
    """One history record per row created (+) or changed (~), with its values,
    its parent's new primary key, the file's name and the importer."""
    staff = cast.staff
    content = (
        b"code,name,country,parent_code\n"
        b"de-child,Child,DE,de-parent\n"
        b"de-parent,Parent,DE,\n"
        b"de-freiburg,Freiburg im Breisgau,DE,de-parent\n"
    )
    result = import_members(content, filename="nested.csv", importer=staff)
    assert (result.created, result.updated) == (2, 1)
    child, parent, freiburg = (
        LocalGovernment.objects.get(code=code) for code in ("de-child", "de-parent", "de-freiburg")
    )
    assert child.parent_id == parent.pk == freiburg.parent_id
    records = {
        record.code: record
        for record in LocalGovernment.history.filter(history_change_reason="import of nested.csv")
    }
    assert sorted(records) == ["de-child", "de-freiburg", "de-parent"]
    assert records["de-child"].history_type == "+"
    assert records["de-freiburg"].history_type == "~"
    for code, record in records.items():
        current = LocalGovernment.objects.get(code=code)
        assert (record.id, record.parent_id, record.name) == (
            current.pk,
            current.parent_id,
            current.name,
        )
        assert record.history_user_id == staff.pk
