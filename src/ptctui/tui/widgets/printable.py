"""Editing fields that show control characters as visible stand-ins but keep them in the value.

A dialog that edits an action is prefilled with the text as stored, and must hand back that
text unchanged when the user does not touch it; yet an escape sequence in it must not reach the
terminal raw while it is on screen. These widgets change only what is drawn: the value (and so
what is saved) stays exactly what was stored or typed. ``ptctui.text.printable`` replaces one
character with one character, so the cursor stays on the character it is on.
"""

from __future__ import annotations

from rich.highlighter import Highlighter
from rich.text import Text
from textual.widgets import TextArea

from ptctui.text import printable


class PrintableHighlighter(Highlighter):
    """For ``Input(highlighter=...)``: draws the value with control characters made visible."""

    def highlight(self, text: Text) -> None:
        text.plain = printable(text.plain)


PRINTABLE = PrintableHighlighter()
"""The one instance the inputs share."""


class PrintableTextArea(TextArea):
    """A ``TextArea`` that draws control characters as visible stand-ins (``get_line`` is the
    documented hook for what a line looks like)."""

    def get_line(self, line_index: int) -> Text:
        return Text(printable(self.document.get_line(line_index)), end="", no_wrap=True)
