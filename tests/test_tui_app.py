"""Pilot tests of the app: press the keys a user presses, then check the database and the screen.

Each test runs the real app on a seeded copy of the bundled data (those marked
``on_both_backends`` on PostgreSQL too). Workers are waited for with ``wait_for_complete`` and
``pilot.pause()``, never with sleeps.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from conftest import TODAY, on_both_backends
from ptctui import store
from ptctui.tui.app import PtcApp, make_app
from ptctui.tui.screens.main import MainScreen
from ptctui.tui.widgets.action_browser import POLL_SECONDS, ActionBrowser
from ptctui.tui.widgets.action_table import ActionTable
from ptctui.tui.widgets.plan_tree import PlanTree
from ptctui.workflow import Status


def app_for(engine: Engine, **kwargs: object) -> PtcApp:
    return make_app(engine=engine, by="tester", today=TODAY, remember_theme=False, **kwargs)  # type: ignore[arg-type]


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish and their messages be handled (a superseded worker is cancelled)."""
    from textual.worker import WorkerCancelled

    for _ in range(3):
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def table(pilot: Pilot[None]) -> ActionTable:
    return pilot.app.screen.query_one(ActionTable)


def main(pilot: Pilot[None]) -> MainScreen:
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    return screen


def status_of(engine: Engine, ref: str) -> str:
    with store.reading(engine) as session:
        return store.resolve_action(session=session, ref=ref).status


async def goto(pilot: Pilot[None], ref: str) -> None:
    """Put the cursor on an action the way a user would: with the arrow keys."""
    rows = table(pilot).rows
    target = next(i for i, r in enumerate(rows) if r.ref == ref)
    await pilot.press("home", *["down"] * target)
    await settle(pilot)
    assert table(pilot).current is not None and table(pilot).current.ref == ref


def detail_text(pilot: Pilot[None]) -> str:
    """The detail pane as the user reads it (rendered at its width, as plain text)."""
    from rich.console import Console

    from ptctui.tui.widgets.detail_view import DetailView

    body = pilot.app.screen.query_one(DetailView)
    console = Console(width=max(body.line_width, 40), record=True, file=io.StringIO())
    console.print(body.content)
    return console.export_text()


def scope_line(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#scope-line", Static).render())


# --- browsing ------------------------------------------------------------------------------------


@on_both_backends
async def test_the_first_screen_shows_every_action_and_the_tree(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert len(table(pilot).rows) == 56
        assert "All actions  56 actions  ⚠ 2 overdue" in scope_line(pilot)
        tree = pilot.app.screen.query_one(PlanTree)
        packages = [str(n.label) for n in tree.root.children]
        assert packages == ["RP  0/8", "CEP  13/48 ⚠2", "ECP  0/0"]
        assert table(pilot).current is not None
        assert "RP-1.1" in detail_text(pilot)


async def test_j_and_k_move_the_cursor_and_the_detail_follows(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j")
        await settle(pilot)
        assert table(pilot).current.ref == "RP-2.1"  # type: ignore[union-attr]
        assert "Illicit Financial Flows" in detail_text(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert table(pilot).current.ref == "RP-1.3"  # type: ignore[union-attr]


async def test_choosing_a_component_in_the_tree_scopes_the_table(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        tree = pilot.app.screen.query_one(PlanTree)
        tree.focus()
        # root, RP, RP-IV, part 1, part 2, CEP, CEP-2020, component 1..4
        await pilot.press("home", *["down"] * 10)
        await settle(pilot)
        assert [r.ref for r in table(pilot).rows][:2] == ["CEP-4.1", "CEP-4.2"]
        assert len(table(pilot).rows) == 24
        assert scope_line(pilot).startswith("4. Component 4")


async def test_o_shows_only_overdue_and_escape_clears(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert {r.ref for r in table(pilot).rows} == {"CEP-2.1", "CEP-4.24"}
        assert "overdue only" in scope_line(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert len(table(pilot).rows) == 56


async def test_slash_searches_titles_descriptions_and_updates_as_you_type(
    engine: Engine,
) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"yerev")
        await settle(pilot)
        assert [r.ref for r in table(pilot).rows] == ["CEP-1.1"]  # found in an update
        assert "matching “yerev”" in scope_line(pilot)
        await pilot.press("enter")  # back to the table, filter kept
        assert table(pilot).has_focus
        await pilot.press("escape")
        await settle(pilot)
        assert len(table(pilot).rows) == 56
        assert not pilot.app.screen.query_one("#search", Input).display


async def test_letters_typed_straight_after_slash_go_into_the_search_box(
    engine: Engine,
) -> None:
    """Keys that arrive in one burst (fast typing, a paste, a terminal multiplexer) are
    handled in order: the letters after ``/`` are the search, never the table's keys (``e``
    opened the editor); a ``/`` typed in the box is a character of the search."""
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key, char in [("slash", "/"), *((c, c) for c in "yerev")]:
            pilot.app.post_message(events.Key(key, char))  # no frame between them
        await settle(pilot)
        assert isinstance(pilot.app.screen, MainScreen)  # no dialog opened by "e"
        search = pilot.app.screen.query_one("#search", Input)
        assert search.value == "yerev"
        assert [r.ref for r in table(pilot).rows] == ["CEP-1.1"]
        await pilot.press("slash", "x")
        assert search.value == "yerev/x"


async def test_r_cycles_the_sort_column(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")  # ref
        await pilot.press("r")  # title
        await settle(pilot)
        titles = [r.title.lower() for r in table(pilot).rows]
        assert titles == sorted(titles)
        assert "sorted by action ↑" in scope_line(pilot)


# --- changing things -----------------------------------------------------------------------------


@on_both_backends
async def test_space_advances_to_the_natural_next_status_and_ctrl_z_undoes(
    engine: Engine,
) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await goto(pilot, "CEP-1.2")
        assert status_of(engine, "CEP-1.2") == "planned"
        await pilot.press("space")
        await settle(pilot)
        assert status_of(engine, "CEP-1.2") == "in_progress"
        assert table(pilot).current.status is Status.IN_PROGRESS  # type: ignore[union-attr]
        assert table(pilot).current.ref == "CEP-1.2"  # type: ignore[union-attr]
        await pilot.press("space")
        await settle(pilot)
        assert status_of(engine, "CEP-1.2") == "completed"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert status_of(engine, "CEP-1.2") == "in_progress"
        with store.reading(engine) as session:
            journal = store.history(session=session, limit=3)
        assert [c.kind for c in journal] == ["undo", "move", "move"]
        assert all(c.by == "tester" for c in journal)


async def test_space_on_an_ongoing_action_explains_instead_of_moving(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await goto(pilot, "RP-1.1")
        await pilot.press("space")
        await settle(pilot)
        assert status_of(engine, "RP-1.1") == "ongoing"
        messages = [n.message for n in pilot.app._notifications]
        assert any("no natural next step" in m for m in messages)


async def test_a_refused_write_is_reported_and_nothing_changes(engine: Engine) -> None:
    from ptctui.forms import MoveRequest

    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await goto(pilot, "CEP-2.1")
        main(pilot).writes.move(table(pilot).current, MoveRequest(Status.POSTPONED))  # type: ignore[arg-type]
        await settle(pilot)
        assert status_of(engine, "CEP-2.1") == "in_progress"
        errors = [n for n in pilot.app._notifications if n.severity == "error"]
        assert errors and "needs a new deadline" in errors[-1].message


async def test_s_opens_the_picker_with_only_allowed_moves_and_moves(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await goto(pilot, "CEP-1.4")  # completed
        await pilot.press("s")
        await pilot.pause()
        from textual.widgets import OptionList

        options = pilot.app.screen.query_one("#moves", OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(labels) == 2
        assert "in progress" in labels[0] and "needs a note" in labels[0]
        await pilot.press("tab")
        await pilot.press(*"new evidence")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert status_of(engine, "CEP-1.4") == "in_progress"
        with store.reading(engine) as session:
            action = store.resolve_action(session=session, ref="CEP-1.4")
            detail = store.action_detail(session=session, action=action)
        assert detail.history[0].note == "new evidence"


@on_both_backends
async def test_u_records_a_dated_progress_update(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await goto(pilot, "CEP-1.8")
        await pilot.press("u")
        await pilot.pause()
        await pilot.press(*"Second draft sent")
        await pilot.press("ctrl+s")
        await settle(pilot)
        with store.reading(engine) as session:
            action = store.resolve_action(session=session, ref="CEP-1.8")
            detail = store.action_detail(session=session, action=action)
        assert detail.updates[0].text == "Second draft sent"
        assert detail.updates[0].as_of == TODAY and detail.updates[0].author == "tester"
        assert "Second draft sent" in detail_text(pilot)


async def test_d_archives_after_confirmation_and_the_row_disappears(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await goto(pilot, "CEP-1.2")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        with store.reading(engine) as session:
            assert store.resolve_action(session=session, ref="CEP-1.2").archived
        assert "CEP-1.2" not in [r.ref for r in table(pilot).rows]
        await pilot.press("A")  # archived shown again
        await settle(pilot)
        assert "CEP-1.2" in [r.ref for r in table(pilot).rows]


async def test_d_then_escape_archives_nothing(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await goto(pilot, "CEP-1.2")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        with store.reading(engine) as session:
            assert not store.resolve_action(session=session, ref="CEP-1.2").archived


@on_both_backends
async def test_n_adds_an_action_to_the_highlighted_actions_component(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await goto(pilot, "CEP-3.2")
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Meet the Egmont Group")
        await pilot.press("ctrl+s")
        await settle(pilot)
        with store.reading(engine) as session:
            action = store.resolve_action(session=session, ref="CEP-3.4")
        assert action.title == "Meet the Egmont Group" and action.status == "planned"
        assert table(pilot).current.ref == "CEP-3.4"  # type: ignore[union-attr]


async def test_e_edits_the_title(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await goto(pilot, "CEP-1.9")
        await pilot.press("e")
        await settle(pilot)
        title = pilot.app.screen.query_one("#title", TextArea)
        title.load_text("Develop an IPR self-assessment tool (v2)")
        note = pilot.app.screen.query_one("#note", Input)
        note.value = "Asked for by the Working Group"
        await pilot.press("ctrl+s")
        await settle(pilot)
        with store.reading(engine) as session:
            action = store.resolve_action(session=session, ref="CEP-1.9")
            last = store.history(session=session)[0]
        assert action.title == "Develop an IPR self-assessment tool (v2)"
        assert last.note == "Asked for by the Working Group"  # as `ptctui edit --note` records


# --- other screens, keys and outside changes ------------------------------------------------------


async def test_g_opens_the_dashboard_and_choosing_a_row_jumps_there(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        from ptctui.tui.screens.dashboard import DashboardScreen

        assert isinstance(pilot.app.screen, DashboardScreen)
        pilot.app.screen.dismiss("CEP-4.24")
        await settle(pilot)
        assert table(pilot).current.ref == "CEP-4.24"  # type: ignore[union-attr]


async def test_question_mark_lists_every_binding_with_its_id(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        from ptctui.tui.screens.help import HelpScreen, bindings_in_force

        rows = bindings_in_force(pilot.app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        ids = {row[2] for row in rows}
        assert {
            "action.advance",
            "action.status",
            "action.undo",
            "view.search",
            "app.dashboard",
        } <= ids


async def test_a_keymap_remaps_a_binding_by_id(engine: Engine) -> None:
    app = app_for(engine)
    app._keymap = {"action.advance": "a"}
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await goto(pilot, "CEP-1.2")
        await pilot.press("a")
        await settle(pilot)
        assert status_of(engine, "CEP-1.2") == "in_progress"


@on_both_backends
async def test_changes_from_another_process_appear_with_the_cursor_kept(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await goto(pilot, "CEP-1.5")
        assert POLL_SECONDS <= 2
        with store.writing(engine) as session:  # as `ptctui move` in another terminal would
            action = store.resolve_action(session=session, ref="CEP-2.3")
            store.move_action(session=session, action=action, status="completed", by="other")
        main(pilot).browser.poll()  # what the two-second timer does
        await settle(pilot)
        row = next(r for r in table(pilot).rows if r.ref == "CEP-2.3")
        assert row.status is Status.COMPLETED
        assert table(pilot).current.ref == "CEP-1.5"  # type: ignore[union-attr]


async def test_an_empty_database_says_so(empty_engine: Engine) -> None:
    async with app_for(empty_engine).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert table(pilot).rows == []
        assert "0 actions" in scope_line(pilot)
        await pilot.press("space")  # nothing to act on: no crash, no write
        await settle(pilot)
        with store.reading(empty_engine) as session:
            assert store.history(session=session) == []


async def test_user_text_is_shown_literally(engine: Engine) -> None:
    hostile = "[bold red]x[/] <script>alert(1)</script> | *not emphasis*"
    with store.writing(engine) as session:
        component = store.get_component(session=session, spec="CEP-2020:1")
        store.add_action(session=session, component=component, title=hostile, by="x")
    async with app_for(engine).run_test(size=(260, 50)) as pilot:
        await settle(pilot)
        await goto(pilot, "CEP-1.14")
        shown = detail_text(pilot)
        assert "[bold red]x[/] <script>alert(1)</script> |" in shown and "*not emphasis*" in shown
        line = table(pilot).render_line(table(pilot).cursor + 1 - int(table(pilot).scroll_y))
        assert "CEP-1.14 [bold red]x[/]" in line.text  # cut to the column, never parsed


@pytest.mark.parametrize("size", [(80, 24), (130, 40), (220, 50)])
async def test_the_layout_adapts_to_the_width(engine: Engine, size: tuple[int, int]) -> None:
    async with app_for(engine).run_test(size=size) as pilot:
        await settle(pilot)
        assert main(pilot).has_class("-wide") is (size[0] >= 120)
        header = table(pilot).render_line(0).text
        assert "Ref" in header and "Status" in header
        assert ("Lead" in header) is (size[0] >= 200)


def test_today_is_used_for_overdue() -> None:
    assert date(2020, 5, 31) < TODAY  # CEP-2.1 ("May 2020") is overdue in these tests


async def test_f_filters_by_the_chosen_statuses(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        # the checklist lists statuses in workflow order: tick "postponed" (the fifth)
        await pilot.press("down", "down", "down", "down", "space", "enter")
        await settle(pilot)
        assert {r.ref for r in table(pilot).rows} == {"CEP-4.12", "CEP-4.13"}
        assert "postponed" in scope_line(pilot)


async def test_tab_moves_between_the_panes(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert table(pilot).has_focus
        await pilot.press("tab")
        assert pilot.app.focused is not None and pilot.app.focused.id == "detail"
        await pilot.press("tab")
        assert isinstance(pilot.app.focused, PlanTree)
        await pilot.press("tab")
        assert table(pilot).has_focus


async def test_enter_opens_the_detail_pane(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await goto(pilot, "CEP-4.12")
        await pilot.press("enter")
        assert pilot.app.focused is not None and pilot.app.focused.id == "detail"
        assert "Coronavirus" in detail_text(pilot)


async def test_the_palette_jumps_to_an_action_by_part_of_its_name(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"COCAIR")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert table(pilot).current.ref == "CEP-4.13"  # type: ignore[union-attr]


async def test_q_quits(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert pilot.app.return_code == 0 and not pilot.app.is_running


async def test_the_chosen_theme_is_remembered(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    first = make_app(engine=engine, by="tester", today=TODAY)
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pilot.app.theme = "textual-light"
        await pilot.pause()
    second = make_app(engine=engine, by="tester", today=TODAY)
    async with second.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert pilot.app.theme == "textual-light"


async def test_a_keymap_file_in_the_workspace_is_applied(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    (tmp_path / "keymap.toml").write_text('[keys]\n"action.advance" = "a"\n', encoding="utf-8")
    app = make_app(engine=engine, by="tester", today=TODAY, workspace_root=tmp_path,
                   remember_theme=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await goto(pilot, "CEP-1.2")
        await pilot.press("a")
        await settle(pilot)
        assert status_of(engine, "CEP-1.2") == "in_progress"


async def test_clearing_a_search_keeps_the_found_action_in_view(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"inama", "enter")
        await settle(pilot)
        assert table(pilot).current.ref == "CEP-4.20"  # type: ignore[union-attr]
        await pilot.press("escape")
        await settle(pilot)
        t = table(pilot)
        assert len(t.rows) == 56 and t.current.ref == "CEP-4.20"  # type: ignore[union-attr]
        visible = [t.render_line(y).text for y in range(1, t.scrollable_content_region.height)]
        assert any(line.startswith("CEP-4.20") for line in visible)
        assert "CEP-4.20" in detail_text(pilot)


async def test_a_moved_action_leaves_a_status_filtered_list_at_once(engine: Engine) -> None:
    """After a move only that row is re-read; when it no longer matches the filter it goes."""
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        browser = main(pilot).browser
        browser.filters = replace(browser.filters, statuses=frozenset({Status.PLANNED}))
        await settle(pilot)
        planned = [r.ref for r in table(pilot).rows]
        assert "CEP-1.2" in planned
        await goto(pilot, "CEP-1.2")
        await pilot.press("space")
        await settle(pilot)
        assert status_of(engine, "CEP-1.2") == "in_progress"
        assert [r.ref for r in table(pilot).rows] == [r for r in planned if r != "CEP-1.2"]
        tree = pilot.app.screen.query_one(PlanTree)
        assert str(tree.root.label).startswith("All actions  13/56")


async def test_x_exports_the_committee_document_where_the_dialog_says(
    engine: Engine, tmp_path: Path
) -> None:
    from docx import Document as WordDocument

    app = make_app(engine=engine, by="tester", today=TODAY, workspace_root=tmp_path,
                   remember_theme=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        path = Path(pilot.app.screen.query_one("#path", Input).value)
        assert path == tmp_path / "exports" / "intersessional-2020-06-15.docx"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert path.is_file()
        headings = [p.text for p in WordDocument(str(path)).paragraphs
                    if p.style is not None and p.style.name.startswith("Heading")]
        assert "III. Compliance and Enforcement Package" in headings
        # PC0608E, the document the dialog offers first, brings its officers' own text.
        text = "\n".join(p.text for p in WordDocument(str(path)).paragraphs)
        assert "Considering that the Economic Competitiveness Package (ECP)" in text
        assert any(f"Wrote {path}" in n.message for n in pilot.app._notifications)
        # a second export to the same file is refused until "Replace" is ticked
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(pilot.app.screen.query_one("#error", Static).render())
        assert "exists" in error


async def test_x_exports_a_plan_table_as_markdown(engine: Engine, tmp_path: Path) -> None:
    from textual.widgets import Select

    app = make_app(engine=engine, by="tester", today=TODAY, workspace_root=tmp_path,
                   remember_theme=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await goto(pilot, "CEP-1.3")
        await pilot.press("x")
        await pilot.pause()
        pilot.app.screen.query_one("#report", Select).value = "plan"
        await pilot.pause()
        pilot.app.screen.query_one("#format", Select).value = "md"
        await pilot.pause()
        path = Path(pilot.app.screen.query_one("#path", Input).value)
        assert path.name == "plan-CEP-2020-2020-06-15.md"
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = path.read_text(encoding="utf-8")
        assert "CEP-1.3" in text and "Component 4" in text


# --- the key bar ---------------------------------------------------------------------------------


async def test_the_key_bar_lists_the_keys_and_a_click_runs_one(engine: Engine) -> None:
    from ptctui.tui.widgets.key_bar import KeyBar

    async with app_for(engine).run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        bar = pilot.app.screen.query_one(KeyBar)
        line = str(bar.render())
        for label in (" space Advance ", " s Status ", " / Search ", " o Overdue ", " t Tree "):
            assert label in line, line
        assert line.rstrip().endswith(" ? Help  q Quit  ^p palette")
        overdue = line.index(" o Overdue ")
        await pilot.click(KeyBar, offset=(overdue + 2, 0))
        await settle(pilot)
        assert pilot.app.screen.query_one(ActionBrowser).filters.overdue  # the click pressed o
        await pilot.hover(KeyBar, offset=(line.index(" s Status ") + 2, 0))
        await settle(pilot)
        assert bar.tooltip == "Choose among the moves the workflow allows"
        await pilot.hover(KeyBar, offset=(line.index(" ? Help ") + 2, 0))
        await settle(pilot)
        assert bar.tooltip == "Every key"


@pytest.mark.parametrize("width", [60, 80, 120, 200])
async def test_the_key_bar_always_shows_help_and_quit(engine: Engine, width: int) -> None:
    """Whatever the width, a newcomer sees the way to every key and the way out."""
    from ptctui.tui.widgets.key_bar import KeyBar

    async with app_for(engine).run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        line = str(pilot.app.screen.query_one(KeyBar).render())
        assert " ? Help " in line and " q Quit " in line, line
        assert " space Advance " in line


async def test_the_first_screen_shows_a_page_then_every_row(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first frame shows a page read before the app runs (big databases); a worker then
    reads every row, and they replace it."""
    from ptctui.tui.widgets import action_browser as main

    monkeypatch.setattr(main, "FIRST_PAGE", 10)
    pages: list[int] = []
    original = main.ActionBrowser.on_action_browser_loaded

    def spy(self: main.ActionBrowser, message: main.ActionBrowser.Loaded) -> None:
        pages.append(len(message.rows))
        original(self, message)

    monkeypatch.setattr(main.ActionBrowser, "on_action_browser_loaded", spy)
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert pages == [56]  # the worker does not read the page again
        assert len(table(pilot).rows) == 56
        assert "All actions  56 actions  ⚠ 2 overdue" in scope_line(pilot)

    monkeypatch.setattr(main.ActionBrowser, "reload", lambda self, keep=None: None)
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)  # no worker reads anything: the page is all there is
        assert [r.ref for r in table(pilot).rows][:3] == ["RP-1.1", "RP-1.2", "RP-1.3"]
        assert len(table(pilot).rows) == 10
        assert "All actions  10+ actions (reading the rest…)" in scope_line(pilot)

    monkeypatch.setattr(main, "FIRST_PAGE", 120)  # more than there are: the page is all
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "All actions  56 actions  ⚠ 2 overdue" in scope_line(pilot)


async def test_the_dialogs_codes_come_with_the_reads_and_a_failed_read_is_one_message(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The codes the dialogs offer arrive with the screen's first full read, and are read
    again on each one (another laptop's import may add a body). A dialog opened before
    then reads them itself; if that fails the app says so and keeps running."""
    from ptctui.tui.widgets import action_browser as main_module

    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "names" in vars(pilot.app)  # delivered by the read, not read by a dialog
        assert "SEC" in pilot.app.names.bodies  # type: ignore[attr-defined]

    def broken(**kwargs: object) -> store.Names:
        raise RuntimeError("server went away")

    monkeypatch.setattr(main_module.ActionBrowser, "reload", lambda self, keep=None: None)
    monkeypatch.setattr(store, "names", broken)
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")  # edit: the dialog offers the body codes
        await settle(pilot)
        assert pilot.app.is_running
        errors = [n.message for n in pilot.app._notifications if n.severity == "error"]
        assert errors == ["cannot read the codes: server went away"]


def db_search(engine: Engine, term: str) -> list[str]:
    """What ``ptctui actions --search TERM`` lists, by reference."""
    with store.reading(engine) as session:
        flt = store.ActionFilter(search=term)
        return [r.ref for r in store.list_actions(session=session, flt=flt, today=TODAY)]


async def test_search_in_memory_finds_what_the_database_search_finds(engine: Engine) -> None:
    """Searching filters rows in memory; it must agree with ``ptctui actions --search``,
    also just after a progress update adds new words to an action."""

    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        for term in ("training", "CEP-1.1", "wco", "zebra"):
            search = pilot.app.screen.query_one("#search")
            search.value = ""  # type: ignore[attr-defined]
            await pilot.press(*term)
            await settle(pilot)
            assert [r.ref for r in table(pilot).rows] == db_search(engine, term), term
        # A new update with a new word: the search finds it at once.
        search.value = ""  # type: ignore[attr-defined]
        await settle(pilot)
        table(pilot).focus()
        await goto(pilot, "CEP-2.3")
        await pilot.press("u")
        await settle(pilot)
        await pilot.press(*"quokka sighting")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("slash", *"quokka")
        await settle(pilot)
        assert [r.ref for r in table(pilot).rows] == ["CEP-2.3"] == db_search(engine, "quokka")


async def test_each_keystroke_of_a_search_agrees_with_the_database(engine: Engine) -> None:
    """The in-memory search narrows from the last result while the term grows; after a
    backspace or a new word it looks at every row again. Each step must agree with
    ``ptctui actions --search``."""

    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        search = pilot.app.screen.query_one("#search")
        for key in [*"wor", "backspace", *"rld", "backspace", "backspace", "k"]:
            await pilot.press(key)
            await settle(pilot)
            term = search.value  # type: ignore[attr-defined]
            assert [r.ref for r in table(pilot).rows] == db_search(engine, term), term
        assert search.value == "work"  # type: ignore[attr-defined]


async def test_rows_that_fit_the_table_show_without_scrollbars(engine: Engine) -> None:
    """Narrowing from 56 rows to ones that fit takes the scrollbars away, also when the rows
    and the header fill the table exactly (there 12 rows: a stuck horizontal scrollbar hid
    the last one), and the table never scrolls sideways."""
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        t = table(pilot)
        assert t.show_vertical_scrollbar and not t.show_horizontal_scrollbar
        await pilot.press("slash", *"cus")
        await settle(pilot)
        height = t.scrollable_content_region.height
        assert len(t.rows) + 1 == height  # the case: header and rows fill it exactly
        assert not t.show_vertical_scrollbar and not t.show_horizontal_scrollbar
        shown = [t.render_line(y).text for y in range(height)]
        assert t.rows[-1].ref in shown[-1]
        await pilot.press("t")
        await settle(pilot)
        assert len(t.rows) + 1 < height
        assert not t.show_vertical_scrollbar and not t.show_horizontal_scrollbar
        await pilot.press("backspace", "backspace", "backspace")
        await settle(pilot)
        assert len(t.rows) == 56 and t.show_vertical_scrollbar


async def test_a_change_from_elsewhere_is_not_lost_behind_our_own_write(engine: Engine) -> None:
    """Another process renames one action; before the poll notices, the user moves another.
    The app must not take the stamp after its own write as "all seen": it reloads."""
    from ptctui.models import ActionEdit

    async with app_for(engine).run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        with store.writing(engine) as session:  # "another process", between two polls
            action = store.resolve_action(session=session, ref="CEP-1.4")
            store.edit_action(
                session=session, action=action, edit=ActionEdit(title="Renamed elsewhere"), by="x"
            )
        await goto(pilot, "CEP-1.2")
        await pilot.press("space")
        await settle(pilot)
        titles = {r.ref: r.title for r in table(pilot).rows}
        assert titles["CEP-1.4"] == "Renamed elsewhere"
        assert status_of(engine, "CEP-1.2") != "planned"


async def test_a_slow_first_read_does_not_overwrite_a_search_typed_meanwhile(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first screen shows a page; the user searches before the rest has been read. The
    late read (made for no search) must not replace the search's rows."""
    import time as time_module

    from ptctui.tui.widgets import action_browser as main

    monkeypatch.setattr(main, "FIRST_PAGE", 10)
    slow_outline = store.outline

    def outline(**kwargs: object) -> list[store.OutlineNode]:
        time_module.sleep(1.0)  # the rest of the first read takes a while
        return slow_outline(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(main.store, "outline", outline)
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        for _ in range(50):  # wait for the first page, not for the whole read
            await pilot.pause(0.02)
            if table(pilot).rows:
                break
        assert len(table(pilot).rows) == 10
        await pilot.press("slash")
        pilot.app.screen.query_one("#search").value = "workshop"  # type: ignore[attr-defined]
        await settle(pilot)
        with store.reading(engine) as session:
            flt = store.ActionFilter(search="workshop")
            wanted = [r.ref for r in store.list_actions(session=session, flt=flt, today=TODAY)]
        assert 0 < len(wanted) < 56
        assert [r.ref for r in table(pilot).rows] == wanted
