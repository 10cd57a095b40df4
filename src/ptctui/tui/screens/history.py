"""The history screen (``h``): the journal, newest first, and a way to revert one change.

It shows every change, or only the highlighted action's (``a`` toggles), narrowed by person
(``p`` steps through the people the journal names) and kind (``k``); the filters in force
stand as chips above the table. The journal may hold 100,000 entries: the screen reads a page
at a time (``store.history`` from the last entry shown, by time and id), and the next page
when the cursor nears the end. ``enter`` reverts the entry under the cursor through the same
write as ``ptctui undo --change N``; a change something later depends on is refused with one
line naming that later change, shown in place. Every read and write runs in a thread worker
that posts a message back; only the handlers touch the widgets. The screen closes with
whether it changed anything, so the main screen reads its data again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from sqlalchemy.engine import Engine
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ptctui import forms, store
from ptctui.errors import user_message
from ptctui.store import ChangeView
from ptctui.text import one_line
from ptctui.tui.widgets.key_bar import KeyBar

PAGE = 200  # entries read at a time
AHEAD = 20  # read the next page when the cursor comes this close to the end
KINDS = (None, "move", "update", "edit", "add", "archive", "restore", "undo")
WIDE = 100  # from this width the time shows its year


@dataclass(frozen=True)
class Query:
    """What the table lists: whose changes, of what kind, of one action or all."""

    action: tuple[str, str] | None = None  # (uuid, ref) of the action, or None: everything
    by: str | None = None
    kind: str | None = None


class JournalTable(DataTable[Text]):
    """The history's table: ``enter`` (the table's "select") reverts the entry, and says so
    in the key bar."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "Revert",
            id="history.revert",
            tooltip="Undo this change (unless a later change depends on it)",
        ),
    ]


class HistoryScreen(Screen[bool]):
    """The journal as a table: when, who, what, summary; enter reverts one change."""

    DEFAULT_CSS = """
    HistoryScreen {
        #history-title { padding: 0 1; background: $panel; text-style: bold; }
        #history-chips { padding: 0 1; height: 1; }
        #history-table { height: 1fr; scrollbar-size-vertical: 1; }
        #history-say { padding: 0 1; height: auto; max-height: 2; color: $text-muted; }
        #history-say.-error { color: $error; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "a",
            "toggle_action",
            "All/action",
            id="history.action",
            tooltip="Every change, or only the highlighted action's",
        ),
        Binding("p", "next_person", "Person", id="history.person", tooltip="Only one person's"),
        Binding("k", "next_kind", "Kind", id="history.kind", tooltip="Only one kind of change"),
        Binding("question_mark", "help", "Help", id="history.help", tooltip="Every key here"),
        Binding("escape,q,h", "close", "Back", id="history.close", tooltip="Back to the actions"),
    ]

    @dataclass
    class Page(Message):
        """Entries read for ``query``; ``first``: the table starts again with them."""

        query: Query
        entries: list[ChangeView]
        first: bool
        generation: int

    @dataclass
    class People(Message):
        """Everyone the journal names."""

        names: list[str]

    @dataclass
    class Said(Message):
        """The outcome of a revert, one line; ``error`` when nothing was changed."""

        text: str
        error: bool

    def __init__(self, *, engine: Engine, by: str, today: date, action: tuple[str, str] | None):
        """``action``: the highlighted action's (uuid, ref), which ``a`` narrows to."""
        super().__init__()
        self.engine = engine
        self.by = by
        self.today = today
        self.action = action
        self.query_now = Query()
        self.entries: list[ChangeView] = []
        self.people: list[str] = []
        self.more = False  # the last page read was full: there may be more
        self.generation = 0  # counts the times the table starts again from the newest
        self.changed = False  # something was reverted: the main screen reads again

    def compose(self) -> ComposeResult:
        yield Static(id="history-title")
        yield Static(id="history-chips")
        yield JournalTable(cursor_type="row", zebra_stripes=True, id="history-table")
        yield Static(id="history-say")
        yield KeyBar()

    def on_mount(self) -> None:
        self._columns()
        self._show_query()
        self.read_people()
        self._first_page()
        self.query_one(DataTable).focus()

    # --- reading ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="history-page", exit_on_error=False)
    def read_page(self, query: Query, after: ChangeView | None, generation: int = 0) -> None:
        """Read a page of ``query``'s entries, from the one after ``after`` (or the newest)."""
        try:
            with store.reading(self.engine) as session:
                action = (
                    store.resolve_action(session=session, ref=query.action[0])
                    if query.action
                    else None
                )
                found = store.history(
                    session=session,
                    action=action,
                    by=query.by,
                    kind=query.kind,
                    limit=PAGE,
                    before=(after.at, after.id) if after else None,
                )
        except Exception as error:  # shown in place; the screen stays usable
            self.post_message(self.Said(user_message(error) or repr(error), True))
            return
        self.post_message(self.Page(query, found, after is None, generation))

    @work(thread=True, exclusive=True, group="history-people", exit_on_error=False)
    def read_people(self) -> None:
        try:
            with store.reading(self.engine) as session:
                names = store.people(session=session)
        except Exception:  # the person filter stays empty; nothing else depends on it
            return
        self.post_message(self.People(names))

    @work(thread=True, exclusive=True, group="history-write", exit_on_error=False)
    def revert(self, change_id: int) -> None:
        """Undo change ``change_id`` as ``ptctui undo --change`` does."""
        write = forms.undo(by=self.by, change_id=change_id)
        try:
            done = forms.commit(engine=self.engine, write=write, today=self.today)
        except Exception as error:
            self.post_message(self.Said(user_message(error) or repr(error), True))
            return
        self.post_message(self.Said(done.summary, False))

    # --- the workers' news ----------------------------------------------------------------------

    def on_history_screen_page(self, message: Page) -> None:
        if message.query != self.query_now or message.generation != self.generation:
            return  # read for filters since changed, or before the table started again
        table = self.query_one(DataTable)
        row = table.cursor_row
        keep = self.entries[row].id if message.first and 0 <= row < len(self.entries) else None
        if message.first:
            self.entries = []
            table.clear()
        self.entries += message.entries
        self.more = len(message.entries) == PAGE
        self._add_rows(message.entries)
        if message.first and self.entries:  # read again: the cursor stays on its entry
            ids = [entry.id for entry in self.entries]
            table.move_cursor(row=ids.index(keep) if keep in ids else min(row, len(ids) - 1))
        if not self.entries:
            self._say("No changes recorded" + (" that match." if self._filtered() else " yet."))

    def on_history_screen_people(self, message: People) -> None:
        self.people = message.names

    def on_history_screen_said(self, message: Said) -> None:
        self._say(message.text, error=message.error)
        if not message.error:
            self.changed = True
            self._first_page()

    def _first_page(self) -> None:
        """Read the table again from the newest entry (a next page on its way is dropped)."""
        self.generation += 1
        self.read_page(self.query_now, None, self.generation)

    @on(DataTable.RowHighlighted)
    def _near_end(self, event: DataTable.RowHighlighted) -> None:
        if self.more and event.cursor_row >= len(self.entries) - AHEAD:
            self.more = False  # one page at a time
            self.read_page(self.query_now, self.entries[-1], self.generation)

    # --- the keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_action":
            return self.action is not None or None
        return True

    @on(DataTable.RowSelected)
    def _selected(self) -> None:  # enter on the table (which has the focus) reverts too
        self.action_revert()

    def action_revert(self) -> None:
        row = self.query_one(DataTable).cursor_row
        if 0 <= row < len(self.entries):
            self._say("Reverting change …")
            self.revert(self.entries[row].id)

    def action_toggle_action(self) -> None:
        if self.action is not None:
            self._requery(action=None if self.query_now.action else self.action)

    def action_next_person(self) -> None:
        choices: list[str | None] = [None, self.by, *(p for p in self.people if p != self.by)]
        at = choices.index(self.query_now.by) if self.query_now.by in choices else 0
        self._requery(by=choices[(at + 1) % len(choices)])

    def action_next_kind(self) -> None:
        at = KINDS.index(self.query_now.kind)
        self._requery(kind=KINDS[(at + 1) % len(KINDS)])

    def action_help(self) -> None:
        from ptctui.tui.screens.help import HelpScreen, bindings_in_force

        self.app.push_screen(HelpScreen(bindings_in_force(self.app)))

    def action_close(self) -> None:
        self.dismiss(self.changed)

    def _requery(self, **changes: Any) -> None:
        self.query_now = replace(self.query_now, **changes)
        self._show_query()
        self._say("")
        self.entries = []
        self.query_one(DataTable).clear()
        self._first_page()
        self.refresh_bindings()

    # --- showing --------------------------------------------------------------------------------

    def _filtered(self) -> bool:
        q = self.query_now
        return bool(q.action or q.by or q.kind)

    def _show_query(self) -> None:
        q = self.query_now
        title = Text("History: ")
        title.append(one_line(q.action[1]) if q.action else "all changes")
        title.append("  newest first", style="dim")
        self.query_one("#history-title", Static).update(title)
        chips = Text()
        for label, value in (
            ("action", q.action[1] if q.action else None),
            ("who", q.by),
            ("kind", q.kind),
        ):
            if value is None:
                continue
            chips.append(f" {label}: {one_line(value)} ", style="reverse")
            chips.append(" ")
        if not chips:
            chips.append("no filters (a: this action, p: person, k: kind)", style="dim")
        self.query_one("#history-chips", Static).update(chips)

    def _say(self, text: str, *, error: bool = False) -> None:
        say = self.query_one("#history-say", Static)
        say.update(Text(one_line(text)))
        say.set_class(error, "-error")

    def _widths(self) -> tuple[int, int, int, int, int]:
        """Widths of #, when, who, what and the summary, for the screen's width."""
        width = self.size.width or self.app.size.width
        when = 16 if width >= WIDE else 11
        who = 12 if width >= WIDE else 8
        fixed = 6 + when + who + 7
        summary = max(16, width - fixed - 2 * 5 - 1)
        return 6, when, who, 7, summary

    def _columns(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        number, when, who, what, summary = self._widths()
        table.add_column(Text("#", justify="right"), width=number, key="id")
        table.add_column(Text("When (UTC)"), width=when, key="when")
        table.add_column(Text("Who"), width=who, key="who")
        table.add_column(Text("What"), width=what, key="what")
        table.add_column(Text("Summary"), width=summary, key="summary")

    def _add_rows(self, entries: list[ChangeView]) -> None:
        table = self.query_one(DataTable)
        _, when_width, who_width, _, summary_width = self._widths()
        stamp = "%Y-%m-%d %H:%M" if when_width >= 16 else "%m-%d %H:%M"
        for entry in entries:
            summary = Text(one_line(entry.summary))
            if entry.undone:  # the mark is kept whole, the summary gives way
                summary.truncate(summary_width - len(" (undone)"), overflow="ellipsis")
                summary.stylize("strike")
                summary.append(" (undone)", style="italic")
            summary.truncate(summary_width, overflow="ellipsis")
            who = Text(one_line(entry.by), style="bold" if entry.by == self.by else "")
            who.truncate(who_width, overflow="ellipsis")
            redo = entry.kind == "undo" and entry.summary.startswith("redo of: ")
            table.add_row(
                Text(str(entry.id), style="dim", justify="right"),
                Text(entry.at.strftime(stamp)),
                who,
                Text("redo" if redo else entry.kind, style="dim" if entry.kind == "undo" else ""),
                summary,
            )

    def on_resize(self) -> None:
        if not self.is_mounted:
            return
        table = self.query_one(DataTable)
        row = table.cursor_row
        self._columns()
        self._add_rows(self.entries)
        if self.entries:
            table.move_cursor(row=min(row, len(self.entries) - 1))
