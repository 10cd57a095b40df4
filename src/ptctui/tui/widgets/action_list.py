"""The middle column of the main screen: the line above the table (what is listed, how many,
which filters), the search box that ``/`` opens, and the action table.

It only shows what it is given: the rows, the message an empty table says and the scope
line come down from the ``ActionBrowser``, which reads them and knows the scope and filters.
The line is one row high whatever it says (``app.tcss``), so updating it needs no layout, and
a cursor move that asks for the same line again repaints nothing.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from ptctui.store import ActionRow
from ptctui.tui.widgets.action_table import ActionTable
from ptctui.tui.widgets.control_pictures import CONTROL_PICTURES
from ptctui.tui.widgets.search_input import SearchInput


class ActionList(Vertical):
    """The scope line, the search box and the action table, one above the other."""

    def __init__(self, *, today: date, id: str | None = None) -> None:
        super().__init__(id=id)
        self.today = today
        """The day "overdue" means in the table."""
        self._line: Text | None = None

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
        """Show the search box and put the cursor in it."""
        search = self.query_one(SearchInput)
        search.display = True
        search.focus()

    def close_search(self) -> None:
        """Empty the search box and hide it."""
        search = self.query_one(SearchInput)
        search.value = ""
        search.display = False

    def show_rows(self, rows: list[ActionRow], keep: str | None, *, empty: str) -> bool:
        """List ``rows`` (the cursor on ``keep``, if given; ``empty`` says why there are
        none); True when whether an action is highlighted changed."""
        table = self.query_one(ActionTable)
        table.empty_message = empty
        had_row = table.current is not None
        table.set_rows(rows, keep=keep)
        return (table.current is not None) != had_row

    def say(self, line: Text) -> None:
        """Show ``line`` above the table (repainted only when it changed)."""
        if line != self._line:
            self._line = line
            self.query_one("#scope-line", Static).update(line, layout=False)

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one(ActionTable).focus()
