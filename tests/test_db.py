"""Engine settings, schema migrations and backups, on real SQLite files."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import Session, SQLModel, select
from typer.testing import CliRunner

from ptctui import db
from ptctui.cli import app
from ptctui.config import resolve_workspace
from ptctui.models import Change
from ptctui.workspace import open_workspace


def test_head_revision_constant_matches_the_shipped_scripts() -> None:
    assert db.known_revisions()[-1] == db.HEAD_REVISION
    assert db.known_revisions()[0] == "0001"


def test_connections_use_wal_foreign_keys_and_a_busy_timeout(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.BUSY_TIMEOUT_MS


def test_the_migrated_schema_matches_the_models(empty_engine) -> None:  # type: ignore[no-untyped-def]
    """Forgetting to write a migration for a model change fails here."""
    with empty_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_foreign_keys_are_enforced(engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Exception, match="FOREIGN KEY"), engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO plans (uuid, code, package_id, title, period, note, "
                "position) VALUES ('u', 'X', 9999, 't', '', '', 0)"
            )
        )


def test_instants_are_stored_and_returned_as_aware_utc(empty_engine) -> None:  # type: ignore[no-untyped-def]
    moment = datetime(2020, 2, 1, 14, 30, tzinfo=timezone(timedelta(hours=1)))
    with Session(empty_engine) as session:
        session.add(Change(kind="edit", at=moment, by="x"))
        session.commit()
    with Session(empty_engine) as session:
        stored = session.exec(select(Change)).one()
    assert stored.at == moment
    assert stored.at.tzinfo == UTC
    assert stored.at.hour == 13
    with Session(empty_engine) as session:
        session.add(Change(kind="edit", at=datetime(2020, 1, 1), by="x"))
        with pytest.raises(Exception, match="naive datetime refused"):
            session.commit()


def _fill_at_first_revision(path: Path) -> None:
    """Rows as the first release wrote them, with plain SQL against revision 0001's schema."""
    conn = sqlite3.connect(path)
    with conn:
        conn.executescript(
            """
            INSERT INTO bodies (id, uuid, code, name, kind) VALUES
                (1, 'b-1', 'EC', 'Enforcement Committee', 'committee');
            INSERT INTO packages (id, uuid, code, name, aim, note, lead_body_id, position)
                VALUES (1, 'p-1', 'CEP', 'Compliance and Enforcement Package', '', '', 1, 1);
            INSERT INTO plans (id, uuid, code, package_id, title, period, note, position)
                VALUES (1, 'pl-1', 'CEP-2020', 1, 'CEP Action Plan 2020/2021', '2020/2021', '', 1);
            INSERT INTO components (id, uuid, plan_id, number, title, position)
                VALUES (1, 'c-1', 1, 1, 'Component 1 – Tools', 1);
            INSERT INTO actions (id, uuid, ref, component_id, status, archived, position,
                created_at, updated_at, title, description, kind, deadline_label, due_date,
                start_date, end_date, funding_note)
                VALUES (1, 'a-1', 'CEP-1.1', 1, 'in_progress', 0, 1, '2020-02-01 12:00:00',
                '2020-02-01 12:00:00', 'Develop an IPR handbook', '', 'action', 'end of 2020',
                '2020-12-31', NULL, NULL, '');
            INSERT INTO progress_updates (id, uuid, action_id, as_of, text, author, created_at,
                retracted) VALUES (1, 'u-1', 1, '2020-02-01', 'First draft presented', 'ana',
                '2020-02-01 12:00:00', 0);
            INSERT INTO status_changes (id, uuid, action_id, from_status, to_status, at, by,
                note) VALUES (1, 's-1', 1, 'planned', 'in_progress', '2020-02-01 12:00:00',
                'ana', 'started');
            """
        )
    conn.close()


def test_opening_a_first_revision_database_backs_it_up_and_upgrades_it(tmp_path: Path) -> None:
    path = tmp_path / "db" / "ptctui.db"
    engine = db.make_engine(db.url_for(path))
    db.upgrade(engine, "0001")
    engine.dispose()
    _fill_at_first_revision(path)

    opened = open_workspace(resolve_workspace(str(path), env={}))

    assert db.current_revision(opened.engine) == db.HEAD_REVISION
    assert len(opened.notices) == 1 and "from schema 0001" in opened.notices[0]
    backups = list(path.parent.glob("ptctui.db.*.rev0001.bak"))
    assert len(backups) == 1 and str(backups[0]) in opened.notices[0]
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert old.execute("SELECT title FROM actions").fetchone() == ("Develop an IPR handbook",)
    with opened.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT a.ref, a.status, a.due_date, u.text, s.note FROM actions a "
                "JOIN progress_updates u ON u.action_id = a.id "
                "JOIN status_changes s ON s.action_id = a.id"
            )
        ).all()
        indexes = {ix["name"] for ix in inspect(conn).get_indexes("actions")}
    assert rows == [("CEP-1.1", "in_progress", "2020-12-31", "First draft presented", "started")]
    assert "ix_actions_status_due" in indexes
    # A second open finds nothing to do and takes no second backup.
    assert open_workspace(resolve_workspace(str(path), env={})).notices == []
    assert len(list(path.parent.glob("*.bak"))) == 1


def test_db_upgrade_command_does_the_same_explicitly(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = db.make_engine(db.url_for(path))
    db.upgrade(engine, "0001")
    engine.dispose()
    _fill_at_first_revision(path)
    runner = CliRunner()

    result = runner.invoke(app, ["--db", str(path), "db", "upgrade"])

    assert result.exit_code == 0, result.output
    assert f"from schema 0001 to {db.HEAD_REVISION}" in result.stdout
    assert "backup at" in result.stdout
    again = runner.invoke(app, ["--db", str(path), "db", "upgrade"])
    assert again.exit_code == 0 and "up to date" in again.stdout


def test_a_database_from_a_newer_ptctui_is_refused_untouched(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    result = CliRunner().invoke(app, ["--db", str(db_path), "actions"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"error: the database is at schema revision 9999, newer than this ptctui "
        f"({db.HEAD_REVISION}); upgrade ptctui"
    ]
    assert list(db_path.parent.glob("*.bak")) == []


def test_backup_copies_a_consistent_database_beside_the_original(db_path: Path) -> None:
    engine = db.make_engine(db.url_for(db_path))
    target = db.backup_sqlite(engine, label="manual")
    target2 = db.backup_sqlite(engine, label="manual")
    assert target != target2 and target.parent == db_path.parent
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM actions").fetchone() == (56,)
