"""Reading a ``ptctui export data`` file: every check before anything touches the database.

An export may come from another laptop, an older or newer ptctui, or a file cut short on a USB
stick. ``read_export`` refuses anything it cannot trust with one ``ImportFileError`` naming the
table, row and column, and otherwise hands back every row with its values already turned into
the Python types of the columns (dates, aware UTC instants, booleans), so the merge never meets
a surprise half-way through its transaction.

The checks are driven by the table definitions in ``ptctui.models``: a column's type, length and
nullability say what a value may be, and its foreign key says which rows of the file it must
point at. On top of those: UUIDs must be UUIDs, statuses and roles must be known, UUIDs,
references and codes must be unique within the file, and text may not hold NUL characters
(PostgreSQL cannot store them).
"""

from __future__ import annotations

import json
import uuid as uuid_module
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, String, Table
from sqlalchemy.types import TypeDecorator

from ptctui.importers import ImportFileError
from ptctui.store import EXPORT_FORMAT, EXPORT_VERSION
from ptctui.text import quote

# Anything longer than this in one cell is not an officer's text; refuse rather than store it.
MAX_TEXT = 1_000_000
_MISSING = object()


@dataclass(frozen=True)
class ExportData:
    """A checked export: where it came from and every table's rows, typed, keyed by column."""

    source: str
    exported_at: datetime | None
    schema: str | None
    tables: dict[str, list[dict[str, Any]]]

    def rows(self, table: str) -> list[dict[str, Any]]:
        """The rows of ``table`` in file order (empty if the file has none)."""
        return self.tables.get(table, [])

    @property
    def action_count(self) -> int:
        return len(self.rows("actions"))


def read_export(path: Path) -> ExportData:
    """Read and check ``path``; raise ``ImportFileError`` with one line if it cannot be trusted."""
    # Held one at a time: the file's bytes while they are decoded, its text while it is parsed,
    # the parsed rows while they are checked (at 10,000 actions read_export peaked at 404 MB,
    # now 288; the whole import command at 420, now 304).
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError as error:
        raise _not_utf8(error, path.name) from None
    except OSError as error:
        raise ImportFileError(f"cannot read {path}: {error.strerror or error}") from None
    document = _parsed(text, name=path.name)
    del text
    return check_export(document, name=path.name)


def parse_export(raw: bytes, *, name: str = "the file") -> ExportData:
    """Check the bytes of an export (see ``read_export``)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _not_utf8(error, name) from None
    return check_export(_parsed(text, name=name), name=name)


def _not_utf8(error: UnicodeDecodeError, name: str) -> ImportFileError:
    return ImportFileError(f"{name} is not UTF-8 text (byte {error.start}); is it a ptctui export?")


def _parsed(text: str, *, name: str) -> Any:
    """The JSON document in ``text``, or one line saying why it is not one."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        # An export always ends with its closing brace: without one, the copy was cut short.
        cut = "; the file looks cut short" if not text.rstrip().endswith("}") else ""
        raise ImportFileError(
            f"{name} is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}){cut}"
        ) from None
    except RecursionError:
        raise ImportFileError(f"{name} nests too deeply to be a ptctui export") from None
    return document


def export_header(*, exported_at: datetime, source: str, schema: str | None) -> dict[str, Any]:
    """An export's fields before its ``tables``: what ``check_export`` checks first.

    Here, beside the checks, so the format has one definition: ``exporters.data`` writes it
    into a file and ``sync`` into each side's snapshot.
    """
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": exported_at.isoformat(),
        "source": source,
        "schema": schema,
    }


def check_export(document: Any, *, name: str = "the file") -> ExportData:
    """Check an export's parsed JSON document (see ``read_export``): everything but its text.

    The document's tables are taken out of it as they are checked (each checked table replaces
    the parsed one in memory), so a caller has no use for it afterwards.
    """
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise ImportFileError(
            f'{name} is not a ptctui export (no "format": "{EXPORT_FORMAT}"); '
            "make one with `ptctui export data`"
        )
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportFileError(f"{name}: the export version {version!r} is not a number ≥ 1")
    if version > EXPORT_VERSION:
        raise ImportFileError(
            f"{name} was written by a newer ptctui (export version {version}; this one reads "
            f"up to {EXPORT_VERSION}); upgrade ptctui to import it"
        )
    schema = document.get("schema")
    _check_schema(schema, name)
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise ImportFileError(f'{name}: "tables" is missing or not an object')
    checked = _check_tables(tables, name)
    return ExportData(
        source=_text_field(document.get("source"), "source", name) or name,
        exported_at=_instant_field(document.get("exported_at"), name),
        schema=schema,
        tables=checked,
    )


def _check_schema(schema: Any, name: str) -> None:
    from ptctui.migrate import HEAD_REVISION

    if schema is None:
        return
    if not isinstance(schema, str) or not schema.isdigit():
        raise ImportFileError(f"{name}: the schema revision {schema!r} is not one ptctui writes")
    if int(schema) > int(HEAD_REVISION):
        raise ImportFileError(
            f"{name} comes from a newer database schema ({schema}; this ptctui knows up to "
            f"{HEAD_REVISION}); upgrade ptctui to import it"
        )


def _text_field(value: Any, what: str, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > 1000:
        raise ImportFileError(f'{name}: "{what}" is not a short text')
    return value


def _instant_field(value: Any, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        return _instant(value)
    except ValueError:
        raise ImportFileError(f'{name}: "exported_at" {value!r} is not a time') from None


# --- the tables ---------------------------------------------------------------------------------


def _tables() -> dict[str, Table]:
    """The tables an export carries, parents before children (local bookkeeping left out)."""
    from sqlmodel import SQLModel

    from ptctui.models import LOCAL_TABLES

    return {
        t.name: t for t in SQLModel.metadata.sorted_tables if t.name not in LOCAL_TABLES
    }


class _RowError(ValueError):
    pass


def _check_tables(tables: dict[str, Any], name: str) -> dict[str, list[dict[str, Any]]]:
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
    return checked


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
        # Every export version so far writes every column; a later schema that adds one must
        # say here what an older file's rows get for it.
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
            return _instant(value)
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
        return value
    raise _RowError(f"cannot read a {type(kind).__name__} column")  # pragma: no cover


def _instant(value: str) -> datetime:
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


def _check_values(tables: dict[str, list[dict[str, Any]]], name: str) -> None:
    from ptctui.store import KINDS, ROLES
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
