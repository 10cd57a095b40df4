"""Tables that keep their short columns whole and wrap their long text, at any width.

Each column of a table the command line prints is declared *short* or *text*:

- short: a code, a reference, a status, a date, a count, a progress bar. Never wrapped, never
  cut: ``2020-03-31`` stays whole or the table would lie.
- text: a title, a name, a note, a list of bodies. Wrapped to the width left over, a word
  longer than the column folded (not cut with an ellipsis, so nothing is lost).

Rich alone does not keep that promise: once the wrapping columns have shrunk to the width of
the widest short one, it takes the rest evenly from every column, so at 80 columns a date
printed ``2020-`` and a status ``pla``. ``FitTable`` decides the widths itself: each short
column gets its content's width, and the text columns share what is left by their ratios,
each at least its ``min_width`` (unless the terminal is too narrow for that: the short
columns come first) and never more than it needs (a short note does not take space a title
could use). Only when the short columns alone do not fit does Rich's own squeezing apply.
Between columns: two cells (``collapse_padding``), not Rich's three, which 80 columns need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from rich import box
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

Justify = Literal["left", "center", "right"]


class FitTable(Table):
    """A ``rich.table.Table`` whose columns are added with ``short`` and ``text``."""

    def __init__(self, *, title: str | Text | None = None, **options: object) -> None:
        options.setdefault("box", box.SIMPLE_HEAD)
        options.setdefault("pad_edge", False)
        options.setdefault("collapse_padding", True)  # two cells between columns, not three
        super().__init__(title=title, **options)  # type: ignore[arg-type]
        self._ratios: dict[int, int] = {}  # text column index → its share of the width

    def short(self, header: str | Text, *, justify: Justify = "left", style: str = "") -> None:
        """A column kept whole: codes, references, statuses, dates, counts."""
        self.add_column(header, justify=justify, style=style, no_wrap=True)

    def text(
        self, header: str | Text, *, ratio: int = 1, min_width: int = 12, style: str = ""
    ) -> None:
        """A column that wraps to the width left: titles, names, notes."""
        self.add_column(header, style=style, min_width=min_width, overflow="fold")
        self._ratios[len(self.columns) - 1] = ratio

    # --- fitting ------------------------------------------------------------------------------

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        self._unfit()
        return super().__rich_measure__(console, options)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self._fit(console, options)
        yield from super().__rich_console__(console, options)

    def _unfit(self) -> None:
        for index in self._ratios:
            self.columns[index].width = None

    def _fit(self, console: Console, options: ConsoleOptions) -> None:
        """Fix the text columns' widths for this render (recomputed at every render, so a
        table printed twice at two widths fits both)."""
        self._unfit()
        available = (self.width or options.max_width) - self._extra_width
        measured = [self._measure_column(console, options, c) for c in self.columns]
        text = list(self._ratios)
        short = sum(m.maximum for i, m in enumerate(measured) if i not in self._ratios)
        if not text or sum(measured[i].maximum for i in text) <= available - short:
            return  # everything fits as it is
        padding = {i: self._get_padding_width(i) for i in text}
        room = available - short - sum(padding.values())
        needs = {i: self._natural(console, options, i) for i in text}
        headers = {i: self._header_width(console, options, i) for i in text}  # never folded
        floors = {i: max(headers[i], min(self.columns[i].min_width or 1, needs[i])) for i in text}
        if sum(floors.values()) > room:  # a narrow terminal: the short columns come first,
            needs, floors = floors, headers  # then every header whole
        for index, width in share(room, self._ratios, floors, needs).items():
            self.columns[index].width = width

    def _natural(self, console: Console, options: ConsoleOptions, index: int) -> int:
        """A column's widest cell, header included, without its padding or ``min_width``."""
        column = self.columns[index]
        floor, column.min_width = column.min_width, None
        try:
            widest = self._measure_column(console, options, column).maximum
        finally:
            column.min_width = floor
        return max(widest - self._get_padding_width(index), 1)

    def _header_width(self, console: Console, options: ConsoleOptions, index: int) -> int:
        header = self.columns[index].header
        return Measurement.get(console, options, header).maximum if header else 1


def share(
    room: int, ratios: dict[int, int], floors: dict[int, int], needs: dict[int, int]
) -> dict[int, int]:
    """``room`` cells shared by ``ratios``: each key at least its floor, at most its need;
    what a capped one leaves goes to the others. If the floors alone exceed the room, the
    floors (the table then overflows, and Rich squeezes it)."""
    widths = dict(floors)
    left = room - sum(widths.values())
    growing = [i for i in ratios if widths[i] < needs[i]]
    while left > 0 and growing:
        total = sum(ratios[i] for i in growing)
        given = 0
        for i in growing:
            extra = min(needs[i] - widths[i], max(left * ratios[i] // total, 1), left - given)
            widths[i] += extra
            given += extra
        left -= given
        growing = [i for i in growing if widths[i] < needs[i]]
        if not given:
            break
    return widths
