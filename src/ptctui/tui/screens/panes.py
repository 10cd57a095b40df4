"""Where the main screen's panes go: beside or below, shown or hidden, zoomed, or a message
when the terminal is too small for any of them.

``PanedScreen`` is the main screen's base: the CSS classes it sets on itself (``-wide``,
``-no-tree``, ``-no-detail``, ``-zoom-PANE``, ``-too-small``) and ``app.tcss`` decide the
layout. The choices t and i make are remembered through the ``AppContext`` (the app keeps them
in the user's settings file, ``config.py``); with none made, the tree shows from ``TREE_FROM``
columns, so a title keeps at least 40 cells at a laptop's 80. The keys are bound on the main
screen (``screens/main.py``), in the order its key bar shows them.
"""

from __future__ import annotations

from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from ptctui.tui.context import AppContext
from ptctui.tui.widgets.action_table import ActionTable

WIDE = 120  # from this width the detail sits beside the table instead of below it
TREE_FROM = 100  # narrower, the tree starts hidden (t shows it), so a title keeps 40 cells
PANES = ("tree", "centre", "detail")  # the panes z can zoom, by id
MIN_SIZE = (60, 16)  # smaller, the panes cannot show a row and its detail: say so instead


class PanedScreen(Screen[None]):
    """A screen of the tree, the action list and the detail pane, laid out by width and by
    what the user chose to see."""

    context: AppContext

    wide: reactive[bool] = reactive(False)
    """The terminal is at least ``WIDE`` cells wide: the detail beside the table."""
    zoomed: reactive[str] = reactive("")
    """The pane (``PANES``) that fills the screen, or "" for all of them."""

    @property
    def too_small(self) -> Static:
        """What shows instead of the panes in a terminal under ``MIN_SIZE``."""
        if not hasattr(self, "_too_small"):
            self._too_small = Static(id="too-small", markup=False)
        return self._too_small

    def lay_out(self, width: int, height: int) -> None:
        """The classes that place the panes at ``width`` × ``height`` (called in compose,
        before the widgets are styled: set on mount, they restyled every widget once more
        before the first frame)."""
        self.wide = width >= WIDE
        self._show_panes(width)
        self._check_size(width, height)

    def on_resize(self) -> None:
        self.lay_out(self.size.width, self.size.height)

    def _check_size(self, width: int, height: int) -> None:
        """Below ``MIN_SIZE``, one line saying how big to make the terminal instead of panes
        too small to read."""
        small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        self.set_class(small, "-too-small")
        if small:
            need = f"{MIN_SIZE[0]}×{MIN_SIZE[1]}"
            now = f"{width}×{height}"
            self.too_small.update(
                f"Make the terminal at least {need}\n(it is {now} now).\n\nq quits."
            )

    def watch_wide(self, wide: bool) -> None:
        self.set_class(wide, "-wide")

    # --- which panes show -----------------------------------------------------------------------

    def pane_shown(self, pane: str, width: int) -> bool:
        """Whether ``pane`` ("tree" or "detail") shows: as the user last chose with t or i
        (remembered across starts), else the tree from ``TREE_FROM`` columns and the detail
        always."""
        choice = self.context.layout.get(pane)
        if choice in ("shown", "hidden"):
            return choice == "shown"
        return pane != "tree" or width >= TREE_FROM

    def _show_panes(self, width: int) -> None:
        for pane in ("tree", "detail"):
            self.set_class(not self.pane_shown(pane, width), f"-no-{pane}")

    def action_toggle_pane(self, pane: str) -> None:
        """Hide or show the tree or the detail pane, and remember the choice."""
        shown = not self.pane_shown(pane, self.size.width)
        choice = "shown" if shown else "hidden"
        self.context.layout[pane] = choice
        self.context.remember(pane, choice)
        self.zoomed = ""
        self._show_panes(self.size.width)
        if not shown and self._focused_pane() == pane:
            self.query_one(ActionTable).focus()

    def _focused_pane(self) -> str:
        node = self.focused
        while node is not None and node.id not in PANES:
            node = node.parent  # type: ignore[assignment]
        return node.id if node is not None and node.id else ""

    def action_zoom(self) -> None:
        """The focused pane alone fills the screen; again, every pane shown comes back."""
        self.zoomed = "" if self.zoomed else self._focused_pane()

    def watch_zoomed(self, zoomed: str) -> None:
        for pane in PANES:
            self.set_class(zoomed == pane, f"-zoom-{pane}")
