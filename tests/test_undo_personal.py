"""Personal undo and redo on the command line (issue #17): ``undo`` reverts the caller's own
latest change, someone else's only when named (``--change N``, saying whose it was); ``redo``
re-applies what the caller last undid; a revert that would override a later change names that
change; and undos and redos travel through export and import with ``db check`` green.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, col, select
from typer.testing import Result

from conftest import BACKENDS, fingerprint_db, invoke_cli
from ptctui import db, store
from ptctui.deadlines import DeadlineError
from ptctui.models import ActionEdit, Change, ProgressUpdate
from ptctui.store.checks import check_database
from ptctui.workflow import Status, WorkflowError

Invoke = Callable[..., Result]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Both engines, for the tests here that use a seeded database through ``db_arg``."""
    return str(request.param)


@pytest.fixture
def cli(db_arg: str) -> Invoke:
    """``ptctui --db <the seeded database> ARGS``."""

    def invoke(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
        return invoke_cli("--db", db_arg, *args, env=env)

    return invoke


def ok(result: Result) -> str:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    return result.stdout


def one_line_error(result: Result) -> str:
    """Exit 1, one ``error:`` line, nothing on stdout, no traceback."""
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert not isinstance(result.exception, Exception), result.exception
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def status(cli: Invoke, ref: str) -> str:
    return str(json.loads(ok(cli("show", ref, "--json")))["status"])


def updates(cli: Invoke, ref: str) -> list[str]:
    return [u["text"] for u in json.loads(ok(cli("show", ref, "--json")))["updates"]]


def checked(cli: Invoke) -> None:
    out = ok(cli("db", "check"))
    assert "consistent" in out, out


def test_each_person_undoes_only_their_own_change(cli: Invoke, db_arg: str) -> None:
    """Ana moved one action, then Bo another: Bo's undo touches only Bo's; a second undo
    by Bo has nothing of his left and says whose change is the latest, changing nothing."""
    ok(cli("move", "CEP-4.9", "in_progress", "--by", "ana"))
    ok(cli("move", "CEP-4.6", "in_progress", "--by", "bo"))
    assert ok(cli("undo", "--by", "bo")) == "Undo of: CEP-4.6: planned → in progress\n"
    assert status(cli, "CEP-4.6") == "planned"
    assert status(cli, "CEP-4.9") == "in_progress"
    before = fingerprint_db(db_arg)
    assert one_line_error(cli("undo", "--by", "bo")) == (
        "error: nothing of yours to undo (as bo); the latest change is ana's, change 1; "
        "`ptctui undo --change 1` undoes it"
    )
    assert fingerprint_db(db_arg) == before
    assert status(cli, "CEP-4.9") == "in_progress"
    checked(cli)


def test_undo_of_a_named_change_says_whose_it_was(cli: Invoke) -> None:
    ok(cli("move", "CEP-4.9", "in_progress", "--by", "ana"))
    ok(cli("update", "CEP-4.6", "Workshop held", "--by", "bo"))
    said = ok(cli("undo", "--change", "1", "--by", "bo"))
    assert said == "Undid ana's change 1: CEP-4.9: planned → in progress\n"
    assert status(cli, "CEP-4.9") == "planned"
    assert "Workshop held" in updates(cli, "CEP-4.6")  # Bo's own change is untouched
    history = json.loads(ok(cli("history", "--json")))
    assert [(e["id"], e["by"], e["kind"], e["undone"]) for e in history] == [
        (3, "bo", "undo", False),
        (2, "bo", "update", False),
        (1, "ana", "move", True),
    ]


def test_history_narrows_to_one_person_or_kind(cli: Invoke) -> None:
    ok(cli("move", "CEP-4.9", "in_progress", "--by", "ana"))
    ok(cli("update", "CEP-4.6", "Workshop held", "--by", "bo"))
    ok(cli("undo", "--by", "bo"))

    def ids(*args: str) -> list[int]:
        return [e["id"] for e in json.loads(ok(cli("history", "--json", *args)))]

    assert ids("--person", "bo") == [3, 2]
    assert ids("--kind", "undo") == [3]
    assert ids("--person", "ana", "--kind", "undo") == []
    assert "No changes recorded yet." in ok(cli("history", "--person", "cy"))


def test_undo_of_a_named_change_refuses_what_cannot_be_undone(cli: Invoke, db_arg: str) -> None:
    ok(cli("move", "CEP-4.9", "in_progress", "--by", "ana"))
    ok(cli("undo", "--by", "ana"))
    before = fingerprint_db(db_arg)
    assert one_line_error(cli("undo", "--change", "9")) == (
        "error: no change 9 in the journal (see `ptctui history`)"
    )
    assert one_line_error(cli("undo", "--change", "1")) == (
        "error: change 1 is already undone (by change 2)"
    )
    assert fingerprint_db(db_arg) == before


def test_a_change_someone_built_on_is_not_undone_under_them(cli: Invoke, db_arg: str) -> None:
    """Ana moved CEP-4.9 to in progress, then Bo completed it: Ana's undo would wipe Bo's
    completion, so it is refused, naming Bo's change; once Bo undoes his, Ana's undo works."""
    ok(cli("move", "CEP-4.9", "in_progress", "--by", "ana"))
    ok(cli("move", "CEP-4.9", "completed", "--by", "bo"))
    before = fingerprint_db(db_arg)
    assert one_line_error(cli("undo", "--by", "ana")) == (
        "error: cannot undo your change 1 (CEP-4.9: planned → in progress): bo's later change 2 "
        "(CEP-4.9: in progress → completed) changed it since; undo that first"
    )
    assert fingerprint_db(db_arg) == before
    ok(cli("undo", "--by", "bo"))
    assert ok(cli("undo", "--by", "ana")) == "Undo of: CEP-4.9: planned → in progress\n"
    assert status(cli, "CEP-4.9") == "planned"
    checked(cli)


def test_a_later_edit_of_other_fields_does_not_block(cli: Invoke) -> None:
    """Only a field the change set counts: Bo's new title does not stop Ana's move undo."""
    ok(cli("move", "CEP-4.9", "in_progress", "--by", "ana"))
    ok(cli("edit", "CEP-4.9", "--title", "Renamed by Bo", "--by", "bo"))
    ok(cli("undo", "--by", "ana"))
    shown = json.loads(ok(cli("show", "CEP-4.9", "--json")))
    assert (shown["status"], shown["title"]) == ("planned", "Renamed by Bo")


def test_redo_reapplies_what_you_last_undid_and_can_be_undone_again(
    cli: Invoke, db_arg: str
) -> None:
    ok(cli("move", "CEP-4.6", "postponed", "--deadline", "Q1 2021", "--by", "ana"))
    ok(cli("update", "CEP-4.6", "Waiting for funds", "--by", "ana"))
    ok(cli("edit", "CEP-4.6", "--title", "New title", "--by", "ana"))
    for _ in range(3):
        ok(cli("undo", "--by", "ana"))
    shown = json.loads(ok(cli("show", "CEP-4.6", "--json")))
    assert shown["status"] == "planned" and "Waiting for funds" not in updates(cli, "CEP-4.6")

    assert ok(cli("redo", "--by", "ana")) == "Redo of: CEP-4.6: planned → postponed\n"
    assert ok(cli("redo", "--by", "ana")) == "Redo of: CEP-4.6: progress update of 2020-06-15\n"
    assert ok(cli("redo", "--by", "ana")) == "Redo of: CEP-4.6: edited title\n"
    shown = json.loads(ok(cli("show", "CEP-4.6", "--json")))
    assert (shown["status"], shown["deadline"], shown["title"]) == (
        "postponed",
        "Q1 2021",
        "New title",
    )
    assert "Waiting for funds" in updates(cli, "CEP-4.6")
    before = fingerprint_db(db_arg)
    assert one_line_error(cli("redo", "--by", "ana")) == "error: nothing of yours to redo (as ana)"
    assert fingerprint_db(db_arg) == before

    # A redo is a change like any: undo takes it back, and redo brings it once more.
    assert ok(cli("undo", "--by", "ana")) == "Undo of: CEP-4.6: edited title\n"
    assert ok(cli("redo", "--by", "ana")) == "Redo of: CEP-4.6: edited title\n"
    assert json.loads(ok(cli("show", "CEP-4.6", "--json")))["title"] == "New title"
    checked(cli)


def test_redo_after_a_new_change_has_nothing_to_redo(cli: Invoke, db_arg: str) -> None:
    ok(cli("move", "CEP-4.6", "in_progress", "--by", "ana"))
    ok(cli("undo", "--by", "ana"))
    ok(cli("update", "CEP-4.6", "Started over", "--by", "ana"))
    before = fingerprint_db(db_arg)
    assert one_line_error(cli("redo", "--by", "ana")) == (
        "error: nothing to redo: since your last undo you made a new change "
        "(3: CEP-4.6: progress update of 2020-06-15)"
    )
    assert fingerprint_db(db_arg) == before


def test_redo_is_personal_too(cli: Invoke) -> None:
    """Bo's redo does not redo what Ana undid."""
    ok(cli("move", "CEP-4.6", "in_progress", "--by", "ana"))
    ok(cli("undo", "--by", "ana"))
    assert one_line_error(cli("redo", "--by", "bo")) == "error: nothing of yours to redo (as bo)"
    assert status(cli, "CEP-4.6") == "planned"


def test_personal_undo_of_packages(cli: Invoke) -> None:
    """Changes to packages are personal too: Bo's undo leaves Ana's new package alone."""
    ok(cli("packages", "add", "CBP", "Capacity Building Package", "--by", "ana"))
    ok(cli("packages", "edit", "CBP", "--description", "Ana's aim", "--by", "ana"))
    ok(cli("move", "CEP-4.6", "in_progress", "--by", "bo"))
    ok(cli("undo", "--by", "bo"))
    assert one_line_error(cli("undo", "--by", "bo")).startswith("error: nothing of yours to undo")
    assert "Ana's aim" in ok(cli("packages", "--json"))
    said = ok(cli("undo", "--by", "ana"))
    assert said.startswith("Undo of: package CBP: edited description")
    assert "Ana's aim" not in ok(cli("packages", "--json"))
    assert ok(cli("redo", "--by", "ana")).startswith("Redo of: package CBP: edited description")
    assert "Ana's aim" in ok(cli("packages", "--json"))
    checked(cli)


# --- through export and import --------------------------------------------------------------


def _copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


def _canonical_journal(path: str | Path) -> list[tuple[str, str, str, str | None, str | None]]:
    """Each journal entry by UUID, with its undo links as UUIDs: equal on both laptops."""
    engine = db.make_engine(db.url_for(path))
    try:
        with store.reading(engine) as session:
            rows = session.exec(select(Change)).all()
            uuid = {c.id: c.uuid for c in rows}
            return sorted(
                (
                    c.uuid,
                    c.kind,
                    c.summary,
                    uuid.get(c.undoes_id) if c.undoes_id else None,
                    uuid.get(c.undone_by_id) if c.undone_by_id else None,
                )
                for c in rows
            )
    finally:
        engine.dispose()


def test_undos_and_redos_travel_through_export_and_import(
    db_path: Path, tmp_path: Path, _seeded_template: Path
) -> None:
    """Ana undoes and redoes a move, an update and an edit on her laptop; Bo imports her
    file and she imports his: both laptops show the same, and ``db check`` passes on both."""
    ana = str(db_path)
    bo = str(_copy(_seeded_template, tmp_path / "bo" / "db" / "ptctui.db"))

    def on(where: str) -> Invoke:
        return lambda *args: invoke_cli("--db", where, *args)

    a, b = on(ana), on(bo)
    ok(a("move", "CEP-4.6", "in_progress", "--by", "ana"))
    ok(a("update", "CEP-4.7", "Workshop held", "--by", "ana"))
    ok(a("edit", "CEP-4.8", "--title", "Ana's title", "--by", "ana"))
    for _ in range(3):
        ok(a("undo", "--by", "ana"))
    for _ in range(3):
        ok(a("redo", "--by", "ana"))
    ok(a("undo", "--by", "ana"))  # the edit's redo, undone: the title is back as it was
    ok(b("move", "CEP-1.1", "in_progress", "--by", "bo"))
    ok(b("undo", "--by", "bo"))
    ok(b("redo", "--by", "bo"))
    checked(a)
    checked(b)

    ana_file, bo_file = tmp_path / "ana.json", tmp_path / "bo.json"
    ok(a("export", "data", "-o", str(ana_file)))
    ok(b("export", "data", "-o", str(bo_file)))
    ok(b("--by", "bo", "import", str(ana_file)))
    ok(a("--by", "ana", "import", str(bo_file)))
    for side in (a, b):
        checked(side)
        assert status(side, "CEP-4.6") == "in_progress"
        assert status(side, "CEP-1.1") == "in_progress"
        assert "Workshop held" in updates(side, "CEP-4.7")
        assert json.loads(ok(side("show", "CEP-4.8", "--json")))["title"] != "Ana's title"
    assert _canonical_journal(ana) == _canonical_journal(bo)


# --- two people, random interleavings ---------------------------------------------------------

PEOPLE = ("ana", "bo")
REFS = ("CEP-1.3", "RP-2.5")

_moves = st.tuples(
    st.sampled_from(PEOPLE),
    st.just("move"),
    st.sampled_from(REFS),
    st.sampled_from(list(Status)),
    st.sampled_from(["", "a reason"]),
    st.sampled_from([None, "Q4 2021"]),
)
_updates = st.tuples(st.sampled_from(PEOPLE), st.just("update"), st.sampled_from(REFS))
_edits = st.tuples(
    st.sampled_from(PEOPLE), st.just("edit"), st.sampled_from(REFS), st.sampled_from("AB")
)
_reverts = st.tuples(st.sampled_from(PEOPLE), st.sampled_from(["undo", "redo"]))
_steps = st.lists(
    st.one_of(_moves, _updates, _edits, _reverts, _reverts), min_size=1, max_size=30
)


def _state(session: Session) -> dict[str, Any]:
    """What a user sees of each action in play: status, deadline, title, live updates."""
    state: dict[str, Any] = {}
    for ref in REFS:
        a = store.resolve_action(session=session, ref=ref)
        texts = session.exec(
            select(ProgressUpdate.text)
            .where(ProgressUpdate.action_id == a.id, col(ProgressUpdate.retracted).is_(False))
            .order_by(col(ProgressUpdate.as_of), col(ProgressUpdate.text))
        ).all()
        state[ref] = (a.status, a.deadline_label, a.title, sorted(texts))
    return state


def _step(session: Session, step: tuple[Any, ...]) -> Change | None:
    who, kind = step[0], step[1]
    if kind == "undo":
        return store.undo(session=session, by=who)
    if kind == "redo":
        return store.redo(session=session, by=who)
    action = store.resolve_action(session=session, ref=step[2])
    if kind == "move":
        _, _, _, status, note, deadline = step
        store.move_action(
            session=session, action=action, status=status, by=who, note=note, deadline=deadline
        )
    elif kind == "update":
        store.add_update(session=session, action=action, text=f"{who} was here", by=who)
    else:
        store.edit_action(session=session, action=action, edit=ActionEdit(title=step[3]), by=who)
    return None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_steps)
def test_two_peoples_undos_and_redos_touch_only_their_own_and_keep_the_books(
    _seeded_template: Path, sequence: list[tuple[Any, ...]]
) -> None:
    """Whatever Ana and Bo do in turn, ``db check`` passes after every step; an undo or redo
    reverts an entry of its maker's own, on one action only; a refused step changes nothing;
    and a redo right after one's own undo puts back exactly what the undo took away."""
    with tempfile.TemporaryDirectory() as folder:
        path = _copy(_seeded_template, Path(folder) / "ptctui.db")
        engine = db.make_engine(db.url_for(path))
        last_undo: dict[str, dict[str, Any] | None] = {p: None for p in PEOPLE}
        try:
            for step in sequence:
                with store.reading(engine) as session:
                    before = _state(session)
                try:
                    with store.writing(engine) as session:
                        done = _step(session, step)
                        target = session.get(Change, done.undoes_id) if done else None
                        target_by = target.by if target else None
                except (store.StoreError, WorkflowError, DeadlineError):
                    with store.reading(engine) as session:
                        assert _state(session) == before, f"refused {step} changed data"
                    continue
                with store.reading(engine) as session:
                    after = _state(session)
                    assert check_database(session=session) == [], step
                who, kind = step[0], step[1]
                if kind in ("undo", "redo"):
                    assert target_by == who, f"{who}'s {kind} reverted {target_by}'s change"
                    assert sum(after[r] != before[r] for r in REFS) <= 1, "touched two actions"
                    if kind == "redo" and last_undo[who] is not None:
                        assert after == last_undo[who], "redo did not undo the undo"
                last_undo = {p: None for p in PEOPLE}
                if kind == "undo":
                    last_undo[who] = before
        finally:
            engine.dispose()


def test_redos_travel_through_sync(db_path: Path, tmp_path: Path, _seeded_template: Path) -> None:
    """Bo undoes and redoes an update, Ana a move; one sync: both laptops agree and check."""
    ana = str(db_path)
    bo = str(_copy(_seeded_template, tmp_path / "bo" / "db" / "ptctui.db"))
    a = lambda *args: invoke_cli("--db", ana, *args)  # noqa: E731
    b = lambda *args: invoke_cli("--db", bo, *args)  # noqa: E731
    ok(a("move", "CEP-4.6", "in_progress", "--by", "ana"))
    ok(a("undo", "--by", "ana"))
    ok(a("redo", "--by", "ana"))
    ok(b("update", "CEP-4.7", "Workshop held", "--by", "bo"))
    ok(b("undo", "--by", "bo"))
    ok(b("redo", "--by", "bo"))
    ok(a("--by", "ana", "sync", "--with", bo))
    for side in (a, b):
        checked(side)
        assert status(side, "CEP-4.6") == "in_progress"
        assert updates(side, "CEP-4.7").count("Workshop held") == 1
    assert _canonical_journal(ana) == _canonical_journal(bo)
