"""Checking an export's tables, row by row, against the table definitions.

The checks are driven by the table definitions in ``ptctui.models``: a column's type, length and
nullability say what a value may be, and its foreign key says which rows of the file it must
point at. On top of those: UUIDs must be UUIDs, statuses and roles must be known, UUIDs,
references and codes must be unique within the file, the journal must keep ``db check``'s
rules, and text may not hold NUL characters (PostgreSQL cannot store them). Every value comes
back as the Python type of its column (dates, aware UTC instants, booleans).

The file itself and its head (format, version, schema) are ``exchange.document``'s.
"""

from __future__ import annotations

import json
import uuid as uuid_module
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, String, Table
from sqlalchemy.types import TypeDecorator

from ptctui.importers import ImportFileError
from ptctui.text import quote

# Anything longer than this in one cell is not an officer's text; refuse rather than store it.
MAX_TEXT = 1_000_000
# How far ahead of this computer's clock a row may be dated (store/clocks.py, rule 2).
FUTURE_SLACK = timedelta(days=1)
_MISSING = object()


def _tables() -> dict[str, Table]:
    """The tables an export carries, parents before children (local bookkeeping left out)."""
    from sqlmodel import SQLModel

    from ptctui.models import LOCAL_TABLES

    return {
        t.name: t for t in SQLModel.metadata.sorted_tables if t.name not in LOCAL_TABLES
    }


class _RowError(ValueError):
    pass


def check_tables(tables: dict[str, Any], name: str) -> dict[str, list[dict[str, Any]]]:
    known = _tables()
    unknown = sorted(set(tables) - set(known))
    if unknown:
        raise ImportFileError(
            f"{name} has tables this ptctui does not know ({', '.join(map(str, unknown[:5]))}); "
            "was it written by a newer version?"
        )
    checked: dict[str, list[dict[str, Any]]] = {}
    for table_name, table in known.items():
        rows = tables.pop(table_name, [])  # the parsed rows go as their checked copies come
        if not isinstance(rows, list):
            raise ImportFileError(f'{name}: table "{table_name}" is not a list of rows')
        checked[table_name] = [
            _check_row(table, row, index, name) for index, row in enumerate(rows, start=1)
        ]
        del rows
    _check_unique(checked, name)
    _check_links(checked, known, name)
    _check_values(checked, name)
    _check_clock(checked, known, name)
    return checked


def _check_clock(
    tables: dict[str, list[dict[str, Any]]], known: dict[str, Table], name: str
) -> None:
    """Refuse a row dated more than ``FUTURE_SLACK`` ahead of now (store/clocks.py, rule 2):
    every instant an export carries says when something happened, and a status change from
    the future would decide the action's status until then."""
    horizon = datetime.now(UTC) + FUTURE_SLACK
    for table_name, rows in tables.items():
        columns = [
            c.name
            for c in known[table_name].columns
            if isinstance(getattr(c.type, "impl", c.type), DateTime)
        ]
        for index, row in enumerate(rows, start=1):
            for column in columns:
                value = row.get(column)
                if value is not None and value > horizon:
                    raise ImportFileError(
                        f"{name}: {_where(table_name, index, row)}, {column}: "
                        f"{value:%Y-%m-%d %H:%M} UTC is more than a day ahead of this "
                        "computer's clock; fix the clock that wrote it, then export again"
                    )


def _where(table: str, index: int, row: dict[str, Any] | None = None) -> str:
    label = ""
    if row is not None:
        label = str(row.get("ref") or row.get("code") or row.get("key") or "")
        label = f" ({label[:40]})" if label and isinstance(label, str) else ""
    return f"{table} row {index}{label}"


def _check_row(table: Table, row: Any, index: int, name: str) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise ImportFileError(f"{name}: {_where(table.name, index)} is not an object")
    extra = sorted(set(row) - set(table.columns.keys()))
    if extra:
        raise ImportFileError(
            f"{name}: {_where(table.name, index, row)} has unknown columns "
            f"({', '.join(map(str, extra[:5]))})"
        )
    out: dict[str, Any] = {}
    for column in table.columns:
        value = row.get(column.name, _MISSING)
        # A file from an older schema lacks the columns added since (0005's ``archived``,
        # a plan's dates and prefix, ``subject``): its rows get the column's default, as the
        # migration gave existing rows. Anything else missing is a damaged file.
        default: Any = column.default
        if value is _MISSING and default is not None and default.is_scalar:
            out[column.name] = default.arg
            continue
        if value is _MISSING or value is None:
            if column.nullable:
                out[column.name] = None
                continue
            raise ImportFileError(
                f"{name}: {_where(table.name, index, row)} has no {column.name}"
            )
        try:
            out[column.name] = _convert(column.type, value)
        except _RowError as error:
            raise ImportFileError(
                f"{name}: {_where(table.name, index, row)}, {column.name}: {error}"
            ) from None
    return out


def _convert(kind: Any, value: Any) -> Any:
    if isinstance(kind, TypeDecorator):  # UTCDateTime, SQLModel's AutoString: check the base
        kind = kind.impl
    if isinstance(kind, Boolean):
        if isinstance(value, bool):
            return value
        if value in (0, 1) and isinstance(value, int):
            return bool(value)
        raise _RowError(f"{_show(value)} is not true or false")
    if isinstance(kind, Integer):
        if isinstance(value, int) and not isinstance(value, bool):
            if abs(value) >= 2**63:
                raise _RowError(f"{_show(value)} is too large")
            return value
        raise _RowError(f"{_show(value)} is not a whole number")
    if isinstance(kind, DateTime):
        if not isinstance(value, str):
            raise _RowError(f"{_show(value)} is not a time")
        try:
            return parse_instant(value)
        except ValueError as error:
            raise _RowError(str(error)) from None
    if isinstance(kind, Date):
        if not isinstance(value, str):
            raise _RowError(f"{_show(value)} is not a date")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise _RowError(f"{_show(value)} is not a date (YYYY-MM-DD)") from None
    if isinstance(kind, String):
        if not isinstance(value, str):
            raise _RowError(f"{_show(value)} is not text")
        limit = kind.length or MAX_TEXT
        if len(value) > limit:
            raise _RowError(f"text of {len(value):,} characters is longer than {limit:,}")
        if "\x00" in value:
            raise _RowError("the text holds a NUL character")
        _check_encodable(value)
        return value
    raise _RowError(f"cannot read a {type(kind).__name__} column")  # pragma: no cover


def _check_encodable(value: str) -> None:
    """Refuse a lone surrogate (``"\\ud800"`` in the JSON): valid JSON, but no text, and no
    database can store it."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise _RowError(
            f"the text holds {value[error.start]!r} at character {error.start + 1}, a lone "
            "surrogate, which is not text"
        ) from None


def _surrogate_in(values: Any) -> bool:
    """Whether a parsed ``before``/``after`` object holds a lone surrogate anywhere."""
    if isinstance(values, str):
        try:
            values.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(values, dict):
        return any(_surrogate_in(k) or _surrogate_in(v) for k, v in values.items())
    if isinstance(values, list):
        return any(_surrogate_in(v) for v in values)
    return False


def parse_instant(value: str) -> datetime:
    """An aware UTC instant from ISO 8601 text; ``ValueError`` says why not, for a message."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{_show(value)} is not a time (ISO 8601)") from None
    if parsed.tzinfo is None:
        raise ValueError(f"{_show(value)} has no time zone")
    return parsed.astimezone(UTC)


def _show(value: Any) -> str:
    """A value from the file for a message: its Python form, so that ``"1"`` and ``1`` differ."""
    return quote(repr(value), 40)


# Columns whose values must be unique within one file, besides every table's id and uuid.
_UNIQUE = {
    "bodies": ("code",),
    "meetings": ("key",),
    "packages": ("code",),
    "plans": ("code",),
    "actions": ("ref",),
}


def _check_unique(tables: dict[str, list[dict[str, Any]]], name: str) -> None:
    for table_name, rows in tables.items():
        columns: list[str] = [c for c in ("id", "uuid") if rows and c in rows[0]]
        columns += list(_UNIQUE.get(table_name, ()))
        for column in columns:
            seen: dict[Any, int] = {}
            for index, row in enumerate(rows, start=1):
                value = row.get(column)
                if value is None:
                    continue
                key = value.lower() if column == "ref" else value
                if key in seen:
                    raise ImportFileError(
                        f"{name}: {_where(table_name, index, row)} repeats the {column} "
                        f"{_show(value)} of row {seen[key]}"
                    )
                seen[key] = index


def _check_links(
    tables: dict[str, list[dict[str, Any]]], known: dict[str, Table], name: str
) -> None:
    ids = {t: {row["id"] for row in rows} for t, rows in tables.items()}
    for table_name, rows in tables.items():
        links = [
            (fk.parent.name, fk.column.table.name)
            for fk in known[table_name].foreign_keys
        ]
        for index, row in enumerate(rows, start=1):
            for column, target in links:
                value = row.get(column)
                if value is not None and value not in ids[target]:
                    raise ImportFileError(
                        f"{name}: {_where(table_name, index, row)}, {column}: no {target} row "
                        f"with id {value} in the file"
                    )


def _check_journal(tables: dict[str, list[dict[str, Any]]], name: str) -> None:
    """The journal's own rules, as ``db check`` has them (store/checks.py): a move's entry
    names a status change of its own action; only an undo undoes, and it undoes something.
    A file that breaks them would merge into a database that ``db check`` flags."""
    moved = {row["id"]: row["action_id"] for row in tables["status_changes"]}
    for index, row in enumerate(tables["changes"], start=1):
        where = _where("changes", index)
        kind, undoes = row.get("kind"), row.get("undoes_id")
        if kind == "move":
            status_change = row.get("status_change_id")
            if status_change is None:
                raise ImportFileError(f"{name}: {where} is a move with no status change")
            if moved.get(status_change) != row.get("action_id"):
                raise ImportFileError(
                    f"{name}: {where} is a move whose status change belongs to another action"
                )
        if kind == "undo" and undoes is None:
            raise ImportFileError(f"{name}: {where} is an undo of nothing")
        if kind != "undo" and undoes is not None:
            raise ImportFileError(f"{name}: {where} is a {_show(kind)} but says it undoes one")
    _check_undo_links(tables["changes"], name)


def _check_undo_links(changes: list[dict[str, Any]], name: str) -> None:
    """An entry marked undone names an entry that undoes it, as ``db check`` wants. A one-sided
    link would show "(undone)" in ``history`` for a change nothing reverted, fail ``db check``,
    and travel on with every sync. (An undo whose target does not name it back is left to the
    journal's own rules: redo may change what an undone entry says.)"""
    by_id = {row["id"]: row for row in changes}
    for index, row in enumerate(changes, start=1):
        undone_by = row.get("undone_by_id")
        if undone_by is not None and by_id[undone_by].get("undoes_id") != row["id"]:
            raise ImportFileError(
                f"{name}: {_where('changes', index)} says it was undone by entry {undone_by}, "
                "which does not undo it"
            )


def _check_values(tables: dict[str, list[dict[str, Any]]], name: str) -> None:
    from ptctui.models import KINDS, ROLES
    from ptctui.workflow import Status

    statuses = {s.value for s in Status}
    rules: Iterable[tuple[str, str, set[str] | None]] = (
        ("actions", "status", statuses),
        ("actions", "kind", set(KINDS)),
        ("status_changes", "to_status", statuses),
        ("status_changes", "from_status", statuses),
        ("action_bodies", "role", set(ROLES)),
    )
    for table_name, column, allowed in rules:
        for index, row in enumerate(tables[table_name], start=1):
            value = row.get(column)
            if value is not None and allowed is not None and value not in allowed:
                raise ImportFileError(
                    f"{name}: {_where(table_name, index, row)}, {column}: unknown value "
                    f"{_show(value)}"
                )
    for table_name, rows in tables.items():
        for index, row in enumerate(rows, start=1):
            value = row.get("uuid")
            if value is None:
                continue
            try:
                uuid_module.UUID(value)
            except ValueError:
                raise ImportFileError(
                    f"{name}: {_where(table_name, index, row)}, uuid: {_show(value)} is not a UUID"
                ) from None
    _check_journal(tables, name)
    for index, row in enumerate(tables["changes"], start=1):
        for column in ("before", "after"):
            try:
                values = json.loads(row[column])
            except (json.JSONDecodeError, RecursionError):
                values = None
            if not isinstance(values, dict):
                raise ImportFileError(
                    f"{name}: {_where('changes', index)}, {column}: not a JSON object of fields"
                )
            if _surrogate_in(values):
                raise ImportFileError(
                    f"{name}: {_where('changes', index)}, {column}: holds a lone surrogate "
                    "(\\ud800-\\udfff), which is not text"
                )
