"""The workspace: where the database is, the folders around it, and opening it.

The database is found the way git finds ``.git``: ``--db`` first, then ``PTCTUI_DB``, then the
nearest ``db/ptctui.db`` in the current folder or a parent. The workspace is the folder holding
``db/``; exports go to its ``exports/``.

No stray databases: only bare ``ptctui`` and ``ptctui init`` create one (``create=True``);
every other command, reading or writing, refuses a database that is not there with one line
naming where it looked, ``ptctui init`` and ``--db``, so an officer who ``cd``-ed into the wrong
folder never edits a fresh copy without noticing. A file that is there but is not a ptctui
database (empty, another SQLite database, anything else) is refused by every command, bare
``ptctui`` included, and never written to: it may be somebody's data.

``open_workspace`` is shared by the command line and the app, so both open databases the same
way and tell the user the same things (a new database seeded, an old one upgraded and where its
backup went). It imports the engine, the migrations and the store when it is called, not at
import time: every command imports this module to find its database, and ``ptctui --help``
must not load SQLAlchemy. Who is making a change and the user's preferences are
``ptctui.config``'s.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ptctui.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

DB_DIR = "db"
DB_FILE = "ptctui.db"
EXPORTS_DIR = "exports"
ENV_DB = "PTCTUI_DB"
# The first bytes of every SQLite 3 database file.
SQLITE_HEADER = b"SQLite format 3\x00"


class WorkspaceError(UserError, LookupError):
    """No workspace where one was looked for, or a file that is not a ptctui database."""


@dataclass(frozen=True)
class Workspace:
    """A resolved place to work: the database URL, and the folders around it."""

    url: str
    root: Path
    source: str  # how it was found: option | environment | found | new

    @property
    def exports(self) -> Path:
        """The default folder for exports."""
        return self.root / EXPORTS_DIR

    @property
    def display(self) -> str:
        """The database as a person wants to read it: a path for files, the URL (no password)."""
        if self.url.startswith("sqlite:///"):
            return self.url.removeprefix("sqlite:///")
        head, sep, tail = self.url.partition("@")
        if sep and ":" in head.split("//", 1)[-1]:
            scheme, _, creds = head.partition("//")
            return f"{scheme}//{creds.split(':', 1)[0]}:***@{tail}"
        return self.url


def check_location(value: str) -> None:
    """Refuse what ``--db`` (or ``PTCTUI_DB``, ``--with``, ``--to``) cannot mean.

    A ``file:`` URI is SQLite's own spelling, not a path: taken as one it made a folder named
    ``file:`` and a new database inside it. Say what is accepted instead.
    """
    if value.lower().startswith("file:"):
        raise WorkspaceError(
            f"{value!r} is an SQLite URI; give a file path (db/ptctui.db) or an SQLAlchemy URL "
            "(sqlite:////abs/path.db, postgresql+psycopg://…)"
        )


def _workspace_for_path(path: Path, source: str) -> Workspace:
    path = path.expanduser().resolve()
    root = path.parent.parent if path.parent.name == DB_DIR else path.parent
    return Workspace(url=f"sqlite:///{path}", root=root, source=source)


def find_database(start: Path) -> Path | None:
    """The nearest ``db/ptctui.db`` at or above ``start``, or ``None``."""
    for folder in (start, *start.parents):
        candidate = folder / DB_DIR / DB_FILE
        if candidate.is_file():
            return candidate
    return None


def resolve_workspace(
    option: str | None = None, *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> Workspace:
    """Decide which database to use, in the documented order."""
    env = dict(os.environ) if env is None else env
    cwd = (cwd or Path.cwd()).resolve()
    for value, source in ((option, "option"), (env.get(ENV_DB), "environment")):
        if value:
            check_location(value)
            if "://" in value:
                return Workspace(url=value, root=cwd, source=source)
            return _workspace_for_path(Path(value), source)
    found = find_database(cwd)
    if found is not None:
        return _workspace_for_path(found, "found")
    return _workspace_for_path(cwd / DB_DIR / DB_FILE, "new")


# --- opening its database ------------------------------------------------------------------------


@dataclass
class Opened:
    """An open database and the one-line notices worth telling the user about it."""

    engine: Engine
    notices: list[str] = field(default_factory=list)


def missing(workspace: Workspace) -> str:
    """The one line for a workspace whose database is not there: where it looked, what to do."""
    if workspace.source == "new":
        return (
            f"no workspace here: no {DB_DIR}/{DB_FILE} in {workspace.root} or any folder above "
            f"it; run `ptctui init` to make one, or name a database with --db PATH"
        )
    given = "--db" if workspace.source == "option" else ENV_DB
    return (
        f"no database at {workspace.display} ({given}); check the path, or run "
        f"`ptctui init` to make one there"
    )


def check_file(path: Path) -> None:
    """Refuse a file that cannot be a ptctui database before SQLite opens it (and, for an
    empty one, before migrations would quietly turn it into a new seeded database)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except IsADirectoryError:
        raise WorkspaceError(f"{path} is a folder, not a ptctui database") from None
    except OSError as error:
        raise WorkspaceError(f"cannot read {path}: {error.strerror or error}") from None
    if not head:
        raise WorkspaceError(
            f"{path} is an empty file, not a ptctui database; remove it or choose another with --db"
        )
    if head != SQLITE_HEADER:
        raise WorkspaceError(f"{path} is not a ptctui database (not an SQLite file); refusing it")
    from ptctui import db

    if "alembic_version" not in db.sqlite_tables(path):  # made by something else: not ours
        raise WorkspaceError(f"{path} is an SQLite database but not ptctui's; refusing it")


def open_workspace(workspace: Workspace, *, seed: bool = True, create: bool = False) -> Opened:
    """Open (upgrading as needed) the workspace's database; with ``create``, make and seed it
    when it is not there yet (bare ``ptctui`` and ``init`` only: see the module docstring)."""
    from ptctui import db, migrate

    path = db.sqlite_path(workspace.url)
    existed = path is not None and path.exists()
    if path is not None:
        if existed:
            check_file(path)
        elif not create:
            raise WorkspaceError(missing(workspace))
    engine = db.make_engine(workspace.url)
    # A file is known to be ptctui's by now (check_file); a server database is asked: an
    # empty one, as the README has one made, is for `init` (or bare `ptctui`) to fill.
    if path is None and not create and migrate.current_revision(engine) is None:
        engine.dispose()
        raise WorkspaceError(
            f"{workspace.display} holds no ptctui data; run `ptctui init` to set it up"
        )
    prepared = migrate.prepare(engine)
    opened = Opened(engine=engine)
    if prepared.upgraded_from:
        where = f"; backup at {prepared.backup}" if prepared.backup else ""
        opened.notices.append(
            f"Upgraded the database from schema {prepared.upgraded_from} to "
            f"{migrate.HEAD_REVISION}{where}"
        )
    if prepared.created:
        if seed:
            count = seed_bundled(engine)
            opened.notices.append(
                f"Created {workspace.display} with the bundled PC0608E data ({count} actions)"
            )
        else:
            opened.notices.append(f"Created an empty database at {workspace.display}")
    return opened


def seed_bundled(engine: Engine) -> int:
    """Load the bundled PC0608E dataset into an empty database in one transaction."""
    from ptctui import store
    from ptctui.reference.pc0608e import DATASET

    with store.writing(engine) as session:
        return store.seed_reference(session=session, dataset=DATASET)
