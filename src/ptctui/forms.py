"""What the app's dialogs hand back, and the one store change each of them makes.

The dialogs (``ptctui.tui.dialogs``) only collect input: they return these plain, typed values
(a move, a progress update, an action's fields). The functions here turn a value into a
``Write``: a function of a writing session that makes the change through the store and returns
its summary and the action it is about. ``commit`` runs a write in one transaction and, for a
change to one action's own row, reads that row back at once, so the app can put it in place
instead of reading every action again.

No Textual here (the "never imports Textual" contract lists this module): each change is tested
on a real database as a plain function (``tests/test_forms.py``). Choosing which dialog to open,
and showing the result, is the app's (``ptctui.tui.screens.write_flows``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session

from ptctui import store
from ptctui.models import Action, ActionEdit
from ptctui.store import ActionFilter, ActionRow
from ptctui.text import quote, some_of
from ptctui.workflow import Status

Stamp = tuple[object, ...]


@dataclass(frozen=True)
class MoveRequest:
    """A status move the user asked for, with what the move needs."""

    status: Status
    note: str = ""
    deadline: str | None = None


@dataclass(frozen=True)
class UpdateRequest:
    """A progress update to record."""

    text: str
    as_of: date
    meeting: str | None = None


@dataclass(frozen=True)
class ActionForm:
    """The editable fields of an action, as the new/edit dialog collects them."""

    title: str
    description: str = ""
    kind: str = "action"
    deadline: str = ""  # a label as typed; "" means none
    lead: tuple[str, ...] = ()
    supporting: tuple[str, ...] = ()
    funding_note: str = ""
    note: str = ""  # why the edit was made (``edit --note``); not a field of the action


Write = Callable[[Session], tuple[str, str | None]]
"""One change, given a writing session: returns its summary and the UUID of the action it is
about (``None`` when it is about none)."""


def move(*, uuid: str, request: MoveRequest, by: str) -> Write:
    """Move the action ``uuid`` as ``request`` says."""

    def write(session: Session) -> tuple[str, str | None]:
        action = store.resolve_action(session=session, ref=uuid)
        done = store.move_action(
            session=session,
            action=action,
            status=request.status,
            by=by,
            note=request.note,
            deadline=request.deadline,
        )
        return done.summary, uuid

    return write


def add_update(*, uuid: str, request: UpdateRequest, by: str) -> Write:
    """Record ``request`` as a progress update on the action ``uuid``."""

    def write(session: Session) -> tuple[str, str | None]:
        action = store.resolve_action(session=session, ref=uuid)
        result = store.add_update(
            session=session,
            action=action,
            text=request.text,
            by=by,
            as_of=request.as_of,
            meeting=request.meeting,
        )
        return result.summary, uuid

    return write


def form_of(detail: store.ActionDetail) -> ActionForm:
    """An action's fields as the edit dialog starts with them."""
    a = detail.action
    return ActionForm(
        title=a.title,
        description=a.description,
        kind=a.kind,
        deadline=a.deadline_label or "",
        lead=tuple(detail.lead),
        supporting=tuple(detail.supporting),
        funding_note=a.funding_note,
    )


def edit(*, uuid: str, initial: ActionForm, form: ActionForm, by: str) -> Write:
    """Save ``form`` over the action ``uuid``, which the dialog opened as ``initial``.

    An untouched deadline is not sent: its label would be parsed again, and one the parser
    words differently would record a deadline change nobody made.
    """

    def write(session: Session) -> tuple[str, str | None]:
        action = store.resolve_action(session=session, ref=uuid)
        change = ActionEdit(
            title=form.title,
            description=form.description,
            kind=form.kind,
            deadline=form.deadline if form.deadline != initial.deadline else None,
            funding_note=form.funding_note,
        )
        result = store.edit_action(
            session=session,
            action=action,
            edit=change,
            by=by,
            lead=list(form.lead),
            supporting=list(form.supporting),
            note=form.note,
        )
        return result.summary, uuid

    return write


def new_action(*, component: str, form: ActionForm, by: str) -> Write:
    """Add ``form`` as a new action in ``component`` (``PLAN:NUMBER``)."""

    def write(session: Session) -> tuple[str, str | None]:
        action, result = store.add_action(
            session=session,
            component=store.get_component(session=session, spec=component),
            title=form.title,
            by=by,
            description=form.description,
            kind=form.kind,
            deadline=form.deadline or None,
            lead=form.lead,
            supporting=form.supporting,
            funding_note=form.funding_note,
        )
        return result.summary, action.uuid

    return write


def archive(*, uuid: str, archived: bool, by: str) -> Write:
    """Archive (``archived``) or restore the action ``uuid``."""

    def write(session: Session) -> tuple[str, str | None]:
        action = store.resolve_action(session=session, ref=uuid)
        result = store.set_archived(session=session, action=action, archived=archived, by=by)
        return result.summary, uuid

    return write


def undo(*, by: str, change_id: int | None = None) -> Write:
    """Undo ``by``'s last change, or the change ``change_id`` (anyone's; an undo's is a redo),
    as ``ptctui undo`` does, in a sentence that says whose it was."""

    def write(session: Session) -> tuple[str, str | None]:
        result = store.undo(session=session, by=by, change_id=change_id)
        action = session.get(Action, result.action_id) if result.action_id else None
        return store.said(session=session, done=result, by=by), (action.uuid if action else None)

    return write


@dataclass(frozen=True)
class Revert:
    """The change ``ctrl+z`` would undo, or the undo ``ctrl+y`` would redo: read first, so the
    app can say what it is before doing it when it is not on screen."""

    change_id: int
    summary: str
    uuid: str | None  # the action it is about, or None for a package, plan, body, …
    redo: bool

    def question(self) -> str:
        """ "Undo your change 42: CEP-4.9: planned → in progress?", or for a redo "Redo
        CEP-4.9: planned → in progress (you undid it in change 43)?"."""
        if self.redo:
            what = self.summary.removeprefix("undo of: ")
            return f"Redo {what} (you undid it in change {self.change_id})?"
        return f"Undo your change {self.change_id}: {self.summary}?"


def next_revert(*, session: Session, by: str, redo: bool) -> Revert:
    """What ``undo`` (or ``redo``) would revert for ``by`` now; ``NothingToUndo`` if nothing,
    and a ``StoreError`` naming the later change if a later change depends on it."""
    target = (store.redo_target if redo else store.undo_target)(session=session, by=by)
    refused = store.blocked_message(session, target=target, by=by)
    if refused is not None:  # said now, not after a question whose yes would be refused
        raise store.StoreError(refused)
    action = session.get(Action, target.action_id) if target.action_id else None
    return Revert(
        change_id=target.id or 0,
        summary=target.summary,
        uuid=action.uuid if action else None,
        redo=redo,
    )


@dataclass(frozen=True)
class Committed:
    """A committed change; ``refreshed`` when its action's row was read back at once.

    ``row`` is that row without the search (``None`` if it no longer matches the filters),
    ``text`` its new search text, ``stamp`` the data stamp just after the write and ``before``
    the one just before it, read under the write lock: if ``before`` is not the stamp the app
    shows, someone else changed something meanwhile and only a full reload shows it.
    """

    summary: str
    uuid: str | None
    in_place: bool = False
    refreshed: bool = False
    row: ActionRow | None = None
    stamp: Stamp | None = None
    before: Stamp | None = None
    text: str | None = None


def commit(
    *, engine: Engine, write: Write, today: date, read_back: ActionFilter | None = None
) -> Committed:
    """Run ``write`` in one transaction; raises what it raised (and nothing is written).

    ``read_back``: the change touches only the returned action's own row, and this is the
    filter the app lists rows with; the row is read back through it (search aside), so the
    new status is on screen one message later and the tree's tallies (a heavier query) can
    follow.
    """
    back: tuple[list[ActionRow], Stamp, str] | None = None
    with store.writing(engine) as session:
        # Under the write lock: nobody else commits between this and the change.
        before = store.data_stamp(session=session)
        summary, uuid = write(session)
        if read_back is not None and uuid:
            back = _read_back(session, read_back, uuid, today, before)
    in_place = read_back is not None
    if read_back is None or not uuid:
        return Committed(summary, uuid, in_place)
    if back is None:  # committed all the same; a full reload shows it
        return Committed(summary, uuid)
    rows, stamp, text = back
    return Committed(
        summary,
        uuid,
        in_place,
        refreshed=True,
        row=rows[0] if rows else None,
        stamp=stamp,
        before=before,
        text=text,
    )


def _read_back(
    session: Session, flt: ActionFilter, uuid: str, today: date, before: Stamp
) -> tuple[list[ActionRow], Stamp, str] | None:
    """The changed row, the data stamp and the row's search text, read in the write's own
    transaction (still under the write lock, so the stamp is exactly the change's). The
    change added or removed no action (it touched only its own row), so the stamp keeps
    ``before``'s count of them: counting reads every action (30 ms at 100,000)."""
    try:
        with session.begin_nested():  # a failed read leaves the change itself to commit
            session.flush()
            flt = replace(flt, uuids=(uuid,), search=None)
            rows = store.list_actions(session=session, flt=flt, today=today)
            count = before[-1] if isinstance(before[-1], int) else None
            stamp = store.data_stamp(session=session, actions=count)
            text = store.search_texts(session=session, uuids=[uuid]).get(uuid, "")
    except Exception:
        return None
    return rows, stamp, text


def canonical_codes(text: str, known: Sequence[str], *, role: str) -> tuple[str, ...]:
    """Comma-separated body codes as the action dialog takes them, matched to ``known``
    ignoring case, without repeats, in their canonical spelling.

    Raises ``ValueError`` for a code not in ``known``, naming the known ones (shortened when
    many) as the command line's ``--lead`` does: a typo is fixed from the message. When
    ``known`` is empty there is nothing to check against and the codes are returned as typed.
    """
    by_fold = {code.casefold(): code for code in known}
    codes: list[str] = []
    for typed in (part.strip() for part in text.split(",")):
        if not typed:
            continue
        code = by_fold.get(typed.casefold(), typed if not known else None)
        if code is None:
            raise ValueError(f"no {role} body {quote(typed, 40)!r}; bodies are: {some_of(known)}")
        if code not in codes:
            codes.append(code)
    return tuple(codes)
