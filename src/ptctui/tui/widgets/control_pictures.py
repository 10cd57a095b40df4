"""Editing fields that show control characters as pictures but keep them in the value.

A dialog that edits an action is prefilled with the text as stored, and must hand back that
text unchanged when the user does not touch it; yet an escape sequence in it must not reach the
terminal raw while it is on screen. These widgets change only what is drawn, through
``ptctui.text.printable`` (␛ for ESC, ␇ for BEL…): the value (and so what is saved) stays
exactly what was stored or typed. ``printable`` replaces one character with one character, so
the cursor stays on the character it is on.

``ControlPicturesTextArea`` (the dialogs' text areas) lives in ``control_pictures_text_area``:
importing Textual's ``TextArea`` costs 7 ms, which the main screen's first frame need not pay.
"""

from __future__ import annotations

from rich.highlighter import Highlighter
from rich.text import Text

from ptctui.text import printable


class ControlPicturesHighlighter(Highlighter):
    """For ``Input(highlighter=...)``: draws the value with control characters as pictures."""

    def highlight(self, text: Text) -> None:
        text.plain = printable(text.plain)


CONTROL_PICTURES = ControlPicturesHighlighter()
"""The one instance the inputs share."""
