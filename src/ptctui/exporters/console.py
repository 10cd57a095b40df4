"""Rich's recorded console: a renderable as plain text, ANSI text or SVG (what the terminal shows).

The width is fixed (not the terminal's), so a file written from a narrow terminal looks the
same as one written from a wide one, and the golden tests are stable.
"""

from __future__ import annotations

import io

from rich.console import Console, RenderableType

WIDTH = 120


def recorded(renderable: RenderableType, *, width: int = WIDTH) -> Console:
    """A console that has printed ``renderable`` into its record (and nowhere else)."""
    console = Console(
        file=io.StringIO(),
        record=True,
        width=width,
        force_terminal=True,
        color_system="truecolor",
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    console.print(renderable)
    return console


def to_text(renderable: RenderableType, *, width: int = WIDTH, styles: bool = False) -> str:
    """Plain text, or text with ANSI colour codes when ``styles``."""
    text = recorded(renderable, width=width).export_text(styles=styles)
    if styles:
        return text
    # Rich pads every line to the full width; trailing blanks only get in the way in a file.
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def to_svg(renderable: RenderableType, *, title: str, width: int = WIDTH) -> str:
    """An SVG picture of the terminal output (Rich escapes the text)."""
    return recorded(renderable, width=width).export_svg(title=title)
