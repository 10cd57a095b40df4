"""The main screen's search box: an ``Input`` whose keystrokes do not lay out the screen.

``Input`` sets its virtual size to its text's width on every change of value, and that
reactive asks for a layout of the whole screen: about 12 ms, then every widget repaints,
on each keystroke of an incremental search. This box's width is fixed by the stylesheet and it
shows no scrollbar, so its virtual size only bounds its horizontal scrolling: it is set quietly
first, which makes ``Input``'s own assignment a no-op. Everything else is ``Input``'s.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import Input


class SearchInput(Input):
    """An ``Input`` of fixed size that repaints, not re-lays-out, as its text changes."""

    def _watch_value(self, value: str) -> None:
        if not self.styles.auto_dimensions:
            self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)
