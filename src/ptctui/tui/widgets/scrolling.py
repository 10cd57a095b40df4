"""Changing how much a fixed-size scrolling view holds, without laying out the screen.

``virtual_size`` is a reactive that asks for a layout of the whole screen when it changes:
right for a widget whose own size follows its content, wasted on the table and the detail
pane, whose sizes the stylesheet fixes. A layout costs about 12 ms and makes every widget
repaint; the table's row count changes on each keystroke of a search, the detail pane's line
count on most cursor moves. Only a scrollbar that appears or disappears needs the layout (the
compositor places it), so only then is the reactive set the usual way.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget


def set_virtual_size(view: Widget, size: Size) -> None:
    """Give ``view`` (sized by CSS, vertical scrolling only) a new virtual size."""
    region = view.scrollable_content_region
    if (
        (size.height > region.height) != view.show_vertical_scrollbar
        or size.width > region.width
        or view.show_horizontal_scrollbar
    ):
        # A scrollbar comes or goes: a layout places it. Textual decides which bars show
        # only when a layout changes the widget's size or its content region's, which a
        # virtual size that happens to equal the content region does not: decide now.
        view.virtual_size = size
        view._refresh_scrollbars()
        return
    if size == view.virtual_size:
        return  # (a search keystroke that keeps every row: the scrollbar is as it was)
    view.set_reactive(Widget.virtual_size, size)
    if view.show_vertical_scrollbar:
        bar = view.vertical_scrollbar
        bar.window_virtual_size = size.height
        bar.refresh()
    view.scroll_y = view.validate_scroll_y(view.scroll_y)
    view.refresh()
