"""How ptctui treats Python's cyclic garbage collector: when it runs, pauses and freezes.

Only that policy lives here (standard library only, nothing of ptctui's); the callers decide
when: the console script (``cli.main``), the app's start-up (``cli.root``, ``tui.app``) and its
exports (``exporters.jobs``).

Nearly everything ptctui allocates is freed by reference counting; the collector finds only
the rare cycle. Its cost is walking objects: a full collection walks everything alive, which
after importing SQLAlchemy, SQLModel and Textual is several hundred thousand objects (25–60 ms
on the project's machine, at moments nobody chooses: during the first frame, or a key press).

- ``one_command()`` is the console script's: the process runs one command and ends. The
  collector stays off for the command (measured: an import, a sync, a copy or an export of
  10,000 actions peaks at the same memory either way; their garbage has no cycles), and at the end
  everything alive is frozen, so the interpreter's last collection at exit walks nothing.
  That collection, over what SQLAlchemy and SQLModel leave behind, took 85 ms of
  ``actions --json``'s 650; resuming the collector after the command's work took 20 more.
- ``bulk_work()`` pauses the collector while the app builds and writes an export, then
  resumes it. Short bursts: nothing long-lived is left unexamined.
- ``hold()`` stops the collector while the app starts (imports, first reads, building the
  app), and ``settle()``, just before the app runs, moves everything alive then (modules,
  classes, the ORM's tables, the app's widgets and styles) out of the collector's sight for
  good (``gc.freeze()``) and starts it again. Those objects live as long as the process
  anyway; later collections walk only what came after. This is the start-up recipe of the
  ``gc.freeze`` documentation; the few cycles of start-up garbage it keeps are bounded.
  ``release()`` restarts the collector if the app never ran.
- ``keep()`` does the same for what the app reads whole: after it has put a full list of
  actions, or their search index, in place. At 100,000 actions those are millions of
  objects the collector would otherwise walk in each full collection (105–137 ms each, eight
  in the benchmark's key presses: the cursor's worst frames). They hold no cycles, so
  reference counting still frees them when a later read replaces them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def one_command() -> Iterator[None]:
    """The collector off for the block, and nothing left for it when the process exits.

    Only for a process that ends with the block (``cli.main``). Nothing is lost by freezing:
    reference counting has freed everything but cycles, and a cycle left at exit is only
    memory the process gives back anyway. Nothing may rely on the collector to finish its
    work: files are closed by their ``with`` blocks, and database connections by
    ``db.dispose_engines`` (an SQLite engine sits in cycles, and only closing its last
    connection merges the write-ahead log back into the file).
    """
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()


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


def keep() -> None:
    """Exclude everything alive now from future collections (the collector left as it was).

    For the app after a whole read is in place (``settle()``'s reasoning, for data): a cycle
    of garbage alive at this moment is kept for good, which is why it is called after whole
    reads only, not after every write.
    """
    gc.freeze()
