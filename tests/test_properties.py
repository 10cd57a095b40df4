"""Property-based: random sequences of moves, updates, edits and undos keep the books straight.

After every step the current status of each action equals its last recorded status change;
a refused step changes nothing; and each undo restores exactly the state before the change it
reverts, walking back through the journal like a stack.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, col, select

from ptctui import db, store
from ptctui.deadlines import DeadlineError
from ptctui.models import ActionEdit, ProgressUpdate, StatusChange
from ptctui.workflow import Status, WorkflowError

REFS = ("CEP-1.3", "CEP-4.12", "RP-2.5")

moves = st.tuples(
    st.just("move"),
    st.sampled_from(REFS),
    st.sampled_from(list(Status)),
    st.sampled_from(["", "a reason"]),
    st.sampled_from([None, "Q4 2021", "not a date"]),
)
updates = st.tuples(st.just("update"), st.sampled_from(REFS), st.text(max_size=20))
edits = st.tuples(st.just("edit"), st.sampled_from(REFS), st.sampled_from(["A", "B", ""]))
undos = st.tuples(st.just("undo"))
steps = st.lists(st.one_of(moves, updates, edits, undos), min_size=1, max_size=25)


def snapshot(session: Session) -> dict[str, Any]:
    """What a user can see of the actions in play."""
    state: dict[str, Any] = {}
    for ref in REFS:
        a = store.resolve_action(session=session, ref=ref)
        visible = session.exec(
            select(ProgressUpdate.uuid, ProgressUpdate.text)
            .where(ProgressUpdate.action_id == a.id, col(ProgressUpdate.retracted).is_(False))
            .order_by(col(ProgressUpdate.id))
        ).all()
        state[ref] = (a.status, a.deadline_label, a.due_date, a.title, a.archived, list(visible))
    return state


def check_status_invariant(session: Session) -> None:
    for ref in REFS:
        a = store.resolve_action(session=session, ref=ref)
        last = session.exec(
            select(StatusChange)
            .where(StatusChange.action_id == a.id)
            .order_by(col(StatusChange.at).desc(), col(StatusChange.id).desc())
        ).first()
        assert last is not None and last.to_status == a.status, ref


def apply(session: Session, step: tuple[Any, ...]) -> None:
    kind = step[0]
    if kind == "undo":
        store.undo(session=session, by="prop")
        return
    action = store.resolve_action(session=session, ref=step[1])
    if kind == "move":
        _, _, status, note, deadline = step
        store.move_action(
            session=session, action=action, status=status, by="prop", note=note, deadline=deadline
        )
    elif kind == "update":
        store.add_update(session=session, action=action, text=step[2], by="prop")
    else:
        store.edit_action(session=session, action=action, edit=ActionEdit(title=step[2]), by="prop")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_random_histories_stay_consistent_and_undo_is_exact(
    _seeded_template: Path, sequence: list[tuple[Any, ...]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ptctui.db"
        src, dst = sqlite3.connect(_seeded_template), sqlite3.connect(path)
        with dst:
            src.backup(dst)
        src.close()
        dst.close()
        engine = db.make_engine(db.url_for(path))
        before_each_change: list[dict[str, Any]] = []
        try:
            for step in sequence:
                with store.reading(engine) as session:
                    before = snapshot(session)
                try:
                    with store.writing(engine) as session:
                        apply(session, step)
                except (store.StoreError, WorkflowError, DeadlineError):
                    with store.reading(engine) as session:
                        assert snapshot(session) == before, f"refused {step} changed data"
                    continue
                with store.reading(engine) as session:
                    after = snapshot(session)
                    check_status_invariant(session)
                if step[0] == "undo":
                    assert after == before_each_change.pop(), "undo did not restore the state"
                else:
                    before_each_change.append(before)
        finally:
            engine.dispose()
