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
    """Records when frames are composited, and waits for one after a moment."""

    def __init__(self, app: Any) -> None:
        self.times: list[float] = []
        original = app.post_display_hook

        def hook() -> None:
            self.times.append(time.perf_counter())
            original()

        app.post_display_hook = hook

    async def after(self, moment: float, until: Callable[[], bool], timeout: float = 10) -> float:
        """Seconds from ``moment`` to the first frame drawn once ``until()`` holds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if until():
                later = [t for t in self.times if t >= moment]
                mark = len(self.times)
                # the state is in place: the next frame (or one already drawn after it) shows it
                while len(self.times) == mark and time.perf_counter() < deadline:
                    await asyncio.sleep(0.0005)
                later = [t for t in self.times[mark:] if t >= moment]
                if later:
                    return later[0] - moment
            await asyncio.sleep(0.0005)
        raise TimeoutError("no frame showed the expected state")


async def _quiet(app: Any) -> None:
    """Let workers and pending frames finish before the next measurement."""
    from textual.worker import WorkerCancelled

    for _ in range(3):
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await asyncio.sleep(0.03)


def _app(url: str) -> Any:
    """The app, built as bare ``ptctui`` builds it (``cli.open_app`` and ``tui.app.run``)."""
    from ptctui import heap

    heap.hold()
    from ptctui import db
    from ptctui.tui.app import make_app

    engine = db.make_engine(db.url_for(url))
    app = make_app(engine=engine, by="bench", today=TODAY, remember_theme=False)
    heap.settle()
    return app


async def first_screen(path: str) -> float:
    from ptctui.tui.widgets.action_table import ActionTable

    app = _app(path)
    async with app.run_test(size=SIZE) as _pilot:
        frames = Frames(app)

        def filled() -> bool:
            tables = app.screen.query(ActionTable)
            return bool(tables) and bool(tables.first().rows)

        await frames.after(START, filled, timeout=60)
        return frames.times[-1] - START


async def floor() -> float:
    import sqlmodel  # noqa: F401  (the stack's floor includes the ORM import)
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    class Floor(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()

    app = Floor()
    async with app.run_test(size=SIZE):
        frames = Frames(app)
        await frames.after(START, lambda: bool(app.query(DataTable)), timeout=60)
        return frames.times[-1] - START


async def interact(path: str, presses: int = 200) -> dict[str, float]:
    from ptctui import store
    from ptctui.tui.widgets.action_table import ActionTable

    app = _app(path)
    results: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        frames = Frames(app)
        await frames.after(START, lambda: bool(app.screen.query_one(ActionTable).rows), 60)
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
