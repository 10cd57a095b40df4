"""What a meeting decided about actions, and where its walk through a plan stopped.

A committee takes each action up in turn and decides: it takes note, moves the action (done,
in progress, postponed to a new deadline, on hold, cancelled), records a note, or flags it for
follow-up by a body by a date. A move or a note made at a meeting is the ordinary status
change or progress update with its ``meeting_id``; taking note and flagging are ``Review`` rows.
Together they are the meeting's decisions (``decisions_at``), which its record prints.

Reviews are journaled like endorsements (``store.subjects``): undo retracts one, the merge
carries it. A walk's position (``Walk``) is not a change anyone undoes: the newest wins a merge.

What does not live here: the moves and updates themselves (``store.changes``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from ptctui.deadlines import parse_deadline
from ptctui.models import (
    Action,
    Body,
    Change,
    Meeting,
    Plan,
    ProgressUpdate,
    Review,
    StatusChange,
    Walk,
    utcnow,
)
from ptctui.store.detail import ActionDetail, StatusChangeView, UpdateView, action_detail
from ptctui.store.errors import StoreError
from ptctui.store.journaled import record
from ptctui.store.listing import ActionFilter, ActionRow, list_actions
from ptctui.store.lookup import get_body
from ptctui.store.subjects import SUBJECTS
from ptctui.workflow import Status

REVIEWS = SUBJECTS["reviews"]
KINDS = ("noted", "follow_up")


@dataclass(frozen=True)
class Decision:
    """One decision of a meeting about an action, as its record prints it."""

    action_uuid: str
    kind: str  # noted | follow_up | move | update
    at: datetime
    by: str
    note: str = ""
    source: Status | None = None  # a move's
    target: Status | None = None
    deadline: str | None = None  # a move's new deadline, or when a follow-up is due
    due: date | None = None
    body: str | None = None  # who a follow-up falls to


def review(
    *,
    session: Session,
    meeting: Meeting,
    action: Action,
    kind: str,
    by: str,
    note: str = "",
    body: str | None = None,
    due: str | None = None,
) -> Change:
    """Record that the meeting took note of ``action`` or flagged it for follow-up (by
    ``body``, by ``due`` as officers write a deadline)."""
    if kind not in KINDS:  # pragma: no cover - a caller's mistake
        raise ValueError(f"unknown review kind {kind!r}")
    body_row: Body | None = get_body(session=session, code=body) if body else None
    parsed = parse_deadline(due) if due else None
    if kind == "follow_up" and body_row is None and parsed is None and not note.strip():
        raise StoreError("a follow-up needs a body, a date or a note saying what is expected")
    row = Review(
        meeting_id=meeting.id or 0,
        action_id=action.id or 0,
        kind=kind,
        by=by,
        note=note.strip(),
        body_id=body_row.id if body_row else None,
        due_label=parsed.label if parsed else None,
        due_date=parsed.due if parsed else None,
    )
    session.add(row)
    session.flush()
    what = "noted" if kind == "noted" else "flagged for follow-up"
    return record(
        session,
        subject=REVIEWS,
        row=row,
        kind="add",
        by=by,
        summary=f"{action.ref}: {what} at {meeting.key}",
        before={"retracted": True},
        after={"retracted": False},
        note=note,
    )


def decisions_at(*, session: Session, meeting: Meeting) -> dict[str, list[Decision]]:
    """Every decision of ``meeting`` by action UUID, oldest first: its reviews, and the moves
    and updates made at it (a retracted one, or a move since undone, is no decision)."""
    return _decisions(session, meeting.id).get(meeting.id or 0, {})


def _decisions(session: Session, meeting_id: int | None) -> dict[int, dict[str, list[Decision]]]:
    """``decisions_at`` for one meeting, or (``None``) for every meeting at once, by meeting id:
    three queries either way."""
    found: list[tuple[int, Decision]] = []
    reviews = (
        select(Review, Action.uuid, Body.code)
        .join(Action, col(Action.id) == Review.action_id)
        .outerjoin(Body, col(Body.id) == Review.body_id)
        .where(col(Review.retracted).is_(False))
    )
    moves = (
        select(StatusChange, Action.uuid)
        .join(Action, col(Action.id) == StatusChange.action_id)
        .join(Change, col(Change.status_change_id) == StatusChange.id)
        .where(
            col(StatusChange.meeting_id).is_not(None),
            Change.kind == "move",
            col(Change.undone_by_id).is_(None),
        )
    )
    updates = (
        select(ProgressUpdate, Action.uuid)
        .join(Action, col(Action.id) == ProgressUpdate.action_id)
        .where(
            col(ProgressUpdate.meeting_id).is_not(None), col(ProgressUpdate.retracted).is_(False)
        )
    )
    if meeting_id is not None:
        reviews = reviews.where(Review.meeting_id == meeting_id)
        moves = moves.where(StatusChange.meeting_id == meeting_id)
        updates = updates.where(ProgressUpdate.meeting_id == meeting_id)
    for row, action_uuid, body in session.exec(reviews).all():
        decision = Decision(
            action_uuid=action_uuid,
            kind=row.kind,
            at=row.at,
            by=row.by,
            note=row.note,
            deadline=row.due_label,
            due=row.due_date,
            body=body,
        )
        found.append((row.meeting_id, decision))
    for move, action_uuid in session.exec(moves).all():
        decision = Decision(
            action_uuid=action_uuid,
            kind="move",
            at=move.at,
            by=move.by,
            note=move.note,
            source=Status(move.from_status) if move.from_status else None,
            target=Status(move.to_status),
            deadline=move.deadline_label,
        )
        found.append((move.meeting_id or 0, decision))
    for update, action_uuid in session.exec(updates).all():
        decision = Decision(
            action_uuid=action_uuid,
            kind="update",
            at=update.created_at,
            by=update.author,
            note=update.text,
        )
        found.append((update.meeting_id or 0, decision))
    out: dict[int, dict[str, list[Decision]]] = {}
    for at_meeting, decision in sorted(found, key=lambda pair: pair[1].at):
        out.setdefault(at_meeting, {}).setdefault(decision.action_uuid, []).append(decision)
    return out


def tallies(*, session: Session) -> dict[str, tuple[int, int]]:
    """For each meeting that took actions up, by key: how many it reviewed (took up at all)
    and how many of those it decided something about beyond taking note."""
    keys = dict(session.exec(select(Meeting.id, Meeting.key)).all())
    out: dict[str, tuple[int, int]] = {}
    for meeting_id, decided in _decisions(session, None).items():
        beyond = sum(1 for ds in decided.values() if any(d.kind != "noted" for d in ds))
        out[keys[meeting_id]] = (len(decided), beyond)
    return out


# --- the walk ------------------------------------------------------------------------------------


def walk_position(*, session: Session, meeting: Meeting, plan: Plan | None) -> str | None:
    """The UUID of the action the meeting's walk through ``plan`` (or its own list) stopped
    at, if it was walked before."""
    found = session.exec(
        select(Action.uuid)
        .join(Walk, col(Walk.action_id) == Action.id)
        .where(
            Walk.meeting_id == meeting.id,
            (Walk.plan_id == plan.id) if plan is not None else col(Walk.plan_id).is_(None),
        )
    ).first()
    return found


def save_walk(
    *, session: Session, meeting: Meeting, plan: Plan | None, action: Action, by: str
) -> None:
    """Remember that the walk through ``plan`` at ``meeting`` stands at ``action``."""
    walk = session.exec(
        select(Walk).where(
            Walk.meeting_id == meeting.id,
            (Walk.plan_id == plan.id) if plan is not None else col(Walk.plan_id).is_(None),
        )
    ).first()
    if walk is None:
        walk = Walk(meeting_id=meeting.id or 0, plan_id=plan.id if plan else None)
    walk.action_id, walk.at, walk.by = action.id, utcnow(), by
    session.add(walk)
    session.flush()


# --- one action, as the meeting sees it ----------------------------------------------------------


@dataclass(frozen=True)
class Briefing:
    """What the meeting needs about one action: the action in full, what happened since its
    body last met (or everything, for a body meeting for the first time), and this meeting's
    decisions about it so far."""

    detail: ActionDetail
    since: date | None  # the body's previous meeting, if any
    developments: list[UpdateView]  # oldest first
    last_move: StatusChangeView | None
    decided: list[Decision]


def previous_meeting(*, session: Session, meeting: Meeting) -> Meeting | None:
    """The same body's meeting before ``meeting`` (by date), if any."""
    if meeting.start_date is None:
        return None
    return session.exec(
        select(Meeting)
        .where(
            Meeting.body_id == meeting.body_id,
            col(Meeting.start_date) < meeting.start_date,
        )
        .order_by(col(Meeting.start_date).desc())
    ).first()


def briefing(*, session: Session, meeting: Meeting, action: Action) -> Briefing:
    """``action`` as the meeting walks it."""
    detail = action_detail(session=session, action=action)
    before = previous_meeting(session=session, meeting=meeting)
    since = before.start_date if before is not None else None
    developments = [u for u in reversed(detail.updates) if since is None or u.as_of > since]
    moves = [m for m in detail.history if m.source is not None]
    decided = decisions_at(session=session, meeting=meeting).get(action.uuid, [])
    return Briefing(
        detail=detail,
        since=since,
        developments=developments,
        last_move=moves[0] if moves else None,
        decided=decided,
    )


def walk_list(
    *, session: Session, meeting: Meeting, flt: ActionFilter, today: date
) -> tuple[list[ActionRow], set[str]]:
    """The actions a walk goes through, in document order, and those already decided."""
    rows = list_actions(session=session, flt=flt, today=today)
    return rows, set(decisions_at(session=session, meeting=meeting))
