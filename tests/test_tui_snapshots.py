"""Snapshot tests: what the screens look like, at 80×24 and at a wide 160×45.

Each docstring says what the picture must show; a changed picture fails until a person has
looked at it and accepted it with ``pytest --snapshot-update`` (see DEVELOPERS.md). The data
are the bundled PC0608E actions with their UUIDs made deterministic, seen on a fixed day.
"""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from conftest import TODAY, make_workspace
from ptctui import db
from ptctui.tui.app import make_app

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


def _stable_uuids(path: Path) -> None:
    """Replace random UUIDs with ones derived from the reference, so pictures repeat."""
    conn = sqlite3.connect(path)
    with conn:
        for table, key in (("actions", "ref"), ("packages", "code"), ("plans", "code")):
            rows = conn.execute(f"SELECT id, {key} FROM {table}").fetchall()
            for row_id, name in rows:
                stable = str(uuid.uuid5(uuid.NAMESPACE_URL, f"ptctui:{table}:{name}"))
                conn.execute(f"UPDATE {table} SET uuid = ? WHERE id = ?", (stable, row_id))
    conn.close()


@pytest.fixture
def seeded(db_path: Path) -> Path:
    _stable_uuids(db_path)
    return db_path


async def _settle(pilot: Pilot[None]) -> None:
    for _ in range(3):
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def _keys(*keys: str) -> Callable[[Pilot[None]], Any]:
    async def run(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        for key in keys:
            await pilot.press(key)
            await _settle(pilot)

    return run


def _snap(snap_compare: Any, path: Path, size: tuple[int, int], keys: Sequence[str]) -> bool:
    engine = db.make_engine(db.url_for(path))
    app = make_app(engine=engine, by="tester", today=TODAY, remember_theme=False)
    try:
        return bool(snap_compare(app, terminal_size=size, run_before=_keys(*keys)))
    finally:
        engine.dispose()


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare: Any, seeded: Path, size: tuple[int, int]) -> None:
    """The table of all 56 actions with a status badge of its own colour each, the cursor on
    CEP-1.6 ("end of 2020", in progress) and its detail: below the table at 80 columns (no
    tree: t shows it; each title has at least 40 cells), beside it at 160 with the tree (RP
    0/8, CEP 13/48 with ⚠2, components by their own words, ECP 0/0); the key bar lists the main
    keys on the left and ? Help, q Quit and the palette on the right."""
    assert _snap(snap_compare, seeded, size, ["down"] * 13)


@pytest.mark.parametrize("size", SIZES)
def test_detail_focused(snap_compare: Any, seeded: Path, size: tuple[int, int]) -> None:
    """Enter on CEP-4.12 (Balkan Gate 2) moves focus to its detail (highlighted border): status
    postponed, deadline 2020, the Coronavirus update, and its status history with the note."""
    assert _snap(snap_compare, seeded, size, ["end", *["up"] * 12, "enter"])


@pytest.mark.parametrize("size", SIZES)
def test_status_picker(snap_compare: Any, seeded: Path, size: tuple[int, int]) -> None:
    """`s` on CEP-1.4 (completed) opens the picker titled with the action, offering only
    "in progress" and "ongoing", each marked as needing a note, and a Note field."""
    assert _snap(snap_compare, seeded, size, [*["down"] * 11, "s"])


@pytest.mark.parametrize("size", SIZES)
def test_update_dialog(snap_compare: Any, seeded: Path, size: tuple[int, int]) -> None:
    """`u` on RP-1.1 opens the progress dialog: a text area, the date 2020-06-15 filled in,
    an optional meeting field, and ctrl+s to save in the footer."""
    assert _snap(snap_compare, seeded, size, ["u"])


@pytest.mark.parametrize("size", SIZES)
def test_dashboard(snap_compare: Any, seeded: Path, size: tuple[int, int]) -> None:
    """`g` shows the dashboard from its top (its title first): progress per package and plan
    with counts per status, the two overdue actions (CEP-4.24 March 2020, CEP-2.1 May 2020)
    with days late; at 160 columns the standing and the lists sit side by side."""
    assert _snap(snap_compare, seeded, size, ["g"])


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: Any, seeded: Path, size: tuple[int, int]) -> None:
    """`?` lists every key in force with what it does and its binding id, from the table's
    (↑ / k, ↓ / j …) on; at 80×24 it fills the screen and scrolls (a scrollbar shows)."""
    assert _snap(snap_compare, seeded, size, ["question_mark"])


def test_help_scrolled_to_its_end(snap_compare: Any, seeded: Path) -> None:
    """At 80×24, End in the key list shows its last rows: q Quit, ^q, tab and shift+tab
    (Next / Previous pane) and ^p (the command palette), each "(built in)" or with its id."""
    assert _snap(snap_compare, seeded, (80, 24), ["question_mark", "end"])


@pytest.mark.parametrize("size", SIZES)
def test_filtered_view(snap_compare: Any, seeded: Path, size: tuple[int, int]) -> None:
    """`o`, `A` and a search for "IPR" keep CEP-2.1 (May 2020, marked ⚠ in red); the line above
    the table keeps every filter as a whole chip (matching “IPR”, overdue only, archived
    shown), at 80 columns on a second line rather than cut off."""
    assert _snap(snap_compare, seeded, size, ["o", "A", "slash", "I", "P", "R", "enter"])


@pytest.mark.parametrize("size", SIZES)
def test_empty_database(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    """An empty database: "All actions 0/0", 0 actions, a line saying that n adds the first
    package (and what n does next in the tree), and "No action highlighted." where the detail
    would be."""
    assert _snap(snap_compare, make_workspace(tmp_path, seed=False), size, [])


def test_terminal_too_small(snap_compare: Any, seeded: Path) -> None:
    """At 50×14 the screen says "Make the terminal at least 60×16 (it is 50×14 now)." and
    that q quits, instead of panes too small to read."""
    assert _snap(snap_compare, seeded, (50, 14), [])
