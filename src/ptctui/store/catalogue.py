"""Packages, plans and components as lists show them, each with how its actions stand
(``ptctui packages``, ``plans``, ``components``, the dashboard's tables), and the plans'
endorsements.

Counts come from one grouped query per list (``Tally``), never one per action, and leave out
what is archived (``tables.live``) unless asked. The tree of the app and the dashboard are
``standing``'s; the writes to these things are ``structure``'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from ptctui.models import Body, Component, Endorsement, Meeting, Package, Plan
from ptctui.store.lookup import get_package
from ptctui.store.tables import ACTIONS, COMPONENTS, PACKAGES, PLANS, late, live, placed
from ptctui.workflow import Status


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


def _tally_json(tally: Tally) -> dict[str, Any]:
    return {
        "actions": tally.total,
        "done": tally.done,
        "overdue": tally.overdue,
        "statuses": {s.value: n for s, n in tally.counts.items()},
    }


@dataclass(frozen=True)
class PackageRow:
    """A package with its plans' tallies rolled up."""

    code: str
    name: str
    lead: str
    plans: int
    tally: Tally
    description: str = ""
    archived: bool = False

    def as_json(self) -> dict[str, Any]:
        """A plain dict for ``--json``."""
        return {
            "code": self.code,
            "name": self.name,
            "description": self.description,
            "lead": self.lead or None,
            "plans": self.plans,
            **_tally_json(self.tally),
            "archived": self.archived,
        }


@dataclass(frozen=True)
class PlanRow:
    """A plan with its tally and endorsements."""

    code: str
    package: str
    title: str
    period: str
    components: int
    endorsements: tuple[str, ...]  # "EC Feb 2020", oldest first
    tally: Tally
    start: date | None = None
    end: date | None = None
    prefix: str = ""  # what its actions' references start with
    archived: bool = False

    @property
    def endorsed(self) -> str:
        """The endorsements on one line: "PC Jun 2019, CNL Jun 2019"."""
        return ", ".join(self.endorsements)

    def as_json(self) -> dict[str, Any]:
        """A plain dict for ``--json``."""
        return {
            "code": self.code,
            "package": self.package,
            "title": self.title,
            "period": self.period,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "prefix": self.prefix,
            "components": self.components,
            "endorsed": list(self.endorsements),
            **_tally_json(self.tally),
            "archived": self.archived,
        }


@dataclass(frozen=True)
class ComponentRow:
    """A component of a plan with how its actions stand."""

    plan: str
    number: int
    title: str
    tally: Tally
    archived: bool = False

    def as_json(self) -> dict[str, Any]:
        """A plain dict for ``--json``."""
        return {
            "plan": self.plan,
            "number": self.number,
            "title": self.title,
            **_tally_json(self.tally),
            "archived": self.archived,
        }


_NO_ACTIONS = Tally(counts={}, overdue=0)


def _tallies(*, session: Session, key: Any, today: date) -> dict[int, Tally]:
    """Per ``key`` (a package, plan or component id column of the tables): counts per status
    and overdue, of the actions shown by default (``tables.live``)."""
    overdue_case = func.sum(case((late(today), 1), else_=0))
    stmt = (
        placed(key, ACTIONS.c.status, func.count(), overdue_case)
        .where(live())
        .group_by(key, ACTIONS.c.status)
    )
    counts: dict[int, dict[Status, int]] = {}
    overdue: dict[int, int] = {}
    for owner, status, count, n_late in session.connection().execute(stmt):
        counts.setdefault(owner, {})[Status(status)] = count
        overdue[owner] = overdue.get(owner, 0) + int(n_late or 0)
    return {k: Tally(counts=v, overdue=overdue.get(k, 0)) for k, v in counts.items()}


def list_packages(
    *, session: Session, today: date, include_archived: bool = False
) -> list[PackageRow]:
    """Every package with how its actions stand (archived ones only if asked)."""
    tallies = _tallies(session=session, key=PACKAGES.c.id, today=today)
    plans = select(Plan.package_id, func.count()).group_by(col(Plan.package_id))
    if not include_archived:
        plans = plans.where(col(Plan.archived).is_(False))
    plan_counts: dict[int, int] = dict(session.exec(plans).all())
    bodies = {b.id: b.code for b in session.exec(select(Body)).all()}
    stmt = select(Package).order_by(col(Package.position), col(Package.id))
    if not include_archived:
        stmt = stmt.where(col(Package.archived).is_(False))
    return [
        PackageRow(
            code=p.code,
            name=p.name,
            lead=bodies.get(p.lead_body_id, "") if p.lead_body_id else "",
            plans=plan_counts.get(p.id or 0, 0),
            tally=tallies.get(p.id or 0, _NO_ACTIONS),
            description=p.aim,
            archived=p.archived,
        )
        for p in session.exec(stmt).all()
    ]


def list_plans(
    *,
    session: Session,
    today: date,
    package: str | None = None,
    include_archived: bool = False,
) -> list[PlanRow]:
    """Every plan (of one package, if given) with how its actions stand; a plan of an archived
    package is archived with it."""
    tallies = _tallies(session=session, key=PLANS.c.id, today=today)
    stmt = (
        select(Plan, Package)
        .join(Package, col(Package.id) == Plan.package_id)
        .order_by(col(Package.position), col(Plan.position), col(Plan.id))
    )
    if package:
        stmt = stmt.where(col(Package.id) == get_package(session=session, code=package).id)
    if not include_archived:
        stmt = stmt.where(col(Plan.archived).is_(False), col(Package.archived).is_(False))
    components = select(Component.plan_id, func.count()).group_by(col(Component.plan_id))
    if not include_archived:
        components = components.where(col(Component.archived).is_(False))
    component_counts: dict[int, int] = dict(session.exec(components).all())
    endorsed = _endorsements(session=session)
    return [
        PlanRow(
            code=plan.code,
            package=owner.code,
            title=plan.title,
            period=plan.period,
            components=component_counts.get(plan.id or 0, 0),
            endorsements=tuple(e.label for e in endorsed.get(plan.id or 0, ())),
            tally=tallies.get(plan.id or 0, _NO_ACTIONS),
            start=plan.start_date,
            end=plan.end_date,
            prefix=plan.references_from(owner.code),
            archived=plan.archived or owner.archived,
        )
        for plan, owner in session.exec(stmt).all()
    ]


def list_components(
    *, session: Session, today: date, plan: Plan | None = None, include_archived: bool = False
) -> list[ComponentRow]:
    """The components of ``plan`` (of every plan, if none), in order, with their tallies."""
    tallies = _tallies(session=session, key=COMPONENTS.c.id, today=today)
    stmt = (
        select(Component, Plan.code)
        .join(Plan, col(Plan.id) == Component.plan_id)
        .join(Package, col(Package.id) == Plan.package_id)
        .order_by(
            col(Package.position), col(Plan.position), col(Component.position), col(Component.id)
        )
    )
    if plan is not None:
        stmt = stmt.where(Component.plan_id == plan.id)
    if not include_archived:
        stmt = stmt.where(col(Component.archived).is_(False))
    return [
        ComponentRow(
            plan=code,
            number=c.number,
            title=c.title,
            tally=tallies.get(c.id or 0, _NO_ACTIONS),
            archived=c.archived,
        )
        for c, code in session.exec(stmt).all()
    ]


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
    """A plan's endorsements, oldest first (one undone is retracted, and not shown)."""
    return _endorsements(session=session, plan_id=plan_id).get(plan_id, [])


def _endorsements(
    *, session: Session, plan_id: int | None = None
) -> dict[int, list[EndorsementView]]:
    """The endorsements of one plan, or of every plan in one query (not one per plan), by
    plan id, oldest first."""
    stmt = (
        select(Endorsement, Body.code, Meeting.label)
        .join(Body, col(Body.id) == Endorsement.body_id)
        .outerjoin(Meeting, col(Meeting.id) == Endorsement.meeting_id)
        .where(col(Endorsement.retracted).is_(False))
        .order_by(col(Endorsement.on_date), col(Endorsement.id))
    )
    if plan_id is not None:
        stmt = stmt.where(Endorsement.plan_id == plan_id)
    found: dict[int, list[EndorsementView]] = {}
    for e, code, label in session.exec(stmt).all():
        view = EndorsementView(body=code, meeting=label, on=e.on_date)
        found.setdefault(e.plan_id, []).append(view)
    return found
