"""Pilot tests of marks in the main table: ``v`` marks one action, ``V`` every action shown,
escape clears them; with marks, ``s`` moves them all, ``u`` records one update on each, ``d``
archives them, all or none, and one ``ctrl+z`` takes the batch back. A move the workflow
refuses for some is listed first, with the choice to move the others.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from textual.pilot import Pilot

from conftest import TODAY
from ptctui import store
from ptctui.browse import scope_line
from ptctui.tui.dialogs.ask import AskDialog
from ptctui.tui.dialogs.confirm import ConfirmDialog
from test_tui_app import app_for, goto, settle, status_of, table


async def answer(pilot: Pilot[None], *answers: str) -> None:
    assert isinstance(pilot.app.screen, AskDialog)
    for text in answers:
        if text:
            await pilot.press(*text)
        await pilot.press("enter")
    await settle(pilot)


def scope_text(pilot: Pilot[None]) -> str:
    from ptctui.tui.widgets.action_list import ActionList

    parts = pilot.app.screen.query_one(ActionList)._parts
    return scope_line(**parts).plain


async def test_marks_move_together_and_one_ctrl_z_takes_them_back(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table(pilot).focus()
        await goto(pilot, "CEP-1.5")
        await pilot.press("v", "v")  # CEP-1.5 and CEP-1.6
        await settle(pilot)
        assert "✓ 2 marked" in scope_text(pilot)
        await pilot.press("s")
        await settle(pilot)
        await answer(pilot, "on hold", "no funds", "")
        assert [status_of(engine, r) for r in ("CEP-1.5", "CEP-1.6")] == ["on_hold", "on_hold"]
        assert table(pilot).marked == set()
        await pilot.press("ctrl+z")
        await settle(pilot)
        if isinstance(pilot.app.screen, ConfirmDialog):  # not the highlighted action's alone
            await pilot.press("y")
            await settle(pilot)
        assert [status_of(engine, r) for r in ("CEP-1.5", "CEP-1.6")] == [
            "in_progress",
            "in_progress",
        ]


async def test_a_partly_refused_batch_asks_then_moves_the_others(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table(pilot).focus()
        await goto(pilot, "CEP-1.4")  # completed: cannot go on hold
        await pilot.press("v", "v")  # CEP-1.4 and CEP-1.5
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await answer(pilot, "on_hold", "no funds", "")
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "1 of 2 cannot move to on hold (CEP-1.4" in str(dialog._heading)
        await pilot.press("y")
        await settle(pilot)
        assert status_of(engine, "CEP-1.4") == "completed"
        assert status_of(engine, "CEP-1.5") == "on_hold"


async def test_capital_v_marks_what_a_search_shows_and_escape_clears(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"PGS", "enter")
        await settle(pilot)
        table(pilot).focus()
        shown = {r.uuid for r in table(pilot).rows}
        await pilot.press("V")
        await settle(pilot)
        assert table(pilot).marked == shown and len(shown) >= 2
        await pilot.press("u")
        await settle(pilot)
        await answer(pilot, "Reviewed by the PGS project group.")
        with store.reading(engine) as session:
            found = store.list_actions(
                session=session, flt=store.ActionFilter(search="Reviewed by the PGS"), today=TODAY
            )
        assert {r.uuid for r in found} == shown
        await pilot.press("V")  # marks again, then escape clears them, not the search
        await pilot.press("escape")
        await settle(pilot)
        assert table(pilot).marked == set()
        assert {r.uuid for r in table(pilot).rows} == shown
