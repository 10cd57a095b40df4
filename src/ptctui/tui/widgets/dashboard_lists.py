"""The dashboard's lists (overdue, due soon, latest changes): the list widget and its rows.

The lists are ``DataTable``s with one line per row. Rather than scrolling sideways, the title
column takes whatever width the other columns leave (``fit_widths``) and long titles end in an
ellipsis; the columns are refitted when the list is resized. Each row may name the action it
opens. The cells are built from the rows ``store.dashboard`` read (``overdue_rows``…); user
text in them is one printable line (``ptctui.text.one_line``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from ptctui import views
from ptctui.deadlines import short_label
from ptctui.store import ActionRow, ChangeView
from ptctui.text import one_line


def _line(text: str) -> str:
    """User text on one line: newlines and tabs in a title must not break a row, nor control
    characters the terminal (``ptctui.text.one_line``)."""
    return one_line(text)


def _deadline(label: str | None) -> str | None:
    """A deadline short enough for the column's cap, its year kept ("FY2019/20" for "2019-2020
    financial year", which the cap cut to "2019-2020 f…")."""
    return short_label(label) if label and len(label) > DEADLINE_CAP - 2 else label


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


@dataclass(frozen=True)
class ListColumn:
    """A column of a dashboard list."""

    key: str
    heading: str
    cap: int = 0  # the widest it gets while the title is short of room; 0: the title column
    right: bool = False  # right-aligned (numbers)


MIN_TITLE = 16
DEADLINE_CAP = 14


def fit_widths(columns: Sequence[ListColumn], natural: Sequence[int], room: int) -> list[int]:
    """Column widths (padding excluded) for ``room`` cells of content.

    Capped columns get their natural width up to their cap, the title column takes the rest
    (at least ``MIN_TITLE``); if the title then has more room than it needs, the capped
    columns get back what their cap cut off.
    """
    widths = [min(n, c.cap) if c.cap else 0 for c, n in zip(columns, natural, strict=True)]
    flex = next((i for i, c in enumerate(columns) if not c.cap), None)
    if flex is None:
        return list(natural)
    spare = room - sum(widths) - natural[flex]
    for i, column in enumerate(columns):
        if column.cap and spare > 0:
            extra = min(natural[i] - widths[i], spare)
            widths[i] += extra
            spare -= extra
    widths[flex] = max(room - sum(widths), MIN_TITLE)
    return widths


# A list row: the reference it opens (or None) and one Text per column.
Cells = tuple[str | None, list[Text]]


class ActionList(DataTable[Text]):
    """A dashboard list; each row may name the action it opens."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "Open",
            id="dashboard.open",
            tooltip="Show the highlighted action on the main screen",
        ),
        # The keys every list in the app moves by: j/k as the arrows, Home/End to the first
        # and last row (the cursor with them, not only the view).
        Binding("j", "cursor_down", "Down", show=False, id="dashboard.down"),
        Binding("k", "cursor_up", "Up", show=False, id="dashboard.up"),
        Binding("home", "scroll_top", "First", show=False, id="dashboard.first"),
        Binding("end", "scroll_bottom", "Last", show=False, id="dashboard.last"),
    ]

    class AtTop(Message):
        """Up, PgUp or Home on the first row: the board may show what is above the list."""

        def __init__(self, table: ActionList) -> None:
            super().__init__()
            self.table = table

    def action_cursor_up(self) -> None:
        if self.cursor_row <= 0:
            self.post_message(self.AtTop(self))
        super().action_cursor_up()

    def action_page_up(self) -> None:
        if self.cursor_row <= 0:
            self.post_message(self.AtTop(self))
        super().action_page_up()

    def action_scroll_top(self) -> None:
        self.post_message(self.AtTop(self))
        super().action_scroll_top()

    def __init__(self, columns: Sequence[ListColumn], *, id: str) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.list_columns = tuple(columns)
        """The columns, in order; one of them (no cap) takes the width the others leave."""
        self._rows: list[Cells] = []
        self._fitted: tuple[int, ...] = ()

    def set_rows(self, rows: Sequence[Cells]) -> None:
        """Show ``rows``: each is (the ref it opens or ``None``, one ``Text`` per column)."""
        self._rows = []
        for ref, cells in rows:
            fitted: list[Text] = []
            for cell in cells:
                cell = cell.copy()
                cell.no_wrap, cell.overflow = True, "ellipsis"
                fitted.append(cell)
            self._rows.append((ref, fitted))
        self._fitted = ()
        self._fit()

    def ref_at(self, row_key: str | None) -> str | None:
        """The reference the row with ``row_key`` opens, if any."""
        if row_key is None or not row_key.isdigit() or int(row_key) >= len(self._rows):
            return None
        return self._rows[int(row_key)][0]

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        room = self.scrollable_content_region.width - 2 * self.cell_padding * len(self.list_columns)
        if self.scrollable_content_region.width <= 0:
            return
        natural = [
            max([cell_len(c.heading), *(cells[i].cell_len for _, cells in self._rows)])
            for i, c in enumerate(self.list_columns)
        ]
        widths = tuple(fit_widths(self.list_columns, natural, room))
        if widths == self._fitted:
            return
        self._fitted = widths
        row = self.cursor_row
        self.clear(columns=True)
        for column, width in zip(self.list_columns, widths, strict=True):
            heading = Text(column.heading, justify="right" if column.right else "left")
            self.add_column(heading, width=width, key=column.key)
        for index, (_, cells) in enumerate(self._rows):
            self.add_row(*cells, key=str(index))
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1), animate=False, scroll=False)


OVERDUE_COLUMNS = (
    ListColumn("ref", "Ref", cap=10),
    ListColumn("title", "Action"),
    ListColumn("deadline", "Deadline", cap=DEADLINE_CAP),
    ListColumn("late", "Late", cap=9, right=True),
    ListColumn("status", "Status", cap=13),
)
UPCOMING_COLUMNS = (
    ListColumn("ref", "Ref", cap=10),
    ListColumn("title", "Action"),
    ListColumn("deadline", "Deadline", cap=DEADLINE_CAP),
    ListColumn("in", "Due in", cap=9, right=True),
    ListColumn("status", "Status", cap=13),
)
QUIET_COLUMNS = (
    ListColumn("ref", "Ref", cap=10),
    ListColumn("title", "Action"),
    ListColumn("meeting", "Since", cap=12),
    ListColumn("updated", "Last news", cap=11),
    ListColumn("status", "Status", cap=13),
)
CHANGE_COLUMNS = (
    ListColumn("at", "When (UTC)", cap=16),
    ListColumn("by", "Who", cap=12),
    ListColumn("summary", "Change"),
)


def overdue_rows(rows: Sequence[ActionRow], today: date) -> list[Cells]:
    """The Overdue list's cells."""
    result: list[Cells] = []
    for row in rows:
        late = (today - row.due_date).days if row.due_date else 0
        result.append(
            (
                row.ref,
                [
                    Text(_line(row.ref), style="bold"),
                    Text(_line(row.title)),
                    views.deadline_text(_deadline(row.deadline), overdue=True),
                    Text(_days(late), style="bold red", justify="right"),
                    views.status_badge(row.status),
                ],
            )
        )
    return result


def quiet_rows(rows: Sequence[tuple[ActionRow, str]]) -> list[Cells]:
    """The "since the last meeting" list's cells: each action, the meeting, its last news."""
    return [
        (
            row.ref,
            [
                Text(_line(row.ref), style="bold"),
                Text(_line(row.title)),
                Text(_line(meeting)),
                Text(row.latest_update.isoformat() if row.latest_update else "—", style="dim"),
                views.status_badge(row.status),
            ],
        )
        for row, meeting in rows
    ]


def upcoming_rows(rows: Sequence[ActionRow], today: date) -> list[Cells]:
    """The upcoming-deadlines list's cells."""
    result: list[Cells] = []
    for row in rows:
        days = (row.due_date - today).days if row.due_date else 0
        result.append(
            (
                row.ref,
                [
                    Text(_line(row.ref), style="bold"),
                    Text(_line(row.title)),
                    views.deadline_text(_deadline(row.deadline), overdue=False),
                    Text("today" if days == 0 else _days(days), justify="right"),
                    views.status_badge(row.status),
                ],
            )
        )
    return result


def change_rows(rows: Sequence[ChangeView]) -> list[Cells]:
    """The Latest changes list's cells."""
    result: list[Cells] = []
    for change in rows:
        summary = Text(_line(change.summary))
        if change.undone:
            summary.stylize("strike")
            summary.append(" (undone)", style="italic")
        result.append(
            (
                change.ref,
                [
                    Text(change.at.strftime("%Y-%m-%d %H:%M")),
                    Text(_line(change.by)),
                    summary,
                ],
            )
        )
    return result
