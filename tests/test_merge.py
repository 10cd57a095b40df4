"""Merging laptops: ``ptctui export data`` on one, ``ptctui import FILE.json`` on the other.

The central test is the issue's: two copies of one database diverge (different moves, updates,
a new action on each, one field both sides edited), each exports, each imports the other's
file, and afterwards both hold the same data — compared as a canonical dump keyed by UUID,
since local integer ids differ — with every change from both sides present.

Around it: a second import changes nothing, a dry run writes nothing, a new laptop imports
everything, two laptops seeded apart agree at once, undo stops at an import, and every kind of
broken or hostile file is refused with one line and the database untouched (a property test
feeds mutated files to the import; another process is killed with SIGKILL half-way through).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, col, select
from typer.testing import Result

from conftest import (
    Database,
    fingerprint,
    fingerprint_engine,
    invoke_cli,
    make_workspace,
    on_both_backends,
)
from ptctui import db, migrate, store
from ptctui.importers import ImportFileError
from ptctui.importers.exchange import parse_export
from ptctui.models import (
    LOCAL_TABLES,
    Action,
    Change,
    Meeting,
    ProgressUpdate,
    StatusChange,
)

Target = str | Path  # a database: an SQLite file, or a URL

def run(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
    return invoke_cli(*args, env=env)


def copy_db(source: Path, target: Path) -> Path:
    """A byte-for-byte logical copy (the online backup API), as a laptop copy would be."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


def canonical(path: Target) -> dict[str, list[Any]]:
    """Every shared table, with local ids replaced by the UUIDs they point at, sorted.

    Two databases holding the same data under different local ids give the same dump.
    """
    engine = db.make_engine(db.url_for(path))
    out: dict[str, list[Any]] = {}
    with engine.connect() as conn:
        tables = [t for t in SQLModel.metadata.sorted_tables if t.name not in LOCAL_TABLES]
        uuids = {
            t.name: dict(conn.execute(sa_select(t.c.id, t.c.uuid)).all())
            for t in tables
            if "uuid" in t.c
        }
        for t in tables:
            links = {fk.parent.name: fk.column.table.name for fk in t.foreign_keys}
            rows = []
            for row in conn.execute(t.select()):
                values = dict(row._mapping)
                values.pop("id")
                for column, target in links.items():
                    if values[column] is not None:
                        values[column] = uuids[target][values[column]]
                rows.append(tuple(sorted((k, repr(v)) for k, v in values.items())))
            out[t.name] = sorted(rows)
    engine.dispose()
    return out


def uuids_of(path: Target, table: str) -> set[str]:
    t = SQLModel.metadata.tables[table]

    def go(engine: Engine) -> set[str]:
        with engine.connect() as conn:
            return set(conn.execute(sa_select(t.c.uuid)).scalars())

    return set(with_engine(path, go))


def digest(path: Target) -> str:
    """The database's whole content as one value, on either engine."""
    return str(with_engine(path, fingerprint_engine))


def with_engine(path: Target, work: Callable[[Engine], Any]) -> Any:
    engine = db.make_engine(db.url_for(path))
    try:
        return work(engine)
    finally:
        engine.dispose()


def act(path: Target, ref: str, work: Callable[..., Any], at: datetime | None = None) -> Any:
    """Run one write on action ``ref`` in its own transaction, like one CLI command."""

    def go(engine: Engine) -> Any:
        with store.writing(engine) as session:
            action = store.resolve_action(session=session, ref=ref)
            return work(session, action)

    return with_engine(path, go)


def export(path: Target, out: Path) -> Path:
    result = run("--db", str(path), "export", "data", "-o", str(out), "--force")
    assert result.exit_code == 0, result.output
    return out


def import_(path: Target, file: Path, *extra: str, by: str = "tester") -> Result:
    return run("--db", str(path), "--by", by, "import", str(file), *extra)


def status_of(path: Target, ref: str) -> str:
    def go(engine: Engine) -> str:
        with store.reading(engine) as session:
            return store.resolve_action(session=session, ref=ref).status

    return with_engine(path, go)


@pytest.fixture
def laptops(database: Database, tmp_path: Path, _seeded_template: Path) -> tuple[str, Path]:
    """Alice's database on the engine under test (a laptop file, or the shared PostgreSQL
    server) and Bob's laptop, an SQLite file: both the seeded data, as from `ptctui init`."""
    bob = copy_db(_seeded_template, tmp_path / "bob" / "db" / "ptctui.db")
    return database.arg, bob


def is_file(target: Target) -> bool:
    return "://" not in str(target)


T0 = datetime(2020, 6, 1, 9, 0, tzinfo=UTC)


def diverge(alice: Path, bob: Path) -> None:
    """Different moves, updates, a new action each in one component, one title both edit."""
    from ptctui.models import ActionEdit

    # Alice, in the morning.
    act(
        alice,
        "RP-1.1",
        lambda s, a: store.move_action(session=s, action=a, status="completed", by="alice", at=T0),
    )
    act(
        alice,
        "RP-2.1",
        lambda s, a: store.add_update(session=s, action=a, text="Alice: workshop held", by="alice"),
    )
    act(
        alice,
        "RP-2.2",
        lambda s, a: store.edit_action(
            session=s, action=a, edit=ActionEdit(title="Title by Alice"), by="alice"
        ),
    )
    act(
        alice,
        "CEP-1.3",
        lambda s, a: store.set_archived(session=s, action=a, archived=True, by="alice"),
    )

    def add(name: str) -> Callable[[Engine], Any]:
        def go(engine: Engine) -> Any:
            with store.writing(engine) as session:
                component = store.get_component(session=session, spec="RP-IV:1")
                return store.add_action(
                    session=session, component=component, title=f"New from {name}", by=name
                )

        return go

    with_engine(alice, add("alice"))
    time.sleep(0.01)  # Bob's edits are later than Alice's: his title wins
    # Bob, later.
    act(
        bob,
        "RP-2.1",
        lambda s, a: store.move_action(
            session=s, action=a, status="on_hold", note="no funding", by="bob"
        ),
    )
    act(
        bob,
        "RP-2.1",
        lambda s, a: store.add_update(
            session=s, action=a, text="Bob: waiting for donors", by="bob"
        ),
    )
    act(
        bob,
        "RP-2.2",
        lambda s, a: store.edit_action(
            session=s, action=a, edit=ActionEdit(title="Title by Bob"), by="bob"
        ),
    )
    act(
        bob,
        "CEP-1.4",
        lambda s, a: store.edit_action(
            session=s, action=a, edit=ActionEdit(deadline="Q4 2021"), by="bob"
        ),
    )
    with_engine(bob, add("bob"))


@on_both_backends
def test_two_laptops_converge_and_keep_every_change(
    laptops: tuple[str, Path], tmp_path: Path
) -> None:
    alice, bob = laptops
    diverge(alice, bob)
    before = {
        side: {t: uuids_of(side, t) for t in ("changes", "status_changes", "progress_updates")}
        for side in (alice, bob)
    }
    a_file = export(alice, tmp_path / "alice.json")
    b_file = export(bob, tmp_path / "bob.json")

    on_alice = import_(alice, b_file)
    on_bob = import_(bob, a_file)
    assert on_alice.exit_code == 0, on_alice.output
    assert on_bob.exit_code == 0, on_bob.output

    assert canonical(alice) == canonical(bob)
    for table in ("changes", "status_changes", "progress_updates"):
        union = before[alice][table] | before[bob][table]
        assert uuids_of(alice, table) == union
        assert uuids_of(bob, table) == union

    # Non-conflicting changes from both sides are all there.
    assert status_of(alice, "RP-1.1") == "completed"
    assert status_of(alice, "RP-2.1") == "on_hold"

    def titles(engine: Engine) -> dict[str, str]:
        with store.reading(engine) as session:
            return {a.ref: a.title for a in session.exec(select(Action)).all()}

    merged = with_engine(alice, titles)
    assert merged["RP-2.2"] == "Title by Bob"  # the newer edit won…

    def looks(engine: Engine) -> tuple[list[Any], bool, str | None]:
        with store.reading(engine) as session:
            afters = [json.loads(c.after) for c in session.exec(select(Change)).all()]
            archived = store.resolve_action(session=session, ref="CEP-1.3").archived
            deadline = store.resolve_action(session=session, ref="CEP-1.4").deadline_label
        return afters, archived, deadline

    afters, archived, deadline = with_engine(alice, looks)
    assert {"title": "Title by Alice"} in afters  # …and Alice's is kept in the history
    assert archived is True
    assert deadline == "Q4 2021"
    # Both new actions exist; Alice's was first, so it keeps RP-1.4 on both laptops.
    assert merged["RP-1.4"] == "New from alice"
    assert merged["RP-1.5"] == "New from bob"

    # The conflict report names the action and the field, on both sides.
    assert "RP-2.2 title: kept Title by Bob" in on_alice.output
    assert "RP-2.2 title: kept Title by Bob" in on_bob.output
    assert "1 conflict" in on_alice.output
    assert "renumbered RP-1.4 (from the file) to RP-1.5" in on_alice.output
    assert "renumbered RP-1.4 (made here) to RP-1.5" in on_bob.output
    assert run("--db", str(alice), "db", "check").exit_code == 0


@on_both_backends
def test_importing_the_same_file_again_changes_nothing(
    laptops: tuple[str, Path], tmp_path: Path
) -> None:
    alice, bob = laptops
    diverge(alice, bob)
    b_file = export(bob, tmp_path / "bob.json")
    assert import_(alice, b_file).exit_code == 0
    after_first = digest(alice)
    again = import_(alice, b_file)
    assert again.exit_code == 0
    assert "nothing new" in again.output
    assert digest(alice) == after_first


@on_both_backends
def test_dry_run_reports_but_writes_nothing(laptops: tuple[str, Path], tmp_path: Path) -> None:
    alice, bob = laptops
    diverge(alice, bob)
    b_file = export(bob, tmp_path / "bob.json")
    untouched = digest(alice)
    result = import_(alice, b_file, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Would merge bob.json: ")
    assert "RP-2.2 title" in result.output
    assert "Dry run: nothing was written." in result.output
    assert digest(alice) == untouched
    assert not is_file(alice) or not (Path(alice).parent / "backups").exists()
    # The real import then does what the dry run said.
    real = import_(alice, b_file)
    assert (
        real.output.replace("Merged", "Would merge").split("\n")[:4]
        == (result.output.split("\n")[:4])
    )


def test_a_new_laptop_gets_everything(db_path: Path, tmp_path: Path) -> None:
    act(
        db_path,
        "CEP-2.1",
        lambda s, a: store.add_update(session=s, action=a, text="an update", by="alice"),
    )
    act(
        db_path,
        "CEP-2.1",
        lambda s, a: store.move_action(session=s, action=a, status="completed", by="alice"),
    )
    file = export(db_path, tmp_path / "all.json")
    fresh = tmp_path / "new" / "db" / "ptctui.db"
    # No stray databases: the import needs a workspace, which `init --empty` makes.
    assert import_(fresh, file).exit_code == 1 and not fresh.exists()
    assert run("--db", str(fresh), "init", "--empty").exit_code == 0
    result = import_(fresh, file)
    assert result.exit_code == 0, result.output
    assert canonical(fresh) == canonical(db_path)
    assert run("--db", str(fresh), "db", "check").exit_code == 0


def test_laptops_seeded_apart_are_already_the_same(tmp_path: Path) -> None:
    one = make_workspace(tmp_path / "one")
    two = make_workspace(tmp_path / "two")
    assert canonical(one) == canonical(two)
    result = import_(one, export(two, tmp_path / "two.json"))
    assert result.exit_code == 0
    assert "nothing new" in result.output


@on_both_backends
def test_the_latest_status_change_wins_both_ways(laptops: tuple[str, Path], tmp_path: Path) -> None:
    alice, bob = laptops
    act(
        alice,
        "CEP-1.1",
        lambda s, a: store.move_action(
            session=s, action=a, status="completed", by="alice", at=T0 + timedelta(hours=2)
        ),
    )
    act(
        bob,
        "CEP-1.1",
        lambda s, a: store.move_action(
            session=s, action=a, status="postponed", deadline="2021", by="bob", at=T0
        ),
    )
    a_file, b_file = export(alice, tmp_path / "a.json"), export(bob, tmp_path / "b.json")
    on_alice, on_bob = import_(alice, b_file), import_(bob, a_file)
    assert status_of(alice, "CEP-1.1") == status_of(bob, "CEP-1.1") == "completed"
    assert "CEP-1.1 status: kept completed" in on_alice.output
    assert "CEP-1.1 status: kept completed" in on_bob.output
    assert canonical(alice) == canonical(bob)


def test_a_retraction_travels(laptops: tuple[str, Path], tmp_path: Path) -> None:
    alice, bob = laptops
    act(
        alice,
        "CEP-2.2",
        lambda s, a: store.add_update(session=s, action=a, text="to be withdrawn", by="alice"),
    )
    copy_db(Path(alice), bob)  # Bob gets Alice's update …
    with_engine(alice, lambda e: _undo(e))  # … which Alice then withdraws
    import_(bob, export(alice, tmp_path / "a.json"))

    def texts(engine: Engine) -> list[tuple[str, bool]]:
        with store.reading(engine) as session:
            return [
                (u.text, u.retracted)
                for u in session.exec(
                    select(ProgressUpdate).where(ProgressUpdate.text == "to be withdrawn")
                ).all()
            ]

    assert with_engine(bob, texts) == [("to be withdrawn", True)]


def _undo(engine: Engine) -> None:
    with store.writing(engine) as session:
        store.undo(session=session, by="alice")


def test_undo_stops_at_an_import(laptops: tuple[str, Path], tmp_path: Path) -> None:
    alice, bob = laptops
    act(
        alice,
        "CEP-1.1",
        lambda s, a: store.move_action(session=s, action=a, status="completed", by="alice"),
    )
    act(
        bob,
        "CEP-1.2",
        lambda s, a: store.move_action(session=s, action=a, status="completed", by="bob"),
    )
    assert import_(alice, export(bob, tmp_path / "b.json")).exit_code == 0
    refused = run("--db", str(alice), "undo")
    assert refused.exit_code == 1
    assert "nothing to undo since the import of" in refused.output
    assert "before-import" in refused.output  # it names the backup to go back to
    assert status_of(alice, "CEP-1.1") == "completed"
    # A change made after the import can be undone as usual.
    act(
        alice,
        "CEP-1.5",
        lambda s, a: store.add_update(session=s, action=a, text="after the import", by="alice"),
    )
    assert run("--db", str(alice), "undo", "--by", "alice").exit_code == 0


@on_both_backends
def test_history_shows_merged_changes_by_when_they_happened(
    laptops: tuple[str, Path], tmp_path: Path
) -> None:
    alice, bob = laptops
    act(
        bob,
        "CEP-1.2",
        lambda s, a: store.move_action(session=s, action=a, status="completed", by="bob", at=T0),
    )
    act(
        alice,
        "CEP-1.1",
        lambda s, a: store.move_action(
            session=s, action=a, status="completed", by="alice", at=T0 + timedelta(days=1)
        ),
    )
    import_(alice, export(bob, tmp_path / "b.json"))

    def kinds(engine: Engine) -> list[str]:
        with store.reading(engine) as session:
            return [c.by for c in store.history(session=session)]

    assert with_engine(alice, kinds)[:2] == ["alice", "bob"]


# --- refused files ------------------------------------------------------------------------------


def _valid(db_path: Path, tmp_path: Path) -> dict[str, Any]:
    act(
        db_path,
        "CEP-1.2",
        lambda s, a: store.move_action(session=s, action=a, status="completed", by="bob"),
    )
    return json.loads(export(db_path, tmp_path / "valid.json").read_text())


def _set(doc: dict[str, Any], table: str, row: int, column: str, value: Any) -> dict[str, Any]:
    doc["tables"][table][row][column] = value
    return doc


BROKEN: dict[str, tuple[Callable[[dict[str, Any]], Any], str]] = {
    "not a ptctui export": (lambda d: {"hello": "world"}, "is not a ptctui export"),
    "newer export version": (lambda d: {**d, "version": 99}, "newer ptctui"),
    "newer schema": (lambda d: {**d, "schema": "9999"}, "newer database schema"),
    "unknown table": (lambda d: {**d, "tables": {**d["tables"], "spells": []}}, "spells"),
    "unknown column": (
        lambda d: _set(d, "actions", 0, "colour", "red"),
        "unknown columns (colour)",
    ),
    "missing column": (
        lambda d: (d["tables"]["actions"][0].pop("title"), d)[1],
        "actions row 1 (RP-1.1) has no title",
    ),
    "bad date": (
        lambda d: _set(d, "actions", 3, "due_date", "soon"),
        "due_date: 'soon' is not a date",
    ),
    "naive instant": (
        lambda d: _set(d, "changes", 0, "at", "2020-01-01T10:00:00"),
        "has no time zone",
    ),
    "dangling link": (
        lambda d: _set(d, "actions", 0, "component_id", 999),
        "no components row with id 999",
    ),
    "duplicate reference": (
        lambda d: _set(d, "actions", 1, "ref", d["tables"]["actions"][0]["ref"].lower()),
        "repeats the ref",
    ),
    "unknown status": (
        lambda d: _set(d, "actions", 0, "status", "vibing"),
        "unknown value 'vibing'",
    ),
    "not a uuid": (lambda d: _set(d, "actions", 0, "uuid", "x" * 36), "is not a UUID"),
    "NUL in text": (lambda d: _set(d, "actions", 0, "title", "a\x00b"), "NUL character"),
    "wrong type": (lambda d: _set(d, "actions", 0, "archived", "yes"), "is not true or false"),
    "huge text": (
        lambda d: _set(d, "actions", 0, "title", "x" * 1_000_001),
        "longer than 1,000,000",
    ),
    "move of another action": (
        lambda d: _set(d, "changes", 0, "action_id", None),
        "changes row 1 is a move whose status change belongs to another action",
    ),
    "move without its status change": (
        lambda d: _set(d, "changes", 0, "status_change_id", None),
        "changes row 1 is a move with no status change",
    ),
    "a move that undoes": (
        lambda d: _set(d, "changes", 0, "undoes_id", d["tables"]["changes"][0]["id"]),
        "but says it undoes one",
    ),
    "rows not a list": (
        lambda d: {**d, "tables": {**d["tables"], "actions": {}}},
        "is not a list of rows",
    ),
}


def test_a_file_from_before_own_plans_imports_with_the_columns_defaults(
    db_path: Path, tmp_path: Path
) -> None:
    """A laptop still at schema 0003 writes files without the columns 0005 added (archived
    packages and plans, a plan's dates and prefix, journal subjects); importing one here
    gives its rows those columns' defaults, as the migration gave existing rows."""
    added = {
        "bodies": ("archived",),
        "meetings": ("archived",),
        "packages": ("archived",),
        "plans": ("archived", "start_date", "end_date", "ref_prefix"),
        "components": ("archived",),
        "endorsements": ("retracted",),
        "changes": ("subject", "subject_uuid"),
    }
    document = json.loads(export(db_path, tmp_path / "out.json").read_text())
    assert document["schema"] == migrate.EXCHANGE_REVISION == "0007"
    document["schema"] = "0003"
    for table, columns in added.items():
        for row in document["tables"][table]:
            for column in columns:
                del row[column]
    older = tmp_path / "older.json"
    older.write_text(json.dumps(document), encoding="utf-8")
    data = parse_export(older.read_bytes(), name="older.json")
    assert {r["archived"] for r in data.rows("plans")} == {False}
    assert {r["ref_prefix"] for r in data.rows("plans")} == {""}
    target = copy_db(db_path, tmp_path / "t" / "db" / "ptctui.db")
    result = import_(target, older)
    assert result.exit_code == 0, result.output
    assert "nothing new" in result.output
    newer = json.dumps({**document, "schema": "9999"})
    with pytest.raises(ImportFileError, match="newer database schema"):
        parse_export(newer.encode(), name="out.json")


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_file_is_refused_and_nothing_changes(
    case: str, db_path: Path, tmp_path: Path
) -> None:
    mutate, message = BROKEN[case]
    doc = _valid(db_path, tmp_path)
    target = copy_db(make_workspace(tmp_path / "target"), tmp_path / "t" / "db" / "ptctui.db")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(mutate(doc)), encoding="utf-8")
    untouched = fingerprint(target)
    result = import_(target, bad)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: bad.json"), result.output
    assert message in lines[0]
    assert fingerprint(target) == untouched


def test_a_truncated_file_is_refused_with_a_hint(db_path: Path, tmp_path: Path) -> None:
    whole = export(db_path, tmp_path / "whole.json").read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(whole[: len(whole) // 2])
    untouched = fingerprint(db_path)
    result = import_(db_path, cut)
    assert result.exit_code == 1
    assert "cut.json is not valid JSON" in result.output
    assert "cut short" in result.output
    assert fingerprint(db_path) == untouched


def test_a_file_saved_by_a_windows_editor_imports_and_latin_1_is_refused(
    db_path: Path, tmp_path: Path
) -> None:
    """A byte-order mark and CRLF line ends (an export opened and saved in Notepad) change
    nothing; a file in another encoding is refused, naming the first byte that is not UTF-8."""
    other = tmp_path / "other" / "db" / "ptctui.db"
    copy_db(db_path, other)
    act(
        other,
        "CEP-1.2",
        lambda s, a: store.move_action(session=s, action=a, status="in_progress", by="ana"),
    )
    text = export(other, tmp_path / "other.json").read_text(encoding="utf-8")
    saved = tmp_path / "saved.json"
    saved.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert import_(db_path, saved).exit_code == 0
    assert status_of(db_path, "CEP-1.2") == "in_progress"

    latin = tmp_path / "latin.json"
    latin.write_bytes(text.replace("Revenue", "Recette é").encode("latin-1", "replace"))
    untouched = fingerprint(db_path)
    refused = import_(db_path, latin)
    assert refused.exit_code == 1
    assert "latin.json is not UTF-8 text (byte " in refused.output
    assert fingerprint(db_path) == untouched


def test_missing_file_and_unknown_kind_of_file(db_path: Path, tmp_path: Path) -> None:
    missing = import_(db_path, tmp_path / "nope.json")
    assert missing.exit_code == 1
    assert "no file" in missing.output
    odd = tmp_path / "notes.pdf"
    odd.write_bytes(b"%PDF")
    refused = import_(db_path, odd)
    assert refused.exit_code == 1
    assert "expected .json" in refused.output


def test_hostile_text_is_stored_exactly_as_sent(db_path: Path, tmp_path: Path) -> None:
    doc = _valid(db_path, tmp_path)
    hostile = "[bold red]boom[/] \x1b[31mRED\x1b[0m <script>alert(1)</script> \u202eevil"
    _set(doc, "actions", 0, "title", hostile)
    doc["tables"]["actions"][0]["uuid"] = "00000000-0000-4000-8000-000000000001"
    doc["tables"]["actions"][0]["ref"] = "RP-1.99"
    file = tmp_path / "hostile.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    result = import_(db_path, file)
    assert result.exit_code == 0, result.output

    def title(engine: Engine) -> str:
        with store.reading(engine) as session:
            return store.resolve_action(session=session, ref="RP-1.99").title

    assert with_engine(db_path, title) == hostile


# --- random damage ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_export(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    root = tmp_path_factory.mktemp("sample")
    path = make_workspace(root)
    act(
        path,
        "CEP-1.2",
        lambda s, a: store.move_action(session=s, action=a, status="completed", by="bob"),
    )
    act(path, "CEP-1.3", lambda s, a: store.add_update(session=s, action=a, text="u", by="bob"))
    return export(path, root / "sample.json").read_bytes()


def _mutations(doc: Any) -> st.SearchStrategy[Any]:
    junk = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
        max_leaves=5,
    )
    tables = sorted(doc["tables"])
    return st.tuples(st.sampled_from(tables), st.integers(0, 10_000), st.text(max_size=12), junk)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_damage_never_escapes_and_never_half_writes(
    data: st.DataObject, sample_export: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("victim")
    target = make_workspace(root, seed=False)
    doc = json.loads(sample_export)
    how = data.draw(st.sampled_from(["truncate", "value", "bytes"]))
    if how == "truncate":
        raw = sample_export[: data.draw(st.integers(0, len(sample_export) - 1))]
    elif how == "bytes":
        spot = data.draw(st.integers(0, len(sample_export) - 1))
        raw = (
            sample_export[:spot]
            + data.draw(st.binary(min_size=1, max_size=4))
            + (sample_export[spot + 1 :])
        )
    else:
        table, row, column, junk = data.draw(_mutations(doc))
        rows = doc["tables"][table]
        if rows:
            picked = rows[row % len(rows)]
            keys = sorted(picked)
            picked[column if column and row % 3 == 0 else keys[row % len(keys)]] = junk
        raw = json.dumps(doc).encode()
    file = root / "damaged.json"
    file.write_bytes(raw)
    untouched = fingerprint(target)
    result = import_(target, file)
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    if result.exit_code == 1:
        assert result.output.startswith("error: ") and result.output.count("\n") == 1
        assert fingerprint(target) == untouched
    else:
        assert run("--db", str(target), "db", "check").exit_code == 0


# --- a crash half-way ---------------------------------------------------------------------------


def test_sigkill_during_an_import_leaves_the_database_as_it_was(
    db_path: Path, tmp_path: Path
) -> None:
    """A real process is killed while the import's transaction is open (after some rows)."""
    other = copy_db(db_path, tmp_path / "other" / "db" / "ptctui.db")
    for ref in ("CEP-1.1", "CEP-1.3", "CEP-1.4"):
        act(
            other,
            ref,
            lambda s, a: store.add_update(
                session=s, action=a, text="from the other laptop", by="bob"
            ),
        )
    act(
        other,
        "CEP-1.2",
        lambda s, a: store.move_action(session=s, action=a, status="completed", by="bob"),
    )
    file = export(other, tmp_path / "other.json")
    untouched = fingerprint(db_path)
    flag = tmp_path / "half-way"
    script = textwrap.dedent(
        f"""
        import pathlib, time
        import ptctui.store.merge.merger as merge

        original = merge._Merger._status_changes

        def slow(self):
            result = original(self)          # rows are written, nothing committed yet
            pathlib.Path({str(flag)!r}).touch()
            time.sleep(60)
            return result

        merge._Merger._status_changes = slow
        from ptctui.cli import main
        import sys
        sys.argv = ["ptctui", "--db", {str(db_path)!r}, "import", {str(file)!r}]
        main()
        """
    )
    env = {**os.environ, "PTCTUI_USER": "victim"}
    process = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        deadline = time.monotonic() + 60
        while not flag.exists():
            assert process.poll() is None, "the import ended before it was killed"
            assert time.monotonic() < deadline, "the import never got half-way"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    assert fingerprint(db_path) == untouched
    # And the database still works: the same import now goes through.
    assert import_(db_path, file).exit_code == 0
    assert status_of(db_path, "CEP-1.2") == "completed"


@on_both_backends
def test_merged_status_equals_the_last_change(laptops: tuple[str, Path], tmp_path: Path) -> None:
    alice, bob = laptops
    diverge(alice, bob)
    import_(alice, export(bob, tmp_path / "b.json"))

    def check(engine: Engine) -> list[str]:
        bad = []
        with store.reading(engine) as session:
            for action in session.exec(select(Action)).all():
                last = session.exec(
                    select(StatusChange)
                    .where(StatusChange.action_id == action.id)
                    .order_by(col(StatusChange.at).desc(), col(StatusChange.id).desc())
                ).first()
                if last is None or last.to_status != action.status:
                    bad.append(action.ref)
            assert session.exec(select(Change)).first() is not None
        return bad

    assert with_engine(alice, check) == []


# --- sync: both directions at once -------------------------------------------------------------


@on_both_backends
def test_sync_makes_two_databases_one(laptops: tuple[str, Path]) -> None:
    alice, bob = laptops
    diverge(alice, bob)
    dry = run("--db", str(alice), "sync", "--with", str(bob), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.output.count("Would merge") == 2
    assert canonical(alice) != canonical(bob)

    result = run("--db", str(alice), "--by", "alice", "sync", "--with", str(bob))
    assert result.exit_code == 0, result.output
    assert canonical(alice) == canonical(bob)
    squeezed = "".join(result.output.split())  # long URLs wrap
    assert f"Merged{bob}into{alice}:" in squeezed
    assert "RP-2.2 title: kept Title by Bob" in result.output
    if is_file(alice):
        assert len(list((Path(alice).parent / "backups").glob("*-before-sync.db"))) == 1
    assert len(list((bob.parent / "backups").glob("*-before-sync.db"))) == 1

    again = run("--db", str(alice), "sync", "--with", str(bob))
    assert again.exit_code == 0
    assert again.output.count("nothing new") == 2


def test_sync_refuses_a_missing_or_identical_database(db_path: Path, tmp_path: Path) -> None:
    missing = run("--db", str(db_path), "sync", "--with", str(tmp_path / "none.db"))
    assert missing.exit_code == 1
    assert "no database at" in missing.output and "db copy --to" in missing.output
    same = run("--db", str(db_path), "sync", "--with", str(db_path))
    assert same.exit_code == 1
    assert "this same database" in same.output


@on_both_backends
def test_a_snapshot_read_does_not_see_commits_made_during_it(database: Database) -> None:
    """Exports and sync read every table inside one snapshot: a move committed half-way must
    not show up in the later tables only (the dump would point at rows it does not hold)."""
    from sqlalchemy import func

    reader = db.make_engine(database.url)
    try:
        with store.reading(reader, snapshot=True) as session:
            before = session.exec(select(func.count()).select_from(StatusChange)).one()
            act(
                database.arg,
                "CEP-1.2",
                lambda s, a: store.move_action(session=s, action=a, status="completed", by="x"),
            )
            during = session.exec(select(func.count()).select_from(StatusChange)).one()
        assert during == before
    finally:
        reader.dispose()


def _new_action(path: Target, title: str, by: str) -> str:
    def go(engine: Engine) -> str:
        with store.writing(engine) as session:
            component = store.get_component(session=session, spec="RP-IV:1")
            action, _ = store.add_action(session=session, component=component, title=title, by=by)
            return action.uuid

    return str(with_engine(path, go))


def _refs(path: Target) -> dict[str, str]:
    def go(engine: Engine) -> dict[str, str]:
        with store.reading(engine) as session:
            return {a.uuid: a.ref for a in session.exec(select(Action)).all()}

    return dict(with_engine(path, go))


def test_references_agree_after_repeated_exchanges(
    laptops: tuple[str, Path], tmp_path: Path
) -> None:
    """New actions taking the same reference on both sides, then more, exchanged back and
    forth in an awkward order: in the end both laptops name every action alike."""
    alice, bob = laptops
    a1 = _new_action(alice, "a1", "alice")
    b1 = _new_action(bob, "b1", "bob")
    assert import_(alice, export(bob, tmp_path / "b1.json")).exit_code == 0  # b1 renumbered
    b2 = _new_action(bob, "b2", "bob")  # takes the number b1 got on Alice's side
    assert import_(bob, export(alice, tmp_path / "a1.json")).exit_code == 0
    assert import_(alice, export(bob, tmp_path / "b2.json")).exit_code == 0
    assert import_(bob, export(alice, tmp_path / "a2.json")).exit_code == 0
    on_alice, on_bob = _refs(alice), _refs(bob)
    assert on_alice == on_bob
    assert len({on_alice[u] for u in (a1, b1, b2)}) == 3
    assert on_alice[a1] == "RP-1.4"  # created first, it keeps the reference
    assert canonical(alice) == canonical(bob)
    again = import_(alice, export(bob, tmp_path / "b3.json"))
    assert "nothing new" in again.output


def test_both_laptops_undoing_the_same_change_is_no_conflict(
    laptops: tuple[str, Path], tmp_path: Path
) -> None:
    from ptctui.models import ActionEdit

    alice, bob = laptops
    act(
        alice,
        "CEP-1.6",
        lambda s, a: store.edit_action(
            session=s, action=a, edit=ActionEdit(title="Oops"), by="alice"
        ),
    )
    copy_db(Path(alice), bob)  # Bob has Alice's edit; both undo it on their own
    with_engine(alice, _undo)
    with_engine(bob, _undo)
    on_alice = import_(alice, export(bob, tmp_path / "b.json"))
    on_bob = import_(bob, export(alice, tmp_path / "a.json"))
    assert "conflict" not in on_alice.output + on_bob.output
    assert canonical(alice) == canonical(bob)
    for side in (alice, bob):
        check = run("--db", str(side), "db", "check")
        assert check.exit_code == 0, check.output


def structure(path: Target, who: str, *commands: tuple[str, ...]) -> None:
    """Run ``ptctui --db PATH --by WHO COMMAND`` for each command, as an officer would."""
    for command in commands:
        result = run("--db", str(path), "--by", who, *command)
        assert result.exit_code == 0, (command, result.output)


def set_uuid(path: Target, table: str, code: str, uuid: str) -> None:
    """Give a row a chosen UUID (and its journal entries with it), to decide which side of a
    merge holds the smaller one."""
    t, changes = SQLModel.metadata.tables[table], SQLModel.metadata.tables["changes"]

    def go(engine: Engine) -> None:
        with engine.begin() as conn:
            old = conn.execute(sa_select(t.c.uuid).where(t.c.code == code)).scalar_one()
            conn.execute(t.update().where(t.c.uuid == old).values(uuid=uuid))
            conn.execute(
                changes.update().where(changes.c.subject_uuid == old).values(subject_uuid=uuid)
            )

    with_engine(path, go)


@on_both_backends
@pytest.mark.parametrize("smaller", ["alice", "bob"])
def test_two_laptops_adding_plans_and_editing_one_body_converge(
    laptops: tuple[str, Path], tmp_path: Path, smaller: str
) -> None:
    """Each laptop gives the ECP a plan with components, both make a package with the same
    code (either side's UUID the smaller), both rename the same body and one archives a plan:
    after each imports the other's file both hold the same data, every journal entry, the
    newer names, and the conflict is reported on both sides."""
    alice, bob = laptops
    structure(
        alice,
        "alice",
        ("plans", "add", "ECP-A", "-p", "ECP", "-t", "Alice's plan"),
        ("components", "add", "ECP-A", "Trade facilitation"),
        ("components", "add", "ECP-A", "Digital customs"),
        ("packages", "add", "NEW", "New package"),
        ("bodies", "edit", "EC", "--name", "Enforcement Committee (Alice)"),
        ("meetings", "add", "EC-41", "-b", "EC", "--session", "41", "--start", "2021-03-08"),
        ("plans", "endorse", "CEP-2020", "-m", "EC-41"),
    )
    time.sleep(0.01)  # Bob's changes are the later ones
    structure(
        bob,
        "bob",
        ("plans", "add", "ECP-B", "-p", "ECP", "-t", "Bob's plan"),
        ("components", "add", "ECP-B", "Capacity building"),
        ("add", "Bob's first action", "-c", "ECP-B:1"),
        ("packages", "add", "NEW", "New package"),
        ("packages", "edit", "NEW", "--name", "New package, renamed by Bob"),
        ("bodies", "edit", "EC", "--name", "Enforcement Committee (Bob)"),
        ("plans", "archive", "RP-IV"),
    )
    low, high = "00000000-0000-4000-8000-000000000001", "ffffffff-ffff-4fff-bfff-fffffffffff1"
    set_uuid(alice, "packages", "NEW", low if smaller == "alice" else high)
    set_uuid(bob, "packages", "NEW", high if smaller == "alice" else low)
    before = {
        side: uuids_of(side, "changes") for side in (alice, bob)
    }
    a_file, b_file = export(alice, tmp_path / "alice.json"), export(bob, tmp_path / "bob.json")
    on_alice = import_(alice, b_file)
    on_bob = import_(bob, a_file)
    assert on_alice.exit_code == 0, on_alice.output
    assert on_bob.exit_code == 0, on_bob.output

    assert canonical(alice) == canonical(bob)
    assert uuids_of(alice, "changes") == before[alice] | before[bob]
    for side in (alice, bob):
        plans = {p["code"]: p for p in listed(side, "plans", "--archived")}
        assert {"ECP-A", "ECP-B"} <= set(plans)
        assert plans["RP-IV"]["archived"] is True
        assert plans["CEP-2020"]["endorsed"] == ["EC Feb 2020", "EC Mar 2021"]
        bodies = {b["code"]: b for b in listed(side, "bodies")}
        assert bodies["EC"]["name"] == "Enforcement Committee (Bob)"
        packages = {p["code"]: p for p in listed(side, "packages")}
        assert packages["NEW"]["name"] == "New package, renamed by Bob"
        assert [c["title"] for c in listed(side, "components", "ECP-A")] == [
            "Trade facilitation",
            "Digital customs",
        ]
        refs = [r["ref"] for r in listed(side, "actions", "--plan", "ECP-B")]
        assert refs == ["ECP-B-1.1"]
    for result in (on_alice, on_bob):
        assert "body EC name: kept Enforcement Committee (Bob)" in result.output
    assert "1 body edited" in on_alice.output
    assert run("--db", str(alice), "db", "check").exit_code == 0


def listed(path: Target, *command: str) -> Any:
    result = run("--db", str(path), *command, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@on_both_backends
def test_two_laptops_writing_one_committee_document_converge(
    laptops: tuple[str, Path], tmp_path: Path
) -> None:
    """Alice writes the introduction of a new document and issues it; Bob writes its closing
    and, later, the introduction too: after both imports each side has both sections, Bob's
    newer introduction (the conflict reported), the record made on both sides once, and the
    issued file."""
    alice, bob = laptops
    paths = {side: tmp_path / f"{name}.md" for side, name in ((alice, "alice"), (bob, "bob"))}
    paths[alice].write_text("## introduction\n\nAlice's introduction.\n", encoding="utf-8")
    paths[bob].write_text(
        "## closing\n\nBob's closing.\n\n## introduction\n\nBob's introduction.\n",
        encoding="utf-8",
    )
    for side, name in ((alice, "alice"), (bob, "bob")):
        result = run(
            "--db",
            str(side),
            "--by",
            name,
            "export",
            "intersessional",
            "--code",
            "PC0700E",
            "--committee",
            "Enforcement Committee",
            "-f",
            "md",
            "-o",
            str(tmp_path / f"{name}-out.md"),
            *(("--issue",) if name == "alice" else ()),
        )
        assert result.exit_code == 0, result.output
        time.sleep(0.01)  # Bob's text is the newer
        result = run(
            "--db",
            str(side),
            "--by",
            name,
            "documents",
            "text",
            "PC0700E",
            "--file",
            str(paths[side]),
        )
        assert result.exit_code == 0, result.output
    a_file, b_file = export(alice, tmp_path / "alice.json"), export(bob, tmp_path / "bob.json")
    on_alice, on_bob = import_(alice, b_file), import_(bob, a_file)
    assert on_alice.exit_code == 0, on_alice.output
    assert on_bob.exit_code == 0, on_bob.output
    assert canonical(alice) == canonical(bob)
    for side in (alice, bob):
        text = run("--db", str(side), "documents", "text", "PC0700E").stdout
        assert "Bob's introduction." in text and "Bob's closing." in text
        assert "Alice's introduction." not in text
        issued = run("--db", str(side), "documents", "issued", "PC0700E", "-o", "-")
        assert issued.exit_code == 0 and b"Enforcement Committee" in issued.stdout_bytes
    assert "introduction" in on_alice.output


@on_both_backends
def test_two_laptops_recording_decisions_at_one_meeting_converge(
    laptops: tuple[str, Path], tmp_path: Path
) -> None:
    """Alice and Bob both sit in EC-41 (each adds it: one meeting after the merge), each
    records decisions and walks the plan: both end with every decision, Alice's undone review
    stays undone, and the walk stands where the later of the two left it."""
    from datetime import date

    from ptctui.store import decisions
    from ptctui.workflow import Status

    alice, bob = laptops

    def sit(path: Target, who: str, work: Callable[[Any, Any, Callable[[str], Any]], None]) -> None:
        def go(engine: Engine) -> None:
            with store.writing(engine) as session:
                found = session.exec(select(Meeting).where(Meeting.key == "EC-41")).first()
                if found is None:
                    found, _ = store.add_meeting(
                        session=session,
                        key="EC-41",
                        body=store.get_body(session=session, code="EC"),
                        number=41,
                        start=date(2020, 6, 15),
                        by=who,
                    )
                work(session, found, lambda ref: store.resolve_action(session=session, ref=ref))

        with_engine(path, go)

    def alice_walk(session: Any, meeting: Any, action: Callable[[str], Any]) -> None:
        decisions.review(session=session, meeting=meeting, action=action("CEP-1.1"),
                         kind="noted", by="alice")
        decisions.review(session=session, meeting=meeting, action=action("CEP-1.4"),
                         kind="noted", by="alice")
        decisions.save_walk(session=session, meeting=meeting,
                            plan=store.get_plan(session=session, code="CEP-2020"),
                            action=action("CEP-1.4"), by="alice")

    def bob_walk(session: Any, meeting: Any, action: Callable[[str], Any]) -> None:
        store.move_action(session=session, action=action("CEP-1.2"), status=Status.POSTPONED,
                          by="bob", note="funding delayed", deadline="Q1 2021",
                          meeting="EC-41")
        decisions.review(session=session, meeting=meeting, action=action("CEP-1.3"),
                         kind="follow_up", by="bob", body="SEC", due="Q3 2020")
        decisions.save_walk(session=session, meeting=meeting,
                            plan=store.get_plan(session=session, code="CEP-2020"),
                            action=action("CEP-1.7"), by="bob")

    sit(alice, "alice", alice_walk)
    result = run("--db", str(alice), "--by", "alice", "undo")  # the review of CEP-1.4
    assert result.exit_code == 0, result.output
    time.sleep(0.01)  # Bob's walk is the later
    sit(bob, "bob", bob_walk)
    a_file, b_file = export(alice, tmp_path / "alice.json"), export(bob, tmp_path / "bob.json")
    on_alice, on_bob = import_(alice, b_file), import_(bob, a_file)
    assert on_alice.exit_code == 0, on_alice.output
    assert on_bob.exit_code == 0, on_bob.output
    assert canonical(alice) == canonical(bob)
    for side in (alice, bob):
        record = run("--db", str(side), "export", "meeting", "EC-41", "-f", "md", "-o", "-")
        assert record.exit_code == 0, record.output
        assert "CEP-1.1" in record.stdout and "CEP-1.2" in record.stdout
        assert "CEP-1.3" in record.stdout and "CEP-1.4" not in record.stdout

        def where(engine: Engine) -> str | None:
            with store.reading(engine) as session:
                meeting = store.get_meeting(session=session, key="EC-41")
                plan = store.get_plan(session=session, code="CEP-2020")
                uuid = decisions.walk_position(session=session, meeting=meeting, plan=plan)
                return store.resolve_action(session=session, ref=uuid or "").ref

        assert with_engine(side, where) == "CEP-1.7"


# --- clocks (store/clocks.py) ---------------------------------------------------------------------


def _move(target: Target, ref: str, status: str, by: str, at: datetime) -> None:
    act(
        target,
        ref,
        lambda s, a: store.move_action(
            session=s, action=a, status=status, by=by, note="n", deadline="2030", at=at
        ),
    )


def _checked(target: Target) -> list[str]:
    from ptctui.store.checks import check_database

    def go(engine: Engine) -> list[str]:
        with store.reading(engine) as session:
            return [str(p) for p in check_database(session=session)]

    return list(with_engine(target, go))


def test_an_entry_dated_far_ahead_is_refused_on_import_and_sync(
    db_path: Path, tmp_path: Path
) -> None:
    """The 2999 entry: one line naming the row, nothing written, by import and by sync."""
    bob = copy_db(db_path, tmp_path / "bob" / "db" / "ptctui.db")
    _move(bob, "CEP-4.6", "in_progress", "bob", datetime(2999, 1, 1, tzinfo=UTC))
    file = export(bob, tmp_path / "bob.json")
    untouched = fingerprint(db_path)
    result = import_(db_path, file)
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert result.output.startswith("error: bob.json: actions row ")  # the first it met
    assert "(CEP-4.6), updated_at: 2999-01-01 00:00 UTC is more than a day ahead" in result.output
    synced = run("--db", str(db_path), "sync", "--with", str(bob))
    assert synced.exit_code == 1 and "more than a day ahead" in synced.output, synced.output
    assert fingerprint(db_path) == untouched
    assert list((db_path.parent / "backups").glob("*")) == []  # refused before any backup


def test_a_move_behind_an_imported_entrys_clock_is_last_on_both_sides(
    db_path: Path, tmp_path: Path
) -> None:
    """Bob's clock runs 20 hours ahead; Alice imports his move, then moves the action on her
    right clock: hers is the status on both sides, and `db check` passes on both."""
    now = datetime.now(UTC)
    bob = copy_db(db_path, tmp_path / "bob" / "db" / "ptctui.db")
    _move(bob, "CEP-4.6", "in_progress", "bob", now + timedelta(hours=20))
    assert import_(db_path, export(bob, tmp_path / "bob.json")).exit_code == 0
    assert run("--db", str(db_path), "move", "CEP-4.6", "completed").exit_code == 0
    assert status_of(db_path, "CEP-4.6") == "completed"
    assert import_(bob, export(db_path, tmp_path / "alice.json")).exit_code == 0
    assert status_of(bob, "CEP-4.6") == "completed"
    assert _checked(db_path) == [] and _checked(bob) == []


def test_a_new_status_change_at_the_instant_of_one_here_is_refused(
    db_path: Path, tmp_path: Path
) -> None:
    """Two sides' status changes at one instant would be ordered by ids that differ."""
    at = datetime(2020, 6, 1, 9, 0, tzinfo=UTC)
    bob = copy_db(db_path, tmp_path / "bob" / "db" / "ptctui.db")
    _move(db_path, "CEP-4.6", "in_progress", "alice", at)
    _move(bob, "CEP-4.6", "cancelled", "bob", at)
    untouched = fingerprint(db_path)
    result = import_(db_path, export(bob, tmp_path / "bob.json"))
    assert result.exit_code == 1, result.output
    assert "has the same instant as another of its action here" in result.output
    assert fingerprint(db_path) == untouched


_CLOCK_REFS = ("CEP-4.6", "CEP-1.3", "RP-1.1")
_STATUSES = ("planned", "in_progress", "ongoing", "completed", "postponed", "on_hold")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    skews=st.tuples(st.integers(-72 * 60, 23 * 60), st.integers(-72 * 60, 23 * 60)),
    steps=st.lists(
        st.one_of(
            st.tuples(
                st.just("move"),
                st.sampled_from((0, 1)),
                st.sampled_from(_CLOCK_REFS),
                st.sampled_from(_STATUSES),
            ),
            st.tuples(st.just("sync"), st.just(0), st.just(""), st.just("")),
        ),
        min_size=1,
        max_size=12,
    ),
)
def test_skewed_clocks_never_part_the_sides(
    skews: tuple[int, int],
    steps: list[tuple[str, int, str, str]],
    tmp_path_factory: pytest.TempPathFactory,
    _seeded_template: Path,
) -> None:
    """Two laptops whose clocks are off by up to three days behind or 23 hours ahead move
    actions and sync in any order. After a last sync: `db check` passes on both, both hold the
    same data, and a move made after its side had seen every other move of that action (its
    side synced since the other side last moved it) is the status on both sides."""
    from ptctui import sync
    from ptctui.workflow import Status, WorkflowError

    root = tmp_path_factory.mktemp("clocks")
    sides = [copy_db(_seeded_template, root / name / "db" / "ptctui.db") for name in "ab"]
    unseen: list[set[str]] = [set(), set()]  # actions the other side moved since the last sync
    expect: dict[str, str | None] = {}

    def sync_both() -> None:
        here, there = (db.make_engine(db.url_for(side)) for side in sides)
        try:
            sync.sync(here, there, here_name="a", there_name="b", by="sync")
        finally:
            here.dispose()
            there.dispose()
        unseen[0].clear()
        unseen[1].clear()

    for kind, side, ref, status in steps:
        if kind == "sync":
            sync_both()
            continue
        at = datetime.now(UTC) + timedelta(minutes=skews[side])
        try:
            _move(sides[side], ref, status, "ab"[side], at)
        except WorkflowError:  # a move the workflow refuses (or to the same status)
            continue
        expect[ref] = None if ref in unseen[side] else status
        unseen[1 - side].add(ref)
        assert Status(status_of(sides[side], ref)) == Status(status)
    sync_both()
    assert _checked(sides[0]) == [] and _checked(sides[1]) == []
    assert canonical(sides[0]) == canonical(sides[1])
    for ref, status in expect.items():
        if status is not None:
            assert status_of(sides[0], ref) == status == status_of(sides[1], ref), ref
