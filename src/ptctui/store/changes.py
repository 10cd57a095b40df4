"""The journaled writes: move, progress update, edit, add and archive/restore an action.

Each checks what it is asked (the workflow's moves, a deadline that parses, a free reference,
an edit that changes something), changes the rows, and ends with ``journal.record_change``, so
every write can be undone and travels with a merge. None commits: the caller's
``store.writing`` block does, whole or not at all. Walking a change back is ``undo``'s; adding
the bundled dataset is ``seed``'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from ptctui.deadlines import parse_deadline
from ptctui.models import (
    KINDS,
    ROLES,
    Action,
    ActionBody,
    ActionEdit,
    Change,
    Component,
    Package,
    Plan,
    ProgressUpdate,
    StatusChange,
    utcnow,
)
from ptctui.store import clocks  # noqa: F401  (a status change written here is dated last)
from ptctui.store.detail import bodies_of
from ptctui.store.errors import StoreError
from ptctui.store.journal import fields_of, record_change
from ptctui.store.lookup import get_body, get_meeting
from ptctui.text import MAX_TITLE, too_long
from ptctui.workflow import Status, check_move, parse_status


def move_action(
    *,
    session: Session,
    action: Action,
    status: Status | str,
    by: str,
    note: str = "",
    deadline: str | None = None,
    meeting: str | None = None,
    at: datetime | None = None,
) -> Change:
    """Move an action to ``status`` if the workflow allows it, recording who, when and why.

    A new deadline (required when postponing, accepted with any move) replaces the action's.
    """
    target = status if isinstance(status, Status) else parse_status(status)
    move = check_move(Status(action.status), target, note=note, deadline=deadline)
    parsed = parse_deadline(move.deadline) if move.deadline else None
    meeting_row = get_meeting(session=session, key=meeting) if meeting else None
    when = at or utcnow()
    before = fields_of(action, ("status", "deadline_label", "due_date"))
    action.status = target.value
    if parsed is not None:
        action.deadline_label, action.due_date = parsed.label, parsed.due
    action.updated_at = when
    session.add(action)
    record = StatusChange(
        action_id=action.id or 0,
        from_status=move.source.value,
        to_status=target.value,
        at=when,
        by=by,
        note=move.note,
        deadline_label=parsed.label if parsed else None,
        meeting_id=meeting_row.id if meeting_row else None,
    )
    session.add(record)
    session.flush()
    return record_change(
        session=session,
        kind="move",
        action=action,
        by=by,
        summary=f"{action.ref}: {move.source.label} → {target.label}",
        note=move.note,
        before=before,
        after=fields_of(action, ("status", "deadline_label", "due_date")),
        at=when,
        status_change_id=record.id,
    )


def add_update(
    *,
    session: Session,
    action: Action,
    text: str,
    by: str,
    as_of: date | None = None,
    meeting: str | None = None,
) -> Change:
    """Record a dated progress update on an action."""
    if not text.strip():
        raise StoreError("a progress update needs some text")
    meeting_row = get_meeting(session=session, key=meeting) if meeting else None
    update = ProgressUpdate(
        action_id=action.id or 0,
        as_of=as_of or date.today(),
        text=text.strip(),
        meeting_id=meeting_row.id if meeting_row else None,
        author=by,
    )
    session.add(update)
    action.updated_at = utcnow()
    session.add(action)
    session.flush()
    return record_change(
        session=session,
        kind="update",
        action=action,
        by=by,
        summary=f"{action.ref}: progress update of {update.as_of.isoformat()}",
        note=update.text,
        progress_update_id=update.id,
    )


# The action fields a user edits (``edit_action``); what a merge settles field by field.
EDITABLE = (
    "title",
    "description",
    "kind",
    "deadline_label",
    "due_date",
    "start_date",
    "end_date",
    "funding_note",
)


def _check_title(title: str) -> None:
    if message := too_long("title", title, MAX_TITLE):
        raise StoreError(message)


def check_kind(kind: str) -> str:
    """``kind`` as stored (trimmed, lower case), or ``StoreError`` if it is not one of KINDS."""
    value = kind.strip().lower()
    if value not in KINDS:
        raise StoreError(f"unknown kind {kind!r}; kinds are: {', '.join(KINDS)}")
    return value


def _check_dates(start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise StoreError(f"the end date {end} is before the start date {start}")


def set_bodies(
    *, session: Session, action: Action, lead: Sequence[str], supporting: Sequence[str]
) -> None:
    """Make ``lead`` and ``supporting`` (body codes) the action's responsible bodies, replacing
    its links (a body named in both roles is a lead). Not journaled: the caller's write is."""
    wanted: dict[int, str] = {}
    for role, codes in (("lead", lead), ("supporting", supporting)):
        for code in codes:
            body = get_body(session=session, code=code)
            wanted.setdefault(body.id or 0, role)
    for link in session.exec(select(ActionBody).where(ActionBody.action_id == action.id)).all():
        session.delete(link)
    session.flush()
    for body_id, role in wanted.items():
        session.add(ActionBody(action_id=action.id or 0, body_id=body_id, role=role))
    session.flush()


def edit_action(
    *,
    session: Session,
    action: Action,
    edit: ActionEdit,
    by: str,
    lead: Sequence[str] | None = None,
    supporting: Sequence[str] | None = None,
    note: str = "",
) -> Change:
    """Change an action's fields and responsible bodies; refuses an edit that changes nothing."""
    changes: dict[str, Any] = {}
    if edit.title is not None:
        if not edit.title.strip():
            raise StoreError("an action needs a title")
        _check_title(edit.title)
        changes["title"] = edit.title.strip()
    if edit.description is not None:
        changes["description"] = edit.description.strip()
    if edit.kind is not None:
        changes["kind"] = check_kind(edit.kind)
    if edit.deadline is not None:
        if edit.deadline.strip():
            parsed = parse_deadline(edit.deadline)
            changes["deadline_label"], changes["due_date"] = parsed.label, parsed.due
        else:
            changes["deadline_label"], changes["due_date"] = None, None
    for name in ("start_date", "end_date", "funding_note"):
        value = getattr(edit, name)
        if value is not None:
            changes[name] = value.strip() if isinstance(value, str) else value
    _check_dates(
        changes.get("start_date", action.start_date), changes.get("end_date", action.end_date)
    )
    changes = {k: v for k, v in changes.items() if getattr(action, k) != v}
    old_roles = bodies_of(session=session, action_id=action.id or 0)
    new_roles = {
        "lead": list(lead) if lead is not None else old_roles["lead"],
        "supporting": list(supporting) if supporting is not None else old_roles["supporting"],
    }
    for role in ROLES:
        new_roles[role] = [get_body(session=session, code=c).code for c in new_roles[role]]
    bodies_changed = new_roles != {r: old_roles[r] for r in ROLES}
    if not changes and not bodies_changed:
        raise StoreError(f"nothing to change on {action.ref}")
    before = fields_of(action, list(changes))
    for name, value in changes.items():
        setattr(action, name, value)
    if bodies_changed:
        before["bodies"] = {r: old_roles[r] for r in ROLES}
        set_bodies(
            session=session,
            action=action,
            lead=new_roles["lead"],
            supporting=new_roles["supporting"],
        )
    after = fields_of(action, list(changes))
    if bodies_changed:
        after["bodies"] = new_roles
    action.updated_at = utcnow()
    session.add(action)
    session.flush()
    return record_change(
        session=session,
        kind="edit",
        action=action,
        by=by,
        summary=f"{action.ref}: edited {_field_names(after)}",
        note=note,
        before=before,
        after=after,
    )


_FIELD_NAMES = {
    "deadline_label": "deadline",
    "due_date": "deadline",
    "start_date": "start date",
    "end_date": "end date",
    "funding_note": "funding note",
    "bodies": "responsible bodies",
}


def _field_names(fields: dict[str, Any]) -> str:
    """The edited fields as people call them: "title, deadline, responsible bodies"."""
    names = dict.fromkeys(_FIELD_NAMES.get(name, name) for name in fields)
    return ", ".join(names)


def next_ref(*, session: Session, component: Component) -> str:
    """A free display reference for a new action: the component's prefix and the next number."""
    plan = session.get_one(Plan, component.plan_id)
    package = session.get_one(Package, plan.package_id)
    prefix = f"{plan.references_from(package.code)}-{component.number}."
    existing = session.exec(select(Action.ref).where(col(Action.ref).startswith(prefix))).all()
    numbers = [int(tail) for r in existing if (tail := r[len(prefix) :]).isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"


def add_action(
    *,
    session: Session,
    component: Component,
    title: str,
    by: str,
    description: str = "",
    kind: str = "action",
    deadline: str | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    lead: Sequence[str] = (),
    supporting: Sequence[str] = (),
    funding_note: str = "",
    ref: str | None = None,
) -> tuple[Action, Change]:
    """Create an action in ``component`` as planned, with its first status record."""
    if not title.strip():
        raise StoreError("an action needs a title")
    _check_title(title)
    parsed = parse_deadline(deadline) if deadline and deadline.strip() else None
    _check_dates(start_date, end_date)
    ref = (ref or next_ref(session=session, component=component)).strip()
    if session.exec(select(Action.id).where(func.lower(Action.ref) == ref.lower())).first():
        raise StoreError(f"the reference {ref} is taken")
    position = session.exec(
        select(func.coalesce(func.max(Action.position), 0)).where(
            Action.component_id == component.id
        )
    ).one()
    now = utcnow()
    action = Action(
        ref=ref,
        component_id=component.id or 0,
        title=title.strip(),
        description=description.strip(),
        kind=check_kind(kind),
        deadline_label=parsed.label if parsed else None,
        due_date=parsed.due if parsed else None,
        start_date=start_date,
        end_date=end_date,
        funding_note=funding_note.strip(),
        status=Status.PLANNED.value,
        position=int(position) + 1,
        created_at=now,
        updated_at=now,
    )
    session.add(action)
    session.flush()
    set_bodies(session=session, action=action, lead=lead, supporting=supporting)
    session.add(
        StatusChange(
            action_id=action.id or 0, to_status=Status.PLANNED.value, at=now, by=by, note="created"
        )
    )
    change = record_change(
        session=session,
        kind="add",
        action=action,
        by=by,
        summary=f"{action.ref}: new action “{action.title}”",
        before={"archived": True},
        after={"archived": False},
        at=now,
    )
    return action, change


def set_archived(
    *, session: Session, action: Action, archived: bool, by: str, note: str = ""
) -> Change:
    """Archive (hide) or restore an action; nothing is ever deleted."""
    if action.archived == archived:
        raise StoreError(
            f"{action.ref} is already archived" if archived else f"{action.ref} is not archived"
        )
    action.archived = archived
    action.updated_at = utcnow()
    session.add(action)
    session.flush()
    verb = "archive" if archived else "restore"
    return record_change(
        session=session,
        kind=verb,
        action=action,
        by=by,
        summary=f"{action.ref}: {verb}d",
        note=note,
        before={"archived": not archived},
        after={"archived": archived},
    )
