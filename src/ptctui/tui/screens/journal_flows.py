"""The main screen's ways into the journal: undo and redo of one's own changes, the history
screen, and the notice of changes others made.

``ctrl+z`` and ``ctrl+y`` first read what they would revert (``forms.next_revert``, in a
worker); a change about the highlighted action is reverted at once, any other only after a
yes/no question that names it, since what is not on screen should not change unseen. ``h``
opens ``HistoryScreen``; when it reverted something the browser reads again. When the
browser's reads find the journal grown (``ActionBrowser.JournalGrew``), the entries others
made are read and shown in one notification of at most three lines. Like ``WriteFlows``, this
keeps no state and does its I/O through the screen's ``background`` and ``commit``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.screen import Screen

from ptctui import forms, store
from ptctui.forms import Revert, Write
from ptctui.store import ActionRow, ChangeView
from ptctui.text import one_line
from ptctui.tui.context import AppContext

NOTICE_LINES = 3  # a notice of others' changes is at most this many lines


class JournalFlows:
    """Undo, redo, the history screen and the notice of others' changes."""

    def __init__(
        self,
        *,
        screen: Screen[Any],
        context: AppContext,
        background: Callable[..., None],
        commit: Callable[[Write, bool], None],
        current: Callable[[], ActionRow | None],
        reload: Callable[[], None],
    ) -> None:
        self.screen = screen
        """Where the question and the history open, and the notices show."""
        self.context = context
        self.background = background
        """Run a job in a worker, then hand its value on (``MainScreen.background``)."""
        self.commit = commit
        self.current = current
        """The highlighted action, if any."""
        self.reload = reload
        """Read the browser's data again, the cursor kept."""

    def revert(self, *, redo: bool) -> None:
        """Find what to undo (or redo) in a worker, then revert it (``_revert``)."""
        engine, by = self.context.engine, self.context.by

        def job() -> Revert:
            try:
                with store.reading(engine) as session:
                    return forms.next_revert(session=session, by=by, redo=redo)
            except store.NothingToUndo as refused:
                hint = "; h shows everyone's changes" if refused.others else ""
                raise store.StoreError(f"{refused}{hint}") from None

        self.background(job, self._revert)

    def _revert(self, pending: Revert) -> None:
        """Undo (or redo) ``pending``: at once when it is about the highlighted action, else
        after saying what it is."""
        write = forms.undo(by=self.context.by, change_id=pending.change_id)
        current = self.current()
        if current is not None and pending.uuid == current.uuid:
            self.commit(write, False)
            return
        from ptctui.tui.dialogs.confirm import ConfirmDialog

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.commit(write, False)

        question = Text(one_line(pending.question()))
        question.append("\nIt is not the highlighted action.", style="dim")
        label = "Redo" if pending.redo else "Undo"
        self.screen.app.push_screen(
            ConfirmDialog(question=question, confirm_label=label), confirmed
        )

    def history(self) -> None:
        """Open the journal as a screen (all changes, or the highlighted action's with ``a``)."""
        from ptctui.tui.screens.history import HistoryScreen

        row = self.current()
        context = self.context
        screen = HistoryScreen(
            engine=context.engine,
            by=context.by,
            today=context.today,
            action=(row.uuid, row.ref) if row is not None else None,
        )

        def closed(changed: bool | None) -> None:
            if changed:
                self.reload()

        self.screen.app.push_screen(screen, closed)

    def grew(self, after: int, upto: int) -> None:
        """The journal grew past ``after``: read what others did, and say so."""
        engine, by = self.context.engine, self.context.by

        def job() -> tuple[list[ChangeView], int]:
            with store.reading(engine) as session:
                return store.changes_by_others(
                    session=session, after=after, upto=upto, by=by, limit=NOTICE_LINES
                )

        self.background(job, self._news, group="notice")

    def _news(self, found: tuple[list[ChangeView], int]) -> None:
        entries, total = found
        if not entries:
            return  # only one's own writes
        shown = entries if total <= NOTICE_LINES else entries[: NOTICE_LINES - 1]
        lines = [one_line(f"{entry.by}: {entry.summary}") for entry in shown]
        if total > len(shown):
            lines.append(f"and {total - len(shown)} more (h shows them)")
        self.screen.app.notify(
            "\n".join(lines), title="Changed by others", timeout=8, markup=False
        )
