"""Undo: walking the journal back, one change at a time, and recording the undo itself.

A move is undone by a new status change back (history stays whole), a progress update by
retracting it, an edit, add, archive or restore by restoring the fields its journal entry
holds. Changes older than the last merge are out of reach (``last_import``). Reading the
journal is ``journal``'s; the writes being undone are ``changes``'s.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from ptctui.models import Action, Change, ImportRecord, ProgressUpdate, StatusChange, utcnow
from ptctui.store.changes import set_bodies
from ptctui.store.errors import StoreError
from ptctui.store.journal import record_change
from ptctui.store.journaled import undo_subject
from ptctui.workflow import Status


def _restore_fields(action: Action, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if name == "bodies":
            continue
        if name in ("due_date", "start_date", "end_date") and isinstance(value, str):
            value = date.fromisoformat(value)
        setattr(action, name, value)


def last_import(*, session: Session) -> ImportRecord | None:
    """The most recent merge of another database into this one, if any."""
    return session.exec(
        select(ImportRecord).order_by(col(ImportRecord.id).desc()).limit(1)
    ).first()


def last_undoable(*, session: Session) -> Change | None:
    """The most recent change that has not been undone (undos themselves are not undone).

    Changes older than the last import are out of reach: undoing one would quietly override
    what the import brought in (restore the backup taken before the import instead).
    """
    barrier = last_import(session=session)
    return session.exec(
        select(Change)
        .where(
            Change.kind != "undo",
            col(Change.undone_by_id).is_(None),
            col(Change.id) > (barrier.last_change_id if barrier else 0),
        )
        .order_by(col(Change.id).desc())
        .limit(1)
    ).first()


def undo(*, session: Session, by: str) -> Change:
    """Revert the most recent change and record the undo; history itself is kept whole."""
    target = last_undoable(session=session)
    if target is None:
        barrier = last_import(session=session)
        if barrier is not None:
            backup = f"; the backup from before it is {barrier.backup}" if barrier.backup else ""
            raise StoreError(
                f"nothing to undo since the import of {barrier.source} on "
                f"{barrier.at:%Y-%m-%d %H:%M} UTC{backup}"
            )
        raise StoreError("nothing to undo")
    if target.subject is not None:  # a package, plan, component, body, meeting, endorsement
        return undo_subject(session, target=target, by=by)
    action = session.get(Action, target.action_id) if target.action_id else None
    if action is None:
        raise StoreError(f"cannot undo change {target.id}: its action is gone")
    before = json.loads(target.before)
    links: dict[str, Any] = {}
    if target.kind == "move":
        current = action.status
        _restore_fields(action, before)
        record = StatusChange(
            action_id=action.id or 0,
            from_status=current,
            to_status=action.status,
            by=by,
            note=f"undo of: {target.summary}",
            deadline_label=action.deadline_label if current == Status.POSTPONED else None,
        )
        session.add(record)
        session.flush()
        links["status_change_id"] = record.id
    elif target.kind == "update":
        update = session.get_one(ProgressUpdate, target.progress_update_id)
        update.retracted = True
        session.add(update)
        links["progress_update_id"] = update.id
    elif target.kind in ("edit", "add", "archive", "restore"):
        _restore_fields(action, before)
        if "bodies" in before:
            set_bodies(
                session=session,
                action=action,
                lead=before["bodies"]["lead"],
                supporting=before["bodies"]["supporting"],
            )
    else:  # pragma: no cover - a journal kind this version does not know
        raise StoreError(f"cannot undo a {target.kind!r} change")
    action.updated_at = utcnow()
    session.add(action)
    session.flush()
    record_undo = record_change(
        session=session,
        kind="undo",
        action=action,
        by=by,
        summary=f"undo of: {target.summary}",
        before=json.loads(target.after),
        after=before,
        undoes_id=target.id,
        **links,
    )
    target.undone_by_id = record_undo.id
    session.add(target)
    session.flush()
    return record_undo
