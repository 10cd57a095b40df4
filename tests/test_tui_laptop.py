"""Pilot tests of the app at a laptop's 80×24 (and smaller): help that scrolls, panes that hide
and zoom and are remembered, titles that keep 40 cells, filters that stay in sight, dialogs that
ask before throwing typed text away, archived actions that do not move.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from textual.widgets import DataTable, Static

from conftest import TODAY
from ptctui import store
from ptctui.tui.app import make_app
from ptctui.tui.dialogs.confirm import DiscardDialog
from ptctui.tui.dialogs.update import UpdateDialog
from ptctui.tui.screens.help import HelpScreen
from ptctui.tui.widgets.detail_view import DetailView
from ptctui.tui.widgets.plan_tree import PlanTree, short_name
from test_tui_app import app_for, goto, main, scope_line, settle, status_of, table


async def test_help_scrolls_to_every_key_at_80x24(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, HelpScreen)
        keys = screen.query_one("#help-keys", DataTable)
        last = keys.row_count - 1
        shown = [keys.get_row_at(i)[0].plain for i in range(keys.row_count)]
        assert {"tab", "shift+tab", "^p", "?", "q"} <= set(shown)
        assert keys.size.height < keys.row_count  # it does not fit: it must scroll
        await pilot.press("end")
        await settle(pilot)
        assert keys.cursor_row == last and keys.scroll_y > 0
        await pilot.press("home")
        await settle(pilot)
        assert keys.cursor_row == 0 and keys.scroll_y == 0
        await pilot.press("j", "j", "pagedown")
        await settle(pilot)
        assert keys.cursor_row > 2
        await pilot.press("k")
        await settle(pilot)
        row = keys.cursor_row
        await pilot.press("pageup")
        await settle(pilot)
        assert keys.cursor_row < row


async def test_a_title_keeps_40_cells_at_80_columns(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not pilot.app.screen.query_one(PlanTree).display  # the tree starts hidden
        shown = table(pilot)
        widths = dict((c.key, w) for c, w in shown.columns(shown.scrollable_content_region.width))
        assert widths["title"] >= 40 and {"ref", "due", "status"} <= set(widths)
        await goto(pilot, "CEP-1.10")  # "2019-2020 financial year"
        line = shown.render_line(shown.cursor + 1 - int(shown.scroll_y)).text
        assert " FY2019/20 " in line  # cut, the year kept


async def test_t_shows_the_tree_i_hides_the_detail_and_both_are_remembered(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))

    def app() -> object:
        return make_app(engine=engine, by="tester", today=TODAY)

    first = app()
    async with first.run_test(size=(80, 24)) as pilot:  # type: ignore[attr-defined]
        await settle(pilot)
        tree, detail = pilot.app.screen.query_one(PlanTree), pilot.app.screen.query_one(DetailView)
        assert not tree.display and detail.display
        await pilot.press("t", "i")
        await settle(pilot)
        assert tree.display and not detail.display
    settings = json.loads((tmp_path / "config" / "ptctui" / "settings.json").read_text())
    assert settings["tree"] == "shown" and settings["detail"] == "hidden"
    second = app()
    async with second.run_test(size=(80, 24)) as pilot:  # type: ignore[attr-defined]
        await settle(pilot)
        assert pilot.app.screen.query_one(PlanTree).display
        assert not pilot.app.screen.query_one(DetailView).display
        await pilot.press("t", "i")
        await settle(pilot)
        assert not pilot.app.screen.query_one(PlanTree).display
        assert pilot.app.screen.query_one(DetailView).display


async def test_z_zooms_the_focused_pane_and_z_again_brings_the_others_back(
    engine: Engine,
) -> None:
    async with app_for(engine).run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        tree, detail = screen.query_one(PlanTree), screen.query_one(DetailView)
        assert tree.display and detail.display
        await pilot.press("z")  # the table has focus
        await settle(pilot)
        assert not tree.display and not detail.display
        assert table(pilot).size.width >= 150
        await pilot.press("z")
        await settle(pilot)
        assert tree.display and detail.display
        await pilot.press("enter")  # focus on the detail
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        assert detail.display and not screen.query_one("#centre").display
        assert detail.size.width >= 150


async def test_filters_and_search_stay_on_screen_as_chips_at_80_columns(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o", "A", "slash", *"the WCO")
        await settle(pilot)
        line = scope_line(pilot)
        for chip in (" overdue only ", " archived shown ", " matching “the WCO” "):
            assert chip in line, line
        assert all(len(one) <= 78 for one in line.split("\n"))
        height = pilot.app.screen.query_one("#scope-line", Static).size.height
        assert height == line.count("\n") + 1


async def test_escape_asks_before_throwing_typed_text_away(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        with store.reading(engine) as session:
            before = len(
                store.action_detail(
                    session=session, action=store.resolve_action(session=session, ref="RP-1.1")
                ).updates
            )
        await pilot.press("u")  # nothing typed: escape closes at once
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is main(pilot)
        await pilot.press("u", *"Held a workshop")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DiscardDialog)
        await pilot.press("n")  # back to the text, as typed
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, UpdateDialog) and dialog.text_area.text == "Held a workshop"
        await pilot.press("escape", "escape")  # escape again discards
        await settle(pilot)
        assert pilot.app.screen is main(pilot)
        with store.reading(engine) as session:
            after = store.action_detail(
                session=session, action=store.resolve_action(session=session, ref="RP-1.1")
            ).updates
        assert len(after) == before


async def test_an_archived_action_says_so_and_does_not_move(engine: Engine) -> None:
    with store.writing(engine) as session:
        action = store.resolve_action(session=session, ref="CEP-1.2")
        store.set_archived(session=session, action=action, archived=True, by="x")
    async with app_for(engine).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        await goto(pilot, "CEP-1.2")
        shown = table(pilot)
        line = shown.render_line(shown.cursor + 1 - int(shown.scroll_y)).text
        assert " archived " in line and "planned" not in line
        for key in ("space", "s"):
            await pilot.press(key)
            await settle(pilot)
            assert pilot.app.screen is main(pilot)  # no dialog
            assert status_of(engine, "CEP-1.2") == "planned"
        notices = [n.message for n in pilot.app._notifications]
        assert "CEP-1.2 is archived: d restores it first." in notices


def test_component_names_drop_the_word_that_repeats_their_number() -> None:
    assert short_name("2. Component 2 – Networks and Technology") == "2. Networks and Technology"
    assert short_name("1. Part 1 – Promoting") == "1. Promoting"
    assert short_name("3. Part 4 – Other") == "3. Part 4 – Other"  # another number: kept
    assert short_name("Tools") == "Tools"


def test_the_palette_ranks_whole_words_and_references_first() -> None:
    from ptctui.tui.commands import rank

    copes = "jump: CEP-1.3 Further develop and implement the COPES programme"
    pangea = "jump: CEP-4.3 PANGEA XII operation"  # C…O…P…E…S in order, no word
    assert rank("COPES", copes, 0.2) > rank("COPES", pangea, 0.9)
    assert rank("cep-1.3", copes, 0.1) > rank("cep-1.3", "jump: CEP-1.30 Other", 0.9)
    assert rank("cop", copes, 0.1) > rank("cop", "jump: X-1 Scope of work", 0.9)  # prefix
    assert rank("", copes, 0.5) == 0.5
    assert all(0 <= rank(q, copes, 1.0) < 1 for q in ("copes", "cop", "x"))


async def test_the_palette_lists_copes_before_the_fuzzy_matches(engine: Engine) -> None:
    from textual.command import CommandList

    async with app_for(engine).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"COPES")
        await settle(pilot)
        for _ in range(20):  # the palette searches in the background
            await pilot.pause(0.05)
            options = pilot.app.screen.query_one(CommandList)
            if options.option_count:
                break
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert "COPES" in prompts[0], prompts[:3]
        assert all(len(prompt.split("\n")[0]) <= 72 for prompt in prompts)  # cut, one line


async def test_postponing_to_a_past_date_warns_then_goes_ahead() -> None:
    from ptctui.forms import MoveRequest
    from ptctui.tui.dialogs.status_picker import StatusPicker
    from ptctui.workflow import Status
    from test_tui_modals import TODAY as DAY
    from test_tui_modals import Host, error_text

    app = Host(StatusPicker(ref="CEP-1.3", title="T", current=Status.PLANNED, today=DAY))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down", "tab", "tab", *"March 2020", "enter")
        await pilot.pause()
        assert app.results == []  # warned, not yet moved
        assert error_text(app.screen).startswith("“March 2020” is already past")
        await pilot.press("enter")  # again: as asked
        await pilot.pause()
        assert app.results == [MoveRequest(Status.POSTPONED, "", "March 2020")]


async def test_escape_in_the_edit_and_status_dialogs_asks_only_after_typing() -> None:
    from ptctui.forms import ActionForm
    from ptctui.tui.dialogs.action import ActionDialog
    from ptctui.workflow import Status
    from test_tui_modals import Host, picker

    for make in (
        lambda: picker(Status.PLANNED),
        lambda: ActionDialog(heading="Edit X", bodies=(), initial=ActionForm(title="Old")),
    ):
        app = Host(make())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("escape")  # nothing typed: closes
            await pilot.pause()
            assert app.results == [None]
        app = Host(make())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("tab", *"abc", "escape") if isinstance(
                app.modal, type(picker(Status.PLANNED))
            ) else await pilot.press(*"abc", "escape")
            await pilot.pause()
            assert isinstance(app.screen, DiscardDialog) and app.results == []
            await pilot.press("y")
            await pilot.pause()
            assert app.results == [None]


async def test_the_dashboard_opens_at_its_top_and_its_lists_move_by_the_same_keys(
    engine: Engine,
) -> None:
    from textual.containers import VerticalScroll

    from ptctui.tui.screens.dashboard import DashboardScreen
    from ptctui.tui.widgets.dashboard_lists import ActionList

    async with app_for(engine).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, DashboardScreen)
        board = screen.query_one("#board", VerticalScroll)
        assert board.scroll_y == 0  # the title and where things stand show first
        overdue = screen.query_one("#overdue", ActionList)
        assert overdue.has_focus
        await pilot.press("j")
        await settle(pilot)
        assert overdue.cursor_row == 1
        await pilot.press("k")
        await settle(pilot)
        assert overdue.cursor_row == 0
        await pilot.press("end")
        await settle(pilot)
        assert overdue.cursor_row == overdue.row_count - 1
        await pilot.press("home")
        await settle(pilot)
        assert overdue.cursor_row == 0 and board.scroll_y == 0  # back to the top


async def test_the_detail_pane_scrolls_by_j_k_and_end(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        detail = pilot.app.screen.query_one(DetailView)
        assert detail.has_focus and detail.max_scroll_y > 0
        await pilot.press("j", "j")
        await settle(pilot)
        assert detail.scroll_y == 2
        await pilot.press("k")
        await settle(pilot)
        assert detail.scroll_y == 1
        await pilot.press("end")
        await settle(pilot)
        assert detail.scroll_y == detail.max_scroll_y


@pytest.mark.parametrize("size", [(59, 24), (80, 15), (40, 10)])
async def test_a_terminal_too_small_says_how_big_to_make_it(
    engine: Engine, size: tuple[int, int]
) -> None:
    async with app_for(engine).run_test(size=size) as pilot:
        await settle(pilot)
        message = pilot.app.screen.query_one("#too-small", Static)
        assert message.display and not pilot.app.screen.query_one("#body").display
        assert "Make the terminal at least 60×16" in str(message.render())
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not message.display and pilot.app.screen.query_one("#body").display


async def test_at_60x20_the_highlighted_row_stays_in_the_table(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        shown = table(pilot)
        for _ in range(20):
            await pilot.press("down")
        await pilot.press("pagedown", "down")
        await settle(pilot)
        rows_shown = shown.scrollable_content_region.height - 1
        assert shown.scroll_y <= shown.cursor < shown.scroll_y + rows_shown


async def test_the_edit_dialog_wraps_a_long_title_grows_with_the_terminal_and_asks_why() -> None:
    from ptctui.forms import ActionForm
    from ptctui.tui.dialogs.action import ActionDialog
    from test_tui_modals import Host

    long_title = "Develop and implement a Single Point of Contact for " * 3
    initial = ActionForm(title=long_title.strip())
    for size, wider in (((80, 24), False), ((160, 45), True)):
        app = Host(ActionDialog(heading="Edit CEP-1.7", bodies=(), initial=initial))
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            title = app.screen.query_one("#title")
            assert title.size.height >= 2  # wrapped, not scrolled to its end
            assert (app.screen.query_one("#dialog").size.width > 76) is wider
            await pilot.press("end", *" (phase 2)")
            app.screen.query_one("#note").value = "Renamed by the committee"  # type: ignore[attr-defined]
            await pilot.press("enter")  # enter in the title saves
            await pilot.pause()
            assert len(app.results) == 1
            assert app.results[0].note == "Renamed by the committee"
            assert "\n" not in app.results[0].title


def test_columns_take_what_they_hold_and_the_title_the_rest() -> None:
    from ptctui.tui.widgets.columns import fit_columns

    held = (("ref", 8), ("lead", 8), ("due", 26), ("status", 13), ("updated", 10))
    at_80 = dict((c.key, w) for c, w in fit_columns(79, held))
    assert at_80["title"] >= 40 and at_80["due"] <= 14  # short deadlines: "Q1 2021"
    assert "lead" not in at_80 and "updated" not in at_80
    at_200 = dict((c.key, w) for c, w in fit_columns(200, held))
    assert at_200["due"] == 26 and at_200["title"] > 120  # no Deadline of blanks
    dashes = (("ref", 8), ("lead", 4), ("due", 8), ("status", 13), ("updated", 10))
    assert dict((c.key, w) for c, w in fit_columns(200, dashes))["due"] == 8


@pytest.mark.parametrize("kind", ["package", "plan", "component", "body", "meeting"])
async def test_escape_in_the_structure_dialogs_asks_only_after_typing(kind: str) -> None:
    """The package, plan, component, body and meeting dialogs keep typed text as the action
    dialogs do: escape on an untouched dialog closes it, escape after typing asks first."""
    from datetime import date

    from textual.widgets import Input

    from ptctui.tui.dialogs.body import BodyDialog
    from ptctui.tui.dialogs.component import ComponentDialog
    from ptctui.tui.dialogs.meeting import MeetingDialog
    from ptctui.tui.dialogs.package import PackageDialog
    from ptctui.tui.dialogs.plan import PlanDialog
    from test_tui_modals import Host

    def make() -> object:
        return {
            "package": lambda: PackageDialog(taken={}),
            "plan": lambda: PlanDialog(packages=["RP"], taken={}, today=date(2020, 6, 15)),
            "component": lambda: ComponentDialog(plans=["RP-2020"]),
            "body": lambda: BodyDialog(taken={}),
            "meeting": lambda: MeetingDialog(bodies=["EC"], taken={}, today=date(2020, 6, 15)),
        }[kind]()

    app = Host(make())  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # nothing typed: closes at once
        await pilot.pause()
        assert app.results == [None]
    app = Host(make())  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = app.screen.query(Input).last()
        field.focus()
        await pilot.press(*"Typed", "escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardDialog) and app.results == []
        await pilot.press("n")  # back to the dialog, the text as typed
        await pilot.pause()
        assert app.screen is app.modal and field.value.endswith("Typed")
        await pilot.press("escape", "y")
        await pilot.pause()
        assert app.results == [None]
