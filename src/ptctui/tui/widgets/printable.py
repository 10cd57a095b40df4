"""Editing fields that show control characters as visible stand-ins but keep them in the value.

A dialog that edits an action is prefilled with the text as stored, and must hand back that
text unchanged when the user does not touch it; yet an escape sequence in it must not reach the
terminal raw while it is on screen. These widgets change only what is drawn: the value (and so
what is saved) stays exactly what was stored or typed. ``ptctui.text.printable`` replaces one
character with one character, so the cursor stays on the character it is on.

``PrintableTextArea`` (the dialogs' text areas) lives in ``printable_text_area``: importing
Textual's ``TextArea`` costs 7 ms, which the main screen's first frame need not pay.
"""

from __future__ import annotations

from rich.highlighter import Highlighter
from rich.text import Text

from ptctui.text import printable


class PrintableHighlighter(Highlighter):
    """For ``Input(highlighter=...)``: draws the value with control characters made visible."""

    def highlight(self, text: Text) -> None:
        text.plain = printable(text.plain)


PRINTABLE = PrintableHighlighter()
"""The one instance the inputs share."""
