"""The dashboard: where every package and plan stands, what is late, what is due, what changed.

The screen is handed a ``store.Dashboard`` the main screen has already read in a thread worker,
so it does no database work at all: it only lays the data out. Choosing an action in one of the
lists dismisses the screen with that action's reference, and the caller shows the action.

The lists are ``DataTable``s with one line per row. Rather than scrolling sideways, the title
column takes whatever width the other columns leave and long titles end in an ellipsis; the
columns are refitted when the terminal is resized. Below ``WIDE`` cells the sections are stacked
and the whole board scrolls; from ``WIDE`` on (the ``-wide`` class) where things stand sits
beside the overdue and upcoming lists, with the latest changes across the full width beneath.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Span, Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import DataTable, Static

from ptctui import views
from ptctui.store import ActionRow, ChangeView, Dashboard, Tally
from ptctui.text import one_line
from ptctui.tui.widgets.key_bar import KeyBar
from ptctui.views import STATUS_TEXT_STYLES
from ptctui.workflow import UPCOMING_DAYS, Status

# Where things stand moves beside the action lists only from here: the lists need some 60 cells
# before an action's title gets any room, and where things stand some 52.
WIDE = 140
# The horizon ``store.dashboard`` uses by default; ``Dashboard`` itself does not carry it.
EMPTY_DATABASE = "No packages yet — add data with `ptctui add` or import a file."

# STATUS_TEXT_STYLES are chosen for a dark background; on a light one yellow3, green3 and
# grey62 are too pale to read, so counts written inline use darker shades of the same hues.
LIGHT_TEXT_STYLES: dict[Status, str] = {
    Status.PLANNED: "grey35",
    Status.IN_PROGRESS: "dark_orange3",
    Status.ONGOING: "blue3",
    Status.COMPLETED: "green4",
    Status.POSTPONED: "dark_goldenrod",
    Status.ON_HOLD: "purple4",
    Status.CANCELLED: "red3",
}
_TO_LIGHT = {STATUS_TEXT_STYLES[s]: LIGHT_TEXT_STYLES[s] for s in Status}


def tally_text(tally: Tally, *, dark: bool) -> Text:
    """``views.tally_text``, in shades that read on the current theme's background."""
    text = views.tally_text(tally)
    if not dark:
        text.spans = [
            Span(s.start, s.end, _TO_LIGHT.get(str(s.style), s.style)) for s in text.spans
        ]
    return text


def _line(text: str) -> str:
    """User text on one line: newlines and tabs in a title must not break a row, nor control
    characters the terminal (``ptctui.text.one_line``)."""
    return one_line(text)


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
BAR_WIDTH = 10


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
    ]

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
    ListColumn("deadline", "Deadline", cap=14),
    ListColumn("late", "Late", cap=9, right=True),
    ListColumn("status", "Status", cap=13),
)
UPCOMING_COLUMNS = (
    ListColumn("ref", "Ref", cap=10),
    ListColumn("title", "Action"),
    ListColumn("deadline", "Deadline", cap=14),
    ListColumn("in", "Due in", cap=9, right=True),
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
                    views.deadline_text(row.deadline, overdue=True),
                    Text(_days(late), style="bold red", justify="right"),
                    views.status_badge(row.status),
                ],
            )
        )
    return result


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
                    views.deadline_text(row.deadline, overdue=False),
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


def standing_table(data: Dashboard, *, dark: bool) -> RenderableType:
    """Each package, its plans indented beneath: progress and overdue on the name's line, the
    counts per status on the next line across the whole width (they are the longest part)."""
    if not data.packages:
        return Text(EMPTY_DATABASE, style="italic")
    entries: list[tuple[int, Text, Tally]] = []
    for package in data.packages:
        name = Text.assemble((_line(package.code), "bold"), "  ", (_line(package.name), "bold"))
        entries.append((0, name, package.tally))
        for plan in data.plans:
            if plan.package == package.code:
                title = Text.assemble((_line(plan.code), "bold"), "  ", _line(plan.title))
                entries.append((2, title, plan.tally))
    bars = [progress_bar(tally) for _, _, tally in entries]
    bar_width = max(cell_len("Done"), *(bar.cell_len for bar in bars))
    late_width = max(cell_len("Overdue"), *(len(str(t.overdue)) for _, _, t in entries))

    def line(name: RenderableType, bar: RenderableType, late: RenderableType) -> Table:
        grid = Table.grid(padding=(0, 0, 0, 2), expand=True)
        grid.add_column(ratio=1)
        # A column's width counts its padding.
        grid.add_column(width=bar_width + 2, no_wrap=True)
        grid.add_column(width=late_width + 2, justify="right", no_wrap=True)
        grid.add_row(name, bar, late)
        return grid

    heading = [Text(h, style="bold") for h in ("Package / plan", "Done", "Overdue")]
    parts: list[RenderableType] = [line(*heading)]
    for (indent, name, tally), bar in zip(entries, bars, strict=True):
        parts.append(
            Padding(
                Group(line(name, bar, views.overdue_count(tally)), _counts(tally, dark=dark)),
                (0, 0, 0, indent),
            )
        )
    return Group(*parts)


def progress_bar(tally: Tally) -> Text:
    """``views.progress_bar`` at the dashboard's width."""
    return views.progress_bar(tally, width=BAR_WIDTH)


def _counts(tally: Tally, *, dark: bool) -> Text:
    if not tally.total:
        return Text("no actions yet", style="dim italic")
    return tally_text(tally, dark=dark)


class DashboardScreen(Screen[str | None]):
    """Counts, what is overdue, what is due soon and the latest changes, on one screen."""

    DEFAULT_CSS = """
    DashboardScreen {
        #dash-title { padding: 0 1; background: $panel; text-style: bold; }
        #board { padding: 0 1; scrollbar-size-vertical: 1; }
        #top { layout: vertical; height: auto; }
        .section { height: auto; }
        .heading { margin-top: 1; text-style: bold; color: $text-primary; }
        .empty { color: $text-muted; text-style: italic; }
        ActionList {
            width: 1fr;
            max-height: 50vh;
            /* The columns are fitted to the width: never a sideways scrollbar. The vertical
               gutter is kept so that fitting does not change when a scrollbar appears. */
            overflow-x: hidden;
            scrollbar-gutter: stable;
            scrollbar-size-vertical: 1;
            scrollbar-size-horizontal: 0;
        }
        &.-wide {
            #top { layout: horizontal; }
            #standing-section { width: 38%; min-width: 52; max-width: 64; margin-right: 2; }
            #lists { width: 1fr; }
            ActionList { max-height: 40vh; }
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,g", "close", "Close", id="dashboard.close", tooltip="Back to the main screen"
        ),
        Binding("question_mark", "help", "Help", id="dashboard.help", tooltip="Every key"),
    ]

    wide: reactive[bool] = reactive(False)
    """The terminal is at least ``WIDE`` cells wide: sections side by side."""

    def __init__(self, data: Dashboard) -> None:
        super().__init__()
        self.data = data
        """Everything shown, read by the caller."""

    def compose(self) -> ComposeResult:
        today = self.data.today
        yield Static(Text(f"Dashboard — as of {today.day} {today:%B %Y}"), id="dash-title")
        with VerticalScroll(id="board"):
            # Stacked when narrow (in this order); when wide, where things stand sits to the
            # left of the two action lists and the latest changes run full width beneath.
            with Container(id="top"):
                with Vertical(id="standing-section", classes="section"):
                    yield Static(Text("Where things stand"), classes="heading")
                    yield Static(id="standing")
                with Vertical(id="lists", classes="section"):
                    yield Static(
                        Text(f"Overdue ({len(self.data.overdue)})"),
                        classes="heading",
                        id="overdue-heading",
                    )
                    yield ActionList(OVERDUE_COLUMNS, id="overdue")
                    yield Static(Text("Nothing overdue."), classes="empty", id="overdue-empty")
                    yield Static(
                        Text(f"Due in the next {UPCOMING_DAYS} days ({len(self.data.upcoming)})"),
                        classes="heading",
                        id="upcoming-heading",
                    )
                    yield ActionList(UPCOMING_COLUMNS, id="upcoming")
                    yield Static(
                        Text(f"Nothing due in the next {UPCOMING_DAYS} days."),
                        classes="empty",
                        id="upcoming-empty",
                    )
            with Vertical(id="changes-section", classes="section"):
                yield Static(Text("Latest changes"), classes="heading", id="changes-heading")
                yield ActionList(CHANGE_COLUMNS, id="changes")
                yield Static(Text("No changes recorded yet."), classes="empty", id="changes-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        self.wide = self.size.width >= WIDE
        self._show_standing()
        today = self.data.today
        filled: dict[str, list[Cells]] = {
            "overdue": overdue_rows(self.data.overdue, today),
            "upcoming": upcoming_rows(self.data.upcoming, today),
            "changes": change_rows(self.data.recent),
        }
        first: ActionList | None = None
        for key, rows in filled.items():
            table = self.query_one(f"#{key}", ActionList)
            table.set_rows(rows)
            table.display = bool(rows)
            self.query_one(f"#{key}-empty", Static).display = not rows
            if rows and first is None:
                first = table
        if first is not None:
            # Without scrolling: the board opens at its top, on where things stand.
            first.focus(scroll_visible=False)
        else:
            self.query_one("#board", VerticalScroll).focus(scroll_visible=False)
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def on_resize(self) -> None:
        self.wide = self.size.width >= WIDE

    def watch_wide(self, wide: bool) -> None:
        self.set_class(wide, "-wide")

    def _theme_changed(self, theme: Theme) -> None:
        self._show_standing()

    def _show_standing(self) -> None:
        dark = self.app.current_theme.dark
        self.query_one("#standing", Static).update(standing_table(self.data, dark=dark))

    @on(DataTable.RowHighlighted)
    def _keep_in_view(self, event: DataTable.RowHighlighted) -> None:
        # A list scrolls its own rows; this keeps the list itself on the board's screen.
        if event.data_table.has_focus:
            event.data_table.scroll_visible(animate=False)

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        table = event.data_table
        ref = table.ref_at(event.row_key.value) if isinstance(table, ActionList) else None
        if ref:
            self.dismiss(ref)
        else:
            self.notify("This change is not about one action.", timeout=3)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        from ptctui.tui.screens.help import HelpScreen, bindings_in_force

        self.app.push_screen(HelpScreen(bindings_in_force(self.app)))
