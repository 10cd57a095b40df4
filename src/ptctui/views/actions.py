"""The action list (``ptctui actions``), one action in full (``ptctui show``, the app's
detail pane) and the status workflow (``ptctui statuses``).

Rows and details come from the store as read; nothing here reads the database.
"""

from __future__ import annotations

from datetime import date

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ptctui.store import ActionDetail, ActionRow
from ptctui.text import printable
from ptctui.views.columns import FitTable
from ptctui.views.pieces import deadline_text, plain, status_badge
from ptctui.workflow import TRANSITIONS, Need, Status, is_late


def actions_table(rows: list[ActionRow], *, today: date, title: str | None = None) -> Table:
    """The action list of ``ptctui actions``."""
    table = FitTable(title=title)
    table.short("Ref", style="bold")
    table.text("Action", ratio=4, min_width=20)
    table.text("Lead", min_width=5)
    table.text("Deadline", min_width=10)
    table.short("Status")
    table.short("Updated")
    for row in rows:
        table.add_row(
            plain(row.ref),
            plain(row.title),
            plain(row.lead),
            deadline_text(row.deadline, overdue=row.overdue(today)),
            status_badge(row.status),
            Text(row.latest_update.isoformat() if row.latest_update else "—"),
        )
    return table


def statuses_table() -> Table:
    """``ptctui statuses``: each status and the moves allowed from it, with what each needs."""
    table = FitTable()
    table.short("Status")
    table.text("Can move to", min_width=20)
    for source, moves in TRANSITIONS.items():
        table.add_row(
            Text(source.value),
            Text(
                ", ".join(
                    target.value + ("" if need is Need.NOTHING else f" (needs {need.value})")
                    for target, need in moves.items()
                )
            ),
        )
    return table


def action_view(detail: ActionDetail, *, today: date) -> RenderableType:
    """One action in full: place, bodies, dates, updates and history (``ptctui show``)."""
    a = detail.action
    status = Status(a.status)
    overdue = is_late(status, a.due_date, today)
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    facts.add_row("Status", status_badge(status))
    facts.add_row(
        "Where",
        plain(
            f"{detail.package} › {detail.plan_title} › {detail.component}. {detail.component_title}"
        ),
    )
    facts.add_row("Kind", plain(a.kind))
    facts.add_row("Lead", plain(", ".join(detail.lead) or "—"))
    if detail.supporting:
        facts.add_row("Supporting", plain(", ".join(detail.supporting)))
    facts.add_row("Deadline", deadline_text(a.deadline_label, overdue=overdue))
    if a.due_date:
        facts.add_row("Due", Text(a.due_date.isoformat()))
    if a.start_date or a.end_date:
        span = f"{_day(a.start_date)} – {_day(a.end_date)}"
        facts.add_row("Dates", Text(span))
    if a.funding_note:
        facts.add_row("Funding", plain(a.funding_note))
    if a.archived:
        facts.add_row("Archived", Text("yes (hidden from lists)", style="bold red"))
    facts.add_row("UUID", Text(a.uuid, style="dim"))
    parts: list[RenderableType] = [plain(a.title, style="bold"), Text(""), facts]
    if a.description:
        parts += [Text(""), plain(a.description)]
    parts += [Text(""), Text("Progress updates", style="bold underline")]
    if detail.updates:
        for update in detail.updates:
            head = Text(update.as_of.isoformat(), style="bold")
            if update.meeting:
                head.append(f"  {printable(update.meeting)}", style="italic")
            if update.author:
                head.append(f"  — {printable(update.author)}", style="dim")
            parts += [head, plain(update.text)]
    else:
        parts.append(Text("none yet", style="dim"))
    parts += [Text(""), Text("Status history", style="bold underline")]
    for change in detail.history:
        line = Text(change.at.strftime("%Y-%m-%d %H:%M"), style="bold")
        line.append("  ")
        if change.source is not None:
            line.append_text(status_badge(change.source))
            line.append(" → ")
        line.append_text(status_badge(change.target))
        line.append(f"  {printable(change.by)}", style="dim")
        parts.append(line)
        if change.note:
            parts.append(plain(f"    {change.note}"))
        if change.deadline:
            parts.append(plain(f"    new deadline: {change.deadline}"))
    # The title goes in the body, where it wraps; a panel title would cut a long one short.
    return Panel(
        Group(*parts), title=plain(a.ref, style="bold"), title_align="left", box=box.ROUNDED
    )


def _day(value: date | None) -> str:
    return value.isoformat() if value else "?"
