"""The key bar: one line at the bottom listing the keys that work here, as Textual's Footer.

Textual's ``Footer`` makes a widget per key and rebuilds them all whenever the bindings change
(every focus change, every ``refresh_bindings``); on this 2-core machine that was a quarter of
a second of the app's start-up, before the first screen could show. This bar draws the same
information as one line of text: a change of bindings is a repaint, not a rebuild. It keeps
what the Footer gives users: disabled keys dimmed, a click runs the key, hovering a key shows
its tooltip, and the command palette key sits on the right.

Which keys show, in which order: the keys pinned on the right (``PINNED``: help, quit, and the
palette) at every width, so a newcomer always sees how to get help and out; on the left the
screen's own keys first (what one does to an action), then the focused widget's (moving,
sorting), as many as fit.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

PINNED = ("app.help", "app.quit")
"""Binding ids always shown, on the right: the way to every other key, and out."""


@dataclass(frozen=True)
class _Slot:
    """Where a key sits on the bar, for clicks and tooltips."""

    start: int
    end: int
    key: str
    enabled: bool
    tooltip: str


class KeyBar(Widget, can_focus=False):
    """The keys of the focused widget, its screen and the app, on one line."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._key_slots: list[_Slot] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def _shown_bindings(
        self,
    ) -> tuple[list[tuple[Binding, bool, str]], list[tuple[Binding, bool, str]]]:
        """The bindings to show on the left (one per action, the screen's first) and on the
        right (the pinned ones, then the command palette's)."""
        shown: dict[str, tuple[Binding, bool, str]] = {}
        screens: list[str] = []
        pinned: dict[str, tuple[Binding, bool, str]] = {}
        palette = None
        for node, binding, enabled, tooltip in self.screen.active_bindings.values():
            entry = (binding, enabled, tooltip or binding.tooltip)
            if binding.key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = entry
            elif binding.id in PINNED:
                pinned.setdefault(binding.id, entry)
            elif binding.show and binding.action not in shown:
                shown[binding.action] = entry
                if node is self.screen:
                    screens.append(binding.action)
        left = [shown[a] for a in screens] + [v for a, v in shown.items() if a not in screens]
        right = [pinned[i] for i in PINNED if i in pinned]
        return left, right + ([palette] if palette is not None else [])

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        dim = Style(dim=True)
        width = self.size.width
        bindings, right = self._shown_bindings()
        tail = Text()
        tail_slots: list[tuple[int, int, Binding, bool, str]] = []
        for binding, enabled, tooltip in right:
            start = tail.cell_len
            tail.append(f" {self.app.get_key_display(binding)} ", key_style)
            tail.append(f"{binding.description} ", description_style)
            tail_slots.append((start, tail.cell_len, binding, enabled, tooltip))
        line = Text(no_wrap=True, overflow="crop")
        slots: list[_Slot] = []
        room = width - tail.cell_len - 1
        for binding, enabled, tooltip in bindings:
            key = f" {self.app.get_key_display(binding)} "
            description = f"{binding.description} "
            cells = cell_len(key) + cell_len(description)
            if line.cell_len + cells > room:
                break
            start = line.cell_len
            line.append(key, key_style + dim if not enabled else key_style)
            line.append(description, description_style + dim if not enabled else description_style)
            slots.append(_Slot(start, line.cell_len, binding.key, enabled, tooltip))
        if tail and width > tail.cell_len:
            line.append(" " * max(width - line.cell_len - tail.cell_len, 0))
            offset = line.cell_len
            line.append_text(tail)
            for start, end, binding, enabled, tooltip in tail_slots:
                slots.append(_Slot(offset + start, offset + end, binding.key, enabled, tooltip))
        self._key_slots = slots
        return line

    def _slot_at(self, x: int) -> _Slot | None:
        return next((s for s in self._key_slots if s.start <= x < s.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        slot = self._slot_at(event.x)
        self.tooltip = slot.tooltip if slot is not None and slot.tooltip else None

    def on_leave(self) -> None:
        self.tooltip = None

    def on_click(self, event: events.Click) -> None:
        slot = self._slot_at(event.x)
        if slot is None:
            return
        if slot.enabled:
            self.app.simulate_key(slot.key.split(",")[0])
        else:
            self.app.bell()
