"""In-app timings, run in a fresh process by bench.py: first screen, cursor, search, status move.

    python bench/inapp.py first-screen DB      # prints seconds from process start to the
                                               # first frame with the table filled
    python bench/inapp.py floor                # the same for a minimal Textual app that
                                               # imports sqlmodel and shows an empty table
    python bench/inapp.py interact DB          # cursor, search and status-move timings (JSON)

The app runs headless (``App.run_test``); a frame is counted when Textual calls
``post_display_hook`` after compositing an update, so the times include layout and rendering
of the lines on screen but not the terminal's own drawing. Stdlib and the project only.
"""

# ruff: noqa: TID251  (this script drives the app, so it imports Textual by design)
from __future__ import annotations

import time

START = time.perf_counter()  # before the heavy imports: they are part of the first screen

import asyncio  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import date  # noqa: E402
from typing import Any  # noqa: E402

SIZE = (120, 35)
TODAY = date(2020, 6, 15)


class Frames:
    """Records when frames are composited, and which first showed an expected state."""

    def __init__(self, app: Any) -> None:
        self.times: list[float] = []
        self._until: Callable[[], bool] | None = None
        self._moment = 0.0
        self._hit: float | None = None
        original = app.post_display_hook

        def hook() -> None:
            now = time.perf_counter()
            self.times.append(now)
            # Judged as each frame is drawn (the state cannot change between compositing and
            # this hook), so the frame found is the first one that showed it, however late
            # the waiting coroutine gets its turn.
            until = self._until
            if until is not None and self._hit is None and now >= self._moment and until():
                self._hit = now
            original()

        app.post_display_hook = hook

    def watch(self, moment: float, until: Callable[[], bool]) -> None:
        """Look for the first frame drawn after ``moment`` while ``until()`` holds."""
        self._until, self._moment, self._hit = until, moment, None

    async def after(self, moment: float, until: Callable[[], bool], timeout: float = 10) -> float:
        """Seconds from ``moment`` to the first frame drawn while ``until()`` holds."""
        self.watch(moment, until)
        return await self.wait(timeout)

    async def wait(self, timeout: float = 10) -> float:
        """Seconds from the watched moment to the frame found by ``watch``."""
        moment = self._moment
        deadline = time.perf_counter() + timeout
        try:
            while self._hit is None:
                if time.perf_counter() > deadline:
                    raise TimeoutError("no frame showed the expected state")
                await asyncio.sleep(0.0005)
            return self._hit - moment
        finally:
            self._until = None


async def _quiet(app: Any) -> None:
    """Let workers and pending frames finish before the next measurement."""
    from textual.worker import WorkerCancelled

    for _ in range(3):
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await asyncio.sleep(0.03)


def _app(url: str) -> Any:
    """The app, built as bare ``ptctui`` builds it (``cli.root.open_app`` and ``tui.app.run``)."""
    from ptctui import collector

    collector.hold()
    from ptctui import db
    from ptctui.tui.app import make_app

    engine = db.make_engine(db.url_for(url))
    app = make_app(engine=engine, by="bench", today=TODAY, remember_theme=False)
    collector.settle()
    return app


async def first_screen(path: str) -> float:
    app = _app(path)
    from ptctui.tui.widgets.action_table import ActionTable

    def filled() -> bool:
        tables = app.screen.query(ActionTable)
        return bool(tables) and bool(tables.first().rows)

    frames = Frames(app)  # before the app runs: its first frames count
    frames.watch(START, filled)
    async with app.run_test(size=SIZE) as _pilot:
        return await frames.wait(timeout=60)


async def floor() -> float:
    import sqlmodel  # noqa: F401  (the stack's floor includes the ORM import)
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    class Floor(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()

    app = Floor()
    frames = Frames(app)
    frames.watch(START, lambda: bool(app.screen.query(DataTable)))
    async with app.run_test(size=SIZE):
        return await frames.wait(timeout=60)


async def interact(path: str, presses: int = 200) -> dict[str, float]:
    app = _app(path)
    from ptctui import store
    from ptctui.tui.widgets.action_table import ActionTable

    results: dict[str, float] = {}
    frames = Frames(app)
    frames.watch(START, lambda: any(t.rows for t in app.screen.query(ActionTable)))
    async with app.run_test(size=SIZE) as pilot:
        await frames.wait(timeout=60)
        await _quiet(app)
        await _quiet(app)
        table = app.screen.query_one(ActionTable)

        # 1. cursor: key press to the frame showing the cursor on the next row
        cursor_times = []
        for _ in range(presses):
            target = table.cursor + 1
            moment = time.perf_counter()
            task = asyncio.create_task(pilot.press("down"))
            cursor_times.append(await frames.after(moment, lambda t=target: table.cursor == t))
            await task
        results["cursor_ms"] = statistics.median(cursor_times) * 1000
        results["cursor_max_ms"] = max(cursor_times) * 1000
        await _quiet(app)

        # 2. incremental search: one keystroke to the frame showing the narrowed list
        await pilot.press("slash", "e")
        await _quiet(app)
        search_times = []
        for letter in "nforcement":
            shown = table.rows  # set_rows puts a new list in place when the results arrive
            moment = time.perf_counter()
            task = asyncio.create_task(pilot.press(letter))
            search_times.append(await frames.after(moment, lambda s=shown: table.rows is not s))
            await task
            await _quiet(app)
        results["search_ms"] = statistics.median(search_times) * 1000
        await pilot.press("escape", "escape")
        await _quiet(app)

        # 3. status move: space to the frame showing the committed new status
        move_times = []
        candidates = [r.uuid for r in table.rows if _advances(r)][:10]
        for uuid in candidates:
            table.move_to(uuid)
            await _quiet(app)
            row = table.current
            assert row is not None and row.uuid == uuid

            def moved(uuid: str = uuid, old: object = row.status) -> bool:
                now = next((r for r in table.rows if r.uuid == uuid), None)
                return now is not None and now.status != old

            moment = time.perf_counter()
            task = asyncio.create_task(pilot.press("space"))
            move_times.append(await frames.after(moment, moved))
            await task
            await _quiet(app)
        with store.reading(app.engine) as session:
            assert store.history(session=session, limit=1)
        results["move_ms"] = statistics.median(move_times) * 1000
    results["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


def _advances(row: Any) -> bool:
    from ptctui.workflow import NEXT

    return row.status in NEXT


def main() -> None:
    mode = sys.argv[1]
    if mode == "first-screen":
        print(json.dumps({"seconds": asyncio.run(first_screen(sys.argv[2]))}))
    elif mode == "floor":
        print(json.dumps({"seconds": asyncio.run(floor())}))
    elif mode == "interact":
        print(json.dumps(asyncio.run(interact(sys.argv[2]))))
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main()
