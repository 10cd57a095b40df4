"""The meeting screen's decisions as store changes: each answer (one key, perhaps a dialog's
fields) becomes the one write it makes at the meeting, as ``forms`` does for the main screen.

A ``Decide`` runs in the screen's worker inside one transaction and returns the journal entry
it made (``None`` for an undo, whose entry is not a decision). No Textual here: each can be
tested as a plain function.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlmodel import Session

from ptctui import store
from ptctui.models import Change
from ptctui.store import decisions
from ptctui.workflow import Status

Decide = Callable[[Session], Change | None]
"""One decision, given a writing session: returns the journal entry it made."""


def review(
    *,
    meeting: str,
    ref: str,
    kind: str,
    by: str,
    note: str = "",
    body: str | None = None,
    due: str | None = None,
) -> Decide:
    """The meeting took note of ``ref`` (``noted``) or flagged it for follow-up."""

    def write(session: Session) -> Change:
        return decisions.review(
            session=session,
            meeting=store.get_meeting(session=session, key=meeting),
            action=store.resolve_action(session=session, ref=ref),
            kind=kind,
            by=by,
            note=note,
            body=body,
            due=due,
        )

    return write


def move(
    *, meeting: str, ref: str, status: Status, by: str, note: str = "", deadline: str | None = None
) -> Decide:
    """``ref`` moved to ``status`` at the meeting."""

    def write(session: Session) -> Change:
        return store.move_action(
            session=session,
            action=store.resolve_action(session=session, ref=ref),
            status=status,
            by=by,
            note=note,
            deadline=deadline,
            meeting=meeting,
        )

    return write


def note(*, meeting: str, ref: str, by: str, text: str, on: date) -> Decide:
    """What the committee said of ``ref``: a progress update made at the meeting."""

    def write(session: Session) -> Change:
        return store.add_update(
            session=session,
            action=store.resolve_action(session=session, ref=ref),
            text=text,
            by=by,
            as_of=on,
            meeting=meeting,
        )

    return write


def undo(*, change_id: int, by: str) -> Decide:
    """Take back the walk's decision ``change_id`` (its own entry is not a decision)."""

    def write(session: Session) -> None:
        store.undo(session=session, by=by, change_id=change_id)
        return None

    return write
