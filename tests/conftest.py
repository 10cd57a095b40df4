"""Shared fixtures: real databases (SQLite files, PostgreSQL databases), never mocks.

``workspace`` is a folder laid out as users have it (``db/ptctui.db`` seeded with the bundled
PC0608E data, ``exports/``); ``engine`` is an engine on it; ``TODAY`` is a fixed day inside
the bundled data's life (after the PC0608E document, so some deadlines have passed).

The database fixtures (``database``, ``db_arg``, ``engine``, ``empty_engine``) are SQLite
unless the ``backend`` fixture says otherwise: a module that means to run on both engines
overrides ``backend`` with ``params=BACKENDS``, a single test uses ``@on_both_backends``.
PostgreSQL tests need a server: ``PTCTUI_TEST_PG_URL`` (an admin URL, e.g.
``postgresql+psycopg://postgres@/postgres?host=/tmp/sock&port=5432``; ``scripts/pg-test-server``
starts a throwaway one). Each test gets a fresh database cloned from a template migrated (and
seeded) once per session, dropped afterwards. Without the variable those tests are skipped,
and the summary says why.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel
from typer.testing import CliRunner, Result

from ptctui import db, migrate
from ptctui.workspace import seed_bundled

TODAY = date(2020, 6, 15)

# Property tests draw the same examples on every run (derived from each test), so a stop's CI
# cannot turn red on a draw nobody asked for. HYPOTHESIS_PROFILE=explore searches afresh, with
# more examples (that is how the import's journal check was found); pin what it finds with an
# explicit test or ``@example``.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# What every in-process command starts from: a fixed day, no database or user from the
# caller's shell, a wide plain-text terminal so Rich neither wraps titles nor adds colours.
CLI_ENV: dict[str, str | None] = {
    "PTCTUI_TODAY": TODAY.isoformat(),
    "PTCTUI_DB": None,
    "PTCTUI_USER": None,
    "COLUMNS": "200",
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "NO_COLOR": "1",
}


def invoke_cli(*args: str | Path, env: Mapping[str, str | None] | None = None) -> Result:
    """``ptctui ARGS`` in-process (Typer's CliRunner) from ``CLI_ENV``, plus ``env``."""
    from ptctui.cli import app

    return CliRunner().invoke(
        app, [str(a) for a in args], env={**CLI_ENV, **(env or {})}, prog_name="ptctui"
    )

PG_URL_ENV = "PTCTUI_TEST_PG_URL"
PG_SKIP_REASON = f"{PG_URL_ENV} not set: PostgreSQL tests skipped"
BACKENDS: list[Any] = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not os.environ.get(PG_URL_ENV), reason=PG_SKIP_REASON),
    ),
]
on_both_backends = pytest.mark.parametrize("backend", BACKENDS, indirect=True)


def pytest_report_header() -> str:
    url = os.environ.get(PG_URL_ENV)
    return f"postgresql: {url}" if url else f"postgresql: {PG_SKIP_REASON}"


def make_workspace(root: Path, *, seed: bool = True) -> Path:
    """Create ``root/db/ptctui.db`` (seeded or empty) and ``root/exports``; return the db path."""
    path = root / "db" / "ptctui.db"
    engine = db.make_engine(db.url_for(path))
    migrate.prepare(engine)
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


# --- PostgreSQL ---------------------------------------------------------------------------------

# The test databases sort text as SQLite does (byte by byte) and fold case as ptctui's SQLite
# connections do (Unicode lower(), registered in db.py): collation C, character type C.utf8.
_C_LOCALE = "ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.utf8'"


class PostgresServer:
    """The server ``PTCTUI_TEST_PG_URL`` names: fresh databases cloned from templates."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = make_url(admin_url)
        self.admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.prefix = f"ptctui_test_{os.getpid()}_"
        self.templates: dict[str, str] = {}

    def url(self, name: str) -> str:
        """The URL of database ``name`` on this server."""
        return self.admin_url.set(database=name).render_as_string(hide_password=False)

    def _run(self, sql: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def _template(self, kind: str) -> str:
        """A database at the current schema, ``seeded`` or ``empty``, made once per session."""
        if kind not in self.templates:
            name = f"{self.prefix}template_{kind}"
            self._run(f'DROP DATABASE IF EXISTS "{name}"')
            self._run(f'CREATE DATABASE "{name}" TEMPLATE template0 {_C_LOCALE}')
            engine = db.make_engine(self.url(name))
            migrate.prepare(engine)
            if kind == "seeded":
                seed_bundled(engine)
            engine.dispose()  # a template must have no connections when it is cloned
            self.templates[kind] = name
        return self.templates[kind]

    def create(self, kind: str | None) -> str:
        """A new database: a clone of the ``seeded`` or ``empty`` template, or blank (None)."""
        name = f"{self.prefix}{uuid.uuid4().hex[:12]}"
        if kind is None:
            self._run(f'CREATE DATABASE "{name}" TEMPLATE template0 {_C_LOCALE}')
        else:
            self._run(f'CREATE DATABASE "{name}" TEMPLATE "{self._template(kind)}"')
        return name

    def drop(self, name: str) -> None:
        """Drop a database, ending any connection a test left open on it."""
        self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        """Drop the templates and let go of the server."""
        for name in self.templates.values():
            self.drop(name)
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """The PostgreSQL test server; tests that need it are skipped without one."""
    url = os.environ.get(PG_URL_ENV)
    if not url:
        pytest.skip(PG_SKIP_REASON)
    server = PostgresServer(url)
    yield server
    server.close()


@pytest.fixture
def new_pg_database(pg_server: PostgresServer) -> Iterator[Callable[[str | None], str]]:
    """Make PostgreSQL databases (``"seeded"``, ``"empty"`` or None for blank); their URLs.

    Every database made is dropped when the test ends.
    """
    made: list[str] = []

    def make(kind: str | None = "seeded") -> str:
        made.append(pg_server.create(kind))
        return pg_server.url(made[-1])

    yield make
    for name in made:
        pg_server.drop(name)


# --- the database a test works on ----------------------------------------------------------------


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Which engine the database fixtures use: SQLite unless parametrised (see BACKENDS)."""
    return str(getattr(request, "param", "sqlite"))


@dataclass(frozen=True)
class Database:
    """A seeded test database: its URL, and its file for SQLite."""

    backend: str
    url: str
    path: Path | None = None

    @property
    def arg(self) -> str:
        """What ``--db`` is given to reach it: the file's path, or the URL."""
        return str(self.path) if self.path is not None else self.url


@pytest.fixture
def database(backend: str, request: pytest.FixtureRequest) -> Database:
    """A fresh seeded database on ``backend``: a copy of ``db_path``, or a PostgreSQL clone."""
    if backend == "sqlite":
        path: Path = request.getfixturevalue("db_path")
        return Database(backend, db.url_for(path), path)
    make: Callable[[str | None], str] = request.getfixturevalue("new_pg_database")
    return Database(backend, make("seeded"))


@pytest.fixture
def db_arg(database: Database) -> str:
    """``--db`` for the seeded database: a file path (SQLite) or a URL (PostgreSQL)."""
    return database.arg


@pytest.fixture
def engine(database: Database) -> Iterator[Engine]:
    """An engine on the seeded database."""
    eng = db.make_engine(database.url)
    yield eng
    eng.dispose()


@pytest.fixture
def empty_engine(backend: str, request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An engine on a migrated database with no data (beside, not instead of, ``engine``'s)."""
    if backend == "sqlite":
        tmp_path: Path = request.getfixturevalue("tmp_path")
        url = db.url_for(make_workspace(tmp_path / "empty", seed=False))
    else:
        url = request.getfixturevalue("new_pg_database")("empty")
    eng = db.make_engine(url)
    yield eng
    eng.dispose()


def fingerprint_engine(engine: Engine) -> str:
    """A digest of every row of every ptctui table and the schema revision, on any engine.

    Rows are read through the models' column types, ordered by primary key, so the digest
    says "same data" whichever engine holds it: an SQLite file and its PostgreSQL copy agree.
    """
    digest = hashlib.sha256()
    with engine.connect() as conn:
        digest.update(repr(migrate.current_revision(engine)).encode())
        for table in SQLModel.metadata.sorted_tables:
            digest.update(f"\n{table.name}\n".encode())
            for row in conn.execute(table.select().order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def fingerprint_db(target: str | Path) -> str:
    """``fingerprint_engine`` of the database at a path or URL."""
    engine = db.make_engine(db.url_for(target))
    try:
        return fingerprint_engine(engine)
    finally:
        engine.dispose()


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
