"""How things stand: the dashboard, the app's outline tree, the data stamp that tells the
app someone wrote, and the names dialogs offer. (The lists of packages, plans and components
with their tallies are ``catalogue``'s.)

All are counts and short lists read in a few grouped queries, never one query per action.
The action rows they show come from ``listing``; the journal's entries from ``journal``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, case, exists, func, or_
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
from ptctui.store.listing import ActionFilter, ActionRow, filtered, list_actions
from ptctui.store.subjects import SUBJECTS, describe
from ptctui.store.tables import ACTIONS, DOCUMENT_ORDER, PACKAGES, TABLES, late, live, placed
from ptctui.workflow import SETTLED, UPCOMING_DAYS, Status

# The most a dashboard list holds: the first rows of what it counts. At 100,000 actions some
# 70,000 may be overdue; the dashboard says how many and shows the worst (the main screen's
# `o` lists them all), read with counts and limits rather than by listing every action.
LISTED = 200


@dataclass(frozen=True)
class Dashboard:
    """Where everything stands: tallies, what is late, what is due soon, what changed.

    Each list holds its first ``LISTED`` rows; ``*_total`` say how many there are in all."""

    today: date
    packages: list[PackageRow]
    plans: list[PlanRow]
    overdue: list[ActionRow]  # most overdue first
    upcoming: list[ActionRow]  # due within the horizon, soonest first
    recent: list[ChangeView]  # newest first
    # Open actions with no development since their package's lead body last met, by plan.
    quiet: list[tuple[ActionRow, str]] = field(default_factory=list)  # (row, meeting key)
    overdue_total: int = 0
    upcoming_total: int = 0
    quiet_total: int = 0


def dashboard(
    *, session: Session, today: date, recent: int = 15, listed: int = LISTED
) -> Dashboard:
    """Everything the dashboard shows, in one read: counts, and each list's first ``listed``
    rows (by due date as `--sort due` orders them: no date last, ties in document order)."""
    late_ones = filtered(
        placed(ACTIONS.c.id), session=session, flt=ActionFilter(overdue=True), today=today
    )
    soon = _due_soon(today)
    quiet, quiet_total = quiet_since_meetings(session=session, today=today, limit=listed)
    packages = list_packages(session=session, today=today)
    return Dashboard(
        today=today,
        packages=packages,
        plans=list_plans(session=session, today=today),
        overdue=_rows_of(session, today, _first(session, late_ones, listed, by_due=True)),
        upcoming=_rows_of(session, today, _first(session, soon, listed, by_due=True)),
        recent=history(session=session, limit=recent),
        quiet=quiet,
        # The packages' tallies count every overdue action the lists show (``tables.live``).
        overdue_total=sum(p.tally.overdue for p in packages),
        upcoming_total=_count(session, soon),
        quiet_total=quiet_total,
    )


def _due_soon(today: date) -> Any:
    """The ids of the actions ``workflow.is_due_soon`` takes, among those lists show."""
    a = ACTIONS.c
    return (
        placed(a.id)
        .where(live())
        .where(
            # The statuses named, not "not settled": a few seeks in (status, due_date) rather
            # than a pass over every action (100,000 actions: 0.3 s).
            a.status.in_([s.value for s in Status if s not in SETTLED]),
            a.due_date >= today,
            a.due_date <= today + timedelta(days=UPCOMING_DAYS),
        )
    )


def _count(session: Session, stmt: Any) -> int:
    """How many rows ``stmt`` selects."""
    counted = sa_select(func.count()).select_from(stmt.subquery())
    return int(session.connection().execute(counted).scalar() or 0)


def _first(session: Session, stmt: Any, limit: int, *, by_due: bool = False) -> list[int]:
    """The first ``limit`` ids ``stmt`` selects, in document order (or by due date first)."""
    a = ACTIONS.c
    order = (a.due_date.is_(None), a.due_date, *DOCUMENT_ORDER) if by_due else DOCUMENT_ORDER
    return list(session.connection().execute(stmt.order_by(*order).limit(limit)).scalars())


def _rows_of(session: Session, today: date, ids: Sequence[int]) -> list[ActionRow]:
    """The listing's rows of the actions ``ids``, in that order."""
    if not ids:
        return []
    a = ACTIONS.c
    uuids = dict(session.connection().execute(sa_select(a.id, a.uuid).where(a.id.in_(ids))).all())
    flt = ActionFilter(uuids=tuple(uuids.values()))
    rows = {r.uuid: r for r in list_actions(session=session, flt=flt, today=today)}
    return [rows[uuids[i]] for i in ids]


def last_meetings(*, session: Session, today: date) -> dict[str, tuple[str, date]]:
    """Each live package's code → the key and date of the latest meeting (up to ``today``) of
    the body that leads it; packages whose lead body has not met are left out."""
    last: dict[str, tuple[str, date]] = {}
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
    return last


def quiet_since_meetings(
    *, session: Session, today: date, limit: int = LISTED
) -> tuple[list[tuple[ActionRow, str]], int]:
    """The open actions (neither completed nor cancelled) with no progress update and no
    status move since the last meeting (up to ``today``) of the body that leads their
    package: what the next session will ask about. The first ``limit`` in document order,
    each with that meeting's key, and how many there are in all."""
    last = last_meetings(session=session, today=today)
    if not last:
        return [], 0
    a, updates = ACTIONS.c, TABLES["progress_updates"].c
    moves, journal = TABLES["status_changes"].c, TABLES["changes"].c
    quiet = []
    for code, (_, since) in last.items():
        # News is an update dated after the meeting, or a move people made (with its journal
        # entry, not undone: the statuses a dataset was set up with are no news) on a later
        # day (a UTC day, as the journal's instants are).
        after = datetime.combine(since + timedelta(days=1), time(), tzinfo=UTC)
        quiet.append(
            and_(
                PACKAGES.c.code == code,
                ~exists().where(
                    updates.action_id == a.id,
                    updates.retracted.is_(False),
                    updates.as_of > since,
                ),
                ~exists().where(
                    journal.action_id == a.id,
                    journal.kind == "move",
                    journal.undone_by_id.is_(None),
                    moves.id == journal.status_change_id,
                    moves.action_id == a.id,
                    moves.at >= after,
                ),
            )
        )
    stmt = (
        placed(a.id)
        .where(live())
        .where(a.status.not_in([Status.COMPLETED.value, Status.CANCELLED.value]), or_(*quiet))
    )
    rows = _rows_of(session, today, _first(session, stmt, limit))
    return [(row, last[row.package][0]) for row in rows], _count(session, stmt)


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
    removed none, in its own transaction): counting them reads every one. ``count(*)``, not
    ``count(id)``: SQLite counts a b-tree's entries without reading them for the first (1 ms
    at 100,000 actions) and tests each id for null for the second (7 ms).
    """
    columns = [
        sa_select(func.max(Change.id)).scalar_subquery(),
        sa_select(func.max(StatusChange.id)).scalar_subquery(),
        sa_select(func.max(ProgressUpdate.id)).scalar_subquery(),
        sa_select(func.max(Action.updated_at)).scalar_subquery(),
    ]
    if actions is None:
        columns.append(sa_select(func.count()).select_from(Action).scalar_subquery())
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
