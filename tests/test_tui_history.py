"""The app's personal undo and redo, the history screen and the notice of others' changes
(issue #17), pressed as a user presses them while a second writer works on the same database.

The app runs as "tester"; "ana" writes through a second connection, as `ptctui` in another
terminal would. Workers are waited for, never slept on.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from conftest import TODAY, on_both_backends
from ptctui import store
from ptctui.models import Change
from ptctui.tui.app import PtcApp, make_app
from ptctui.tui.dialogs.confirm import ConfirmDialog
from ptctui.tui.screens.history import HistoryScreen
from ptctui.tui.screens.main import MainScreen
from ptctui.tui.widgets.action_table import ActionTable


def app_for(engine: Engine) -> PtcApp:
    return make_app(engine=engine, by="tester", today=TODAY, remember_theme=False)


async def settle(pilot: Pilot[None]) -> None:
    from textual.worker import WorkerCancelled

    for _ in range(3):
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def goto(pilot: Pilot[None], ref: str) -> None:
    table = pilot.app.screen.query_one(ActionTable)
    target = next(i for i, r in enumerate(table.rows) if r.ref == ref)
    await pilot.press("home", *["down"] * target)
    await settle(pilot)
    assert table.current is not None and table.current.ref == ref


def status_of(engine: Engine, ref: str) -> str:
    with store.reading(engine) as session:
        return store.resolve_action(session=session, ref=ref).status


def as_ana(engine: Engine, ref: str, status: str) -> int:
    """Ana moves ``ref`` from another terminal; the journal id of her change."""
    with store.writing(engine) as session:
        action = store.resolve_action(session=session, ref=ref)
        return store.move_action(session=session, action=action, status=status, by="ana").id or 0


def notices(pilot: Pilot[None], severity: str | None = None) -> list[str]:
    return [
        n.message
        for n in pilot.app._notifications
        if severity is None or n.severity == severity
    ]


def journal(engine: Engine) -> list[tuple[str, str, bool]]:
    with store.reading(engine) as session:
        return [(c.by, c.kind, c.undone) for c in store.history(session=session)]


@on_both_backends
async def test_ctrl_z_undoes_my_change_and_leaves_anas(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await goto(pilot, "CEP-1.2")
        await pilot.press("space")  # tester: planned → in progress
        await settle(pilot)
        as_ana(engine, "CEP-4.9", "in_progress")  # Ana's change is the newest
        await pilot.press("ctrl+z")  # tester's own change, highlighted: undone at once
        await settle(pilot)
        assert status_of(engine, "CEP-1.2") == "planned"
        assert status_of(engine, "CEP-4.9") == "in_progress"
        await pilot.press("ctrl+z")  # nothing of tester's left: Ana's stays
        await settle(pilot)
        assert status_of(engine, "CEP-4.9") == "in_progress"
        assert any("nothing of yours to undo" in m for m in notices(pilot, "error"))
        assert journal(engine) == [
            ("tester", "undo", False),
            ("ana", "move", False),
            ("tester", "move", True),
        ]


async def test_an_undo_off_screen_asks_first_and_no_changes_nothing(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await goto(pilot, "CEP-1.2")
        await pilot.press("space")
        await settle(pilot)
        await goto(pilot, "CEP-1.5")  # the change is no longer the highlighted action's
        await pilot.press("ctrl+z")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog)
        question = str(dialog.query_one("#heading", Static).render())
        assert "Undo your change 1: CEP-1.2: planned → in progress?" in question
        await pilot.press("n")
        await settle(pilot)
        assert status_of(engine, "CEP-1.2") == "in_progress"
        await pilot.press("ctrl+z")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert status_of(engine, "CEP-1.2") == "planned"


async def test_a_blocked_undo_says_so_before_asking(engine: Engine) -> None:
    """Ana completed the action tester moved: ctrl+z names her change, asks nothing."""
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await goto(pilot, "CEP-1.2")
        await pilot.press("space")
        await settle(pilot)
        as_ana(engine, "CEP-1.2", "completed")
        await goto(pilot, "CEP-1.5")
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert isinstance(pilot.app.screen, MainScreen)  # no question: the answer is no
        assert any("ana's later change 2" in m for m in notices(pilot, "error"))
        assert status_of(engine, "CEP-1.2") == "completed"


async def test_ctrl_y_redoes_what_i_undid(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await goto(pilot, "CEP-1.2")
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert status_of(engine, "CEP-1.2") == "planned"
        await goto(pilot, "CEP-1.2")
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert status_of(engine, "CEP-1.2") == "in_progress"
        assert any("Redo of: CEP-1.2: planned → in progress" in m for m in notices(pilot))
        await pilot.press("ctrl+y")  # nothing more to redo
        await settle(pilot)
        assert any("nothing of yours to redo" in m for m in notices(pilot, "error"))
        assert status_of(engine, "CEP-1.2") == "in_progress"


def history_rows(pilot: Pilot[None]) -> list[list[str]]:
    table = pilot.app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def said(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#history-say", Static).render())


async def test_the_history_screen_lists_filters_and_reverts(engine: Engine) -> None:
    as_ana(engine, "CEP-4.9", "in_progress")  # 1
    async with app_for(engine).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, "CEP-1.2")
        await pilot.press("space")  # 2: tester
        await settle(pilot)
        as_ana(engine, "CEP-1.2", "completed")  # 3: Ana builds on tester's move
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HistoryScreen)
        rows = history_rows(pilot)
        assert [(r[0], r[2], r[3]) for r in rows] == [
            ("3", "ana", "move"),
            ("2", "tester", "move"),
            ("1", "ana", "move"),
        ]
        await pilot.press("p")  # tester's own first
        await settle(pilot)
        assert [r[0] for r in history_rows(pilot)] == ["2"]
        chips = str(pilot.app.screen.query_one("#history-chips", Static).render())
        assert "who: tester" in chips
        await pilot.press("p")  # then Ana's
        await settle(pilot)
        assert [r[0] for r in history_rows(pilot)] == ["3", "1"]
        await pilot.press("p")  # back to everyone
        await settle(pilot)
        assert len(history_rows(pilot)) == 3

        await pilot.press("down", "enter")  # tester's move: Ana's completion depends on it
        await settle(pilot)
        assert "cannot undo your change 2" in said(pilot)
        assert "ana's later change 3" in said(pilot)
        assert status_of(engine, "CEP-1.2") == "completed"

        await pilot.press("down", "enter")  # Ana's move of CEP-4.9: nothing depends on it
        await settle(pilot)
        assert said(pilot) == "Undid ana's change 1: CEP-4.9: planned → in progress"
        assert status_of(engine, "CEP-4.9") == "planned"
        rows = history_rows(pilot)
        assert rows[0][:4] == ["4", rows[0][1], "tester", "undo"]
        assert "(undone)" in rows[-1][4]

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, MainScreen)
        row = next(r for r in pilot.app.screen.query_one(ActionTable).rows if r.ref == "CEP-4.9")
        assert row.status == "planned"  # the main screen read again


async def test_the_history_of_the_highlighted_action(engine: Engine) -> None:
    as_ana(engine, "CEP-4.9", "in_progress")
    as_ana(engine, "CEP-1.2", "in_progress")
    async with app_for(engine).run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await goto(pilot, "CEP-1.2")
        await pilot.press("h")
        await settle(pilot)
        assert len(history_rows(pilot)) == 2
        await pilot.press("a")
        await settle(pilot)
        assert [r[4] for r in history_rows(pilot)] == ["CEP-1.2: planned → in progress"]
        assert "History: CEP-1.2" in str(pilot.app.screen.query_one("#history-title").render())
        await pilot.press("question_mark")  # the help lists the history's own keys
        await settle(pilot)
        table = pilot.app.screen.query_one(DataTable)
        ids = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        assert {"history.revert", "history.action", "history.person", "history.kind"} <= set(ids)


async def test_others_changes_are_noticed_by_name(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        as_ana(engine, "CEP-4.9", "in_progress")
        pilot.app.screen.query_one("#body").poll()  # what the two-second timer does
        await settle(pilot)
        assert "ana: CEP-4.9: planned → in progress" in notices(pilot)
        for ref in ("CEP-4.10", "CEP-4.11", "CEP-4.12", "CEP-4.14"):
            with store.writing(engine) as session:
                action = store.resolve_action(session=session, ref=ref)
                store.add_update(session=session, action=action, text="seen", by="bo")
        pilot.app.screen.query_one("#body").poll()
        await settle(pilot)
        last = notices(pilot)[-1].splitlines()
        assert len(last) == 3
        assert last[0].startswith("bo: CEP-4.14: progress update of")
        assert last[2] == "and 2 more (h shows them)"
        # My own writes are not news.
        count = len(notices(pilot))
        await goto(pilot, "CEP-1.2")
        await pilot.press("space")
        await settle(pilot)
        assert all("tester:" not in m for m in notices(pilot)[count:])


# --- what it looks like ---------------------------------------------------------------------

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


@pytest.mark.parametrize("size", SIZES)
def test_history_snapshot(snap_compare: Any, engine: Engine, size: tuple[int, int]) -> None:
    """The history at either size: the title "History: all changes", the filter line, the
    columns #, When (UTC) (with its year only when wide), Who, What and Summary, newest first:
    tester's redo (What says redo), ana's update, tester's struck-out move marked (undone)
    with its undo beneath; the key bar lists Revert, All/action, Person, Kind, Help, Back."""
    at = datetime(2020, 6, 15, 9, 0, tzinfo=UTC)
    with store.writing(engine) as session:
        action = store.resolve_action(session=session, ref="CEP-1.2")
        store.move_action(session=session, action=action, status="in_progress", by="tester", at=at)
    with store.writing(engine) as session:
        action = store.resolve_action(session=session, ref="CEP-4.9")
        store.add_update(
            session=session, action=action, text="Seen", by="ana", as_of=at.date()
        )
    with store.writing(engine) as session:
        store.undo(session=session, by="tester")
    with store.writing(engine) as session:
        store.redo(session=session, by="tester")
    with engine.begin() as conn:  # every entry at a fixed time, so the picture repeats
        for (change_id,) in conn.execute(select(Change.id)).all():
            when = at + timedelta(minutes=change_id)
            conn.execute(update(Change).where(Change.id == change_id).values(at=when))

    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)

    app = app_for(engine)
    assert snap_compare(app, terminal_size=size, run_before=run)
