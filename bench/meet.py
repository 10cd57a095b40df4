"""The meeting walk (``ptctui meet``), run in a fresh process by bench.py.

    python bench/meet.py DB MEETING     # prints {"open_s": …, "step_ms": …}

``open_s``: process start to the first frame that shows the walk's first action (the app
builds as ``ptctui meet`` builds it: the main screen, then meeting mode over it, over every
live action). ``step_ms``: the key that notes an action and goes on (``right``) to the frame
that shows the next one. The walk resumes where the last run left it, as it does for users.
Frames are judged as ``inapp.py`` judges them. Stdlib and the project only.
"""

from __future__ import annotations

import time

START = time.perf_counter()  # before the heavy imports: they are part of opening

import asyncio  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from typing import Any  # noqa: E402

from inapp import SIZE, TODAY, Frames, _quiet  # noqa: E402


async def walk(url: str, meeting: str) -> dict[str, float]:
    from ptctui import collector

    collector.hold()
    from ptctui import db, store
    from ptctui.tui.app import make_app
    from ptctui.tui.screens.meeting import MeetingScreen, WalkSpec

    engine = db.make_engine(db.url_for(url))
    spec = WalkSpec(meeting, None, store.ActionFilter())
    app = make_app(engine=engine, by="bench", today=TODAY, remember_theme=False, walk=spec)
    collector.settle()
    at: list[int] = []

    def showing(screen: Any) -> int | None:
        """The walk's index of the action the meeting screen shows, if it shows one."""
        if not isinstance(screen, MeetingScreen) or screen.walk is None:
            return None
        briefing = screen.briefing
        if briefing is None or briefing.detail.action.uuid != screen.walk.uuids[screen.index]:
            return None
        return screen.index

    def first() -> bool:
        index = showing(app.screen)
        if index is not None and not at:
            at.append(index)
        return index is not None

    frames = Frames(app)
    frames.watch(START, first)
    async with app.run_test(size=SIZE) as pilot:
        opened = await frames.wait(timeout=300)
        await _quiet(app)
        moment = time.perf_counter()
        task = asyncio.create_task(pilot.press("right"))
        step = await frames.after(moment, lambda: showing(app.screen) == at[0] + 1, timeout=60)
        await task
        await _quiet(app)
    return {"open_s": opened, "step_ms": step * 1000}


def main() -> None:
    print(json.dumps(asyncio.run(walk(sys.argv[1], sys.argv[2]))))


if __name__ == "__main__":
    main()
