"""Several processes writing one database file at once, as officers do with the app and scripts.

SQLite allows one writer at a time; ptctui makes writers queue rather than fail by starting
every write with ``BEGIN IMMEDIATE`` under a busy timeout (``db.make_engine``,
``store.writing``). These tests start real processes: four that each make 200 status moves on
the same two actions at the same moment, and ``ptctui move`` commands started while another
process holds a write transaction for seconds. Nothing may be lost, no move may be based on a
stale status, and "database is locked" must never reach anyone.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from ptctui import db, store
from ptctui.store.checks import check_database

PROCESSES = 4
MOVES = 200
SHARED = ("CEP-1.1", "CEP-1.5")  # ongoing and in progress in the bundled data
PTCTUI = (sys.executable, "-m", "ptctui")

# Each worker flips the shared actions between ongoing and in progress (both moves need
# nothing in workflow.TRANSITIONS), reading the current status inside its write transaction,
# exactly as `ptctui move` does. A lost update would show as a from_status that does not
# follow the previous change's to_status.
WORKER = """
import sys, time
from pathlib import Path
from ptctui import db, store

path, who, go, moves, *refs = sys.argv[1:]
engine = db.make_engine(db.url_for(path))
with store.reading(engine) as session:  # connect before the start, like an open app
    store.resolve_action(session=session, ref=refs[0])
Path(f"{go}.{who}").touch()  # ready
while not Path(go).exists():
    time.sleep(0.002)
for number in range(int(moves)):
    with store.writing(engine) as session:
        action = store.resolve_action(session=session, ref=refs[number % len(refs)])
        target = "in_progress" if action.status == "ongoing" else "ongoing"
        store.move_action(
            session=session, action=action, status=target, by=who, note=f"{who} #{number}"
        )
"""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PTCTUI_")}
    env["PTCTUI_TODAY"] = "2020-06-15"
    return env


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_four_processes_making_200_moves_each_lose_nothing(engine: Engine, db_path: Path) -> None:
    go = db_path.parent / "go"
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                str(db_path),
                f"worker{n}",
                str(go),
                str(MOVES),
                *SHARED,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for n in range(PROCESSES)
    ]
    # Start them together, once all have imported ptctui and opened the database. (SQLite's
    # lock is not fair: one worker may wait while others take turns, which is why the busy
    # timeout is generous. How they interleave varies from run to run; what may not vary is
    # that every move lands.)
    deadline = time.monotonic() + 60
    ready = [Path(f"{go}.worker{n}") for n in range(PROCESSES)]
    while not all(path.exists() for path in ready) and time.monotonic() < deadline:
        assert all(worker.poll() is None for worker in workers)
        time.sleep(0.01)
    go.touch()
    started = time.monotonic()
    outputs = [worker.communicate(timeout=120) for worker in workers]
    elapsed = time.monotonic() - started

    for worker, (out, err) in zip(workers, outputs, strict=True):
        assert "locked" not in err.lower()
        assert worker.returncode == 0 and out == "" and err == "", err
    total = PROCESSES * MOVES
    per_worker = _rows(
        db_path,
        "SELECT by, count(*) FROM status_changes WHERE by LIKE 'worker%' GROUP BY by ORDER BY by",
    )
    assert per_worker == [(f"worker{n}", MOVES) for n in range(PROCESSES)]
    journal = _rows(
        db_path,
        "SELECT count(*), count(DISTINCT status_change_id) FROM changes "
        "WHERE kind = 'move' AND by LIKE 'worker%'",
    )
    assert journal == [(total, total)]
    for ref in SHARED:
        history = _rows(
            db_path,
            "SELECT s.from_status, s.to_status FROM status_changes s "
            f"JOIN actions a ON a.id = s.action_id WHERE a.ref = '{ref}' ORDER BY s.id",
        )
        assert all(prev[1] == cur[0] for prev, cur in itertools.pairwise(history))
    with store.reading(engine) as session:
        assert check_database(session=session) == []
    assert elapsed < 60, f"{total} moves took {elapsed:.1f} s"


def test_move_commands_wait_for_a_long_write_transaction_and_then_succeed(
    engine: Engine, db_path: Path
) -> None:
    """Another process holds the write lock for seconds; `ptctui move` waits, then succeeds."""
    moves = [
        ("CEP-1.1", "completed"),
        ("CEP-1.5", "ongoing"),
        ("CEP-1.2", "in_progress"),
        ("RP-1.2", "completed"),
    ]
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE actions SET title = title WHERE ref = 'CEP-4.24'")
    held = time.monotonic()
    commands = [
        subprocess.Popen(
            [*PTCTUI, "--db", str(db_path), "--by", f"cli{n}", "move", ref, status],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for n, (ref, status) in enumerate(moves)
    ]
    try:
        # Hold until every command has the database open (so it is queued on the lock, its
        # reads done), then a moment more, and at least three seconds in all.
        _wait_until_open(commands, db_path, timeout=30)
        time.sleep(max(1.0, 3.0 - (time.monotonic() - held)))
        assert [command.poll() for command in commands] == [None] * len(commands)
        released = datetime.now(UTC)
    finally:
        holder.execute("COMMIT")
        holder.close()
    outputs = [command.communicate(timeout=60) for command in commands]

    for command, (out, err), (ref, _status) in zip(commands, outputs, moves, strict=True):
        assert "locked" not in err.lower()
        assert command.returncode == 0 and err == "", err
        assert out.startswith(f"{ref}: ")
    with store.reading(engine) as session:
        for ref, status in moves:
            action = store.resolve_action(session=session, ref=ref)
            assert action.status == status
            assert action.updated_at >= released  # written after the lock was let go
        assert check_database(session=session) == []


def _wait_until_open(commands: list[subprocess.Popen[str]], path: Path, *, timeout: float) -> None:
    """Wait until each process has ``path`` open (Linux /proc); elsewhere wait ``timeout``/5."""
    proc = Path("/proc")
    if not proc.is_dir():  # pragma: no cover - not Linux
        time.sleep(timeout / 5)
        return
    deadline = time.monotonic() + timeout
    waiting = {command.pid for command in commands}
    target = str(path.resolve())
    while waiting and time.monotonic() < deadline:
        for pid in list(waiting):
            try:
                links = {str(fd.readlink()) for fd in (proc / str(pid) / "fd").iterdir()}
            except OSError:  # between listing and reading, or the process is gone
                continue
            if target in links:
                waiting.discard(pid)
        time.sleep(0.05)
    assert not waiting, f"processes {sorted(waiting)} never opened {path}"


def test_the_busy_timeout_is_long_enough_for_these_waits() -> None:
    """The waits above rely on it: a few seconds of someone else's write must not fail ours."""
    assert db.BUSY_TIMEOUT_MS >= 10_000
