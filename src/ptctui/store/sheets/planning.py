"""Adding a spreadsheet's actions to a plan: what each row would add (``prepare_import``).
Writing it is ``writing``'s (``import_sheet``).

The package docstring states the decisions a user should know. Matching cells to components
and bodies is ``matching``'s; reading the file is ``importers.spreadsheet``'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from ptctui.importers import ImportFileError
from ptctui.importers.spreadsheet import Problem, Sheet, SheetRow
from ptctui.models import Action, Body, Component, Package, Plan
from ptctui.store.errors import StoreError
from ptctui.store.lookup import get_component, get_package, get_plan
from ptctui.store.sheets.matching import Bodies, Components, NewBody, NewComponent, text_key
from ptctui.store.structure import (
    PLANS,
    check_code,
    check_live,
    check_text,
)
from ptctui.store.subjects import check_free
from ptctui.store.tables import ACTIONS
from ptctui.text import quote
from ptctui.workflow import Status


@dataclass(frozen=True)
class NewPlan:
    """The plan an import makes (``--new-plan``), in one transaction with its rows."""

    code: str
    package: str
    title: str
    period: str = ""
    prefix: str = ""  # what its actions' references start with; its code if empty

    @property
    def ref_prefix(self) -> str:
        return self.prefix or self.code


@dataclass(frozen=True)
class PlannedAction:
    """One row as it will be added: everything resolved against the database."""

    row: int
    ref: str
    title: str
    description: str
    component: int  # the component's number in the plan
    component_label: str
    new_component: bool
    status: Status
    deadline: str | None
    lead: tuple[str, ...]
    supporting: tuple[str, ...]
    notes: str


@dataclass(frozen=True)
class AlreadyThere:
    """A row whose action the component already holds: skipped. ``archived``: that action is
    archived (an undone import archives what it added), so the user is told how to bring it
    back rather than left wondering where it is."""

    row: int
    ref: str
    title: str
    archived: bool = False


@dataclass(frozen=True)
class SheetImport:
    """What importing a sheet into a plan would do, and what it refuses."""

    sheet: Sheet
    plan: str
    component: str | None
    source: str
    actions: tuple[PlannedAction, ...]
    new_components: tuple[NewComponent, ...]
    already: tuple[AlreadyThere, ...]
    problems: tuple[Problem, ...]
    new_plan: NewPlan | None = None
    new_bodies: tuple[NewBody, ...] = ()
    body_codes: Mapping[str, str] = field(default_factory=dict)

    @property
    def problem_rows(self) -> list[int]:
        """The spreadsheet rows with at least one problem, in order."""
        return sorted({p.row for p in self.problems})

    def same_outcome(self, other: SheetImport) -> bool:
        """True when ``other`` would write exactly what this one would."""
        return (
            self.actions,
            self.new_components,
            self.already,
            self.problems,
            self.new_plan,
            self.new_bodies,
        ) == (
            other.actions,
            other.new_components,
            other.already,
            other.problems,
            other.new_plan,
            other.new_bodies,
        )


def prepare_import(
    *,
    session: Session,
    sheet: Sheet,
    plan: str,
    component: str | None = None,
    source: str | None = None,
    new_plan: NewPlan | None = None,
    new_bodies: bool = False,
    body_codes: Mapping[str, str] | None = None,
) -> SheetImport:
    """Decide what importing ``sheet`` into ``plan`` adds; nothing is written.

    ``component`` (``N``, ``PLAN:N`` or a title) puts every row there and the sheet's component
    column is not read; without it, the column decides (a plan with one component needs
    neither). A title the plan has no component of makes one.

    ``new_plan`` makes the plan (``plan`` is then its code): its components come from the
    component column whatever they are written as, or are one (``component``, else named
    after the plan) for a sheet without one. ``new_bodies`` makes a body of each responsible
    party that is none yet, its code from ``body_codes`` (name → code) or its name.
    """
    chosen = dict(body_codes or {})
    for code in chosen.values():
        check_code(code, what="body")
    if new_plan is not None:
        owner_code, prefix = _planned(session=session, new=new_plan), new_plan.ref_prefix
        existing: list[Component] = []
    else:
        owner = get_plan(session=session, code=plan)
        package = session.get_one(Package, owner.package_id)
        owner_code, prefix = owner.code, owner.references_from(package.code)
        existing = list(
            session.exec(
                select(Component)
                .where(Component.plan_id == owner.id)
                .order_by(col(Component.number))
            ).all()
        )
    components = Components(owner_code, existing, names_make_new=new_plan is not None)
    fixed: int | None = None
    if component is not None:
        fixed = _fixed_component(session, components, component, owner_code, new_plan)
    elif "component" not in sheet.columns:
        if new_plan is not None:
            fixed = components.add(new_plan.title)
        elif len(existing) == 1:
            fixed = existing[0].number
        else:
            numbers = ", ".join(str(c.number) for c in existing) or "none yet"
            raise ImportFileError(
                f"{sheet.name} has no component column; give --component N or a title "
                f"(plan {owner_code} has components: {numbers}), or --map component=COLUMN"
            )
    bodies = Bodies(session.exec(select(Body)).all(), make_new=new_bodies, chosen=chosen)
    titles: dict[tuple[int, str], tuple[str, bool]] = {}
    for held_in, title, ref, archived in session.exec(
        select(Component.number, Action.title, Action.ref, Action.archived)
        .join(Component, col(Component.id) == Action.component_id)
        .join(Plan, col(Plan.id) == Component.plan_id)
        .where(Plan.code == owner_code)
        .order_by(col(Action.archived))  # a live action of that title is the one named
    ).all():
        titles.setdefault((held_in, text_key(title)), (ref, archived))

    refs_taken = _taken(session, [row.ref for row in sheet.rows if row.ref])
    accepted: list[tuple[SheetRow, int]] = []
    already: list[AlreadyThere] = []
    problems: list[Problem] = []
    for row in sheet.rows:
        found: list[Problem] = list(row.problems)
        number: int | None = fixed
        if number is None:
            header = sheet.header("component")
            if not row.component:
                found.append(Problem(row.row, header, "no component given"))
            else:
                resolved = components.resolve(row.component)
                if isinstance(resolved, str):
                    found.append(Problem(row.row, header, resolved))
                else:
                    number = resolved[0]
        if number is not None and row.title and (number, text_key(row.title)) in titles:
            held, archived = titles[(number, text_key(row.title))]
            already.append(
                AlreadyThere(row=row.row, ref=held, title=row.title, archived=archived)
            )
            continue
        for fld, names in (("responsible", row.responsible), ("supporting", row.supporting)):
            _, unknown = bodies.resolve(names)
            found.extend(Problem(row.row, sheet.header(fld), bodies.message(u)) for u in unknown)
        if row.ref:
            taken = refs_taken.get(row.ref.lower())
            if taken is not None:
                found.append(
                    Problem(
                        row.row,
                        sheet.header("ref"),
                        f'reference "{quote(row.ref)}" is taken by an action already in the '
                        f'database ("{quote(taken, 60)}")',
                    )
                )
        if found:
            order = {c.header: c.index for c in sheet.columns.values()}
            problems.extend(sorted(found, key=lambda p: order.get(p.column or "", -1)))
        else:
            assert number is not None
            accepted.append((row, number))

    refs = _references(session=session, prefix=prefix, sheet=sheet, accepted=accepted)
    actions = tuple(
        PlannedAction(
            row=row.row,
            ref=refs[row.row],
            title=row.title,
            description=row.description,
            component=number,
            component_label=components.label(number),
            new_component=number in components.new,
            status=row.status,
            deadline=row.deadline.label if row.deadline else None,
            lead=bodies.resolve(row.responsible)[0],
            supporting=bodies.resolve(row.supporting)[0],
            notes=row.notes,
        )
        for row, number in accepted
    )
    used = {a.component for a in actions}
    named = {code for a in actions for code in (*a.lead, *a.supporting)}
    return SheetImport(
        sheet=sheet,
        plan=owner_code,
        component=component,
        source=source or sheet.name,
        actions=actions,
        new_components=tuple(
            c for n, c in sorted(components.new.items()) if n in used or new_plan is not None
        ),
        already=tuple(already),
        problems=tuple(problems),
        new_plan=new_plan,
        new_bodies=tuple(b for b in bodies.new.values() if b.code in named),
        body_codes=chosen,
    )


def _taken(session: Session, refs: list[str]) -> dict[str, str]:
    """Of ``refs``, those an action already has (case aside): the title of that action, by
    the reference in lower case. One pass over the actions' references, however many rows
    give one (a query per row scanned them all for each)."""
    if not refs:
        return {}
    wanted = {ref.lower() for ref in refs}
    # Core, fetched at once, not ORM rows one by one: 100,000 references in 0.03 s, not 0.2.
    every = session.connection().execute(sa_select(ACTIONS.c.ref)).scalars().all()
    found = [ref for ref in every if ref.lower() in wanted]
    taken: dict[str, str] = {}
    for ref, title in session.exec(
        select(Action.ref, Action.title).where(col(Action.ref).in_(found)).order_by(col(Action.id))
    ):
        taken.setdefault(ref.lower(), title)
    return taken


def _planned(*, session: Session, new: NewPlan) -> str:
    """The code of the plan an import will make, checked as ``plans add`` checks it."""
    package = get_package(session=session, code=new.package)
    check_live(package, f"package {package.code}")
    code = check_code(new.code, what="plan")
    check_free(session, PLANS, code)
    check_text(new.title, what="a plan's title")
    if new.prefix:
        check_code(new.prefix, what="reference prefix")
    return code


def _fixed_component(
    session: Session,
    components: Components,
    spec: str,
    plan: str,
    new_plan: NewPlan | None,
) -> int:
    """The component every row goes to (``--component``): ``N``, ``PLAN:N`` or a title; a
    title the plan does not have makes one."""
    text = spec.strip()
    number_part = text.rpartition(":")[2].strip()
    if number_part.isdigit():
        if new_plan is not None:
            raise StoreError(
                f"--component {text}: the new plan {plan} has no components yet; give a title"
            )
        found = get_component(session=session, spec=text, plan=plan)
        if session.get_one(Plan, found.plan_id).code != plan:
            raise StoreError(f"--component {text} is not a component of plan {plan}")
        return found.number
    resolved = components.resolve(text)
    if isinstance(resolved, tuple):
        return resolved[0]
    return components.add(check_text(text, what="--component"))


def _references(
    *, session: Session, prefix: str, sheet: Sheet, accepted: list[tuple[SheetRow, int]]
) -> dict[int, str]:
    """Each accepted row's reference: its own, or its component's next free ``PREFIX-N.M``
    (the plan's reference prefix: its package's code for the bundled plans).

    The numbering starts after every reference already in the database *and* every one the
    sheet gives itself, so a row further down never collides with a number handed out here.
    """
    refs: dict[int, str] = {}
    highest: dict[str, int] = {}

    def note(ref: str) -> None:
        prefix, _, tail = ref.rpartition(".")
        if prefix and tail.isdigit():
            key = prefix.casefold() + "."
            highest[key] = max(highest.get(key, 0), int(tail))

    for ref in session.exec(select(Action.ref).where(col(Action.ref).startswith(f"{prefix}-"))):
        note(ref)
    for row in sheet.rows:
        if row.ref:
            note(row.ref)
    for row, number in accepted:
        if row.ref:
            refs[row.row] = row.ref
            continue
        head = f"{prefix}-{number}."
        key = head.casefold()
        highest[key] = highest.get(key, 0) + 1
        refs[row.row] = f"{head}{highest[key]}"
    return refs
