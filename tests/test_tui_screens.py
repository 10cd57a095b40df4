"""Pilot tests of the dashboard and the key list, on data read from a real database."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.console import Console
from rich.text import Text
from sqlalchemy.engine import Engine
from textual.app import App
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Static

from conftest import TODAY
from ptctui import store
from ptctui.tui.screens.dashboard import DashboardScreen
from ptctui.tui.screens.help import NOTE, HelpScreen, bindings_in_force
from ptctui.tui.widgets.dashboard_lists import ActionList
from ptctui.tui.widgets.standing import (
    EMPTY_DATABASE,
    LIGHT_TEXT_STYLES,
    standing_table,
    tally_text,
)
from ptctui.workflow import Status


def _dashboard(engine: Engine) -> store.Dashboard:
    with store.reading(engine) as session:
        return store.dashboard(session=session, today=TODAY)


def _plain(widget: Static) -> str:
    content = widget.content
    return content.plain if isinstance(content, Text) else str(content)


def _cells(table: DataTable[Text], column: str) -> list[str]:
    return [
        table.get_cell_at(Coordinate(row, table.get_column_index(column))).plain
        for row in range(table.row_count)
    ]


class Host(App[None]):
    """Pushes one screen and records what it is dismissed with."""

    def __init__(self, screen: Screen[str | None] | Screen[None]) -> None:
        super().__init__()
        self.shown = screen
        self.dismissed: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.shown, self.dismissed.append)


# --- the dashboard ---------------------------------------------------------------------------


async def test_overdue_heading_counts_the_overdue_actions(engine: Engine) -> None:
    with store.reading(engine) as session:
        late = store.list_actions(
            session=session, flt=store.ActionFilter(overdue=True), today=TODAY
        )
    assert late, "the bundled data should have something overdue on TODAY"
    app = Host(DashboardScreen(_dashboard(engine)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        heading = app.screen.query_one("#overdue-heading", Static)
        assert _plain(heading) == f"Overdue ({len(late)})"
        table = app.screen.query_one("#overdue", ActionList)
        assert sorted(_cells(table, "ref")) == sorted(r.ref for r in late)


async def test_down_then_enter_in_overdue_dismisses_with_that_ref(engine: Engine) -> None:
    data = _dashboard(engine)
    assert len(data.overdue) >= 2
    app = Host(DashboardScreen(data))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#overdue", ActionList)
        assert app.focused is table  # the first list with rows has the keyboard
        await pilot.press("down")
        highlighted = table.get_cell_at(Coordinate(table.cursor_row, 0)).plain
        await pilot.press("enter")
        await pilot.pause()
    assert highlighted == data.overdue[1].ref
    assert app.dismissed == [data.overdue[1].ref]


async def test_enter_in_upcoming_dismisses_with_that_ref(engine: Engine) -> None:
    data = _dashboard(engine)
    assert data.upcoming
    app = Host(DashboardScreen(data))
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        app.screen.query_one("#upcoming", ActionList).focus()
        await pilot.press("enter")
        await pilot.pause()
    assert app.dismissed == [data.upcoming[0].ref]


async def test_enter_in_latest_changes_dismisses_with_the_changed_action(
    engine: Engine,
) -> None:
    with store.writing(engine) as session:
        action = store.resolve_action(session=session, ref="CEP-2.1")
        store.move_action(session=session, action=action, status=Status.ONGOING, by="tester")
    data = _dashboard(engine)
    assert data.recent[0].ref == "CEP-2.1"
    app = Host(DashboardScreen(data))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        changes = app.screen.query_one("#changes", ActionList)
        assert _cells(changes, "by") == ["tester"]
        changes.focus()
        await pilot.press("enter")
        await pilot.pause()
    assert app.dismissed == ["CEP-2.1"]


async def test_escape_and_g_close_with_nothing(engine: Engine) -> None:
    for key in ("escape", "g"):
        app = Host(DashboardScreen(_dashboard(engine)))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, DashboardScreen)
        assert app.dismissed == [None]


async def test_empty_database_says_how_to_start(empty_engine: Engine) -> None:
    app = Host(DashboardScreen(_dashboard(empty_engine)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert _plain(screen.query_one("#standing", Static)) == EMPTY_DATABASE
        for section, message in (
            ("overdue", "Nothing overdue."),
            ("upcoming", "Nothing due in the next 90 days."),
            ("changes", "No changes recorded yet."),
        ):
            assert not screen.query_one(f"#{section}", ActionList).display
            empty = screen.query_one(f"#{section}-empty", Static)
            assert empty.display and _plain(empty) == message
        await pilot.press("escape")  # nothing to focus in the lists; the keys still work
        await pilot.pause()
    assert app.dismissed == [None]


async def test_markup_in_a_title_is_shown_literally(engine: Engine) -> None:
    with store.writing(engine) as session:
        component = store.get_component(session=session, spec="CEP-2020:1")
        action, _ = store.add_action(
            session=session,
            component=component,
            title="[bold]x[/]",
            by="[red]someone[/]",
            deadline="January 2020",
        )
        ref = action.ref
    data = _dashboard(engine)
    assert ref in {r.ref for r in data.overdue}
    app = Host(DashboardScreen(data))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        overdue = app.screen.query_one("#overdue", ActionList)
        row = _cells(overdue, "ref").index(ref)
        cell = overdue.get_cell_at(Coordinate(row, overdue.get_column_index("title")))
        assert cell.plain == "[bold]x[/]" and not cell.spans
        changes = app.screen.query_one("#changes", ActionList)
        assert _cells(changes, "by")[0] == "[red]someone[/]"


def test_markup_in_a_package_name_is_shown_literally(engine: Engine) -> None:
    data = _dashboard(engine)
    renamed = replace(data, packages=[replace(data.packages[0], name="[bold]Pkg[/] [red]x")])
    console = Console(width=100, record=True, color_system=None)
    console.print(standing_table(renamed, dark=True))
    assert "[bold]Pkg[/] [red]x" in console.export_text()


def test_counts_use_darker_shades_on_a_light_theme() -> None:
    tally = store.Tally(counts={Status.POSTPONED: 2, Status.COMPLETED: 1}, overdue=0)
    assert tally_text(tally, dark=False).plain == tally_text(tally, dark=True).plain
    light = {str(span.style) for span in tally_text(tally, dark=False).spans}
    assert light == {LIGHT_TEXT_STYLES[Status.POSTPONED], LIGHT_TEXT_STYLES[Status.COMPLETED]}


async def test_wide_terminal_puts_sections_side_by_side_and_lists_fit(engine: Engine) -> None:
    app = Host(DashboardScreen(_dashboard(engine)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert not screen.has_class("-wide")
        await pilot.resize_terminal(160, 45)
        await pilot.pause()
        assert screen.has_class("-wide")
        standing = screen.query_one("#standing-section").region
        lists = screen.query_one("#lists").region
        assert lists.x > standing.right and lists.y == standing.y
        for width, height in ((160, 45), (80, 24)):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            for table in screen.query(ActionList).results():
                if table.display:
                    used = sum(c.get_render_width(table) for c in table.columns.values())
                    assert used <= table.scrollable_content_region.width  # no sideways scroll


# --- the key list ----------------------------------------------------------------------------


class KeyedScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "go", "Go", id="screen.go"),
        Binding("ctrl+z", "undo", "Undo", id="screen.undo"),
        Binding("n", "nothing", id="screen.silent"),  # no description: not listed
    ]

    def action_go(self) -> None:
        """Nothing to do; the binding only needs to exist."""

    def action_undo(self) -> None:
        """Nothing to do; the binding only needs to exist."""


class KeyedApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "a", "Do A", id="demo.a"),
        Binding("ctrl+w", "quit", "Quit", id="other.quit"),
        Binding("y,z", "b", "Do B", id="demo.b"),
        Binding("v", "c", "No id"),
    ]

    def on_mount(self) -> None:
        self.push_screen(KeyedScreen())


EXPECTED = [
    ("space", "Go", "screen.go"),
    ("^z", "Undo", "screen.undo"),
    ("x", "Do A", "demo.a"),
    ("y / z", "Do B", "demo.b"),
    ("^w", "Quit", "other.quit"),
    ("tab", "Next pane", "(built in)"),
    ("shift+tab", "Previous pane", "(built in)"),
    ("^p", "Command palette: every command by name", "(built in)"),
]


async def test_bindings_in_force_lists_ids_grouped_with_joined_keys() -> None:
    app = KeyedApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert bindings_in_force(app.screen.app) == EXPECTED


async def test_help_shows_the_rows_and_closes_on_escape_q_and_question_mark() -> None:
    for key in ("escape", "q", "question_mark"):
        app = KeyedApp()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            closed: list[object] = []
            app.push_screen(HelpScreen(bindings_in_force(app.screen.app)), closed.append)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, HelpScreen)
            assert _plain(screen.query_one("#help-title", Static)) == "Keys"
            assert _plain(screen.query_one("#help-note", Static)) == NOTE
            table: DataTable[Text] = screen.query_one("#help-keys", DataTable)
            rows = [
                tuple(cell.plain for cell in table.get_row_at(i)) for i in range(table.row_count)
            ]
            assert rows == EXPECTED
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, KeyedScreen)
            assert closed == [None]


async def test_help_shows_markup_like_descriptions_literally() -> None:
    app = KeyedApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        await app.push_screen(HelpScreen([("x", "[b]bold?[/b]", "demo.x")]))
        table: DataTable[Text] = app.screen.query_one("#help-keys", DataTable)
        assert table.get_cell_at(Coordinate(0, 1)).plain == "[b]bold?[/b]"
