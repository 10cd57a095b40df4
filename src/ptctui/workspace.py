"""The workspace: where the database is, the folders around it, and opening it.

The database is found the way git finds ``.git``: ``--db`` first, then ``PTCTUI_DB``, then the
nearest ``db/ptctui.db`` in the current folder or a parent, else ``./db/ptctui.db`` is created.
The workspace is the folder holding ``db/``; exports go to its ``exports/``.

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

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

DB_DIR = "db"
DB_FILE = "ptctui.db"
EXPORTS_DIR = "exports"
ENV_DB = "PTCTUI_DB"


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


def open_workspace(workspace: Workspace, *, seed: bool = True) -> Opened:
    """Open (creating, upgrading or seeding as needed) the workspace's database."""
    from ptctui import db, migrate

    engine = db.make_engine(workspace.url)
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
