"""How things stand: the dashboard, the app's outline tree, the data stamp that tells the
app someone wrote, and the names dialogs offer. (The lists of packages, plans and components
with their tallies are ``catalogue``'s.)

All are counts and short lists read in a few grouped queries, never one query per action.
The action rows they show come from ``listing``; the journal's entries from ``journal``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import case, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from ptctui.models import (
    Action,
    Body,
    Change,
    Component,
    DocumentRecord,
    Meeting,
    Package,
    Plan,
    ProgressUpdate,
    StatusChange,
)
from ptctui.store.catalogue import PackageRow, PlanRow, Tally, list_packages, list_plans
from ptctui.store.journal import ChangeView, history
from ptctui.store.listing import ActionFilter, ActionRow, list_actions
from ptctui.store.subjects import SUBJECTS, describe
from ptctui.store.tables import late
from ptctui.workflow import Status, is_due_soon


@dataclass(frozen=True)
class Dashboard:
    """Where everything stands: tallies, what is late, what is due soon, what changed."""

    today: date
    packages: list[PackageRow]
    plans: list[PlanRow]
    overdue: list[ActionRow]  # most overdue first
    upcoming: list[ActionRow]  # due within the horizon, soonest first
    recent: list[ChangeView]  # newest first
    # Open actions with no development since their package's lead body last met, by plan.
    quiet: list[tuple[ActionRow, str]] = field(default_factory=list)  # (row, meeting key)


def dashboard(*, session: Session, today: date, recent: int = 15) -> Dashboard:
    """Everything the dashboard shows, in one read."""
    # One read in document order; by due date as `--sort due` orders (no date last, ties in
    # document order: the sort is stable).
    ordered = list_actions(session=session, flt=ActionFilter(), today=today)
    due = sorted(ordered, key=lambda r: (r.due_date is None, r.due_date or date.min))
    return Dashboard(
        today=today,
        packages=list_packages(session=session, today=today),
        plans=list_plans(session=session, today=today),
        overdue=[r for r in due if r.overdue(today)],
        upcoming=[r for r in due if is_due_soon(r.status, r.due_date, today)],
        recent=history(session=session, limit=recent),
        quiet=quiet_since_meetings(session=session, today=today, rows=ordered),
    )


def quiet_since_meetings(
    *, session: Session, today: date, rows: Sequence[ActionRow]
) -> list[tuple[ActionRow, str]]:
    """Of ``rows``, the open actions (neither completed nor cancelled) with no progress update
    and no status move since the last meeting (up to ``today``) of the body that leads their
    package: what the next session will ask about. In the order of ``rows``; each with that
    meeting's key."""
    last: dict[str, tuple[str, date]] = {}  # package code -> (meeting key, its date)
    for code, key, start in session.exec(
        select(Package.code, Meeting.key, col(Meeting.start_date))
        .join(Meeting, col(Meeting.body_id) == Package.lead_body_id)
        .where(
            col(Package.archived).is_(False),
            col(Meeting.start_date).is_not(None),
            col(Meeting.start_date) <= today,
        )
        .order_by(col(Meeting.start_date))
    ).all():
        if start is not None:
            last[code] = (key, start)  # the latest wins: ordered by date
    if not last:
        return []
    moved: dict[str, date] = {}  # by action UUID, as the rows name them
    # Moves people made (with their journal entry, not undone): the statuses a dataset was
    # set up with are no news.
    for uuid, at in session.connection().execute(
        sa_select(col(Action.uuid), func.max(col(StatusChange.at)))
        .join(Action, col(Action.id) == col(StatusChange.action_id))
        .join(Change, col(Change.status_change_id) == col(StatusChange.id))
        .where(col(Change.kind) == "move", col(Change.undone_by_id).is_(None))
        .group_by(col(Action.uuid))
    ):
        moved[uuid] = at.date()
    out = []
    for row in rows:
        if row.package not in last or row.status in (Status.COMPLETED, Status.CANCELLED):
            continue
        key, since = last[row.package]
        touched = max(
            (d for d in (row.latest_update, moved.get(row.uuid)) if d is not None),
            default=None,
        )
        if touched is None or touched <= since:
            out.append((row, key))
    return out


@dataclass(frozen=True)
class OutlineNode:
    """A package, plan or component in the app's tree, with how its actions stand."""

    kind: str  # package | plan | component
    key: str  # package code, plan code, or PLAN:N for a component
    label: str
    tally: Tally
    children: tuple[OutlineNode, ...] = ()


def outline(*, session: Session, today: date) -> list[OutlineNode]:
    """Packages → plans → components with their tallies, in document order, in three queries."""
    one_if_late = case((late(today), 1), else_=0)
    counts: dict[int, dict[Status, int]] = {}
    overdue: dict[int, int] = {}
    stmt = (
        sa_select(col(Action.component_id), col(Action.status), func.count(), func.sum(one_if_late))
        .where(col(Action.archived).is_(False))
        .group_by(col(Action.component_id), col(Action.status))
    )  # an archived component, plan or package is left out below, with its counts
    for component_id, status, count, n_late in session.connection().execute(stmt):
        counts.setdefault(component_id, {})[Status(status)] = count
        overdue[component_id] = overdue.get(component_id, 0) + int(n_late or 0)

    def merge(tallies: Sequence[Tally]) -> Tally:
        total: dict[Status, int] = {}
        for t in tallies:
            for status, n in t.counts.items():
                total[status] = total.get(status, 0) + n
        return Tally(counts=total, overdue=sum(t.overdue for t in tallies))

    components: dict[int, list[OutlineNode]] = {}
    plan_codes = dict(session.exec(select(Plan.id, Plan.code)).all())
    for c in session.exec(
        select(Component)
        .where(col(Component.archived).is_(False))
        .order_by(col(Component.position), col(Component.number))
    ).all():
        cid = c.id or 0
        components.setdefault(c.plan_id, []).append(
            OutlineNode(
                kind="component",
                key=f"{plan_codes[c.plan_id]}:{c.number}",
                label=f"{c.number}. {c.title}",
                tally=Tally(counts=counts.get(cid, {}), overdue=overdue.get(cid, 0)),
            )
        )
    plans: dict[int, list[OutlineNode]] = {}
    for p in session.exec(
        select(Plan).where(col(Plan.archived).is_(False)).order_by(col(Plan.position), col(Plan.id))
    ).all():
        kids = tuple(components.get(p.id or 0, ()))
        plans.setdefault(p.package_id, []).append(
            OutlineNode(
                kind="plan",
                key=p.code,
                label=p.title,
                tally=merge([k.tally for k in kids]),
                children=kids,
            )
        )
    result = []
    for pkg in session.exec(
        select(Package)
        .where(col(Package.archived).is_(False))
        .order_by(col(Package.position), col(Package.id))
    ).all():
        kids = tuple(plans.get(pkg.id or 0, ()))
        result.append(
            OutlineNode(
                kind="package",
                key=pkg.code,
                label=pkg.name,
                tally=merge([k.tally for k in kids]),
                children=kids,
            )
        )
    return result


def data_stamp(*, session: Session, actions: int | None = None) -> tuple[Any, ...]:
    """A cheap value that changes whenever anyone writes: how the app notices other processes.

    ``actions``: how many actions there are, when the caller knows (a change that added or
    removed none, in its own transaction): counting them reads every one (30 ms at 100,000).
    """
    columns = [
        sa_select(func.max(Change.id)).scalar_subquery(),
        sa_select(func.max(StatusChange.id)).scalar_subquery(),
        sa_select(func.max(ProgressUpdate.id)).scalar_subquery(),
        sa_select(func.max(Action.updated_at)).scalar_subquery(),
    ]
    if actions is None:
        columns.append(sa_select(func.count(col(Action.id))).scalar_subquery())
    row = session.connection().execute(sa_select(*columns)).one()
    return tuple(row) if actions is None else (*row, actions)


@dataclass(frozen=True)
class Names:
    """Codes the dialogs offer and check: bodies, meetings, plans and packages, and every code
    in use with how messages name its row (so a dialog refuses a taken code in the command
    line's words without asking the database)."""

    bodies: list[str]
    meetings: list[str]
    plans: list[str]
    packages: list[str] = field(default_factory=list)
    taken: dict[str, dict[str, str]] = field(default_factory=dict)  # table → code → row
    # Committee documents by code, with the window each remembers (the export dialog's).
    documents: dict[str, tuple[date | None, date | None]] = field(default_factory=dict)


def names(*, session: Session) -> Names:
    """Every body code and meeting key, sorted, and the plan codes in document order; archived
    ones are not offered."""
    return Names(
        bodies=list(
            session.exec(
                select(Body.code).where(col(Body.archived).is_(False)).order_by(col(Body.code))
            ).all()
        ),
        meetings=list(
            session.exec(
                select(Meeting.key)
                .where(col(Meeting.archived).is_(False))
                .order_by(col(Meeting.key))
            ).all()
        ),
        plans=list(
            session.exec(
                select(Plan.code)
                .join(Package, col(Package.id) == Plan.package_id)
                .where(col(Plan.archived).is_(False), col(Package.archived).is_(False))
                .order_by(col(Package.position), col(Plan.position))
            ).all()
        ),
        packages=list(
            session.exec(
                select(Package.code)
                .where(col(Package.archived).is_(False))
                .order_by(col(Package.position), col(Package.id))
            ).all()
        ),
        taken={
            table: {
                getattr(row, subject.key or "code").lower(): describe(subject, row)
                for row in session.exec(select(subject.model)).all()
            }
            for table, subject in SUBJECTS.items()
            if subject.key is not None
        },
        documents={
            code: (since, until)
            for code, since, until in session.exec(
                select(DocumentRecord.code, col(DocumentRecord.since), col(DocumentRecord.until))
                .where(col(DocumentRecord.archived).is_(False))
                .order_by(col(DocumentRecord.code))
            ).all()
        },
    )
