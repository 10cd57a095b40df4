"""Sessions: how a caller reads, writes in one transaction, or rehearses a write.

``writing`` is the only way a change reaches the database: it commits the whole change or
nothing, and takes the write lock first so writers queue. Nothing else lives here; the queries
and writes themselves are the other rooms', all taking the ``Session`` these hand out.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine
from sqlmodel import Session

from ptctui import db


@contextmanager
def reading(engine: Engine, *, snapshot: bool = False) -> Iterator[Session]:
    """A session for reads; nothing it does is committed.

    ``snapshot``: every read sees the same moment, as a whole-database dump must (one export
    whose journal points at a status change committed after that table was read would be
    refused by any import). SQLite's read transaction already gives that; PostgreSQL needs
    REPEATABLE READ, its default (READ COMMITTED) shows each statement the latest commits.
    """
    if snapshot and engine.dialect.name == "postgresql":
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with Session(engine) as session:
        yield session


@contextmanager
def writing(engine: Engine) -> Iterator[Session]:
    """A session whose work is one transaction: committed whole on success, else rolled back.

    The transaction takes the database's write lock up front (``BEGIN IMMEDIATE`` on SQLite,
    an advisory lock on PostgreSQL; see ``db.for_writing``), waiting up to the busy timeout,
    so two writers queue instead of one failing half-way, and each checks its change (is this
    move allowed? which reference is free? what is the latest change to undo?) against what
    the writer before it committed, never against a stale read.
    """
    bound = db.for_writing(engine)
    with Session(bound, expire_on_commit=False) as session, session.begin():
        yield session


@contextmanager
def rehearsal(engine: Engine) -> Iterator[Session]:
    """A session whose work is always rolled back: a dry run that does exactly what a real
    run would, and leaves nothing behind."""
    with Session(engine) as session:
        session.begin()
        try:
            yield session
        finally:
            session.rollback()
