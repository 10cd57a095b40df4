"""Engines, connection settings and schema migrations.

No engine exists at import time: ``make_engine(url)`` is called by the command line (or a
test) and handed to whoever needs it. On SQLite every connection gets WAL, foreign keys and a
busy timeout so the app and command-line runs can share one file, and writes begin with
``BEGIN IMMEDIATE`` (see ``store.writing``) so two writers queue instead of failing.

The schema is owned by Alembic; the scripts ship inside the package (``ptctui/migrations``).
``prepare(engine)`` brings any database to the current revision: a new one is created, an
older one is first copied to a dated backup beside it and then upgraded. Checking the revision
is one cheap query, so Alembic itself is only imported when there is work to do.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

from ptctui.models import utcnow

# The newest migration in ptctui/migrations/versions. tests/test_db.py checks it against
# Alembic's own view of the scripts, so forgetting to bump it fails the suite.
HEAD_REVISION = "0002"
BUSY_TIMEOUT_MS = 15_000
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class DatabaseError(RuntimeError):
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


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event decide how transactions start (see _sqlite_begin):
    # pysqlite's own implicit BEGIN would otherwise defeat BEGIN IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # WAL lets readers go on while one process writes; it is kept by the file once set.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for ``url`` with ptctui's connection settings; nothing is created on disk."""
    if url.startswith("sqlite"):
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
    return create_engine(url, echo=echo, pool_pre_ping=True)


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at; ``None`` if it has no ptctui schema yet."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            if inspect(conn).has_table("actions"):
                raise DatabaseError("this database has ptctui tables but no version; refusing")
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


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
    """Copy the database file with SQLite's online backup API; safe while others use it.

    The copy sits beside the original as ``NAME.YYYYmmdd-HHMMSS.LABEL.bak``.
    """
    source = sqlite_path(str(engine.url))
    if source is None:
        raise DatabaseError("backups by file copy need an SQLite database file")
    stamp = (when or utcnow()).strftime("%Y%m%d-%H%M%S")
    target = source.with_name(f"{source.name}.{stamp}.{label}.bak")
    counter = 1
    while target.exists():
        counter += 1
        target = source.with_name(f"{source.name}.{stamp}.{label}-{counter}.bak")
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        dst.close()
        src.close()
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
    backup = backup_sqlite(engine, label=f"rev{revision}") if sqlite_path(str(engine.url)) else None
    upgrade(engine)
    return Prepared(upgraded_from=revision, backup=backup)
