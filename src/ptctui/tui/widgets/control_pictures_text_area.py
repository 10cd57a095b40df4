"""A ``TextArea`` that draws control characters as pictures (see ``control_pictures``).

A module of its own so that importing the highlighter does not import ``TextArea``.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import TextArea

from ptctui.text import printable


class ControlPicturesTextArea(TextArea):
    """A ``TextArea`` that draws control characters as pictures (``get_line`` is the
    documented hook for what a line looks like); its text is what was stored or typed."""

    def get_line(self, line_index: int) -> Text:
        return Text(printable(self.document.get_line(line_index)), end="", no_wrap=True)
