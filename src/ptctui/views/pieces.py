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

STATUS_COLOURS: dict[Status, str] = {
    Status.PLANNED: "#687a8c",  # slate grey-blue
    Status.IN_PROGRESS: "#b36b00",  # amber
    Status.ONGOING: "#00838a",  # teal
    Status.COMPLETED: "#268a2e",  # green
    Status.POSTPONED: "#a8409c",  # magenta
    Status.ON_HOLD: "#5b5bd6",  # indigo
    Status.CANCELLED: "#cc2828",  # red
}
"""One colour per status, as truecolor so no theme redraws it (ANSI yellow and blue drew
"in progress" and "postponed" alike, "ongoing" and "on hold" too). Chosen so each pair stays
apart when Rich downgrades them to 256 and to 16 colours (seven different ANSI colours:
bright black, yellow, cyan, green, magenta, bright blue, red), with a luminance between 0.13
and 0.22: white bold text reads on each (contrast about 4:1 or more), and each reads as text
on dark and light backgrounds alike (3:1 or more). ``tests/test_status_colours.py`` holds it."""

STATUS_STYLES: dict[Status, str] = {
    status: f"bold #ffffff on {colour}" for status, colour in STATUS_COLOURS.items()
}
"""The badges: white on the status's colour."""

STATUS_TEXT_STYLES: dict[Status, str] = dict(STATUS_COLOURS)
"""The same colours as foreground, for counts written inline."""


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
