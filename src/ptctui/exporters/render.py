"""One entry point from a report's document to the bytes of a format.

The terminal formats (txt, ansi, svg) are what the terminal shows, drawn by Rich's recorded
console; HTML, Markdown and Word are written straight from the document model, as documents
(headings, lists, real tables) rather than pictures of a terminal, and in one pass each.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ptctui.exporters import console
from ptctui.reports.document import Document

Progress = Callable[[int, int], None]


def render(
    document: Document,
    fmt: str,
    *,
    report: str,
    today: date,
    progress: Progress | None = None,
    width: int = console.WIDTH,
) -> bytes:
    """``document`` in ``fmt`` (one of ``REPORT_FORMATS[report]``), as bytes.

    ``width`` is the terminal width, in columns, of the Rich-drawn formats.
    """
    # Each format's writer is imported when it is asked for: an HTML export need not load
    # python-docx and lxml.
    if fmt == "md":
        from ptctui.exporters import markdown

        return markdown.to_markdown(document).encode()
    if fmt == "docx":
        from ptctui.exporters import docx

        return docx.to_docx(document, today=today, progress=progress)
    if fmt == "html":
        from ptctui.exporters import html

        return html.to_html(document).encode()
    from ptctui.reports.rich import document_renderable

    renderable = document_renderable(document)
    if fmt == "txt":
        return console.to_text(renderable, width=width).encode()
    if fmt == "ansi":
        return console.to_text(renderable, width=width, styles=True).encode()
    if fmt == "svg":
        return console.to_svg(renderable, title=f"ptctui {report}", width=width).encode()
    raise ValueError(f"no renderer for {fmt!r}")  # pragma: no cover - formats are checked first
