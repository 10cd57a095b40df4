"""A sync's snapshot checks each side's rows as the database's own values
(``store.dump_rows``, ``check_streamed(typed=True)``), without the text of an export between:
it must hold exactly what the check of that side's ``export data`` would, and refuse what that
check refuses, with the same line. And the larger page cache a merge takes on SQLite goes back
to the connection's own afterwards (the pool hands the connection on).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.engine import Engine

from conftest import on_both_backends
from ptctui import store, sync
from ptctui.importers import ImportFileError
from ptctui.importers.exchange import check_streamed, export_header
from ptctui.importers.exchange.tables import known_tables
from ptctui.store.merge import merge_export
from ptctui.store.tables import TABLES


def _through_text(engine: Engine) -> object:
    """The old way: the export's JSON-ready rows, checked as a file's."""
    head = export_header(exported_at=datetime.now(UTC), source="here", schema=None)
    with store.reading(engine, snapshot=True) as session:
        return check_streamed(head, store.dump_tables(session=session), name="here")


@on_both_backends
def test_a_snapshot_holds_what_the_export_would(engine: Engine) -> None:
    changes = TABLES["status_changes"]
    with store.writing(engine) as session:  # an instant with no microseconds: text leaves them out
        first = select(func.min(changes.c.id)).scalar_subquery()
        session.connection().execute(
            update(changes)
            .where(changes.c.id == first)
            .values(at=datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC))
        )
    snapshot = sync.snapshot(engine, source="here")
    expected = _through_text(engine)
    for name in known_tables():
        rows = list(snapshot.rows(name))
        assert rows == list(expected.rows(name)), name  # type: ignore[attr-defined]
        for row in rows:
            for value in row.values():
                if isinstance(value, datetime):
                    assert value.tzinfo is UTC
    assert snapshot.count("status_changes") > 0 and snapshot.count("actions") > 0


def test_a_snapshot_refuses_what_the_export_would(engine: Engine) -> None:
    """SQLite keeps a text longer than its column allows: both ways refuse it, in one line."""
    with store.writing(engine) as session:
        session.connection().execute(
            text("UPDATE actions SET ref = :ref WHERE id = (SELECT max(id) FROM actions)"),
            {"ref": "X" * 500},
        )
    with pytest.raises(ImportFileError) as old:
        _through_text(engine)
    with pytest.raises(ImportFileError) as new:
        sync.snapshot(engine, source="here")
    assert str(new.value) == str(old.value)
    assert "longer than" in str(new.value)


def test_a_merge_gives_the_connection_its_page_cache_back(engine: Engine) -> None:
    data = sync.snapshot(engine, source="here")
    with store.rehearsal(engine) as session:
        connection = session.connection()
        connection.exec_driver_sql("PRAGMA cache_size=-3000")
        report = merge_export(session=session, data=data)
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -3000
    assert report.nothing
