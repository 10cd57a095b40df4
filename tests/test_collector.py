"""The app's garbage collection policy (``ptctui.collector``): full collections between frames.

Nothing here is timed; the frames it keeps short are measured by ``bench/inapp.py``. These tests
hold what the policy promises: after ``settle()`` the automatic full collection is only a
backstop, ``tidy()`` frees garbage cycles that reached the oldest generation, it does nothing in
a process that never settled, and the app asks for it after each frame.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from conftest import TODAY
from ptctui import collector
from ptctui.tui.app import make_app


class Node:
    """A reference cycle (it holds itself) that only the collector can free."""

    def __init__(self) -> None:
        self.me = self


def _old_cycle() -> weakref.ref[Node]:
    """A garbage cycle in the oldest generation, as Textual's frames leave them: alive through
    a collection of the middle generation, dropped after."""
    node = Node()
    gc.collect(1)  # moves it to the oldest generation (and counts one for a full collection)
    ref = weakref.ref(node)
    del node
    return ref


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``collector.settle()`` as the app's start-up calls it, undone after the test."""
    threshold, enabled = gc.get_threshold(), gc.isenabled()
    monkeypatch.setattr(collector, "_tidying", False)  # what the test's end puts back
    collector.settle()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
        if not enabled:
            gc.disable()


@pytest.mark.usefixtures("settled")
def test_after_settling_full_collections_wait_for_tidy() -> None:
    assert gc.get_threshold()[2] == collector.FULL_BACKSTOP
    cycle = _old_cycle()
    assert cycle() is not None
    collector.tidy()
    assert cycle() is None
    assert gc.get_count()[2] == 0


def test_tidy_does_nothing_in_a_process_that_never_settled() -> None:
    threshold = gc.get_threshold()
    gc.set_threshold(threshold[0], threshold[1], 1_000_000)  # no automatic one in between
    try:
        cycle = _old_cycle()
        collector.tidy()
        assert cycle() is not None
    finally:
        gc.set_threshold(*threshold)
    gc.collect()
    assert cycle() is None


async def test_the_app_tidies_after_each_frame(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[None] = []
    monkeypatch.setattr(collector, "tidy", lambda: calls.append(None))
    app = make_app(engine=engine, by="tester", today=TODAY, remember_theme=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        drawn = len(calls)
        await pilot.press("down")
        await pilot.pause()
    assert drawn > 0 and len(calls) > drawn
