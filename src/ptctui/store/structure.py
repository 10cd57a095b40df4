"""Officers' own plans: creating, editing and archiving packages, action plans and components,
and recording a plan's endorsements.

Each function is one journaled write inside the caller's transaction (``store.writing``), like
the action writes: its ``Change`` names the row it touched (``subject``, ``subject_uuid``), so
``undo`` puts it back and a merge lets each field follow the newer change (``store.subjects``).
Nothing is deleted: an archived package, plan or component is hidden from lists, the tree and
the reports with everything under it, and restoring it brings all of it back.

Codes are what people type on the command line and print in documents: unique whatever their
case, at most 40 characters, without spaces or ``:`` (``PLAN:N`` names a component). An
action's reference (``CEP-1.3``) is made from its plan's reference prefix, which is set when
the plan is made and never follows a later change of the plan's code: references are printed
in committee documents and must never change silently. Component numbers are never reused or
renumbered, for the same reason.

What does not live here: bodies and meetings (``store.bodies``), actions (``store`` proper).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, func, select

from ptctui.models import Body, Change, Component, Endorsement, Meeting, Package, Plan
from ptctui.store.errors import StoreError
from ptctui.store.journaled import added, edit, record, set_archived
from ptctui.store.subjects import SUBJECTS, check_free
from ptctui.text import quote

CODE_LIMIT = 40
"""The longest code (the columns' length)."""

PACKAGES, PLANS, COMPONENTS = SUBJECTS["packages"], SUBJECTS["plans"], SUBJECTS["components"]
ENDORSEMENTS = SUBJECTS["endorsements"]


def check_code(text: str, *, what: str) -> str:
    """``text`` as a code, or a one-line ``StoreError`` saying what a code may hold."""
    code = text.strip()
    if not code:
        raise StoreError(f"a {what} needs a code")
    if len(code) > CODE_LIMIT:
        raise StoreError(f"a {what} code has at most {CODE_LIMIT} characters, not {len(code)}")
    if any(ch.isspace() or ch == ":" or not ch.isprintable() for ch in code):
        raise StoreError(f"a {what} code is one word (no spaces or ':'), not “{quote(code, 40)}”")
    return code


def check_text(text: str, *, what: str) -> str:
    """A required name or title: stripped, not empty."""
    value = text.strip()
    if not value:
        raise StoreError(f"{what} cannot be empty")
    return value


def check_dates(start: date | None, end: date | None, *, what: str = "the plan") -> None:
    """A period that ends before it starts is a typing mistake."""
    if start is not None and end is not None and end < start:
        raise StoreError(f"{what} cannot end ({end}) before it starts ({start})")


def _next_position(session: Session, column: Any, *where: Any) -> int:
    """One more than the largest ``column`` among the rows ``where`` picks (1 for none)."""
    stmt = select(func.coalesce(func.max(column), 0))
    for clause in where:
        stmt = stmt.where(clause)
    found: Any = session.exec(stmt).one()
    return int(found) + 1


def check_live(row: Package | Plan, label: str) -> None:
    """Refuse to add under an archived package or plan (restore it first): the one check
    every write that adds under one makes, the spreadsheet import included."""
    if row.archived:
        group = "packages" if isinstance(row, Package) else "plans"
        raise StoreError(
            f"{label} is archived; restore it first (ptctui {group} restore {row.code})"
        )


# --- packages ------------------------------------------------------------------------------------


def package_label(package: Package) -> str:
    """How messages and the journal name a package."""
    return f"package {package.code}"


def add_package(
    *, session: Session, code: str, name: str, by: str, description: str = ""
) -> tuple[Package, Change]:
    """A new package, last in order."""
    code = check_code(code, what="package")
    check_free(session, PACKAGES, code)
    package = Package(
        code=code,
        name=check_text(name, what="a package's name"),
        aim=description.strip(),
        position=_next_position(session, Package.position),
    )
    session.add(package)
    session.flush()
    change = added(
        session,
        subject=PACKAGES,
        row=package,
        by=by,
        summary=f"{package_label(package)}: new package “{package.name}”",
    )
    return package, change


def edit_package(
    *,
    session: Session,
    package: Package,
    by: str,
    code: str | None = None,
    name: str | None = None,
    description: str | None = None,
    note: str = "",
) -> Change:
    """Change a package's code, name or description (``None`` leaves one as it is).

    A new code does not change its actions' references (see the module docstring).
    """
    label = package_label(package)
    values = {
        "code": check_code(code, what="package") if code is not None else None,
        "name": check_text(name, what="a package's name") if name is not None else None,
        "aim": description.strip() if description is not None else None,
    }
    return edit(
        session, subject=PACKAGES, row=package, values=values, by=by, label=label, note=note
    )


def archive_package(
    *, session: Session, package: Package, archived: bool, by: str, note: str = ""
) -> Change:
    """Archive a package with everything under it, or restore it."""
    return set_archived(
        session,
        subject=PACKAGES,
        row=package,
        archived=archived,
        by=by,
        label=package_label(package),
        note=note,
    )


# --- plans ---------------------------------------------------------------------------------------


def plan_label(plan: Plan) -> str:
    """How messages and the journal name a plan."""
    return f"plan {plan.code}"


def add_plan(
    *,
    session: Session,
    package: Package,
    code: str,
    title: str,
    by: str,
    period: str = "",
    start: date | None = None,
    end: date | None = None,
    prefix: str | None = None,
) -> tuple[Plan, Change]:
    """A new action plan of ``package``, last in its order.

    Its actions' references start with ``prefix`` (default: the plan's code, so a second plan
    of a package does not number its actions among the first one's).
    """
    check_live(package, package_label(package))
    code = check_code(code, what="plan")
    check_free(session, PLANS, code)
    check_dates(start, end)
    plan = Plan(
        code=code,
        package_id=package.id or 0,
        title=check_text(title, what="a plan's title"),
        period=period.strip(),
        start_date=start,
        end_date=end,
        ref_prefix=check_code(prefix, what="reference prefix") if prefix else code,
        position=_next_position(session, Plan.position, col(Plan.package_id) == package.id),
    )
    session.add(plan)
    session.flush()
    change = added(
        session,
        subject=PLANS,
        row=plan,
        by=by,
        summary=f"{plan_label(plan)}: new plan of {package.code} “{plan.title}”",
    )
    return plan, change


def edit_plan(
    *,
    session: Session,
    plan: Plan,
    by: str,
    code: str | None = None,
    title: str | None = None,
    period: str | None = None,
    start: date | None = None,
    end: date | None = None,
    note: str = "",
) -> Change:
    """Change a plan's code, title, period or dates (``None`` leaves one as it is).

    A new code leaves the references of its actions as they are (``ref_prefix``).
    """
    check_dates(
        start if start is not None else plan.start_date, end if end is not None else plan.end_date
    )
    values = {
        "code": check_code(code, what="plan") if code is not None else None,
        "title": check_text(title, what="a plan's title") if title is not None else None,
        "period": period.strip() if period is not None else None,
        "start_date": start,
        "end_date": end,
    }
    label = plan_label(plan)
    return edit(session, subject=PLANS, row=plan, values=values, by=by, label=label, note=note)


def archive_plan(
    *, session: Session, plan: Plan, archived: bool, by: str, note: str = ""
) -> Change:
    """Archive a plan with its components and actions, or restore it."""
    if not archived:
        check_live(session.get_one(Package, plan.package_id), "its package")
    return set_archived(
        session,
        subject=PLANS,
        row=plan,
        archived=archived,
        by=by,
        label=plan_label(plan),
        note=note,
    )


def endorse_plan(
    *,
    session: Session,
    plan: Plan,
    meeting: Meeting,
    by: str,
    on: date | None = None,
    note: str = "",
) -> tuple[Endorsement, Change]:
    """Record that the meeting's body endorsed ``plan`` at ``meeting`` (on its first day,
    unless ``on`` says otherwise)."""
    day = on or meeting.start_date
    if day is None:
        raise StoreError(f"meeting {meeting.key} has no date; give the endorsement's with --date")
    body = session.get_one(Body, meeting.body_id)
    found = session.exec(
        select(Endorsement).where(
            Endorsement.plan_id == plan.id,
            Endorsement.body_id == body.id,
            Endorsement.on_date == day,
        )
    ).first()
    if found is not None and not found.retracted:
        raise StoreError(f"{plan.code} is already endorsed by {body.code} on {day.isoformat()}")
    if found is None:  # a retracted one is endorsed again: one row per body and day
        found = Endorsement(plan_id=plan.id or 0, body_id=body.id or 0, on_date=day, retracted=True)
    found.meeting_id = meeting.id
    found.note = note.strip()
    found.retracted = False
    session.add(found)
    session.flush()
    change = record(
        session,
        subject=ENDORSEMENTS,
        row=found,
        kind="endorse",
        by=by,
        summary=f"{plan_label(plan)}: endorsed by {body.code} at {meeting.key} on {day:%d %B %Y}",
        before={"retracted": True},
        after={"retracted": False},
    )
    return found, change


# --- components ----------------------------------------------------------------------------------


def component_label(component: Component, plan: Plan) -> str:
    """How messages and the journal name a component: ``component CEP-2020:3``."""
    return f"component {plan.code}:{component.number}"


def add_component(
    *, session: Session, plan: Plan, title: str, by: str, number: int | None = None
) -> tuple[Component, Change]:
    """A new component of ``plan``: number ``number``, or the next after every number the
    plan has used (archived components keep theirs)."""
    check_live(plan, plan_label(plan))
    check_live(session.get_one(Package, plan.package_id), "its package")
    if number is not None:
        if number < 1:
            raise StoreError(f"a component number is 1 or more, not {number}")
        taken = session.exec(
            select(Component).where(Component.plan_id == plan.id, Component.number == number)
        ).first()
        if taken is not None:
            state = " (archived)" if taken.archived else ""
            raise StoreError(
                f"{plan.code} already has a component {number} (“{quote(taken.title, 60)}”){state}"
            )
    else:
        number = _next_position(session, Component.number, col(Component.plan_id) == plan.id)
    component = Component(
        plan_id=plan.id or 0,
        number=number,
        title=check_text(title, what="a component's title"),
        position=_next_position(session, Component.position, col(Component.plan_id) == plan.id),
    )
    session.add(component)
    session.flush()
    change = added(
        session,
        subject=COMPONENTS,
        row=component,
        by=by,
        summary=f"{component_label(component, plan)}: new component “{component.title}”",
    )
    return component, change


def edit_component(
    *, session: Session, component: Component, title: str, by: str, note: str = ""
) -> Change:
    """Change a component's title (its number, part of its actions' references, stays)."""
    plan = session.get_one(Plan, component.plan_id)
    return edit(
        session,
        subject=COMPONENTS,
        row=component,
        values={"title": check_text(title, what="a component's title")},
        by=by,
        label=component_label(component, plan),
        note=note,
    )


def archive_component(
    *, session: Session, component: Component, archived: bool, by: str, note: str = ""
) -> Change:
    """Archive a component with its actions, or restore it."""
    plan = session.get_one(Plan, component.plan_id)
    if not archived:
        check_live(plan, plan_label(plan))
    return set_archived(
        session,
        subject=COMPONENTS,
        row=component,
        archived=archived,
        by=by,
        label=component_label(component, plan),
        note=note,
    )
