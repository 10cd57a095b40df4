"""The schema's revisions and bringing a database up to them: backup first, then Alembic.

The schema is owned by Alembic; the scripts ship inside the package (``ptctui/migrations``).
``prepare(engine)`` brings any database to ``HEAD_REVISION``: a new one is created, an older one
is first backed up (into ``backups/`` beside it, label ``before-migration``, through
``ptctui.backups``) and then upgraded. Checking the revision is one cheap query, so Alembic
itself is only imported when there is work to do.

``restore_and_upgrade`` is restoring a backup as the user asks for it: the backup is put back
(``backups.restore_backup``, told which revisions this ptctui can open) and, if it came from an
older ptctui, upgraded as opening it would. It lives here, above ``backups``, so that backups
never import the migrations.

Engines and the write lock are ``ptctui.db``'s; taking, listing and restoring backups is
``ptctui.backups``'s.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from ptctui import backups
from ptctui.db import DatabaseError

# The newest migration in ptctui/migrations/versions. tests/test_db.py checks it against
# Alembic's own view of the scripts, so forgetting to bump it fails the suite.
HEAD_REVISION = "0007"
# The newest migration that changed the tables a data export carries: what an export file
# names as its schema. Migrations that only add indexes (0004) leave it, so a file written
# here still imports on a colleague's laptop one version behind.
EXCHANGE_REVISION = "0007"
# What a data export calls itself, and the newest layout of the file this ptctui writes and
# reads (the exporters write them, the importers check them).
EXPORT_FORMAT = "ptctui-export"
EXPORT_VERSION = 1
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


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
    # None for PostgreSQL, whose backups are pg_dump's business.
    backup = backups.take_backup(engine, label=backups.BEFORE_MIGRATION)
    upgrade(engine)
    return Prepared(upgraded_from=revision, backup=backup)


def restore_and_upgrade(engine: Engine, backup_path: Path) -> backups.Restored:
    """Put a backup's contents into the live database, then bring it to ``HEAD_REVISION``.

    ``backups.restore_backup`` checks the backup (refusing one from a newer ptctui, or rows
    ``check_content`` refuses) and keeps what it replaces; a backup from an older ptctui is
    then upgraded as opening it would (with its own ``before-migration`` backup). Anything
    refused leaves the database untouched.
    """
    restored = backups.restore_backup(
        engine, backup_path, revisions=known_revisions(), check=check_content
    )
    if restored.revision == HEAD_REVISION:
        return restored
    prepared = prepare(engine)
    return dataclasses.replace(
        restored, upgraded_from=prepared.upgraded_from, migration_backup=prepared.backup
    )


def check_content(image: sqlite3.Connection, name: str) -> None:
    """Refuse rows no ptctui reader can show: text that is not UTF-8, a status ptctui does not
    know. ``restore_and_upgrade`` has ``backups`` run it on the backup read into memory, before
    anything is replaced; it reads only columns every schema revision has (the rest of ``db
    check``'s rules the command line runs too, on a backup at this schema)."""
    from ptctui.workflow import Status

    known = {s.value for s in Status}
    image.text_factory = bytes
    try:
        tables = [
            row[0].decode()
            for row in image.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        for table in tables:
            quoted = table.replace('"', '""')
            cursor = image.execute(f'SELECT rowid, * FROM "{quoted}"')
            columns = [d[0] for d in cursor.description]
            for row in cursor:
                for column, value in zip(columns[1:], row[1:], strict=True):
                    if isinstance(value, bytes):
                        try:
                            value.decode("utf-8")
                        except UnicodeDecodeError:
                            raise backups.BackupError(
                                f"{name}: {table} row {row[0]}, {column}: text that is not "
                                "UTF-8; not restored"
                            ) from None
        for table, column in (
            ("actions", "status"),
            ("status_changes", "to_status"),
            ("status_changes", "from_status"),
        ):
            for rowid, value in image.execute(f"SELECT rowid, {column} FROM {table}"):
                if value is not None and value.decode() not in known:
                    raise backups.BackupError(
                        f"{name}: {table} row {rowid}, {column}: unknown status "
                        f"{value.decode()!r}; not restored"
                    )
    finally:
        image.text_factory = str
