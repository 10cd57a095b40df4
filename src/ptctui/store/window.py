"""What happened to each action in a window of days: what a committee document is compiled from.

For every live action: its place (package, plan, component), title and description, the
progress updates dated in the window (oldest first, retracted ones left out), and the status
moves *people made* in the window: a move with its journal entry, not undone. That leaves out
what no officer did in the window: the rows a dataset was set up with (the bundled PC0608E
records its statuses as of 1 March 2020, with no journal entry), a move that was undone (the
move and its undo cancel out), and the undo's own status record.

What does not live here: how those facts read as sentences (``reports.wording``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import and_
from sqlalchemy import select as sa_select
from sqlmodel import Session

from ptctui.store.tables import (
    ACTIONS,
    COMPONENTS,
    DOCUMENT_ORDER,
    PACKAGES,
    PLANS,
    TABLES,
    live,
    placed,
)
from ptctui.workflow import Status


@dataclass(frozen=True)
class MadeMove:
    """A status move an officer made in the window."""

    on: date
    source: Status
    target: Status
    note: str
    deadline: str | None


@dataclass
class ActionInWindow:
    """One live action and what happened to it in the window."""

    uuid: str
    ref: str
    title: str
    description: str
    package: str
    plan: str
    component: int
    component_title: str
    updates: list[tuple[date, str]] = field(default_factory=list)
    moves: list[MadeMove] = field(default_factory=list)

    @property
    def eventful(self) -> bool:
        """Whether anything happened to it in the window."""
        return bool(self.updates or self.moves)


def actions_in_window(*, session: Session, since: date, until: date) -> list[ActionInWindow]:
    """Every live action in document order, with its updates and made moves in
    ``since``…``until`` (inclusive). Three queries, however many actions."""
    a = ACTIONS.c
    connection = session.connection()
    actions = {
        row.id: ActionInWindow(
            uuid=row.uuid,
            ref=row.ref,
            title=row.title,
            description=row.description,
            package=row.package,
            plan=row.plan,
            component=row.component,
            component_title=row.component_title,
        )
        for row in connection.execute(
            placed(
                a.id,
                a.uuid,
                a.ref,
                a.title,
                a.description,
                PACKAGES.c.code.label("package"),
                PLANS.c.code.label("plan"),
                COMPONENTS.c.number.label("component"),
                COMPONENTS.c.title.label("component_title"),
            )
            .where(live())
            .order_by(*DOCUMENT_ORDER)
        )
    }
    updates = TABLES["progress_updates"].c
    for action_id, as_of, text in connection.execute(
        sa_select(updates.action_id, updates.as_of, updates.text)
        .where(
            updates.retracted.is_(False),
            updates.as_of >= since,
            updates.as_of <= until,
        )
        .order_by(updates.as_of, updates.created_at, updates.id)
    ):
        if (action := actions.get(action_id)) is not None:
            action.updates.append((as_of, text))
    for action_id, move in _made_moves(connection, since, until):
        if (action := actions.get(action_id)) is not None:
            action.moves.append(move)
    return list(actions.values())


def _made_moves(connection: Any, since: date, until: date) -> list[tuple[int, MadeMove]]:
    moves, journal = TABLES["status_changes"].c, TABLES["changes"].c
    start = datetime.combine(since, time.min, tzinfo=UTC)
    end = datetime.combine(until, time.max, tzinfo=UTC)
    rows = connection.execute(
        sa_select(
            moves.action_id,
            moves.at,
            moves.from_status,
            moves.to_status,
            moves.note,
            moves.deadline_label,
        )
        .join(TABLES["changes"], journal.status_change_id == moves.id)
        .where(
            and_(
                journal.kind == "move",
                journal.undone_by_id.is_(None),
                moves.from_status.is_not(None),
                moves.at >= start,
                moves.at <= end,
            )
        )
        .order_by(moves.at, moves.id)
    )
    return [
        (
            action_id,
            MadeMove(
                on=at.date(),
                source=Status(source),
                target=Status(target),
                note=note,
                deadline=label,
            ),
        )
        for action_id, at, source, target, note, label in rows
    ]
