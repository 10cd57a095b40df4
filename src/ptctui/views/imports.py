"""What an import did or will do: another database's export merged in (``merge_report``),
a spreadsheet's actions about to be added (``sheet_preview``).

Both show text that came from a file, so every piece of it reaches Rich as ``Text`` and through
``printable`` or ``quote``, never as markup. The store decides what an import does
(``store.merge``, ``store.sheets``); these only show its answer, for ``ptctui import`` and
``ptctui sync``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from ptctui.text import printable, quote
from ptctui.views.columns import FitTable
from ptctui.views.pieces import status_badge
from ptctui.workflow import Status

if TYPE_CHECKING:
    from ptctui.store.merge import MergeReport
    from ptctui.store.sheets import SheetImport


def merge_report(
    report: MergeReport, *, file: str, dry_run: bool, backup: Path | None
) -> RenderableType:
    """What an import of another database's export did (or would do), conflicts last."""
    verb = "Would merge" if dry_run else "Merged"
    lines: list[Text] = [Text.assemble((f"{verb} {file}", "bold"), f": {report.summary()}")]
    if report.nothing:
        lines.append(Text("Everything it holds is already here.", style="dim"))
    for ref, fields in (*report.changed.items(), *report.edited.items()):
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


# --- a spreadsheet's actions before they are added -----------------------------------------------


def sheet_preview(plan: SheetImport, *, limit: int | None = None) -> RenderableType:
    """What an import will do: columns understood, the actions it adds, and what it refuses.

    ``limit``: list only so many of the actions when there are more, and say how many are
    left (an import that writes 2,000 rows shows a few to recognise, not 2,000 lines that take
    Rich longer to lay out than the import takes to write; ``--dry-run`` lists them all)."""
    sheet = plan.sheet
    parts: list[RenderableType] = []
    source = sheet.name + (f" (sheet {sheet.sheet})" if sheet.sheet else "")
    columns = Text(f"{quote(source)}: header on row {sheet.header_row}; columns ")
    for i, column in enumerate(sheet.columns.values()):
        columns.append(", " if i else "")
        columns.append(f'"{quote(column.header, 40)}"')
        columns.append(f" → {column.field}", style="bold")
    parts.append(columns)
    if sheet.ignored:
        parts.append(
            Text(
                "Ignored columns (not recognised; --map FIELD=COLUMN uses one): "
                + ", ".join(f'"{quote(h, 40)}"' for h in sheet.ignored),
                style="yellow",
            )
        )
    if plan.component is not None and "component" in sheet.columns:
        parts.append(
            Text(
                f"--component {plan.component}: every row goes there; the column "
                f'"{quote(sheet.columns["component"].header, 40)}" is not read',
                style="yellow",
            )
        )
    if plan.new_plan is not None:
        made = plan.new_plan
        new = Text("New plan ", style="bold")
        new.append(quote(made.code), style="bold")
        new.append(f" in {quote(made.package)}: “{quote(made.title, 100)}”")
        if made.period:
            new.append(f", {quote(made.period, 40)}")
        new.append(f"; its actions' references start with {quote(made.ref_prefix)}-")
        parts.append(new)
    if plan.new_components:
        new = Text("New components in ", style="bold")
        new.append(plan.plan)
        new.append(": ")
        new.append("; ".join(quote(f"{c.number}. {c.title}", 100) for c in plan.new_components))
        parts.append(new)
    if plan.new_bodies:
        new = Text("New bodies (--body-code NAME=CODE chooses a code): ", style="bold")
        new.append("; ".join(f"{quote(b.code, 40)} “{quote(b.name, 80)}”" for b in plan.new_bodies))
        parts.append(new)
    if plan.actions:
        table = FitTable(
            title=f"{len(plan.actions)} action{'s' if len(plan.actions) != 1 else ''} "
            f"to add to {plan.plan}",
            title_justify="left",
        )
        table.short("Row", justify="right")
        table.short("Ref", style="bold")
        table.text("Title", ratio=4, min_width=20)
        table.text("Component", min_width=10)
        table.short("Status")
        table.text("Deadline", min_width=10)
        table.text("Responsible", min_width=8)
        shown = plan.actions if limit is None else plan.actions[:limit]
        for action in shown:
            component = Text(quote(action.component_label, 60))
            if action.new_component:
                component.append(" (new)", style="bold green")
            table.add_row(
                Text(str(action.row)),
                Text(quote(action.ref)),
                Text(quote(action.title, 200)),
                component,
                status_badge(action.status),
                Text(quote(action.deadline or "—")),
                Text(quote(", ".join(action.lead + action.supporting) or "—")),
            )
        parts.append(table)
        if len(shown) < len(plan.actions):
            rest = len(plan.actions) - len(shown)
            parts.append(
                Text(
                    f"… and {rest:,} more action{'s' if rest != 1 else ''} "
                    "(--dry-run lists them all)",
                    style="dim",
                )
            )
    live = [a for a in plan.already if not a.archived]
    archived = [a for a in plan.already if a.archived]
    for skipped, head, tail in (
        (live, "Already there, skipped", ""),
        (archived, "Archived, skipped", "; `ptctui restore REF` brings one back"),
    ):
        if not skipped:
            continue
        listed = ", ".join(f"{a.row} ({a.ref})" for a in skipped[:20])
        more = f" … and {len(skipped) - 20} more" if len(skipped) > 20 else ""
        parts.append(Text(f"{head} ({len(skipped)}): rows {listed}{more}{tail}", style="dim"))
    if plan.problems:
        rows = len(plan.problem_rows)
        report = Text(f"{rows} row{'s' if rows != 1 else ''} with problems:\n", style="bold red")
        for problem in plan.problems:
            report.append("  ")
            report.append(str(problem))
            report.append("\n")
        report.rstrip()
        parts.append(report)
    return Group(*parts)
