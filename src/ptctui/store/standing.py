"""How things stand: tallies per package and plan, endorsements, the dashboard, the app's
outline tree, the data stamp that tells the app someone wrote, and the names dialogs offer.

All are counts and short lists read in a few grouped queries, never one query per action.
The action rows they show come from ``listing``; the journal's entries from ``journal``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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
    Endorsement,
    Meeting,
    Package,
    Plan,
    ProgressUpdate,
    StatusChange,
)
from ptctui.store.journal import ChangeView, history
from ptctui.store.listing import ActionFilter, ActionRow, list_actions
from ptctui.store.lookup import get_package
from ptctui.store.tables import late
from ptctui.workflow import Status, is_due_soon


@dataclass(frozen=True)
class Tally:
    """Counts of actions per status under a package or plan, and how many are overdue."""

    counts: dict[Status, int]
    overdue: int

    @property
    def total(self) -> int:
        """All actions counted."""
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        """Actions completed."""
        return self.counts.get(Status.COMPLETED, 0)


@dataclass(frozen=True)
class PackageRow:
    """A package with its plans' tallies rolled up."""

    code: str
    name: str
    lead: str
    plans: int
    tally: Tally


@dataclass(frozen=True)
class PlanRow:
    """A plan with its tally and endorsements."""

    code: str
    package: str
    title: str
    period: str
    components: int
    endorsed: str
    tally: Tally


def _tallies(*, session: Session, key: Any, today: date) -> dict[int, Tally]:
    """Per ``key`` (Package.id or Plan.id): counts per status and overdue, of live actions."""
    overdue_case = func.sum(case((late(today), 1), else_=0))
    stmt = (
        sa_select(key, col(Action.status), func.count(), overdue_case)
        .select_from(Action)
        .join(Component, col(Component.id) == Action.component_id)
        .join(Plan, col(Plan.id) == Component.plan_id)
        .where(col(Action.archived).is_(False))
        .group_by(key, col(Action.status))
    )
    counts: dict[int, dict[Status, int]] = {}
    overdue: dict[int, int] = {}
    for owner, status, count, n_late in session.connection().execute(stmt):
        counts.setdefault(owner, {})[Status(status)] = count
        overdue[owner] = overdue.get(owner, 0) + int(n_late or 0)
    return {k: Tally(counts=v, overdue=overdue.get(k, 0)) for k, v in counts.items()}


def list_packages(*, session: Session, today: date) -> list[PackageRow]:
    """Every package with how its actions stand."""
    tallies = _tallies(session=session, key=Plan.package_id, today=today)
    plan_counts: dict[int, int] = dict(
        session.connection()
        .execute(sa_select(col(Plan.package_id), func.count()).group_by(col(Plan.package_id)))
        .all()
    )
    bodies = {b.id: b.code for b in session.exec(select(Body)).all()}
    return [
        PackageRow(
            code=p.code,
            name=p.name,
            lead=bodies.get(p.lead_body_id, "") if p.lead_body_id else "",
            plans=plan_counts.get(p.id or 0, 0),
            tally=tallies.get(p.id or 0, Tally(counts={}, overdue=0)),
        )
        for p in session.exec(
            select(Package).order_by(col(Package.position), col(Package.id))
        ).all()
    ]


def list_plans(*, session: Session, today: date, package: str | None = None) -> list[PlanRow]:
    """Every plan (of one package, if given) with how its actions stand."""
    tallies = _tallies(session=session, key=Plan.id, today=today)
    stmt = (
        select(Plan, Package.code)
        .join(Package, col(Package.id) == Plan.package_id)
        .order_by(col(Package.position), col(Plan.position), col(Plan.id))
    )
    if package:
        stmt = stmt.where(col(Package.id) == get_package(session=session, code=package).id)
    component_counts: dict[int, int] = dict(
        session.connection()
        .execute(sa_select(col(Component.plan_id), func.count()).group_by(col(Component.plan_id)))
        .all()
    )
    rows = []
    for plan, package_code in session.exec(stmt).all():
        rows.append(
            PlanRow(
                code=plan.code,
                package=package_code,
                title=plan.title,
                period=plan.period,
                components=component_counts.get(plan.id or 0, 0),
                endorsed=", ".join(
                    e.label for e in endorsements(session=session, plan_id=plan.id or 0)
                ),
                tally=tallies.get(plan.id or 0, Tally(counts={}, overdue=0)),
            )
        )
    return rows


@dataclass(frozen=True)
class EndorsementView:
    """An endorsement as people read it."""

    body: str
    meeting: str | None
    on: date

    @property
    def label(self) -> str:
        """Short, for lists: "EC Feb 2020"."""
        return f"{self.body} {self.on:%b %Y}"


def endorsements(*, session: Session, plan_id: int) -> list[EndorsementView]:
    """A plan's endorsements, oldest first."""
    stmt = (
        select(Endorsement, Body.code, Meeting.label)
        .join(Body, col(Body.id) == Endorsement.body_id)
        .outerjoin(Meeting, col(Meeting.id) == Endorsement.meeting_id)
        .where(Endorsement.plan_id == plan_id)
        .order_by(col(Endorsement.on_date), col(Endorsement.id))
    )
    return [
        EndorsementView(body=code, meeting=label, on=e.on_date)
        for e, code, label in session.exec(stmt).all()
    ]


@dataclass(frozen=True)
class Dashboard:
    """Where everything stands: tallies, what is late, what is due soon, what changed."""

    today: date
    packages: list[PackageRow]
    plans: list[PlanRow]
    overdue: list[ActionRow]  # most overdue first
    upcoming: list[ActionRow]  # due within the horizon, soonest first
    recent: list[ChangeView]  # newest first


def dashboard(*, session: Session, today: date, recent: int = 15) -> Dashboard:
    """Everything the dashboard shows, in one read."""
    due = list_actions(session=session, flt=ActionFilter(), today=today, sort="due")
    return Dashboard(
        today=today,
        packages=list_packages(session=session, today=today),
        plans=list_plans(session=session, today=today),
        overdue=[r for r in due if r.overdue(today)],
        upcoming=[r for r in due if is_due_soon(r.status, r.due_date, today)],
        recent=history(session=session, limit=recent),
    )


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
    )
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
        select(Component).order_by(col(Component.position), col(Component.number))
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
    for p in session.exec(select(Plan).order_by(col(Plan.position), col(Plan.id))).all():
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
    for pkg in session.exec(select(Package).order_by(col(Package.position), col(Package.id))).all():
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


def data_stamp(*, session: Session) -> tuple[Any, ...]:
    """A cheap value that changes whenever anyone writes: how the app notices other processes."""
    row = (
        session.connection()
        .execute(
            sa_select(
                sa_select(func.max(Change.id)).scalar_subquery(),
                sa_select(func.max(StatusChange.id)).scalar_subquery(),
                sa_select(func.max(ProgressUpdate.id)).scalar_subquery(),
                sa_select(func.max(Action.updated_at)).scalar_subquery(),
                sa_select(func.count(col(Action.id))).scalar_subquery(),
            )
        )
        .one()
    )
    return tuple(row)


@dataclass(frozen=True)
class Names:
    """Codes the dialogs offer and check: bodies and meetings."""

    bodies: list[str]
    meetings: list[str]
    plans: list[str]


def names(*, session: Session) -> Names:
    """Every body code and meeting key, sorted, and the plan codes in document order."""
    return Names(
        bodies=list(session.exec(select(Body.code).order_by(col(Body.code))).all()),
        meetings=list(session.exec(select(Meeting.key).order_by(col(Meeting.key))).all()),
        plans=list(
            session.exec(
                select(Plan.code)
                .join(Package, col(Package.id) == Plan.package_id)
                .order_by(col(Package.position), col(Plan.position))
            ).all()
        ),
    )
