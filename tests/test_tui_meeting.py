"""Pilot tests of meeting mode: a walk through CEP-2020 at a new EC session, every decision key,
a refusal shown in place, and the walk resuming where it stopped after the app restarts.

Keys are pressed as an officer presses them; each test then checks the meeting's decisions
in the database (``store.decisions``) and what the screen says.
"""

from __future__ import annotations

import contextlib
import io
from datetime import date

import pytest
from sqlalchemy.engine import Engine
from textual.pilot import Pilot
from textual.widgets import Static

from conftest import TODAY
from ptctui import store
from ptctui.store import decisions
from ptctui.tui.app import PtcApp, make_app
from ptctui.tui.screens.meeting import MeetingScreen, WalkSpec


@pytest.fixture
def meeting(engine: Engine) -> str:
    with store.writing(engine) as session:
        store.add_meeting(
            session=session,
            key="EC-41",
            body=store.get_body(session=session, code="EC"),
            number=41,
            start=date(2020, 6, 15),
            by="tester",
        )
    return "EC-41"


def app_for(engine: Engine, spec: WalkSpec) -> PtcApp:
    return make_app(engine=engine, by="tester", today=TODAY, remember_theme=False, walk=spec)


async def settle(pilot: Pilot[None]) -> None:
    from textual.worker import WorkerCancelled

    for _ in range(4):
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def screen(pilot: Pilot[None]) -> MeetingScreen:
    found = pilot.app.screen
    assert isinstance(found, MeetingScreen), found
    return found


def line(pilot: Pilot[None], widget: str) -> str:
    """What a line of the screen says; for the action, its briefing as printed at 80 columns."""
    if widget == "action":
        from rich.console import Console

        from ptctui.views.meeting import briefing_view

        briefing = screen(pilot).briefing
        assert briefing is not None
        console = Console(width=80, record=True, file=io.StringIO())
        console.print(briefing_view(briefing, TODAY))
        return " ".join(console.export_text().split())
    return str(screen(pilot).query_one(f"#{widget}", Static).render())


def decided(engine: Engine, key: str) -> dict[str, list[str]]:
    """The meeting's decisions by reference: their kinds (a move as its target status)."""
    with store.reading(engine) as session:
        found = decisions.decisions_at(
            session=session, meeting=store.get_meeting(session=session, key=key)
        )
        refs = {
            a.uuid: a.ref
            for a in store.list_actions(
                session=session, flt=store.ActionFilter(uuids=tuple(found)), today=TODAY
            )
        }
    return {
        refs[uuid]: [d.target.value if d.target else d.kind for d in ds]
        for uuid, ds in found.items()
    }


async def answer(pilot: Pilot[None], *answers: str) -> None:
    """Type into the open question dialog's fields in turn; enter in the last answers."""
    for text in answers:
        if text:
            await pilot.press(*text)
        await pilot.press("enter")
    await settle(pilot)


async def test_a_walk_decides_with_one_key_each(engine: Engine, meeting: str) -> None:
    async with app_for(engine, WalkSpec(meeting, "CEP-2020")).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert line(pilot, "walk-line") == "EC-41 · CEP-2020 · 1 of 48 · 0 decided"
        assert "Promote the CEP toolkit" in line(pilot, "action")
        await pilot.press("enter")  # CEP-1.1: noted, on to CEP-1.2
        await settle(pilot)
        await pilot.press("p")  # CEP-1.2 postponed
        await settle(pilot)
        await answer(pilot, "Q1 2021", "funding delayed")
        assert "Postponed to the first quarter of 2021: funding delayed." in line(pilot, "action")
        await pilot.press("right")  # decided already: just goes on
        await settle(pilot)
        await pilot.press("i")  # CEP-1.3 in progress
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        await answer(pilot, "The Committee asked for a first draft.")
        await pilot.press("f")
        await settle(pilot)
        await answer(pilot, "SEC", "Q3 2020", "Report on the draft")
        await pilot.press("right")  # CEP-1.4, completed: on hold is refused, so noted
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert line(pilot, "said").startswith("cannot move from completed to on_hold")
        await pilot.press("right")  # CEP-1.5
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        await answer(pilot, "waiting for the GIIS group")
        await pilot.press("right")  # CEP-1.6
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await answer(pilot, "overtaken by the new strategy")
        await pilot.press("right")  # CEP-1.7
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert line(pilot, "walk-line") == "EC-41 · CEP-2020 · 7 of 48 · 7 decided"
    assert decided(engine, meeting) == {
        "CEP-1.1": ["noted"],
        "CEP-1.2": ["postponed"],
        "CEP-1.3": ["in_progress", "update", "follow_up"],
        "CEP-1.4": ["noted"],
        "CEP-1.5": ["on_hold"],
        "CEP-1.6": ["cancelled"],
        "CEP-1.7": ["completed"],
    }


async def test_a_refused_decision_says_why_in_place_and_writes_nothing(
    engine: Engine, meeting: str
) -> None:
    async with app_for(engine, WalkSpec(meeting, "CEP-2020")).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(11):  # to CEP-1.12, completed already
            await pilot.press("right")
            await settle(pilot)
        assert "CEP-1.12" in line(pilot, "action")
        await pilot.press("c")
        await settle(pilot)
        assert line(pilot, "said") == (
            "cannot move from completed to completed; allowed from completed: in_progress, ongoing"
        )
        assert screen(pilot).query_one("#said").has_class("-refused")
        await pilot.press("i")  # reopening asks why first
        await settle(pilot)
        await answer(pilot, "the Committee asked for a second edition")
        assert "Marked as in progress: the Committee asked for a second edition." in line(
            pilot, "action"
        )
    assert decided(engine, meeting)["CEP-1.12"] == ["in_progress"]


async def test_the_walk_resumes_where_it_stopped(engine: Engine, meeting: str) -> None:
    spec = WalkSpec(meeting, "CEP-2020")
    async with app_for(engine, spec).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(3):
            await pilot.press("right")
            await settle(pilot)
        assert line(pilot, "walk-line").startswith("EC-41 · CEP-2020 · 4 of 48")
    async with app_for(engine, spec).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert line(pilot, "walk-line") == "EC-41 · CEP-2020 · 4 of 48 · 3 decided"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, MeetingScreen)


async def test_every_key_shows_at_80_columns(engine: Engine, meeting: str) -> None:
    async with app_for(engine, WalkSpec(meeting, "CEP-2020")).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = line(pilot, "keys")
        for word in ("noted, next", "back", "postpone", "follow-up", "undo", "leave"):
            assert word in keys
        region = screen(pilot).query_one("#keys").region
        assert region.bottom <= 24 and region.height >= 2


async def test_z_undoes_the_walks_last_decision(engine: Engine, meeting: str) -> None:
    async with app_for(engine, WalkSpec(meeting, "CEP-2020")).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # CEP-1.1 noted
        await settle(pilot)
        await pilot.press("c")  # CEP-1.2 completed
        await settle(pilot)
        assert line(pilot, "walk-line").endswith("2 decided")
        await pilot.press("z")
        await settle(pilot)
        assert line(pilot, "walk-line").endswith("1 decided")
        assert "Completed" not in line(pilot, "action")
        await pilot.press("z")
        await pilot.press("z")
        await settle(pilot)
        assert line(pilot, "said") == "No decision of this walk to undo."
    assert decided(engine, meeting) == {}
