"""A ``TextArea`` that draws control characters as visible stand-ins (see ``printable``)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import TextArea

from ptctui.text import printable


class PrintableTextArea(TextArea):
    """A ``TextArea`` that draws control characters as visible stand-ins (``get_line`` is the
    documented hook for what a line looks like)."""

    def get_line(self, line_index: int) -> Text:
        return Text(printable(self.document.get_line(line_index)), end="", no_wrap=True)
