"""What the app's dialogs for packages, plans, components, bodies and meetings hand back, how
each field is read, and the one store change each answer makes.

The dialogs (``ptctui.tui.dialogs.records``) collect text; ``read_*`` turn it into values with
the command line's own rules and messages (``store.structure.check_code``, ``parse_date``), so
a dialog refuses what ``ptctui plans add`` refuses, in the same words. The forms are plain,
typed values; each ``new_*``/``edit_*`` turns one into a ``forms.Write`` the screen commits.
Reading a row's current values for its edit dialog (``*_form``) is here too.

No Textual here (the "never imports Textual" contract lists this module); the changes are
tested as plain functions on a real database (``tests/test_plan_forms.py``). The action
forms are ``ptctui.forms``'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from ptctui import store
from ptctui.deadlines import parse_date
from ptctui.forms import Write
from ptctui.models import Body, Package, Plan
from ptctui.store.structure import check_code, check_dates, check_text
from ptctui.store.subjects import taken_message


class FieldError(ValueError):
    """A field a dialog cannot accept: which one, and the one-line message."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class PackageForm:
    """A package's fields, as its dialog collects them."""

    code: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class PlanForm:
    """An action plan's fields; ``package`` is the package's code."""

    package: str
    code: str
    title: str
    period: str = ""
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class ComponentForm:
    """A component's fields; ``plan`` is the plan's code, ``number`` None for the next free."""

    plan: str
    title: str
    number: int | None = None


@dataclass(frozen=True)
class BodyForm:
    """A responsible body's fields."""

    code: str
    name: str
    kind: str = "other"


@dataclass(frozen=True)
class MeetingForm:
    """A meeting's fields; ``body`` is the body's code, an empty ``label`` is made from it."""

    code: str
    body: str
    number: int | None = None
    label: str = ""
    start: date | None = None
    end: date | None = None
    place: str = ""


# --- reading what was typed ------------------------------------------------------------------


def read_code(text: str, *, field: str, what: str, taken: Mapping[str, str], own: str = "") -> str:
    """A code as ``ptctui … add`` takes it, refused (with the command line's message) when it
    is not one, or another row has it: ``taken`` maps each code in use, lower-cased, to how
    messages name its row; ``own`` is the code of the row being edited."""
    try:
        code = check_code(text, what=what)
    except store.StoreError as error:
        raise FieldError(field, str(error)) from None
    described = taken.get(code.lower())
    if described is not None and code.lower() != own.lower():
        raise FieldError(field, taken_message(what, code, described))
    return code


def read_text(text: str, *, field: str, what: str) -> str:
    """A required name or title."""
    try:
        return check_text(text, what=what)
    except store.StoreError as error:
        raise FieldError(field, str(error)) from None


def read_date(text: str, *, field: str, label: str, today: date) -> date | None:
    """An optional date in any form ``parse_date`` reads; the message names the field as the
    command line names its option."""
    if not text.strip():
        return None
    try:
        return parse_date(text, today=today)
    except ValueError as error:
        raise FieldError(field, f"{label}: {error}") from None


def read_number(text: str, *, field: str, what: str) -> int | None:
    """An optional whole number of 1 or more."""
    value = text.strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise FieldError(field, f"{what} is a whole number of 1 or more, not “{value[:24]}”")
    return int(value)


def read_period(start: date | None, end: date | None, *, field: str, what: str) -> None:
    """A period that ends before it starts is refused, as the command line refuses it."""
    try:
        check_dates(start, end, what=what)
    except store.StoreError as error:
        raise FieldError(field, str(error)) from None


# --- a row's current values, for its edit dialog -----------------------------------------------


def package_form(*, session: Session, code: str) -> PackageForm:
    package = store.get_package(session=session, code=code)
    return PackageForm(code=package.code, name=package.name, description=package.aim)


def plan_form(*, session: Session, code: str) -> PlanForm:
    plan = store.get_plan(session=session, code=code)
    package = session.get_one(Package, plan.package_id)
    return PlanForm(
        package=package.code,
        code=plan.code,
        title=plan.title,
        period=plan.period,
        start=plan.start_date,
        end=plan.end_date,
    )


def component_form(*, session: Session, spec: str) -> ComponentForm:
    component = store.get_component(session=session, spec=spec)
    plan = session.get_one(Plan, component.plan_id)
    return ComponentForm(plan=plan.code, title=component.title, number=component.number)


def record_form(
    kind: str, key: str, session: Session
) -> PackageForm | PlanForm | ComponentForm | MeetingForm:
    """The current values of the package, plan, component (``PLAN:N``) or meeting the app
    names ``kind``/``key``, for its edit dialog."""
    if kind == "package":
        return package_form(session=session, code=key)
    if kind == "plan":
        return plan_form(session=session, code=key)
    if kind == "component":
        return component_form(session=session, spec=key)
    if kind == "meeting":
        return meeting_form(session=session, code=key)
    raise store.StoreError(f"there is nothing to edit for {kind} {key}")


def meeting_form(*, session: Session, code: str) -> MeetingForm:
    meeting = store.get_meeting(session=session, key=code)
    body = session.get_one(Body, meeting.body_id)
    return MeetingForm(
        code=meeting.key,
        body=body.code,
        number=meeting.number,
        label=meeting.label,
        start=meeting.start_date,
        end=meeting.end_date,
        place=meeting.place or "",
    )


# --- the changes ------------------------------------------------------------------------------


def _changed(initial: object, form: object, name: str) -> bool:
    return bool(getattr(initial, name) != getattr(form, name))


def new_package(*, form: PackageForm, by: str) -> Write:
    def write(session: Session) -> tuple[str, str | None]:
        _, change = store.add_package(
            session=session, code=form.code, name=form.name, description=form.description, by=by
        )
        return change.summary, None

    return write


def edit_package(*, initial: PackageForm, form: PackageForm, by: str) -> Write:
    """Save what changed between ``initial`` and ``form`` (an untouched field is not sent)."""

    def write(session: Session) -> tuple[str, str | None]:
        change = store.edit_package(
            session=session,
            package=store.get_package(session=session, code=initial.code),
            code=form.code if _changed(initial, form, "code") else None,
            name=form.name if _changed(initial, form, "name") else None,
            description=form.description if _changed(initial, form, "description") else None,
            by=by,
        )
        return change.summary, None

    return write


def new_plan(*, form: PlanForm, by: str) -> Write:
    def write(session: Session) -> tuple[str, str | None]:
        _, change = store.add_plan(
            session=session,
            package=store.get_package(session=session, code=form.package),
            code=form.code,
            title=form.title,
            period=form.period,
            start=form.start,
            end=form.end,
            by=by,
        )
        return change.summary, None

    return write


def edit_plan(*, initial: PlanForm, form: PlanForm, by: str) -> Write:
    def write(session: Session) -> tuple[str, str | None]:
        change = store.edit_plan(
            session=session,
            plan=store.get_plan(session=session, code=initial.code),
            code=form.code if _changed(initial, form, "code") else None,
            title=form.title if _changed(initial, form, "title") else None,
            period=form.period if _changed(initial, form, "period") else None,
            start=form.start if _changed(initial, form, "start") else None,
            end=form.end if _changed(initial, form, "end") else None,
            by=by,
        )
        return change.summary, None

    return write


def new_component(*, form: ComponentForm, by: str) -> Write:
    def write(session: Session) -> tuple[str, str | None]:
        _, change = store.add_component(
            session=session,
            plan=store.get_plan(session=session, code=form.plan),
            title=form.title,
            number=form.number,
            by=by,
        )
        return change.summary, None

    return write


def edit_component(*, spec: str, form: ComponentForm, by: str) -> Write:
    def write(session: Session) -> tuple[str, str | None]:
        change = store.edit_component(
            session=session,
            component=store.get_component(session=session, spec=spec),
            title=form.title,
            by=by,
        )
        return change.summary, None

    return write


def new_body(*, form: BodyForm, by: str) -> Write:
    def write(session: Session) -> tuple[str, str | None]:
        _, change = store.add_body(
            session=session, code=form.code, name=form.name, kind=form.kind, by=by
        )
        return change.summary, None

    return write


def new_meeting(*, form: MeetingForm, by: str) -> Write:
    def write(session: Session) -> tuple[str, str | None]:
        _, change = store.add_meeting(
            session=session,
            key=form.code,
            body=store.get_body(session=session, code=form.body),
            number=form.number,
            label=form.label or None,
            start=form.start,
            end=form.end,
            place=form.place or None,
            by=by,
        )
        return change.summary, None

    return write


def edit_meeting(*, initial: MeetingForm, form: MeetingForm, by: str) -> Write:
    def write(session: Session) -> tuple[str, str | None]:
        changed = {name: _changed(initial, form, name) for name in vars(form)}
        change = store.edit_meeting(
            session=session,
            meeting=store.get_meeting(session=session, key=initial.code),
            key=form.code if changed["code"] else None,
            body=store.get_body(session=session, code=form.body) if changed["body"] else None,
            number=form.number if changed["number"] else None,
            label=form.label if changed["label"] else None,
            start=form.start if changed["start"] else None,
            end=form.end if changed["end"] else None,
            place=form.place if changed["place"] else None,
            by=by,
        )
        return change.summary, None

    return write


def archive(*, kind: str, key: str, archived: bool, by: str) -> Write:
    """Archive (or restore) the package, plan or component the tree names ``kind``/``key``."""

    def write(session: Session) -> tuple[str, str | None]:
        if kind == "package":
            package = store.get_package(session=session, code=key)
            change = store.archive_package(
                session=session, package=package, archived=archived, by=by
            )
        elif kind == "plan":
            plan = store.get_plan(session=session, code=key)
            change = store.archive_plan(session=session, plan=plan, archived=archived, by=by)
        else:
            component = store.get_component(session=session, spec=key)
            change = store.archive_component(
                session=session, component=component, archived=archived, by=by
            )
        return change.summary, None

    return write
