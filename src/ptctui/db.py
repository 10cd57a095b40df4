"""Engines and their connection settings: SQLite files and PostgreSQL, and the write lock.

No engine exists at import time: ``make_engine(url)`` is called by the command line (or a
test) and handed to whoever needs it. Two engines are supported: SQLite files and PostgreSQL
(``postgresql+psycopg://``, with the optional ``ptctui[postgres]`` driver).

Writers queue on both, so a change is always checked against what the last writer left
(``for_writing``, used by ``store.writing``): on SQLite every connection gets WAL, foreign keys
and a busy timeout, and a write begins with ``BEGIN IMMEDIATE``; on PostgreSQL a write takes a
transaction-level advisory lock first, under the same timeout, and then works in READ
COMMITTED, so every statement sees what the writers before it committed. Readers never wait
on either engine. One writer at a time is what ptctui's writes need: a move checks the status
another writer may just have changed, ``add`` picks the next free reference, ``undo`` picks the
latest change, and the app's change polling (``store.data_stamp``) relies on journal ids being
committed in the order they were handed out.

A database file ptctui may not write (its folder or the file itself read-only: a shared
drive, a colleague's copy) is opened read-only (``_read_only``): every read works, without the
WAL switch or the ``-wal``/``-shm`` files SQLite would otherwise have to create, and a write
fails at once with one line saying why (``for_writing``).

Nothing above the engine lives here: the schema's revisions and upgrades are
``ptctui.migrate``'s, backups are ``ptctui.backups``'s (both build on this module, which
imports neither).
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

from ptctui.errors import UserError

BUSY_TIMEOUT_MS = 15_000
# The engines ptctui runs on, by SQLAlchemy dialect name.
ENGINES = ("sqlite", "postgresql")
# The execution option ``for_writing`` sets; the "begin" listeners below act on it.
WRITER_OPTION = "ptctui_writer"
# PostgreSQL advisory lock held by the one writer of a database ("ptctui" in ASCII).
WRITE_LOCK_KEY = 0x7074_6374_7569


class DatabaseError(UserError, RuntimeError):
    """The database cannot be opened, upgraded, backed up or restored; ``str()`` is one line
    for the user (``migrate`` and ``backups`` raise it too)."""


def url_for(path_or_url: str | Path) -> str:
    """Turn what a user gave (a file path or an SQLAlchemy URL) into a URL."""
    text_value = str(path_or_url)
    if "://" in text_value:
        return text_value
    return f"sqlite:///{Path(text_value).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or ``None`` for other engines and in-memory databases."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == prefix or url.endswith(":memory:"):
        return None
    return Path(url[len(prefix) :])


def sqlite_tables(path: Path) -> set[str]:
    """The tables of an SQLite file, read without writing a byte (read-only, no WAL switch):
    to tell a ptctui database from somebody else's before ptctui's connection settings touch
    it. A file SQLite cannot read raises ``DatabaseError``."""
    import sqlite3

    try:
        conn = sqlite3.connect(_read_only_uri(path), uri=True)
        try:
            rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as error:
        raise DatabaseError(f"{path} cannot be read as a database: {error}") from None
    return {name for (name,) in rows}


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event decide how transactions start (see _sqlite_begin):
    # pysqlite's own implicit BEGIN would otherwise defeat BEGIN IMMEDIATE.
    dbapi_connection.isolation_level = None
    # SQLite's own lower() folds only ASCII letters, so a search for "état" would miss "État
    # des lieux" (and disagree with the app's in-memory search); Python's folds them all.
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # WAL lets readers go on while one process writes; it is kept by the file once set.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    # A writer takes the write lock up front; a reader's first read starts its snapshot.
    mode = "IMMEDIATE" if conn.get_execution_options().get(WRITER_OPTION) else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


def _postgresql_begin(conn: Any) -> None:
    # psycopg opens the transaction with the first statement, so both of these run inside it
    # and the lock is released by its COMMIT or ROLLBACK, however the transaction ends.
    if conn.get_execution_options().get(WRITER_OPTION):
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {BUSY_TIMEOUT_MS}")
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


def for_writing(engine: Engine) -> Engine:
    """``engine``, but every transaction begun on it waits its turn as the one writer.

    SQLite: ``BEGIN IMMEDIATE``. PostgreSQL: an advisory lock held until the transaction ends.
    Either way the wait is bounded by ``BUSY_TIMEOUT_MS``, then the write fails whole. An
    engine opened read-only refuses here, before anything is asked of it.
    """
    path = _READ_ONLY.get(engine)
    if path is not None:
        raise DatabaseError(
            f"cannot change {path}: it or its folder is not writable (reading it works)"
        )
    return engine.execution_options(**{WRITER_OPTION: True})


def _read_only(path: Path) -> bool:
    """Whether ``path`` exists but ptctui may not write it: the file, or its folder (where
    SQLite puts the ``-wal`` and ``-shm`` files), is read-only for this user."""
    import os

    if not path.is_file():
        return False
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _read_only_engine(url: str, path: Path, *, echo: bool) -> Engine:
    """An engine that only reads ``path`` (see ``_read_only_uri``)."""
    import sqlite3

    uri = _read_only_uri(path)

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=15)

    engine = create_engine(url, echo=echo, creator=connect)
    event.listen(engine, "connect", _sqlite_connect_read_only)
    event.listen(engine, "begin", _sqlite_begin)
    _READ_ONLY[engine] = path
    return engine


def _read_only_uri(path: Path) -> str:
    """SQLite's ``mode=ro`` where it can still make its ``-shm`` file beside the database (or
    a ``-wal`` is left to read), else ``immutable=1``: in a folder nobody may write, nothing
    can change the file either, as a write needs its ``-wal`` file there."""
    import os

    wal = path.with_name(path.name + "-wal")
    mode = "mode=ro" if os.access(path.parent, os.W_OK) or wal.exists() else "immutable=1"
    return f"{path.as_uri()}?{mode}"


def _sqlite_connect_read_only(dbapi_connection: Any, _record: Any) -> None:
    # As _sqlite_connect, less what writes to the file (the WAL switch, synchronous).
    dbapi_connection.isolation_level = None
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def engine_name(url: str) -> str:
    """The dialect behind a URL (``sqlite``, ``postgresql``, …), without importing a driver."""
    return url.partition("://")[0].partition("+")[0].lower()


def _driver_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` (libpq's spelling) mean psycopg 3 to ptctui."""
    scheme, sep, rest = url.partition("://")
    if scheme.lower() in ("postgresql", "postgres"):
        return f"postgresql+psycopg{sep}{rest}"
    return url


_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()
# The engines opened read-only, and their files (for the message a write gets).
_READ_ONLY: weakref.WeakKeyDictionary[Engine, Path] = weakref.WeakKeyDictionary()


def dispose_engines() -> None:
    """Close the pooled connections of every engine ``make_engine`` made that is still alive.

    The console script calls it when its command ends: closing an SQLite file's last
    connection merges the write-ahead log back into the file and removes ``-wal`` and ``-shm``,
    so the ``.db`` file alone holds everything (to copy it to a stick, or mail it). Left to
    the garbage collector, that happened only if the engine was collected before exit.
    """
    for engine in list(_ENGINES):
        engine.dispose()


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for ``url`` with ptctui's connection settings; nothing is created on disk."""
    engine = _make_engine(url, echo=echo)
    _ENGINES.add(engine)
    return engine


def _make_engine(url: str, *, echo: bool) -> Engine:
    name = engine_name(url)
    if name == "postgres":
        name = "postgresql"
    if name not in ENGINES:
        raise DatabaseError(
            f"ptctui works with SQLite files and PostgreSQL URLs "
            f"(postgresql+psycopg://…), not {name or url!r}"
        )
    if name == "sqlite":
        kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": 15}}
        path = sqlite_path(url)
        if path is None:
            kwargs["poolclass"] = StaticPool  # one shared in-memory database
        elif _read_only(path):
            return _read_only_engine(url, path, echo=echo)
        engine = create_engine(url, echo=echo, **kwargs)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        return engine
    try:
        # use_native_hstore off: ptctui has no hstore column, and looking the type up is a
        # catalogue query on every new connection (10-15 ms of the first one, before the
        # first screen).
        engine = create_engine(
            _driver_url(url), echo=echo, pool_pre_ping=True, use_native_hstore=False
        )
    except ImportError as error:
        raise DatabaseError(
            f"the PostgreSQL driver ({error.name or 'psycopg'}) is not installed: "
            f"install ptctui[postgres] (pip install 'ptctui[postgres]')"
        ) from None
    event.listen(engine, "begin", _postgresql_begin)
    return engine
