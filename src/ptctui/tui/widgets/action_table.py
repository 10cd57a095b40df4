"""The action table: a Line-API widget that renders only the rows on screen.

Textual's DataTable measures and stores every cell up front (seconds at 10,000 rows); this
table keeps the rows as plain ``ActionRow`` tuples and builds a ``Strip`` for a line only when
that line is painted, so the cost of a refresh is the height of the window, not the data.
Columns are fitted to the width instead of scrolling sideways (``columns.py``: each takes what
it holds; narrow terminals shorten deadlines, then drop the less important columns first).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ptctui.deadlines import short_label
from ptctui.store import ActionRow, count_late
from ptctui.store.searching import Summary, replaced
from ptctui.store.searching import index_of as _index
from ptctui.text import one_line
from ptctui.tui.widgets.columns import (
    ARCHIVED,
    COLUMNS,
    Column,
    Measures,
    fit_columns,
    measure,
    measured,
    sort_rows,
    widen,
)
from ptctui.tui.widgets.scrolling import set_virtual_size
from ptctui.views import STATUS_STYLES
from ptctui.workflow import Status


class ActionTable(ScrollView, can_focus=True):
    """The list of actions of the selected package, plan or component."""

    BINDINGS = [
        Binding("down,j", "cursor_down", "Down", show=False, id="table.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="table.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="table.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="table.page_up"),
        Binding("home", "first", "First", show=False, id="table.first"),
        Binding("end", "last", "Last", show=False, id="table.last"),
        Binding("enter", "select", "Open", id="table.open", tooltip="Open the action in full"),
        Binding("r", "cycle_sort", "Sort", id="table.sort", tooltip="Sort by the next column"),
        Binding("R", "reverse_sort", "Reverse", show=False, id="table.reverse"),
        Binding("v", "mark", "Mark", id="table.mark", tooltip="Mark or unmark the action"),
        Binding("V", "mark_all", "Mark all", show=False, id="table.mark_all"),
        Binding("escape", "clear_marks", "Unmark", show=False, id="table.unmark"),
    ]

    COMPONENT_CLASSES = {
        "action-table--header",
        "action-table--cursor",
        "action-table--overdue",
        "action-table--archived",
        "action-table--marked",
        "action-table--dim",
    }

    # The columns always fit the width (fit_columns): the table never scrolls sideways.
    DEFAULT_CSS = """
    ActionTable { height: 1fr; overflow-x: hidden; }
    """

    # repaint=False: watch_cursor repaints what a move changes (two lines, or all on a scroll);
    # a reactive's own repaint would redraw every visible line on each key press.
    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)
    sort_key: reactive[str] = reactive("order")
    sort_reverse: reactive[bool] = reactive(False)

    class Highlighted(Message):
        """The cursor moved to another action (``ref`` is ``None`` on an empty table)."""

        def __init__(self, row: ActionRow | None) -> None:
            super().__init__()
            self.row = row

    class MarksChanged(Message):
        """Actions were marked or unmarked (``s``, ``u`` and ``d`` then act on all of them)."""

        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    class Selected(Message):
        """The user asked to open an action."""

        def __init__(self, row: ActionRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, today: date, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.today = today
        self._source: list[ActionRow] = []
        self.rows: list[ActionRow] = []
        self.overdue_count = 0  # counted once per set_rows, not on every cursor move
        self.measures: Measures = measure([])  # likewise: how wide each column's values are
        self.empty_message = "No actions here."
        self.marked: set[str] = set()
        """The UUIDs of the marked actions (kept while they are shown, cleared by escape)."""

    # --- data -------------------------------------------------------------------------------

    def set_rows(
        self, rows: list[ActionRow], *, keep: str | None = None, summary: Summary | None = None
    ) -> None:
        """Show ``rows``; keep the cursor on the action with uuid ``keep`` if it is still here
        (``summary``: what a search counted and measured of them, else counted here)."""
        current = keep or (self.current.uuid if self.current else None)
        self._source = rows
        self.rows = sort_rows(rows, self.sort_key, self.sort_reverse)
        if self.marked:  # marks on actions no longer shown go: s, u and d act on what is seen
            shown = {r.uuid for r in rows}
            if not self.marked <= shown:
                self.marked &= shown
                self.post_message(self.MarksChanged(len(self.marked)))
        if summary is None:
            self.overdue_count = count_late(rows, self.today)
            self.measures = measure(rows)
        else:
            self.overdue_count = summary.overdue
            self.measures = measured(summary, len(rows))
        index = _index(self.rows, current)
        set_virtual_size(self, Size(self.scrollable_content_region.width, len(self.rows) + 1))
        self.cursor = min(index if index is not None else self.cursor, max(len(self.rows) - 1, 0))
        self.refresh()

    def replace_row(self, uuid: str, row: ActionRow | None) -> None:
        """Put a re-read row in place (or drop it when it no longer matches), cursor kept."""
        current = self.current.uuid if self.current else None

        at = _index(self._source, uuid)
        if at is not None:  # counted again for the one row, not for all of them
            now = [row] if row is not None else []
            self.overdue_count += count_late(now, self.today) - count_late(
                [self._source[at]], self.today
            )
        shown_at, measures = _index(self.rows, uuid), self.measures
        self._source, self.rows = replaced(self._source, uuid, row), replaced(self.rows, uuid, row)
        if row is not None:
            self.measures = widen(self.measures, [row])
        set_virtual_size(self, Size(self.scrollable_content_region.width, len(self.rows) + 1))
        index = _index(self.rows, current)
        index = self.cursor if index is None else index
        cursor = min(index, max(len(self.rows) - 1, 0))
        if row is not None and shown_at is not None and self.measures == measures:
            # Written in place, the columns as wide as before: only its line changes (a whole
            # repaint of the visible rows was most of a status move's frame at 100,000 rows).
            self.refresh_line(shown_at + 1)  # virtual line 0 is the header
            self.cursor = cursor  # its watcher repaints the lines it leaves and reaches
        else:
            self.cursor = cursor
            self.refresh()

    @property
    def current(self) -> ActionRow | None:
        """The highlighted row."""
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def move_to(self, uuid: str) -> bool:
        """Put the cursor on an action; False if it is not in the table."""
        index = _index(self.rows, uuid)
        if index is not None:
            self.cursor = index
        return index is not None

    # --- reactive state -------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        top = self.scroll_y
        self._scroll_cursor_into_view()
        # After set_rows the new virtual size is applied on the next refresh; scrolling only
        # now could be clamped to the old, shorter list.
        self.call_after_refresh(self._scroll_cursor_into_view)
        if self.scroll_y == top:
            # A plain cursor move changes two lines: repaint those, not the whole table (and
            # the cursor set where it was, after a write, its one line).
            # (Virtual line 0 is the header, so row i is line i + 1.)
            if old != new:
                self.refresh_line(old + 1)
            self.refresh_line(new + 1)
        else:
            self.refresh()
        self.post_message(self.Highlighted(self.current))

    def watch_sort_key(self) -> None:
        self.set_rows(self._source)

    def watch_sort_reverse(self) -> None:
        self.set_rows(self._source)

    def _scroll_cursor_into_view(self) -> None:
        body = max(self.scrollable_content_region.height - 1, 1)
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + body:
            self.scroll_to(y=self.cursor - body + 1, animate=False)

    # --- actions --------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor += max(self.scrollable_content_region.height - 2, 1)

    def action_page_up(self) -> None:
        self.cursor -= max(self.scrollable_content_region.height - 2, 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.rows) - 1

    def action_mark(self) -> None:
        """Mark or unmark the highlighted action, and go on to the next."""
        row = self.current
        if row is None:
            return
        self.marked ^= {row.uuid}
        self.post_message(self.MarksChanged(len(self.marked)))
        self.action_cursor_down()
        self.refresh()

    def action_mark_all(self) -> None:
        """Mark every action shown (after a search or a filter); again, unmark them all."""
        shown = {r.uuid for r in self.rows}
        self.marked = set() if shown and shown <= self.marked else shown
        self.post_message(self.MarksChanged(len(self.marked)))
        self.refresh()

    def action_clear_marks(self) -> None:
        self.marked = set()
        self.post_message(self.MarksChanged(0))
        self.refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # escape clears the marks when there are some; otherwise it is the screen's (filters).
        if action == "clear_marks":
            return bool(self.marked)
        return True

    def marked_rows(self) -> list[ActionRow]:
        """The marked actions shown, in the table's order."""
        return [r for r in self.rows if r.uuid in self.marked]

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.current))

    def action_cycle_sort(self) -> None:
        keys = ["order", *(c.key for c, _ in self.columns(self.size.width))]
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.notify(f"Sorted by {self.sort_label}", timeout=2)

    def action_reverse_sort(self) -> None:
        self.sort_reverse = not self.sort_reverse

    @property
    def sort_label(self) -> str:
        """The sort in words, for the status line."""
        if self.sort_key == "order":
            return "document order" + (" (reversed)" if self.sort_reverse else "")
        heading = next(c.heading for c in COLUMNS if c.key == self.sort_key).lower()
        return heading + (" ↓" if self.sort_reverse else " ↑")

    # --- mouse ----------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:  # the header: sort by the clicked column, again to reverse
            x = event.x + int(self.scroll_x)
            for column, width in self.columns(self.scrollable_content_region.width):
                if x < width + 1:
                    if self.sort_key == column.key:
                        self.sort_reverse = not self.sort_reverse
                    else:
                        self.sort_key, self.sort_reverse = column.key, False
                    return
                x -= width + 1
            return
        index = event.y - 1 + int(self.scroll_y)
        if 0 <= index < len(self.rows):
            if index == self.cursor and event.chain >= 2:
                self.action_select()
            self.cursor = index

    # --- rendering ------------------------------------------------------------------------

    def on_resize(self) -> None:
        set_virtual_size(self, Size(self.scrollable_content_region.width, len(self.rows) + 1))

    def columns(self, width: int) -> list[tuple[Column, int]]:
        """The columns shown at ``width`` for the rows held now, and each one's width."""
        return fit_columns(width, self.measures)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        columns = self.columns(width)
        base = self.rich_style
        if y == 0:
            return self._header(columns, width, base)
        index = y - 1 + int(self.scroll_y)
        if not self.rows:  # the message, wrapped to the width (it names commands to run)
            text = Text(self.empty_message, style=base + Style(italic=True))
            lines = text.wrap(self.app.console, max(width - 1, 1))
            if 1 <= y <= len(lines):
                strip = Strip(list(lines[y - 1].render(self.app.console)))
                return strip.adjust_cell_length(width, base)
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        return self._row(self.rows[index], columns, width, base, index == self.cursor)

    def _header(self, columns: list[tuple[Column, int]], width: int, base: Style) -> Strip:
        style = base + self.get_component_rich_style("action-table--header")
        segments: list[Segment] = []
        for column, cell in columns:
            heading = column.heading
            if column.key == self.sort_key:
                heading += " ↓" if self.sort_reverse else " ↑"
            segments.append(Segment(_fit(heading, cell) + " ", style))
        return Strip(segments).adjust_cell_length(width, style)

    def _row(
        self,
        row: ActionRow,
        columns: list[tuple[Column, int]],
        width: int,
        base: Style,
        is_cursor: bool,
    ) -> Strip:
        overdue = row.overdue(self.today)
        style = base
        if row.archived:
            style += self.get_component_rich_style("action-table--archived", partial=True)
        if row.uuid in self.marked:
            style += self.get_component_rich_style("action-table--marked")
        if is_cursor:
            style += self.get_component_rich_style("action-table--cursor")
        # partial: only colour and weight, so the cursor's background shows through.
        dim = style + self.get_component_rich_style("action-table--dim", partial=True)
        late = style + (
            Style(bold=True)  # red on the cursor's blue would not read; the ⚠ still marks it
            if is_cursor
            else self.get_component_rich_style("action-table--overdue", partial=True)
        )
        segments: list[Segment] = []
        for column, cell in columns:
            if column.key == "status":
                label = f" {ARCHIVED if row.archived else row.status.label} "
                badge = _ARCHIVED_BADGE if row.archived else _badge(row.status)
                segments.append(Segment(label, badge))
                segments.append(Segment(" " * max(cell + 1 - len(label), 1), style))
                continue
            if column.key == "due":
                mark = "⚠ " if row.deadline and overdue else ""
                label = row.deadline or "—"
                if len(mark) + cell_len(label) > cell:  # the year first: "Q1 2021"
                    label = _short_label(label)
                text = _fit(mark + label, cell) + " "
                segments.append(Segment(text, late if mark else style if row.deadline else dim))
                continue
            value = {
                "ref": row.ref,
                "title": row.title,
                "lead": row.lead,
                "updated": row.latest_update.isoformat() if row.latest_update else "—",
            }[column.key]
            segments.append(Segment(_fit(value, cell) + " ", style))
        return Strip(segments).adjust_cell_length(width, style)


_ARCHIVED_BADGE = Style.parse("bold #ffffff on #4e4e4e")


@lru_cache(maxsize=16)
def _badge(status: Status) -> Style:
    return Style.parse(STATUS_STYLES[status])


_short_label = lru_cache(maxsize=4096)(short_label)
"""Deadline labels repeat across rows: each is read once, not on every paint."""


def _fit(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` cells, with an ellipsis when cut."""
    from rich.cells import set_cell_size

    # Newlines and tabs in user text must not break the line, nor escape sequences the
    # terminal: every cell the table paints goes through here.
    clean = one_line(text)
    if cell_len(clean) > width:
        return set_cell_size(clean, max(width - 1, 0)) + "…" if width > 0 else ""
    return set_cell_size(clean, width)
