"""Adding a spreadsheet's actions to a plan: what each row would add (``prepare_import``),
then writing it (``import_sheet``).

The package docstring states the decisions a user should know. Matching cells to components
and bodies is ``matching``'s; reading the file is ``importers.spreadsheet``'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from ptctui.importers import ImportFileError
from ptctui.importers.spreadsheet import Problem, Sheet, SheetRow
from ptctui.models import Action, Body, Component, Package
from ptctui.store.changes import add_action, add_update, move_action
from ptctui.store.errors import StoreError
from ptctui.store.lookup import get_component, get_plan
from ptctui.store.sheets.matching import Bodies, Components, NewComponent, text_key
from ptctui.text import quote
from ptctui.workflow import Need, Status, need_for


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
    """A row whose action the component already holds: skipped."""

    row: int
    ref: str
    title: str


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

    @property
    def problem_rows(self) -> list[int]:
        """The spreadsheet rows with at least one problem, in order."""
        return sorted({p.row for p in self.problems})

    def same_outcome(self, other: SheetImport) -> bool:
        """True when ``other`` would write exactly what this one would."""
        return (self.actions, self.new_components, self.already, self.problems) == (
            other.actions,
            other.new_components,
            other.already,
            other.problems,
        )


def prepare_import(
    *,
    session: Session,
    sheet: Sheet,
    plan: str,
    component: str | None = None,
    source: str | None = None,
) -> SheetImport:
    """Decide what importing ``sheet`` into ``plan`` adds; nothing is written.

    ``component`` (``N`` or ``PLAN:N``) puts every row there and the sheet's component column
    is not read; without it, the column decides (a plan with one component needs neither).
    """
    owner = get_plan(session=session, code=plan)
    package = session.get_one(Package, owner.package_id)
    existing = list(
        session.exec(
            select(Component).where(Component.plan_id == owner.id).order_by(col(Component.number))
        ).all()
    )
    fixed: Component | None = None
    if component is not None:
        fixed = get_component(session=session, spec=component, plan=owner.code)
        if fixed.plan_id != owner.id:
            raise StoreError(f"--component {component} is not a component of plan {owner.code}")
    elif "component" not in sheet.columns:
        if len(existing) == 1:
            fixed = existing[0]
        else:
            numbers = ", ".join(str(c.number) for c in existing) or "none yet"
            raise ImportFileError(
                f"{sheet.name} has no component column; give --component N "
                f"(plan {owner.code} has components: {numbers}), or --map component=COLUMN"
            )
    components = Components(owner.code, existing)
    bodies = Bodies(session.exec(select(Body)).all())
    titles: dict[tuple[int, str], str] = {}
    for held_in, title, ref in session.exec(
        select(Component.number, Action.title, Action.ref)
        .join(Component, col(Component.id) == Action.component_id)
        .where(Component.plan_id == owner.id)
    ).all():
        titles.setdefault((held_in, text_key(title)), ref)

    accepted: list[tuple[SheetRow, int]] = []
    already: list[AlreadyThere] = []
    problems: list[Problem] = []
    for row in sheet.rows:
        found: list[Problem] = list(row.problems)
        number: int | None = fixed.number if fixed is not None else None
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
            held = titles[(number, text_key(row.title))]
            already.append(AlreadyThere(row=row.row, ref=held, title=row.title))
            continue
        for fld, names in (("responsible", row.responsible), ("supporting", row.supporting)):
            _, unknown = bodies.resolve(names)
            found.extend(Problem(row.row, sheet.header(fld), bodies.message(u)) for u in unknown)
        if row.ref:
            taken = session.exec(
                select(Action.title).where(func.lower(Action.ref) == row.ref.lower())
            ).first()
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

    refs = _references(session=session, package=package.code, sheet=sheet, accepted=accepted)
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
    return SheetImport(
        sheet=sheet,
        plan=owner.code,
        component=component,
        source=source or sheet.name,
        actions=actions,
        new_components=tuple(c for n, c in sorted(components.new.items()) if n in used),
        already=tuple(already),
        problems=tuple(problems),
    )


def _references(
    *, session: Session, package: str, sheet: Sheet, accepted: list[tuple[SheetRow, int]]
) -> dict[int, str]:
    """Each accepted row's reference: its own, or its component's next free ``PKG-N.M``.

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

    for ref in session.exec(select(Action.ref).where(col(Action.ref).startswith(f"{package}-"))):
        note(ref)
    for row in sheet.rows:
        if row.ref:
            note(row.ref)
    for row, number in accepted:
        if row.ref:
            refs[row.row] = row.ref
            continue
        prefix = f"{package}-{number}."
        key = prefix.casefold()
        highest[key] = highest.get(key, 0) + 1
        refs[row.row] = f"{prefix}{highest[key]}"
    return refs


def import_sheet(*, session: Session, prepared: SheetImport, by: str, today: date) -> list[Action]:
    """Write what ``prepared`` plans (its good rows), inside the caller's transaction.

    The plan is made again on this session first: if the database changed since the preview
    (another terminal added an action or took a reference), nothing is written.
    """
    again = prepare_import(
        session=session,
        sheet=prepared.sheet,
        plan=prepared.plan,
        component=prepared.component,
        source=prepared.source,
    )
    if not again.same_outcome(prepared):
        raise StoreError(
            "the database changed while the import was being checked; nothing was imported "
            "(run the import again to see the new preview)"
        )
    owner = get_plan(session=session, code=prepared.plan)
    components = {
        c.number: c
        for c in session.exec(select(Component).where(Component.plan_id == owner.id)).all()
    }
    position = max((c.position for c in components.values()), default=0)
    for new in prepared.new_components:
        position += 1
        created = Component(
            plan_id=owner.id or 0, number=new.number, title=new.title, position=position
        )
        session.add(created)
        session.flush()
        components[new.number] = created
    note = f"imported from {prepared.source}"
    added: list[Action] = []
    for planned in prepared.actions:
        action, _ = add_action(
            session=session,
            component=components[planned.component],
            title=planned.title,
            by=by,
            description=planned.description,
            deadline=planned.deadline,
            lead=planned.lead,
            supporting=planned.supporting,
            ref=planned.ref,
        )
        if planned.status is not Status.PLANNED:
            # Every status is one move from planned (workflow.TRANSITIONS), so the history
            # says honestly "created, then moved to X by the import".
            need = need_for(Status.PLANNED, planned.status)
            move_action(
                session=session,
                action=action,
                status=planned.status,
                by=by,
                note=(planned.notes or note) if need is Need.REASON else note,
                deadline=planned.deadline if need is Need.DEADLINE else None,
            )
        if planned.notes:
            add_update(session=session, action=action, text=planned.notes, by=by, as_of=today)
        added.append(action)
    return added
