"""Checking an export's rows, one at a time, against the table definitions.

The checks are driven by the table definitions in ``ptctui.models``: a column's type, length and
nullability say what a value may be, and its foreign key says which rows of the file it must
point at (``exchange.checks`` checks the links and everything else that spans rows), and text
may not hold NUL characters (PostgreSQL cannot store them). Every value comes back as the
Python type of its column (dates, aware UTC instants, booleans).

The file itself and its head (format, version, schema) are ``exchange.document``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

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


def known_tables() -> dict[str, Table]:
    """The tables an export carries, parents before children (local bookkeeping left out)."""
    return _tables()


def datetime_columns(table: Table) -> list[str]:
    """The columns of ``table`` that hold instants (the clock check reads them)."""
    return [c.name for c in table.columns if isinstance(getattr(c.type, "impl", c.type), DateTime)]


def _where(table: str, index: int, row: dict[str, Any] | None = None) -> str:
    label = ""
    if row is not None:
        label = str(row.get("ref") or row.get("code") or row.get("key") or "")
        label = f" ({label[:40]})" if label and isinstance(label, str) else ""
    return f"{table} row {index}{label}"


class RowShape(NamedTuple):
    """What ``check_row`` needs of a table, worked out once rather than once a row."""

    table: Table
    names: tuple[str, ...]
    allowed: frozenset[str]
    # each column: its name, its converter, whether it may be null, its default (or _MISSING)
    columns: tuple[tuple[str, Callable[[Any], Any], bool, Any], ...]


def row_shape(table: Table, *, typed: bool = False) -> RowShape:
    """``table``'s columns with their converters (see ``check_row``); ``typed``: for values
    read from a database (``check_values``), whose dates and instants are already Python's."""
    columns = []
    for column in table.columns:
        # A file from an older schema lacks the columns added since (0005's ``archived``,
        # a plan's dates and prefix, ``subject``): its rows get the column's default, as the
        # migration gave existing rows. Anything else missing is a damaged file.
        default: Any = column.default
        fallback = default.arg if default is not None and default.is_scalar else _MISSING
        convert = _typed_converter(column.type) if typed else None
        columns.append(
            (column.name, convert or _converter(column.type), bool(column.nullable), fallback)
        )
    names = tuple(table.columns.keys())
    return RowShape(table, names, frozenset(names), tuple(columns))


def check_row(shape: RowShape, row: Any, index: int, name: str) -> tuple[Any, ...]:
    """``row`` (row ``index`` of its table in the file ``name``) with every value turned into
    its column's Python type, in the table's column order; ``ImportFileError`` names the first
    value that cannot be."""
    table = shape.table
    if not isinstance(row, dict):
        raise ImportFileError(f"{name}: {_where(table.name, index)} is not an object")
    if not row.keys() <= shape.allowed:
        extra = sorted(set(row) - set(shape.names))
        raise ImportFileError(
            f"{name}: {_where(table.name, index, row)} has unknown columns "
            f"({', '.join(map(str, extra[:5]))})"
        )
    if len(row) == len(shape.names):  # every column given, as ptctui writes them: quickly
        try:
            return tuple(
                [
                    convert(value) if (value := row[column]) is not None else _null(nullable)
                    for column, convert, nullable, _ in shape.columns
                ]
            )
        except _RowError:
            pass  # the loop below says which value, and why
    out: list[Any] = []
    for column, convert, nullable, default in shape.columns:
        value = row.get(column, _MISSING)
        if value is _MISSING and default is not _MISSING:
            out.append(default)
            continue
        if value is _MISSING or value is None:
            if nullable:
                out.append(None)
                continue
            raise ImportFileError(f"{name}: {_where(table.name, index, row)} has no {column}")
        try:
            out.append(convert(value))
        except _RowError as error:
            raise ImportFileError(
                f"{name}: {_where(table.name, index, row)}, {column}: {error}"
            ) from None
    return tuple(out)


def check_values(shape: RowShape, values: Any, index: int, name: str) -> tuple[Any, ...]:
    """``check_row`` for a row read from a database (a ``typed`` shape): ``values`` holds
    every column, in the table's order, as the database driver gave them."""
    try:
        return tuple(
            [
                convert(value) if value is not None else _null(nullable)
                for value, (_, convert, nullable, _) in zip(values, shape.columns, strict=True)
            ]
        )
    except _RowError:  # check_row says which value, and why
        return check_row(shape, dict(zip(shape.names, values, strict=True)), index, name)


def _null(nullable: bool) -> Any:
    """None for a nullable column; a missing value otherwise (``check_row`` says which)."""
    if not nullable:
        raise _RowError("missing")
    return None


def _converter(kind: Any) -> Callable[[Any], Any]:
    """The function that turns a file's value into ``kind``'s Python type (``_RowError`` if
    it cannot)."""
    if isinstance(kind, TypeDecorator):  # UTCDateTime, SQLModel's AutoString: check the base
        kind = kind.impl
    if isinstance(kind, String):
        limit = kind.length or MAX_TEXT

        def text(value: Any) -> Any:
            if value.__class__ is not str and not isinstance(value, str):
                raise _RowError(f"{_show(value)} is not text")
            if len(value) > limit:
                raise _RowError(f"text of {len(value):,} characters is longer than {limit:,}")
            if "\x00" in value:
                raise _RowError("the text holds a NUL character")
            if not value.isascii():
                _check_encodable(value)
            return value

        return text
    if isinstance(kind, Integer):

        def whole(value: Any) -> Any:
            if value.__class__ is int or (isinstance(value, int) and not isinstance(value, bool)):
                if abs(value) >= 2**63:
                    raise _RowError(f"{_show(value)} is too large")
                return value
            raise _RowError(f"{_show(value)} is not a whole number")

        return whole
    if isinstance(kind, DateTime):

        def instant(value: Any) -> Any:
            if value.__class__ is not str:
                return _convert(kind, value)
            try:
                return parse_instant(value)
            except ValueError as error:
                raise _RowError(str(error)) from None

        return instant
    return lambda value: _convert(kind, value)


def _typed_converter(kind: Any) -> Callable[[Any], Any] | None:
    """For a database's values, the converter of the columns whose Python type is not the
    file's (None for the others: text, numbers and booleans are read alike). An instant or a
    date comes as itself and is taken as its text in a file would be: the same instant in
    UTC (a naive one is UTC, as ``store.dump_tables`` writes it), a date only as a date."""
    if isinstance(kind, TypeDecorator):
        kind = kind.impl
    if isinstance(kind, DateTime):

        def instant(value: Any) -> Any:
            if isinstance(value, datetime):
                if value.tzinfo is UTC:
                    return value
                return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
            raise _RowError(f"{_show(value)} is not a time")

        return instant
    if isinstance(kind, Date):

        def day(value: Any) -> Any:
            if isinstance(value, date) and not isinstance(value, datetime):
                return value
            raise _RowError(f"{_show(value)} is not a date (YYYY-MM-DD)")

        return day
    return None


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
