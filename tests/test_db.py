"""Engine settings, schema migrations and backups, on real SQLite files and PostgreSQL.

The PostgreSQL tests need ``PTCTUI_TEST_PG_URL`` (see ``conftest``); without it they are
skipped, and the summary says so.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select
from typer.testing import CliRunner

from conftest import on_both_backends
from ptctui import backups, db, migrate
from ptctui.cli import app
from ptctui.models import Change
from ptctui.workspace import open_workspace, resolve_workspace


def test_head_revision_constant_matches_the_shipped_scripts() -> None:
    assert migrate.known_revisions()[-1] == migrate.HEAD_REVISION
    assert migrate.known_revisions()[0] == "0001"


def test_connections_use_wal_foreign_keys_and_a_busy_timeout(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.BUSY_TIMEOUT_MS


def test_lists_and_the_data_stamp_read_from_indexes(
    engine: Engine,
) -> None:
    """Every action list looks up each action's lead body and latest update. Without
    covering indexes SQLite reads every update row to check ``retracted`` (10,000 actions:
    110 ms of SQL instead of 45). The data stamp finds the latest edit by an index."""
    from sqlalchemy import event

    from ptctui import store

    statements: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        with store.reading(engine) as session:
            store.list_actions(session=session, today=date(2020, 6, 15))
            store.data_stamp(session=session)
    finally:
        event.remove(engine, "before_cursor_execute", keep)

    def plan_of(statement: str, parameters: object) -> str:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)  # type: ignore[arg-type]
            return "\n".join(row[-1] for row in rows)

    listing, stamp = statements[-2], statements[-1]
    plan = plan_of(*listing)
    assert "USING COVERING INDEX ix_progress_updates_action_latest" in plan, plan
    assert "USING COVERING INDEX ix_action_bodies_action_role" in plan, plan
    # The data stamp (read around every change and every two seconds): seeks, no table scan.
    plan = plan_of(*stamp)
    assert "ix_actions_updated_at" in plan and "SCAN actions\n" not in plan + "\n", plan


LISTING_PROBE = """
import json, sys
from datetime import date
from ptctui import db, store
from ptctui.models import Action
engine = db.make_engine(db.url_for(sys.argv[1]))
with store.reading(engine) as session:
    rows = store.list_actions(session=session, today=date(2020, 6, 15), sort=sys.argv[2])
print(json.dumps({"rows": len(rows), "configured": Action.__mapper__.configured}))
"""


@pytest.mark.parametrize("sort", ["order", "updated"])
def test_the_action_listing_does_not_wait_for_the_orm(db_path: Path, sort: str) -> None:
    """The listing is the first query of the app and of ``actions --json``. Built on the
    tables' columns, it compiles without SQLAlchemy configuring the mappers (8 to 11 ms of the
    first screen); a mapped attribute among its columns would make it an ORM statement again.
    Checked in a fresh interpreter, where nothing has configured them yet."""
    import json
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", LISTING_PROBE, str(db_path), sort],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(done.stdout) == {"rows": 56, "configured": False}


@on_both_backends
def test_the_migrated_schema_matches_the_models(empty_engine) -> None:  # type: ignore[no-untyped-def]
    """Forgetting to write a migration for a model change fails here."""
    with empty_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


@on_both_backends
def test_foreign_keys_are_enforced(engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Exception, match=r"(?i)FOREIGN KEY"), engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO plans (uuid, code, package_id, title, period, note, "
                "position) VALUES ('u', 'X', 9999, 't', '', '', 0)"
            )
        )


@on_both_backends
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
    migrate.upgrade(engine, "0001")
    engine.dispose()
    _fill_at_first_revision(path)

    opened = open_workspace(resolve_workspace(str(path), env={}))

    assert migrate.current_revision(opened.engine) == migrate.HEAD_REVISION
    assert len(opened.notices) == 1 and "from schema 0001" in opened.notices[0]
    backups = list((path.parent / "backups").glob("ptctui-*-before-migration.db"))
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
    assert len(list((path.parent / "backups").glob("*.db"))) == 1


def test_db_upgrade_command_does_the_same_explicitly(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = db.make_engine(db.url_for(path))
    migrate.upgrade(engine, "0001")
    engine.dispose()
    _fill_at_first_revision(path)
    runner = CliRunner()

    result = runner.invoke(app, ["--db", str(path), "db", "upgrade"])

    assert result.exit_code == 0, result.output
    assert f"from schema 0001 to {migrate.HEAD_REVISION}" in result.stdout
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
        f"({migrate.HEAD_REVISION}); upgrade ptctui"
    ]
    assert not (db_path.parent / "backups").exists()


def test_backup_copies_a_consistent_database_into_the_backups_folder(db_path: Path) -> None:
    engine = db.make_engine(db.url_for(db_path))
    target = backups.backup_sqlite(engine, label="manual")
    target2 = backups.backup_sqlite(engine, label="manual")
    assert target != target2 and target.parent == db_path.parent / "backups"
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM actions").fetchone() == (56,)


# --- PostgreSQL ----------------------------------------------------------------------------------


def test_postgresql_without_its_driver_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """psycopg is an optional extra: without it, a PostgreSQL URL says what to install."""
    monkeypatch.setitem(sys.modules, "psycopg", None)  # any `import psycopg` now fails
    with pytest.raises(db.DatabaseError, match=re.escape("install ptctui[postgres]")):
        db.make_engine("postgresql+psycopg://ana@/ptctui")
    result = CliRunner().invoke(app, ["--db", "postgresql://ana@/ptctui", "actions"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: the PostgreSQL driver (psycopg) is not installed: install ptctui[postgres] "
        "(pip install 'ptctui[postgres]')"
    ]


def test_other_engines_are_refused_in_one_line() -> None:
    with pytest.raises(db.DatabaseError, match="SQLite files and PostgreSQL URLs"):
        db.make_engine("mysql://ana@localhost/ptctui")


def test_plain_postgresql_urls_use_psycopg() -> None:
    """``postgresql://`` (libpq's spelling) means the psycopg 3 driver ptctui installs."""
    pytest.importorskip("psycopg")
    for url in ("postgresql://ana@/ptctui", "postgres://ana@/ptctui"):
        engine = db.make_engine(url)
        assert (engine.dialect.name, engine.dialect.driver) == ("postgresql", "psycopg")


def _fill_at_first_revision_pg(engine: Engine) -> None:
    """The rows of ``_fill_at_first_revision``, through revision 0001's tables on PostgreSQL."""
    noon = datetime(2020, 2, 1, 12, tzinfo=UTC)
    rows: dict[str, list[dict[str, object]]] = {
        "bodies": [
            dict(id=1, uuid="b-1", code="EC", name="Enforcement Committee", kind="committee")
        ],
        "packages": [
            dict(id=1, uuid="p-1", code="CEP", name="Compliance and Enforcement Package", aim="",
                 note="", lead_body_id=1, position=1)
        ],
        "plans": [
            dict(id=1, uuid="pl-1", code="CEP-2020", package_id=1,
                 title="CEP Action Plan 2020/2021", period="2020/2021", note="", position=1)
        ],
        "components": [
            dict(id=1, uuid="c-1", plan_id=1, number=1, title="Component 1 – Tools", position=1)
        ],
        "actions": [
            dict(id=1, uuid="a-1", ref="CEP-1.1", component_id=1, status="in_progress",
                 archived=False, position=1, created_at=noon, updated_at=noon,
                 title="Develop an IPR handbook", description="", kind="action",
                 deadline_label="end of 2020", due_date=date(2020, 12, 31), funding_note="")
        ],
        "progress_updates": [
            dict(id=1, uuid="u-1", action_id=1, as_of=date(2020, 2, 1),
                 text="First draft presented", author="ana", created_at=noon, retracted=False)
        ],
        "status_changes": [
            dict(id=1, uuid="s-1", action_id=1, from_status="planned", to_status="in_progress",
                 at=noon, by="ana", note="started")
        ],
    }  # fmt: skip
    metadata = MetaData()
    with engine.begin() as conn:
        metadata.reflect(conn, only=list(rows))
        for name, values in rows.items():
            conn.execute(metadata.tables[name].insert(), values)


def test_migrations_run_on_postgresql_and_keep_the_data(
    new_pg_database: Callable[[str | None], str],
) -> None:
    """0001 then ``db upgrade`` (no file to back up, so it says so), down to nothing, up again."""
    url = new_pg_database(None)
    engine = db.make_engine(url)
    migrate.upgrade(engine, "0001")
    _fill_at_first_revision_pg(engine)

    result = CliRunner().invoke(app, ["--db", url, "db", "upgrade"])

    assert result.exit_code == 0, result.output
    assert f"from schema 0001 to {migrate.HEAD_REVISION}; no backup: use pg_dump" in result.stdout
    assert migrate.current_revision(engine) == migrate.HEAD_REVISION
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT a.ref, a.status, a.due_date, a.archived, u.text, s.note FROM actions a "
                "JOIN progress_updates u ON u.action_id = a.id "
                "JOIN status_changes s ON s.action_id = a.id"
            )
        ).all()
        indexes = {ix["name"] for ix in inspect(conn).get_indexes("actions")}
    assert rows == [
        ("CEP-1.1", "in_progress", date(2020, 12, 31), False, "First draft presented", "started")
    ]
    assert "ix_actions_status_due" in indexes

    from alembic import command

    command.downgrade(migrate._alembic_config(engine), "base")
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    engine.dispose()
