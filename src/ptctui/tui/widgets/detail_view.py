"""The detail pane: one action in full, read and rendered to lines off the main thread.

A ``Static`` holding the action's Rich panel lays the whole screen out again and renders the
panel twice (to measure it, then to draw it) each time the highlighted action changes, on the
main thread, while the user is moving the cursor. This view instead reads the action and
renders it at the pane's width in a thread worker (``follow``, ``render_strips``) and reports
the lines to itself in a ``Rendered`` message, shown if that action is still the one it was
last asked to follow (the cursor may have moved on). Showing another action only sets the
lines and repaints, and the pane's size never depends on what it shows.
Its width is fixed (``scrollbar-gutter: stable`` keeps the scrollbar's column), so lines
rendered for it fit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from rich.console import Console, RenderableType
from rich.text import Text
from sqlalchemy.engine import Engine
from textual import work
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from ptctui import store, views
from ptctui.errors import user_message
from ptctui.tui.widgets.scrolling import set_virtual_size

PLACEHOLDER = Text("No action highlighted.", style="italic")
READ_DELAY = 0.05  # seconds a read waits for the cursor to settle


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

    # The keys every list and pane in the app moves by (the arrows, PgUp/PgDn, Home/End come
    # with ScrollView): j/k as well.
    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False, id="detail.down"),
        Binding("k", "scroll_up", "Up", show=False, id="detail.up"),
    ]

    @dataclass
    class Rendered(Message):
        """The action ``uuid`` read in full, and its lines rendered at ``width``."""

        uuid: str
        renderable: RenderableType
        lines: list[Strip]
        width: int

    @dataclass
    class Failed(Message):
        """The action could not be read (``error`` says why in one line)."""

        error: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.content: RenderableType = PLACEHOLDER
        """What is shown, as a Rich renderable (tests and re-renders read it)."""
        self._lines: list[Strip] = []
        self._width = 0
        self._wanted: str | None = None  # the action last asked for
        self._shown: str | None = None  # the action on show

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

    def follow(self, uuid: str | None, *, engine: Engine, today: date, again: bool = False) -> None:
        """Show the action ``uuid`` (``None``: the placeholder): read and render it in a
        worker unless it is on show already, or ``again`` (it changed); a read that fails
        posts ``Failed``."""
        self._wanted = uuid
        if uuid is None:
            self._shown = None
            self.show(PLACEHOLDER)
        elif uuid != self._shown or again:
            self._read(uuid, self.line_width, engine, today)

    def on_detail_view_rendered(self, message: Rendered) -> None:
        message.stop()
        if message.uuid == self._wanted:  # else the cursor moved on while it was read
            same = message.uuid == self._shown  # read again after a change: stay in place
            self._shown = message.uuid
            self.show(message.renderable, message.lines, message.width, keep_scroll=same)

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _read(self, uuid: str, width: int, engine: Engine, today: date) -> None:
        """Read one action in full and render it to lines of ``width`` cells, off the main
        thread (Rich renderables are headless).

        The worker waits a moment first: while a key is held, each new cursor position
        cancels the previous (exclusive) worker, so only where the cursor stops is rendered.
        """
        time.sleep(READ_DELAY)
        if get_current_worker().is_cancelled:
            return
        try:
            with store.reading(engine) as session:
                action = store.resolve_action(session=session, ref=uuid)
                detail = store.action_detail(session=session, action=action)
        except Exception as error:
            self.post_message(self.Failed(user_message(error) or repr(error)))
            return
        if get_current_worker().is_cancelled:  # superseded: a newer read is on its way
            return
        renderable = views.action_view(detail, today=today)
        lines = render_strips(renderable, width)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Rendered(uuid, renderable, lines, width))

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
