"""The journaled writes every subject shares: recording a change to a package, plan,
component, body, meeting or endorsement, editing its fields, archiving it, and undoing one.

``store.structure`` and ``store.bodies`` build their writes from these; ``undo`` calls
``undo_subject`` for an entry with a subject. What the fields are and how their values are
put back is ``store.subjects``'s.
"""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, col, select

from ptctui.models import Change
from ptctui.store.errors import StoreError
from ptctui.store.journal import journal_form, record_change
from ptctui.store.subjects import SUBJECTS, Subject, journal_value, restore_fields

FIELD_LABELS = {
    "aim": "description",
    "key": "code",
    "number": "session",
    "start_date": "start date",
    "end_date": "end date",
}


def record(
    session: Session,
    *,
    subject: Subject,
    row: Any,
    kind: str,
    by: str,
    summary: str,
    before: dict[str, Any],
    after: dict[str, Any],
    note: str = "",
    **links: Any,
) -> Change:
    """Journal a change to ``row`` (already flushed, so it has its id and UUID); ``links``
    as ``journal.record_change`` takes them (an undo names what it undoes)."""
    return record_change(
        session=session,
        kind=kind,
        action=None,
        by=by,
        summary=summary,
        note=note.strip(),
        before=before,
        after=after,
        subject=subject.table,
        subject_uuid=row.uuid,
        **links,
    )


def added(session: Session, *, subject: Subject, row: Any, by: str, summary: str) -> Change:
    """Journal the making of ``row``: as an action's, an entry whose undo archives it (the
    row stays, so nothing that came to point at it since is left pointing at nothing)."""
    return record(
        session,
        subject=subject,
        row=row,
        kind="add",
        by=by,
        summary=summary,
        before={"archived": True},
        after={"archived": False},
    )


def edit(
    session: Session,
    *,
    subject: Subject,
    row: Any,
    values: dict[str, Any],
    by: str,
    label: str,
    note: str = "",
) -> Change:
    """Set the fields of ``values`` that differ (``None`` leaves a field as it is) and journal
    them as one ``edit``; refuses an edit that changes nothing."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for field, new in values.items():
        if new is None:
            continue
        old = journal_value(session, row, field)
        if old != new:
            before[field], after[field] = old, new
    if not after:
        raise StoreError(f"nothing to change: {label} already reads so")
    restore_fields(session, subject, row, after)
    session.flush()
    names = ", ".join(dict.fromkeys(FIELD_LABELS.get(f, f) for f in after))
    return record(
        session,
        subject=subject,
        row=row,
        kind="edit",
        by=by,
        summary=f"{label}: edited {names}",
        before=before,
        after=after,
        note=note,
    )


def set_archived(
    session: Session,
    *,
    subject: Subject,
    row: Any,
    archived: bool,
    by: str,
    label: str,
    note: str = "",
) -> Change:
    """Archive (hide, with everything under it) or restore ``row``; nothing is deleted."""
    if row.archived == archived:
        raise StoreError(f"{label} is already archived" if archived else f"{label} is not archived")
    row.archived = archived
    session.add(row)
    session.flush()
    verb = "archive" if archived else "restore"
    return record(
        session,
        subject=subject,
        row=row,
        kind=verb,
        by=by,
        summary=f"{label}: {verb}d",
        before={"archived": not archived},
        after={"archived": archived},
        note=note,
    )


def subject_blockers(session: Session, *, target: Change) -> tuple[set[str], Change | None]:
    """The fields journal entry ``target`` set on its subject that now hold something else,
    and the newest later entry about the subject that changed one (see ``undo.blocker``)."""
    subject = SUBJECTS.get(target.subject or "")
    if subject is None or target.subject_uuid is None:  # pragma: no cover - a newer kind
        return set(), None
    row = subject.find(session, target.subject_uuid)
    after = json.loads(target.after)
    moved = {
        field
        for field, value in after.items()
        if field in subject.fields and journal_form(journal_value(session, row, field)) != value
    }
    if not moved:
        return set(), None
    later = session.exec(
        select(Change)
        .where(
            Change.subject == target.subject,
            Change.subject_uuid == target.subject_uuid,
            col(Change.id) > (target.id or 0),
            col(Change.undone_by_id).is_(None),
        )
        .order_by(col(Change.id).desc())
    )
    for entry in later:
        before, changed = json.loads(entry.before), json.loads(entry.after)
        if any(field in changed and before.get(field) != changed[field] for field in moved):
            return moved, entry
    return moved, None


def undo_subject(
    session: Session, *, target: Change, by: str, summary: str | None = None
) -> Change:
    """Revert journal entry ``target`` about a subject: put back its fields as they were
    before it, and journal the undo (called by ``store.undo``; ``summary`` says whether it is
    an undo or a redo, of what)."""
    subject = SUBJECTS.get(target.subject or "")
    if subject is None or target.subject_uuid is None:  # pragma: no cover - a newer kind
        raise StoreError(f"cannot undo a change to {target.subject!r}")
    row = subject.find(session, target.subject_uuid)
    before = json.loads(target.before)
    restore_fields(session, subject, row, before)
    session.flush()
    undo = record(
        session,
        subject=subject,
        row=row,
        kind="undo",
        by=by,
        summary=summary or f"undo of: {target.summary}",
        before=json.loads(target.after),
        after=before,
        undoes_id=target.id,
    )
    target.undone_by_id = undo.id
    session.add(target)
    session.flush()
    return undo
