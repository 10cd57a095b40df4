"""Packages, plans and components with their progress (``ptctui packages``, ``plans``,
``components``), and the change journal (``ptctui history``).

Rows come from the store as read; nothing here reads the database.
"""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table

from ptctui.store import ChangeView, ComponentRow, PackageRow, PlanRow
from ptctui.views.pieces import overdue_count, plain, progress_bar, tally_text


def packages_table(rows: list[PackageRow]) -> Table:
    """``ptctui packages``: each package with its progress and, beneath, counts per status."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Code", style="bold", no_wrap=True)
    table.add_column("Package", ratio=1, min_width=14)
    table.add_column("Lead", no_wrap=True)
    table.add_column("Plans", justify="right")
    table.add_column("Done", no_wrap=True)
    table.add_column("Overdue", justify="right")
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
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Code", style="bold", no_wrap=True)
    table.add_column("Plan", ratio=1, min_width=14)
    table.add_column("Parts", justify="right")
    table.add_column("Done", no_wrap=True)
    table.add_column("Overdue", justify="right")
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
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Component", style="bold", no_wrap=True)
    table.add_column("Title", ratio=1, min_width=14)
    table.add_column("Done", no_wrap=True)
    table.add_column("Overdue", justify="right")
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
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("When (UTC)", no_wrap=True)
    table.add_column("Who", no_wrap=True)
    table.add_column("Change", ratio=1)
    table.add_column("Note", ratio=1)
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
