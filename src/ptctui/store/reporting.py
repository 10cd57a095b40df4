"""What reports print: actions with every responsible body and their latest update, and the
developments (updates and status moves) of a period.

Reads for ``reports/`` and ``exporters/``, in a few queries whatever the size of the data: the
details are gathered per query for the whole selection, never per action. The rows an action
list shows are ``listing``'s; one action in full is ``detail``'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from ptctui.models import (
    Action,
    ActionBody,
    Body,
    Component,
    Meeting,
    Package,
    Plan,
    ProgressUpdate,
    StatusChange,
)
from ptctui.store.detail import UpdateView
from ptctui.store.listing import ActionFilter, filtered
from ptctui.store.lookup import get_package, get_plan
from ptctui.workflow import Status, is_late


@dataclass(frozen=True)
class ReportAction:
    """An action with everything a report prints about it, in document order."""

    uuid: str
    ref: str
    title: str
    status: Status
    kind: str
    package: str
    package_name: str
    plan: str
    plan_title: str
    component: int
    component_title: str
    lead: tuple[str, ...]
    supporting: tuple[str, ...]
    deadline: str | None
    due_date: date | None
    latest_update: UpdateView | None
    archived: bool

    def overdue(self, today: date) -> bool:
        """Past its due date and not settled (completed or cancelled)."""
        return is_late(self.status, self.due_date, today)


def report_actions(
    *,
    session: Session,
    package: str | None = None,
    plan: str | None = None,
    include_archived: bool = False,
    details: bool = True,
) -> list[ReportAction]:
    """Actions (of one package or plan) with bodies and latest update, in three queries.

    The rows stream from the database; bodies and latest updates are gathered per query for the
    whole selection, never one query per action, so a 10,000-action workspace stays quick.
    ``details=False`` leaves bodies and latest updates out (empty), in one query, for reports
    that print neither.
    """
    stmt = (
        sa_select(
            col(Action.id),
            col(Action.uuid),
            col(Action.ref),
            col(Action.title),
            col(Action.status),
            col(Action.kind),
            col(Package.code),
            col(Package.name),
            col(Plan.code),
            col(Plan.title),
            col(Component.number),
            col(Component.title),
            col(Action.deadline_label),
            col(Action.due_date),
            col(Action.archived),
        )
        .join(Component, col(Component.id) == Action.component_id)
        .join(Plan, col(Plan.id) == Component.plan_id)
        .join(Package, col(Package.id) == Plan.package_id)
        .order_by(
            col(Package.position),
            col(Plan.position),
            col(Component.position),
            col(Action.position),
            col(Action.id),
        )
    )
    flt = ActionFilter(package=package, plan=plan, include_archived=include_archived)
    stmt = filtered(stmt, session=session, flt=flt, today=date.today())  # no date filter used
    selected = stmt.with_only_columns(col(Action.id)).order_by(None).scalar_subquery()
    roles: dict[int, dict[str, list[str]]] = {}
    latest: dict[int, UpdateView] = {}
    if details:
        _report_details(session=session, selected=selected, roles=roles, latest=latest)
    rows = []
    for r in session.connection().execute(stmt):
        aid: int = r[0] or 0
        bodies = roles.get(aid, {})
        rows.append(
            ReportAction(
                uuid=r[1],
                ref=r[2],
                title=r[3],
                status=Status(r[4]),
                kind=r[5],
                package=r[6],
                package_name=r[7],
                plan=r[8],
                plan_title=r[9],
                component=r[10],
                component_title=r[11],
                lead=tuple(bodies.get("lead", ())),
                supporting=tuple(bodies.get("supporting", ())),
                deadline=r[12],
                due_date=r[13],
                latest_update=latest.get(aid),
                archived=bool(r[14]),
            )
        )
    return rows


def _report_details(
    *,
    session: Session,
    selected: Any,
    roles: dict[int, dict[str, list[str]]],
    latest: dict[int, UpdateView],
) -> None:
    """Fill ``roles`` (action id → role → body codes) and ``latest`` (action id → latest
    update) for the actions ``selected`` (a subquery of ids): one query each."""
    for action_id, role, code in session.connection().execute(
        sa_select(col(ActionBody.action_id), col(ActionBody.role), col(Body.code))
        .join(Body, col(Body.id) == ActionBody.body_id)
        .where(col(ActionBody.action_id).in_(selected))
        .order_by(col(ActionBody.id))
    ):
        roles.setdefault(action_id, {}).setdefault(role, []).append(code)
    # Ordered oldest first, so the last one seen for an action is its latest.
    for action_id, uuid, as_of, text, author, meeting in session.connection().execute(
        sa_select(
            col(ProgressUpdate.action_id),
            col(ProgressUpdate.uuid),
            col(ProgressUpdate.as_of),
            col(ProgressUpdate.text),
            col(ProgressUpdate.author),
            col(Meeting.label),
        )
        .outerjoin(Meeting, col(Meeting.id) == ProgressUpdate.meeting_id)
        .where(
            col(ProgressUpdate.retracted).is_(False),
            col(ProgressUpdate.action_id).in_(selected),
        )
        .order_by(col(ProgressUpdate.as_of), col(ProgressUpdate.id))
    ):
        latest[action_id] = UpdateView(
            uuid=uuid, as_of=as_of, text=text, author=author, meeting=meeting
        )


@dataclass(frozen=True)
class Development:
    """Something that happened to an action on a day: a progress update or a status move."""

    action_uuid: str
    ref: str
    title: str
    package: str
    plan: str
    on: date
    kind: str  # update | status
    text: str  # the update's text, or the status move's note
    source: Status | None = None
    target: Status | None = None
    deadline: str | None = None


def developments(
    *,
    session: Session,
    since: date,
    until: date,
    package: str | None = None,
    plan: str | None = None,
) -> list[Development]:
    """Progress updates and status moves dated ``since``..``until`` (inclusive), oldest first.

    An action's creation (a status record with no previous status) is not a development, and
    neither is a retracted update; archived actions are left out. Three queries in all: where
    each action sits is read once, so that the (up to hundreds of thousands of) development
    rows carry only their action's id instead of joining and copying its titles and codes.
    """
    start = datetime.combine(since, time.min, tzinfo=UTC)
    end = datetime.combine(until, time.max, tzinfo=UTC)
    scope: list[Any] = [col(Action.archived).is_(False)]
    if package:
        scope.append(col(Package.id) == get_package(session=session, code=package).id)
    if plan:
        scope.append(col(Plan.id) == get_plan(session=session, code=plan).id)
    actions = (
        sa_select(
            col(Action.id),
            col(Action.uuid),
            col(Action.ref),
            col(Action.title),
            col(Package.code),
            col(Plan.code),
        )
        .join(Component, col(Component.id) == Action.component_id)
        .join(Plan, col(Plan.id) == Component.plan_id)
        .join(Package, col(Package.id) == Plan.package_id)
        .where(*scope)
    )
    connection = session.connection()
    placed: dict[int | None, tuple[str, str, str, str, str]] = {
        action_id: (uuid, ref, title, pkg, pln)
        for action_id, uuid, ref, title, pkg, pln in connection.execute(actions)
    }

    def within(action_id: Any) -> list[Any]:
        # A package or plan is narrowed in SQL; archived actions are simply not in ``placed``.
        if package or plan:
            return [action_id.in_(actions.with_only_columns(col(Action.id)))]
        return []

    statuses: dict[str | None, Status] = {status.value: status for status in Status}
    found: list[tuple[Any, ...]] = []
    updates = sa_select(
        col(ProgressUpdate.action_id),
        col(ProgressUpdate.as_of),
        col(ProgressUpdate.text),
        col(ProgressUpdate.id),
    ).where(
        col(ProgressUpdate.retracted).is_(False),
        col(ProgressUpdate.as_of) >= since,
        col(ProgressUpdate.as_of) <= until,
        *within(col(ProgressUpdate.action_id)),
    )
    for action_id, as_of, text, row_id in connection.execute(updates):
        where = placed.get(action_id)
        if where is not None:
            found.append((as_of, 0, row_id, Development(*where, as_of, "update", text)))
    moves = sa_select(
        col(StatusChange.action_id),
        col(StatusChange.at),
        col(StatusChange.note),
        col(StatusChange.from_status),
        col(StatusChange.to_status),
        col(StatusChange.deadline_label),
        col(StatusChange.id),
    ).where(
        col(StatusChange.from_status).is_not(None),
        col(StatusChange.at) >= start,
        col(StatusChange.at) <= end,
        *within(col(StatusChange.action_id)),
    )
    for action_id, at, note, source, target, label, row_id in connection.execute(moves):
        where = placed.get(action_id)
        if where is None:
            continue
        on = at.date()  # UTCDateTime hands back aware UTC instants
        found.append(
            (
                on,
                1,
                row_id,
                Development(
                    *where,
                    on,
                    "status",
                    note,
                    source=statuses[source],
                    target=statuses[target],
                    deadline=label,
                ),
            )
        )
    found.sort(key=lambda item: item[:3])
    return [item[3] for item in found]


def packages_with_plans(*, session: Session) -> list[tuple[Package, list[Plan]]]:
    """Every package with its plans, in document order (two queries): what reports introduce."""
    plans: dict[int, list[Plan]] = {}
    for p in session.exec(select(Plan).order_by(col(Plan.position), col(Plan.id))).all():
        plans.setdefault(p.package_id, []).append(p)
    return [
        (pkg, plans.get(pkg.id or 0, []))
        for pkg in session.exec(
            select(Package).order_by(col(Package.position), col(Package.id))
        ).all()
    ]
