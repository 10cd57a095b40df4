"""Rich renderables for the command line: action lists, one action in full, packages, history.

Everything a user typed reaches Rich through :func:`plain`: as ``Text``, never as a markup
string, so a title such as ``[bold]x[/]`` prints exactly as typed, and through
``ptctui.text.printable``, so an escape sequence in it shows as ``␛[31m`` instead of
recolouring the terminal. Statuses are shown as a word with a colour, never as
colour alone, so they read on a monochrome terminal and in a pasted transcript.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ptctui.store import ActionDetail, ActionRow, ChangeView, PackageRow, PlanRow, Tally
from ptctui.text import printable
from ptctui.workflow import Status, is_late

if TYPE_CHECKING:
    from ptctui.store.merge import MergeReport

STATUS_STYLES: dict[Status, str] = {
    Status.PLANNED: "bold white on grey37",
    Status.IN_PROGRESS: "bold black on dark_orange",
    Status.ONGOING: "bold white on blue",
    Status.COMPLETED: "bold white on green4",
    Status.POSTPONED: "bold black on yellow",
    Status.ON_HOLD: "bold white on purple4",
    Status.CANCELLED: "bold white on red3",
}


# The same hues as foreground colours, for counts written inline.
STATUS_TEXT_STYLES: dict[Status, str] = {
    Status.PLANNED: "grey62",
    Status.IN_PROGRESS: "dark_orange",
    Status.ONGOING: "dodger_blue2",
    Status.COMPLETED: "green3",
    Status.POSTPONED: "yellow3",
    Status.ON_HOLD: "medium_purple",
    Status.CANCELLED: "red3",
}


def plain(text: str, style: str = "") -> Text:
    """User text as Rich text: never read as markup, control characters made visible."""
    return Text(printable(text), style=style)


def status_badge(status: Status) -> Text:
    """The status as a coloured word: ``in progress``."""
    return Text(f" {status.label} ", style=STATUS_STYLES[status])


def deadline_text(label: str | None, *, overdue: bool) -> Text:
    """A deadline as written; an overdue one gets a warning sign as well as red."""
    if not label:
        return Text("—", style="dim")
    if overdue:
        return Text.assemble(("⚠ ", "bold red"), (printable(label), "red"))
    return plain(label)


def progress_bar(tally: Tally, width: int = 12) -> Text:
    """``███░░░ 9/24`` for the completed share of a tally."""
    total = tally.total
    filled = round(width * tally.done / total) if total else 0
    bar = Text()
    bar.append("█" * filled, style="green")
    bar.append("░" * (width - filled), style="grey50")
    bar.append(f" {tally.done}/{total}")
    return bar


def tally_text(tally: Tally) -> Text:
    """Counts per status, in workflow order, skipping zeros."""
    text = Text()
    for status in Status:
        count = tally.counts.get(status, 0)
        if count:
            if text:
                text.append("  ")
            text.append(f"{count} {status.label}", style=STATUS_TEXT_STYLES[status])
    return text


def actions_table(rows: list[ActionRow], *, today: date, title: str | None = None) -> Table:
    """The action list of ``ptctui actions``."""
    table = Table(box=box.SIMPLE_HEAD, title=title, expand=False, pad_edge=False)
    table.add_column("Ref", no_wrap=True, style="bold")
    table.add_column("Action", ratio=1, min_width=20)
    table.add_column("Lead", no_wrap=True)
    table.add_column("Deadline")
    table.add_column("Status", no_wrap=True)
    table.add_column("Updated", no_wrap=True)
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


def overdue_count(tally: Tally) -> Text:
    """How many actions are overdue: red when any, dim when none."""
    return Text(str(tally.overdue), style="bold red" if tally.overdue else "dim")


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


def merge_report(
    report: MergeReport, *, file: str, dry_run: bool, backup: Path | None
) -> RenderableType:
    """What an import of another database's export did (or would do), conflicts last."""
    verb = "Would merge" if dry_run else "Merged"
    lines: list[Text] = [Text.assemble((f"{verb} {file}", "bold"), f": {report.summary()}")]
    if report.nothing:
        lines.append(Text("Everything it holds is already here.", style="dim"))
    for ref, fields in report.changed.items():
        lines.append(Text.assemble("  edited ", (ref, "bold"), f": {', '.join(fields)}"))
    for ref, old, new in report.moved:
        lines.append(
            Text.assemble(
                "  moved ", (ref, "bold"), f": {Status(old).label} → {Status(new).label}"
            )
        )
    for old, new, side in report.renamed:
        where = "from the file" if side == "there" else "made here"
        lines.append(
            Text.assemble(
                "  renumbered ", (old, "bold"), f" ({where}) to ", (new, "bold"),
                ": another action took its reference first",
            )
        )
    if report.conflicts:
        lines.append(
            Text(
                f"{len(report.conflicts)} conflicts: both sides changed these; the newer change "
                "won and the other is kept in the history.",
                style="bold yellow",
            )
        )
        for c in report.conflicts:
            side = "from the file" if c.kept_side == "there" else "this database's"
            other = "this database's" if c.kept_side == "there" else "from the file"
            lines.append(
                Text.assemble(
                    "  ",
                    (c.ref, "bold"),
                    f" {c.field}: kept ",
                    (c.kept, "green"),
                    f" ({side}, {c.kept_at:%Y-%m-%d %H:%M:%S}) over ",
                    (c.other, "red"),
                    f" ({other}, {c.other_at:%Y-%m-%d %H:%M:%S})",
                )
            )
    if dry_run:
        lines.append(Text("Dry run: nothing was written.", style="dim"))
    elif backup is not None and not report.nothing:
        lines.append(Text(f"Backup taken first: {backup}", style="dim"))
    # Refs and values come from the file: make each line printable in one pass at the end
    # (printable keeps the length, so the styles laid on the text stay where they were).
    for line in lines:
        line.plain = printable(line.plain)
    return Group(*lines)
