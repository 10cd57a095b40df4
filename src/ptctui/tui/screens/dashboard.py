"""The dashboard: where every package and plan stands, what is late, what is due, what changed.

The screen is handed a ``store.Dashboard`` the main screen has already read in a thread worker,
so it does no database work at all: it only lays the data out. Each list holds its first rows
(``store.standing.LISTED``: the most overdue, the soonest due) and its heading says how many
there are in all: at 100,000 actions some 70,000 may be overdue, more than a dashboard is
for. Choosing an action in one of the lists dismisses the screen with that action's
reference, and the caller shows the action.

Below ``WIDE`` cells the sections are stacked and the whole board scrolls; from ``WIDE`` on
(the ``-wide`` class) where things stand sits beside the overdue and upcoming lists, with the
latest changes across the full width beneath. What the sections show is drawn by
``widgets/standing.py`` (where things stand) and ``widgets/dashboard_lists.py`` (the lists).
"""

from __future__ import annotations

from collections.abc import Sequence, Sized
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import DataTable, Static

from ptctui.store import Dashboard
from ptctui.tui.widgets.dashboard_lists import (
    CHANGE_COLUMNS,
    OVERDUE_COLUMNS,
    QUIET_COLUMNS,
    UPCOMING_COLUMNS,
    ActionList,
    Cells,
    ListColumn,
    change_rows,
    overdue_rows,
    quiet_rows,
    upcoming_rows,
)
from ptctui.tui.widgets.key_bar import KeyBar
from ptctui.tui.widgets.standing import standing_table
from ptctui.workflow import UPCOMING_DAYS

# Where things stand moves beside the action lists only from here: the lists need some 60 cells
# before an action's title gets any room, and where things stand some 52.
WIDE = 140


def counted(label: str, total: int, shown: Sized, part: str) -> Text:
    """A list's heading with how many it counts: "Overdue (2)", or, when the list holds only
    the first of them (``store.standing.LISTED``), "Overdue (71,355; the 200 most overdue
    here, …)"."""
    total = max(total, len(shown))
    if total > len(shown):
        return Text(f"{label} ({total:,}; {part.format(n=f'{len(shown):,}')})")
    return Text(f"{label} ({total:,})")


def _listed(name: str, heading: Text, columns: Sequence[ListColumn], empty: str) -> ComposeResult:
    """One of the dashboard's lists: its counted heading, the list (id ``name``), and the line
    shown instead when it is empty."""
    yield Static(heading, classes="heading", id=f"{name}-heading")
    yield ActionList(columns, id=name)
    yield Static(Text(empty), classes="empty", id=f"{name}-empty")


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
        self._moved = False  # the user pressed a key: the focused list's cursor may be followed

    def compose(self) -> ComposeResult:
        # Laid out for the terminal's width from the first layout: set on mount, the class
        # made the board (where things stand above all) lay out and render twice.
        wide = self.app.size.width >= WIDE
        self.set_reactive(DashboardScreen.wide, wide)
        self.set_class(wide, "-wide")
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
                    yield from _listed(
                        "overdue",
                        counted(
                            "Overdue",
                            self.data.overdue_total,
                            self.data.overdue,
                            "the {n} most overdue here, all with o on the main screen",
                        ),
                        OVERDUE_COLUMNS,
                        "Nothing overdue.",
                    )
                    yield from _listed(
                        "upcoming",
                        counted(
                            f"Due in the next {UPCOMING_DAYS} days",
                            self.data.upcoming_total,
                            self.data.upcoming,
                            "the {n} soonest here",
                        ),
                        UPCOMING_COLUMNS,
                        f"Nothing due in the next {UPCOMING_DAYS} days.",
                    )
            with Vertical(id="quiet-section", classes="section"):
                yield from _listed(
                    "quiet",
                    counted(
                        "No news since the last meeting",
                        self.data.quiet_total,
                        self.data.quiet,
                        "the first {n} here",
                    ),
                    QUIET_COLUMNS,
                    "Every open action has news since its body last met.",
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
            "quiet": quiet_rows(self.data.quiet),
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

    def on_key(self) -> None:
        self._moved = True

    @on(DataTable.RowHighlighted)
    def _keep_in_view(self, event: DataTable.RowHighlighted) -> None:
        # A list scrolls its own rows; this keeps the list itself on the board's screen, once
        # the user moves (the first highlight, on opening, must not scroll the board's top
        # away: its title, where things stand and the first row show at 80×24).
        if event.data_table.has_focus and self._moved:
            event.data_table.scroll_visible(animate=False)

    @on(ActionList.AtTop)
    def _show_above(self, event: ActionList.AtTop) -> None:
        """Up from a list's first row shows its heading; from the first list's, the top."""
        shown = [t for t in self.query(ActionList) if t.display]
        if shown and event.table is shown[0]:
            self.query_one("#board", VerticalScroll).scroll_home(animate=False)
        else:
            self.query_one(f"#{event.table.id}-heading").scroll_visible(animate=False)

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
