"""Shared fixtures: real SQLite files in a temporary folder, never mocks.

``workspace`` is a folder laid out as users have it (``db/ptctui.db`` seeded with the bundled
PC0608E data, ``exports/``); ``engine`` is an engine on it; ``TODAY`` is a fixed day inside
the bundled data's life (after the PC0608E document, so some deadlines have passed).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from ptctui import db
from ptctui.workspace import seed_bundled

TODAY = date(2020, 6, 15)


def make_workspace(root: Path, *, seed: bool = True) -> Path:
    """Create ``root/db/ptctui.db`` (seeded or empty) and ``root/exports``; return the db path."""
    path = root / "db" / "ptctui.db"
    engine = db.make_engine(db.url_for(path))
    db.prepare(engine)
    if seed:
        seed_bundled(engine)
    engine.dispose()
    (root / "exports").mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="session")
def _seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seeded database per test session, copied for each test (seeding takes ~0.3 s)."""
    return make_workspace(tmp_path_factory.mktemp("template"))


@pytest.fixture
def db_path(tmp_path: Path, _seeded_template: Path) -> Path:
    """A fresh copy of the seeded database at ``tmp_path/db/ptctui.db``."""
    target = tmp_path / "db" / "ptctui.db"
    target.parent.mkdir()
    src = sqlite3.connect(_seeded_template)
    dst = sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    (tmp_path / "exports").mkdir()
    return target


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    """An engine on the seeded copy."""
    eng = db.make_engine(db.url_for(db_path))
    yield eng
    eng.dispose()


@pytest.fixture
def empty_engine(tmp_path: Path) -> Iterator[Engine]:
    """An engine on a migrated database with no data."""
    eng = db.make_engine(db.url_for(make_workspace(tmp_path, seed=False)))
    yield eng
    eng.dispose()


def fingerprint(path: Path) -> str:
    """A digest of the database's whole logical content (schema and every row).

    Comparing dumps rather than file bytes is what "unchanged" means with WAL: a read may
    checkpoint the log into the main file without changing a single row.
    """
    conn = sqlite3.connect(path)
    try:
        digest = hashlib.sha256()
        for line in conn.iterdump():
            digest.update(line.encode())
        return digest.hexdigest()
    finally:
        conn.close()


# --- golden files ---------------------------------------------------------------------------------

GOLDEN = Path(__file__).parent / "golden"
UPDATE_GOLDEN = "PTCTUI_UPDATE_GOLDEN"


def check_golden(name: str, text: str) -> None:
    """Compare ``text`` with ``tests/golden/NAME``; ``PTCTUI_UPDATE_GOLDEN=1`` (re)writes it.

    A rewritten golden file must be read before it is committed: it is the expected output.
    """
    import os

    path = GOLDEN / name
    if os.environ.get(UPDATE_GOLDEN) == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        return
    assert path.exists(), f"no golden file {path}; run with {UPDATE_GOLDEN}=1 and read it"
    with path.open(encoding="utf-8", newline="") as handle:
        expected = handle.read()
    assert text == expected, f"{name} differs from its golden file ({UPDATE_GOLDEN}=1 rewrites it)"
