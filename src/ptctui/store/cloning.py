"""Cloning: copying a whole database into an empty one, across engines (``ptctui db copy``).

SQLite → PostgreSQL publishes a laptop's database to a shared server; PostgreSQL → SQLite
makes the first laptop copy of the server's. Everything travels as it is: every table, ids,
uuids, the status history, the journal (so ``undo`` works on the copy as it did on the
original) and the local log of imports.

The source is read in one transaction, so the copy is one consistent moment of it even while
others write (a REPEATABLE READ snapshot on PostgreSQL, a WAL read snapshot on SQLite). The
target is brought to the current schema first, then filled in one transaction holding its
write lock (see ``db.for_writing``): a failed copy leaves it migrated and empty, ready for
another try. Tables are copied parents first, each in primary-key order, in batches; values
go through the models' column types both ways, so instants stay aware UTC and booleans stay
booleans whichever engine is on either side.

Two details the engines insist on:

* a row may point at a later row of its own table (a body's parent, a change's undo), and
  both engines check foreign keys statement by statement, so such columns are inserted empty
  and filled in once the whole table is there;
* PostgreSQL's id sequences do not move when ids are given explicitly, so each is set past
  the largest copied id afterwards (SQLite needs nothing: it continues after the largest).

Not here: backups of a database into a file of the same engine (``ptctui.backups``), and
merging another database's rows into one that holds data (``store.merge``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Column, Table, bindparam, func, inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

import ptctui.models  # noqa: F401  (registers every table on SQLModel.metadata)
from ptctui import db, migrate
from ptctui.store.errors import StoreError

BATCH_SIZE = 1000
VERSION_TABLE = "alembic_version"


class CopyError(StoreError):
    """The copy cannot be made (the target holds data, the source is not current, …)."""


@dataclass(frozen=True)
class Copied:
    """What ``copy_database`` copied: rows per table, parents first."""

    rows: dict[str, int]

    @property
    def total(self) -> int:
        """Rows copied, all tables together."""
        return sum(self.rows.values())


def tables() -> list[Table]:
    """Every ptctui table, parents before children."""
    return list(SQLModel.metadata.sorted_tables)


def occupied_tables(*, engine: Engine) -> list[str]:
    """The names of the tables in ``engine``'s database that hold at least one row.

    Every table counts, ptctui's or not (except Alembic's version), so a copy never lands in
    a database that something else already uses.
    """
    with engine.connect() as conn:
        names = sorted(set(inspect(conn).get_table_names()) - {VERSION_TABLE})
        return [
            name
            for name in names
            if conn.execute(
                select(text("1")).select_from(text(_quoted(conn, name))).limit(1)
            ).first()
            is not None
        ]


def _quoted(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def copy_database(
    *,
    source: Engine,
    target: Engine,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[str, int], None] | None = None,
) -> Copied:
    """Copy everything in ``source`` into ``target``, which must hold no data.

    ``source`` must be at the current schema (the command line's opening it sees to that);
    ``target`` is created or upgraded to it. ``progress(table, rows_so_far)`` is called after
    each batch.
    """
    if migrate.current_revision(source) != migrate.HEAD_REVISION:
        raise CopyError(
            f"the source is not at schema {migrate.HEAD_REVISION}; run `ptctui db upgrade`"
        )
    _refuse_occupied(target)
    migrate.prepare(target)
    rows: dict[str, int] = {}
    with _snapshot(source) as read, db.for_writing(target).begin() as write:
        _refuse_occupied_in(write)  # again, inside the lock: nobody wrote meanwhile
        for table in tables():
            rows[table.name] = _copy_table(
                table, read=read, write=write, batch_size=batch_size, progress=progress
            )
        if write.dialect.name == "postgresql":
            _reset_sequences(write)
    return Copied(rows=rows)


def _refuse_occupied(engine: Engine) -> None:
    occupied = occupied_tables(engine=engine)
    if occupied:
        raise CopyError(_occupied_message(occupied))


def _refuse_occupied_in(conn: Connection) -> None:
    occupied = [
        table.name
        for table in tables()
        if conn.execute(select(1).select_from(table).limit(1)).first() is not None
    ]
    if occupied:
        raise CopyError(_occupied_message(occupied))


def _occupied_message(names: list[str]) -> str:
    shown = ", ".join(names[:5]) + (" …" if len(names) > 5 else "")
    return f"the target already holds data ({shown}); copy only into an empty database"


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection whose reads all see one moment of the database."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


def _copy_table(
    table: Table,
    *,
    read: Connection,
    write: Connection,
    batch_size: int,
    progress: Callable[[str, int], None] | None,
) -> int:
    key = list(table.primary_key.columns)
    later = _self_references(table)
    pending: list[dict[str, object]] = []
    copied = 0
    result = read.execute(
        table.select().order_by(*key),
        execution_options={"stream_results": True, "max_row_buffer": batch_size},
    )
    for batch in result.mappings().partitions(batch_size):
        values = [dict(row) for row in batch]
        for row in values:
            links = {c.name: row[c.name] for c in later if row[c.name] is not None}
            if links:
                pending.append({**{f"_{c.name}": row[c.name] for c in key}, **links})
                for name in links:
                    row[name] = None
        write.execute(table.insert(), values)
        copied += len(values)
        if progress is not None:
            progress(table.name, copied)
    for column in later:
        _link(table, column, key=key, write=write, rows=pending)
    return copied


def _self_references(table: Table) -> list[Column[object]]:
    """Columns of ``table`` that point at another row of the same table."""
    return [
        column
        for column in table.columns
        if any(fk.column.table is table for fk in column.foreign_keys)
    ]


def _link(
    table: Table,
    column: Column[object],
    *,
    key: list[Column[object]],
    write: Connection,
    rows: list[dict[str, object]],
) -> None:
    """Fill in ``column`` of the rows that were inserted with it left empty."""
    values = [
        {**{f"_{k.name}": row[f"_{k.name}"] for k in key}, f"_{column.name}": row[column.name]}
        for row in rows
        if column.name in row
    ]
    if not values:
        return
    statement = (
        table.update()
        .where(*(k == bindparam(f"_{k.name}") for k in key))
        .values({column.name: bindparam(f"_{column.name}")})
    )
    write.execute(statement, values)


def _reset_sequences(conn: Connection) -> None:
    """Move each id sequence past the largest id copied, so new rows get fresh ids."""
    for table in tables():
        for column in table.primary_key.columns:
            sequence = conn.execute(
                select(func.pg_get_serial_sequence(table.name, column.name))
            ).scalar()
            if sequence is None:  # not a serial column
                continue
            largest = conn.execute(select(func.max(column))).scalar()
            # setval(seq, n, false) makes the next id n itself: 1 for an empty table.
            conn.execute(select(func.setval(sequence, largest or 1, largest is not None)))
