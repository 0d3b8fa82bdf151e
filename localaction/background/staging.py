"""Staging an import's rows, so that its write transaction only copies them.

An import lands whole or not at all, so its rows must be written in one
transaction; on SQLite that transaction holds the whole database's write
lock, and every other writer (a login, an edit) waits for it. Saving rows
one by one, or even with prepared `executemany`, kept the lock for seconds
(2.5 s for 5,000 targets, 1.2 s for 50,000 members: `localaction bench
imports`). So an import:

1. reads and checks its file with no transaction open;
2. writes every prepared row into a staging table (`Stage`) in batches, with
   no transaction of the database's open: the staging table is a TEMPORARY
   table, private to the import's connection — on SQLite it lives in the
   connection's own temporary database, so filling it takes no lock another
   connection waits for; on PostgreSQL it is a session's table no one else
   sees;
3. applies it in one short transaction: a few `INSERT … SELECT` and
   `UPDATE … FROM` statements that the database runs on its own, without a
   round trip per row, then the history's rows the same way.

Why a temporary table rather than a model of staged rows tagged by an import
id: it has the exact columns and types of the table it feeds, so the apply
step is plain `INSERT INTO t SELECT … FROM stage` on both engines (a shared
table would hold the rows as JSON, read back with each engine's own JSON
functions); no other import sees it; and no leftover can outlive a crash:
`Stage` drops it when the import ends, however it ends, and the database
drops it with the connection when the process dies. A failure anywhere
before the apply's commit leaves the real tables as they were.

New rows get their primary keys from the staging table (`id`), so that a
row's children and its history can name it within the same statements: on
PostgreSQL the ids are taken from the table's sequence while staging (a
sequence is outside transactions); on SQLite they are known only under the
write lock, where `number_new_rows` gives the staged rows the ids after the
table's last.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

from django.db import DatabaseError, connections
from django.db.models import Model

BATCH = 2000
"""Staged rows written per statement."""


class Stage:
    """A temporary table with the concrete columns of `model` (its `id` too) and
    `extra` columns (name → SQL type), for one import on one connection.

    Use it as a context manager: the table is made on entry (dropping a
    leftover of the same connection) and dropped on exit. A staged row ends
    with `staged_rank` (1, 2, … among the new rows, NULL for the others),
    which numbers new rows on SQLite, and `staged_position` (its order in the
    file, one per row), the order rows are copied in.
    """

    def __init__(self, model: type[Model], extra: dict[str, str], *, using: str = "default"):
        self.model = model
        self.connection = connections[using]
        self.fields = list(model._meta.concrete_fields)
        quote = self.connection.ops.quote_name
        self.columns = [f.column for f in self.fields] + [*extra, "staged_rank", "staged_position"]
        self.types = [f.db_type(self.connection) for f in self.fields]
        # The position is the key: on SQLite the table's own order (its rowid),
        # so that copying the rows in file order needs no sort under the lock.
        self.types += [*extra.values(), "integer", "integer PRIMARY KEY"]
        self.name = quote(f"staged_{model._meta.db_table}")
        schema = "pg_temp" if self.connection.vendor == "postgresql" else "temp"
        self.qualified = f"{schema}.{self.name}"
        self.quote = quote
        # Columns whose value the apply step computes, by column: SQL over the stage's.
        self.computed: dict[str, str] = {}

    def __enter__(self) -> Stage:
        definitions = ", ".join(
            f"{self.quote(column)} {kind}"
            for column, kind in zip(self.columns, self.types, strict=True)
        )
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.qualified}")
            cursor.execute(f"CREATE TEMPORARY TABLE {self.name} ({definitions})")
        return self

    def __exit__(self, exc_type, exc_value, traceback) -> None:
        if self.connection.connection is None:
            return  # the connection is gone, and its temporary tables with it
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {self.qualified}")
        except DatabaseError:
            # After a failure, in a caller's transaction the failure aborted: the
            # table goes with that transaction's rollback (or the connection);
            # the failure, not this, is what the caller must hear about.
            if exc_type is None:
                raise

    def prepared(self, instance: Model) -> list:
        """The instance's column values, converted for the database, in the stage's order."""
        return [
            f.get_db_prep_save(getattr(instance, f.attname), self.connection) for f in self.fields
        ]

    def add(self, rows: Iterable[Sequence]) -> None:
        """Stage rows (the model's columns, then the extra ones, `staged_rank` and
        `staged_position`), BATCH at a time, each batch in autocommit: on SQLite
        a write to a temporary table takes no lock on the database."""
        marks = ", ".join(["%s"] * len(self.columns))
        columns = ", ".join(map(self.quote, self.columns))
        sql = f"INSERT INTO {self.name} ({columns}) VALUES ({marks})"
        iterator = iter(rows)
        while batch := list(itertools.islice(iterator, BATCH)):
            self._write_batch(sql, batch)

    def _write_batch(self, sql: str, batch: list[Sequence]) -> None:
        with self.connection.cursor() as cursor:
            cursor.executemany(sql, batch)

    def new_ids(self, count: int) -> list[int | None]:
        """Ids for `count` new rows: taken from the sequence on PostgreSQL, now;
        on SQLite None each, until `number_new_rows` under the write lock."""
        if self.connection.vendor != "postgresql" or not count:
            return [None] * count
        table = self.model._meta.db_table
        pk = self.model._meta.pk.column
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]

    def number_new_rows(self) -> int:
        """On SQLite, in the write transaction: the new rows' ids after every id the
        table has given (AUTOINCREMENT never gives one twice), in `rank` order;
        returns the id before the first (the row of rank r has id last + r).
        The ids are computed as the rows are copied (`computed`), not written
        into the stage first. On PostgreSQL the ids are staged already: 0."""
        if self.connection.vendor == "postgresql":
            return 0
        table = self.model._meta.db_table
        pk = self.quote(self.model._meta.pk.column)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX({pk}) FROM {self.quote(table)}")
            last = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
            last = int(max(last, found[0] if found else 0))
        self.computed["id"] = (
            f"COALESCE({self.column('id')}, {last} + {self.column('staged_rank')})"
        )
        return last

    def exists(self) -> bool:
        """Whether the staging table is there (on this connection)."""
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                cursor.execute("SELECT to_regclass(%s)", [self.qualified])
                return cursor.fetchone()[0] is not None
            cursor.execute(
                "SELECT count(*) FROM sqlite_temp_master WHERE name = %s", [self.name.strip('"')]
            )
            return cursor.fetchone()[0] > 0

    def column(self, name: str) -> str:
        """A column of the stage, qualified (for statements that join it)."""
        return f"{self.name}.{self.quote(name)}"

    def value(self, name: str) -> str:
        """The SQL giving a staged row's value of a column: the column, or what
        `computed` says (an id known only under the write lock)."""
        return self.computed.get(name, self.column(name))

    def execute(self, sql: str, params: Sequence = ()) -> int:
        """Run one statement of the apply step; how many rows it touched."""
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount

    def insert_new(self, where: str = "staged_rank IS NOT NULL") -> int:
        """Copy the staged rows `where` says into the model's table, in file order."""
        columns = ", ".join(self.quote(f.column) for f in self.fields)
        values = ", ".join(self.value(f.column) for f in self.fields)
        return self.execute(
            f"INSERT INTO {self.quote(self.model._meta.db_table)} ({columns}) "
            f"SELECT {values} FROM {self.name} WHERE {where} ORDER BY staged_position"
        )

    def update_known(self, attnames: Sequence[str], where: str) -> int:
        """Set the named fields of the rows `where` says from their staged values."""
        meta = self.model._meta
        columns = [meta.get_field(name).column for name in attnames]
        table = self.quote(meta.db_table)
        assignments = ", ".join(f"{self.quote(c)} = {self.value(c)}" for c in columns)
        pk = self.quote(meta.pk.column)
        return self.execute(
            f"UPDATE {table} SET {assignments} FROM {self.name} "
            f"WHERE {table}.{pk} = {self.name}.id AND {where}"
        )

    def insert_history(self, *, when, reason: str, user_id: int | None, where: str) -> int:
        """django-simple-history's records of the staged rows `where` says, as each
        row's save would have written them (`history_type` is an extra column)."""
        history = self.model.history.model._meta
        extra = {"history_date", "history_change_reason", "history_type", "history_user_id"}
        copied = [
            f.column
            for f in history.concrete_fields
            if not f.primary_key and f.attname not in extra
        ]
        date = history.get_field("history_date").get_db_prep_save(when, self.connection)
        columns = ", ".join(map(self.quote, copied))
        values = ", ".join(map(self.value, copied))
        return self.execute(
            f"INSERT INTO {self.quote(history.db_table)} ({columns}, history_date, "
            "history_change_reason, history_type, history_user_id) "
            f"SELECT {values}, %s, %s, history_type, %s FROM {self.name} "
            f"WHERE {where} ORDER BY staged_position",
            [date, reason[:100], user_id],
        )
