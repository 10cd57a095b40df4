"""``ptctui db copy`` and ``ptctui.store.cloning``: a whole database into an empty one.

Every direction is tried: SQLite → PostgreSQL (publishing a laptop's file to a server),
PostgreSQL → SQLite (the first laptop copy), and each engine into itself. The PostgreSQL
sides need ``PTCTUI_TEST_PG_URL`` (see ``conftest``) and are skipped without it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import col
from typer.testing import Result

from conftest import BACKENDS, fingerprint_db, fingerprint_engine, invoke_cli, make_workspace
from ptctui import db
from ptctui.models import Change
from ptctui.store import cloning
from ptctui.workspace import resolve_workspace


def run(database: str, *args: str, env: Mapping[str, str | None] | None = None) -> Result:
    """``ptctui --db DATABASE ARGS``, in-process."""
    return invoke_cli("--db", database, *args, env=env)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    return result


def one_line_error(result: Result) -> str:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ")
    return line


def display(database: str) -> str:
    return resolve_workspace(database, env={}).display


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The source's engine: both, for every test here."""
    return str(request.param)


@pytest.fixture(params=BACKENDS)
def target_backend(request: pytest.FixtureRequest) -> str:
    """The target's engine: both, for the tests that name a target."""
    return str(request.param)


@pytest.fixture
def new_target(
    target_backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Callable[[str | None], str]:
    """Make a target on ``target_backend``: ``None`` for nothing yet, or "empty"/"seeded"."""

    def make(kind: str | None = None) -> str:
        if target_backend == "sqlite":
            folder = tmp_path / f"target-{kind}"
            if kind is None:
                return str(folder / "db" / "laptop.db")  # not there yet: copy creates it
            return str(make_workspace(folder, seed=kind == "seeded"))
        new_pg_database: Callable[[str | None], str] = request.getfixturevalue("new_pg_database")
        return new_pg_database(kind)

    return make


def test_a_copy_holds_everything_and_carries_on_where_the_original_was(
    db_arg: str, new_target: Callable[[str | None], str]
) -> None:
    """Same rows, ids, uuids, history and journal; new rows get new ids; undo reaches back."""
    ok(run(db_arg, "move", "CEP-4.6", "in_progress", "--by", "ana"))
    ok(run(db_arg, "undo", "--by", "ana"))  # the move now points at its later undo
    ok(run(db_arg, "update", "CEP-1.1", "Handbook printed", "--by", "bo"))
    ok(run(db_arg, "add", "Translate the handbook", "--component", "CEP-2020:1", "--by", "bo"))
    before = fingerprint_db(db_arg)
    target = new_target(None)

    result = ok(run(db_arg, "db", "copy", "--to", target))

    assert re.fullmatch(
        rf"Copied {re.escape(display(db_arg))} to {re.escape(display(target))}: "
        r"57 actions, \d+ rows in all\n",
        result.stdout,
    )
    assert fingerprint_db(target) == before  # the same data, whichever engine holds it
    assert fingerprint_db(db_arg) == before  # and the original untouched
    ok(run(target, "db", "check"))

    moved = ok(run(target, "move", "CEP-4.7", "in_progress", "--note", "reopened", "--by", "cy"))
    assert moved.stdout == "CEP-4.7: completed → in progress\n"
    engine = db.make_engine(db.url_for(target))
    with engine.connect() as conn:
        ids = conn.execute(select(col(Change.id)).order_by(col(Change.id))).scalars().all()
    engine.dispose()
    assert ids == [1, 2, 3, 4, 5]  # the new change follows the copied ones
    undone = ok(run(target, "undo", "--by", "cy")).stdout
    assert undone == "Undo of: CEP-4.7: completed → in progress\n"
    assert ok(run(target, "undo", "--by", "bo")).stdout == (
        "Undo of: CEP-1.14: new action “Translate the handbook”\n"
    )


def test_a_target_that_holds_data_is_refused_untouched(
    db_arg: str, new_target: Callable[[str | None], str]
) -> None:
    target = new_target("seeded")
    before = fingerprint_db(target)
    line = one_line_error(run(db_arg, "db", "copy", "--to", target))
    assert line == (
        "error: the target already holds data (action_bodies, actions, bodies, components, "
        "documents …); copy only into an empty database"
    )
    assert fingerprint_db(target) == before


def test_a_migrated_empty_target_is_filled(
    db_arg: str, new_target: Callable[[str | None], str]
) -> None:
    """A database made empty (``init --empty``, or a copy that failed) is a fine target."""
    target = new_target("empty")
    ok(run(db_arg, "db", "copy", "--to", target))
    assert fingerprint_db(target) == fingerprint_db(db_arg)


def test_copying_into_itself_is_refused(db_arg: str) -> None:
    line = one_line_error(run(db_arg, "db", "copy", "--to", db_arg))
    assert line == "error: --to names the database in use; copy into another one"


def test_copying_a_database_that_is_not_there_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "db" / "ptctui.db"
    line = one_line_error(run(str(missing), "db", "copy", "--to", str(tmp_path / "b.db")))
    assert line == (
        f"error: no database at {missing} (--db); check the path, or run `ptctui init` to "
        "make one there"
    )
    assert not missing.exists() and not (tmp_path / "b.db").exists()


def test_small_batches_copy_the_same_rows(engine: Engine, empty_engine: Engine) -> None:
    """Batches of 7 rows: a body's parent or an undo may lie in a later batch."""
    copied = cloning.copy_database(source=engine, target=empty_engine, batch_size=7)
    assert copied.rows["actions"] == 56
    assert fingerprint_engine(empty_engine) == fingerprint_engine(engine)


def test_a_copy_failing_half_way_leaves_the_target_empty(
    engine: Engine, empty_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows go in one transaction: all of them, or none."""
    real = cloning._copy_table
    done: list[str] = []

    def failing(table, **kwargs):  # type: ignore[no-untyped-def]
        if len(done) == 5:
            raise cloning.CopyError("disk full")
        done.append(table.name)
        return real(table, **kwargs)

    monkeypatch.setattr(cloning, "_copy_table", failing)
    with pytest.raises(cloning.CopyError, match="disk full"):
        cloning.copy_database(source=engine, target=empty_engine)
    assert cloning.occupied_tables(engine=empty_engine) == []
    with empty_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Change)).scalar() == 0
