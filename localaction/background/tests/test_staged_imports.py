"""Imports staged, then copied in one short transaction (issue 11, item 4).

An import writes its checked rows into a temporary staging table in batches,
with no lock taken, and copies them into the real tables in one transaction.
A failure anywhere — while staging, or half-way through the copy — must
leave the database as it was, with no staging table behind; and another
writer must never fail with "database is locked" while an import runs.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import OperationalError, connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

from localaction.background import staging
from localaction.background.staging import Stage
from localaction.campaigns.files import import_actions, import_targets
from localaction.campaigns.models import Action, Target
from localaction.inventories import lines as lines_module
from localaction.inventories.models import Inventory, InventoryLine
from localaction.inventories.tests.test_web_import import csv_lines
from localaction.network.members import import_members
from localaction.network.models import Country, LocalGovernment, Region
from localaction.reports.bench_imports import actions_csv, members_csv, targets_csv

ROWS = 60
BATCH = 10


class Injected(Exception):
    """The failure a test injects."""


def _members(cast):
    return import_members(
        members_csv("de-staged", ROWS), filename="m.csv", importer=cast.secretariat
    )


def _targets(cast):
    Inventory.objects.create(local_government=cast.freiburg, year=2010)
    return import_targets(targets_csv(["de-freiburg"], ROWS), "t.csv", importer=cast.editor)


def _actions(cast):
    return import_actions(actions_csv(["de-freiburg"], ROWS), "a.csv", importer=cast.editor)


def _lines(cast):
    return lines_module.import_lines(
        csv_lines(ROWS), filename="l.csv", local_government=cast.freiburg, year=2022
    )


IMPORTS = {
    "members": (
        _members,
        LocalGovernment,
        lambda: LocalGovernment.objects.filter(code__startswith="de-staged"),
    ),
    "targets": (_targets, Target, lambda: Target.objects.all()),
    "actions": (_actions, Action, lambda: Action.objects.all()),
    "lines": (_lines, InventoryLine, lambda: InventoryLine.objects.all()),
}


def _nothing_changed(model, rows) -> None:
    assert not rows().exists()
    if hasattr(model, "history"):
        assert not model.history.filter(history_change_reason__startswith="import of").exists()
    assert not Stage(model, {}).exists()
    if model is InventoryLine:
        assert not Inventory.objects.filter(year=2022).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", IMPORTS)
def test_a_failure_after_some_staged_batches_changes_nothing(cast, monkeypatch, name):
    run, model, rows = IMPORTS[name]
    monkeypatch.setattr(staging, "BATCH", BATCH)
    written, write = [], Stage._write_batch

    def fail_on_the_third(self, sql, batch):
        if len(written) == 2:
            raise Injected
        written.append(len(batch))
        return write(self, sql, batch)

    monkeypatch.setattr(Stage, "_write_batch", fail_on_the_third)
    with pytest.raises(Injected):
        run(cast)
    assert written == [BATCH, BATCH]
    _nothing_changed(model, rows)


@pytest.mark.django_db
@pytest.mark.parametrize("name", IMPORTS)
def test_a_failure_half_way_through_the_copy_changes_nothing(cast, monkeypatch, name):
    """The rows are in the real table when the copy fails: the transaction takes
    them back, and the staging table goes."""
    run, model, rows = IMPORTS[name]
    copied = []

    def fail_after_the_copy(*args, **kwargs):
        copied.append(rows().count())
        raise Injected

    if model is InventoryLine:
        monkeypatch.setattr(lines_module, "inventory_save_summary", fail_after_the_copy)
    else:
        monkeypatch.setattr(Stage, "insert_history", fail_after_the_copy)
    with pytest.raises(Injected):
        run(cast)
    assert copied == [ROWS]
    _nothing_changed(model, rows)


@pytest.mark.django_db
@pytest.mark.parametrize("name", IMPORTS)
def test_an_import_lands_whole_in_batches_with_its_history(cast, monkeypatch, name):
    run, model, rows = IMPORTS[name]
    monkeypatch.setattr(staging, "BATCH", 7)
    result = run(cast)
    assert rows().count() == ROWS
    assert not Stage(model, {}).exists()
    if hasattr(model, "history"):
        records = model.history.filter(history_change_reason__startswith="import of")
        assert records.count() == ROWS == result.created
        assert set(records.values_list("id", flat=True)) == set(rows().values_list("pk", flat=True))
        user = cast.secretariat if model is LocalGovernment else cast.editor
        assert set(records.values_list("history_user", flat=True)) == {user.pk}


# A writer beside an import, on a real SQLite file (the test database lives in
# memory, where WAL and the busy timeout do not apply)

sqlite_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's database-wide write lock",
)


def _file_database(alias: str, path, **options) -> DatabaseWrapper:
    settings_dict = {
        **connections["default"].settings_dict,
        "NAME": str(path),
        "OPTIONS": {**settings.DATABASES["default"]["OPTIONS"], **options},
    }
    return DatabaseWrapper(settings_dict, alias=alias)


@sqlite_only
def test_a_writer_beside_an_import_of_thousands_of_rows_never_finds_the_database_locked(
    django_db_setup, django_db_blocker, tmp_path
):
    """The writer waits at most 1 s for the lock (not the 20 s of the settings):
    every one of its writes succeeds while 3,000 members are imported."""
    with django_db_blocker.unblock():
        _import_beside_a_writer(tmp_path)


def _import_beside_a_writer(tmp_path) -> None:
    path = tmp_path / "db.sqlite3"
    importing = _file_database("default", path)
    original = connections["default"]
    connections["default"] = importing
    try:
        # The tables a member-register import reads and writes, and a country.
        with importing.schema_editor() as editor:
            for model in (User, Region, Country, LocalGovernment, LocalGovernment.history.model):
                editor.create_model(model)
        region = Region.objects.create(code="europe", name="Europe")
        Country.objects.create(code="DE", name="Germany", region=region)
    except BaseException:
        connections["default"] = original
        raise
    outcomes: list[str] = []
    done = threading.Event()

    def writer() -> None:
        login = _file_database("login", path, timeout=1.0)
        connections["login"] = login
        try:
            while not done.is_set():
                try:
                    with transaction.atomic(using="login"), login.cursor() as cursor:
                        cursor.execute("UPDATE network_region SET name = name")
                    outcomes.append("wrote")
                except OperationalError as error:
                    outcomes.append(str(error))
                time.sleep(0.01)
        finally:
            login.close()
            del connections["login"]

    thread = threading.Thread(target=writer)
    try:
        thread.start()
        towns = "".join(f"de-beside-{n},Town {n},DE\n" for n in range(3000))
        result = import_members(f"code,name,country\n{towns}".encode(), filename="m.csv")
    finally:
        done.set()
        thread.join()
        importing.close()
        connections["default"] = original
    assert result.created == 3000
    assert outcomes and set(outcomes) == {"wrote"}
