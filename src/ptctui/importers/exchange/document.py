"""Reading a ``ptctui export data`` file: the file, its JSON and its head, then its tables.

An export may come from another laptop, an older or newer ptctui, or a file cut short on a USB
stick. ``read_export`` refuses anything it cannot trust with one ``ImportFileError`` naming the
table, row and column, and otherwise hands back every row with its values already turned into
the Python types of the columns, so the merge never meets a surprise half-way through its
transaction. Here: reading the text, parsing the JSON, the head an export starts with
(``export_header`` writes it, ``check_export`` checks it: format, version, schema); the rows are
checked by ``exchange.tables``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ptctui.importers import ImportFileError, check_size
from ptctui.importers.exchange.tables import check_tables, parse_instant
from ptctui.migrate import EXPORT_FORMAT, EXPORT_VERSION


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
    check_size(path)
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
    checked = check_tables(tables, name)
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
        return parse_instant(value)
    except ValueError:
        raise ImportFileError(f'{name}: "exported_at" {value!r} is not a time') from None
