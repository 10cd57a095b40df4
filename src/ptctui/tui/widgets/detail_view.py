"""The detail pane: one action in full, drawn from lines rendered off the main thread.

A ``Static`` holding the action's Rich panel lays the whole screen out again and renders the
panel twice (to measure it, then to draw it) each time the highlighted action changes, on the
main thread, while the user is moving the cursor. This view instead takes lines the worker has
already rendered at the pane's width (``render_strips``); showing another action only sets the
lines and repaints, and the pane's size never depends on what it shows. Its width is fixed
(``scrollbar-gutter: stable`` keeps the scrollbar's column), so lines rendered for it fit.
"""

from __future__ import annotations

from rich.console import Console, RenderableType
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ptctui.tui.widgets.scrolling import set_virtual_size

PLACEHOLDER = Text("No action highlighted.", style="italic")


def render_strips(renderable: RenderableType, width: int) -> list[Strip]:
    """``renderable`` as lines of ``width`` cells: safe to call from a worker thread."""
    width = max(width, 1)
    console = Console(
        width=width,
        color_system="truecolor",
        force_terminal=True,
        legacy_windows=False,
        highlight=False,
    )
    lines = console.render_lines(renderable, console.options.update_width(width), pad=True)
    return [Strip(line, width) for line in lines]


class DetailView(ScrollView, can_focus=True):
    """The highlighted action in full; scrolls when focused (enter from the table)."""

    DEFAULT_CSS = """
    DetailView { scrollbar-gutter: stable; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.content: RenderableType = PLACEHOLDER
        """What is shown, as a Rich renderable (tests and re-renders read it)."""
        self._lines: list[Strip] = []
        self._width = 0

    @property
    def line_width(self) -> int:
        """The width lines must be rendered at to fill the pane."""
        return self.scrollable_content_region.width

    def show(
        self,
        content: RenderableType,
        lines: list[Strip] | None = None,
        width: int | None = None,
        *,
        keep_scroll: bool = False,
    ) -> None:
        """Show ``content``, from ``lines`` already rendered at ``width`` when they fit."""
        self.content = content
        if lines is None or width != self.line_width:
            width = self.line_width
            lines = render_strips(content, width)
        self._lines, self._width = lines, width
        set_virtual_size(self, Size(width, len(lines)))
        if not keep_scroll:
            self.scroll_to(y=0, animate=False)
        self.refresh()

    def on_resize(self) -> None:
        if self.line_width != self._width and self.line_width > 0:
            self.show(self.content, keep_scroll=True)

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        width = self.scrollable_content_region.width
        index = y + int(self.scroll_y)
        if 0 <= index < len(self._lines):
            return self._lines[index].apply_style(base).crop_extend(0, width, base)
        return Strip.blank(width, base)
