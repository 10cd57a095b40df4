"""A document as Rich renderables: what the terminal shows and what Rich's recorded exports
(text, ANSI, SVG) write.

Every string of the document reaches Rich as ``Text``, never as markup, so user text such as
``[bold red]x[/]`` prints exactly as typed, and control characters have been made visible
first (``printable_document``), so none reaches a terminal or a recorded export raw.
Statuses are badges (a word with a colour) and progress bars are the views' own
(``views.progress_bar``, narrower here), as in the rest of the command line. Other formats
(HTML, Markdown, Word) are ``ptctui.exporters``'.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table as RichTable
from rich.text import Text

from ptctui.reports.document import (
    Bar,
    Block,
    BulletList,
    Cell,
    Counts,
    Document,
    Enumeration,
    Heading,
    Paragraph,
    Table,
    TitleBlock,
    printable_document,
)
from ptctui.views import STATUS_TEXT_STYLES, progress_bar, status_badge
from ptctui.views.columns import FitTable
from ptctui.workflow import Status

BAR_WIDTH = 10  # the bar in a report's table cell; the lists' is wider

# Columns that share the width left over (by these ratios) and wrap, with the narrow text
# ones (lists of bodies); the others are kept whole (views.columns.FitTable).
NARROW_TEXT_COLUMNS = ("Lead", "Supporting")
WIDE_COLUMNS = {
    "Action": 2,
    "Latest update": 2,
    "Change": 2,
    "Package / plan": 2,
    "By status": 2,
    "Deadline": 1,
}


def cell_renderable(cell: Cell) -> Text:
    """A table cell as Rich text."""
    if isinstance(cell, Status):
        return status_badge(cell)
    if isinstance(cell, Bar):
        return progress_bar(cell, width=BAR_WIDTH)
    if isinstance(cell, Counts):
        text = Text()
        for status, n in cell.counts:
            if text:
                text.append(", ")
            text.append(f"{n} {status.label}", style=STATUS_TEXT_STYLES[status])
        return text
    if cell.startswith("⚠ "):
        return Text(cell, style="red")
    return Text(cell)


def _hanging(marker: str, body: Text, indent: int = 0) -> RenderableType:
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(width=max(len(marker), 3), no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(marker), body)
    return Padding(grid, (0, 0, 0, indent)) if indent else grid


def block_renderable(block: Block) -> RenderableType:
    """One block of a document."""
    if isinstance(block, Heading):
        if block.level == 1:
            return Group(Text(""), Text(block.text, style="bold"), Text(""))
        return Group(Text(""), Text(block.text, style="bold underline"))
    if isinstance(block, Paragraph):
        if block.quote:
            return Padding(Text(block.text, style="italic"), (0, 4, 1, 8))
        if block.number is not None:
            return Padding(_hanging(f"{block.number}.", Text(block.text)), (0, 0, 1, 0))
        return Padding(Text(block.text), (0, 0, 1, 0))
    if isinstance(block, BulletList):
        items: list[RenderableType] = []
        for bullet in block.items:
            body = Text(bullet.lead_sentence, style="bold")
            if bullet.lead and bullet.details:
                body.append(" ")
            body.append(bullet.details_text)
            items.append(_hanging("•", body, indent=2))
        return Padding(Group(*items), (0, 0, 1, 0))
    if isinstance(block, Enumeration):
        # Each item on its own line, with the officer's own label, set in from the text.
        return Padding(Group(*(Text(item) for item in block.items)), (0, 0, 1, 8))
    if isinstance(block, Table):
        table = FitTable(title=Text(block.title) if block.title else None, title_justify="left")
        for index, name in enumerate(block.columns):
            style = "bold" if index == 0 else ""
            if name in WIDE_COLUMNS or name in NARROW_TEXT_COLUMNS:
                wide = WIDE_COLUMNS.get(name, 1)
                table.text(Text(name), ratio=wide, min_width=16 if wide > 1 else 10, style=style)
            else:
                table.short(Text(name), style=style)
        for row in block.rows:
            table.add_row(*(cell_renderable(c) for c in row))
        return table
    return Panel(
        Group(*(block_renderable(b) for b in block.blocks)),
        title=Text(block.title, style="bold"),
        title_align="left",
        box=box.SQUARE,
    )


def _title_block(head: TitleBlock) -> list[RenderableType]:
    """A committee document's head: who issues it on the left, its code and date on the right."""
    parts: list[RenderableType] = [
        Text(line) for line in (head.organisation, head.committee, head.session) if line
    ]
    parts += [Text(line, justify="right") for line in (head.code, head.dated) if line]
    parts.append(Text(""))
    return parts


def document_renderable(document: Document) -> RenderableType:
    """The whole document, title block first: a committee document's head, or the labelled
    lines (``meta``) of the other reports."""
    document = printable_document(document)
    parts: list[RenderableType] = []
    head = document.head
    if head is not None:
        parts += _title_block(head)
        parts.append(Text(document.title.upper(), style="bold"))
        if head.agenda_item:
            parts.append(Text(f"({head.agenda_item})"))
    else:
        if document.meta:
            grid = RichTable.grid(padding=(0, 2))
            grid.add_column(style="dim", no_wrap=True)
            grid.add_column()
            for label, value in document.meta:
                grid.add_row(Text(label), Text(value))
            parts.append(grid)
            parts.append(Text(""))
        parts.append(Text(document.title, style="bold"))
    if document.subtitle:
        parts.append(Text(document.subtitle, style="dim"))
    parts.append(Rule(style="dim"))
    for section in document.sections:
        parts.extend(block_renderable(b) for b in section.all_blocks())
    return Group(*parts)
