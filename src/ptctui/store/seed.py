"""The bundled dataset loaded into an empty database (``ptctui init``).

Every action gets the status history its text implies, through the workflow's checks, and
every row a UUID derived from the dataset, so separately seeded laptops merge without
duplicates. Nothing here is journaled: seeding is where the journal starts. The user's own
writes are ``changes``'s.
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING

from sqlmodel import Session, select

from ptctui.deadlines import parse_deadline
from ptctui.models import (
    Action,
    ActionBody,
    Body,
    Component,
    DocumentRecord,
    Endorsement,
    Meeting,
    Package,
    Passage,
    Plan,
    ProgressUpdate,
    StatusChange,
)
from ptctui.store.changes import check_kind
from ptctui.store.errors import StoreError
from ptctui.store.lookup import is_empty
from ptctui.workflow import Status, check_move

if TYPE_CHECKING:  # the bundled data's records: only seeding uses them
    from ptctui.reference.schema import RefAction, RefDataset


def _noon(day: date) -> datetime:
    """A day as an instant, for history dated only by day (the bundled data)."""
    return datetime.combine(day, time(12), tzinfo=UTC)


def seed_reference(*, session: Session, dataset: RefDataset, by: str = "ptctui") -> int:
    """Load a bundled dataset into an empty database; returns the number of actions added.

    Each action gets the status history its text implies: created as planned when its plan was
    endorsed (or on the dataset's date), then moved to its status on the date known for it.
    The moves go through the workflow's checks, so the bundled data obeys the same rules.
    """
    if not is_empty(session=session):
        raise StoreError("the database already holds data; seed only an empty one")
    uid = _seed_uuids(dataset.name)
    bodies: dict[str, Body] = {}
    for ref_body in dataset.bodies:
        body = Body(
            uuid=uid("body", ref_body.code),
            code=ref_body.code,
            name=ref_body.name,
            kind=ref_body.kind,
        )
        session.add(body)
        bodies[ref_body.code] = body
    session.flush()
    for ref_body in dataset.bodies:
        if ref_body.reports_to:
            bodies[ref_body.code].parent_id = bodies[ref_body.reports_to].id
    meetings: dict[str, Meeting] = {}
    for ref_meeting in dataset.meetings:
        meeting = Meeting(
            uuid=uid("meeting", ref_meeting.key),
            key=ref_meeting.key,
            body_id=bodies[ref_meeting.body].id or 0,
            label=ref_meeting.label,
            number=ref_meeting.number,
            start_date=ref_meeting.start,
            end_date=ref_meeting.end,
            place=ref_meeting.place,
        )
        session.add(meeting)
        meetings[ref_meeting.key] = meeting
    session.flush()
    added = 0
    for package_pos, ref_package in enumerate(dataset.packages, start=1):
        package = Package(
            uuid=uid("package", ref_package.code),
            code=ref_package.code,
            name=ref_package.name,
            aim=ref_package.aim,
            note=ref_package.note,
            lead_body_id=bodies[ref_package.lead_body].id if ref_package.lead_body else None,
            position=package_pos,
        )
        session.add(package)
        session.flush()
        for plan_pos, ref_plan in enumerate(ref_package.plans, start=1):
            plan = Plan(
                uuid=uid("plan", ref_plan.code),
                code=ref_plan.code,
                package_id=package.id or 0,
                title=ref_plan.title,
                period=ref_plan.period,
                note=ref_plan.note,
                position=plan_pos,
            )
            session.add(plan)
            session.flush()
            for e_pos, e in enumerate(ref_plan.endorsements, start=1):
                session.add(
                    Endorsement(
                        uuid=uid("endorsement", f"{ref_plan.code}/{e_pos}"),
                        plan_id=plan.id or 0,
                        body_id=bodies[e.body].id or 0,
                        meeting_id=meetings[e.meeting].id if e.meeting else None,
                        on_date=e.on,
                        note=e.note,
                    )
                )
            created = min((e.on for e in ref_plan.endorsements), default=dataset.as_of)
            for component_pos, ref_component in enumerate(ref_plan.components, start=1):
                component = Component(
                    uuid=uid("component", f"{ref_plan.code}/{ref_component.number}"),
                    plan_id=plan.id or 0,
                    number=ref_component.number,
                    title=ref_component.title,
                    position=component_pos,
                )
                session.add(component)
                session.flush()
                for action_pos, ref_action in enumerate(ref_component.actions, start=1):
                    _seed_action(
                        session=session,
                        component=component,
                        ref_action=ref_action,
                        position=action_pos,
                        created=created,
                        as_of=dataset.as_of,
                        bodies=bodies,
                        meetings=meetings,
                        by=by,
                        uid=uid,
                    )
                    added += 1
    session.flush()
    _seed_documents(session, dataset, uid)
    return added


def _seed_documents(session: Session, dataset: RefDataset, uid: Callable[[str, str], str]) -> None:
    """The dataset's committee documents and their written sections (as data, not journaled:
    nobody wrote them on this laptop, and undo must not take them away)."""
    packages = {p.code: p.id for p in session.exec(select(Package)).all()}
    plans = {p.code: p.id for p in session.exec(select(Plan)).all()}
    for ref_document in dataset.documents:
        document = DocumentRecord(
            uuid=uid("document", ref_document.code),
            code=ref_document.code,
            title=ref_document.title,
            committee=ref_document.committee,
            leave_out=",".join(ref_document.leave_out),
        )
        session.add(document)
        session.flush()
        for section, code, text in ref_document.passages:
            session.add(
                Passage(
                    uuid=uid("passage", f"{ref_document.code}/{section}/{code or ''}"),
                    document_id=document.id or 0,
                    section=section,
                    package_id=packages[code] if section == "package" and code else None,
                    plan_id=plans[code] if section == "plan" and code else None,
                    text=text,
                )
            )
    session.flush()


# Seeded rows get UUIDs derived from the dataset and their natural keys, so two laptops that
# each ran `ptctui init` hold the same rows under the same UUIDs and merge without duplicates.
SEED_NAMESPACE = uuid_module.UUID("6f1c2a4e-7d3b-5e8a-9c0d-1b2e3f4a5b6c")


def _seed_uuids(dataset: str) -> Callable[[str, str], str]:
    def uid(kind: str, key: str) -> str:
        return str(uuid_module.uuid5(SEED_NAMESPACE, f"{dataset}/{kind}/{key}"))

    return uid


def _seed_action(
    *,
    session: Session,
    component: Component,
    ref_action: RefAction,
    position: int,
    created: date,
    as_of: date,
    bodies: dict[str, Body],
    meetings: dict[str, Meeting],
    by: str,
    uid: Callable[[str, str], str],
) -> None:
    parsed = parse_deadline(ref_action.deadline) if ref_action.deadline else None
    target = Status(ref_action.status)
    reached = ref_action.status_date or as_of
    created = min(created, reached)
    action = Action(
        uuid=uid("action", ref_action.ref),
        ref=ref_action.ref,
        component_id=component.id or 0,
        title=ref_action.title,
        description=ref_action.description,
        kind=check_kind(ref_action.kind),
        deadline_label=parsed.label if parsed else None,
        due_date=parsed.due if parsed else None,
        start_date=ref_action.start,
        end_date=ref_action.end,
        funding_note=ref_action.funding_note,
        status=target.value,
        position=position,
        created_at=_noon(created),
        updated_at=_noon(reached),
    )
    session.add(action)
    session.flush()
    for role, codes in (("lead", ref_action.lead), ("supporting", ref_action.supporting)):
        for code in codes:
            session.add(
                ActionBody(action_id=action.id or 0, body_id=bodies[code].id or 0, role=role)
            )
    session.add(
        StatusChange(
            uuid=uid("status", f"{ref_action.ref}/planned"),
            action_id=action.id or 0,
            to_status=Status.PLANNED.value,
            at=_noon(created),
            by=by,
            note="in the plan as endorsed",
        )
    )
    if target is not Status.PLANNED:
        move = check_move(
            Status.PLANNED, target, note=ref_action.status_note, deadline=ref_action.deadline
        )
        session.add(
            StatusChange(
                uuid=uid("status", f"{ref_action.ref}/{target.value}"),
                action_id=action.id or 0,
                from_status=Status.PLANNED.value,
                to_status=target.value,
                at=_noon(reached),
                by=by,
                note=move.note,
                deadline_label=parsed.label if parsed and target is Status.POSTPONED else None,
            )
        )
    for u_pos, update in enumerate(ref_action.updates, start=1):
        session.add(
            ProgressUpdate(
                uuid=uid("update", f"{ref_action.ref}/{u_pos}"),
                action_id=action.id or 0,
                as_of=update.as_of,
                text=update.text,
                meeting_id=meetings[update.meeting].id if update.meeting else None,
                author=by,
                created_at=_noon(update.as_of),
            )
        )
