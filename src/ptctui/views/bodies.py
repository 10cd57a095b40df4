"""Responsible bodies and meetings (``ptctui bodies``, ``ptctui meetings``).

Rows come from the store as read; nothing here reads the database.
"""

from __future__ import annotations

from rich.table import Table

from ptctui.store import BodyRow, MeetingRow
from ptctui.views.columns import FitTable
from ptctui.views.pieces import plain


def bodies_table(rows: list[BodyRow]) -> Table:
    """``ptctui bodies``: each body's code, name, kind, who it reports to and how many live
    actions name it."""
    table = FitTable()
    table.short("Code", style="bold")
    table.text("Body", min_width=14)
    table.short("Kind")
    table.short("Reports to")
    table.short("Actions", justify="right")
    for row in rows:
        name = plain(row.name)
        if row.archived:
            name.append(" (archived)", style="italic dim")
        table.add_row(
            plain(row.code),
            name,
            row.kind.replace("_", " "),
            plain(row.parent or ""),
            str(row.actions),
        )
    return table


def meetings_table(rows: list[MeetingRow]) -> Table:
    """``ptctui meetings``: each meeting's code, name, dates and place, the latest first."""
    table = FitTable()
    table.short("Code", style="bold")
    table.text("Meeting", ratio=3, min_width=14)
    table.short("When")
    table.text("Where", min_width=8)
    table.short("Reviewed", justify="right")
    table.short("Decided", justify="right")
    for row in rows:
        label = plain(row.label)
        if row.archived:
            label.append(" (archived)", style="italic dim")
        when = ""
        if row.start is not None:
            when = f"{row.start:%d %b %Y}"
            if row.end is not None and row.end != row.start:
                when += f" – {row.end:%d %b %Y}"
        table.add_row(
            plain(row.key),
            label,
            when,
            plain(row.place or ""),
            str(row.reviewed) if row.reviewed else "—",
            str(row.decided) if row.reviewed else "—",
        )
    return table
