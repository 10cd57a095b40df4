"""One action in full: where it sits, who is responsible, its updates and status history.

What ``ptctui show`` and the app's detail pane print. Lists of actions are the listing's; the
journal of changes is ``journal``'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from ptctui.models import (
    ROLES,
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
from ptctui.workflow import Status


@dataclass(frozen=True)
class UpdateView:
    """A progress update as shown to people."""

    uuid: str
    as_of: date
    text: str
    author: str
    meeting: str | None


@dataclass(frozen=True)
class StatusChangeView:
    """A status move as shown to people."""

    at: datetime
    source: Status | None
    target: Status
    by: str
    note: str
    deadline: str | None


@dataclass(frozen=True)
class ActionDetail:
    """Everything about one action: where it sits, who is responsible, what happened."""

    action: Action
    package: str
    plan: str
    plan_title: str
    component: int
    component_title: str
    lead: list[str]
    supporting: list[str]
    updates: list[UpdateView] = field(default_factory=list)  # newest first
    history: list[StatusChangeView] = field(default_factory=list)  # newest first

    def as_json(self) -> dict[str, Any]:
        """A plain dict for ``show --json``."""
        a = self.action
        return {
            "uuid": a.uuid,
            "ref": a.ref,
            "title": a.title,
            "description": a.description,
            "kind": a.kind,
            "status": a.status,
            "package": self.package,
            "plan": self.plan,
            "component": self.component,
            "component_title": self.component_title,
            "lead": self.lead,
            "supporting": self.supporting,
            "deadline": a.deadline_label,
            "due_date": _iso(a.due_date),
            "start_date": _iso(a.start_date),
            "end_date": _iso(a.end_date),
            "funding_note": a.funding_note,
            "archived": a.archived,
            "updates": [
                {
                    "as_of": u.as_of.isoformat(),
                    "text": u.text,
                    "author": u.author,
                    "meeting": u.meeting,
                }
                for u in self.updates
            ],
            "history": [
                {
                    "at": h.at.isoformat(),
                    "from": h.source.value if h.source else None,
                    "to": h.target.value,
                    "by": h.by,
                    "note": h.note,
                    "deadline": h.deadline,
                }
                for h in self.history
            ],
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def bodies_of(*, session: Session, action_id: int) -> dict[str, list[str]]:
    """Codes of the bodies responsible for an action, by role."""
    stmt = (
        select(ActionBody.role, Body.code)
        .join(Body, col(Body.id) == ActionBody.body_id)
        .where(ActionBody.action_id == action_id)
        .order_by(col(ActionBody.id))
    )
    roles: dict[str, list[str]] = {role: [] for role in ROLES}
    for role, code in session.exec(stmt).all():
        roles.setdefault(role, []).append(code)
    return roles


def action_detail(*, session: Session, action: Action) -> ActionDetail:
    """The action with its place, bodies, updates and status history."""
    component = session.get_one(Component, action.component_id)
    plan = session.get_one(Plan, component.plan_id)
    package = session.get_one(Package, plan.package_id)
    roles = bodies_of(session=session, action_id=action.id or 0)
    updates = session.exec(
        select(ProgressUpdate, Meeting.label)
        .outerjoin(Meeting, col(Meeting.id) == ProgressUpdate.meeting_id)
        .where(ProgressUpdate.action_id == action.id, col(ProgressUpdate.retracted).is_(False))
        .order_by(col(ProgressUpdate.as_of).desc(), col(ProgressUpdate.id).desc())
    ).all()
    changes = session.exec(
        select(StatusChange)
        .where(StatusChange.action_id == action.id)
        .order_by(col(StatusChange.at).desc(), col(StatusChange.id).desc())
    ).all()
    return ActionDetail(
        action=action,
        package=package.code,
        plan=plan.code,
        plan_title=plan.title,
        component=component.number,
        component_title=component.title,
        lead=roles["lead"],
        supporting=roles["supporting"],
        updates=[
            UpdateView(uuid=u.uuid, as_of=u.as_of, text=u.text, author=u.author, meeting=m)
            for u, m in updates
        ],
        history=[
            StatusChangeView(
                at=c.at,
                source=Status(c.from_status) if c.from_status else None,
                target=Status(c.to_status),
                by=c.by,
                note=c.note,
                deadline=c.deadline_label,
            )
            for c in changes
        ],
    )
