"""Looking things up by what a user types: an action by reference or UUID prefix, a package,
plan, component, body or meeting by its code.

Each raises ``StoreError`` with the names that would have worked, so a typo is answered with
the choices; ``refs_starting`` offers the references a typed beginning may go on to (shell
completion). Lists of many rows are the listing's; one action in full is the detail's.
"""

from __future__ import annotations

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from ptctui.models import Action, Body, Component, Meeting, Package, Plan
from ptctui.store.errors import StoreError
from ptctui.store.tables import ACTIONS, DOCUMENT_ORDER, live, placed
from ptctui.text import some_of


def resolve_action(*, session: Session, ref: str) -> Action:
    """The action named by its display reference or a unique prefix of its UUID."""
    key = ref.strip()
    if not key:
        raise StoreError("an action reference is needed (e.g. CEP-1.3)")
    # Exact matches first: both columns are uniquely indexed, so the app's lookups by UUID
    # cost one index probe even with 100,000 actions; the case-folded and prefix forms scan.
    found = (
        session.exec(
            select(Action).where(or_(col(Action.uuid) == key, col(Action.ref) == key))
        ).first()
        or session.exec(select(Action).where(func.lower(Action.ref) == key.lower())).first()
    )
    if found is not None:
        return found
    if len(key) >= 4:
        matches = session.exec(
            select(Action)
            .where(col(Action.uuid).startswith(key.lower(), autoescape=True))
            .limit(11)
        ).all()
        if len(matches) == 1:
            return matches[0]
        if matches:
            names = ", ".join(f"{a.ref} ({a.uuid[:8]})" for a in matches[:10])
            more = " …" if len(matches) > 10 else ""
            raise StoreError(f"{key!r} is ambiguous; it matches {names}{more}")
    raise StoreError(f"no action {key!r}; list them with `ptctui actions --search TEXT`")


def refs_starting(*, session: Session, prefix: str) -> list[tuple[str, str]]:
    """The live actions whose reference starts with ``prefix`` (ignoring case, as
    ``resolve_action`` does), as (ref, title) in document order.

    Completion asks for this on every Tab: the database finds the few that match (a LIKE,
    escaped: ``%`` and ``_`` are meant literally) instead of handing over every action's row
    (100,000 actions: seconds).
    """
    ref = ACTIONS.c.ref
    stmt = placed(ref, ACTIONS.c.title).where(live())
    if prefix:
        stmt = stmt.where(func.lower(ref).startswith(prefix.lower(), autoescape=True))
    rows = session.connection().execute(stmt.order_by(*DOCUMENT_ORDER))
    return [(found, title) for found, title in rows]


def get_package(*, session: Session, code: str) -> Package:
    """A package by its code, ignoring case."""
    found = session.exec(select(Package).where(func.lower(Package.code) == code.lower())).first()
    if found is None:
        codes = ", ".join(session.exec(select(Package.code).order_by(col(Package.position))).all())
        raise StoreError(f"no package {code!r}; packages are: {codes or 'none'}")
    return found


def get_plan(*, session: Session, code: str) -> Plan:
    """A plan by its code, ignoring case."""
    found = session.exec(select(Plan).where(func.lower(Plan.code) == code.lower())).first()
    if found is None:
        codes = ", ".join(session.exec(select(Plan.code).order_by(col(Plan.position))).all())
        raise StoreError(f"no plan {code!r}; plans are: {codes or 'none'}")
    return found


def get_component(*, session: Session, spec: str, plan: str | None = None) -> Component:
    """A component given as ``PLAN:N`` or, with ``plan``, as its number ``N``."""
    plan_code, sep, number = spec.rpartition(":")
    if not sep:
        plan_code, number = plan or "", spec
    if not plan_code:
        raise StoreError(f"give the component as PLAN:NUMBER (e.g. CEP-2020:1), not {spec!r}")
    owner = get_plan(session=session, code=plan_code.strip())
    try:
        wanted = int(number.strip())
    except ValueError:
        raise StoreError(f"a component number must be a whole number, not {number!r}") from None
    found = session.exec(
        select(Component).where(Component.plan_id == owner.id, Component.number == wanted)
    ).first()
    if found is None:
        numbers = ", ".join(
            str(n)
            for n in session.exec(
                select(Component.number).where(Component.plan_id == owner.id)
            ).all()
        )
        raise StoreError(f"plan {owner.code} has no component {wanted}; it has: {numbers}")
    return found


def get_body(*, session: Session, code: str) -> Body:
    """A body by its code, ignoring case."""
    found = session.exec(select(Body).where(func.lower(Body.code) == code.strip().lower())).first()
    if found is None:
        codes = session.exec(select(Body.code).order_by(Body.code)).all()
        raise StoreError(f"no body {code!r}; bodies are: {some_of(codes)}")
    return found


def get_meeting(*, session: Session, key: str) -> Meeting:
    """A meeting by its key (e.g. ``EC-40``), ignoring case."""
    found = session.exec(select(Meeting).where(func.lower(Meeting.key) == key.lower())).first()
    if found is None:
        keys = session.exec(select(Meeting.key).order_by(Meeting.key)).all()
        raise StoreError(f"no meeting {key!r}; meetings are: {some_of(keys)}")
    return found


def is_empty(*, session: Session) -> bool:
    """True when the database holds no package at all."""
    return session.exec(select(Package.id).limit(1)).first() is None
