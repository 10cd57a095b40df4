"""Pilot tests of the main screen's scrolling widgets, alone in a small app.

The detail pane, the table and the search box change their virtual size without laying out
the screen (``widgets.scrolling``, ``widgets.search_input``); these tests check that what a
user does with them still works: scrolling to the end, scrollbars that come and go, a search
longer than its box.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from ptctui.tui.widgets.detail_view import DetailView
from ptctui.tui.widgets.search_input import SearchInput


class Pane(App[None]):
    CSS = "DetailView { height: 10; width: 40; } SearchInput { width: 20; }"

    def compose(self) -> ComposeResult:
        yield SearchInput(id="search")
        yield DetailView(id="detail")


def _lines(n: int) -> Text:
    return Text("\n".join(f"line {i}" for i in range(n)))


async def test_the_detail_pane_scrolls_to_the_end_of_whatever_it_shows() -> None:
    app = Pane()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(DetailView)
        height = pane.scrollable_content_region.height
        pane.show(_lines(100))
        pane.focus()
        await pilot.pause()
        await pilot.press("end")
        await pilot.wait_for_scheduled_animations()
        assert pane.show_vertical_scrollbar
        assert pane.scroll_y == 100 - height
        assert pane.vertical_scrollbar.window_virtual_size == 100

        pane.show(_lines(60))  # still scrolls: the size changes without a layout
        await pilot.pause()
        assert pane.scroll_y == 0 and pane.vertical_scrollbar.window_virtual_size == 60
        await pilot.press("end")
        await pilot.wait_for_scheduled_animations()
        assert pane.scroll_y == 60 - height
        assert pane.render_line(height - 1).text.strip() == "line 59"

        pane.show(_lines(3))  # fits: the scrollbar goes
        await pilot.pause()
        assert not pane.show_vertical_scrollbar and pane.max_scroll_y == 0
        pane.show(_lines(30), keep_scroll=True)  # and comes back
        await pilot.pause()
        assert pane.show_vertical_scrollbar and pane.max_scroll_y == 30 - height


async def test_a_search_longer_than_its_box_keeps_the_cursor_in_view() -> None:
    app = Pane()
    async with app.run_test(size=(60, 20)) as pilot:
        search = app.query_one(SearchInput)
        search.focus()
        await pilot.press(*"customs enforcement network")
        await pilot.pause()
        assert search.value == "customs enforcement network"
        assert search.virtual_size.width == len(search.value) + 1
        assert search.scroll_x > 0  # scrolled so that the end, where the cursor is, shows
        x = search.cursor_screen_offset.x
        assert search.content_region.x <= x <= search.content_region.right  # as Input has it
        await pilot.press("home")
        await pilot.pause()
        assert search.scroll_x == 0
