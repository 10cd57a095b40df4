"""The journal (``Change``): how every write records itself, and how it is read back.

Each journaled write (``changes``) ends with ``record_change``: who, when, a one-line summary
and the fields before and after, as JSON. ``undo`` walks those entries back and ``merge``
settles fields by them; ``history`` shows them. The writes themselves are ``changes``'s and
walking back is ``undo``'s.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, func, select

from ptctui.models import Action, Change, utcnow
from ptctui.store.subjects import labels


def _dump(values: dict[str, Any]) -> str:
    return json.dumps(values, default=_json_default, sort_keys=True, ensure_ascii=False)


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in the journal")


def journal_form(value: Any) -> Any:
    """``value`` as a journal entry holds it (a date as ISO text), to compare with one."""
    return json.loads(_dump({"value": value}))["value"]


def record_change(
    *,
    session: Session,
    kind: str,
    action: Action | None,
    by: str,
    summary: str,
    note: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    at: datetime | None = None,
    **links: Any,
) -> Change:
    """Append a ``Change`` to the journal: what every write does last, so ``undo`` and
    ``history`` see it. ``before`` and ``after`` hold the fields the write changed (dates as
    ISO text); ``links`` name the status change or progress update it made."""
    change = Change(
        kind=kind,
        action_id=action.id if action else None,
        by=by,
        summary=summary,
        note=note,
        before=_dump(before or {}),
        after=_dump(after or {}),
        at=at or utcnow(),
        **links,
    )
    session.add(change)
    session.flush()
    return change


def fields_of(action: Action, names: Sequence[str]) -> dict[str, Any]:
    """The action's values of ``names``: a journal entry's ``before`` or ``after``."""
    return {name: getattr(action, name) for name in names}


@dataclass(frozen=True)
class ChangeView:
    """A journal entry as shown by ``history``."""

    id: int
    at: datetime
    by: str
    kind: str
    ref: str | None  # the action's reference, for a change to an action
    summary: str
    note: str
    undone: bool
    subject: str | None = None  # what it changed: the action's reference, or "plan CEP-2020"

    def as_json(self) -> dict[str, Any]:
        """A plain dict for ``history --json``."""
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "by": self.by,
            "kind": self.kind,
            "subject": self.subject,
            "summary": self.summary,
            "note": self.note,
            "undone": self.undone,
        }


def history(
    *,
    session: Session,
    action: Action | None = None,
    limit: int = 50,
    by: str | None = None,
    kind: str | None = None,
    before: tuple[datetime, int] | None = None,
) -> list[ChangeView]:
    """The most recent journal entries (of one action, by one person, of one kind, if given),
    newest first; ``before`` (an entry's time and id) pages on from that entry, so a screen
    reads 100,000 entries a page at a time."""
    stmt = (
        select(Change, Action.ref)
        .outerjoin(Action, col(Action.id) == Change.action_id)
        # By time, not by id: merged-in changes get new local ids but keep when they happened.
        .order_by(col(Change.at).desc(), col(Change.id).desc())
        .limit(limit)
    )
    if action is not None:
        stmt = stmt.where(Change.action_id == action.id)
    if by is not None:
        stmt = stmt.where(Change.by == by)
    if kind is not None:
        stmt = stmt.where(Change.kind == kind)
    if before is not None:
        at, change_id = before
        stmt = stmt.where(
            (col(Change.at) < at) | ((col(Change.at) == at) & (col(Change.id) < change_id))
        )
    return _views(session, session.exec(stmt).all())


def _views(session: Session, found: Sequence[Any]) -> list[ChangeView]:
    named = labels(session, ((c.subject, c.subject_uuid) for c, _ in found))
    return [
        ChangeView(
            id=c.id or 0,
            at=c.at,
            by=c.by,
            kind=c.kind,
            ref=ref,
            summary=c.summary,
            note=c.note,
            undone=c.undone_by_id is not None,
            subject=ref or named.get((c.subject or "", c.subject_uuid or "")),
        )
        for c, ref in found
    ]


def people(*, session: Session) -> list[str]:
    """Everyone the journal names, sorted: what the history screen filters by."""
    return sorted(session.exec(select(Change.by).distinct()).all())


def changes_by_others(
    *, session: Session, after: int, upto: int, by: str, limit: int = 3
) -> tuple[list[ChangeView], int]:
    """The newest ``limit`` entries with ids in (``after``, ``upto``] made by anyone but
    ``by``, newest first, and how many there are in all: the app's notice of others' work."""
    where = (col(Change.id) > after, col(Change.id) <= upto, Change.by != by)
    total = session.exec(select(func.count(col(Change.id))).where(*where)).one()
    stmt = (
        select(Change, Action.ref)
        .outerjoin(Action, col(Action.id) == Change.action_id)
        .where(*where)
        .order_by(col(Change.id).desc())
        .limit(limit)
    )
    return _views(session, session.exec(stmt).all()), int(total)
