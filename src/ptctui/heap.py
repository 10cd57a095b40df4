"""How ptctui treats Python's cyclic garbage collector.

Nearly everything ptctui allocates is freed by reference counting; the collector finds only
the rare cycle. Its cost is walking objects: a full collection walks everything alive, which
after importing SQLAlchemy, SQLModel and Textual is several hundred thousand objects (25–60 ms
on the project's machine, at moments nobody chooses: during the first frame, or a key press).

- ``bulk_work()`` pauses the collector while a command reads, builds and writes a lot (a list,
  a report), then resumes it. Short bursts: nothing long-lived is left unexamined.
- ``hold()`` stops the collector while the app starts (imports, first reads, building the
  app), and ``settle()``, just before the app runs, moves everything alive then (modules,
  classes, the ORM's tables, the app's widgets and styles) out of the collector's sight for
  good (``gc.freeze()``) and starts it again. Those objects live as long as the process
  anyway; later collections walk only what came after. This is the start-up recipe of the
  ``gc.freeze`` documentation; the few cycles of start-up garbage it keeps are bounded.
  ``release()`` restarts the collector if the app never ran.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def bulk_work() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block.

    A report or list of 10,000 actions allocates a few hundred thousand small objects (rows,
    developments, blocks, strings), none of them in reference cycles; each allocation burst
    sets off collections that walk the growing heap again, about a sixth of a full
    committee document's time. Reference counting still frees everything as usual; the
    collector resumes (if it was running) when the block ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def hold() -> None:
    """Stop the collector until ``settle()`` (the app's start-up)."""
    gc.disable()


def release() -> None:
    """Collect again (after ``hold()``), whether or not ``settle()`` ran: for the paths on
    which the app is never run (an error while building it, a test that stops there)."""
    gc.enable()


def settle() -> None:
    """Exclude everything alive now from future collections, and collect again from here.

    Called once, when the app is built and about to run: without it a full collection fell
    in the first frame (60 ms of 0.2 s), and later ones on key presses.
    """
    gc.freeze()
    gc.enable()
