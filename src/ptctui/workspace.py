"""Opening a workspace's database: make the engine, bring the schema up to date, seed it.

Shared by the command line and the app so both open databases the same way and tell the user
the same things (a new database seeded, an old one upgraded and where its backup went).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from ptctui import db, store
from ptctui.config import Workspace


@dataclass
class Opened:
    """An open database and the one-line notices worth telling the user about it."""

    engine: Engine
    notices: list[str] = field(default_factory=list)


def open_workspace(workspace: Workspace, *, seed: bool = True) -> Opened:
    """Open (creating, upgrading or seeding as needed) the workspace's database."""
    engine = db.make_engine(workspace.url)
    prepared = db.prepare(engine)
    opened = Opened(engine=engine)
    if prepared.upgraded_from:
        where = f"; backup at {prepared.backup}" if prepared.backup else ""
        opened.notices.append(
            f"Upgraded the database from schema {prepared.upgraded_from} to "
            f"{db.HEAD_REVISION}{where}"
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
    from ptctui.reference.pc0608e import DATASET

    with store.writing(engine) as session:
        return store.seed_reference(session=session, dataset=DATASET)
