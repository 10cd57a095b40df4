"""Pilot tests of the main screen's scrolling widgets, alone in a small app.

The detail pane, the table and the search box change their virtual size without laying out
the screen (``widgets.scrolling``, ``widgets.search_input``); these tests check that what a
user does with them still works: scrolling to the end, scrollbars that come and go, a search
longer than its box.
"""

from __future__ import annotations

from dataclasses import replace

from rich.cells import cell_len
from rich.text import Text
from textual.app import App, ComposeResult

from ptctui.store import OutlineNode, Tally
from ptctui.tui.widgets.detail_view import DetailView
from ptctui.tui.widgets.plan_tree import PlanTree
from ptctui.tui.widgets.search_input import SearchInput
from ptctui.workflow import Status


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


# --- the plan tree -----------------------------------------------------------------------------


class Outline(App[None]):
    def __init__(self, width: int) -> None:
        super().__init__()
        self.width = width

    def compose(self) -> ComposeResult:
        tree = PlanTree(id="tree")
        tree.styles.width = self.width
        yield tree


def _tally(done: int, total: int, overdue: int) -> Tally:
    return Tally(counts={Status.COMPLETED: done, Status.PLANNED: total - done}, overdue=overdue)


OUTLINE = [
    OutlineNode(
        "package",
        "P1",
        "Package one",
        _tally(306, 2000, 1404),
        children=(
            OutlineNode(
                "plan",
                "P1-1",
                "Action plan P1-1",
                _tally(96, 500, 345),
                children=(
                    OutlineNode("component", "P1-1:1", "1. Component 1", _tally(46, 100, 43)),
                ),
            ),
        ),
    )
]


async def _tree_lines(width: int) -> list[str]:
    app = Outline(width)
    async with app.run_test(size=(60, 10)) as pilot:
        tree = app.query_one(PlanTree)
        tree.load(OUTLINE, _tally(1491, 10000, 7030))
        await pilot.pause()
        return [tree.render_line(y).text.rstrip() for y in range(4)]


async def test_a_narrow_tree_cuts_names_never_counts() -> None:
    """At 80 columns the tree leaves its labels 22 cells, and 10,000 actions' counts filled
    them: a label cut at the edge showed "⚠4" for 43 overdue. Names give way (…), the counts
    stay whole."""
    assert await _tree_lines(24) == [
        "▼ All… 1491/10000 ⚠7030",
        "└ ▼ P1  306/2000 ⚠1404",
        "  └ ▼ Actio… 96/500 ⚠345",
        "    └ 1. Com… 46/100 ⚠43",
    ]


async def test_counts_too_wide_for_the_tree_are_shown_compact_never_cut() -> None:
    """Compact where whole counts would leave no room for a name's first letter, rounded down
    (1491 is 1.4k, 7030 is 7k) so that it never claims more than there is; with no room for a
    name at all, the counts alone."""
    assert await _tree_lines(18) == [
        "▼ Al… 1.4k/10k ⚠7k",
        "└ ▼… 306/2k ⚠1.4k",
        "  └ ▼… 96/500 ⚠345",
        "    └ 46/100 ⚠43",
    ]


async def test_wide_characters_are_fitted_by_the_cells_they_take() -> None:
    """A CJK character takes two cells: the name is cut by cells, so the counts stay whole."""
    plan = OUTLINE[0].children[0]
    wide = [replace(OUTLINE[0], children=(replace(plan, label="税関手続きの近代化計画"),))]
    app = Outline(24)
    async with app.run_test(size=(60, 10)) as pilot:
        tree = app.query_one(PlanTree)
        tree.load(wide, _tally(1491, 10000, 7030))
        await pilot.pause()
        line = tree.render_line(2).text.rstrip()
    assert line.endswith("… 96/500 ⚠345") and cell_len(line) <= 24, line
