"""Every table's rows as JSON-ready dictionaries: what ``ptctui export data`` streams.

The file's layout (``EXPORT_FORMAT``, ``EXPORT_VERSION``) is named in ``migrate``, below the
importers that check it; writing the file is ``exporters.data``'s, reading one back
``importers.exchange``'s and merging it ``store.merge``'s.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session

from ptctui.models import LOCAL_TABLES, Action


def dump_tables(*, session: Session) -> Iterator[tuple[str, Iterator[dict[str, Any]]]]:
    """Every table's rows, parents before children, each ordered by its primary key.

    The values are JSON-ready (dates and instants as ISO text) and include every column, so
    an import can rebuild the database: uuids, history, the journal and retracted updates too.
    A table's rows come from the cursor as they are read (an export streams them to its
    file): take them all before asking for the next table.
    """
    for name, keys, rows in _tables(session):
        yield name, _dumped_rows(keys, rows)


def dump_rows(*, session: Session) -> Iterator[tuple[str, Iterator[Sequence[Any]]]]:
    """``dump_tables``' rows as the database's own values: each row every column in the
    table's order, dates and instants as Python's: what ``sync`` checks, with no text between
    (at 100,000 actions, writing the text and parsing it back was some 15 % of a sync)."""
    for name, _, rows in _tables(session):
        yield name, rows


def _tables(session: Session) -> Iterator[tuple[str, tuple[str, ...], Iterator[Any]]]:
    for table in Action.metadata.sorted_tables:
        if table.name in LOCAL_TABLES:
            continue
        result = session.connection().execute(
            table.select().order_by(*table.primary_key.columns),
            # a server-side cursor on PostgreSQL (psycopg would buffer the whole table)
            execution_options={"stream_results": True, "max_row_buffer": 1000},
        )
        yield table.name, tuple(result.keys()), iter(result)


def _dumped_rows(keys: tuple[str, ...], rows: Iterator[Any]) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield dict(zip(keys, map(_json_value, row), strict=True))


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:  # SQLite hands back naive UTC; say so
            value = value.replace(tzinfo=UTC)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value
