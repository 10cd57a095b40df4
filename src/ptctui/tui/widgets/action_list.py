"""The middle column of the main screen: the line above the table (what is listed, how many,
which filters), the search box that ``/`` opens, and the action table.

It only shows what it is given: the rows, the message an empty table says and what the scope
line says come down from the ``ActionBrowser``, which reads them and knows the scope and
filters. The line is laid out here, at the column's width (``browse.scope_line``): the filters
show as chips that go to a second line rather than off the end. Updating it needs a layout only
when its number of lines changes, and a cursor move that asks for the same line again
repaints nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from ptctui.browse import scope_line
from ptctui.store import ActionRow
from ptctui.store.searching import Summary
from ptctui.tui.widgets.action_table import ActionTable
from ptctui.tui.widgets.control_pictures import CONTROL_PICTURES
from ptctui.tui.widgets.search_input import SearchInput


class ActionList(Vertical):
    """The scope line, the search box and the action table, one above the other."""

    def __init__(self, *, today: date, id: str | None = None) -> None:
        super().__init__(id=id)
        self.today = today
        """The day "overdue" means in the table."""
        self._parts: dict[str, Any] = {}
        self._line: Text | None = None
        self._lines = 1

    def compose(self) -> ComposeResult:
        yield Static(id="scope-line", markup=False)
        search = SearchInput(
            placeholder="Search titles, descriptions, updates…",
            id="search",
            highlighter=CONTROL_PICTURES,
        )
        search.display = False  # until / opens it
        yield search
        yield ActionTable(today=self.today, id="actions")

    def open_search(self) -> None:
        """Show the search box and put the cursor in it at once (``focus()`` would wait for
        the keys already queued, and those typed just after ``/`` went to the table)."""
        search = self.query_one(SearchInput)
        search.display = True
        self.screen.set_focus(search)

    def close_search(self) -> None:
        """Empty the search box and hide it."""
        search = self.query_one(SearchInput)
        search.value = ""
        search.display = False

    def show_rows(
        self,
        rows: list[ActionRow],
        keep: str | None,
        *,
        empty: str,
        summary: Summary | None = None,
    ) -> bool:
        """List ``rows`` (the cursor on ``keep``, if given; ``empty`` says why there are
        none; ``summary``: their count and measures, if a search made them); True when
        whether an action is highlighted changed."""
        table = self.query_one(ActionTable)
        table.empty_message = empty
        had_row = table.current is not None
        table.set_rows(rows, keep=keep, summary=summary)
        return (table.current is not None) != had_row

    def say(self, **parts: Any) -> None:
        """Show the line ``browse.scope_line`` makes of ``parts`` above the table (repainted
        only when it changed)."""
        if parts != self._parts:
            self._parts = parts
            self._show_line()

    def _show_line(self) -> None:
        if not self._parts:
            return
        static = self.query_one("#scope-line", Static)
        width = self.size.width - static.styles.padding.width
        line = scope_line(**self._parts, width=width if width > 0 else None)
        if line == self._line:
            return
        self._line = line
        lines = line.plain.count("\n") + 1
        if lines != self._lines:
            self._lines = lines
            static.styles.height = lines
        static.update(line, layout=False)

    def on_resize(self) -> None:
        self._show_line()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one(ActionTable).focus()
