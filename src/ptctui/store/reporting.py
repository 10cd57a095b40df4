"""What reports print: actions with every responsible body and their latest update, and the
developments (updates and status moves) of a period.

Reads for ``reports/`` and ``exporters/``, in a few queries whatever the size of the data: the
details are gathered per query for the whole selection, never per action. The rows an action
list shows are ``listing``'s; one action in full is ``detail``'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, TypedDict

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from ptctui.models import (
    ActionBody,
    Body,
    Meeting,
    Package,
    Plan,
    ProgressUpdate,
    StatusChange,
)
from ptctui.store.detail import UpdateView
from ptctui.store.listing import ActionFilter, ActionRow, filtered
from ptctui.store.lookup import get_package, get_plan
from ptctui.store.tables import (
    ACTIONS,
    COMPONENTS,
    DOCUMENT_ORDER,
    PACKAGES,
    PLANS,
    live,
    placed,
)
from ptctui.workflow import Status


@dataclass(frozen=True, slots=True)
class ReportAction:
    """An action with everything a report prints about it: the row an action list shows, and
    what only reports need (the package's name, the plan's title, every responsible body, the
    latest update itself).

    The fields it shares with the list (``ref``, ``status``, ``due_date``, …) and ``overdue``
    are the row's, reached through it, so the two kinds of row cannot drift apart. ``lead`` and
    ``latest_update`` are the report's own and say more than the row's: every lead body (the
    row names the first), the update (the row has its date).
    """

    row: ActionRow
    package_name: str
    plan_title: str
    lead: tuple[str, ...]
    supporting: tuple[str, ...]
    latest_update: UpdateView | None

    @property
    def uuid(self) -> str:
        return self.row.uuid

    @property
    def ref(self) -> str:
        return self.row.ref

    @property
    def title(self) -> str:
        return self.row.title

    @property
    def status(self) -> Status:
        return self.row.status

    @property
    def kind(self) -> str:
        return self.row.kind

    @property
    def package(self) -> str:
        return self.row.package

    @property
    def plan(self) -> str:
        return self.row.plan

    @property
    def component(self) -> int:
        return self.row.component

    @property
    def component_title(self) -> str:
        return self.row.component_title

    @property
    def deadline(self) -> str | None:
        return self.row.deadline

    @property
    def due_date(self) -> date | None:
        return self.row.due_date

    @property
    def archived(self) -> bool:
        return self.row.archived

    def overdue(self, today: date) -> bool:
        """Past its due date and not settled (completed or cancelled)."""
        return self.row.overdue(today)


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
    ``details=False`` leaves bodies and latest updates out (empty, in the row too), in one
    query, for reports that print neither.
    """
    a = ACTIONS.c
    stmt = placed(
        a.id,
        a.uuid,
        a.ref,
        a.title,
        a.status,
        a.kind,
        PACKAGES.c.code.label("package"),
        PACKAGES.c.name.label("package_name"),
        PLANS.c.code.label("plan"),
        PLANS.c.title.label("plan_title"),
        COMPONENTS.c.number.label("component"),
        COMPONENTS.c.title.label("component_title"),
        a.deadline_label.label("deadline"),
        a.due_date,
        a.archived,
    ).order_by(*DOCUMENT_ORDER)
    flt = ActionFilter(package=package, plan=plan, include_archived=include_archived)
    stmt = filtered(stmt, session=session, flt=flt, today=date.today())  # no date filter used
    selected = stmt.with_only_columns(a.id).order_by(None).scalar_subquery()
    roles: dict[int, dict[str, list[str]]] = {}
    latest: dict[int, UpdateView] = {}
    if details:
        _report_details(session=session, selected=selected, roles=roles, latest=latest)
    rows = []
    for r in session.connection().execute(stmt):
        bodies = roles.get(r.id, {})
        lead = tuple(bodies.get("lead", ()))
        update = latest.get(r.id)
        row = ActionRow(
            uuid=r.uuid,
            ref=r.ref,
            title=r.title,
            status=Status(r.status),
            kind=r.kind,
            package=r.package,
            plan=r.plan,
            component=r.component,
            component_title=r.component_title,
            lead=min(lead, default=""),
            deadline=r.deadline,
            due_date=r.due_date,
            latest_update=update.as_of if update else None,
            archived=bool(r.archived),
        )
        rows.append(
            ReportAction(
                row=row,
                package_name=r.package_name,
                plan_title=r.plan_title,
                lead=lead,
                supporting=tuple(bodies.get("supporting", ())),
                latest_update=update,
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


class _Where(TypedDict):
    """An action's part of each of its developments, by ``Development``'s field names."""

    action_uuid: str
    ref: str
    title: str
    package: str
    plan: str


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
    neither is a retracted update; archived actions (and those under an archived component,
    plan or package) are left out. Three queries in all: where
    each action sits is read once, so that the (up to hundreds of thousands of) development
    rows carry only their action's id instead of joining and copying its titles and codes.
    """
    start = datetime.combine(since, time.min, tzinfo=UTC)
    end = datetime.combine(until, time.max, tzinfo=UTC)
    a = ACTIONS.c
    scope: list[Any] = [live()]
    if package:
        scope.append(PACKAGES.c.id == get_package(session=session, code=package).id)
    if plan:
        scope.append(PLANS.c.id == get_plan(session=session, code=plan).id)
    actions = placed(
        a.id,
        a.uuid,
        a.ref,
        a.title,
        PACKAGES.c.code.label("package"),
        PLANS.c.code.label("plan"),
    ).where(*scope)
    connection = session.connection()
    where_is: dict[int | None, _Where] = {
        r.id: {
            "action_uuid": r.uuid,
            "ref": r.ref,
            "title": r.title,
            "package": r.package,
            "plan": r.plan,
        }
        for r in connection.execute(actions)
    }

    def within(action_id: Any) -> list[Any]:
        # A package or plan is narrowed in SQL; archived actions are simply not in ``where_is``.
        if package or plan:
            return [action_id.in_(actions.with_only_columns(a.id))]
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
        where = where_is.get(action_id)
        if where is not None:
            development = Development(**where, on=as_of, kind="update", text=text)
            found.append((as_of, 0, row_id, development))
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
        where = where_is.get(action_id)
        if where is None:
            continue
        on = at.date()  # UTCDateTime hands back aware UTC instants
        found.append(
            (
                on,
                1,
                row_id,
                Development(
                    **where,
                    on=on,
                    kind="status",
                    text=note,
                    source=statuses[source],
                    target=statuses[target],
                    deadline=label,
                ),
            )
        )
    found.sort(key=lambda item: item[:3])
    return [item[3] for item in found]


def packages_with_plans(*, session: Session) -> list[tuple[Package, list[Plan]]]:
    """Every package with its plans, in document order (two queries): what reports introduce.
    Archived packages and plans are left out, as their actions are."""
    plans: dict[int, list[Plan]] = {}
    for p in session.exec(
        select(Plan).where(col(Plan.archived).is_(False)).order_by(col(Plan.position), col(Plan.id))
    ).all():
        plans.setdefault(p.package_id, []).append(p)
    return [
        (pkg, plans.get(pkg.id or 0, []))
        for pkg in session.exec(
            select(Package)
            .where(col(Package.archived).is_(False))
            .order_by(col(Package.position), col(Package.id))
        ).all()
    ]
