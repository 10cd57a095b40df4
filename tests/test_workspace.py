"""No stray databases: which commands create one, and which files are refused.

Only bare ``ptctui`` and ``ptctui init`` make a database; every other command refuses a
workspace that is not there, and every command refuses a file that is not a ptctui database,
leaving it exactly as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from conftest import fingerprint_db, invoke_cli


def _error(result: Result) -> str:
    """The one ``error:`` line of a refused command (exit 1, nothing on stdout)."""
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert not isinstance(result.exception, Exception), result.exception
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    return lines[0]


def test_bare_ptctui_in_a_new_folder_makes_the_workspace_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's first command: bare `ptctui` where there is no workspace creates and seeds
    db/ptctui.db, says so in one line, then opens the app on it."""
    import ptctui.tui.app

    opened: list[object] = []
    monkeypatch.setattr(ptctui.tui.app, "run", lambda **kwargs: opened.append(kwargs["engine"]))
    monkeypatch.chdir(tmp_path)
    result = invoke_cli()
    assert result.exit_code == 0, result.stderr
    database = tmp_path / "db" / "ptctui.db"
    assert result.stderr == f"Created {database} with the bundled PC0608E data (56 actions)\n"
    assert len(opened) == 1 and database.is_file()


@pytest.mark.parametrize(
    "args",
    [("packages",), ("show", "CEP-1.3"), ("move", "CEP-4.6", "in_progress"), ("export", "data")],
)
def test_a_missing_database_named_by_db_is_not_created(tmp_path: Path, args: tuple[str]) -> None:
    """`--db` naming a file that is not there: one line, and no file nor folder appears."""
    target = tmp_path / "elsewhere" / "ptctui.db"
    line = _error(invoke_cli("--db", target, *args))
    assert line == (
        f"error: no database at {target} (--db); check the path, or run `ptctui init` "
        "to make one there"
    )
    assert list(tmp_path.iterdir()) == []


def _zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def _garbage(path: Path) -> None:
    path.write_bytes(b"not a database at all\n" * 100)


def _other_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (_zero_bytes, "is an empty file, not a ptctui database; remove it or choose another"),
        (_garbage, "is not a ptctui database (not an SQLite file); refusing it"),
        (_other_sqlite, "is an SQLite database but not ptctui's; refusing it"),
    ],
    ids=["zero-bytes", "garbage", "other-sqlite"],
)
@pytest.mark.parametrize(
    "args", [(), ("packages",), ("move", "CEP-4.6", "in_progress")], ids=["bare", "read", "write"]
)
def test_a_file_that_is_not_a_ptctui_database_is_refused_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: object, says: str, args: tuple[str]
) -> None:
    """Found in db/ (bare `ptctui` too) or named: refused in one line, its bytes unchanged."""
    import ptctui.tui.app

    monkeypatch.setattr(ptctui.tui.app, "run", lambda **kwargs: pytest.fail("app opened"))
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "db" / "ptctui.db"
    path.parent.mkdir()
    make(path)  # type: ignore[operator]
    before = path.read_bytes()
    line = _error(invoke_cli(*args))
    assert line.startswith(f"error: {path} {says}"), line
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["ptctui.db"]


@pytest.mark.parametrize("where", ["option", "environment"])
def test_a_file_uri_is_refused_and_nothing_is_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_path: Path, where: str
) -> None:
    """Finding 12: `--db 'file:/path?mode=ro'` is SQLite's URI syntax, not a path: one line,
    no `./file:` folder, the database named in it unchanged."""
    monkeypatch.chdir(tmp_path)
    before = fingerprint_db(db_path)
    uri = f"file:{db_path}?mode=ro"
    if where == "option":
        result = invoke_cli("--db", uri, "packages")
    else:
        result = invoke_cli("packages", env={"PTCTUI_DB": uri})
    line = _error(result)
    assert line.startswith(f"error: {uri!r} is an SQLite URI; give a file path"), line
    assert not (tmp_path / "file:").exists()
    assert fingerprint_db(db_path) == before


def test_an_empty_server_database_is_left_for_init(
    new_pg_database: Callable[[str | None], str],
) -> None:
    """The README's shared server: `createdb`, then `ptctui init`. Before init, a command says
    so instead of filling the database."""
    from ptctui.workspace import resolve_workspace

    url = new_pg_database(None)
    shown = resolve_workspace(url).display
    line = _error(invoke_cli("--db", url, "packages"))
    assert line == f"error: {shown} holds no ptctui data; run `ptctui init` to set it up"
    assert invoke_cli("--db", url, "init").exit_code == 0
    assert invoke_cli("--db", url, "packages").exit_code == 0


def test_db_restore_does_not_replace_a_file_that_is_not_a_ptctui_database(
    tmp_path: Path, db_path: Path
) -> None:
    target = tmp_path / "other" / "ptctui.db"
    target.parent.mkdir()
    target.write_bytes(b"")
    line = _error(invoke_cli("--db", target, "db", "restore", db_path, "--yes"))
    assert line.startswith(f"error: {target} is an empty file, not a ptctui database")
    assert target.read_bytes() == b""
