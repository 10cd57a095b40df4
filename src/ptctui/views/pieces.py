"""The small pieces every view is built of: user text as ``Text``, status badges and colours,
deadlines, progress bars, counts per status.

Used by the other views, the reports' Rich rendering (``reports/rich.py``) and the app's widgets
(the action table, the dashboard). Whole tables and panels are in the sibling modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from rich.text import Text

from ptctui.text import printable
from ptctui.workflow import Status

if TYPE_CHECKING:
    from ptctui.store import Tally

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


class Progress(Protocol):
    """Anything with a count done out of a total: a store ``Tally``, a report's ``Bar``."""

    @property
    def done(self) -> int: ...

    @property
    def total(self) -> int: ...


def progress_bar(progress: Progress, width: int = 12) -> Text:
    """``███░░░ 9/24`` for the completed share: the one bar of the lists, the app and the
    reports (each picks its width)."""
    total = progress.total
    filled = round(width * progress.done / total) if total else 0
    bar = Text()
    bar.append("█" * filled, style="green")
    bar.append("░" * (width - filled), style="grey50")
    bar.append(f" {progress.done}/{total}")
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


def overdue_count(tally: Tally) -> Text:
    """How many actions are overdue: red when any, dim when none."""
    return Text(str(tally.overdue), style="bold red" if tally.overdue else "dim")
