"""Reading a ``ptctui export data`` file: the file, its JSON and its head, then its tables.

An export may come from another laptop, an older or newer ptctui, or a file cut short on a USB
stick. ``read_export`` refuses anything it cannot trust with one ``ImportFileError`` naming the
table, row and column, and otherwise hands back every row with its values already turned into
the Python types of the columns, so the merge never meets a surprise half-way through its
transaction. Here: reading the file (a row at a time through ``exchange.stream``, or whole
when it is not laid out as ptctui writes it), the head an export starts with (``export_header``
writes it, ``check_export`` checks it: format, version, schema); the rows are checked by
``exchange.tables`` and ``exchange.checks``, which spools them to disk for the merge.
"""

from __future__ import annotations

import json
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from ptctui.importers import ImportFileError, check_size
from ptctui.importers.exchange.checks import Checker, Spool
from ptctui.importers.exchange.stream import StreamedExport, Unusual
from ptctui.importers.exchange.tables import known_tables, parse_instant
from ptctui.migrate import EXPORT_FORMAT, EXPORT_VERSION


@dataclass(frozen=True)
class ExportData:
    """A checked export: where it came from, and every table's rows, typed, keyed by column,
    read back from the spool its check wrote (``exchange.checks``), never held whole."""

    source: str
    exported_at: datetime | None
    schema: str | None
    spool: Spool

    def rows(self, table: str, skip: Container[str] = ()) -> Iterator[dict[str, Any]]:
        """The rows of ``table`` in file order (none if the file has none), but those whose
        UUID is in ``skip``; each call reads them again."""
        names = tuple(_table_columns()[table])
        at = names.index("uuid") if skip and "uuid" in names else None
        for values in self.spool.tuples(table):
            if at is None or values[at] not in skip:
                yield dict(zip(names, values, strict=True))

    def values(self, table: str, *columns: str) -> Iterator[tuple[Any, ...]]:
        """Only ``columns`` of each row of ``table``, as tuples: cheaper than ``rows``."""
        names = _table_columns()[table]
        at = [names.index(column) for column in columns]
        for values in self.spool.tuples(table):
            yield tuple(values[i] for i in at)

    def count(self, table: str) -> int:
        return self.spool.counts.get(table, 0)

    @property
    def action_count(self) -> int:
        return self.count("actions")


def read_export(path: Path) -> ExportData:
    """Read and check ``path``; raise ``ImportFileError`` with one line if it cannot be trusted.

    The file is read once, a row at a time (``exchange.stream``): at 100,000 actions holding
    it whole took 2.4 GB. A file not laid out as ptctui writes them, or not valid, is read
    whole instead, as before, so its message is the one it always was.
    """
    check_size(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = StreamedExport(handle, set(_table_columns()))
            head = reader.head()
            return check_streamed(head, reader.tables(), name=path.name)
    except Unusual:
        pass
    except OSError as error:
        raise ImportFileError(f"cannot read {path}: {error.strerror or error}") from None
    return _read_whole(path)


def _read_whole(path: Path) -> ExportData:
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

    The document's tables are taken out of it as they are checked, so a caller has no use
    for it afterwards.
    """
    _check_head(document, name)
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise ImportFileError(f'{name}: "tables" is missing or not an object')
    known = _table_columns()
    unknown = sorted(set(tables) - set(known))
    if unknown:
        raise ImportFileError(
            f"{name} has tables this ptctui does not know ({', '.join(map(str, unknown[:5]))}); "
            "was it written by a newer version?"
        )
    checker = Checker(name)
    for table_name in known:
        rows = tables.pop(table_name, [])  # the parsed rows go as they are spooled
        if not isinstance(rows, list):
            raise ImportFileError(f'{name}: table "{table_name}" is not a list of rows')
        checker.table(table_name, rows)
        del rows
    return _checked(document, checker, name)


def check_streamed(
    head: dict[str, Any],
    tables: Iterable[tuple[str, Iterable[Any]]],
    *,
    name: str,
    typed: bool = False,
) -> ExportData:
    """Check an export given as its head's fields and each (known) table's rows, as they come
    (see ``read_export``); ``head`` may gain fields while ``tables`` runs (those after the
    tables in a file). ``typed``: the rows are a database's (``store.dump_rows``), checked
    as the file it would export, without writing their dates and instants as text and
    reading them back."""
    _check_head(head, name)
    checker = Checker(name)
    for table_name, rows in tables:
        checker.table(table_name, rows, typed=typed)
    return _checked(head, checker, name)


def _checked(head: dict[str, Any], checker: Checker, name: str) -> ExportData:
    spool = checker.finish()
    return ExportData(
        source=_text_field(head.get("source"), "source", name) or name,
        exported_at=_instant_field(head.get("exported_at"), name),
        schema=head.get("schema"),
        spool=spool,
    )


@cache
def _table_columns() -> dict[str, list[str]]:
    """Each exported table's column names, parents before children."""
    return {name: list(table.columns.keys()) for name, table in known_tables().items()}


def _check_head(document: Any, name: str) -> None:
    """The format, version and schema an export starts with."""
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
    _check_schema(document.get("schema"), name)


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
        return parse_instant(value)
    except ValueError:
        raise ImportFileError(f'{name}: "exported_at" {value!r} is not a time') from None
