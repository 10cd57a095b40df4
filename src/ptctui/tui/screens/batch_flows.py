"""The main screen's changes to the marked actions (``v`` marks one, ``V`` all shown): ``s``
moves them, ``u`` records one update on each, ``d`` archives them; all or none, in one
transaction, and one ``ctrl+z`` takes the whole batch back (``store.batches``).

A move the workflow refuses for some of them is listed before anything is written, with the
choice to move the others.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from sqlmodel import Session
from textual.screen import Screen

from ptctui import store
from ptctui.forms import Write
from ptctui.store import ActionRow, batches
from ptctui.tui.context import AppContext
from ptctui.tui.dialogs.ask import AskDialog, Question
from ptctui.tui.dialogs.confirm import ConfirmDialog
from ptctui.workflow import Status


class BatchFlows:
    """Status moves, updates and archiving of the marked actions."""

    def __init__(
        self,
        *,
        screen: Screen[Any],
        context: AppContext,
        commit: Callable[[Write], None],
        read: Callable[[Callable[[Session], Any], Callable[[Any], None]], None],
        done: Callable[[], None],
    ) -> None:
        self.screen = screen
        self.context = context
        self.commit = commit
        self.read = read
        self.done = done
        """Called once a batch is handed to the writer: the marks go."""

    def move(self, rows: list[ActionRow]) -> None:
        """Ask the status (and what it needs), list the refusals, then move them all."""
        questions = [
            Question("status", "Status", "completed, postponed, on hold…", True, "status"),
            Question("note", "Why", "The reason (needed for on hold, cancelled, reopening)"),
            Question("deadline", "New deadline", "Needed to postpone: Q1 2021…", kind="deadline"),
        ]

        def answered(answers: dict[str, str] | None) -> None:
            if answers is not None:
                self._check(rows, answers)

        heading = f"Move the {len(rows)} marked actions"
        self.screen.app.push_screen(AskDialog(heading, questions), answered)

    def _check(self, rows: list[ActionRow], answers: dict[str, str]) -> None:
        uuids = [r.uuid for r in rows]
        status, note, deadline = Status(answers["status"]), answers["note"], answers["deadline"]

        def refused(session: Session) -> list[batches.Refused]:
            actions = [store.resolve_action(session=session, ref=u) for u in uuids]
            return batches.refusals(
                actions=actions, status=status, note=note, deadline=deadline or None
            )

        def go(refusals: list[batches.Refused]) -> None:
            write = self._moves(uuids, status, note, deadline or None, bool(refusals))
            if not refusals:
                self._commit(write)
                return
            if len(refusals) == len(uuids):
                first = refusals[0]
                self.screen.notify(
                    f"None of them can move to {status.label} ({first.ref}: {first.why})",
                    title="Nothing was changed",
                    severity="error",
                )
                return
            named = ", ".join(r.ref for r in refusals[:6]) + ("…" if len(refusals) > 6 else "")
            question = Text(
                f"{len(refusals)} of {len(uuids)} cannot move to {status.label} ({named}: "
                f"{refusals[0].why}). Move the other {len(uuids) - len(refusals)}?"
            )
            dialog = ConfirmDialog(question=question, confirm_label="Move the others")
            self.screen.app.push_screen(dialog, lambda yes: self._commit(write) if yes else None)

        self.read(refused, go)

    def _moves(
        self, uuids: list[str], status: Status, note: str, deadline: str | None, skip: bool
    ) -> Write:
        by = self.context.by

        def write(session: Session) -> tuple[str, str | None]:
            actions = [store.resolve_action(session=session, ref=u) for u in uuids]
            changes, refused = batches.move_many(
                session=session,
                actions=actions,
                status=status,
                by=by,
                note=note,
                deadline=deadline,
                skip_refused=skip,
            )
            return batches.describe(changes, refused), None

        return write

    def update(self, rows: list[ActionRow]) -> None:
        """One progress update, the same text on every marked action."""
        uuids, by, today = [r.uuid for r in rows], self.context.by, self.context.today

        def answered(answers: dict[str, str] | None) -> None:
            if answers is None:
                return

            def write(session: Session) -> tuple[str, str | None]:
                actions = [store.resolve_action(session=session, ref=u) for u in uuids]
                changes = batches.update_many(
                    session=session, actions=actions, text=answers["text"], by=by, as_of=today
                )
                return batches.describe(changes), None

            self._commit(write)

        question = Question("text", "Progress", "What happened (on each of them)", True)
        heading = f"A progress update on the {len(rows)} marked actions"
        self.screen.app.push_screen(AskDialog(heading, [question]), answered)

    def archive(self, rows: list[ActionRow]) -> None:
        """Archive the marked actions, after asking."""
        uuids, by = [r.uuid for r in rows], self.context.by

        def write(session: Session) -> tuple[str, str | None]:
            actions = [store.resolve_action(session=session, ref=u) for u in uuids]
            return batches.describe(
                batches.archive_many(session=session, actions=actions, by=by)
            ), None

        question = Text(f"Archive the {len(rows)} marked actions? (ctrl+z brings them back)")
        dialog = ConfirmDialog(question=question, confirm_label="Archive them")
        self.screen.app.push_screen(dialog, lambda yes: self._commit(write) if yes else None)

    def _commit(self, write: Write) -> None:
        self.done()
        self.commit(write)
