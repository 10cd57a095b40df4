"""Committee documents (``ptctui documents``): what each remembers and what was issued.

Rows come from ``store.documents`` as read; nothing here reads the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ptctui.views.columns import FitTable
from ptctui.views.pieces import plain

if TYPE_CHECKING:
    from ptctui.models import DocumentRecord, IssuedDocument


def documents_table(
    rows: list[tuple[DocumentRecord, int, IssuedDocument | None]],
) -> FitTable:
    """Each document's code, title, committee, the window it covers and its last issue."""
    table = FitTable()
    table.short("Code", style="bold")
    table.text("Title", ratio=2, min_width=14)
    table.text("Committee", min_width=10)
    table.short("Covers")
    table.text("Issued", min_width=12)
    for record, count, last in rows:
        covers = ""
        if record.since or record.until:
            start = f"{record.since:%d %b %Y}" if record.since else "…"
            end = f"{record.until:%d %b %Y}" if record.until else "today"
            covers = f"{start} – {end}"
        issued = "not yet"
        if last is not None:
            issued = f"{last.at:%d %b %Y} ({last.format})"
            if count > 1:
                issued += f", {count} times"
        table.add_row(
            plain(record.code), plain(record.title), plain(record.committee), covers, issued
        )
    return table
