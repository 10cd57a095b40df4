"""Packages, plans and components with their progress (``ptctui packages``, ``plans``,
``components``), and the change journal (``ptctui history``).

Rows come from the store as read; nothing here reads the database.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table

from ptctui.store import ChangeView, ComponentRow, PackageRow, PlanRow
from ptctui.views.columns import FitTable
from ptctui.views.pieces import overdue_count, plain, progress_bar, tally_text


def packages_table(rows: list[PackageRow]) -> Table:
    """``ptctui packages``: each package with its progress and, beneath, counts per status."""
    table = FitTable()
    table.short("Code", style="bold")
    table.text("Package", ratio=3, min_width=14)
    table.text("Lead", min_width=5)
    table.short("Plans", justify="right")
    table.short("Done")
    table.short("Overdue", justify="right")
    for row in rows:
        table.add_row(
            plain(row.code),
            Group(plain(row.name), tally_text(row.tally)),
            plain(row.lead),
            str(row.plans),
            progress_bar(row.tally),
            overdue_count(row.tally),
        )
    return table


def plans_table(rows: list[PlanRow]) -> Table:
    """``ptctui plans``: each plan, its period and endorsements beneath, and its progress."""
    table = FitTable()
    table.short("Code", style="bold")
    table.text("Plan", min_width=14)
    table.short("Parts", justify="right")
    table.short("Done")
    table.short("Overdue", justify="right")
    for row in rows:
        facts = " · ".join(
            part
            for part in (row.period, f"endorsed {row.endorsed}" if row.endorsed else "")
            if part
        )
        table.add_row(
            plain(row.code),
            Group(plain(row.title), plain(facts, style="dim")),
            str(row.components),
            progress_bar(row.tally),
            overdue_count(row.tally),
        )
    return table


def components_table(rows: list[ComponentRow]) -> Table:
    """``ptctui components``: each component by its ``PLAN:N`` and title, and its progress."""
    table = FitTable()
    table.short("Component", style="bold")
    table.text("Title", min_width=14)
    table.short("Done")
    table.short("Overdue", justify="right")
    for row in rows:
        title = plain(row.title)
        if row.archived:
            title.append(" (archived)", style="italic dim")
        table.add_row(
            plain(f"{row.plan}:{row.number}"),
            title,
            progress_bar(row.tally),
            overdue_count(row.tally),
        )
    return table


def history_table(rows: list[ChangeView]) -> Table:
    """``ptctui history``: the change journal, newest first."""
    table = FitTable()
    table.short("#", justify="right", style="dim")
    table.short("When (UTC)")
    table.text("Who", min_width=6)
    table.text("Change", ratio=2, min_width=16)
    table.text("Note", ratio=2, min_width=12)
    for row in rows:
        summary = plain(row.summary)
        if row.undone:
            summary.stylize("strike")
            summary.append(" (undone)", style="italic")
        table.add_row(
            str(row.id),
            row.at.strftime("%Y-%m-%d %H:%M"),
            plain(row.by),
            summary,
            plain(row.note),
        )
    return table
