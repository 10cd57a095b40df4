"""Where things stand, on the dashboard: each package and plan with its progress and counts.

``standing_table`` is a Rich renderable (the dashboard shows it in a ``Static``); the counts
per status are coloured for the theme's background (``tally_text``): the shades
``views.STATUS_TEXT_STYLES`` picks for dark backgrounds are too pale on light ones.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Span, Text

from ptctui import views
from ptctui.store import Dashboard, Tally
from ptctui.text import one_line
from ptctui.views import STATUS_TEXT_STYLES
from ptctui.workflow import Status

EMPTY_DATABASE = "No packages yet — add data with `ptctui add` or import a file."
BAR_WIDTH = 10

# STATUS_TEXT_STYLES are chosen for a dark background; on a light one yellow3, green3 and
# grey62 are too pale to read, so counts written inline use darker shades of the same hues.
LIGHT_TEXT_STYLES: dict[Status, str] = {
    Status.PLANNED: "grey35",
    Status.IN_PROGRESS: "dark_orange3",
    Status.ONGOING: "blue3",
    Status.COMPLETED: "green4",
    Status.POSTPONED: "dark_goldenrod",
    Status.ON_HOLD: "purple4",
    Status.CANCELLED: "red3",
}
_TO_LIGHT = {STATUS_TEXT_STYLES[s]: LIGHT_TEXT_STYLES[s] for s in Status}


def tally_text(tally: Tally, *, dark: bool) -> Text:
    """``views.tally_text``, in shades that read on the current theme's background."""
    text = views.tally_text(tally)
    if not dark:
        text.spans = [
            Span(s.start, s.end, _TO_LIGHT.get(str(s.style), s.style)) for s in text.spans
        ]
    return text


def standing_table(data: Dashboard, *, dark: bool) -> RenderableType:
    """Each package, its plans indented beneath: progress and overdue on the name's line, the
    counts per status on the next line across the whole width (they are the longest part)."""
    if not data.packages:
        return Text(EMPTY_DATABASE, style="italic")
    entries: list[tuple[int, Text, Tally]] = []
    for package in data.packages:
        name = Text.assemble(
            (one_line(package.code), "bold"), "  ", (one_line(package.name), "bold")
        )
        entries.append((0, name, package.tally))
        for plan in data.plans:
            if plan.package == package.code:
                title = Text.assemble((one_line(plan.code), "bold"), "  ", one_line(plan.title))
                entries.append((2, title, plan.tally))
    bars = [progress_bar(tally) for _, _, tally in entries]
    bar_width = max(cell_len("Done"), *(bar.cell_len for bar in bars))
    late_width = max(cell_len("Overdue"), *(len(str(t.overdue)) for _, _, t in entries))

    def line(name: RenderableType, bar: RenderableType, late: RenderableType) -> Table:
        grid = Table.grid(padding=(0, 0, 0, 2), expand=True)
        grid.add_column(ratio=1)
        # A column's width counts its padding.
        grid.add_column(width=bar_width + 2, no_wrap=True)
        grid.add_column(width=late_width + 2, justify="right", no_wrap=True)
        grid.add_row(name, bar, late)
        return grid

    heading = [Text(h, style="bold") for h in ("Package / plan", "Done", "Overdue")]
    parts: list[RenderableType] = [line(*heading)]
    for (indent, name, tally), bar in zip(entries, bars, strict=True):
        parts.append(
            Padding(
                Group(line(name, bar, views.overdue_count(tally)), _counts(tally, dark=dark)),
                (0, 0, 0, indent),
            )
        )
    return Group(*parts)


def progress_bar(tally: Tally) -> Text:
    """``views.progress_bar`` at the dashboard's width."""
    return views.progress_bar(tally, width=BAR_WIDTH)


def _counts(tally: Tally, *, dark: bool) -> Text:
    if not tally.total:
        return Text("no actions yet", style="dim italic")
    return tally_text(tally, dark=dark)
