"""The whole database as JSON, and the actions as CSV.

The JSON keeps everything an import needs to rebuild the database exactly: every table's rows
with every column (uuids, the status history, the change journal, retracted updates), parents
before children, under a ``format`` / ``version`` marker that a future import checks first.
Strings are kept exactly; the control characters JSON would leave raw (DEL, C1, bidi controls)
are written as ``\\uXXXX`` escapes, which read back the same (``ptctui.text.json_safe``).

The CSV is for reading in a spreadsheet, not for a round trip (the JSON is that): each cell is
made printable (``ptctui.text.printable``), and a cell that starts with ``=``, ``+``, ``-``,
``@`` or a tab gets a leading ``'``, so a spreadsheet shows it as text instead of running it as
a formula (CSV formula injection).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from ptctui.importers.exchange import export_header
from ptctui.store import ReportAction
from ptctui.text import json_list, json_safe, printable

Progress = Callable[[int, int], None]

CSV_COLUMNS = (
    "uuid",
    "ref",
    "package",
    "plan",
    "component",
    "component_title",
    "title",
    "kind",
    "status",
    "lead",
    "supporting",
    "deadline",
    "due_date",
    "latest_update_date",
    "latest_update",
    "archived",
)


def iter_json(
    tables: Iterable[tuple[str, Iterable[dict[str, Any]]]],
    *,
    exported_at: datetime,
    source: str,
    schema: str | None = None,
    progress: Progress | None = None,
    total: int = 0,
    chunk: int = 1000,
) -> Iterator[str]:
    """``{"format": "ptctui-export", "version": 1, ..., "tables": {name: [row, ...]}}``, in
    pieces as ``tables`` gives its rows, one row a line.

    Never held whole: 10,000 actions make 150,000 rows and 60 MB of text, and building it at
    once took 600 MB. Each line goes through the C encoder (the indented layout of earlier
    versions needed the pure-Python one). ``schema`` is the database's Alembic revision, so an
    import knows which columns to expect.
    """
    encode = json.JSONEncoder(ensure_ascii=False).encode
    head = export_header(exported_at=exported_at, source=source, schema=schema)
    yield json_safe(encode(head)[:-1]) + ',\n "tables": {'
    for index, (name, rows) in enumerate(tables, start=1):
        yield ("\n  " if index == 1 else ",\n  ") + json_safe(encode(name)) + ": "
        yield from json_list(rows, item_prefix="\n   ", close="\n  ]", chunk=chunk)
        if progress is not None:
            progress(index, total)
    yield "\n }\n}\n"


def to_json(
    tables: Iterable[tuple[str, Iterable[dict[str, Any]]]],
    *,
    exported_at: datetime,
    source: str,
    schema: str | None = None,
) -> str:
    """``iter_json``'s document as one string (for a small database, or a test)."""
    return "".join(iter_json(tables, exported_at=exported_at, source=source, schema=schema))


FORMULA_STARTS = ("=", "+", "-", "@", "\t")
"""What a spreadsheet may take for the start of a formula."""


def csv_cell(value: object) -> str:
    """A CSV cell: printable, and never read as a formula by a spreadsheet."""
    text = printable(str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(actions: Iterable[ReportAction]) -> str:
    """One line per action, for spreadsheets (bodies joined with "; ")."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for a in actions:
        update = a.latest_update
        row = (
            a.uuid,
            a.ref,
            a.package,
            a.plan,
            a.component,
            a.component_title,
            a.title,
            a.kind,
            a.status.value,
            "; ".join(a.lead),
            "; ".join(a.supporting),
            a.deadline or "",
            a.due_date.isoformat() if a.due_date else "",
            update.as_of.isoformat() if update else "",
            update.text if update else "",
            "yes" if a.archived else "no",
        )
        writer.writerow(tuple(csv_cell(value) for value in row))
    return out.getvalue()
