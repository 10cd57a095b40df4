"""The findings of the adversarial pass (issue #17), one test each: a hostile argument,
environment, file or terminal gets one ``error:`` line (or the right behaviour), never a
traceback, and the database is left as it was.

The workspace findings (stray databases, ``file:`` URIs) are in ``test_workspace.py``; the
clock rules in ``test_merge.py``.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from conftest import CLI_ENV, fingerprint_db, invoke_cli


def _error(result: Result, code: int = 1) -> str:
    """The one ``error:`` line of a refused command, nothing on stdout, no traceback."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert not isinstance(result.exception, Exception), result.exception
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    return lines[0]


# --- 1. arguments that are not UTF-8 -----------------------------------------------------------

BAD = "bad \udcff"  # what Python makes of the bytes `bad \xff` on a UTF-8 command line


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("update", "CEP-1.3", BAD), "argument 5"),  # counted after `ptctui`: --db PATH …
        (("add", BAD, "-c", "CEP-2020:1"), "argument 4"),
        (("show", BAD), "argument 4"),
        (("move", "CEP-4.6", "on_hold", "--note", BAD), "--note"),
        (("move", "CEP-4.6", "on_hold", f"--note={BAD}"), "--note"),
        (("--by", BAD, "update", "CEP-1.3", "x"), "--by"),
        (("actions", "--search", BAD), "--search"),
    ],
)
def test_an_argument_that_is_not_utf8_is_one_line(
    db_path: Path, args: tuple[str, ...], named: str
) -> None:
    before = fingerprint_db(db_path)
    line = _error(invoke_cli("--db", db_path, *args), code=2)
    assert line == (
        f"error: {named} is not valid UTF-8 text ('bad \ufffd'); retype it, or check the "
        "terminal's character encoding"
    )
    assert fingerprint_db(db_path) == before


def test_a_user_name_from_the_environment_that_is_not_utf8_is_one_line(db_path: Path) -> None:
    before = fingerprint_db(db_path)
    result = invoke_cli("--db", db_path, "update", "CEP-1.3", "x", env={"PTCTUI_USER": BAD})
    assert _error(result) == "error: PTCTUI_USER is not valid UTF-8 text; set it again, or use --by"
    assert fingerprint_db(db_path) == before


# --- 5. -o only replaces regular files ---------------------------------------------------------


def test_an_export_never_replaces_a_device_a_pipe_or_a_link(db_path: Path, tmp_path: Path) -> None:
    """`-o X --force` where X is a named pipe, a link to the terminal (/proc/self/fd/1) or a
    link to a file: one line, and X is still what it was."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    to_terminal = tmp_path / "out.txt"
    to_terminal.symlink_to("/proc/self/fd/1")
    real = tmp_path / "real.txt"
    real.write_text("mine\n")
    to_file = tmp_path / "link.txt"
    to_file.symlink_to(real)
    for target in (pipe, to_terminal, to_file):
        line = _error(
            invoke_cli("--db", db_path, "export", "summary", "-f", "txt", "-o", target, "--force")
        )
        assert line == (
            f"error: {target} is not a regular file; give a file name (or -o - for the terminal)"
        )
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert to_terminal.is_symlink() and to_file.is_symlink() and real.read_text() == "mine\n"
    # A regular file is still replaced with --force.
    real_result = invoke_cli("--db", db_path, "export", "summary", "-o", real, "--force")
    assert real_result.exit_code == 0, real_result.stderr
    assert real.read_text() != "mine\n" and not real.is_symlink()


# --- 6. a killed export's leftovers --------------------------------------------------------------


def test_a_killed_exports_leftovers_go_with_the_next_export_there(
    db_path: Path, tmp_path: Path
) -> None:
    """ptctui's own temporary files older than ten minutes are removed by the next export into
    the folder; a fresh one (an export under way elsewhere) and other people's files stay."""
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".summary.txt.k3j9x_2a.tmp"
    fresh = out / ".summary.txt.q8w7e6r5.tmp"
    someone_elses = out / ".notes.tmp"
    for path in (stale, fresh, someone_elses):
        path.write_bytes(b"x" * 1000)
    long_ago = time.time() - 3600
    for path in (stale, someone_elses):
        os.utime(path, (long_ago, long_ago))
    result = invoke_cli("--db", db_path, "export", "summary", "-o", out / "summary.txt")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [".notes.tmp", ".summary.txt.q8w7e6r5.tmp", "summary.txt"]
    )


# --- 7. PTCTUI_TODAY off the calendar ------------------------------------------------------------


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1899-12-31", "2201-01-01"])
@pytest.mark.parametrize("args", [("export", "summary"), ("update", "CEP-1.3", "note")])
def test_a_today_outside_the_years_dates_accept_is_refused(
    db_path: Path, value: str, args: tuple[str, ...]
) -> None:
    before = fingerprint_db(db_path)
    line = _error(invoke_cli("--db", db_path, *args, env={"PTCTUI_TODAY": value}))
    assert line == f"error: PTCTUI_TODAY={value!r} is outside the years 1900-2200"
    assert fingerprint_db(db_path) == before


def test_update_refuses_the_dates_date_refuses(db_path: Path) -> None:
    """ "yesterday" of the first day `--date` accepts is refused as 1899-12-31 would be."""
    before = fingerprint_db(db_path)
    env = {"PTCTUI_TODAY": "1900-01-01"}
    args = ("update", "CEP-1.3", "x", "--date", "yesterday")
    line = _error(invoke_cli("--db", db_path, *args, env=env))
    assert line.startswith("error: --date: ")
    assert fingerprint_db(db_path) == before


# --- 8. a terminal that cannot encode a character ----------------------------------------------


@pytest.mark.parametrize(
    "env",
    [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}],
    ids=["ascii", "C-locale"],
)
def test_output_the_terminal_cannot_encode_gets_a_stand_in(
    db_path: Path, env: dict[str, str]
) -> None:
    """The bars and the accented titles become `?`: printed, exit 0, no traceback."""
    base = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LC_ALL")}
    base.update({k: v for k, v in CLI_ENV.items() if v is not None}, **env)
    for args in (("packages",), ("show", "CEP-1.3"), ("show", "nothing-here")):
        done = subprocess.run(
            [sys.executable, "-m", "ptctui", "--db", str(db_path), *args],
            capture_output=True,
            env=base,
            timeout=60,
            check=False,
        )
        assert b"Traceback" not in done.stderr, done.stderr.decode(errors="replace")
        if args[-1] == "nothing-here":
            assert done.returncode == 1 and done.stderr.startswith(b"error: ")
        else:
            assert done.returncode == 0 and b"?" in done.stdout


# --- 11. a very long search ----------------------------------------------------------------------


def test_a_search_longer_than_any_title_is_one_line(db_path: Path) -> None:
    """120,000 characters: one line saying the limit (SQLite's LIKE gave up at 50,000 bytes);
    1,000 (the longest a title can be) still searches."""
    line = _error(invoke_cli("--db", db_path, "actions", "--search", "x" * 120_000))
    assert line == (
        "error: a search is at most 1,000 characters, this one has 120,000; search for a part "
        "of the text"
    )
    result = invoke_cli("--db", db_path, "actions", "--search", "é" * 1000, "--json")
    assert result.exit_code == 0 and result.stdout.strip() == "[]"


# --- 2, 3, 9. export files that cannot be trusted ----------------------------------------------


def _exported(db_path: Path, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "all.json"
    result = invoke_cli("--db", db_path, "export", "data", "-o", out)
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return document


def _refused_import(db_path: Path, file: Path) -> str:
    """Import ``file``: one line, the database and its backups exactly as they were."""
    before = fingerprint_db(db_path)
    folder = db_path.parent / "backups"
    backups_before = sorted(folder.iterdir()) if folder.exists() else []
    line = _error(invoke_cli("--db", db_path, "import", file))
    assert fingerprint_db(db_path) == before
    assert (sorted(folder.iterdir()) if folder.exists() else []) == backups_before
    return line


@pytest.mark.parametrize(("table", "column"), [("actions", "title"), ("progress_updates", "text")])
def test_a_lone_surrogate_in_an_imported_text_is_one_line_and_no_backup(
    db_path: Path, tmp_path: Path, table: str, column: str
) -> None:
    """Finding 2: "\\ud800" is valid JSON but not text: one line naming the row, and no
    before-import backup pushed into the rotation for a file refused at its checks."""
    document = _exported(db_path, tmp_path)
    rows = document["tables"][table]
    rows[0][column] = "before \ud800 after"
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(document), encoding="utf-8")  # ensure_ascii: written as \ud800
    line = _refused_import(db_path, file)
    assert line.startswith(f"error: bad.json: {table} row 1"), line
    assert f"{column}: the text holds '\\ud800' at character 8, a lone surrogate" in line


def test_a_surrogate_inside_a_journal_entrys_fields_is_one_line(
    db_path: Path, tmp_path: Path
) -> None:
    invoke_cli("--db", db_path, "--by", "ana", "edit", "CEP-1.3", "--title", "New title")
    document = _exported(db_path, tmp_path)
    entry = next(row for row in document["tables"]["changes"] if row["kind"] == "edit")
    entry["after"] = json.dumps({"title": "x\ud800"})  # a JSON text holding a \ud800 escape
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    line = _refused_import(db_path, file)
    assert "after: holds a lone surrogate" in line, line


def test_a_one_sided_undo_link_is_refused(db_path: Path, tmp_path: Path) -> None:
    """Finding 3: an entry that says it was undone by an entry that undoes nothing."""
    invoke_cli("--db", db_path, "--by", "ana", "update", "CEP-1.3", "first")
    invoke_cli("--db", db_path, "--by", "ana", "update", "CEP-1.3", "second")
    document = _exported(db_path, tmp_path)
    first, second = (row for row in document["tables"]["changes"] if row["kind"] == "update")
    first["undone_by_id"] = second["id"]
    file = tmp_path / "one-sided.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    line = _refused_import(db_path, file)
    assert line.endswith(f"says it was undone by entry {second['id']}, which does not undo it"), (
        line
    )


def test_an_import_file_over_the_size_limit_is_refused_before_reading(
    db_path: Path, tmp_path: Path
) -> None:
    """Finding 9: a 3 GiB file (sparse: it takes no disk) is one line, at once."""
    for name in ("huge.json", "huge.csv"):
        file = tmp_path / name
        with file.open("wb") as handle:
            handle.truncate(3 * 1024**3)
        args = ("--plan", "CEP-2020") if name.endswith(".csv") else ()
        before = fingerprint_db(db_path)
        line = _error(invoke_cli("--db", db_path, "import", file, *args))
        assert line == f"error: {name} is 3.0 GiB; ptctui imports files of up to 1 GiB"
        assert fingerprint_db(db_path) == before


# --- 13. re-importing a sheet whose actions were archived --------------------------------------


def test_reimporting_a_sheet_names_the_archived_rows_and_how_to_bring_them_back(
    db_path: Path, tmp_path: Path
) -> None:
    """An undone import (or an archive) leaves the sheet's actions archived: importing the
    sheet again skips them, saying they are archived and naming `ptctui restore REF`."""
    sheet = tmp_path / "plan.csv"
    sheet.write_text("Action,Component\nFirst workshop,1\nSecond workshop,1\n", encoding="utf-8")
    db = ("--db", db_path, "--by", "ana")
    first = invoke_cli(*db, "import", sheet, "--plan", "CEP-2020")
    assert first.exit_code == 0, first.stderr
    listed = json.loads(invoke_cli(*db, "actions", "--json", "--search", "workshop").stdout)
    refs = [row["ref"] for row in listed if row["title"] in ("First workshop", "Second workshop")]
    assert len(refs) == 2
    assert invoke_cli(*db, "archive", refs[0]).exit_code == 0
    again = invoke_cli(*db, "import", sheet, "--plan", "CEP-2020")
    assert again.exit_code == 0, again.stderr
    out = " ".join(again.stdout.split())
    assert f"Archived, skipped (1): rows 2 ({refs[0]}); `ptctui restore REF` brings one back" in out
    assert f"Already there, skipped (1): rows 3 ({refs[1]})" in out
    assert "1 already there, 1 archived (listed above: `ptctui restore REF`)" in out
    assert invoke_cli(*db, "restore", refs[0]).exit_code == 0


# --- 10. a database folder that is not writable -----------------------------------------------


def test_reads_work_in_a_read_only_folder_and_writes_say_why_not(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The db/ folder read-only for this user (faked through ``os.access``: the tests may run
    as root, whom permissions do not stop): reads work without writing a byte, no -wal or
    -shm appears, and a write is one line saying the folder is not writable."""
    folder = db_path.parent
    real_access = os.access

    def access(path: Any, mode: int, **kwargs: Any) -> bool:
        if mode & os.W_OK and Path(path).resolve() in (folder, db_path):
            return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)
    before = db_path.read_bytes()
    for args in (
        ("packages",),
        ("show", "CEP-1.3"),
        ("actions", "--json"),
        ("export", "summary", "-o", tmp_path / "summary.txt"),
        ("db", "check"),
    ):
        result = invoke_cli("--db", db_path, *args)
        assert result.exit_code == 0, (args, result.stderr)
    line = _error(invoke_cli("--db", db_path, "move", "CEP-4.6", "in_progress"))
    assert line == (
        f"error: cannot change {db_path}: it or its folder is not writable (reading it works)"
    )
    assert sorted(p.name for p in folder.iterdir()) == ["ptctui.db"]
    assert db_path.read_bytes() == before


# --- 4. restoring rows no reader can show --------------------------------------------------------


def _spoiled_copy(db_path: Path, target: Path, sql: str) -> Path:
    """A copy of the database (as a backup file is) with ``sql`` run on it."""
    import sqlite3

    src, dst = sqlite3.connect(db_path), sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    with dst:
        dst.execute(sql)
    dst.close()
    return target


@pytest.mark.parametrize(
    ("sql", "says"),
    [
        (
            "UPDATE actions SET status = 'weird' WHERE ref = 'CEP-1.3'",
            "fails `db check`: CEP-1.3: unknown status 'weird' (and 1 more); not restored",
        ),
        (
            "UPDATE actions SET title = CAST(X'626164FF' AS TEXT) WHERE ref = 'CEP-1.4'",
            "fails `db check`: CEP-1.4: text that is not UTF-8 in actions.title; not restored",
        ),
        (
            "UPDATE actions SET status = 'cancelled' WHERE ref = 'CEP-1.3'",
            "fails `db check`: CEP-1.3: status is cancelled, but its last status change",
        ),
    ],
    ids=["unknown-status", "not-utf8", "status-without-history"],
)
def test_db_restore_checks_what_it_restores(
    db_path: Path, tmp_path: Path, sql: str, says: str
) -> None:
    backup = _spoiled_copy(db_path, tmp_path / "spoiled.db", sql)
    before = fingerprint_db(db_path)
    line = _error(invoke_cli("--db", db_path, "db", "restore", backup, "--yes"))
    assert line.startswith("error: spoiled.db") and says in line, line
    assert fingerprint_db(db_path) == before
    assert not (db_path.parent / "backups").exists()  # nothing saved: nothing was replaced


def test_a_restore_refuses_unreadable_rows_at_any_schema(db_path: Path, tmp_path: Path) -> None:
    """The backup's own checks, which also hold for a backup from an older schema (which `db
    check` cannot read): text that is not UTF-8 and unknown statuses."""
    from ptctui import backups, db, migrate

    engine = db.make_engine(db.url_for(db_path))
    try:
        for sql, says in (
            ("UPDATE actions SET status = 'weird'", "actions row 1, status: unknown status"),
            ("UPDATE plans SET title = CAST(X'FF' AS TEXT)", "plans row 1, title: text that"),
        ):
            backup = _spoiled_copy(db_path, tmp_path / "old.db", sql)
            with pytest.raises(backups.BackupError, match=says):
                migrate.restore_and_upgrade(engine, backup)
            backup.unlink()
    finally:
        engine.dispose()


def test_readers_meet_an_unknown_status_with_one_line_and_db_check_names_bad_text(
    db_path: Path, tmp_path: Path
) -> None:
    """Rows that came in some other way (a hand edit): every reader says one line naming `db
    check`, which lists the unknown status and the text that is not UTF-8."""
    import sqlite3

    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE actions SET status = 'weird' WHERE ref = 'CEP-1.3'")
        conn.execute("UPDATE actions SET title = CAST(X'626164FF' AS TEXT) WHERE ref = 'CEP-1.4'")
    conn.close()
    checked = invoke_cli("--db", db_path, "db", "check")
    assert checked.exit_code == 1
    assert checked.stdout == "CEP-1.4: text that is not UTF-8 in actions.title\n"
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE actions SET title = 'fixed' WHERE ref = 'CEP-1.4'")
    conn.close()
    assert "CEP-1.3: unknown status 'weird'" in invoke_cli("--db", db_path, "db", "check").stdout
    for args in (
        ("packages",),
        ("show", "CEP-1.3"),
        ("actions",),
        ("move", "CEP-1.3", "completed"),
        ("export", "summary"),
    ):
        line = _error(invoke_cli("--db", db_path, *args))
        assert line.startswith("error: unknown status 'weird' in the data; `ptctui db check`"), (
            args,
            line,
        )
