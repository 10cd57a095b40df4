"""Backups, restore and consistency checks, on real SQLite files.

Backups are taken with SQLite's online backup API into ``db/backups/``; these tests take them
while other connections read and write, rotate them, restore them into a database that other
connections still hold open, and check that damaged, foreign or too-new files are refused with
the database left exactly as it was (``fingerprint``). ``ptctui db check`` is run on the
seeded data (clean) and on databases broken by hand with ``sqlite3``, the way a crash, a bad
merge or a hand edit would break them.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from typer.testing import CliRunner, Result

from conftest import fingerprint, invoke_cli
from ptctui import backups, db, migrate, store
from ptctui.cli import app
from ptctui.store.checks import check_database, counts

WHEN = datetime(2020, 6, 15, 12, 0, tzinfo=UTC)


def run(db_path: Path, *args: str, env: Mapping[str, str | None] | None = None) -> Result:
    """``ptctui --db DB_PATH ARGS`` in-process."""
    return invoke_cli("--db", db_path, *args, env=env)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    return result


def one_line_error(result: Result) -> str:
    """Exit 1, one ``error:`` line on stderr, no traceback."""
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert not isinstance(result.exception, Exception), result.exception
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def problems_in(path: Path) -> list[str]:
    """What ``check_database`` says about the database file at ``path``."""
    engine = db.make_engine(db.url_for(path))
    try:
        with store.reading(engine) as session:
            return [str(p) for p in check_database(session=session)]
    finally:
        engine.dispose()


def move(engine: Engine, ref: str, status: str, *, note: str = "") -> None:
    with store.writing(engine) as session:
        action = store.resolve_action(session=session, ref=ref)
        store.move_action(session=session, action=action, status=status, by="test", note=note)


def execute(path: Path, *statements: str) -> None:
    """Run SQL directly on the file, as a hand edit (or a bug) would."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            for statement in statements:
                conn.execute(statement)
    finally:
        conn.close()


# --- taking backups ------------------------------------------------------------------------------


def test_a_backup_is_a_whole_self_contained_copy_in_the_backups_folder(
    engine: Engine, db_path: Path
) -> None:
    """Named STEM-STAMP-LABEL.db in db/backups/, no -wal beside it, the same rows."""
    target = backups.take_backup(engine, label="manual", when=WHEN)

    assert target == db_path.parent / "backups" / "ptctui-20200615T120000Z-manual.db"
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no temp, no -wal
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copy.close()
    assert fingerprint(target) == fingerprint(db_path)


def test_two_backups_in_one_second_get_two_files_newest_listed_first(engine: Engine) -> None:
    first = backups.take_backup(engine, label="manual", when=WHEN)
    second = backups.take_backup(engine, label="manual", when=WHEN)
    assert first is not None and second is not None and first != second
    assert second.name == "ptctui-20200615T120000Z-2-manual.db"
    listed = backups.list_backups(first.parent.parent / "ptctui.db")
    assert [b.path for b in listed] == [second, first]
    assert listed[0].taken == WHEN and listed[0].label == "manual" and listed[0].size > 0


def test_a_backup_is_taken_while_a_reader_and_a_writer_hold_transactions(
    engine: Engine, db_path: Path
) -> None:
    """WAL: the snapshot neither waits for the open transactions nor sees uncommitted work."""
    committed = fingerprint(db_path)
    reader = sqlite3.connect(db_path, isolation_level=None)
    writer = sqlite3.connect(db_path, isolation_level=None)
    try:
        reader.execute("BEGIN")
        assert reader.execute("SELECT count(*) FROM actions").fetchone() == (56,)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE actions SET title = 'not committed' WHERE ref = 'CEP-1.1'")

        started = time.monotonic()
        target = backups.take_backup(engine, label="manual")
        elapsed = time.monotonic() - started

        assert elapsed < 5, f"the backup waited {elapsed:.1f} s for the other transactions"
        assert target is not None and fingerprint(target) == committed
    finally:
        writer.execute("ROLLBACK")
        reader.execute("ROLLBACK")
        writer.close()
        reader.close()


def test_backups_taken_while_moves_are_written_are_each_consistent(
    engine: Engine, db_path: Path
) -> None:
    """A thread keeps moving an action; every backup taken meanwhile passes ``db check``."""
    stop = threading.Event()
    moves: list[int] = []
    errors: list[BaseException] = []

    def keep_moving() -> None:
        writer = db.make_engine(db.url_for(db_path))
        try:
            status = "ongoing"
            while not stop.is_set():
                status = "in_progress" if status == "ongoing" else "ongoing"
                move(writer, "CEP-1.1", status)
                moves.append(1)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            writer.dispose()

    thread = threading.Thread(target=keep_moving)
    thread.start()
    taken = []
    try:
        while len(moves) < 3 and thread.is_alive():
            time.sleep(0.01)
        for _ in range(5):
            taken.append(backups.take_backup(engine, label="manual"))
    finally:
        stop.set()
        thread.join(30)
    assert errors == [] and moves
    for target in taken:
        assert target is not None and problems_in(target) == []


def _pinned_copies(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each backup taken from now on copied the file itself (``_copy_pinned``)."""
    used: list[bool] = []
    copy = backups._copy_pinned

    def spy(*args: object) -> bool:
        used.append(copy(*args))  # type: ignore[arg-type]
        return used[-1]

    monkeypatch.setattr(backups, "_copy_pinned", spy)
    return used


def test_a_backup_copies_the_file_itself_when_it_holds_the_whole_snapshot(
    engine: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Committed changes still in the -wal are checkpointed first, so the copy has them."""
    used = _pinned_copies(monkeypatch)
    move(engine, "CEP-1.1", "completed")
    target = backups.take_backup(engine, label="manual")
    assert used == [True]
    assert target is not None and fingerprint(target) == fingerprint(db_path)
    assert problems_in(target) == []


def test_a_reader_on_an_older_snapshot_sends_the_backup_through_the_backup_api(
    engine: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old reader keeps the newest commit out of the file: copying the file would lose
    it, so the backup API copies the snapshot, with that commit."""
    used = _pinned_copies(monkeypatch)
    reader = sqlite3.connect(db_path, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM actions").fetchone()
        move(engine, "CEP-1.1", "completed")
        committed = fingerprint(db_path)
        target = backups.take_backup(engine, label="manual")
    finally:
        reader.execute("ROLLBACK")
        reader.close()
    assert used == [False]
    assert target is not None and fingerprint(target) == committed


_PAIRS_WRITER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("PRAGMA wal_autocheckpoint=20")  # checkpoints run while the backups copy
print("ready", flush=True)
k = 0
while True:
    k += 1
    conn.execute("BEGIN IMMEDIATE")
    for half in (0, 1):  # a snapshot holds both rows of a pair or neither
        conn.execute("INSERT INTO pairs VALUES (?, ?, randomblob(3000))", (k, half))
    conn.execute("COMMIT")
    time.sleep(0.002)
"""


def test_backups_taken_while_another_process_commits_and_checkpoints_are_each_consistent(
    engine: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process commits pairs of rows (each pair one transaction) and checkpoints
    every few commits; each backup holds whole pairs only and is an intact database, whichever
    way it was copied, and most were copies of the file itself."""
    import subprocess
    import sys

    execute(db_path, "CREATE TABLE pairs (k INTEGER, half INTEGER, pad BLOB)")
    used = _pinned_copies(monkeypatch)
    writer = subprocess.Popen(
        [sys.executable, "-c", _PAIRS_WRITER, str(db_path)], stdout=subprocess.PIPE, text=True
    )
    taken = []
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        for _ in range(12):
            taken.append(backups.take_backup(engine, label="manual", keep=20))
            time.sleep(0.01)
    finally:
        writer.kill()
        writer.wait(30)
    pairs = []
    for target in taken:
        assert target is not None
        with sqlite3.connect(target) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            rows = copy.execute("SELECT k, count(*) FROM pairs GROUP BY k").fetchall()
        copy.close()
        assert all(count == 2 for _, count in rows)
        assert [k for k, _ in rows] == list(range(1, len(rows) + 1))
        pairs.append(len(rows))
    assert pairs == sorted(pairs) and pairs[-1] > 0  # later backups hold more
    assert used.count(True) > 0, used


def test_a_backup_inside_a_write_of_this_process_neither_waits_for_it_nor_sees_it(
    engine: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As ``import`` takes it: inside its own write transaction, before that commits."""
    used = _pinned_copies(monkeypatch)
    committed = fingerprint(db_path)
    with store.writing(engine) as session:
        action = store.resolve_action(session=session, ref="CEP-1.1")
        store.move_action(session=session, action=action, status="completed", by="t", note="")
        session.flush()
        target = backups.take_backup(engine, label="before-import")
    assert used == [True]
    assert target is not None and fingerprint(target) == committed != fingerprint(db_path)


def test_rotation_keeps_the_newest_of_each_label_and_deletes_the_oldest(
    engine: Engine, db_path: Path
) -> None:
    assert backups.KEEP_DEFAULT == 10 and backups.KEEP["manual"] == 20
    manual = backups.take_backup(engine, label="manual", when=WHEN - timedelta(days=1))
    made = [
        backups.take_backup(engine, label="before-import", when=WHEN + timedelta(minutes=n))
        for n in range(12)
    ]

    kept = backups.list_backups(db_path, label="before-import")
    assert [b.path for b in kept] == made[:1:-1]  # the ten newest, newest first
    assert not made[0].exists() and not made[1].exists()  # type: ignore[union-attr]
    assert manual is not None and manual.exists()  # another label is not rotated

    backups.take_backup(engine, label="before-import", keep=3, when=WHEN + timedelta(hours=1))
    assert len(backups.list_backups(db_path, label="before-import")) == 3


def test_listing_ignores_other_databases_and_unfinished_files(
    engine: Engine, db_path: Path
) -> None:
    folder = db_path.parent / "backups"
    folder.mkdir()
    (folder / "ptctui-old-20200101T000000Z-manual.db").write_bytes(b"")  # another db's backup
    (folder / ".ptctui-20200101T000000Z-manual.123.tmp").write_bytes(b"")  # interrupted
    (folder / "notes.txt").write_text("mine")
    assert backups.list_backups(db_path) == []
    mine = backups.take_backup(engine, label="manual")
    assert [b.path for b in backups.list_backups(db_path)] == [mine]


def test_leftovers_of_killed_backups_are_swept_by_the_next_one(
    engine: Engine, db_path: Path
) -> None:
    """Finding 6: a killed backup's temporary file and its SQLite journal go with the next
    backup once ten minutes old; one written a moment ago (perhaps still being written) stays."""
    folder = db_path.parent / "backups"
    folder.mkdir()
    old = folder / ".ptctui-20200101T000000Z-manual.1a2b.tmp"
    journal = folder / ".ptctui-20200101T000000Z-manual.1a2b.tmp-journal"
    fresh = folder / ".ptctui-20200615T115959Z-manual.3c4d.tmp"  # perhaps still being written
    for leftover in (old, journal, fresh):
        leftover.write_bytes(b"half")
    eleven_minutes_ago = time.time() - 11 * 60
    for stale in (old, journal):
        os.utime(stale, (eleven_minutes_ago, eleven_minutes_ago))

    backups.take_backup(engine, label="manual")

    assert not old.exists() and not journal.exists() and fresh.exists()


def test_labels_are_tidied_into_file_names_or_refused(engine: Engine) -> None:
    target = backups.take_backup(engine, label="  Before EC 41 ")
    assert target is not None and target.name.endswith("-before-ec-41.db")
    for bad in ("", "41st", "---", "x" * 41):
        with pytest.raises(backups.BackupError, match="label"):
            backups.take_backup(engine, label=bad)


def test_there_is_no_file_to_back_up_without_an_sqlite_file() -> None:
    """Other engines (PostgreSQL: pg_dump) and in-memory databases get ``None`` or a refusal."""
    memory = db.make_engine("sqlite://")
    assert backups.take_backup(memory, label="manual") is None
    with pytest.raises(backups.BackupError, match="pg_restore"):
        migrate.restore_and_upgrade(memory, Path("whatever.db"))


# --- restoring -----------------------------------------------------------------------------------


def _change_things(engine: Engine) -> None:
    move(engine, "CEP-1.1", "completed")
    move(engine, "CEP-1.3", "cancelled", note="no funds")
    with store.writing(engine) as session:
        store.undo(session=session, by="test")


def test_restore_brings_back_the_earlier_data_exactly_and_keeps_what_it_replaced(
    engine: Engine, db_path: Path
) -> None:
    earlier = fingerprint(db_path)
    backup = backups.take_backup(engine, label="manual")
    assert backup is not None
    _change_things(engine)
    changed = fingerprint(db_path)
    assert changed != earlier

    restored = migrate.restore_and_upgrade(engine, backup)

    assert fingerprint(db_path) == earlier
    assert restored.revision == migrate.HEAD_REVISION and restored.upgraded_from is None
    assert restored.safety is not None and restored.safety.name.endswith("-before-restore.db")
    assert fingerprint(restored.safety) == changed
    assert problems_in(db_path) == []


def test_restore_writes_into_the_open_file_that_other_connections_keep_using(
    engine: Engine, db_path: Path
) -> None:
    """The app in another process keeps its file handle and simply sees the restored rows."""
    backup = backups.take_backup(engine, label="manual")
    assert backup is not None
    inode = db_path.stat().st_ino
    other = db.make_engine(db.url_for(db_path))  # stands for the app, open meanwhile
    try:
        move(other, "CEP-1.1", "completed")
        with store.reading(other) as session:
            assert store.resolve_action(session=session, ref="CEP-1.1").status == "completed"

        migrate.restore_and_upgrade(engine, backup)

        assert db_path.stat().st_ino == inode
        with store.reading(other) as session:
            assert store.resolve_action(session=session, ref="CEP-1.1").status == "ongoing"
        move(other, "CEP-1.1", "completed")  # and it can go on writing
    finally:
        other.dispose()
    assert problems_in(db_path) == []


def _garbage(path: Path) -> None:
    path.write_bytes(os.urandom(64 * 1024))


def _damaged(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:  # leave the header, trample pages in the middle
        handle.seek(size // 2)
        handle.write(b"\xff" * 8192)


def _index_out_of_step(path: Path) -> None:
    """Readable, but an index no longer matches its table: only integrity_check notices."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("PRAGMA writable_schema=ON")
        conn.execute(
            "UPDATE sqlite_master SET sql = replace(sql, '(status, due_date)', "
            "'(due_date, status)') WHERE name = 'ix_actions_status_due'"
        )
    conn.close()


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.close()


def _newer(path: Path) -> None:
    execute(path, "UPDATE alembic_version SET version_num = '9999'")


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (_garbage, "is not a readable SQLite database"),
        # Where the trampled pages fall decides which check notices first: opening the file,
        # or its integrity check; either way the backup is refused.
        (
            _damaged,
            r"is not a readable SQLite database .database disk image is malformed|is damaged \(",
        ),
        (_index_out_of_step, r"is damaged \(row \d+ missing from index ix_actions_status_due\)"),
        (_foreign, "is not a ptctui database"),
        (_newer, "schema revision 9999, newer than this ptctui"),
    ],
    ids=["garbage", "damaged", "index-out-of-step", "not-ptctui", "newer-schema"],
)
def test_restore_refuses_a_bad_backup_and_leaves_the_database_alone(
    engine: Engine, db_path: Path, spoil: object, message: str
) -> None:
    backup = backups.take_backup(engine, label="manual")
    assert backup is not None
    if spoil is _garbage or spoil is _foreign:
        backup.unlink()
    spoil(backup)  # type: ignore[operator]
    move(engine, "CEP-1.1", "completed")
    before = fingerprint(db_path)

    with pytest.raises(backups.BackupError, match=message):
        migrate.restore_and_upgrade(engine, backup)

    assert fingerprint(db_path) == before
    assert backups.list_backups(db_path, label="before-restore") == []


def test_restoring_an_older_schema_upgrades_it_after(tmp_path: Path, engine: Engine) -> None:
    old = tmp_path / "first-release.db"
    first = db.make_engine(db.url_for(old))
    migrate.upgrade(first, "0001")
    first.dispose()

    restored = migrate.restore_and_upgrade(engine, old)

    assert restored.revision == "0001" and restored.upgraded_from == "0001"
    assert restored.migration_backup is not None
    assert restored.migration_backup.name.endswith("-before-migration.db")
    assert migrate.current_revision(engine) == migrate.HEAD_REVISION


def test_restore_recreates_a_database_that_is_gone(engine: Engine, db_path: Path) -> None:
    backup = backups.take_backup(engine, label="manual")
    assert backup is not None
    earlier = fingerprint(db_path)
    engine.dispose()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)

    restored = migrate.restore_and_upgrade(engine, backup)

    assert restored.safety is None
    assert fingerprint(db_path) == earlier


def test_restore_refuses_to_overwrite_what_it_cannot_back_up_first(
    engine: Engine, db_path: Path
) -> None:
    backup = backups.take_backup(engine, label="manual")
    assert backup is not None
    engine.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    _garbage(db_path)
    wreck = db_path.read_bytes()

    with pytest.raises(backups.BackupError, match=r"nothing restored\. Move .* aside"):
        migrate.restore_and_upgrade(engine, backup)

    assert db_path.read_bytes() == wreck


def test_a_migration_backs_up_into_the_same_folder_with_rotation(tmp_path: Path) -> None:
    path = tmp_path / "db" / "ptctui.db"
    engine = db.make_engine(db.url_for(path))
    migrate.upgrade(engine, "0001")

    prepared = migrate.prepare(engine)

    assert prepared.backup is not None and prepared.backup.parent == path.parent / "backups"
    assert [b.label for b in backups.list_backups(path)] == ["before-migration"]
    engine.dispose()


# --- checks --------------------------------------------------------------------------------------


def test_the_seeded_database_is_consistent(engine: Engine) -> None:
    with store.reading(engine) as session:
        assert check_database(session=session) == []
        tally = counts(session=session)
    assert (tally.actions, tally.archived) == (56, 0)
    assert tally.status_changes > 56


def test_check_reports_a_status_that_its_history_does_not_explain(
    engine: Engine, db_path: Path
) -> None:
    execute(
        db_path,
        "UPDATE actions SET status = 'completed' WHERE ref = 'CEP-1.1'",
        "UPDATE actions SET status = 'finished', archived = 1 WHERE ref = 'CEP-1.3'",
        "DELETE FROM status_changes "
        "WHERE action_id = (SELECT id FROM actions WHERE ref = 'RP-1.1')",
    )
    found = problems_in(db_path)
    assert len(found) == 4, found
    assert found[0].startswith("CEP-1.1: status is completed, but its last status change (#")
    assert found[0].endswith("is to ongoing")
    assert found[1] == "CEP-1.3: unknown status 'finished' (archived)"
    assert found[2].startswith("CEP-1.3: status is finished, but") and "(archived)" in found[2]
    assert found[3] == "RP-1.1: status is ongoing but it has no status history"


def test_check_follows_the_last_status_change_by_time_then_id(
    engine: Engine, db_path: Path
) -> None:
    """The undo's status change is the last one; backdated, the undone move becomes last."""
    move(engine, "CEP-1.1", "completed")
    with store.writing(engine) as session:
        store.undo(session=session, by="test")
    assert problems_in(db_path) == []
    execute(
        db_path,
        "UPDATE status_changes SET at = '1999-01-01 00:00:00.000000' "
        "WHERE id = (SELECT max(id) FROM status_changes)",
    )
    (found,) = problems_in(db_path)
    assert found.startswith("CEP-1.1: status is ongoing, but its last status change (#")
    assert found.endswith("UTC) is to completed")


def test_check_reports_broken_journal_links(engine: Engine, db_path: Path) -> None:
    move(engine, "CEP-1.1", "completed")
    with store.writing(engine) as session:
        undo = store.undo(session=session, by="test")
    execute(db_path, f"UPDATE changes SET undone_by_id = NULL WHERE undone_by_id = {undo.id}")
    found = problems_in(db_path)
    assert found == [
        f"CEP-1.1: journal #{undo.id} undoes #{undo.undoes_id}, but #{undo.undoes_id} says it "
        "was undone by nothing"
    ]


def test_check_reports_foreign_keys_and_sqlite_damage(engine: Engine, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("UPDATE progress_updates SET action_id = 9999 WHERE id = 1")
    conn.close()
    assert problems_in(db_path) == ["progress_updates row 1 refers to a missing row of actions"]


# --- the commands --------------------------------------------------------------------------------


def test_db_backup_prints_the_new_file(db_path: Path) -> None:
    result = ok(run(db_path, "db", "backup"))
    path = Path(result.stdout.strip())
    assert result.stdout == f"{path}\n"
    assert path.parent == db_path.parent / "backups" and path.name.endswith("-manual.db")
    assert fingerprint(path) == fingerprint(db_path)

    labelled = Path(ok(run(db_path, "db", "backup", "--label", "before-ec-41")).stdout.strip())
    assert labelled.name.endswith("-before-ec-41.db")
    for _ in range(2):
        ok(run(db_path, "db", "backup", "--label", "before-ec-41", "--keep", "1"))
    assert len(backups.list_backups(db_path, label="before-ec-41")) == 1


def test_db_backup_errors_are_one_line(db_path: Path, tmp_path: Path) -> None:
    assert "label" in one_line_error(run(db_path, "db", "backup", "--label", "41"))
    missing = tmp_path / "nowhere" / "ptctui.db"
    assert one_line_error(run(missing, "db", "backup")) == (
        f"error: no database at {missing} (--db); check the path, or run `ptctui init` to "
        "make one there"
    )
    assert not missing.exists()


def test_db_backups_lists_them_newest_first(engine: Engine, db_path: Path) -> None:
    folder = db_path.parent / "backups"
    assert ok(run(db_path, "db", "backups")).stdout == (
        f"No backups of {db_path} yet (they go to {folder})\n"
    )
    backups.take_backup(engine, label="manual", when=WHEN)
    backups.take_backup(engine, label="before-import", when=WHEN + timedelta(hours=1))
    lines = ok(run(db_path, "db", "backups")).stdout.splitlines()
    assert lines[0] == f"2 backups in {folder}, newest first:"
    assert lines[1].startswith("2020-06-15 13:00:00 UTC  before-import  ")
    assert lines[1].endswith("KB  ptctui-20200615T130000Z-before-import.db")
    assert lines[2].startswith("2020-06-15 12:00:00 UTC  manual         ")
    assert lines[2].endswith("  ptctui-20200615T120000Z-manual.db")


def test_db_restore_asks_for_yes_when_nobody_can_answer(engine: Engine, db_path: Path) -> None:
    backups.take_backup(engine, label="manual")
    move(engine, "CEP-1.1", "completed")
    before = fingerprint(db_path)
    error = one_line_error(run(db_path, "db", "restore"))
    assert error.startswith("error: restoring ptctui-") and error.endswith("add --yes to confirm")
    assert fingerprint(db_path) == before


def test_db_restore_asks_a_person_first(
    engine: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ptctui.cli import upkeep as cli  # where `db restore` asks

    backup = backups.take_backup(engine, label="manual", when=WHEN)
    assert backup is not None
    move(engine, "CEP-1.1", "completed")
    changed = fingerprint(db_path)
    monkeypatch.setattr(cli, "_can_ask", lambda: True)

    refused = CliRunner().invoke(app, ["--db", str(db_path), "db", "restore"], input="n\n")
    assert refused.exit_code == 1
    assert refused.stdout == (
        f"Replace the contents of {db_path} with {backup.name} (taken 2020-06-15 12:00:00 UTC)?"
        " [y/N]: n\nNothing restored.\n"
    )
    assert fingerprint(db_path) == changed

    agreed = CliRunner().invoke(app, ["--db", str(db_path), "db", "restore"], input="y\n")
    assert agreed.exit_code == 0 and f"Restored {db_path} from {backup}" in agreed.stdout
    assert fingerprint(db_path) != changed


def test_db_restore_puts_back_the_newest_backup_and_says_where_the_old_data_went(
    engine: Engine, db_path: Path
) -> None:
    backups.take_backup(engine, label="manual", when=WHEN - timedelta(days=2))
    move(engine, "CEP-1.1", "completed")
    wanted = fingerprint(db_path)
    newest = backups.take_backup(engine, label="manual", when=WHEN)
    move(engine, "CEP-1.1", "in_progress", note="reopened")
    replaced = fingerprint(db_path)

    lines = ok(run(db_path, "db", "restore", "--yes")).stdout.splitlines()

    assert lines[0] == (
        f"Restored {db_path} from {newest} (taken 2020-06-15 12:00:00 UTC), "
        f"schema {migrate.HEAD_REVISION}"
    )
    safety = backups.list_backups(db_path, label="before-restore")[0].path
    assert lines[1:] == [f"The database as it was is saved in {safety}"]
    assert fingerprint(db_path) == wanted
    assert fingerprint(safety) == replaced


def test_db_restore_takes_a_named_backup_and_refuses_a_bad_one(
    engine: Engine, db_path: Path, tmp_path: Path
) -> None:
    older = backups.take_backup(engine, label="manual", when=WHEN - timedelta(days=2))
    assert older is not None
    earlier = fingerprint(db_path)
    move(engine, "CEP-1.1", "completed")
    backups.take_backup(engine, label="manual", when=WHEN)

    ok(run(db_path, "db", "restore", older.name, "--yes"))
    assert fingerprint(db_path) == earlier

    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all, sorry" * 100)
    error = one_line_error(run(db_path, "db", "restore", str(junk), "--yes"))
    assert error.startswith("error: junk.db is not a readable SQLite database")
    assert "no backup 'nope'" in one_line_error(run(db_path, "db", "restore", "nope", "-y"))
    assert fingerprint(db_path) == earlier


def test_db_check_says_ok_on_the_seeded_database(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        changes, updates = (
            conn.execute("SELECT count(*) FROM status_changes").fetchone()[0],
            conn.execute("SELECT count(*) FROM progress_updates").fetchone()[0],
        )
    conn.close()
    assert ok(run(db_path, "db", "check")).stdout == (
        f"ok: 56 actions, {changes} status changes, {updates} progress updates, "
        "0 journal entries; consistent\n"
    )


def test_db_check_names_the_action_whose_status_was_edited_by_hand(db_path: Path) -> None:
    before = fingerprint(db_path)
    execute(db_path, "UPDATE actions SET status = 'completed' WHERE ref = 'CEP-1.5'")
    result = run(db_path, "db", "check")
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    (line,) = result.stdout.splitlines()
    assert line.startswith("CEP-1.5: status is completed, but its last status change")
    assert line.endswith("is to in_progress")
    assert result.stderr == f"error: 1 problem in {db_path}\n"
    execute(db_path, "UPDATE actions SET status = 'in_progress' WHERE ref = 'CEP-1.5'")
    assert fingerprint(db_path) == before  # the check itself wrote nothing
    ok(run(db_path, "db", "check"))


def test_a_backup_that_cannot_be_written_stops_the_import_with_one_line(
    db_path: Path, tmp_path: Path
) -> None:
    """A file where the backups folder should be (or a full disk): the import that wanted the
    backup does not go ahead, and the user reads one line."""
    # A file with something new in it: an import with nothing to write takes no backup.
    other = tmp_path / "other" / "db" / "ptctui.db"
    ok(run(db_path, "db", "copy", "--to", str(other)))
    ok(run(other, "move", "CEP-4.6", "in_progress"))
    export = tmp_path / "all.json"
    ok(run(other, "export", "data", "-o", str(export)))
    (db_path.parent / "backups").write_text("not a folder")
    before = fingerprint(db_path)
    line = one_line_error(run(db_path, "import", str(export)))
    assert "cannot write a backup in" in line and "File exists" in line
    line = one_line_error(run(db_path, "db", "backup"))
    assert "cannot write a backup" in line
    assert fingerprint(db_path) == before
