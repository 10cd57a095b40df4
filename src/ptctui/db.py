"""Engines, connection settings and schema migrations.

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

The schema is owned by Alembic; the scripts ship inside the package (``ptctui/migrations``).
``prepare(engine)`` brings any database to the current revision: a new one is created, an
older one is first backed up (into ``backups/`` beside it, label ``before-migration``, see
``ptctui.backups``) and then upgraded. Checking the revision is one cheap query, so Alembic
itself is only imported when there is work to do.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

from ptctui.errors import UserError

# The newest migration in ptctui/migrations/versions. tests/test_db.py checks it against
# Alembic's own view of the scripts, so forgetting to bump it fails the suite.
HEAD_REVISION = "0004"
# The newest migration that changed the tables a data export carries: what an export file
# names as its schema. Migrations that only add indexes (0004) leave it, so a file written
# here still imports on a colleague's laptop one version behind.
EXCHANGE_REVISION = "0003"
# What a data export calls itself, and the newest layout of the file this ptctui writes and
# reads (the exporters write them, the importers check them).
EXPORT_FORMAT = "ptctui-export"
EXPORT_VERSION = 1
BUSY_TIMEOUT_MS = 15_000
# The engines ptctui runs on, by SQLAlchemy dialect name.
ENGINES = ("sqlite", "postgresql")
# The execution option ``for_writing`` sets; the "begin" listeners below act on it.
WRITER_OPTION = "ptctui_writer"
# PostgreSQL advisory lock held by the one writer of a database ("ptctui" in ASCII).
WRITE_LOCK_KEY = 0x7074_6374_7569
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class DatabaseError(UserError, RuntimeError):
    """The database cannot be opened or upgraded; ``str()`` is one line for the user."""


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
    Either way the wait is bounded by ``BUSY_TIMEOUT_MS``, then the write fails whole.
    """
    return engine.execution_options(**{WRITER_OPTION: True})


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
        if sqlite_path(url) is None:
            kwargs["poolclass"] = StaticPool  # one shared in-memory database
        engine = create_engine(url, echo=echo, **kwargs)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        return engine
    try:
        engine = create_engine(_driver_url(url), echo=echo, pool_pre_ping=True)
    except ImportError as error:
        raise DatabaseError(
            f"the PostgreSQL driver ({error.name or 'psycopg'}) is not installed: "
            f"install ptctui[postgres] (pip install 'ptctui[postgres]')"
        ) from None
    event.listen(engine, "begin", _postgresql_begin)
    return engine


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at; ``None`` if it has no ptctui schema yet."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            if inspect(conn).has_table("actions"):
                raise DatabaseError("this database has ptctui tables but no version; refusing")
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def exchange_revision(engine: Engine) -> str | None:
    """The schema an export of this database names: its revision, but no newer than
    ``EXCHANGE_REVISION`` (later migrations did not change what an export holds)."""
    revision = current_revision(engine)
    if revision is None or int(revision) <= int(EXCHANGE_REVISION):
        return revision
    return EXCHANGE_REVISION


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` (all of them by default)."""
    from alembic import command

    command.upgrade(_alembic_config(engine), revision)


def known_revisions() -> list[str]:
    """Every revision the shipped scripts define, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def backup_sqlite(engine: Engine, *, label: str, when: datetime | None = None) -> Path:
    """A rotated backup in the database's ``backups/`` folder (see ``ptctui.backups``).

    Kept for callers that only deal with SQLite files: unlike ``backups.take_backup`` it
    raises instead of returning ``None`` for other engines.
    """
    from ptctui.backups import take_backup

    target = take_backup(engine, label=label, when=when)
    if target is None:
        raise DatabaseError("backups by file copy need an SQLite database file; use pg_dump")
    return target


@dataclass(frozen=True)
class Prepared:
    """What ``prepare`` did to bring a database to the current schema."""

    created: bool = False
    upgraded_from: str | None = None
    backup: Path | None = None


def prepare(engine: Engine) -> Prepared:
    """Bring the database to ``HEAD_REVISION``: create it, or back it up and upgrade it."""
    revision = current_revision(engine)
    if revision == HEAD_REVISION:
        return Prepared()
    if revision is None:
        upgrade(engine)
        return Prepared(created=True)
    if revision not in known_revisions():
        raise DatabaseError(
            f"the database is at schema revision {revision}, newer than this ptctui "
            f"({HEAD_REVISION}); upgrade ptctui"
        )
    from ptctui.backups import BEFORE_MIGRATION, take_backup

    # None for PostgreSQL, whose backups are pg_dump's business.
    backup = take_backup(engine, label=BEFORE_MIGRATION)
    upgrade(engine)
    return Prepared(upgraded_from=revision, backup=backup)
