"""Undo and redo: walking the journal back, and forward again, one person's change at a time.

A move is undone by a new status change back (history stays whole), a progress update by
retracting it, an edit, add, archive or restore by restoring the fields its journal entry
holds. Every undo is itself an entry (kind ``undo``) that names what it undid (``undoes_id``,
with ``undone_by_id`` pointing back), and a *redo* is the undo of such an undo: the same kind,
the same links, so it travels through export, import and sync exactly as undos do, and
``db check`` holds it to the same rules. A chain (change, undo, redo, undo, …) alternates: an
entry at an even depth applies its root change, one at an odd depth cancels it (``_depth``).

Undo is personal: ``undo`` without a change reverts the caller's own most recent change that
is not undone (the ``by`` name), and ``redo`` re-applies the caller's most recent undo, unless
they made a new change since (as every editor does). Anyone's change may be reverted when
named (``change_id``). A revert is refused when the change is no longer what is there: a later
change moved a field it set (``blocker`` names that later change). Changes older than the last
merge are out of reach (``last_import``). Reading the journal is ``journal``'s.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from ptctui.models import (
    Action,
    Change,
    ImportRecord,
    ProgressUpdate,
    StatusChange,
    new_uuid,
    utcnow,
)
from ptctui.store.changes import set_bodies
from ptctui.store.detail import bodies_of
from ptctui.store.errors import StoreError
from ptctui.store.journal import journal_form, record_change
from ptctui.store.journaled import subject_blockers, undo_subject
from ptctui.text import quote
from ptctui.workflow import Status

SUMMARY_LIMIT = 80  # how much of a change's summary a message quotes
LIVE_PAGE = 50  # journal entries read at a time while looking for the one to undo


class NothingToUndo(StoreError):
    """Nothing of the caller's left to undo or redo; ``others`` is the newest change of
    someone else's that could be undone by naming it, if any."""

    def __init__(self, message: str, others: Change | None = None) -> None:
        super().__init__(message)
        self.others: int | None = others.id if others is not None else None
        """The id of someone else's newest change that ``undo`` could revert when named."""


def _restore_fields(action: Action, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if name == "bodies":
            continue
        if name in ("due_date", "start_date", "end_date") and isinstance(value, str):
            value = date.fromisoformat(value)
        setattr(action, name, value)


def last_import(*, session: Session) -> ImportRecord | None:
    """The most recent merge of another database into this one, if any."""
    return session.exec(select(ImportRecord).order_by(col(ImportRecord.id).desc()).limit(1)).first()


def _barrier(session: Session) -> int:
    found = last_import(session=session)
    return found.last_change_id if found else 0


def _depth(session: Session, change: Change) -> int:
    """How many undos deep ``change`` is: 0 a change, 1 its undo, 2 a redo, …"""
    depth, seen = 0, change
    while seen.kind == "undo" and seen.undoes_id is not None and depth < 10_000:
        target = session.get(Change, seen.undoes_id)
        if target is None:
            break
        depth, seen = depth + 1, target
    return depth


def root_of(session: Session, change: Change) -> Change:
    """The change an undo (or redo) chain started from."""
    seen = change
    while seen.kind == "undo" and seen.undoes_id is not None:
        target = session.get(Change, seen.undoes_id)
        if target is None:
            break
        seen = target
    return seen


def _live(session: Session, by: str | None, *, undos: bool = False) -> Iterator[Change]:
    """The entries (``by``'s, if named; only undos and redos, if ``undos``) that are not
    undone, newest first, above the last merge."""
    stmt = (
        select(Change)
        .where(col(Change.undone_by_id).is_(None), col(Change.id) > _barrier(session))
        .order_by(col(Change.id).desc())
    )
    if by is not None:
        stmt = stmt.where(Change.by == by)
    if undos:
        stmt = stmt.where(Change.kind == "undo")
    # A page at a time: the ORM reads a whole result before handing out its first row, and
    # the first or second entry is nearly always the one wanted, of 100,000.
    below: int | None = None
    while True:
        page = stmt if below is None else stmt.where(col(Change.id) < below)
        found = session.exec(page.limit(LIVE_PAGE)).all()
        yield from found
        if len(found) < LIVE_PAGE:
            return
        below = found[-1].id


def last_undoable(*, session: Session, by: str | None = None) -> Change | None:
    """The most recent change (``by``'s, if named) that is not undone: a change or a redo,
    never an undo (undoing an undo is ``redo``'s). Changes older than the last import are out
    of reach: undoing one would quietly override what the import brought in (restore the backup
    taken before the import instead)."""
    return next((c for c in _live(session, by) if _depth(session, c) % 2 == 0), None)


def undo_target(*, session: Session, by: str) -> Change:
    """The change ``undo`` would revert for ``by``, or ``NothingToUndo`` saying why not."""
    found = last_undoable(session=session, by=by)
    if found is not None:
        return found
    anyone = last_undoable(session=session)
    barrier = last_import(session=session)
    if anyone is None and barrier is not None:
        backup = f"; the backup from before it is {barrier.backup}" if barrier.backup else ""
        raise NothingToUndo(
            f"nothing to undo since the import of {barrier.source} on "
            f"{barrier.at:%Y-%m-%d %H:%M} UTC{backup}"
        )
    if anyone is None:
        raise NothingToUndo("nothing to undo")
    raise NothingToUndo(
        f"nothing of yours to undo (as {quote(by, 40)}); the latest change is "
        f"{quote(anyone.by, 40)}'s, change {anyone.id}",
        others=anyone,
    )


def redo_target(*, session: Session, by: str) -> Change:
    """The undo ``redo`` would revert for ``by`` (their most recent undo not itself undone,
    made after their last new change), or ``NothingToUndo`` saying why not."""
    newest = session.exec(
        select(Change.id)
        .where(Change.by == by, Change.kind != "undo")
        .order_by(col(Change.id).desc())
        .limit(1)
    ).first()
    undos = (c for c in _live(session, by, undos=True) if _depth(session, c) % 2 == 1)
    found = next(undos, None)
    if found is not None and found.id is not None and found.id > (newest or 0):
        return found
    if found is not None:
        return _no_redo(session, newest or 0)
    raise NothingToUndo(f"nothing of yours to redo (as {quote(by, 40)})")


def _no_redo(session: Session, newest: int) -> Change:
    change = session.get_one(Change, newest)
    raise NothingToUndo(
        f"nothing to redo: since your last undo you made a new change ({change.id}: "
        f"{quote(change.summary, SUMMARY_LIMIT)})"
    )


def _values_now(session: Session, target: Change) -> dict[str, Any]:
    """The current values of the action fields ``target`` set, as the journal holds them."""
    action = session.get(Action, target.action_id) if target.action_id else None
    if action is None:
        raise StoreError(f"cannot undo change {target.id}: its action is gone")
    after = json.loads(target.after)
    now: dict[str, Any] = {}
    for name in after:
        if name == "bodies":
            roles = bodies_of(session=session, action_id=action.id or 0)
            now[name] = {role: sorted(codes) for role, codes in roles.items()}
        else:
            now[name] = journal_form(getattr(action, name))
    return now


def blocker(*, session: Session, target: Change) -> tuple[set[str], Change | None]:
    """Why reverting ``target`` would override a later change: the fields it set that now
    hold something else (empty when it may be reverted), and the newest later entry that
    changed one of them, if the journal has it."""
    if target.subject is not None:
        return subject_blockers(session, target=target)
    if target.progress_update_id is not None and target.status_change_id is None:
        return set(), None  # an update: only its own undos and redos touch it
    after = json.loads(target.after)
    if "bodies" in after:
        after["bodies"] = {role: sorted(codes) for role, codes in after["bodies"].items()}
    now = _values_now(session, target)
    moved = {name for name, value in after.items() if now.get(name) != value}
    if not moved:
        return set(), None
    later = session.exec(
        select(Change)
        .where(
            Change.action_id == target.action_id,
            col(Change.id) > (target.id or 0),
            col(Change.undone_by_id).is_(None),
        )
        .order_by(col(Change.id).desc())
    )
    for entry in later:
        before, changed = json.loads(entry.before), json.loads(entry.after)
        if any(name in changed and before.get(name) != changed[name] for name in moved):
            return moved, entry
    return moved, None


def blocked_message(session: Session, *, target: Change, by: str) -> str | None:
    """The one line that says why ``target`` cannot be reverted now, or ``None`` if it can."""
    moved, entry = blocker(session=session, target=target)
    if not moved:
        return None
    whose = "your" if target.by == by else f"{quote(target.by, 40)}'s"
    verb = "redo" if _depth(session, target) % 2 == 1 else "undo"
    head = f"cannot {verb} {whose} change {target.id} ({quote(target.summary, SUMMARY_LIMIT)}): "
    if entry is None:
        return head + f"its {', '.join(sorted(moved))} changed since"
    who = "your" if entry.by == by else f"{quote(entry.by, 40)}'s"
    return (
        head + f"{who} later change {entry.id} ({quote(entry.summary, SUMMARY_LIMIT)}) "
        "changed it since; undo that first"
    )


def undo(*, session: Session, by: str, change_id: int | None = None) -> Change:
    """Revert ``by``'s most recent change (or the change ``change_id``, anyone's) and record
    the undo; history itself is kept whole."""
    if change_id is None:
        return _revert_batch(session, undo_target(session=session, by=by), by)
    return _revert_batch(session, _named(session, change_id), by)


def redo(*, session: Session, by: str) -> Change:
    """Re-apply what ``by`` last undid: the undo of their most recent undo, journaled."""
    return _revert_batch(session, redo_target(session=session, by=by), by)


def _revert_batch(session: Session, target: Change, by: str) -> Change:
    """Revert ``target`` and, when it is one of a batch (one command over several actions),
    every entry of the batch not reverted yet, all or none; their undos are a batch of their
    own, so a redo brings them all back. Returns the last undo made."""
    if target.batch is None:
        return _revert(session, target, by)
    entries = session.exec(
        select(Change)
        .where(Change.batch == target.batch, col(Change.undone_by_id).is_(None))
        .order_by(col(Change.id).desc())
    ).all()
    for entry in entries:  # refuse before reverting any
        refused = blocked_message(session, target=entry, by=by)
        if refused is not None:
            raise StoreError(refused)
    batch, done = new_uuid(), target
    for entry in entries:
        done = _revert(session, entry, by)
        done.batch = batch
        session.add(done)
    session.flush()
    return done


def _named(session: Session, change_id: int) -> Change:
    """The change ``change_id``, if it can be reverted at all (later changes aside)."""
    target = session.get(Change, change_id)
    if target is None:
        raise StoreError(f"no change {change_id} in the journal (see `ptctui history`)")
    if target.undone_by_id is not None:
        raise StoreError(f"change {change_id} is already undone (by change {target.undone_by_id})")
    barrier = last_import(session=session)
    if barrier is not None and change_id <= barrier.last_change_id:
        raise StoreError(
            f"change {change_id} is from before the import of {barrier.source} on "
            f"{barrier.at:%Y-%m-%d %H:%M} UTC; undo does not reach behind an import"
        )
    if target.kind == "undo" and target.undoes_id is not None:
        undone = session.get(Change, target.undoes_id)
        if undone is not None and undone.undone_by_id != target.id:
            raise StoreError(
                f"change {change_id} undid change {undone.id} a second time (two laptops both "
                f"undid it); revert change {undone.undone_by_id} instead"
            )
    return target


def _revert(session: Session, target: Change, by: str) -> Change:
    """Revert ``target`` (a change, an undo or a redo) and journal it as an undo of it."""
    refused = blocked_message(session, target=target, by=by)
    if refused is not None:
        raise StoreError(refused)
    root = root_of(session, target)
    verb = "redo" if _depth(session, target) % 2 == 1 else "undo"
    summary = f"{verb} of: {root.summary}"
    if target.subject is not None:  # a package, plan, component, body, meeting, endorsement
        return undo_subject(session, target=target, by=by, summary=summary)
    action = session.get(Action, target.action_id) if target.action_id else None
    if action is None:
        raise StoreError(f"cannot undo change {target.id}: its action is gone")
    before = json.loads(target.before)
    links: dict[str, Any] = {}
    if root.kind == "move":
        current = action.status
        _restore_fields(action, before)
        record = StatusChange(
            action_id=action.id or 0,
            from_status=current,
            to_status=action.status,
            by=by,
            note=summary,
            deadline_label=(
                action.deadline_label if Status.POSTPONED in (current, action.status) else None
            ),
        )
        session.add(record)
        session.flush()
        links["status_change_id"] = record.id
    elif root.kind == "update":
        links["progress_update_id"] = _toggle_update(session, target, redo=verb == "redo")
    elif root.kind in ("edit", "add", "archive", "restore"):
        _restore_fields(action, before)
        if "bodies" in before:
            set_bodies(
                session=session,
                action=action,
                lead=before["bodies"]["lead"],
                supporting=before["bodies"]["supporting"],
            )
    else:  # pragma: no cover - a journal kind this version does not know
        raise StoreError(f"cannot undo a {root.kind!r} change")
    action.updated_at = utcnow()
    session.add(action)
    session.flush()
    record_undo = record_change(
        session=session,
        kind="undo",
        action=action,
        by=by,
        summary=summary,
        before=json.loads(target.after),
        after=before,
        undoes_id=target.id,
        **links,
    )
    target.undone_by_id = record_undo.id
    session.add(target)
    session.flush()
    return record_undo


def _toggle_update(session: Session, target: Change, *, redo: bool) -> int:
    """Retract the progress update ``target`` made, or (a redo) give back the one it retracted
    as a new update: a retraction is one-way, as the merge has it, so the redo's update is a
    fresh row (with its own UUID) that travels to other laptops like any new update."""
    update = session.get_one(ProgressUpdate, target.progress_update_id)
    if not redo:
        update.retracted = True
        session.add(update)
        session.flush()
        return update.id or 0
    again = ProgressUpdate(
        action_id=update.action_id,
        as_of=update.as_of,
        text=update.text,
        meeting_id=update.meeting_id,
        author=update.author,
    )
    session.add(again)
    session.flush()
    return again.id or 0


def said(*, session: Session, done: Change, by: str) -> str:
    """What an undo or redo did, as a sentence: "Undo of: …" for one's own change, and for
    someone else's "Undid ana's change 42: CEP-4.9: planned → in progress"."""
    target = session.get(Change, done.undoes_id) if done.undoes_id else None
    if done.batch is not None:
        count = len(session.exec(select(Change.id).where(Change.batch == done.batch)).all())
        if count > 1:
            verb = "Redid" if done.summary.startswith("redo") else "Undid"
            last = target.summary if target is not None else ""
            return f"{verb} {count} changes made together; the last: {last}"
    if target is None or target.by == by:
        return done.summary[:1].upper() + done.summary[1:]
    return f"Undid {quote(target.by, 40)}'s change {target.id}: {target.summary}"
